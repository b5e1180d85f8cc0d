"""The HTTP feed server: builds what it serves from the store through the feed service."""

from __future__ import annotations

from .app import build_feed_app, run_feed_server, start_feed_server
from .cache import FeedCache

__all__ = ["FeedCache", "build_feed_app", "run_feed_server", "start_feed_server"]

"""Thin handlers: read the update, make one service call off the event loop, answer with texts/keyboards."""

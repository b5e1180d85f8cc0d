"""Partner calendars read from outside: parsers that turn a source's bytes into UpstreamEvents.

Pure code (no store, no network): the sync engine in services/ fetches, matches and queues.
"""

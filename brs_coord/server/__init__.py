"""The HTTP feed server (aiohttp)."""

"""Defaults that a command needs before it loads the settings machinery (pydantic-settings costs start-up time)."""

FETCH_MAX_BYTES = 10 * 1024 * 1024
"""Largest page fetched or read, in bytes (the default of the `fetch_max_bytes` setting)."""

MAX_ARTICLE_WORDS = 30_000
"""Longest article narrated, in words (the default of the `max_article_words` setting)."""

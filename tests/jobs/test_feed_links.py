"""Links in a feed come from outside: they are fetched over http(s) only, never read as local files."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from hark import pipeline
from hark.errors import FetchError, UnsupportedURLError
from hark.jobs.feedparse import FeedItem
from hark.jobs.feeds import _article_for
from hark.settings import Settings


@pytest.fixture()
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("The launch codes are kept in this file, which no reader should ever hear read aloud. " * 5)
    return path


def test_fetch_article_refuses_a_local_path(secret: Path) -> None:
    settings = Settings(data_dir=secret.parent)
    with pytest.raises(UnsupportedURLError):
        pipeline.fetch_article(str(secret), settings)
    with pytest.raises(UnsupportedURLError):
        pipeline.fetch_article(secret.as_uri(), settings)


@pytest.mark.parametrize("link", ["ABSOLUTE", "FILE_URI"])
def test_a_feed_item_linking_to_a_local_file_is_not_read(secret: Path, link: str) -> None:
    settings = Settings(data_dir=secret.parent, allow_private_urls=True)
    rt = SimpleNamespace(settings=settings)
    target = str(secret) if link == "ABSOLUTE" else secret.as_uri()
    item = FeedItem(guid="1", title="Teaser", link=None, html=None, updated=None)
    # An absolute path resolves against the feed's own (unreachable) host; a file: URI stays refused.
    from urllib.parse import urljoin

    resolved = urljoin("http://127.0.0.1:9/feed.xml", target)
    with pytest.raises((FetchError, UnsupportedURLError)):
        _article_for(rt, item, resolved)  # type: ignore[arg-type]

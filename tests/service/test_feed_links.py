"""URLs from outside (the API, feed links) are fetched over http(s) only, never read as local files."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from hark.errors import FetchError, UnsupportedURLError
from hark.service.feeds import item_article
from hark.service.ingest import Source, ingest
from hark.settings import Settings
from hark.source.feedparse import FeedItem


@pytest.fixture()
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("The launch codes are kept in this file, which no reader should ever hear read aloud. " * 5)
    return path


def test_a_url_source_refuses_a_local_path(secret: Path) -> None:
    settings = Settings(data_dir=secret.parent)
    for url in (str(secret), secret.as_uri()):
        with pytest.raises(UnsupportedURLError):
            ingest(Source(url=url), settings)
    # Only what a person types on the command line may name a file.
    assert "launch codes" in ingest(Source(argument=str(secret)), settings).article.title + " ".join(
        ingest(Source(argument=str(secret)), settings).article.paragraphs)


@pytest.mark.parametrize("link", ["ABSOLUTE", "FILE_URI"])
def test_a_feed_item_linking_to_a_local_file_is_not_read(secret: Path, link: str) -> None:
    settings = Settings(data_dir=secret.parent, allow_private_urls=True)
    rt = SimpleNamespace(settings=settings)
    target = str(secret) if link == "ABSOLUTE" else secret.as_uri()
    item = FeedItem(guid="1", title="Teaser", link=target, html=None, updated=None)
    # An absolute path resolves against the feed's own (unreachable) host; a file: URI stays refused.
    with pytest.raises((FetchError, UnsupportedURLError)):
        item_article(rt, item, "http://127.0.0.1:9/feed.xml")  # type: ignore[arg-type]

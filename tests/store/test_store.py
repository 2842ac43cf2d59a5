"""The store: migrations, content-hash dedupe, one narration per article × voice, hashed keys, listen summary."""

from __future__ import annotations

import concurrent.futures

import pytest
from sqlalchemy import select, text

from hark.errors import AuthError, NotFoundError
from hark.models import Article, Block
from hark.store.articles import article_from_json, article_to_json, ensure_narration, get_article, save_article
from hark.store.db import Database, open_database
from hark.store.events import listen_summary, record_events
from hark.store.keys import check_key, create_key
from hark.store.schema import ApiKeyRow, NarrationRow

ARTICLE = Article(title="Bridge vote", body=(Block("paragraph", "The council voted. Work starts in May."),),
                  standfirst="A new bridge.", byline="A. Reporter", url="https://news.example/bridge")


def test_migrations_run_once_and_again_safely(settings):  # type: ignore[no-untyped-def]
    db = open_database(settings)
    again = Database(settings.resolved_database_url)
    again.migrate()  # a second run applies nothing: one row per migration, not two
    with db.read() as session:
        assert session.execute(text("SELECT count(*) FROM schema_version")).scalar() == 1
    again.dispose()


def test_article_json_round_trip() -> None:
    assert article_from_json(article_to_json(ARTICLE)) == ARTICLE


def test_save_dedupes_and_detects_edits(settings):  # type: ignore[no-untyped-def]
    db = open_database(settings)
    with db.write() as session:
        first = save_article(session, ARTICLE, "url", ARTICLE.url)
        assert first.created
        same = save_article(session, ARTICLE, "url", ARTICLE.url)
        assert same.row.id == first.row.id and not same.created and not same.changed
        edited = Article(title=ARTICLE.title, body=(Block("paragraph", "The council voted. Work starts in June."),),
                         url=ARTICLE.url)
        changed = save_article(session, edited, "url", ARTICLE.url)
        assert changed.row.id == first.row.id and changed.changed and changed.row.version == 2
        # No URL: the same content is found by its hash.
        assert save_article(session, edited, "text", None).row.id == first.row.id
    with db.read() as session:
        with pytest.raises(NotFoundError):
            get_article(session, "missing")


def test_one_narration_per_article_and_voice_under_races(settings):  # type: ignore[no-untyped-def]
    db = open_database(settings)
    with db.write() as session:
        article_id = save_article(session, ARTICLE, "url", ARTICLE.url).row.id

    def make(_: int) -> int:
        with db.write() as session:
            return ensure_narration(session, article_id, "piper:x", "1")[0].id

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        ids = set(pool.map(make, range(24)))
    assert len(ids) == 1
    with db.read() as session:
        assert len(session.scalars(select(NarrationRow)).all()) == 1


def test_keys_are_stored_hashed(settings):  # type: ignore[no-untyped-def]
    key = create_key(settings, "cms")
    db = open_database(settings)
    with db.read() as session:
        (row,) = session.scalars(select(ApiKeyRow)).all()
    assert key not in row.key_hash and row.name == "cms"
    assert check_key(db, f"Bearer {key}") == "cms"
    for header in (None, "", "Bearer ", f"Token {key}", "Bearer wrong"):
        with pytest.raises(AuthError):
            check_key(db, header)


def test_listen_summary(settings):  # type: ignore[no-untyped-def]
    db = open_database(settings)
    with db.write() as session:
        record_events(session, [
            {"article_id": "a1", "session": "s1", "type": "load"},
            {"article_id": "a1", "session": "s1", "type": "play", "voice_id": "v", "rate": 1.5},
            {"article_id": "a1", "session": "s1", "type": "progress", "value": 1.0},
            {"article_id": "a1", "session": "s1", "type": "complete"},
            {"article_id": "a2", "session": "s9", "type": "play"},
        ])
    with db.read() as session:
        summary = listen_summary(session, "a1")
    assert summary["listeners"] == 1 and summary["completion_rate"] == 1.0 and summary["mean_rate"] == 1.5
    assert summary["reached_decile"]["10"] == 1 and summary["events"]["load"] == 1


def test_the_same_article_submitted_at_once_is_stored_once(settings):  # type: ignore[no-untyped-def]
    db = open_database(settings)

    def submit(_: int) -> str:
        with db.write() as session:
            return save_article(session, ARTICLE, "html", ARTICLE.url).row.id

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        ids = set(pool.map(submit, range(16)))
    assert len(ids) == 1
    db.dispose()

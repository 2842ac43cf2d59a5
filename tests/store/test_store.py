"""The store: migrations, content-hash dedupe, one narration per article × voice, hashed keys, listen summary.

The tests go through the repositories only: what the service sees (`models` records), never rows.
"""

from __future__ import annotations

import concurrent.futures

import pytest
from sqlalchemy import text

from hark.errors import AuthError, NotFoundError
from hark.models import Article, Block, ListenEvent
from hark.service.keys import check_key, create_key, list_keys, revoke_keys
from hark.store import open_store
from hark.store.articles import article_from_json, article_to_json
from hark.store.db import Database, open_database
from hark.store.migrate import MIGRATIONS

ARTICLE = Article(title="Bridge vote", body=(Block("paragraph", "The council voted. Work starts in May."),),
                  standfirst="A new bridge.", byline="A. Reporter", url="https://news.example/bridge")


def test_migrations_run_once_and_again_safely(settings):  # type: ignore[no-untyped-def]
    db = open_database(settings)
    again = Database(settings.resolved_database_url)
    again.migrate()  # a second run applies nothing: one row per migration, not two
    with db.read() as session:
        assert session.execute(text("SELECT count(*) FROM schema_version")).scalar() == len(MIGRATIONS)
    again.dispose()


def test_article_json_round_trip() -> None:
    assert article_from_json(article_to_json(ARTICLE)) == ARTICLE


def test_save_dedupes_and_detects_edits(settings):  # type: ignore[no-untyped-def]
    store = open_store(settings)
    with store.write() as tx:
        first = tx.articles.save(ARTICLE, "url", ARTICLE.url)
        assert first.created and first.stored.article == ARTICLE
        same = tx.articles.save(ARTICLE, "url", ARTICLE.url)
        assert same.stored.id == first.stored.id and not same.created and not same.changed
        edited = Article(title=ARTICLE.title, body=(Block("paragraph", "The council voted. Work starts in June."),),
                         url=ARTICLE.url)
        changed = tx.articles.save(edited, "url", ARTICLE.url)
        assert changed.stored.id == first.stored.id and changed.changed and changed.stored.version == 2
        # No URL: the same content is found by its hash.
        assert tx.articles.save(edited, "text", None).stored.id == first.stored.id
    with store.read() as tx:
        assert tx.articles.get(first.stored.id).article == edited
        with pytest.raises(NotFoundError):
            tx.articles.get("missing")


def test_one_narration_per_article_and_voice_under_races(settings):  # type: ignore[no-untyped-def]
    store = open_store(settings)
    with store.write() as tx:
        article_id = tx.articles.save(ARTICLE, "url", ARTICLE.url).stored.id

    def make(_: int) -> int:
        with store.write() as tx:
            return tx.narrations.ensure(article_id, "piper:x", "1")[0].id

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        ids = set(pool.map(make, range(24)))
    assert len(ids) == 1
    with store.read() as tx:
        assert len(tx.narrations.of_article(article_id)) == 1


def test_deleting_an_article_takes_its_narrations(settings):  # type: ignore[no-untyped-def]
    store = open_store(settings)
    with store.write() as tx:
        article_id = tx.articles.save(ARTICLE, "url", ARTICLE.url).stored.id
        tx.narrations.ensure(article_id, "piper:x", "1")
    with store.write() as tx:
        assert tx.articles.delete(article_id)
        assert not tx.articles.delete(article_id)
    with store.read() as tx:
        assert tx.articles.find(article_id) is None
        assert tx.narrations.of_article(article_id) == []


def test_keys_are_stored_hashed_listed_by_prefix_and_revoked(settings):  # type: ignore[no-untyped-def]
    store = open_store(settings)
    key = create_key(store, "cms")
    db = open_database(settings)
    with db.read() as session:
        (hashed, prefix) = session.execute(text("SELECT key_hash, prefix FROM api_keys")).one()
    assert key not in hashed and key.startswith(prefix) and len(prefix) < len(key) // 3
    assert check_key(store, f"Bearer {key}") == "cms"
    for header in (None, "", "Bearer ", f"Token {key}", "Bearer wrong"):
        with pytest.raises(AuthError):
            check_key(store, header)
    other = create_key(store, "app")
    (listed_cms, listed_app) = list_keys(store)
    assert (listed_cms.name, listed_app.name) == ("cms", "app") and listed_app.prefix == other[:len(listed_app.prefix)]
    assert [k.name for k in revoke_keys(store, other[:12])] == ["app"]
    with pytest.raises(AuthError):
        check_key(store, f"Bearer {other}")
    assert check_key(store, f"Bearer {key}") == "cms"  # the other key still works


def test_listen_summary(settings):  # type: ignore[no-untyped-def]
    store = open_store(settings)
    with store.write() as tx:
        tx.events.record([
            ListenEvent("a1", "load", session="s1"),
            ListenEvent("a1", "play", session="s1", voice_id="v", rate=1.5),
            ListenEvent("a1", "progress", session="s1", value=1.0),
            ListenEvent("a1", "complete", session="s1"),
            ListenEvent("a2", "play", session="s9"),
        ])
    with store.read() as tx:
        summary = tx.events.summary("a1")
    assert summary["listeners"] == 1 and summary["completion_rate"] == 1.0 and summary["mean_rate"] == 1.5
    assert summary["reached_decile"]["10"] == 1 and summary["events"]["load"] == 1


def test_the_same_article_submitted_at_once_is_stored_once(settings):  # type: ignore[no-untyped-def]
    store = open_store(settings)

    def submit(_: int) -> str:
        with store.write() as tx:
            return tx.articles.save(ARTICLE, "html", ARTICLE.url).stored.id

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        ids = set(pool.map(submit, range(16)))
    assert len(ids) == 1

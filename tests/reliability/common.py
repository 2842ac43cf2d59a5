"""What the reliability tests share: articles of fresh sentences in the test voice, and the narration's state."""

from __future__ import annotations

import secrets

from hark.models import Article, Block, StoredNarration
from hark.service.ingest import Ingested
from hark.service.publish import submit
from hark.service.runtime import Runtime

TEST_VOICE = "test:tone"


def fresh_paragraphs(sentences: int, tag: str | None = None) -> list[str]:
    """`sentences` sentences nobody said before (nothing cached), five to a paragraph."""
    tag = tag or secrets.token_hex(3)
    said = [f"Sentence {i} of bulletin {tag} tells the harbour story again." for i in range(sentences)]
    return [" ".join(said[i:i + 5]) for i in range(0, len(said), 5)]


def submit_fresh(rt: Runtime, sentences: int) -> str:
    """An article of fresh sentences queued for narration in the test voice; its id."""
    tag = secrets.token_hex(3)
    article = Article(title=f"Bulletin {tag}", body=tuple(Block("paragraph", p) for p in fresh_paragraphs(sentences, tag)))
    return submit(rt, Ingested(article, "text", None), rt.voices.resolve(TEST_VOICE)).article_id


def narration_of(rt: Runtime, article_id: str) -> StoredNarration:
    with rt.store.read() as tx:
        (found,) = tx.narrations.of_article(article_id)
        return found

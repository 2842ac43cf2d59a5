"""Bytes → text for pages in 8-bit charsets: Western text is not read in an exotic code page."""

from __future__ import annotations

import pytest

from hark.source.decode import decode_bytes

WESTERN = [
    "She was naïve about the café, and the council was too.",
    "Un café naïve à la crème brûlée, s'il vous plaît. Déjà vu, a dit le maire.",
    "Die Straße war schön, sagte der Bürgermeister über die neue Brücke am Hafen.",
    "El señor pidió una piña colada en la terraza del café, según el periódico.",
    "Harbour plans approved\n\nThe naïve résumé of the fiancée's plans was read to the council on Monday.",
]


@pytest.mark.parametrize("text", WESTERN)
def test_latin1_without_a_declaration(text: str) -> None:
    assert decode_bytes(text.encode("latin-1"), "story.txt") == text


@pytest.mark.parametrize("text", WESTERN[:2])
def test_latin1_declared_in_the_header_or_the_page(text: str) -> None:
    assert decode_bytes(text.encode("latin-1"), "x", "text/plain; charset=ISO-8859-1") == text
    html = f'<html><head><meta charset="iso-8859-1"></head><body><p>{text}</p></body></html>'
    assert text in decode_bytes(html.encode("latin-1"), "x")


def test_cp1252_punctuation() -> None:
    text = "“Naïve,” she said — the café’s owners agreed… and the mayor said so too."
    assert decode_bytes(text.encode("cp1252"), "story.txt") == text


@pytest.mark.parametrize(
    "text,codec",
    [("Сегодня в городе прошёл сильный дождь, сообщили синоптики вечером.", "cp1251"),
     ("Příliš žluťoučký kůň úpěl ďábelské ódy, řekl starosta města na náměstí.", "cp1250"),
     ("Zażółć gęślą jaźń, powiedział burmistrz miasta podczas sesji rady gminy.", "cp1250"),
     ("Η κυβέρνηση ανακοίνωσε σήμερα νέα μέτρα για την οικονομία της χώρας.", "cp1253")],
)
def test_other_code_pages_still_found(text: str, codec: str) -> None:
    assert decode_bytes(text.encode(codec), "story.txt") == text


def test_utf8_still_wins_over_a_wrong_declaration() -> None:
    text = "Café society returns to the harbour, say the owners."
    assert decode_bytes(text.encode("utf-8"), "x", "text/html; charset=iso-8859-1") == text

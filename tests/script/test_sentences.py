"""Sentence segmentation: abbreviations, initials, quotes and ellipses do not end sentences wrongly."""

from __future__ import annotations

import pytest

from tests.script.helpers import script_of

SPLITS: list[tuple[str, list[str]]] = [
    ("Dr. Smith arrived. He sat.", ["Dr. Smith arrived.", "He sat."]),
    ("Mr. Jones and Mrs. Brown met.", ["Mr. Jones and Mrs. Brown met."]),
    ("The U.S. economy grew. Prices fell.", ["The U.S. economy grew.", "Prices fell."]),
    ("He moved to the U.S. The move was hard.", ["He moved to the U.S.", "The move was hard."]),
    ("John F. Kennedy was shot.", ["John F. Kennedy was shot."]),
    ("They met at St. Paul's. Then left.", ["They met at St. Paul's.", "Then left."]),
    ("No. 10 said so. It was true.", ["No. 10 said so.", "It was true."]),
    ("Fruit, e.g. apples, is good. Eat it.", ["Fruit, e.g. apples, is good.", "Eat it."]),
    ("We met at 9 a.m. and left at noon.", ["We met at 9 a.m. and left at noon."]),
    ("We met at 9 a.m. The rest came later.", ["We met at 9 a.m.", "The rest came later."]),
    ('He said: "We won." Then he left.', ['He said: "We won."', "Then he left."]),
    ("“Why?” he asked. Nobody knew.", ["“Why?” he asked.", "Nobody knew."]),
    ("Wait... what happened? Nobody knows!", ["Wait... what happened?", "Nobody knows!"]),
    ("He paused… Then he spoke.", ["He paused…", "Then he spoke."]),
    ("Apples, pears etc. are fruit.", ["Apples, pears etc. are fruit."]),
    ("Gen. Smith and Sen. Jones spoke.", ["Gen. Smith and Sen. Jones spoke."]),
    ("Prices rose 5.5 per cent. Wages fell.", ["Prices rose 5.5 per cent.", "Wages fell."]),
    ("It cost $5.50. Cheap.", ["It cost $5.50.", "Cheap."]),
    ("In 2021. 5 people died.", ["In 2021.", "5 people died."]),
    ("Roe v. Wade fell.", ["Roe v. Wade fell."]),
    ("See the report (pp. 10-12). It is long.", ["See the report (pp. 10-12).", "It is long."]),
    ("no terminator here", ["no terminator here"]),
    ("Smith & Co. Ltd. is big. Very.", ["Smith & Co. Ltd. is big.", "Very."]),
    ("She said 'no.' and left.", ["She said 'no.' and left."]),
    ("Is it? Yes. No!", ["Is it?", "Yes.", "No!"]),
]


@pytest.mark.parametrize(("text", "expected"), SPLITS, ids=[t for t, _ in SPLITS])
def test_sentence_split(text: str, expected: list[str]) -> None:
    assert [s.text for _, _, s in script_of(text).sentences()] == expected


def test_pauses_and_terminators() -> None:
    sentence = next(s for _, _, s in script_of("Well, the U.S. — and Nato — agreed; is it over?").sentences())
    assert sentence.spoken == "Well, the U S, and Nato, agreed; is it over?"


def test_long_sentence_is_cut_at_a_pause() -> None:
    text = ", ".join(["word word"] * 200) + "."
    sentences = [s for _, _, s in script_of(text).sentences()]
    assert len(sentences) > 1
    assert all(len(s.words) <= 160 for s in sentences)

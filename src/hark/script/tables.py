"""The data tables of `script/data/`, read once from the package and shared read-only."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def table(name: str) -> dict[str, Any]:
    """One data file (`data/NAME.json`) as a dict; package data, so reading it is not I/O of the stage."""
    text = resources.files("hark.script").joinpath("data", f"{name}.json").read_text(encoding="utf-8")
    return json.loads(text)


@cache
def word_set(name: str, key: str) -> frozenset[str]:
    """A list in a data file as a set, for membership tests."""
    return frozenset(table(name)[key])

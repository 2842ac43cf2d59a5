"""The shipped debris model: loads, tells hand-written furniture from prose, and the seed page narrates clean."""

from __future__ import annotations

from pathlib import Path

from hark.article import model
from hark.article.text import clean_unit, extract_text, render

SEED = Path(__file__).parent / "seed" / "opinion-page.txt"  # a copy of ../shared/bench/seed: CI has no shared/

# Written for this test (not in the training corpus): a small scraped-style page.
PAGE = """Skip to content
Menu
Search
Subscribe now
The harbour town that rebuilt its sea wall by hand
Residents of a small fishing town spent three winters repairing the stone wall that protects their homes, after the council said it could not pay for the work.
Work began in the autumn, when the first storms had already pulled down a section near the lifeboat station and the water reached the doors of the houses behind it.
Volunteers carried stone from a quarry two miles away, and a retired mason taught them how to set each block so that the waves would run off it instead of lifting it.
"We did not know whether it would hold," said one of the volunteers, who had lived in the town all her life. "Now we watch the storms from the window and it does."
The council has since promised to pay for the materials if another section fails, though it has not said where the money would come from.
Share on Facebook
Share on X
12
Sign up for our newsletter
Privacy Policy
Terms of Use
"""


def test_model_separates_furniture_from_prose():
    units = [line for line in PAGE.splitlines() if line]
    chance = dict(zip(units, model.article_probability(units)))
    assert chance["Volunteers carried stone from a quarry two miles away, and a retired mason taught them how to set each block so that the waves would run off it instead of lifting it."] > 0.5
    assert chance["Sign up for our newsletter"] < 0.5
    assert chance["Terms of Use"] < 0.5


def test_handwritten_page_keeps_only_the_article():
    out = render(extract_text(PAGE))
    assert out.startswith("The harbour town that rebuilt its sea wall by hand")
    assert "retired mason" in out and "where the money would come from" in out
    for debris in ("Subscribe now", "Share on", "newsletter", "Privacy Policy", "\n12"):
        assert debris not in out


def test_seed_page_narrates_without_listen_bar_kicker_bullet_or_count():
    out = render(extract_text(SEED.read_text(encoding="utf-8")))
    assert out.splitlines()[0] == "China and Russia show united front amid a hail of US-led sanctions"
    assert "Talks between the Chinese and Russian foreign ministers" in out
    for debris in ("Opinion |", "•", "Choose your listening speed", "2x faster", "1.25x", "03:01", "Advertisement"):
        assert debris not in out
    assert not any(line.strip().isdigit() for line in out.splitlines())


def test_clean_unit_strips_kicker_and_bullet_only_at_the_start():
    assert clean_unit("Opinion | A headline") == "A headline"
    assert clean_unit("• A point made") == "A point made"
    assert clean_unit("Profit rose 3% | revenue fell") == "Profit rose 3% | revenue fell"


def test_extract_explain_prints_every_line_with_its_decision(tmp_path):
    from typer.testing import CliRunner  # test-only helper

    from hark.cli import app

    page = tmp_path / "page.txt"
    page.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(page), "--explain"])
    assert result.exit_code == 0, result.output
    rows = result.output.splitlines()
    assert any(r.startswith("+") and "headline" in r and "China and Russia" in r for r in rows)
    assert any(r.startswith("-") and r.endswith("Choose your listening speed") for r in rows)
    assert any(r.startswith("-") and "lone number" in r for r in rows)

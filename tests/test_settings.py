"""Settings: each one declared once with a help line, read from HARK_* variables."""

from pathlib import Path

import pytest

from hark.settings import Settings


def test_every_setting_says_what_it_is_for() -> None:
    for name, field in Settings.model_fields.items():
        assert field.description and len(field.description) > 15, name


def test_environment_overrides_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HARK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("HARK_QUEUE", "celery")
    monkeypatch.setenv("HARK_ALLOW_PRIVATE_URLS", "1")
    settings = Settings()
    assert settings.data_dir == tmp_path and settings.queue == "celery" and settings.allow_private_urls
    assert settings.resolved_database_url == f"sqlite:///{(tmp_path / 'hark.db').resolve()}"


def test_unknown_queue_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HARK_QUEUE", "kafka")
    with pytest.raises(ValueError):
        Settings()

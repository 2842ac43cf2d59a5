"""`hark keys create / list / revoke` as a person runs them: the key shown once, listed by prefix, refused once revoked."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hark.errors import AuthError
from hark.service.keys import check_key, store_of
from hark.settings import Settings


def hark(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HARK_DATA_DIR": str(tmp_path / "data"), "COLUMNS": "120"}
    return subprocess.run([sys.executable, "-m", "hark.cli", "keys", *args], capture_output=True, text=True, env=env,
                          timeout=120)


def test_keys_list_and_revoke(tmp_path: Path) -> None:
    made = hark(tmp_path, "create", "newsroom")
    assert made.returncode == 0, made.stderr
    key = made.stdout.strip().splitlines()[-1]
    other = hark(tmp_path, "create", "app").stdout.strip().splitlines()[-1]

    listed = hark(tmp_path, "list")
    assert listed.returncode == 0, listed.stderr
    assert "newsroom" in listed.stdout and key[:11] in listed.stdout
    assert key not in listed.stdout and key[11:] not in listed.stdout  # never the key itself

    store = store_of(Settings(data_dir=tmp_path / "data", _env_file=None))  # type: ignore[call-arg]
    assert check_key(store, f"Bearer {key}") == "newsroom"
    revoked = hark(tmp_path, "revoke", "newsroom")
    assert revoked.returncode == 0 and "revoked 'newsroom'" in revoked.stdout
    with pytest.raises(AuthError):
        check_key(store, f"Bearer {key}")
    assert check_key(store, f"Bearer {other}") == "app"  # only that key

    by_prefix = hark(tmp_path, "revoke", other[:11])
    assert by_prefix.returncode == 0 and "revoked 'app'" in by_prefix.stdout
    with pytest.raises(AuthError):
        check_key(store, f"Bearer {other}")
    lines = [line for line in hark(tmp_path, "list").stdout.splitlines() if "newsroom" in line or "app" in line]
    assert len(lines) == 2 and all(line.count("UTC") == 2 for line in lines)  # created and revoked

    for which, needle in (("newsroom", "no live key"), ("hark_ab", "at least the first")):
        result = hark(tmp_path, "revoke", which)
        assert result.returncode == 2
        assert result.stderr.strip().count("\n") == 0 and needle in result.stderr

"""`hark narrate` stopped by Ctrl-C (SIGINT) or SIGTERM: a prompt exit, 130 or 143, and no `.part` left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support import wait_until

SENTENCE = ("Residents gathered at the town hall on Monday evening to hear the plans, and most of them said "
            "they were pleased with what they heard from the council. ")


@pytest.mark.parametrize("signum,status,said", [(signal.SIGINT, 130, "aborted"), (signal.SIGTERM, 143, "terminated")])
def test_a_signal_stops_narrate_cleanly(tmp_path: Path, signum: int, status: int, said: str) -> None:
    story = tmp_path / "story.txt"
    # Long enough (60 sentences, about a minute of synthesis) that the signal always lands mid-narration.
    story.write_text("Harbour plans approved\n\n" + "\n\n".join(SENTENCE * 3 for _ in range(20)))
    env = {**os.environ, "HARK_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.Popen([sys.executable, "-m", "hark.cli", "narrate", str(story), "-o", "out.mp3"], cwd=tmp_path,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_until(lambda: any(p.name.endswith(".part") for p in tmp_path.iterdir()) or proc.poll() is not None, 120,
                   what="the narration to start writing")
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
        sent = time.monotonic()
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=60)
        stopped_after = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == status, err.decode()
    assert err.decode().strip().splitlines()[-1] == f"hark: {said}"
    assert stopped_after < 10, f"took {stopped_after:.1f} s to stop"
    left = sorted(p.name for p in tmp_path.iterdir())
    assert [n for n in left if n != "data"] == ["story.txt"], left  # no .part, and no half an out.mp3/.json/.vtt

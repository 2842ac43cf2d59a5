"""A bounded schemathesis run over the whole OpenAPI document: no request may make the service answer 5xx.

Every operation gets a few generated requests, valid ones (POSITIVE) and ones that break the schema
(NEGATIVE), sent with an API key so the keyed routes are exercised past the 401. Synthesis goes to
the instant `test:tone` voice and no workers run, so the run stays well under a minute.
(The run is driven here rather than through schemathesis' pytest plugin, whose lazy fixtures do not
work with this pytest.)
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from tests.conftest import make_settings

EXAMPLES = int(os.environ.get("HARK_FUZZ_EXAMPLES", "5"))
"""Per operation and mode: 32 operations × 2 modes × 5 ≈ 300 requests (HARK_FUZZ_EXAMPLES=100 for a deep run)."""


@pytest.fixture(scope="module")
def keyed_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str]]:
    from hark.service.keys import create_key, store_of
    from hark.store.db import close_database
    from hark.web.app import create_app

    made = make_settings(Path(tmp_path_factory.mktemp("fuzz")), None, None, workers=0, test_voice=True,
                         default_voice="test:tone", allow_private_urls=False)
    key = create_key(store_of(made), "fuzz")
    yield create_app(made, demo=False), key
    close_database(made)


def test_no_request_is_a_server_error(keyed_app: tuple[Any, str]) -> None:
    app, key = keyed_app
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    started = time.monotonic()
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck))
            def run(case: Any) -> None:
                try:
                    response = case.call(headers={"Authorization": f"Bearer {key}"})
                except Exception as exc:  # the in-process client re-raises what the app did not handle
                    failures.append(f"{case.method} {case.formatted_path}: {type(exc).__name__}: {exc}"[:300])
                    return
                if response.status_code >= 500:
                    failures.append(f"{case.method} {case.formatted_path} → {response.status_code}: "
                                    f"{response.text[:200]}")

            try:
                run()
            except Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE  # nothing to break in an operation without inputs
    assert not failures, "\n".join(dict.fromkeys(failures))

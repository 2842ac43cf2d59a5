"""A bounded schemathesis run over the whole OpenAPI document: no request may make the service answer 5xx.

Every operation gets a few generated requests, valid ones (POSITIVE) and ones that break the schema
(NEGATIVE), sent with an API key so the keyed routes are exercised past the 401. Synthesis goes to
the instant `test:tone` voice, and one worker narrates a seed article that half the cases name,
so the run stays under a minute.
(The run is driven here rather than through schemathesis' pytest plugin, whose lazy fixtures do not
work with this pytest.)
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from starlette.testclient import TestClient

from tests.conftest import make_settings
from tests.support import wait_until

ARTICLE = ("Harbour plans approved\n\nThe council approved the harbour plans on Monday evening after a long debate, "
           "and residents who had campaigned for the new quay said they were delighted with the result and the jobs.")

EXAMPLES = int(os.environ.get("HARK_FUZZ_EXAMPLES", "5"))
"""Per operation and mode: 32 operations × 2 modes × 5 ≈ 300 requests (HARK_FUZZ_EXAMPLES=100 for a deep run)."""


@pytest.fixture(scope="module")
def keyed_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str, str]]:
    from hark.service.keys import create_key, store_of
    from hark.store.db import close_database
    from hark.web.app import create_app

    made = make_settings(Path(tmp_path_factory.mktemp("fuzz")), None, None, workers=1, test_voice=True,
                         default_voice="test:tone", allow_private_urls=False)
    key = create_key(store_of(made), "fuzz")
    app = create_app(made, demo=False)
    with TestClient(app) as client:  # runs the lifespan: one worker narrates (test:tone is instant)
        auth = {"Authorization": f"Bearer {key}"}
        article = client.post("/v1/articles", headers=auth, json={"text": ARTICLE}).json()["id"]
        wait_until(lambda: client.get(f"/v1/articles/{article}").json()["status"] == "ready", 60,
                   what="the seed article's narration")
        yield app, key, article
    close_database(made)


@pytest.mark.filterwarnings("ignore:Duplicate Operation ID")  # GET and HEAD of /audio share one function
def test_no_request_is_a_server_error(keyed_app: tuple[Any, str, str]) -> None:
    app, key, article = keyed_app
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    reached: set[int] = set()
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck))
            def run(case: Any) -> None:
                if "article_id" in (case.path_parameters or {}) and len(repr(case)) % 2:
                    case.path_parameters["article_id"] = article  # half the cases reach a narrated article
                try:
                    response = case.call(headers={"Authorization": f"Bearer {key}"})
                except Exception as exc:  # the in-process client re-raises what the app did not handle
                    failures.append(f"{case.method} {case.formatted_path}: {type(exc).__name__}: {exc}"[:300])
                    return
                if case.path_parameters and case.path_parameters.get("article_id") == article:
                    reached.add(response.status_code)
                if response.status_code >= 500:
                    failures.append(f"{case.method} {case.formatted_path} → {response.status_code}: "
                                    f"{response.text[:200]}")

            try:
                run()
            except Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE  # nothing to break in an operation without inputs
    assert not failures, "\n".join(dict.fromkeys(failures))
    assert 200 in reached, reached  # the cases naming the seed article got past the 404

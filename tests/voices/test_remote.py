"""The remote engine against a real OpenAI-style speech server on loopback that answers with real Piper audio."""

from __future__ import annotations

import asyncio
import io
import threading
import wave
from typing import Iterator

import numpy as np
import pytest
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse

from hark.errors import RemoteEngineError, VoiceError
from hark.models import SynthesisOptions, Voice
from hark.voices.remote import SAMPLE_RATE, RemoteEngine

from tests.support import free_port, wait_until

from .conftest import assert_clip_ok, sentence_of

KEY = "sekrit"
TEXT = "The council approved the plan on Tuesday, after a long debate."


def _app(piper_engine):  # type: ignore[no-untyped-def]
    app = FastAPI()
    app.state.calls = {"flaky": 0, "speech": 0, "slow": 0, "drip": 0}
    voice = piper_engine.voices()[0]

    def wav_of(text: str, speed: float) -> bytes:
        clip = piper_engine.synthesize(sentence_of(text), voice, SynthesisOptions(rate=speed))
        buf = io.BytesIO()
        with wave.open(buf, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(clip.sample_rate)
            w.writeframes((np.clip(clip.samples, -1, 1) * 32767).astype("<i2").tobytes())
        return buf.getvalue()

    @app.post("/v1/audio/speech")
    async def speech(request: Request) -> Response:
        app.state.calls["speech"] += 1
        if request.headers.get("authorization") != f"Bearer {KEY}":
            return JSONResponse({"error": {"message": "bad key"}}, status_code=401)
        body = await request.json()
        assert body["response_format"] == "wav" and body["model"] == "tts-test" and body["voice"] == "nova"
        data = await asyncio.to_thread(wav_of, body["input"], float(body["speed"]))
        return Response(data, media_type="audio/wav")

    @app.post("/slow/v1/audio/speech")
    async def slow() -> Response:
        app.state.calls["slow"] += 1
        await asyncio.Event().wait()  # never answers; the client's deadline must end it
        return Response(b"late", media_type="audio/wav")

    @app.post("/garbage/v1/audio/speech")
    async def garbage() -> Response:
        return Response(b"<html><body>502 Bad Gateway from a proxy</body></html>" * 20, media_type="audio/wav")

    @app.post("/drip/v1/audio/speech")
    async def drip() -> StreamingResponse:
        async def chunks():  # type: ignore[no-untyped-def]
            for _ in range(40):
                app.state.calls["drip"] += 1
                yield b"RIFF"
                await asyncio.sleep(0.1)  # a byte now and then: each read is quick, the whole is slow
        return StreamingResponse(chunks(), media_type="audio/wav")

    @app.post("/flaky/v1/audio/speech")
    async def flaky(request: Request) -> Response:
        app.state.calls["flaky"] += 1
        if app.state.calls["flaky"] < 3:
            return Response(b"busy", status_code=503)
        body = await request.json()
        return Response(await asyncio.to_thread(wav_of, body["input"], 1.0), media_type="audio/wav")

    return app


@pytest.fixture(scope="module")
def server(piper_engine) -> Iterator[tuple[str, object]]:  # type: ignore[no-untyped-def]
    import uvicorn

    app = _app(piper_engine)
    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                        timeout_graceful_shutdown=1))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    wait_until(lambda: srv.started, 20, what="the test speech server")
    yield f"http://127.0.0.1:{port}", app
    srv.should_exit = True
    thread.join(timeout=5)


def _engine(base: str, **kwargs) -> RemoteEngine:  # type: ignore[no-untyped-def]
    return RemoteEngine(base, ["nova", "onyx@en-GB"], key=KEY, model="tts-test", **kwargs)


def _voice(engine: RemoteEngine, name: str = "nova") -> Voice:
    return next(v for v in engine.voices() if v.id == f"remote:{name}")


def test_voices_come_from_the_settings_list(server) -> None:  # type: ignore[no-untyped-def]
    voices = _engine(server[0]).voices()
    assert [(v.id, v.language, v.sample_rate) for v in voices] == [
        ("remote:nova", "en", SAMPLE_RATE), ("remote:onyx", "en-GB", SAMPLE_RATE)]


def test_a_sentence_comes_back_as_audio_with_estimated_word_spans(server) -> None:  # type: ignore[no-untyped-def]
    engine = _engine(server[0])
    sentence = sentence_of(TEXT)
    clip = engine.synthesize(sentence, _voice(engine), SynthesisOptions())
    assert_clip_ok(clip, sentence, SAMPLE_RATE)
    assert clip.estimated


def test_speed_is_sent_so_rate_two_takes_about_half_the_time(server) -> None:  # type: ignore[no-untyped-def]
    engine = _engine(server[0])
    sentence = sentence_of(TEXT)
    normal = engine.synthesize(sentence, _voice(engine), SynthesisOptions(rate=1.0)).duration_s
    fast = engine.synthesize(sentence, _voice(engine), SynthesisOptions(rate=2.0)).duration_s
    assert fast / normal == pytest.approx(0.5, rel=0.15)


def test_a_base_url_ending_in_v1_works_too(server) -> None:  # type: ignore[no-untyped-def]
    engine = _engine(server[0] + "/v1/")
    assert engine.endpoint == server[0] + "/v1/audio/speech"


def test_a_wrong_key_is_refused_at_once_with_the_server_message(server) -> None:  # type: ignore[no-untyped-def]
    base, app = server
    engine = RemoteEngine(base, ["nova"], key="wrong", model="tts-test", backoff=0.01)
    before = app.state.calls["speech"]
    with pytest.raises(RemoteEngineError, match="HTTP 401.*bad key"):
        engine.synthesize(sentence_of(TEXT), _voice(engine), SynthesisOptions())
    assert app.state.calls["speech"] == before + 1  # not retried: a wrong key does not get better


def test_a_server_that_times_out_is_tried_three_times_then_a_clear_error(server) -> None:  # type: ignore[no-untyped-def]
    base, app = server
    engine = _engine(base + "/slow", timeout=0.3, backoff=0.05)
    with pytest.raises(RemoteEngineError, match="failed 3 times: no answer within 0.3 s"):
        engine.synthesize(sentence_of(TEXT), _voice(engine), SynthesisOptions())
    wait_until(lambda: app.state.calls["slow"] == 3, 5, what="three attempts to reach the server")


def test_a_server_dripping_bytes_still_ends_at_the_deadline(server) -> None:  # type: ignore[no-untyped-def]
    base, app = server
    engine = _engine(base + "/drip", timeout=0.5, tries=1)
    with pytest.raises(RemoteEngineError, match="no answer within"):
        engine.synthesize(sentence_of(TEXT), _voice(engine), SynthesisOptions())
    assert app.state.calls["drip"] < 40  # the client hung up at its deadline, before the server was done


def test_garbage_instead_of_audio_is_a_remote_engine_error(server) -> None:  # type: ignore[no-untyped-def]
    engine = _engine(server[0] + "/garbage")
    with pytest.raises(RemoteEngineError, match="not audio"):
        engine.synthesize(sentence_of(TEXT), _voice(engine), SynthesisOptions())


def test_busy_answers_are_retried_with_backoff(server) -> None:  # type: ignore[no-untyped-def]
    base, app = server
    engine = _engine(base + "/flaky", backoff=0.05)
    sentence = sentence_of(TEXT)
    clip = engine.synthesize(sentence, _voice(engine), SynthesisOptions())
    assert_clip_ok(clip, sentence, SAMPLE_RATE)
    assert app.state.calls["flaky"] == 3  # type: ignore[attr-defined]


def test_nobody_listening_is_a_remote_engine_error() -> None:
    engine = _engine(f"http://127.0.0.1:{free_port()}", timeout=1, backoff=0.01)
    with pytest.raises(RemoteEngineError, match="connection failed"):
        engine.synthesize(sentence_of(TEXT), _voice(engine), SynthesisOptions())


def test_an_unconfigured_remote_voice_is_a_voice_error(server) -> None:  # type: ignore[no-untyped-def]
    engine = _engine(server[0])
    ghost = Voice(id="remote:shimmer", name="x", language="en", engine="remote")
    with pytest.raises(VoiceError):
        engine.synthesize(sentence_of(TEXT), ghost, SynthesisOptions())



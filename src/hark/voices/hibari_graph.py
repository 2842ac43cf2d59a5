"""hibari's ONNX graph with its per-phoneme durations exposed as outputs.

The graph computes an integer duration per phoneme id (in 25 ms frames) to expand the encoder's
states, but declares only the spectrum outputs the decoder host needs. Two internal tensors are
added as outputs: the durations before rounding (the rate arithmetic needs them) and after. Their
names belong to hibari-tts 0.2.1 (pinned); `expose_durations` fails loudly when an upgrade
renames them, rather than narrating without word timings.

The patch works on the serialized model, not through the `onnx` package: importing onnx costs
~3 s of CPU (its ml_dtypes extension) and ~60 MB, more than the whole synthesis of a short article
with this model. A graph output is one more length-delimited field appended to the graph message,
so the patch walks the model's top-level fields, appends two `ValueInfoProto`s to the graph and
rewrites the graph's length; nothing else is decoded.
"""

from __future__ import annotations

from typing import Iterator

from hark.errors import VoiceError

RAW_TENSOR = "/Div_40_output_0"
"""Durations in frames before rounding: the duration head's output divided by speed."""
FRAME_TENSOR = "/Cast_32_output_0"
"""The same rounded, at least one frame each, as int64: what the decoder expands by."""
FRAME_SAMPLES = 600
"""One duration frame: 25 ms at 24 kHz (two of the decoder's 300-sample hops)."""
AUDIO_OUTPUTS = 6
RAW_DURATIONS = AUDIO_OUTPUTS
DURATIONS = AUDIO_OUTPUTS + 1
"""Indexes of the two added outputs in a session's results."""

# Field numbers of onnx.proto (stable since ONNX 1.0).
MODEL_GRAPH = 7
GRAPH_NODE = 1
GRAPH_OUTPUT = 12
NODE_OUTPUT = 2
FLOAT, INT64 = 1, 7
LENGTH_DELIMITED = 2


def expose_durations(model: bytes) -> bytes:
    """The serialized model with the raw and rounded durations as its 7th and 8th outputs."""
    fields = list(_fields(model))
    graph = [f for f in fields if f[0] == MODEL_GRAPH and f[1] == LENGTH_DELIMITED]
    if len(graph) != 1:
        raise VoiceError("this file is not a hibari ONNX model (no single graph)")
    _, _, key_at, start, end = graph[0]
    body = model[start:end]
    outputs = 0
    names: set[bytes] = set()
    for number, wire, _, s, e in _fields(body):
        if wire != LENGTH_DELIMITED:
            continue
        if number == GRAPH_OUTPUT:
            outputs += 1
        elif number == GRAPH_NODE:
            node = body[s:e]
            names.update(node[ns:ne] for n, w, _, ns, ne in _fields(node) if n == NODE_OUTPUT and w == LENGTH_DELIMITED)
    wanted = (RAW_TENSOR, FRAME_TENSOR)
    missing = [t for t in wanted if t.encode() not in names]
    produced = len(wanted) - len(missing)
    if outputs != AUDIO_OUTPUTS or produced != len(wanted):
        raise VoiceError(f"this hibari model's graph is not the one Hark knows ({outputs} outputs, missing "
                         f"{missing}): word timings need hibari-tts 0.2.1")
    added = _field(GRAPH_OUTPUT, _value_info(RAW_TENSOR, FLOAT)) + _field(GRAPH_OUTPUT, _value_info(FRAME_TENSOR, INT64))
    return model[:key_at] + _field(MODEL_GRAPH, body + added) + model[end:]


def _value_info(name: str, elem_type: int) -> bytes:
    """ValueInfoProto{name, type: TypeProto{tensor_type: {elem_type}}}, shape left open."""
    tensor = _key(1, 0) + _varint(elem_type)
    return _field(1, name.encode()) + _field(2, _field(1, tensor))


def _fields(buf: bytes) -> Iterator[tuple[int, int, int, int, int]]:
    """(field number, wire type, offset of its key, value start, value end) of each top-level field."""
    at = 0
    while at < len(buf):
        key_at = at
        key, at = _read_varint(buf, at)
        number, wire = key >> 3, key & 7
        if wire == 0:
            _, end = _read_varint(buf, at)
            start = at
        elif wire == LENGTH_DELIMITED:
            size, start = _read_varint(buf, at)
            end = start + size
        elif wire == 1:
            start, end = at, at + 8
        elif wire == 5:
            start, end = at, at + 4
        else:
            raise VoiceError(f"unexpected protobuf wire type {wire} in the model file")
        if end > len(buf):
            raise VoiceError("the model file is truncated")
        yield number, wire, key_at, start, end
        at = end


def _read_varint(buf: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if at >= len(buf):
            raise VoiceError("the model file is truncated")
        byte = buf[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, at
        shift += 7


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _key(number: int, wire: int) -> bytes:
    return _varint(number << 3 | wire)


def _field(number: int, payload: bytes) -> bytes:
    return _key(number, LENGTH_DELIMITED) + _varint(len(payload)) + payload

"""hibari's ONNX graph with its per-phoneme durations exposed as outputs.

The graph computes an integer duration per phoneme id (in 25 ms frames) to expand the encoder's
states, but declares only the spectrum outputs the decoder host needs. Two internal tensors are
added as outputs: the durations before rounding (the rate arithmetic needs them) and after. Their
names belong to hibari-tts 0.2.1 (pinned); `expose_durations` fails loudly when an upgrade
renames them, rather than narrating without word timings.
"""

from __future__ import annotations

from typing import Any

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


def expose_durations(model: Any, onnx: Any) -> None:
    """Add the raw and rounded durations as the graph's 7th and 8th outputs (for `sessions.patched_model_bytes`)."""
    produced = {out for node in model.graph.node for out in node.output}
    missing = [t for t in (RAW_TENSOR, FRAME_TENSOR) if t not in produced]
    if len(model.graph.output) != AUDIO_OUTPUTS or missing:
        raise VoiceError(f"this hibari model's graph is not the one Hark knows (outputs "
                         f"{[o.name for o in model.graph.output]}, missing {missing}): word timings need "
                         f"hibari-tts 0.2.1")
    model.graph.output.append(onnx.helper.make_tensor_value_info(RAW_TENSOR, onnx.TensorProto.FLOAT, None))
    model.graph.output.append(onnx.helper.make_tensor_value_info(FRAME_TENSOR, onnx.TensorProto.INT64, None))

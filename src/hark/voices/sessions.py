"""ONNX Runtime sessions for one Piper model: patched for alignments once, one single-threaded session per core.

Measured on 2 cores: two single-threaded sessions running side by side beat one two-threaded
session (intra-op threads wait on each other at every layer), so each synthesis borrows a whole
session for itself. The model is read, patched and serialized once; every session is built from
those bytes, never from a second read of the file.
"""

from __future__ import annotations

import os
import queue
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator


def core_count() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def patched_model_bytes(model_path: Path | str, patch: Callable[[Any, Any], None]) -> bytes:
    """The model after `patch(model, onnx)` has changed its graph in place, serialized once for every session."""
    # onnx is only needed while a model loads (engines patch their graphs to expose durations).
    import onnx

    model = onnx.load(str(model_path))
    patch(model, onnx)
    return model.SerializeToString()


class SessionPool:
    """Up to `size` sessions of the same model; a caller holds one exclusively while it runs.

    Sessions are built on demand, so one sentence (a preview, a calibration) builds one, and the
    second worker of a narration builds the second while the first is already speaking.
    """

    def __init__(self, model_bytes: bytes, size: int | None = None, arena: bool = True) -> None:
        self._bytes = model_bytes
        self._arena = arena
        self.size = max(1, size or core_count())
        self._free: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._built = 0
        self._lock = threading.Lock()
        self._free.put(self._build())

    def _build(self) -> Any:
        # ONNX Runtime (~50 MB resident) only once a voice really speaks, not when voices are listed.
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        # Every sentence is a new input length; ONNX Runtime's memory patterns are kept per shape and never freed,
        # so with them a worker's memory grew with the article (bench/memory.py: 752 MB at 200 words, 1057 MB at
        # 3,000). Without them memory is that of the longest sentence.
        opts.enable_mem_pattern = False
        # Sentences differ in length, so the arena would keep the largest tensors of any sentence for good.
        opts.enable_cpu_mem_arena = self._arena
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # A lone thread has nobody to spin for; spinning only steals the other session's core.
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        session = ort.InferenceSession(self._bytes, sess_options=opts, providers=["CPUExecutionProvider"])
        self._built += 1
        if self._built >= self.size:
            self._bytes = b""  # every session is built: the serialized model (tens of MB) is no longer needed
        return session

    @property
    def built(self) -> int:
        """Sessions built so far (never more than `size`)."""
        return self._built

    def fill(self) -> None:
        """Build every session now (a server warming up), not when a second sentence first needs one."""
        with self._lock:
            while self._built < self.size:
                self._free.put(self._build())

    @contextmanager
    def session(self) -> Iterator[Any]:
        try:
            sess = self._free.get_nowait()
        except queue.Empty:
            with self._lock:
                grow = self._built < self.size
                if grow:
                    sess = self._build()
            if not grow:
                sess = self._free.get()
        try:
            yield sess
        finally:
            self._free.put(sess)

"""Where audio lives: the `BlobStore` protocol and the folder-backed store under the data folder."""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO, Protocol

from hark.settings import Settings


class BlobStore(Protocol):
    """Named byte blobs; a blob being written can be read while it grows (streaming)."""

    def create(self, key: str) -> BinaryIO:
        """A new writable, seekable file for `key` (visible to readers while written)."""
        ...

    def open(self, key: str) -> BinaryIO:
        ...

    def local_path(self, key: str) -> Path | None:
        """A path on this machine to serve from, when the store has one (zero-copy sends)."""
        ...

    def rename(self, key: str, new_key: str) -> None:
        ...

    def exists(self, key: str) -> bool:
        ...

    def size(self, key: str) -> int:
        ...

    def delete(self, key: str) -> None:
        ...


class FileBlobStore:
    """Blobs as files under one folder (shared between machines over NFS when workers scale out)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        if not key or ".." in key or key.startswith("/"):
            raise ValueError(f"bad blob key {key!r}")
        return self.root / key

    def create(self, key: str) -> BinaryIO:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        return open(path, "w+b")

    def open(self, key: str) -> BinaryIO:
        return open(self._path(key), "rb")

    def local_path(self, key: str) -> Path | None:
        return self._path(key)

    def rename(self, key: str, new_key: str) -> None:
        target = self._path(new_key)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self._path(key), target)

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def size(self, key: str) -> int:
        return self._path(key).stat().st_size

    def delete(self, key: str) -> None:
        path = self._path(key)
        path.unlink(missing_ok=True)
        if path.parent != self.root:
            try:  # an article's folder goes with its last file, so a deleted article leaves nothing
                path.parent.rmdir()
            except OSError:
                pass  # not empty: other voices or versions still live there


def open_blobs(settings: Settings) -> BlobStore:
    return FileBlobStore(settings.data_dir / "audio")

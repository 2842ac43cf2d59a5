"""Database (SQLAlchemy; SQLite by default, PostgreSQL by URL; migrations), repositories and the blob store."""

from hark.store.blobs import BlobStore, FileBlobStore, open_blobs
from hark.store.unit import Clock, Store, Tx, open_store

__all__ = ["BlobStore", "Clock", "FileBlobStore", "Store", "Tx", "open_blobs", "open_store"]

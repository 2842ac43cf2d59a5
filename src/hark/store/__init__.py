"""Database (SQLAlchemy; SQLite by default, PostgreSQL by URL; migrations) and the blob store for audio."""

from hark.store.blobs import BlobStore, FileBlobStore
from hark.store.db import Database, open_database

__all__ = ["BlobStore", "FileBlobStore", "Database", "open_database"]

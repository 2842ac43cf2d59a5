"""The `JobQueue` protocol: the durable in-database queue (default) and Celery (scale-out)."""

"""Moving job ids to workers: the `JobQueue` protocol, the in-process queue (default) and Celery (scale-out).

The jobs table (in `hark.store`) is the truth; a queue only says "job N can run now" to a worker that
runs it through a `Runner` the service hands in, so nothing here knows what a job does.
"""

"""`hark serve`: the app under uvicorn."""

from __future__ import annotations

import uvicorn

from hark.settings import Settings
from hark.service.boot import before_threads
from hark.web.app import create_app


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000) -> None:
    before_threads()  # before uvicorn, the job workers and the synthesis threads start
    app = create_app(settings, demo=True, workers=True)
    shown = f"[{host}]" if ":" in host else host
    print(f"Hark: open http://{shown}:{port}/ to hear the demo article; API docs at /docs; "
          f"data in {settings.data_dir.resolve()}", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False)

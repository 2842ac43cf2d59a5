#!/usr/bin/env bash
# The whole suite. Tests start their own PostgreSQL and Redis servers on loopback (tests/conftest.py).
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python -m pytest "$@"

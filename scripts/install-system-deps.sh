#!/usr/bin/env bash
# Debian packages the test suite needs: Chromium for the player, Redis and PostgreSQL servers
# for the scale-out paths. Installs only what is missing, so a second run costs nothing.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v npm >/dev/null 2>&1 || need+=(npm)       # axe-core for the browser tests
command -v nginx >/dev/null 2>&1 || need+=(nginx)   # bench/service.py reference
command -v wrk >/dev/null 2>&1 || need+=(wrk)       # bench/service.py load generator
if ((${#need[@]})); then
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${need[@]}"
fi
# axe-core (package.json) for the player's accessibility tests, from the npm registry.
cd "$(dirname "$0")/.."
[[ -f node_modules/axe-core/axe.min.js ]] || npm ci --no-audit --no-fund --silent

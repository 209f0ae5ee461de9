#!/usr/bin/env bash
# Starts the debug build on the given port with a fresh database (in the given
# folder) and the demo data.
set -euo pipefail
port="$1"
data="$2"
root="$(cd "$(dirname "$0")/.." && pwd)"
exec "$root/target/debug/nulage" \
  --database-url "sqlite:$data/nulage.db" \
  --bind "127.0.0.1:$port" \
  --site-root "$root/target/site" \
  --log-level warn \
  serve --demo

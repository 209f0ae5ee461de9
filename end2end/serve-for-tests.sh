#!/usr/bin/env bash
# Starts the debug build on the given port with a fresh database and the demo data.
set -euo pipefail
port="$1"
root="$(cd "$(dirname "$0")/.." && pwd)"
data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT
exec "$root/target/debug/nulage" \
  --database-url "sqlite:$data/nulage.db" \
  --bind "127.0.0.1:$port" \
  --site-root "$root/target/site" \
  --log-level warn \
  serve --demo

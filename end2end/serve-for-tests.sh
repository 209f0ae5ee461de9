#!/usr/bin/env bash
# Starts the debug build on the given port with the given (fresh) database and
# the demo data; the link key in the run's data folder (also with PostgreSQL,
# whose default would be data/link.key in this folder).
set -euo pipefail
port="$1"
database_url="$2"
root="$(cd "$(dirname "$0")/.." && pwd)"
exec "$root/target/debug/nulage" \
  --database-url "$database_url" \
  --bind "127.0.0.1:$port" \
  --site-root "$root/target/site" \
  --log-level warn \
  --link-key-file "${E2E_DATA:-$root/target/e2e}/link.key" \
  serve --demo

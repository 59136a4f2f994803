#!/usr/bin/env bash
# The demo: a shop with a PostgreSQL database, an OpenAPI contract in three
# versions (tags v1.0.0 and v1.1.0, and a pull request), an event JSON Schema,
# and Flutter and web apps in the field pinned to the releases they were
# built against. build.sh lays it out as a git repository in a scratch
# directory; this script runs what CI would run there:
#
#   schemacheck check    lint of the added migrations, the database diff
#                        against the merge-base (an edited merged migration, a
#                        rename, a lossy down script), the contract diffs, the
#                        database <-> API cross-layer checks;
#   schemacheck matrix   which app versions break against which server;
#   schemacheck preflight
#                        the pull request's migrations against a staging copy
#                        of the database (staging.sql), when PostgreSQL is
#                        reachable (SCHEMACHECK_DEMO_DATABASE_URL, default the
#                        local server): a throwaway database is created and
#                        dropped; otherwise the step is skipped with a message.
#
# Extra arguments go to both commands, e.g.
#   bash testdata/demo/run.sh --format markdown
set -euo pipefail
demo=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$demo/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$repo" && go build -o "$tmp/schemacheck" ./cmd/schemacheck)
bash "$demo/build.sh" "$tmp/shop"
cd "$tmp/shop"

explain() {
  case $1 in
    0) echo "schemacheck: exit 0, nothing at or above --fail-on" ;;
    1) echo "schemacheck: exit 1, findings at or above --fail-on (expected in this demo)" ;;
    *) echo "schemacheck: exit $1 (usage, config or input error)" >&2; exit "$1" ;;
  esac
}

echo "== schemacheck check (the pull request against the merge-base with main)"
status=0
"$tmp/schemacheck" check "$@" || status=$?
explain $status

echo
echo "== schemacheck matrix (app versions x server versions)"
status=0
"$tmp/schemacheck" matrix "$@" || status=$?
explain $status

echo
echo "== schemacheck preflight (the pull request's migrations against a staging copy of the database)"
pg=${SCHEMACHECK_DEMO_DATABASE_URL:-${SCHEMACHECK_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}}
shown=$(echo "$pg" | sed -E 's#(//[^:/@]+):[^@]*@#\1:xxxxx@#')
if ! command -v psql >/dev/null || ! psql -q "$pg" -c 'SELECT 1' >/dev/null 2>&1; then
  echo "skipped: no PostgreSQL reachable at $shown with psql (set SCHEMACHECK_DEMO_DATABASE_URL to a server where you may create a database)"
  exit 0
fi
db=schemacheck_demo_$$
staging=$(echo "$pg" | sed -E "s#/[^/?]*(\?|$)#/$db\1#")
trap 'psql -q "$pg" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1; rm -rf "$tmp"' EXIT
psql -q "$pg" -c "CREATE DATABASE $db" >/dev/null
for f in "$demo"/releases/*/db/migrations/*.up.sql "$demo/staging.sql"; do
  psql -q -v ON_ERROR_STOP=1 "$staging" -f "$f" >/dev/null
done
status=0
"$tmp/schemacheck" preflight --db "$staging" "$@" || status=$?
explain $status

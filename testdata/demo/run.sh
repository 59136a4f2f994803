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
# --keep DIR builds the repository in DIR (which must not exist yet) and
# leaves it there, with the binary in DIR/.schemacheck/, for exploring.
# Other arguments go to every command, e.g.
#   bash testdata/demo/run.sh --format markdown
#   bash testdata/demo/run.sh --keep /tmp/shop
set -euo pipefail
demo=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$demo/../.." && pwd)

keep=""
if [ "${1:-}" = "--keep" ]; then
  keep=${2:?usage: run.sh --keep DIR [ARGS...]}
  shift 2
  if [ -e "$keep" ]; then
    echo "run.sh: $keep already exists; --keep builds the demo in a new directory" >&2
    exit 2
  fi
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
shop="$tmp/shop"
bin="$tmp/schemacheck"
if [ -n "$keep" ]; then
  shop=$keep
  bin="$keep/.schemacheck/schemacheck" # in the demo's .git/info/exclude, so the tree stays clean
fi

bash "$demo/build.sh" "$shop"
mkdir -p "$(dirname "$bin")"
echo ".schemacheck/" >> "$shop/.git/info/exclude"
(cd "$repo" && go build -o "$bin" ./cmd/schemacheck)
cd "$shop"

explain() {
  case $1 in
    0) echo "schemacheck: exit 0, nothing at or above --fail-on" ;;
    1) echo "schemacheck: exit 1, findings at or above --fail-on (expected in this demo)" ;;
    *) echo "schemacheck: exit $1 (usage, config or input error)" >&2; exit "$1" ;;
  esac
}

echo "== schemacheck check (the pull request against the merge-base with main)"
status=0
"$bin" check "$@" || status=$?
explain $status

echo
echo "== schemacheck matrix (app versions x server versions)"
status=0
"$bin" matrix "$@" || status=$?
explain $status

echo
echo "== schemacheck preflight (the pull request's migrations against a staging copy of the database)"
pg=${SCHEMACHECK_DEMO_DATABASE_URL:-${SCHEMACHECK_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}}
shown=$(echo "$pg" | sed -E 's#(//[^:/@]+):[^@]*@#\1:xxxxx@#')
if command -v psql >/dev/null && psql -q "$pg" -c 'SELECT 1' >/dev/null 2>&1; then
  db=schemacheck_demo_$$
  staging=$(echo "$pg" | sed -E "s#/[^/?]*(\?|$)#/$db\1#")
  trap 'psql -q "$pg" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1; rm -rf "$tmp"' EXIT
  psql -q "$pg" -c "CREATE DATABASE $db" >/dev/null
  for f in "$demo"/releases/*/db/migrations/*.up.sql "$demo/staging.sql"; do
    psql -q -v ON_ERROR_STOP=1 "$staging" -f "$f" >/dev/null
  done
  status=0
  "$bin" preflight --db "$staging" "$@" || status=$?
  explain $status
else
  echo "skipped: no PostgreSQL reachable at $shown with psql (set SCHEMACHECK_DEMO_DATABASE_URL to a server where you may create a database)"
fi

if [ -n "$keep" ]; then
  echo
  echo "The demo repository is kept in $keep (branch feature, the pull request; tags v1.0.0 and v1.1.0):"
  echo "  cd $keep && git log --oneline --all"
  echo "  .schemacheck/schemacheck check        # or: schemacheck check, after go install ./cmd/schemacheck"
  echo "  .schemacheck/schemacheck matrix --format html -o matrix.html"
fi

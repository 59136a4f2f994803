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
#   schemacheck matrix   which app versions break against which server.
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

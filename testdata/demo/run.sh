#!/usr/bin/env bash
# The demo: a shop whose migrations 0001-0002 are merged (base/) and whose
# pull request adds 0003-0004 (change/). It lays both into a scratch
# directory and runs `schemacheck check` there, as CI would. 0003 has a
# blocking index build, a NOT NULL column without default, a narrowing type
# change and a column rename; 0004 creates a table and indexes it in the same
# change, which is safe and stays silent. Then it diffs two versions of the
# shop's API (api/v1.yaml → api/v2.yaml): a query parameter made required, a
# response enum value added, a response property removed, a request length
# narrowed. Extra arguments go to both commands:
#   bash testdata/demo/run.sh --format markdown
set -euo pipefail
demo=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$demo/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$repo" && go build -o "$tmp/schemacheck" ./cmd/schemacheck)

mkdir -p "$tmp/shop"
cp -R "$demo/base/." "$demo/change/." "$tmp/shop/"
cp -R "$demo/api" "$tmp/shop/"
cd "$tmp/shop"

explain() {
  case $1 in
    0) echo "schemacheck: exit 0, nothing at or above --fail-on" ;;
    1) echo "schemacheck: exit 1, findings at or above --fail-on (expected in this demo)" ;;
    *) echo "schemacheck: exit $1 (usage, config or input error)" >&2; exit "$1" ;;
  esac
}

echo "== schemacheck check (the migrations of the change)"
status=0
"$tmp/schemacheck" check "$@" || status=$?
explain $status

echo
echo "== schemacheck diff api/v1.yaml api/v2.yaml (the API the change ships)"
status=0
"$tmp/schemacheck" diff "$@" api/v1.yaml api/v2.yaml || status=$?
explain $status

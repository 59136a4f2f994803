#!/usr/bin/env bash
# The demo: a shop whose migrations 0001-0002 are merged (base/) and whose
# pull request adds 0003-0004 (change/). It lays both into a scratch
# directory and runs `schemacheck check` there, as CI would. 0003 has a
# blocking index build, a NOT NULL column without default, a narrowing type
# change and a column rename; 0004 creates a table and indexes it in the same
# change, which is safe and stays silent. Extra arguments go to schemacheck:
#   bash testdata/demo/run.sh --format markdown
set -euo pipefail
demo=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$demo/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$repo" && go build -o "$tmp/schemacheck" ./cmd/schemacheck)

mkdir -p "$tmp/shop"
cp -R "$demo/base/." "$demo/change/." "$tmp/shop/"
cd "$tmp/shop"
status=0
"$tmp/schemacheck" check "$@" || status=$?
case $status in
  0) echo "schemacheck: exit 0, nothing at or above --fail-on" ;;
  1) echo "schemacheck: exit 1, the change has findings at or above --fail-on (expected in this demo)" ;;
  *) echo "schemacheck: exit $status (usage, config or input error)" >&2; exit "$status" ;;
esac

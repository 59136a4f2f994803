#!/usr/bin/env bash
# Where a run's peak memory starts: the peak (/usr/bin/time) of programs that
# do nothing, against squawk 2.66.0 doing nothing. A Go program's peak counts
# the pages of its binary that package initialisation touches, whatever the
# command then does: `schemacheck version` pays for every package linked into
# the one binary (the lint path does not use kin-openapi, pgx or net/http,
# but their init functions run). Rows: a Go hello world; a program that only
# imports, blank, every package schemacheck's own packages import (the
# dependencies without schemacheck's code); `schemacheck version`; lint of a
# one-statement file; and squawk's equivalents. RUNS=N (default 5), medians;
# binaries read from disk (cold) as in lint.sh.
source "$(dirname "$0")/common.sh"
sc=$(build_schemacheck)
sq=$(install_squawk)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
samples=$work/samples

# blank PKG...: a program that imports PKG... for their side effects only,
# built with schemacheck's go.mod so the versions are the same.
blank() {
  local dir=$work/$1; shift
  mkdir -p "$dir"
  { echo 'package main'; echo 'import ('; echo '"fmt"'
    for p; do echo "_ \"$p\""; done
    echo ')'; echo 'func main() { fmt.Println("hi") }'; } > "$dir/main.go"
  sed 's|^module .*|module footprint|' "$repo/go.mod" > "$dir/go.mod"
  cp "$repo/go.sum" "$dir/"
  (cd "$dir" && go build -o bin . )
  cold "$dir/bin"
  echo "$dir/bin"
}

# The packages schemacheck's own packages (those linked into the command)
# import, without schemacheck's.
mapfile -t ours < <(cd "$repo" && go list -deps ./cmd/schemacheck | grep '^github.com/schemacheck/')
mapfile -t imports < <(cd "$repo" && go list -f '{{join .Imports "\n"}}' "${ours[@]}" | sort -u | grep -v -e '^github.com/schemacheck/' -e '^C$' -e '^unsafe$')
hello=$(blank hello)
deps=$(blank deps "${imports[@]}")
echo 'SELECT 1;' > "$work/one.sql"

for i in $(seq "$runs"); do
  measure "hello" "$hello"
  measure "deps" "$deps"
  measure "sc-version" "$sc" version
  measure "sc-lint" "$sc" lint --fail-on never "$work/one.sql"
  measure "sq-version" "$sq" --version
  measure "sq-lint" "$sq" "$work/one.sql"
done

echo
echo "Peak memory (median of $runs runs), $(date -u +%Y-%m-%d), ${#imports[@]} packages imported by schemacheck's own:"
echo
echo "| program | peak MB |"
echo "|---|---:|"
for l in hello deps sc-version sc-lint sq-version sq-lint; do
  name=$(case $l in
    hello) echo "Go hello world" ;;
    deps) echo "Go program importing schemacheck's dependencies, doing nothing" ;;
    sc-version) echo "schemacheck version" ;;
    sc-lint) echo "schemacheck lint of SELECT 1;" ;;
    sq-version) echo "squawk --version" ;;
    sq-lint) echo "squawk on SELECT 1;" ;;
  esac)
  printf '| %s | %.1f |\n' "$name" "$(median "$l" 3 | awk '{ print $1 / 1024 }')"
done

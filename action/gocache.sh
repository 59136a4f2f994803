#!/usr/bin/env bash
# Names what the next step caches and its key: the Go build cache and the
# module cache (building pg_query's C code is most of a cold run's time),
# keyed by the Go version and the action's go.sum; action.yml adds the
# runner and the action's ref. The build cache is content-addressed, so a
# cache restored from another ref only saves work, never serves stale code.
set -euo pipefail

out="${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"
gosum=$(sha256sum "${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}/go.sum")
{
  echo "gocache=$(go env GOCACHE)"
  echo "gomodcache=$(go env GOMODCACHE)"
  echo "go=$(go env GOVERSION)"
  echo "gosum=${gosum:0:16}"
} >>"$out"

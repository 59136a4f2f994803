#!/usr/bin/env bash
# Puts a schemacheck binary on PATH: `go install` of INPUT_VERSION when one
# is given, otherwise a build of the action's own source (the ref the
# workflow pinned), so the action and the binary can never disagree.
set -euo pipefail

bin="${RUNNER_TEMP:?RUNNER_TEMP is not set}/schemacheck-bin"
mkdir -p "$bin"
if [ -n "${INPUT_VERSION:-}" ]; then
  echo "schemacheck: installing github.com/schemacheck/schemacheck/cmd/schemacheck@${INPUT_VERSION}"
  GOBIN="$bin" go install "github.com/schemacheck/schemacheck/cmd/schemacheck@${INPUT_VERSION}"
else
  src="${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}"
  # The runner downloads actions without .git, so the build has no VCS
  # stamp: record the ref the workflow named instead.
  ref="${GITHUB_ACTION_REF:-devel}"
  echo "schemacheck: building from the action's source at ${ref}"
  (cd "$src" && go build \
    -ldflags "-X github.com/schemacheck/schemacheck.version=${ref}" \
    -o "$bin/schemacheck" ./cmd/schemacheck)
fi
echo "$bin" >>"${GITHUB_PATH:?GITHUB_PATH is not set}"
"$bin/schemacheck" version
echo "path=$bin/schemacheck" >>"${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"

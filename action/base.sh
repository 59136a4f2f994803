#!/usr/bin/env bash
# Resolves the revision the change is compared with and makes sure it is in
# the clone. On a pull request it is the merge-base of HEAD and the base
# branch; actions/checkout clones one commit deep by default, so a shallow
# clone is deepened first (without history there is no merge-base).
# Writes base=<sha or revision> to GITHUB_OUTPUT; empty means check decides
# (base: in schemacheck.yaml, else the merge-base with the default branch).
set -euo pipefail

cd "${GITHUB_WORKSPACE:?GITHUB_WORKSPACE is not set}"
out="${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"
base="${INPUT_BASE:-}"
branch="${GITHUB_BASE_REF:-}"

if ! git rev-parse --git-dir >/dev/null 2>&1; then
  echo "::warning title=schemacheck::${GITHUB_WORKSPACE} is not a git repository; every migration is linted. Run actions/checkout first."
  echo "base=" >>"$out"
  exit 0
fi

if [ "$(git rev-parse --is-shallow-repository)" = "true" ]; then
  echo "schemacheck: the clone is shallow; fetching its history to find the base"
  git fetch --no-tags --quiet --unshallow origin
fi

if [ -z "$base" ] && [ -n "$branch" ]; then
  git fetch --no-tags --quiet origin "+refs/heads/${branch}:refs/remotes/origin/${branch}"
  base=$(git merge-base HEAD "refs/remotes/origin/${branch}")
  echo "schemacheck: comparing with the merge-base of HEAD and ${branch}: ${base}"
elif [ -n "$base" ]; then
  if ! git rev-parse --verify --quiet --end-of-options "${base}^{commit}" >/dev/null; then
    echo "::error title=schemacheck::base ${base} is not a commit in this clone; fetch it (e.g. git fetch origin ${base}) or fix the base input"
    exit 1
  fi
  echo "schemacheck: comparing with ${base}"
fi
echo "base=${base}" >>"$out"

#!/usr/bin/env bash
# Builds the demo shop as a git repository in DIR, the way its history
# happened: release v1.0.0, release v1.1.0 (both tagged on main), then a
# pull request on the branch "feature" (change/). Commits use a fixed
# identity and dates and ignore your git config, so the repository is the
# same everywhere. Used by run.sh and by the Go tests.
#   bash testdata/demo/build.sh DIR
set -euo pipefail
demo=$(cd "$(dirname "$0")" && pwd)
dir=${1:?usage: build.sh DIR}
mkdir -p "$dir"
cd "$dir"

export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 LC_ALL=C
export GIT_AUTHOR_NAME=Demo GIT_AUTHOR_EMAIL=demo@shop.example GIT_COMMITTER_NAME=Demo GIT_COMMITTER_EMAIL=demo@shop.example

commit() { # DATE MESSAGE
  git add -A
  GIT_AUTHOR_DATE=$1 GIT_COMMITTER_DATE=$1 git commit -q -m "$2"
}

git init -q -b main
cp -R "$demo/releases/v1.0.0/." .
commit 2026-09-01T10:00:00Z "Release 1.0.0: customers and orders"
git tag v1.0.0
cp -R "$demo/releases/v1.1.0/." .
commit 2026-10-01T10:00:00Z "Release 1.1.0: products; the API stops returning phone numbers"
git tag v1.1.0
git switch -q -c feature
cp -R "$demo/change/." .
commit 2026-11-20T10:00:00Z "Order lookup, coupons, full names, refunds, currencies"

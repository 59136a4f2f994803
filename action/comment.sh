#!/usr/bin/env bash
# Keeps one schemacheck comment on the pull request: finds the comment that
# the token's own identity wrote with the hidden marker at the start of its
# body (every page of the issue's comments) and edits it, or creates it when
# there is none and there is something to say. A comment by anyone else is
# never edited, whatever it quotes: a maintainer quoting the marker, or a
# pull request author planting a "no findings" comment. A
# clean run only updates an existing comment, so fixed PRs say so and clean
# PRs get no noise. Bodies are cut below GitHub's 65,536-character limit.
set -euo pipefail

if [ "${INPUT_COMMENT:-true}" != "true" ]; then
  echo "schemacheck: PR comment disabled"; exit 0
fi
pr=$(jq -r '.pull_request.number // empty' "${GITHUB_EVENT_PATH:-/dev/null}" 2>/dev/null || true)
if [ -z "$pr" ]; then
  echo "schemacheck: not a pull request event; no comment"; exit 0
fi
if [ -z "${GITHUB_TOKEN:-}" ]; then
  echo "::warning title=schemacheck::no github-token; the PR comment is skipped"; exit 0
fi
report="${REPORT:?REPORT (the Markdown report) is not set}"
api="${GITHUB_API_URL:-https://api.github.com}/repos/${GITHUB_REPOSITORY:?GITHUB_REPOSITORY is not set}"
marker="<!-- schemacheck-comment${INPUT_COMMENT_KEY:+:$INPUT_COMMENT_KEY} -->"
limit=65000 # GitHub refuses bodies over 65,536 characters

# request METHOD URL [JSON-BODY]: prints the response body; fails on non-2xx.
request() {
  local resp status
  resp=$(curl -sS -X "$1" "$2" \
    -H "Authorization: Bearer ${GITHUB_TOKEN}" \
    -H "Accept: application/vnd.github+json" \
    -H "X-GitHub-Api-Version: 2022-11-28" \
    ${3:+-H "Content-Type: application/json" --data-binary @-} \
    -w '\n%{http_code}' <<<"${3:-}")
  status=${resp##*$'\n'}
  resp=${resp%$'\n'*}
  if [ "${status:0:1}" != "2" ]; then
    echo "schemacheck: $1 $2: HTTP $status: $resp" >&2
    return 1
  fi
  printf '%s' "$resp"
}

# Whose comments are ours: GET /user names a user's or PAT's login; an
# installation token (GITHUB_TOKEN, a GitHub App's) cannot call it, and
# writes as github-actions[bot] or as the app's bot (comment-author input).
author=""
if user=$(request GET "${GITHUB_API_URL:-https://api.github.com}/user" 2>/dev/null); then
  author=$(jq -r '.login // empty' <<<"$user")
fi
author=${author:-${INPUT_COMMENT_AUTHOR:-github-actions[bot]}}

# The first comment by author whose body starts with the marker, across
# every page.
id=""
page=1
while :; do
  comments=$(request GET "$api/issues/$pr/comments?per_page=100&page=$page") || {
    echo "::warning title=schemacheck::cannot list the PR's comments (a fork's token is read-only); no comment"
    exit 0
  }
  id=$(jq -r --arg m "$marker" --arg a "$author" '
    [(. // [])[] | select((.user.login // "") == $a and ((.body // "") | startswith($m)))][0].id // empty' <<<"$comments")
  [ -n "$id" ] && break
  [ "$(jq '. // [] | length' <<<"$comments")" -eq 0 ] && break
  page=$((page + 1))
done

if [ -z "$id" ] && [ "${CLEAN:-false}" = "true" ]; then
  echo "schemacheck: no findings and no earlier comment; nothing to post"; exit 0
fi

# The report is already summarised to about 60,000 bytes; the cut here is
# a guard, counted in characters as GitHub counts them.
payload=$(jq -Rs --arg m "$marker" --argjson limit "$limit" '
  ($m + "\n" + .) as $b
  | if ($b | length) > $limit
    then {body: ($b[0:$limit - 80] + "\n\n… report cut at GitHub'"'"'s comment limit; see the job summary.\n")}
    else {body: $b} end' "$report")

if [ -n "$id" ]; then
  request PATCH "$api/issues/comments/$id" "$payload" >/dev/null || {
    echo "::warning title=schemacheck::cannot update PR comment $id"; exit 0; }
  echo "schemacheck: updated PR comment $id"
else
  created=$(request POST "$api/issues/$pr/comments" "$payload") || {
    echo "::warning title=schemacheck::cannot comment on the PR (a fork's token is read-only)"; exit 0; }
  echo "schemacheck: created PR comment $(jq -r .id <<<"$created")"
fi

#!/usr/bin/env bash
# Runs `schemacheck check` once in the github format: workflow commands on
# standard output become annotations on the diff, and the Markdown report it
# writes to the summary file becomes the job summary and the PR comment.
# A second run writes SARIF when asked. The exit code is passed on as an
# output so the comment is posted before the job fails.
set -uo pipefail

out="${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"
tmp="${RUNNER_TEMP:?RUNNER_TEMP is not set}"
cd "${GITHUB_WORKSPACE:?GITHUB_WORKSPACE is not set}/${INPUT_WORKING_DIRECTORY:-.}" || exit 1

args=(check)
[ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")
[ -n "${BASE:-}" ] && args+=(--base "$BASE")
[ -n "${INPUT_BASELINE:-}" ] && args+=(--baseline "$INPUT_BASELINE")
[ -n "${INPUT_FAIL_ON:-}" ] && args+=(--fail-on "$INPUT_FAIL_ON")

report="$tmp/schemacheck-report.md"
rm -f "$report"
GITHUB_STEP_SUMMARY="$report" schemacheck "${args[@]}" --format github
code=$?
echo "exit-code=$code" >>"$out"

if [ "$code" -gt 1 ]; then
  # Exit 2: schemacheck could not run (bad config, unreadable base); its
  # message is on standard error above.
  printf '### schemacheck\n\nschemacheck could not run (exit %d); see the job log.\n' "$code" >"$report"
fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  cat "$report" >>"$GITHUB_STEP_SUMMARY"
fi
echo "report=$report" >>"$out"
if grep -qx 'No findings.' "$report"; then
  echo "clean=true" >>"$out"
else
  echo "clean=false" >>"$out"
fi

if [ "${INPUT_SARIF:-false}" = "true" ] && [ "$code" -le 1 ]; then
  sarif="$tmp/schemacheck.sarif"
  schemacheck "${args[@]}" --format sarif --fail-on never --output "$sarif" 2>/dev/null || {
    echo "::warning title=schemacheck::could not write the SARIF report"
    exit 0
  }
  echo "sarif=$sarif" >>"$out"
fi
exit 0

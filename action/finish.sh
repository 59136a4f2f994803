#!/usr/bin/env bash
# Fails the job with schemacheck's exit code, after the comment and the
# SARIF upload have had their turn.
set -euo pipefail
case "${EXIT_CODE:-}" in
0) exit 0 ;;
1) echo "schemacheck: findings at or above fail-on; see the annotations and the job summary"; exit 1 ;;
"") echo "::error title=schemacheck::schemacheck did not run"; exit 2 ;;
*) echo "::error title=schemacheck::schemacheck could not run (exit ${EXIT_CODE}); see the Run schemacheck step"; exit "$EXIT_CODE" ;;
esac

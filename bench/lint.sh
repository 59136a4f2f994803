#!/usr/bin/env bash
# Times `schemacheck lint` against squawk 2.66.0 on the same inputs: every
# migration directory of the corpus, and PostgreSQL's regression SQL. Runs
# alternate between the tools (RUNS each, default 5); prints median wall time
# and peak memory, and their ratios (schemacheck / squawk; below 1 is better).
# schemacheck reads each directory in its tool's layout, replays the catalog
# and lints the up scripts; squawk gets every .sql file of the directory.
source "$(dirname "$0")/common.sh"
sc=$(build_schemacheck)
sq=$(install_squawk)
samples=$(mktemp)

all_dirs=()
for p in $(printf '%s\n' "${!dirs[@]}" | sort); do all_dirs+=("$corpus/migrations/$p/${dirs[$p]}"); done
mapfile -t all_sql < <(find "${all_dirs[@]}" -name '*.sql' | sort)
regression=("$corpus"/sql-regression/*.sql)

for i in $(seq "$runs"); do
  measure sc-migrations "$sc" lint --fail-on never "${all_dirs[@]}"
  measure sq-migrations "$sq" "${all_sql[@]}"
  measure sc-regression "$sc" lint --fail-on never "$corpus/sql-regression"
  measure sq-regression "$sq" "${regression[@]}"
done

echo
echo "Medians of $runs alternating runs on $(nproc) cores, $(date -u +%Y-%m-%d):"
echo
echo "| input | files | schemacheck s | squawk s | time ratio | schemacheck MB | squawk MB | memory ratio |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for input in migrations regression; do
  files=${#all_sql[@]}; [ $input = regression ] && files=${#regression[@]}
  st=$(median sc-$input 2); qt=$(median sq-$input 2)
  sm=$(median sc-$input 3); qm=$(median sq-$input 3)
  printf '| %s | %d | %s | %s | %s | %d | %d | %s |\n' "$input" "$files" "$st" "$qt" "$(ratio "$st" "$qt")" \
    $((${sm%.*} / 1024)) $((${qm%.*} / 1024)) "$(ratio "$sm" "$qm")"
done
rm -f "$samples"

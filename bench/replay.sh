#!/usr/bin/env bash
# Replays real project histories as pull requests: for each git bundle of
# ../shared/corpus/history (or the bundles named as arguments, e.g. `harbor
# lemmy`), it clones the bundle, and at every commit after the first writes a
# minimal schemacheck.yaml (what `schemacheck init` detects in that commit's
# tree, as a new user would start) and runs `schemacheck check --base <parent>`
# as CI would on a pull request of that one commit. It prints per project: the
# commits checked, those with at least one error, errors and warnings per
# commit (median, p90, max), the rules with most errors and warnings, and wall
# time per commit (median, p90, max).
#
# Every finding is kept in $OUT/findings.tsv (bundle, k, commit, severity,
# rule, location, message) and every run in $OUT/commits.tsv; SAMPLE=N
# (default 30) draws N errors at random (SEED, default 17) into
# $OUT/sample.tsv for judging by hand. Needs jq.
source "$(dirname "$0")/common.sh"
command -v jq >/dev/null || { echo "bench: jq is needed (apt-get install jq)" >&2; exit 2; }
sc=$(build_schemacheck)
history=$corpus/history
out=${OUT:-$bench_dir/results/replay}
sample=${SAMPLE:-30}
seed=${SEED:-17}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

if [ $# -gt 0 ]; then bundles=("$@"); else
  bundles=()
  for f in "$history"/*.bundle; do b=${f##*/}; bundles+=("${b%.bundle}"); done
fi

printf 'bundle\tk\tcommit\texit\terrors\twarnings\tinfos\tseconds\n' > "$out/commits.tsv"
printf 'bundle\tk\tcommit\tseverity\trule\tlocation\tmessage\n' > "$out/findings.tsv"

now() { date +%s.%N; }

for b in "${bundles[@]}"; do
  repo=$work/$b
  git clone -q "$history/$b.bundle" "$repo"
  # The config is the reviewer's, not the project's: keep it out of the
  # history git compares.
  echo schemacheck.yaml >> "$repo/.git/info/exclude"
  mapfile -t commits < <(git -C "$repo" rev-list --reverse --first-parent HEAD)
  for ((k = 2; k <= ${#commits[@]}; k++)); do
    c=${commits[k-1]}
    git -C "$repo" checkout -q --detach "$c"
    (cd "$repo" && "$sc" init --force >/dev/null 2>&1) || true
    start=$(now)
    rc=0
    (cd "$repo" && "$sc" check --base "${commits[k-2]}" --format json --fail-on never) > "$work/out.json" 2> "$work/err.txt" || rc=$?
    secs=$(echo "$(now) - $start" | bc)
    if [ $rc -ne 0 ]; then
      printf '%s\t%d\t%s\t%d\t\t\t\t%s\n' "$b" "$k" "${c:0:12}" "$rc" "$secs" >> "$out/commits.tsv"
      echo "bench: $b commit $k (${c:0:12}) exited $rc: $(head -c 300 "$work/err.txt")" >&2
      continue
    fi
    jq -r --arg b "$b" --arg k "$k" --arg c "${c:0:12}" '.findings[] |
      [$b, $k, $c, .severity, .rule_id,
       (.location.file + (if .location.line then ":" + (.location.line|tostring) else "" end)),
       (.message | gsub("[\t\n]"; " "))] | @tsv' "$work/out.json" >> "$out/findings.tsv"
    jq -r --arg b "$b" --arg k "$k" --arg c "${c:0:12}" --arg s "$secs" \
      '[$b, $k, $c, 0, .summary.errors, .summary.warnings, .summary.infos, $s] | @tsv' "$work/out.json" >> "$out/commits.tsv"
  done
done

# stats COLUMN for BUNDLE: "median p90 max" of a numeric column of commits.tsv.
stats() {
  awk -F'\t' -v b="$1" -v col="$2" 'NR > 1 && $1 == b && $4 == 0 { print $col }' "$out/commits.tsv" | sort -g |
    awk '{ a[NR] = $1 } END {
      if (NR == 0) { print "- - -"; exit }
      m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
      p = a[int(NR * 0.9 + 0.999999)]
      printf "%g %g %g\n", m, p, a[NR] }'
}

# top SEVERITY BUNDLE: the five rules with most findings of that severity.
top() {
  awk -F'\t' -v s="$1" -v b="$2" 'NR > 1 && $1 == b && $4 == s { n[$5]++ } END { for (r in n) print n[r], r }' "$out/findings.tsv" |
    sort -k1,1nr -k2 | head -5 | awk '{ printf "%s%s %d", (NR > 1 ? ", " : ""), $2, $1 }'
}

echo
echo "Replayed histories, $(date -u +%Y-%m-%d), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg):"
echo
echo "| project | commits | with errors | exit 2 | errors/commit med p90 max | warnings/commit med p90 max | s/commit med p90 max | top error rules | top warning rules |"
echo "|---|---:|---:|---:|---|---|---|---|---|"
for b in "${bundles[@]}"; do
  n=$(awk -F'\t' -v b="$b" 'NR > 1 && $1 == b' "$out/commits.tsv" | wc -l)
  bad=$(awk -F'\t' -v b="$b" 'NR > 1 && $1 == b && $4 != 0' "$out/commits.tsv" | wc -l)
  witherr=$(awk -F'\t' -v b="$b" 'NR > 1 && $1 == b && $4 == 0 && $5 > 0' "$out/commits.tsv" | wc -l)
  printf '| %s | %d | %d | %d | %s | %s | %s | %s | %s |\n' "$b" "$n" "$witherr" "$bad" \
    "$(stats "$b" 5)" "$(stats "$b" 6)" "$(stats "$b" 8)" "$(top error "$b")" "$(top warning "$b")"
done

awk -F'\t' 'NR > 1 && $4 == "error"' "$out/findings.tsv" |
  shuf -n "$sample" --random-source=<(yes "$seed") > "$out/sample.tsv" || true
echo
echo "$(wc -l < "$out/sample.tsv") errors drawn at random (seed $seed) for judging: $out/sample.tsv"

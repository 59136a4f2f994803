#!/usr/bin/env bash
# Times `schemacheck matrix` on ten versions of a Stripe-size contract: a
# throwaway git repository whose tags v1..v10 are the corpus's Stripe
# old.json (v1-v5) and new.json (v6-v10), each with one more operation
# removed, so every version differs; the working tree is new.json. Ten
# client versions of two platforms are pinned to the ten tags (one
# unsupported per platform); with each platform's next release (built on
# the working tree) the grid is 12 rows × 11 columns. Prints, per output
# format (text, html, json), the median wall time, CPU time (user + sys,
# meaningful on a shared machine) and peak memory of RUNS runs (default
# 5), the output size and the cell and finding counts. Target: under 10 s.
source "$(dirname "$0")/common.sh"
command -v jq >/dev/null || { echo "bench: jq is needed (apt-get install jq)" >&2; exit 2; }
sc=$(build_schemacheck)
samples=$(mktemp)
work=$(mktemp -d)
trap 'rm -rf "$work" "$samples"' EXIT
stripe=$corpus/openapi/stripe

export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 LC_ALL=C
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.com
cd "$work"
git init -q -b main
mkdir api
{
  echo "version: 1"
  echo "contracts: [{name: stripe, path: api/openapi.json}]"
  echo "servers: {tags: 'v*'}"
  echo "clients:"
  for platform in ios android; do
    echo "  - name: $platform"
    echo "    contract: stripe"
    echo "    versions:"
    for k in 1 2 3 4 5; do
      v=$([ "$platform" = ios ] && echo $k || echo $((k + 5)))
      supported=$([ $k = 1 ] && echo false || echo true)
      echo "      - {version: '$v.0', ref: v$v, supported: $supported}"
    done
  done
} > schemacheck.yaml
for k in $(seq 10); do
  base=$([ $k -le 5 ] && echo old || echo new)
  jq -c --argjson k "$k" 'del(.paths[(.paths | keys)[$k * 7]])' "$stripe/$base.json" > api/openapi.json
  git add -A && git commit -q -m "v$k" && git tag "v$k"
done
cp "$stripe/new.json" api/openapi.json

# The machine may be shared: CPU seconds (user + sys) show the work done
# whatever the load; wall time is what a user waits.
formats=(text html json)
for i in $(seq "$runs"); do
  for f in "${formats[@]}"; do
    /usr/bin/time -f "$f %e %M %U %S" -a -o "$samples" "$sc" matrix --fail-on never --format "$f" -o "$work/matrix.$f"
  done
done
awk '{ print "cpu-" $1, $4 + $5 }' "$samples" >> "$samples"
versions=$(jq '[.matrices[0].columns[]] | length' "$work/matrix.json")
rows=$(jq '.matrices[0].rows | length' "$work/matrix.json")
findings=$(jq '[.matrices[0].cells[][] | .findings | length] | add' "$work/matrix.json")
cells=$(jq '[.matrices[0].cells[][] | .status] | group_by(.) | map("\(length) \(.[0])") | join(", ")' -r "$work/matrix.json")
echo
echo "Median of $runs runs on $(nproc) cores, GOMAXPROCS=${GOMAXPROCS:-$(nproc)}, load average $(cut -d' ' -f1 /proc/loadavg), $(date -u +%Y-%m-%d):"
echo
echo "| format | rows × columns | cells | findings | output MB | wall s | CPU s | peak MB |"
echo "|---|---|---|---:|---:|---:|---:|---:|"
for f in "${formats[@]}"; do
  printf '| %s | %s × %s | %s | %s | %s | %s | %s | %d |\n' "$f" "$rows" "$versions" "$cells" "$findings" \
    "$(awk -v b="$(stat -c %s "$work/matrix.$f")" 'BEGIN { printf "%.1f", b / 1048576 }')" \
    "$(median "$f" 2)" "$(median "cpu-$f" 2)" $(($(median "$f" 3 | cut -d. -f1) / 1024))
done

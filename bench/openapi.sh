#!/usr/bin/env bash
# Times `schemacheck diff` against `oasdiff breaking` v1.35.0 on both Stripe
# pairs of the corpus, alternating runs (RUNS each, default 5), and prints
# median wall time and peak memory with their ratios (schemacheck / oasdiff),
# plus each tool's finding count on the same pair.
source "$(dirname "$0")/common.sh"
sc=$(build_schemacheck)
od=$(install_oasdiff)
samples=$(mktemp)

pairs=(stripe stripe-2018)
for i in $(seq "$runs"); do
  for p in "${pairs[@]}"; do
    d="$corpus/openapi/$p"
    measure "sc-$p" "$sc" diff --fail-on never "$d/old.json" "$d/new.json"
    measure "od-$p" "$od" breaking "$d/old.json" "$d/new.json"
  done
done

echo
echo "Medians of $runs alternating runs on $(nproc) cores, $(date -u +%Y-%m-%d):"
echo
echo "| pair | schemacheck findings | oasdiff findings | schemacheck s | oasdiff s | time ratio | schemacheck MB | oasdiff MB | memory ratio |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for p in "${pairs[@]}"; do
  d="$corpus/openapi/$p"
  scn=$("$sc" diff --fail-on never --format json "$d/old.json" "$d/new.json" | grep -o '"rule_id":' | wc -l)
  odn=$("$od" breaking --format json "$d/old.json" "$d/new.json" | grep -o '"id":' | wc -l)
  st=$(median "sc-$p" 2); ot=$(median "od-$p" 2)
  sm=$(median "sc-$p" 3); om=$(median "od-$p" 3)
  printf '| %s | %s | %s | %s | %s | %s | %d | %d | %s |\n' "$p" "$scn" "$odn" "$st" "$ot" "$(ratio "$st" "$ot")" \
    $((${sm%.*} / 1024)) $((${om%.*} / 1024)) "$(ratio "$sm" "$om")"
done
rm -f "$samples"

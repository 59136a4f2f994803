#!/usr/bin/env bash
# How schemacheck's time and peak memory grow with input size: lint of a
# generated golang-migrate history (MIGRATIONS, default 2500 5000 10000
# 20000 files) and diff of a generated pair of OpenAPI documents (OPENAPI_MB,
# default 6 12 25 50 MB each). Inputs come from bench/scalegen into a
# temporary directory that is removed at exit; nothing is committed. Prints
# medians of RUNS (default 3) runs and the cost per unit of input: if growth
# is linear, the per-unit columns stay flat. The per-unit time is CPU time
# (user + system): on a shared machine wall time also measures the
# neighbours.
source "$(dirname "$0")/common.sh"

# measure LABEL CMD...: appends "LABEL wall_s peak_kb cpu_s" to $samples.
measure() {
  local label=$1; shift
  local t; t=$(mktemp)
  /usr/bin/time -f "%e %M %U %S" -o "$t" "$@" >/dev/null 2>&1 || true
  echo "$label $(tail -n 1 "$t" | awk '{ printf "%s %s %.2f", $1, $2, $3 + $4 }')" >> "$samples"
  rm -f "$t"
}
runs=${RUNS:-3}
sc=$(build_schemacheck)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
samples=$work/samples
(cd "$repo" && go build -o "$work/scalegen" ./bench/scalegen)

read -r -a migrations <<< "${MIGRATIONS:-2500 5000 10000 20000}"
read -r -a openapi_mb <<< "${OPENAPI_MB:-6 12 25 50}"

for n in "${migrations[@]}"; do
  "$work/scalegen" -migrations "$n" -out "$work/db$n"
  for i in $(seq "$runs"); do measure "lint$n" "$sc" lint --fail-on never "$work/db$n"; done
  rm -rf "$work/db$n"
done
for mb in "${openapi_mb[@]}"; do
  "$work/scalegen" -openapi-mb "$mb" -out "$work/api$mb"
  bytes=$(stat -c %s "$work/api$mb/old.json")
  echo "api$mb $bytes" >> "$work/sizes"
  for i in $(seq "$runs"); do measure "diff$mb" "$sc" diff --fail-on never "$work/api$mb/old.json" "$work/api$mb/new.json"; done
  rm -rf "$work/api$mb"
done

echo
echo "Medians of $runs runs on $(nproc) cores, $(date -u +%Y-%m-%d):"
echo
echo "| input | size | wall s | CPU s | peak MB | CPU ms per 1k files or per MB | peak KB per 1k files or per MB |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for n in "${migrations[@]}"; do
  t=$(median "lint$n" 2); m=$(median "lint$n" 3); c=$(median "lint$n" 4)
  printf '| lint, migration history | %d files | %s | %s | %d | %s | %s |\n' "$n" "$t" "$c" $((${m%.*} / 1024)) \
    "$(awk -v t="$c" -v n="$n" 'BEGIN { printf "%.0f", t * 1000 / (n / 1000) }')" \
    "$(awk -v m="$m" -v n="$n" 'BEGIN { printf "%.0f", m / (n / 1000) }')"
done
for mb in "${openapi_mb[@]}"; do
  t=$(median "diff$mb" 2); m=$(median "diff$mb" 3); c=$(median "diff$mb" 4)
  size=$(awk -v k="api$mb" '$1 == k { printf "%.1f", $2 / 1048576 }' "$work/sizes")
  printf '| diff, two OpenAPI documents | %s MB each | %s | %s | %d | %s | %s |\n' "$size" "$t" "$c" $((${m%.*} / 1024)) \
    "$(awk -v t="$c" -v s="$size" 'BEGIN { printf "%.0f", t * 1000 / s }')" \
    "$(awk -v m="$m" -v s="$size" 'BEGIN { printf "%.0f", m / s }')"
done

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
#
# Then the resource acceptance (issue 16): each input kind at RESOURCE_MB
# (default 50) megabytes — a migration history (lint), a pair of OpenAPI
# documents and a pair of JSON Schemas of half that each (diff), a config
# file and a baseline (lint of a small history) — with peak memory as a
# multiple of the input's bytes (target: at most 20) and the text output's
# bytes (target: at most 10 MB). SECTIONS="scale resource" picks the parts.
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
sections=${SECTIONS:-scale resource}
if [[ " $sections " != *" scale "* ]]; then migrations=(); openapi_mb=(); fi

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

if [ ${#migrations[@]} -gt 0 ] || [ ${#openapi_mb[@]} -gt 0 ]; then
  echo
  echo "Medians of $runs runs on $(nproc) cores, $(date -u +%Y-%m-%d):"
  echo
  echo "| input | size | wall s | CPU s | peak MB | CPU ms per 1k files or per MB | peak KB per 1k files or per MB |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
fi
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

[[ " $sections " == *" resource "* ]] || exit 0

# measure_out LABEL INPUT_BYTES CMD...: like measure, keeping the exit code
# and the size of the text output; appends to $work/resource.
measure_out() {
  local label=$1 bytes=$2; shift 2
  local t; t=$(mktemp)
  local code=0
  /usr/bin/time -f "%e %M %U %S" -o "$t" "$@" >"$work/out" 2>"$work/err" || code=$?
  echo "$label $bytes $(tail -n 1 "$t" | awk '{ printf "%s %s %.2f", $1, $2, $3 + $4 }') $(stat -c %s "$work/out") $code" >> "$work/resource"
  [ "$code" -le 1 ] || { echo "  $label exit $code: $(head -c 300 "$work/err")" >&2; }
  rm -f "$t"
}
sizeof() { find "$@" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }'; }
mb=${RESOURCE_MB:-50}
half=$(( (mb + 1) / 2 ))
"$work/scalegen" -migrations 100 -out "$work/small"
"$work/scalegen" -migrations-mb "$mb" -out "$work/rdb"
"$work/scalegen" -openapi-mb "$half" -out "$work/rapi"
"$work/scalegen" -jsonschema-mb "$half" -out "$work/rjs"
"$work/scalegen" -config-mb "$mb" -out "$work/rcfg"
"$work/scalegen" -baseline-mb "$mb" -out "$work/rbl"
for i in $(seq "$runs"); do
  measure_out "migration-history(lint)" "$(sizeof "$work/rdb")" "$sc" lint --fail-on never "$work/rdb"
  measure_out "OpenAPI(diff)" "$(sizeof "$work/rapi")" "$sc" diff --fail-on never "$work/rapi/old.json" "$work/rapi/new.json"
  measure_out "JSON-Schema(diff)" "$(sizeof "$work/rjs")" "$sc" diff --fail-on never "$work/rjs/old.json" "$work/rjs/new.json"
  measure_out "config(lint)" "$(sizeof "$work/rcfg")" "$sc" lint --fail-on never --config "$work/rcfg/schemacheck.yaml" "$work/small"
  measure_out "baseline(lint)" "$(sizeof "$work/rbl")" "$sc" lint --fail-on never --baseline "$work/rbl/baseline.json" "$work/small"
done

echo
echo "Resource acceptance at $mb MB, medians of $runs runs (peak memory target ≤ 20× the input, text output ≤ 10 MB):"
echo
echo "| input kind | input MB | exit | wall s | CPU s | peak MB | peak ÷ input | text output KB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for label in "migration-history(lint)" "OpenAPI(diff)" "JSON-Schema(diff)" "config(lint)" "baseline(lint)"; do
  awk -v k="$label" '$1 == k' "$work/resource" | sort -k3,3n | awk -v n="$runs" '
    { rows[NR] = $0 } END {
      split(rows[int((NR + 1) / 2)], f, " ")
      printf "| %s | %.1f | %s | %s | %s | %d | %.1f | %d |\n", f[1], f[2] / 1048576, f[7], f[3], f[5], f[4] / 1024, f[4] * 1024 / f[2], f[6] / 1024
    }'
done

#!/usr/bin/env bash
# Times `schemacheck preflight` on the generated database of the preflight
# tests (preflight/testdata: customers 100,000 rows, orders 1,000,000 rows,
# built server-side with generate_series), one pending migration per check
# kind, whole and with --sample 100000. Prints the median wall time of RUNS
# runs (default 5) per kind, the finding the run produced, and the run with
# nothing pending (connection, bookkeeping, catalog, drift: the fixed cost).
# No other tool checks pending migrations against live data, so there is no
# peer to compare with.
#
# Needs PostgreSQL (BENCH_DATABASE_URL, default the tests' server) and psql;
# the database schemacheck_bench_preflight is created and dropped.
source "$(dirname "$0")/common.sh"
command -v psql >/dev/null || { echo "bench: psql is needed (apt-get install postgresql-client)" >&2; exit 2; }
command -v jq >/dev/null || { echo "bench: jq is needed (apt-get install jq)" >&2; exit 2; }
admin=${BENCH_DATABASE_URL:-${SCHEMACHECK_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}}
name=schemacheck_bench_preflight
url=$(echo "$admin" | sed -E "s#/[^/?]*(\?|$)#/$name\1#")
sc=$(build_schemacheck)
samples=$(mktemp)
work=$(mktemp -d)
cleanup() { psql -q "$admin" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1 || true; rm -rf "$work" "$samples"; }
trap cleanup EXIT

testdata=$repo/preflight/testdata
psql -q "$admin" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name" >/dev/null
start=$(date +%s.%N)
psql -q -v ON_ERROR_STOP=1 "$url" -f "$testdata/applied/1_shop.up.sql" -f "$testdata/shop.sql" -f "$testdata/applied/2_quantity_check.up.sql" \
  -c "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL); INSERT INTO schema_migrations VALUES (2, false)" >/dev/null
echo "generated 1,100,020 rows in $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s"

declare -A kinds=(
  [none]=""
  [not-null]="ALTER TABLE orders ALTER COLUMN note SET NOT NULL;"
  [check]="ALTER TABLE orders ADD CONSTRAINT total_positive CHECK (total_cents > 0);"
  [unique]="CREATE UNIQUE INDEX CONCURRENTLY orders_customer_key ON orders (customer_id);"
  [foreign-key]="ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);"
  [type-all-fit]="ALTER TABLE orders ALTER COLUMN note TYPE varchar(10);"
  [type-few-fail]="ALTER TABLE orders ALTER COLUMN customer_id TYPE integer USING (customer_id * 10000)::integer;"
  [type-most-fail]="ALTER TABLE orders ALTER COLUMN total_cents TYPE smallint;"
  [enum-rename]="ALTER TYPE mood RENAME VALUE 'sad' TO 'unhappy';"
  [drop-column]="ALTER TABLE customers DROP COLUMN phone CASCADE;"
  [lock-size]="CREATE INDEX orders_note_idx ON orders (note);"
)
order=(none not-null check unique foreign-key type-all-fit type-few-fail type-most-fail enum-rename drop-column lock-size)
for k in "${order[@]}"; do
  mkdir -p "$work/$k/db"
  cp "$testdata"/applied/*.sql "$work/$k/db/"
  [ -n "${kinds[$k]}" ] && echo "${kinds[$k]}" > "$work/$k/db/3_change.up.sql"
done

# Kinds alternate within each round, so load on the shared machine falls
# on all of them alike.
for _ in $(seq "$runs"); do
  for k in "${order[@]}"; do
    for mode in whole sample; do
      args=(); [ $mode = sample ] && args=(--sample 100000)
      (cd "$work/$k" && measure "$k/$mode" "$sc" preflight --db "$url" --fail-on never --format json "${args[@]}" -o "$work/$k.$mode.json" db)
    done
  done
done

printf '%-15s %10s %10s  %s\n' kind whole_s sample_s "finding (whole table)"
for k in "${order[@]}"; do
  f=$(jq -r '[.findings[] | select(.rule_id | startswith("SC-PF") or . == "SC-DB101") | .rule_id + " " + .message][0] // "-"' "$work/$k.whole.json" | cut -c1-110)
  printf '%-15s %10s %10s  %s\n' "$k" "$(median "$k/whole" 2)" "$(median "$k/sample" 2)" "$f"
done
echo "sample: $(jq -r '[.findings[] | select(.rule_id == "SC-PF001") | .message][0] // "-"' "$work/not-null.sample.json")"
echo "runs: $runs; load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"

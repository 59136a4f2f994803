# Shared helpers for the bench scripts: paths, peer-tool installs, timing.
# Peer tools are installed from their registries into bench/.tools (ignored
# by git), never committed.
set -euo pipefail
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$bench_dir/.." && pwd)
corpus=${CORPUS:-$repo/../shared/corpus}
tools=$bench_dir/.tools
runs=${RUNS:-5}
mkdir -p "$tools"

[ -d "$corpus" ] || { echo "bench: corpus not found at $corpus (set CORPUS=...)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is needed for peak memory (apt-get install time)" >&2; exit 2; }

# The migration directory of each corpus project (as in the corpus's INDEX.tsv
# and internal/testenv.CorpusMigrationDirs).
declare -A dirs=(
  [harbor]=make/migrations/postgresql [temporal]=schema/postgresql/v12/temporal
  [ory-kratos]=persistence/sql/migrations/sql [supabase-auth]=migrations
  [hatchet]=cmd/hatchet-migrate/migrate/migrations [openfga]=assets/migrations/postgres
  [supabase-postgres]=migrations/db/migrations [openmeter]=tools/migrate/migrations
  [lemmy]=migrations [documenso]=packages/prisma/migrations
  [ontrack]=ontrack-database/src/main/resources/db/migration
)

# cold FILE...: writes FILE back and drops it from the page cache, so every
# tool's binary is read from disk the same way, as an installed one is. A
# binary the Go linker has just written stays cached as large folios that
# are mapped in whole 2 MB ranges: in the first runs after a build that
# added ~7 MB to schemacheck's peak memory (26 MB for `schemacheck version`,
# 19 MB once read from disk).
cold() {
  local f
  for f; do sync "$f" && dd if="$f" iflag=nocache count=0 status=none; done
}

build_schemacheck() {
  (cd "$repo" && go build -o "$tools/schemacheck" ./cmd/schemacheck)
  cold "$tools/schemacheck"
  echo "$tools/schemacheck"
}

install_squawk() {
  local bin="$tools/node_modules/@squawk-cli/linux-x64/bin/squawk"
  if [ ! -x "$bin" ]; then
    npm install --silent --prefix "$tools" squawk-cli@2.66.0 >/dev/null
  fi
  cold "$bin"
  "$bin" --version >&2
  echo "$bin"
}

install_oasdiff() {
  local bin="$tools/bin/oasdiff"
  if [ ! -x "$bin" ]; then
    GOBIN="$tools/bin" go install github.com/oasdiff/oasdiff@v1.35.0
  fi
  cold "$bin"
  echo "$bin"
}

# measure LABEL CMD...: runs CMD once, appends "LABEL seconds peak_kb" to $samples.
measure() {
  local label=$1; shift
  local t; t=$(mktemp)
  /usr/bin/time -f "%e %M" -o "$t" "$@" >/dev/null 2>&1 || true
  echo "$label $(tail -n 1 "$t")" >> "$samples"  # time prefixes a status line on failure
  rm -f "$t"
}

# median LABEL FIELD: median of field 2 (seconds) or 3 (peak KB) for LABEL.
median() {
  awk -v l="$1" -v f="$2" '$1 == l { print $f }' "$samples" | sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f", a / b }'; }

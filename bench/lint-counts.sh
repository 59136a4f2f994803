#!/usr/bin/env bash
# Counts findings per rule of `schemacheck lint` and squawk 2.66.0 on every
# migration directory of the corpus (same files, same run), for the rule-by-
# rule comparison in bench/README.md. schemacheck lints up scripts only (down
# scripts are parse-checked), squawk every .sql file, so the script also
# prints squawk's counts restricted to up scripts.
source "$(dirname "$0")/common.sh"
sc=$(build_schemacheck)
sq=$(install_squawk)
out=$(mktemp -d)

for p in $(printf '%s\n' "${!dirs[@]}" | sort); do
  d="$corpus/migrations/$p/${dirs[$p]}"
  "$sc" lint --fail-on never --format json "$d" > "$out/sc-$p.json"
  find "$d" -name '*.sql' -print0 | sort -z | xargs -0 "$sq" --reporter json > "$out/sq-$p.json" 2>/dev/null || true
done

python3 - "$out" <<'PY'
import collections, glob, json, os, sys
out = sys.argv[1]
def load(prefix):
    for path in sorted(glob.glob(os.path.join(out, prefix + "-*.json"))):
        project = os.path.basename(path)[len(prefix) + 1:-5]
        with open(path) as f:
            text = f.read().strip() or "[]"
        data = json.loads(text)
        yield project, data["findings"] if isinstance(data, dict) else data
def is_down(path):
    return "down" in os.path.basename(path) or path.endswith("/down.sql") or "/revert/" in path or os.path.basename(path).startswith("U")
sc, sq, sq_up, per_project = collections.Counter(), collections.Counter(), collections.Counter(), {}
for project, fs in load("sc"):
    sc.update(f["rule_name"] for f in fs)
    per_project.setdefault(project, [0, 0])[0] = len(fs)
for project, fs in load("sq"):
    sq.update(f["rule_name"] for f in fs)
    sq_up.update(f["rule_name"] for f in fs if not is_down(f["file"]))
    per_project.setdefault(project, [0, 0])[1] = len(fs)
print("\n| project | schemacheck | squawk |\n|---|---:|---:|")
for p, (a, b) in sorted(per_project.items()):
    print(f"| {p} | {a} | {b} |")
print(f"| **total** | **{sum(sc.values())}** | **{sum(sq.values())}** |")
print("\nschemacheck per rule:\n\n| rule | findings |\n|---|---:|")
for r, n in sc.most_common():
    print(f"| {r} | {n} |")
print("\nsquawk per rule (all files / up scripts only):\n\n| rule | all | up only |\n|---|---:|---:|")
for r, n in sq.most_common():
    print(f"| {r} | {n} | {sq_up[r]} |")
PY
rm -rf "$out"

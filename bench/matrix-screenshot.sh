#!/usr/bin/env bash
# Renders the demo shop's matrix as HTML and photographs it in headless
# Chromium (Debian package chromium): OUT/matrix.png is the grid as it
# loads, OUT/matrix-click.png the page after clicking the first breaking
# cell of a supported client version (its link's #fragment, which is all a
# click does: the findings section is shown by CSS :target, no script).
# OUT/matrix.dom is Chromium's DOM of the page, to check its structure.
#   bash bench/matrix-screenshot.sh [OUT]   (default bench/.tools/screenshots)
set -euo pipefail
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$bench_dir/.." && pwd)
out=$(mkdir -p "${1:-$bench_dir/.tools/screenshots}" && cd "${1:-$bench_dir/.tools/screenshots}" && pwd)
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
[ -n "$chromium" ] || { echo "matrix-screenshot: chromium not found (apt-get install chromium)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$repo" && go build -o "$tmp/schemacheck" ./cmd/schemacheck)
bash "$repo/testdata/demo/build.sh" "$tmp/shop" >/dev/null
(cd "$tmp/shop" && "$tmp/schemacheck" matrix --format html --fail-on never -o "$out/matrix.html")

# The first breaking cell of a supported row: what a reviewer clicks first.
cell=$(grep -o '<tr><th class="row">[^<]*<span class="pin">[^<]*</span></th>.*' "$out/matrix.html" |
  grep -o 'class="breaking"[^>]*><a href="#[^"]*"' | head -n 1 | sed 's/.*href="#//; s/"$//')
[ -n "$cell" ] || { echo "matrix-screenshot: no breaking cell of a supported client version in the demo" >&2; exit 1; }

shoot() { # PNG URL
  "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --window-size=1200,900 --screenshot="$1" "$2" >/dev/null 2>&1
}
shoot "$out/matrix.png" "file://$out/matrix.html"
shoot "$out/matrix-click.png" "file://$out/matrix.html#$cell"
"$chromium" --headless --no-sandbox --disable-gpu --dump-dom "file://$out/matrix.html" 2>/dev/null > "$out/matrix.dom"

echo "clicked cell: #$cell"
count() { grep -o "$1" "$out/matrix.dom" | wc -l; }
echo "DOM: $(count '<td class=') cells ($(count '<td class="breaking"') breaking, $(count '<td class="compatible"') compatible)," \
  "$(count '<section class="findings"') findings sections, $(count '<tr class="unsupported"') unsupported rows," \
  "$(count '<script') scripts, $(grep -oE '(src|href)="(https?:)?//' "$out/matrix.dom" | wc -l) external references"
ls -l "$out"/matrix.png "$out"/matrix-click.png

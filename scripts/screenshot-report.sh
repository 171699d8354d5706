#!/usr/bin/env bash
# Renders a report.html to a PNG with headless Chromium (Debian's `chromium` package), to look at
# the page as a person would. Usage:
#   scripts/screenshot-report.sh REPORT.html OUT.png [WIDTHxHEIGHT]   (default 1280x2000)
#   scripts/screenshot-report.sh --dump-dom REPORT.html              (rendered DOM on stdout)
# CHROMIUM=/path/to/chromium overrides the browser. Nothing is fetched: the page is self-contained
# and the flags below turn Chromium's own background traffic off.
set -euo pipefail

usage() {
  echo "usage: $0 REPORT.html OUT.png [WIDTHxHEIGHT] | $0 --dump-dom REPORT.html" >&2
  exit 2
}

chromium=${CHROMIUM:-/usr/bin/chromium}
if [[ ! -x "$chromium" ]]; then
  echo "error: $chromium not found (apt-get install -y chromium, or set CHROMIUM)" >&2
  exit 2
fi

mode=screenshot
if [[ "${1:-}" == "--dump-dom" ]]; then
  mode=dom
  shift
fi
[[ $# -ge 1 ]] || usage
page=$1
[[ -f "$page" ]] || { echo "error: no such file: $page" >&2; exit 2; }
page_url="file://$(cd "$(dirname "$page")" && pwd)/$(basename "$page")"

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update
  --disable-sync --no-first-run --hide-scrollbars --user-data-dir="$profile")

if [[ $mode == dom ]]; then
  # --virtual-time-budget lets the page's script finish before the DOM is serialised.
  exec "$chromium" "${flags[@]}" --virtual-time-budget=5000 --dump-dom "$page_url" 2>/dev/null
fi

[[ $# -ge 2 ]] || usage
out=$2
size=${3:-1280x2000}
[[ $size =~ ^[0-9]+x[0-9]+$ ]] || { echo "error: size must be WIDTHxHEIGHT, got $size" >&2; exit 2; }
out_abs="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
rm -f "$out_abs"
"$chromium" "${flags[@]}" --virtual-time-budget=5000 --screenshot="$out_abs" --window-size="${size/x/,}" "$page_url" >/dev/null 2>&1 || true
if [[ ! -s "$out_abs" ]]; then
  echo "error: chromium wrote no screenshot to $out" >&2
  exit 1
fi
echo "$out"

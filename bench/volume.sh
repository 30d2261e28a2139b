#!/usr/bin/env bash
# Volume benchmark: N generated issues of 3 articles each (a long report with
# three photos, its body five times, an interview, a commentary, from tests/genres), every issue's
# photos distinct files (the same pictures with a different JPEG comment, so
# nothing is shared or cached by accident), bound into one volume.
# For each N it prints:
#   cold   - `reportbook build` of everything from nothing (issues and volume, EPUB + PDF)
#   volpdf - the volume's PDF alone, its issues already built (`--format pdf`, record removed)
#   edit   - one article of one issue changed, then `reportbook build` (that issue and the volume)
# with the volume's page count and the peak memory of each run.
#   bash bench/volume.sh [N…]      (default: 10 50)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin="$root/target/release/reportbook"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1700000000
genres="$root/tests/genres"

# A copy of a JPEG with a comment segment after SOI: other bytes, same picture.
distinct_jpeg() { # src dst tag
  python3 - "$1" "$2" "$3" <<'EOF'
import sys
src, dst, tag = sys.argv[1], sys.argv[2], sys.argv[3].encode()
b = open(src, 'rb').read()
seg = b'\xff\xfe' + (len(tag) + 2).to_bytes(2, 'big') + tag
open(dst, 'wb').write(b[:2] + seg + b[2:])
EOF
}

# Seconds, peak MB of `$@` (GNU time).
timed() {
  /usr/bin/time -v "$@" > "$work/out.json" 2> "$work/time.log" || { cat "$work/time.log"; exit 1; }
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$work/time.log")
  mem=$(awk '/Maximum resident/ {printf "%.0f", $6/1024}' "$work/time.log")
  cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.2f", u+s}' "$work/time.log")
}

vol_pages() {
  python3 -c "import json; print([i['pages'] for i in json.load(open('$work/out.json'))['issues'] if i['volume']][0])"
}

printf '%4s %6s %10s %8s %8s %10s %8s %8s %10s %8s\n' N pages "cold s" "cpu s" "peak MB" "volpdf s" "cpu s" "peak MB" "edit s" "peak MB"
for n in "${@:-10 50}"; do
  src="$work/src-$n/source"
  mkdir -p "$src"
  printf 'name = "十堰日报"\n\n[[volume]]\nslug = "bound"\ntitle = "十堰日报·合订本"\nissues = ["*"]\n' > "$src/publication.toml"
  for i in $(seq -w 1 "$n"); do
    d="$src/2024-$i"
    mkdir -p "$d/photos"
    printf 'issue = %d\ndate = "2024-01-%02d"\n' "$((10#$i))" "$(( (10#$i - 1) % 28 + 1 ))" > "$d/issue.toml"
    for p in a b c; do distinct_jpeg "$genres/long-report/photos/$p.jpg" "$d/photos/$p.jpg" "issue $i"; done
    # The long report with its body (from the first `## ` on) five times: about 10 pages.
    sed -e '/^date = /d' "$genres/long-report/article.md" > "$d/01-report.md"
    body=$(awk 'f||/^## /{f=1; print}' "$genres/long-report/article.md")
    for _ in 1 2 3 4; do printf '\n%s\n' "$body" >> "$d/01-report.md"; done
    sed -e '/^date = /d' "$genres/interview/article.md" > "$d/02-interview.md"
    sed -e '/^date = /d' "$genres/commentary/article.md" > "$d/03-commentary.md"
  done
  out="$work/out-$n"
  timed "$bin" build "$src" --out "$out" --json --quiet
  cold=$secs; cold_cpu=$cpu; cold_mem=$mem; pages=$(vol_pages)
  rm -f "$out/bound/.reportbook-inputs"
  timed "$bin" build "$src" --out "$out" --json --quiet --format pdf
  vol=$secs; vol_cpu=$cpu; vol_mem=$mem
  # Put the EPUB back in step, then change one article.
  "$bin" build "$src" --out "$out" --quiet > /dev/null
  printf '\n补记：本文有更新。\n' >> "$(ls -d "$src"/2024-* | head -1)/03-commentary.md"
  timed "$bin" build "$src" --out "$out" --json --quiet
  printf '%4s %6s %10.2f %8s %8s %10.2f %8s %8s %10.2f %8s\n' "$n" "$pages" "$cold" "$cold_cpu" "$cold_mem" "$vol" "$vol_cpu" "$vol_mem" "$secs" "$mem"
  rm -rf "$work/src-$n" "$out"
done

#!/usr/bin/env bash
# Scale benchmark: one issue whose article is the seed's body repeated K times
# (generated here, never committed), built as EPUB + PDF. Prints pages, wall
# time and peak memory for each K, to show that time grows linearly with length
# and memory stays bounded.
#   bash bench/scale.sh [K…]      (default: 2 17 170 → about 10, 100, 1000 pages)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin="$root/target/release/reportbook"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The publication's settings without its volumes (their issues are not here).
sed '/^\[\[volume\]\]/,$d' "$root/source/publication.toml" > "$work/publication.toml"
seed="$root/source/2023-party-building"
export SOURCE_DATE_EPOCH=1700000000
printf '%6s %7s %9s %9s %10s %10s\n' K pages "time s" "s/page" "peak MB" "pdf MB"
for k in "${@:-2 17 170}"; do
  for kk in $k; do
    d="$work/scale-$kk"
    mkdir -p "$d"
    cp -r "$seed/photos" "$d/"
    # Front matter and title block once, then the body (from the first ## on) K times.
    awk '/^## /{exit} {print}' "$seed/article.md" > "$d/article.md"
    body=$(awk 'f||/^## /{f=1; print}' "$seed/article.md")
    for _ in $(seq "$kk"); do printf '%s\n\n' "$body" >> "$d/article.md"; done
    /usr/bin/time -v "$bin" build "$d" --out "$work/out" --force --json > "$work/summary.json" 2> "$work/time.log"
    pages=$(python3 -c "import json,sys; print(json.load(open('$work/summary.json'))['issues'][0]['pages'])")
    secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$work/time.log")
    mem=$(awk '/Maximum resident/ {printf "%.0f", $6/1024}' "$work/time.log")
    pdf=$(python3 -c "import json; print(round(json.load(open('$work/summary.json'))['issues'][0]['pdf']['bytes']/1048576,1))")
    printf '%6s %7s %9.2f %9.4f %10s %10s\n' "$kk" "$pages" "$secs" "$(awk -v s="$secs" -v p="$pages" 'BEGIN{print s/p}')" "$mem" "$pdf"
    rm -rf "$d" "$work/out"
  done
done

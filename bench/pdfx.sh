#!/usr/bin/env bash
# What PDF/X-4 costs, and what lopdf would have cost for the same step.
#   bash bench/pdfx.sh [K=220] [RUNS=5]
# 1. The whole print PDF build (`build --format pdf --force`) of the seed and of
#    a long issue (the seed's body K times, as bench/scale.sh; 220 → 992 pages),
#    with `[print] standard = "x4"` and `"none"`: median wall and CPU time.
# 2. lopdf 0.47 (default features off; bench/lopdf-cost, a separate crate so
#    lopdf never enters reportbook's build) loading, editing the catalog of and
#    saving the same two PDF/X files: the cost of the alternative to
#    src/pdf/pdfx.rs, which only rewrites the file's tail.
# `cargo bench --bench pdfx` times src/pdf/pdfx.rs alone (criterion).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
k=${1:-220}
runs=${2:-5}
# BIN=path/to/reportbook measures an already built binary (no cargo build).
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet --manifest-path "$root/Cargo.toml"
fi
[ -x "$root/target/lopdf-cost/release/lopdf-cost" ] ||
  cargo build --release --quiet --manifest-path "$root/bench/lopdf-cost/Cargo.toml" --target-dir "$root/target/lopdf-cost"
bin=${BIN:-"$root/target/release/reportbook"}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
seed="$root/source/2023-party-building"
export SOURCE_DATE_EPOCH=1700000000
for std in x4 none; do
  mkdir -p "$work/$std"
  sed -e "s/^standard = .*/standard = \"$std\"/" -e '/^\[\[volume\]\]/,$d' "$root/source/publication.toml" > "$work/$std/publication.toml"
  cp -r "$seed" "$work/$std/seed"
  d="$work/$std/long"
  mkdir -p "$d"
  cp -r "$seed/photos" "$d/"
  awk '/^## /{exit} {print}' "$seed/article.md" > "$d/article.md"
  body=$(awk 'f||/^## /{f=1; print}' "$seed/article.md")
  for _ in $(seq "$k"); do printf '%s\n\n' "$body" >> "$d/article.md"; done
done
printf '%-6s %-5s %7s %10s %10s %10s\n' issue std pages "wall s" "cpu s" "pdf bytes"
for issue in seed long; do
  for std in x4 none; do
    walls=(); cpus=()
    for _ in $(seq "$runs"); do
      /usr/bin/time -f "%e %U %S" -o "$work/t" "$bin" build "$work/$std/$issue" --format pdf --force --quiet --out "$work/out-$std" > /dev/null
      read -r w u s < "$work/t"
      walls+=("$w"); cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN{print u+s}')")
    done
    med() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
    pdf="$work/out-$std/$issue/$issue.pdf"
    pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
    printf '%-6s %-5s %7s %10s %10s %10s\n' "$issue" "$std" "${pages:-?}" "$(med "${walls[@]}")" "$(med "${cpus[@]}")" "$(stat -c %s "$pdf")"
  done
done
RUNS=$runs "$root/target/lopdf-cost/release/lopdf-cost" "$work/out-x4/seed/seed.pdf" "$work/out-x4/long/long.pdf"

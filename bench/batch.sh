#!/usr/bin/env bash
# Batch-build benchmark: N copies of the seed issue under a temporary folder.
#   bash bench/batch.sh [N=20] [RUNS=5]
# By default every copy's JPEGs are made distinct (a comment segment naming the
# copy is put after the start marker: same pixels, different bytes), as in a
# real batch where each issue has its own photos, so nothing is shared through
# the in-process memo or the cache. Prints the median wall and CPU time
# (user + system, summed over threads) of:
#   a cold build of 1 issue; a cold build of N distinct issues, EPUB + PDF,
#   then EPUB only and PDF only; a cold build of N issues that share the same
#   photos; a no-op rebuild of the N distinct issues; a rebuild after one text
#   edit; the peak memory (max RSS) of the cold N-issue build; and, when the
#   Typst anchor can run (`pip install typst`, fonts-noto-cjk), Typst's N PDFs
#   of the same report in one process, timed in the same loop as reportbook's
#   cold build (the two alternate, so both see the same machine load).
# On a shared machine the CPU column is the steadier one.
# BIN=path/to/reportbook measures another build (e.g. an older commit's)
# instead of building this checkout. TYPST_ANCHOR=dir points at the anchor
# (default ../shared/anchors/typst beside the checkout). Needs GNU time.
set -euo pipefail
N=${1:-20}
RUNS=${2:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet --manifest-path "$root/Cargo.toml"
fi
bin=$(realpath "${BIN:-$root/target/release/reportbook}")
anchor=${TYPST_ANCHOR:-$root/../shared/anchors/typst}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
seed="$root/source/2023-party-building"

# issue_copy DEST NUMBER DISTINCT: a copy of the seed issue numbered NUMBER;
# with DISTINCT=1 each JPEG gets a comment segment "issue-NNN" after FF D8.
issue_copy() {
  local dest=$1 n=$2 distinct=$3 f tag
  cp -r "$seed" "$dest"
  sed -i "s/^issue = 1$/issue = $n/" "$dest/article.md"
  [ "$distinct" = 1 ] || return 0
  tag=$(printf 'issue-%03d' "$n") # 9 bytes: segment length 11 (0x0b) with its own 2
  for f in "$dest"/photos/*.jpg; do
    { printf '\xff\xd8\xff\xfe\x00\x0b%s' "$tag"; tail -c +3 "$f"; } > "$f.tmp"
    mv "$f.tmp" "$f"
  done
}
mkdir -p "$work/one" "$work/many" "$work/shared"
# The publication's settings without its volumes (they name issues that are
# not in these folders).
for d in one many shared; do
  sed '/^\[\[volume\]\]/,$d' "$root/source/publication.toml" > "$work/$d/publication.toml"
done
issue_copy "$work/one/issue-001" 1 1
for i in $(seq 1 "$N"); do
  issue_copy "$work/many/issue-$(printf %03d "$i")" "$i" 1
  issue_copy "$work/shared/issue-$(printf %03d "$i")" "$i" 0
done
export SOURCE_DATE_EPOCH=1700000000

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timeit() { # command... → "wall cpu" in seconds (GNU time's wall clock has only 10 ms steps)
  local s e
  s=$(date +%s%N)
  if ! /usr/bin/time -f '%U %S' -o "$work/t.log" "$@" >"$work/out.log" 2>&1; then
    echo "bench: failed: $*" >&2
    cat "$work/out.log" >&2
    exit 1
  fi
  e=$(date +%s%N)
  awk -v d=$((e - s)) '{printf "%.4f %.3f\n", d / 1e9, $1 + $2}' "$work/t.log"
}
line() { # label, walls, cpus
  printf '%-46s %8.3f s wall %8.3f s CPU\n' "$1" \
    "$(printf '%s\n' $2 | median)" "$(printf '%s\n' $3 | median)"
}
run() { # label, setup, command...
  local label=$1 setup=$2; shift 2
  local walls="" cpus="" t
  for _ in $(seq "$RUNS"); do
    eval "$setup"
    t=$(timeit "$@")
    walls+=" ${t% *}" cpus+=" ${t#* }"
  done
  line "$label" "$walls" "$cpus"
}
typst_ok() {
  [ -f "$anchor/compile.py" ] && python3 -c 'import typst' 2>/dev/null &&
    fc-match -f '%{family}' 'Noto Serif CJK SC' 2>/dev/null | grep -q 'Noto Serif CJK'
}
cd "$work"
# "EPUB + PDF" is the EPUB and the print PDF; a binary that also writes the
# screen PDF by default is asked for those two only (an older one has no
# screen edition and no comma lists).
if "$bin" build --help | grep -q screen; then both=epub,pdf; else both=all; fi
run "cold build, 1 issue (EPUB+PDF)" "rm -rf out1" "$bin" build one --out out1 --format $both

# reportbook's cold N-issue build and Typst's N PDFs, alternating.
rb_w="" rb_c="" ty_w="" ty_c=""
if typst_ok; then
  mkdir -p typst/src
  cp "$anchor/article.typ" "$anchor/style.typ" typst/src/
  ln -sfn "$seed/photos" typst/src/photos
fi
for _ in $(seq "$RUNS"); do
  rm -rf outN
  t=$(timeit "$bin" build many --out outN --format $both)
  rb_w+=" ${t% *}" rb_c+=" ${t#* }"
  if typst_ok; then
    t=$(timeit python3 "$anchor/compile.py" typst/src/article.typ typst/out.pdf "$N")
    ty_w+=" ${t% *}" ty_c+=" ${t#* }"
  fi
done
line "cold build, $N distinct issues (EPUB+PDF)" "$rb_w" "$rb_c"
printf '%-46s %8.3f s CPU\n' "  per issue" "$(printf '%s\n' $rb_c | median | awk -v n="$N" '{print $1 / n}')"
if [ -n "$ty_w" ]; then
  line "Typst, $N PDFs in one process (no EPUB)" "$ty_w" "$ty_c"
  awk -v a="$(printf '%s\n' $ty_w | median)" -v b="$(printf '%s\n' $rb_w | median)" \
    'BEGIN {printf "%-46s %8.2f×\n", "  reportbook faster than Typst (wall)", a / b}'
else
  printf '%-46s %s\n' "Typst, $N PDFs in one process" "skipped (needs pip install typst, fonts-noto-cjk, $anchor)"
fi
run "cold build, $N distinct issues, EPUB only" "rm -rf outE" "$bin" build many --out outE --format epub
run "cold build, $N distinct issues, PDF only" "rm -rf outP" "$bin" build many --out outP --format pdf
if [ "$both" = epub,pdf ]; then
  run "cold build, $N distinct issues, + screen PDF" "rm -rf outA" "$bin" build many --out outA --format all
fi
run "cold build, $N issues sharing photos" "rm -rf outS" "$bin" build shared --out outS --format $both
run "no-op rebuild, $N issues" ":" "$bin" build many --out outN --format $both
run "rebuild after one text edit" "echo >> many/issue-001/article.md" "$bin" build many --out outN --format $both
rm -rf outN
/usr/bin/time -v "$bin" build many --out outN --format $both 2> time.log >/dev/null
printf '%-46s %8.1f MB\n' "peak memory, cold build of $N distinct issues" "$(awk '/Maximum resident/ {print $6/1024}' time.log)"
printf '%-46s %s\n' "machine" "$(nproc) cores, $(uname -m), load average $(cut -d' ' -f1-3 /proc/loadavg)"

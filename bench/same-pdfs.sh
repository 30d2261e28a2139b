#!/usr/bin/env bash
# Byte-identity guard for refactors of the page builder: builds every fixture
# (the seed report imported through the CLI, tests/typeset/elements/*.md,
# tests/kinds/*.md, tests/genres/*/article.md, the issues under source/) to
# the print and screen PDFs, each once as written and once with
# `columns = 2`, with SOURCE_DATE_EPOCH fixed, and lists their sha256s.
#
#   bench/same-pdfs.sh record [BIN] [LIST]   write the list (default bench/same-pdfs.sha256)
#   bench/same-pdfs.sh check  [BIN] [LIST]   rebuild and compare; exit 1 naming every PDF that differs
#
# BIN defaults to target/release/reportbook. Run from the repository root.
# KEEP=DIR keeps the built PDFs in DIR/out and DIR/out-samples (to compare
# two builds' text with pdftotext).
set -euo pipefail
mode=${1:?usage: same-pdfs.sh record|check [BIN] [LIST]}
bin=$(realpath "${2:-target/release/reportbook}")
list=$(realpath -m "${3:-bench/same-pdfs.sha256}")
root=$(pwd)
seed=${SEED:-/work/shared/seed}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1700000000

src="$work/source"
mkdir -p "$src"
# One issue folder per fixture article; its photos beside it.
add() { # name md-file photos-dir
    mkdir -p "$src/$1"
    cp "$2" "$src/$1/article.md"
    [ -d "$3" ] && cp -r "$3" "$src/$1/photos"
    # A two-column variant: `columns = 2` in the front matter's [layout].
    mkdir -p "$src/$1--2col"
    python3 - "$2" "$src/$1--2col/article.md" <<'PY'
import sys
md = open(sys.argv[1], encoding="utf-8").read()
if md.startswith("+++"):
    close = md.index("+++", 3)
    head, rest = md[:close], md[close:]
    if "[layout]" in head:
        head = head.replace("[layout]", "[layout]\ncolumns = 2", 1)
    else:
        head += "[layout]\ncolumns = 2\n"
    md = head + rest
else:
    md = "+++\n[layout]\ncolumns = 2\n+++\n" + md
open(sys.argv[2], "w", encoding="utf-8").write(md)
PY
    [ -d "$3" ] && cp -r "$3" "$src/$1--2col/photos"
    return 0
}
for f in "$root"/tests/typeset/elements/*.md; do add "el-$(basename "$f" .md)" "$f" none; done
for f in "$root"/tests/kinds/*.md; do add "kind-$(basename "$f" .md)" "$f" "$root/tests/kinds/photos"; done
for d in "$root"/tests/genres/*/; do add "genre-$(basename "$d")" "$d/article.md" "$d/photos"; done
# The seed report, imported as the CLI imports it.
"$bin" import "$seed/report.txt" --into "$src/seed" >/dev/null 2>&1
# The import names the photos photo-1.jpg … in caption order; the seed's are named.
mkdir -p "$src/seed/photos"
n=0
for p in village lecture neighborhood model-village exchange; do
    n=$((n + 1)); cp "$seed/photos/$p.jpg" "$src/seed/photos/photo-$n.jpg"
done
"$bin" build "$src" --out "$work/out" --format pdf,screen --quiet -j 2
# The samples under source/ (issues and the volume).
cp -r "$root/source" "$work/samples"
"$bin" build "$work/samples" --out "$work/out-samples" --format pdf,screen --quiet -j 2

if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP" && cp -r "$work/out" "$work/out-samples" "$KEEP"/; fi
(cd "$work" && find out out-samples -name '*.pdf' | LC_ALL=C sort | xargs sha256sum) > "$work/now"
n=$(wc -l < "$work/now")
case $mode in
record) cp "$work/now" "$list"; echo "recorded $n PDFs in $list" ;;
check)
    if diff <(cat "$list") "$work/now" > "$work/diff"; then
        echo "all $n PDFs byte-identical to $list"
    else
        echo "PDFs that differ from $list:"; grep '^[<>]' "$work/diff" | awk '{print $1, $3}' | sort -k2 -u
        exit 1
    fi ;;
*) echo "usage: same-pdfs.sh record|check [BIN] [LIST]" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Side by side: reportbook's print PDF of article.md (notes, an editor's note,
# a quotation, a section break, a 链接 box) and Typst's of article.typ, page 1
# of each at 100 dpi, as out/side-by-side.png (reportbook left, Typst right).
#   bash bench/typst-compare/run.sh        (needs pip install typst, ImageMagick, poppler)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${BIN:-$root/target/release/reportbook}
out=$here/out
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out" "$work/source/compare"
printf 'name = "十堰日报"\n' > "$work/source/publication.toml"
cp "$here/article.md" "$work/source/compare/"
SOURCE_DATE_EPOCH=1700000000 "$bin" build "$work/source/compare" --out "$work/out" --format pdf -q
python3 -c "import typst,sys; typst.compile(sys.argv[1], output=sys.argv[2])" "$here/article.typ" "$work/typst.pdf"
pdftoppm -r 100 -f 1 -l 1 -png "$work/out/compare/compare.pdf" "$work/ours"
pdftoppm -r 100 -f 1 -l 1 -png "$work/typst.pdf" "$work/typst"
convert "$work"/ours-*.png "$work"/typst-*.png +append "$out/side-by-side.png"
echo "$out/side-by-side.png"

#!/usr/bin/env bash
# Side by side with Typst, one PNG per kind: for every kinds/<kind>.md, the
# print PDF reportbook makes of it (left) and what Typst makes of
# kinds/<kind>.typ, the same content written by hand (right), page 1 at
# 100 dpi (pages 1–2 for the table, to show the continuation), as
# out/<kind>.png; and the mixed page of article.md / article.typ as
# out/side-by-side.png. Kinds: list, table (continued), notes, verse, box,
# qa, photo-group, quote, break, headings (levels 2–4).
#   bash bench/typst-compare/run.sh [KIND…]
# Needs target/release/reportbook (or BIN=…), `pip install typst`,
# ImageMagick (convert) and poppler (pdftoppm). The photo group's three
# photos (4:3, 3:4 and 16:9) are drawn here with ImageMagick.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${BIN:-$root/target/release/reportbook}
out=$here/out
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out" "$work/photos"
printf 'name = "十堰日报"\n' > "$work/publication.toml"
convert -size 1600x1200 plasma:steelblue-khaki -blur 0x2 "$work/photos/a.jpg"
convert -size 900x1200 gradient:seagreen-lightyellow "$work/photos/b.jpg"
convert -size 1920x1080 plasma:navy-orange -blur 0x2 "$work/photos/c.jpg"
front='+++\ndate = "2024-05-01"\n[[byline]]\nrole = "记者"\nnames = ["张三"]\n+++\n\n'

# side NAME MD TYP PAGES: build both, render PAGES of each, append them.
side() {
    local name=$1 md=$2 typ=$3 pages=$4
    local src=$work/src/$name
    mkdir -p "$src" "$work/typ/$name"
    cp "$work/publication.toml" "$work/src/"
    if head -1 "$md" | grep -q '^+++'; then cp "$md" "$src/article.md"; else
        { printf "$front"; cat "$md"; } > "$src/article.md"; fi
    cp -r "$work/photos" "$src/"
    SOURCE_DATE_EPOCH=1700000000 "$bin" build "$src" --out "$work/out" --format pdf -q
    cp "$typ" "$work/typ/$name/main.typ"
    cp "$here/kinds/preamble.typ" "$work/typ/$name/" 2>/dev/null || true
    cp -r "$work/photos" "$work/typ/$name/"
    python3 -c "import typst,sys; typst.compile(sys.argv[1], output=sys.argv[2])" \
        "$work/typ/$name/main.typ" "$work/typ/$name.pdf"
    pdftoppm -r 100 -f 1 -l "$pages" -png "$work/out/$name/$name.pdf" "$work/$name-ours"
    pdftoppm -r 100 -f 1 -l "$pages" -png "$work/typ/$name.pdf" "$work/$name-typst"
    convert "$work/$name"-ours-*.png +append "$work/$name-ours.png"
    convert "$work/$name"-typst-*.png +append "$work/$name-typst.png"
    convert "$work/$name-ours.png" "$work/$name-typst.png" -background white -splice 0x0 \
        +append -resize '2400x>' "$out/$name.png"
    echo "$out/$name.png"
}

kinds=("$@")
if [ ${#kinds[@]} -eq 0 ]; then
    kinds=(list table notes verse box qa photo-group quote break headings side-by-side)
fi
for k in "${kinds[@]}"; do
    if [ "$k" = side-by-side ]; then
        side side-by-side "$here/article.md" "$here/article.typ" 1
    else
        pages=1
        [ "$k" = table ] && pages=2
        side "$k" "$here/kinds/$k.md" "$here/kinds/$k.typ" "$pages"
    fi
done

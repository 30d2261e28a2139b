#!/bin/sh
# Regenerates the bundled faces in this folder from Debian's packages.
#   apt-get install fonts-noto-cjk fonts-lxgw-wenkai python3-fonttools   (or: pip install fonttools)
#   sh fonts/prepare.sh
# Each face is cut down to the GBK repertoire plus punctuation, Latin and digits
# (see gbk_repertoire.py) with every OpenType layout feature kept (halt, vhal,
# kern, locl ...), so the shaper still finds half-width punctuation.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
noto=/usr/share/fonts/opentype/noto
wenkai=/usr/share/fonts/truetype/lxgw-wenkai
python3 "$here/gbk_repertoire.py" > "$here/.unicodes.txt"
cut() { # in out [font-number]
  pyftsubset "$1" --font-number="${3:-0}" --unicodes-file="$here/.unicodes.txt" \
    --layout-features='*' --name-IDs='*' --name-languages='*' --notdef-outline \
    --no-hinting --desubroutinize --output-file="$2"
}
# Index 2 of Debian's Noto CJK collections is the Simplified Chinese face (0 is Japanese).
cut "$noto/NotoSerifCJK-Regular.ttc" "$here/NotoSerifSC-Regular.otf" 2
cut "$noto/NotoSansCJK-Bold.ttc" "$here/NotoSansSC-Bold.otf" 2
cut "$wenkai/LXGWWenKai-Regular.ttf" "$here/ReportbookKai-Regular.ttf"
python3 "$here/rename_kai.py" "$here/ReportbookKai-Regular.ttf"
rm -f "$here/.unicodes.txt"
ls -l "$here"/*.otf "$here"/*.ttf

#!/usr/bin/env bash
# The table keep rules' cost: one article holding a 2,000-row table in two
# columns (33 pages of 续表, the last page balanced), built RUNS times.
#   bash bench/big-table.sh [RUNS=3]     (BIN=… for another binary)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${BIN:-$root/target/release/reportbook}
runs=${1:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src/big"
printf 'name = "测试日报"\n' > "$work/src/publication.toml"
python3 - "$work/src/big/article.md" <<'PY'
import sys
md = '+++\ndate = "2024-05-01"\n[layout]\ncolumns = 2\n+++\n\n# 大表\n\n正文。\n\n表1　大表\n\n| 序号 | 片区 | 数值 |\n|--:|:--|--:|\n'
for r in range(2000):
    md += f"| {r+1} | 张湾区红卫第{r}片区 | {1000+r:,}.5 |\n"
open(sys.argv[1], "w").write(md + "\n文末。\n")
PY
for _ in $(seq "$runs"); do
    rm -rf "$work/out"
    SOURCE_DATE_EPOCH=1700000000 /usr/bin/time -f "%e s wall %U+%S s cpu %M KB" \
        "$bin" build "$work/src/big" --format pdf --out "$work/out" -q
done
pdfinfo "$work/out/big/big.pdf" 2>/dev/null | grep Pages

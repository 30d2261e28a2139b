#!/usr/bin/env bash
# Batch-build benchmark: N copies of the seed issue under a temporary folder.
#   bash bench/batch.sh [N=20] [RUNS=5]
# Prints the median wall time of: a cold build of 1 issue, a cold build of N
# issues (EPUB + PDF), a no-op rebuild of N unchanged issues, a rebuild after
# one text edit, and the peak memory (max RSS) of the cold N-issue build.
set -euo pipefail
N=${1:-20}
RUNS=${2:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin="$root/target/release/reportbook"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/one" "$work/many"
cp "$root/source/publication.toml" "$work/one/"
cp "$root/source/publication.toml" "$work/many/"
cp -r "$root/source/2023-party-building" "$work/one/issue-001"
for i in $(seq -f "%03g" 1 "$N"); do
  cp -r "$root/source/2023-party-building" "$work/many/issue-$i"
  sed -i "s/^issue = 1$/issue = $((10#$i))/" "$work/many/issue-$i/article.md"
done
export SOURCE_DATE_EPOCH=1700000000

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timeit() { # command... → seconds
  local s e
  s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N)
  awk -v d=$((e - s)) 'BEGIN {printf "%.4f\n", d / 1e9}'
}
run() { # label, setup, command
  local label=$1 setup=$2; shift 2
  local ts=()
  for _ in $(seq "$RUNS"); do
    eval "$setup"
    ts+=("$(timeit "$@")")
  done
  printf '%-40s %8.3f s\n' "$label" "$(printf '%s\n' "${ts[@]}" | median)"
}
cd "$work"
run "cold build, 1 issue (EPUB+PDF)" "rm -rf out1" "$bin" build one --out out1
run "cold build, $N issues (EPUB+PDF)" "rm -rf outN" "$bin" build many --out outN
run "no-op rebuild, $N issues" ":" "$bin" build many --out outN
run "rebuild after one text edit" "echo >> many/issue-001/article.md" "$bin" build many --out outN
rm -rf outN
/usr/bin/time -v "$bin" build many --out outN 2> time.log >/dev/null
printf '%-40s %8.1f MB\n' "peak memory, cold build of $N issues" "$(awk '/Maximum resident/ {print $6/1024}' time.log)"
printf '%-40s %s\n' "machine" "$(nproc) cores, $(uname -m)"

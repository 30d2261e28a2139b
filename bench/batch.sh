#!/usr/bin/env bash
# Batch-build benchmark: N copies of the seed issue under a temporary folder.
#   bash bench/batch.sh [N=20] [RUNS=5]
# Prints the median wall time of: a cold build of 1 issue, a cold build of N
# issues (EPUB + PDF), a no-op rebuild of N unchanged issues, a rebuild after
# one text edit, and the peak memory (max RSS) of the cold N-issue build.
# Each line shows the median wall time and the median CPU time (user + system,
# summed over threads): on a shared machine the CPU time is the steadier one.
# BIN=path/to/reportbook measures another build (e.g. an older commit's)
# instead of building this checkout. Needs GNU time (/usr/bin/time).
set -euo pipefail
N=${1:-20}
RUNS=${2:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet --manifest-path "$root/Cargo.toml"
fi
bin=$(realpath "${BIN:-$root/target/release/reportbook}")
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
timeit() { # command... → "wall cpu" in seconds (GNU time's wall clock has only 10 ms steps)
  local s e
  s=$(date +%s%N)
  /usr/bin/time -f '%U %S' -o "$work/t.log" "$@" >/dev/null 2>&1
  e=$(date +%s%N)
  awk -v d=$((e - s)) '{printf "%.4f %.3f\n", d / 1e9, $1 + $2}' "$work/t.log"
}
run() { # label, setup, command
  local label=$1 setup=$2; shift 2
  local walls=() cpus=() t
  for _ in $(seq "$RUNS"); do
    eval "$setup"
    t=$(timeit "$@")
    walls+=("${t% *}")
    cpus+=("${t#* }")
  done
  printf '%-40s %8.3f s wall %8.3f s CPU\n' "$label" \
    "$(printf '%s\n' "${walls[@]}" | median)" "$(printf '%s\n' "${cpus[@]}" | median)"
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

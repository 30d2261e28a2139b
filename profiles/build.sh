#!/bin/sh
# Regenerates the bundled CMYK output profile from Debian's measurement data.
#   apt-get install argyll icc-profiles-free
#   sh profiles/build.sh
# FOGRA39L.ti3 (Fogra's characterisation of ISO 12647-2:2004/Amd 1 offset on
# coated paper, 1,617 patches, packaged by Kai-Uwe Behrmann under the Zlib
# licence) goes through ArgyllCMS colprof:
#   -qm    medium quality A2B/B2A tables (mft2, 33-point grid)
#   -kr    black generation: a ramp (GCR), the usual choice for coated offset
#   -l300  total ink limit of the separation (B2A) tables, 300 %, the same as
#          reportbook's `[print] max_ink` default (FOGRA39 itself allows 330 %)
#   -L95   black ink limit 95 %
# The result is an ICC v2.2 `prtr` profile, CMYK → Lab. colprof stamps the
# profile header with the time it ran, so two runs differ in those bytes; the
# committed file is the one the PDFs embed (so builds stay reproducible).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp /usr/share/color/icc/FOGRA39L.ti3 "$work/"
( cd "$work" && colprof -qm -kr -l300 -L95 \
    -D "reportbook FOGRA39L coated (ArgyllCMS colprof)" \
    -C "Built by reportbook profiles/build.sh from FOGRA39L.ti3 (Fogra data, Zlib licence, packaged by Kai-Uwe Behrmann)" \
    FOGRA39L )
cp "$work/FOGRA39L.icc" "$here/reportbook-fogra39.icc"
ls -l "$here/reportbook-fogra39.icc"

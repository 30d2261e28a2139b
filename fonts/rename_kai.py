#!/usr/bin/env python3
"""The OFL reserves the names "LXGW" and "霞鹜" for unmodified builds; a subset
is a modified version, so it must carry another name. Renames the family to
"Reportbook Kai" in every name record."""
import sys
from fontTools.ttLib import TTFont
f = TTFont(sys.argv[1])
for rec in f["name"].names:
    if rec.nameID in (1, 3, 4, 6, 16, 17, 21):
        new = {1: "Reportbook Kai", 3: "ReportbookKai-Regular", 4: "Reportbook Kai Regular",
               6: "ReportbookKai-Regular", 16: "Reportbook Kai", 17: "Regular", 21: "Reportbook Kai"}[rec.nameID]
        rec.string = new
f.save(sys.argv[1])

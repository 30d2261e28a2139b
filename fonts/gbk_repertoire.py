#!/usr/bin/env python3
"""Print the code points a bundled face must keep: the whole GBK repertoire
(every character GBK can encode, which includes GB2312 and the CJK Unified
Ideographs block), printable ASCII, Latin-1, General Punctuation, CJK Symbols
and Punctuation and the full-width forms. One hex code point per line."""
cps = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))
cps |= set(range(0x2000, 0x2070)) | set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0))
cps |= {0x2E3A, 0x2E3B, 0x22EF, 0x2027, 0x30FB, 0x25CB, 0x25A1, 0x2116, 0x2103}
for lead in range(0x81, 0xFF):
    for trail in range(0x40, 0xFF):
        if trail == 0x7F:
            continue
        try:
            s = bytes([lead, trail]).decode("gbk")
        except UnicodeDecodeError:
            continue
        cps.update(ord(c) for c in s)
for cp in sorted(cps):
    print(f"{cp:04X}")

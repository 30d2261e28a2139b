"""The per-element fixtures measured with the shared judges.

    python3 bench/elements-judges.py [OUT=/tmp/elements-judges]

Builds every fixture of tests/typeset/elements/ (and the Q&A fixture with
`qa = "hanging"`, the long table and the Q&A in two columns, the titled
poems centred) with
target/release/reportbook, writes for each a judge-conservation truth file
(OUT/<name>/cons.json: its paragraphs, list items, table rows and cells,
verse lines and poems, notes and turns, read from the Markdown), then runs

    judge-pdf OUT/<name>/out/<name>/<name>.pdf
    judge-conservation --truth OUT/<name>/cons.json --pdf … --epub …
    judge-structure --truth OUT/<name>/cons.json --pdf … --epub …

and prints one summary line per fixture (the judges are in ../shared/tools
beside the checkout, or /work/shared/tools).
"""
import json, os, re, shutil, subprocess, sys

wt = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
base = sys.argv[1] if len(sys.argv) > 1 else "/tmp/elements-judges"
tools = os.path.join(wt, "..", "shared", "tools")
if not os.path.isdir(tools):
    tools = "/work/shared/tools"
exe = os.path.join(wt, "target", "release", "reportbook")
fixtures = os.path.join(wt, "tests", "typeset", "elements")

# (name, fixture, extra [layout] lines)
CASES = [
    ("list", "list", ""),
    ("table", "table", ""),
    ("long-table", "long-table", ""),
    ("long-table-2col", "long-table", "columns = 2"),
    ("verse", "verse", ""),
    ("verse-centre", "verse-centre", ""),
    ("verse-head", "verse-head", ""),
    ("verse-head-centre", "verse-head", 'verse = "centre"'),
    ("notes", "notes", ""),
    ("qa", "qa", ""),
    ("qa-hanging", "qa", 'qa = "hanging"'),
    ("qa-hanging-2col", "qa", 'qa = "hanging"\ncolumns = 2'),
    ("short-tables", "short-tables", ""),
    ("short-tables-2col", "short-tables", "columns = 2"),
    ("wide-table-2col", "wide-table", "columns = 2"),
    ("tall-row", "tall-row", ""),
    ("tall-row-2col", "tall-row", "columns = 2"),
]


def with_layout(md, layout):
    if not layout:
        return md
    close = md.index("+++", 3)
    head = md[:close]
    table = "" if "[layout]" in head else "[layout]\n"
    return head + table + layout + "\n" + md[close:]


def plain(s):
    s = re.sub(r"\[\^\d+\]", "{{fn}}", s)
    return s.replace("**", "").strip()


def truth(md):
    """Units in source order, from the fixture's Markdown."""
    body = md.split("+++", 2)[2]
    units, rows, verse, poems, notes = [], [], [], [], []
    structure = {}
    in_poem, stanza, poem = False, [], []
    in_table = False
    lists = {"ol": 0, "ul": 0}
    open_lists = []  # the lists (indent, ordered) open since the last blank line
    for line in body.split("\n"):
        s = line.strip()
        if s.startswith("```"):
            if in_poem:
                if stanza:
                    poem.append(stanza)
                poems.append(poem)
                in_poem, stanza, poem = False, [], []
            else:
                in_poem = True
            continue
        if in_poem:
            if s:
                text = s.lstrip("\u3000")
                verse.append(text)
                stanza.append(text)
                units.append({"kind": "verse_line", "text": text})
            elif stanza:
                poem.append(stanza)
                stanza = []
            continue
        kind = None
        in_table = in_table and s.startswith("|")
        if not s:
            open_lists = []
            continue
        if s.startswith("# "):
            units.append({"kind": "title", "text": s[2:]})
        elif m := re.match(r"#{2,6}\s+(.*)", s):
            units.append({"kind": "heading", "text": m.group(1)})
        elif units and units[-1]["kind"] == "heading" and len(s) <= 16 and not re.search(r"[。，！？；]", s):
            # a short name line right under a poem's heading: its author
            units.append({"kind": "poem_author", "text": s})
        elif s.startswith("|"):
            cells = [c.strip() for c in s.strip("|").split("|")]
            if all(re.fullmatch(r":?-+:?", c) for c in cells):
                continue
            if not in_table:
                structure["tables"] = structure.get("tables", 0) + 1
            in_table = True
            rows.append(cells)
            units.extend({"kind": "table_cell", "text": c} for c in cells)
            open_lists = []
            continue
        elif m := re.match(r"(\s*)(\d+\.|-)\s+(.*)", line):
            ordered = m.group(2) != "-"
            key = (len(m.group(1)), ordered)
            while open_lists and open_lists[-1][0] > key[0]:
                open_lists.pop()
            if not open_lists or open_lists[-1] != key:
                lists["ol" if ordered else "ul"] += 1
                open_lists.append(key)
            units.append({"kind": "list_item", "text": plain(m.group(3))})
            continue
        elif m := re.match(r"\[\^(\d+)\]:\s*(.*)", s):
            notes.append(m.group(2))
            units.append({"kind": "footnote", "text": plain(m.group(2))})
        elif re.match(r"\*\*[^*]+：\*\*|问：|答：", s):
            units.append({"kind": "qa_turn", "text": plain(s)})
        else:
            units.append({"kind": "paragraph", "text": plain(s)})
        open_lists = []
    if lists["ol"]:
        structure["ordered_lists"] = lists["ol"]
    if lists["ul"]:
        structure["bullet_lists"] = lists["ul"]
    if notes:
        structure["footnotes"] = len(notes)
    return {
        "units": units,
        "verse_lines": verse,
        "poems": poems,
        "table_rows": rows,
        "structure": structure,
    }


def last_line(out):
    lines = [l for l in out.strip().split("\n") if l.strip()]
    return lines[-1] if lines else "(no output)"


def run(args):
    return subprocess.run(args, capture_output=True, text=True).stdout


def main():
    shutil.rmtree(base, ignore_errors=True)
    for name, fixture, layout in CASES:
        root = os.path.join(base, name)
        src = os.path.join(root, "source", name)
        os.makedirs(src)
        open(os.path.join(root, "source", "publication.toml"), "w").write('name = "测试日报"\n')
        md = with_layout(open(os.path.join(fixtures, fixture + ".md")).read(), layout)
        open(os.path.join(src, "article.md"), "w").write(md)
        cons = os.path.join(root, "cons.json")
        json.dump(truth(md), open(cons, "w"), ensure_ascii=False, indent=1)
        b = subprocess.run([exe, "build", "source/" + name, "--out", "out"], cwd=root,
                           capture_output=True, text=True)
        if b.returncode != 0:
            print(f"{name}: build failed\n{b.stdout}{b.stderr}")
            continue
        pdf = os.path.join(root, "out", name, name + ".pdf")
        epub = os.path.join(root, "out", name, name + ".epub")
        # judge-pdf's own truth (the seed's schema): the body text as intro
        # paragraphs, so its justification and overfull checks see them
        # (table captions and notes are not body text). Its line-to-paragraph
        # matching also takes table cells that repeat a paragraph's words
        # ("片区", "2024年") for paragraph lines: read its ragged list.
        t = truth(md)
        seed = {
            "title": next(u["text"] for u in t["units"] if u["kind"] == "title"),
            "intro_paragraphs": [u["text"].replace("{{fn}}", "") for u in t["units"]
                                 if u["kind"] in ("paragraph", "qa_turn", "list_item")
                                 and not re.match(r"表\d|注：|数据来源", u["text"])],
            "sections": [],
        }
        pdf_truth = os.path.join(root, "truth-pdf.json")
        json.dump(seed, open(pdf_truth, "w"), ensure_ascii=False, indent=1)
        jp = json.loads(run([os.path.join(tools, "judge-pdf"), pdf, "--truth", pdf_truth, "--json"]))
        kin = jp.get("kinsoku_clreq", {})
        offenders = kin.get("offenders", kin.get("count", "?"))
        if isinstance(offenders, list):
            offenders = len(offenders)
        lines_n = kin.get("lines", kin.get("total_lines", "?"))
        jc = run([os.path.join(tools, "judge-conservation"), "--truth", cons, "--pdf", pdf, "--epub", epub])
        js = run([os.path.join(tools, "judge-structure"), "--truth", cons, "--pdf", pdf, "--epub", epub])
        open(os.path.join(root, "judge-pdf.json"), "w").write(json.dumps(jp, ensure_ascii=False, indent=1))
        open(os.path.join(root, "judge-conservation.txt"), "w").write(jc)
        open(os.path.join(root, "judge-structure.txt"), "w").write(js)
        j = jp.get("justification") or {}
        just = f"justified {j.get('share_flush', j.get('share', '?'))} of {j.get('non_last_lines', j.get('lines', '?'))}, overfull {len(j.get('overfull', [])) if isinstance(j.get('overfull'), list) else j.get('overfull', '?')}"
        print(f"{name}: judge-pdf kinsoku_clreq offenders {offenders} of {lines_n} lines, {just} | {last_line(jc)} | {last_line(js)}")


main()

"""Page-foot notes measured with the shared judges.

    python3 bench/notes-seed.py [COLUMNS=1] [OUT=/tmp/notes-seed]

Makes a notes variant of the seed issue (8 notes of one to four lines, each
referenced after the first 。 of every other long paragraph), builds it with
target/release/reportbook, and writes OUT/c<COLUMNS>/truth.json (the seed's
truth with the marks as printed, read back from pdftotext: the numbers depend
on the page) and cons.json (judge-conservation units, the notes as
`footnote`). Then run:

    judge-pdf OUT/c1/out/ns/ns.pdf --truth OUT/c1/truth.json
    judge-conservation --truth OUT/c1/cons.json --pdf OUT/c1/out/ns/ns.pdf
    judge-structure --truth OUT/c1/cons.json --pdf OUT/c1/out/ns/ns.pdf

(the judges are in ../shared/tools beside the checkout; the seed truth is
../shared/seed/truth.json, or SEED_TRUTH=path).
"""
import json, os, re, shutil, subprocess, sys
wt = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
cols = sys.argv[1] if len(sys.argv) > 1 else "1"
base = sys.argv[2] if len(sys.argv) > 2 else "/tmp/notes-seed"
seed_truth = os.environ.get("SEED_TRUTH", os.path.join(wt, "..", "shared", "seed", "truth.json"))
if not os.path.exists(seed_truth):
    seed_truth = "/work/shared/seed/truth.json"
root = f"{base}/c{cols}"
shutil.rmtree(root, ignore_errors=True)
os.makedirs(root + "/source")
shutil.copytree(wt + "/source/2023-party-building", root + "/source/ns")
# The publication's settings without its volumes (their issues are not here).
pub = open(wt + "/source/publication.toml").read()
open(root + "/source/publication.toml", "w").write(pub.split("[[volume]]")[0])
md = open(root + "/source/ns/article.md").read()
NOTES = [
    "据市委组织部统计，数据截至2023年6月底。",
    "“共同缔造”指美好环境与幸福生活共同缔造活动，以决策共谋、发展共建、建设共管、效果共评、成果共享为主要内容，2019年起在全省推开。",
    "参见《中国共产党支部工作条例（试行）》，2018年10月。",
    "能力作风建设年活动由市委于2023年初部署，以“创一流、争第一、干唯一”为目标，分为学习提升、实践比拼、总结评估三个阶段，历时一年。各县市区同步开展，市委组织部负责统筹督导。",
    "即“网格化管理、精细化服务、信息化支撑”的基层治理平台。",
    "资料来源：十堰市统计局《2023年上半年全市经济运行情况》。",
    "党员积分制管理办法由市委组织部2022年制定，按政治学习、参加活动、联系群众、发挥作用四类计分，年终积分与评先评优挂钩。",
    "引自习近平总书记在党的二十大报告中的论述。",
]
lines = md.split("\n")
body_start = next(i for i, l in enumerate(lines) if l.startswith("# "))
k = 0
marked = []  # (prefix up to and including the first 。)
count = 0
for i in range(body_start + 1, len(lines)):
    l = lines[i]
    if len(l) > 60 and re.match(r"[\u4e00-\u9fff“]", l) and "。" in l:
        count += 1
        if count % 2 == 0 and k < len(NOTES):
            j = l.index("。") + 1
            marked.append(l[:j])
            lines[i] = l[:j] + f"[^{k+1}]" + l[j:]
            k += 1
md = "\n".join(lines).rstrip("\n") + "\n\n" + "".join(f"[^{n+1}]: {t}\n" for n, t in enumerate(NOTES[:k]))
if cols == "2":
    head, rest = md.split("+++\n", 2)[1], md.split("+++\n", 2)[2]
    md = "+++\n" + head + "[layout]\ncolumns = 2\n+++\n" + rest
open(root + "/source/ns/article.md", "w").write(md)
out = root + "/out"
r = subprocess.run([wt + "/target/release/reportbook", "build", root + "/source/ns", "--out", out, "--force", "-q"], capture_output=True, text=True)
print(r.stdout, r.stderr)
pdf = out + "/ns/ns.pdf"
text = re.sub(r"\s", "", subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout)
truth = json.load(open(seed_truth))
def fix(p):
    for pre in marked:
        if p.startswith(pre) or pre in p:
            s = re.sub(r"\s", "", pre)
            m = re.search(re.escape(s[-10:]) + "([①-⑳])", text)
            mark = m.group(1) if m else "?"
            return p.replace(pre, pre + mark, 1)
    return p
truth["intro_paragraphs"] = [fix(p) for p in truth["intro_paragraphs"]]
for s in truth["sections"]:
    s["paragraphs"] = [fix(p) for p in s["paragraphs"]]
# The notes as paragraphs too (mark + text), to judge their lines.
json.dump(truth, open(root + "/truth.json", "w"), ensure_ascii=False)
orig = json.load(open(seed_truth))
def fn(p):
    for pre in marked:
        if pre in p:
            return p.replace(pre, pre + "{{fn}}", 1)
    return p
units = [{"kind": "title", "text": orig["title"]}]
units += [{"kind": "paragraph", "text": fn(p)} for p in orig["intro_paragraphs"]]
for sec in orig["sections"]:
    units += [{"kind": "paragraph", "text": fn(p)} for p in sec["paragraphs"]]
units += [{"kind": "footnote", "text": n} for n in NOTES[:k]]
json.dump({"units": units, "structure": {"footnotes": k}}, open(root + "/cons.json", "w"), ensure_ascii=False)
print("notes:", k, "pdf:", pdf)

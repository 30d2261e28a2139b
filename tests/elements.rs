//! Per-element typeset fixtures (`tests/typeset/elements/*.md`): each small
//! article is typeset with the library and its pages read back as visual
//! lines (text, left and right edge, face, structure tag) to check the layout
//! properties each kind promises: lists hang on their markers, tables keep
//! numbers whole and continue with 续表, poems keep their lines (indented or
//! centred, never justified), notes stay on their reference's page, Q&A turns
//! as indented paragraphs or hanging on the speaker, and every line inside
//! the type area with no prohibited line start or end (clreq §3.1.4).

mod common;

use reportbook::fonts::{Fonts, Role};
use reportbook::frame::{Frame, FrameItem, Geometry, PagedDoc, Point, TagKind};
use std::path::Path;

/// Body type size of the fixtures (the default), pt.
const SIZE: f32 = 10.5;
/// Tolerance for positions, pt.
const TOL: f32 = 0.6;
/// clreq §3.1.4 (basic + GB): no line starts with these …
const NO_LINE_START: &str = "、，。．；：？！”’）》〉」』】〗〕］｝";
/// … and none ends with these.
const NO_LINE_END: &str = "“‘（《〈「『【〖〔［｛";

fn fonts() -> &'static Fonts {
    Fonts::shared().expect("bundled fonts load")
}

/// The fixture `name`, with `layout` lines added to its settings.
fn fixture(name: &str, layout: &str) -> String {
    let md = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/typeset/elements/{name}.md")),
    )
    .unwrap();
    if layout.is_empty() {
        return md;
    }
    with_layout(&md, layout)
}

/// `md` with `layout` lines added to its settings (a front matter made when
/// it has none).
fn with_layout(md: &str, layout: &str) -> String {
    if !md.starts_with("+++") {
        return format!("+++\n[layout]\n{layout}\n+++\n\n{md}");
    }
    let close = md[3..].find("+++").unwrap() + 3;
    let head = &md[..close];
    let table = if head.contains("[layout]") {
        ""
    } else {
        "[layout]\n"
    };
    format!("{head}{table}{layout}\n{}", &md[close..])
}

/// Load an article.
fn load(md: &str) -> reportbook::model::Issue {
    let ws = common::Workspace::new();
    let dir = ws.issue("x", md.as_bytes());
    let (issue, diags) = reportbook::source::load_issue(&dir);
    let issue = issue.unwrap_or_else(|e| panic!("loads: {e:?}"));
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
    issue
}

/// The EPUB's article document and its stylesheet.
fn epub_parts(md: &str) -> (String, String) {
    use std::io::Read;
    let issue = load(md);
    let (bytes, _) =
        reportbook::epub::epub(&issue, fonts(), &reportbook::epub::EpubOptions::default()).unwrap();
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut read = |name: &str| {
        let mut s = String::new();
        z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let css_name = "EPUB/style.css";
    (read("EPUB/text.xhtml"), read(css_name))
}

/// Load and typeset an article.
fn typeset(md: &str) -> PagedDoc {
    let ws = common::Workspace::new();
    let dir = ws.issue("x", md.as_bytes());
    let (issue, diags) = reportbook::source::load_issue(&dir);
    let issue = issue.unwrap_or_else(|e| panic!("loads: {e:?}"));
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
    let (doc, _) = reportbook::typeset::typeset(&issue, fonts()).expect("typesets");
    doc
}

/// One run of glyphs as placed on a page.
#[derive(Debug, Clone)]
struct Run {
    page: usize,
    x: f32,
    y: f32,
    w: f32,
    text: String,
    role: Role,
    size: f32,
    kind: Option<TagKind>,
    /// Each glyph's text and advance, pt.
    glyphs: Vec<(String, f32)>,
}

/// A visual line: the runs on one baseline of a page, left to right.
#[derive(Debug, Clone)]
struct Line {
    page: usize,
    y: f32,
    x0: f32,
    x1: f32,
    text: String,
    runs: Vec<Run>,
}

fn walk(frame: &Frame, at: Point, kind: Option<&TagKind>, page: usize, out: &mut Vec<Run>) {
    for (pos, item) in &frame.items {
        let p = Point::new(at.x + pos.x, at.y + pos.y);
        match item {
            FrameItem::Group(g) => {
                let k = g.tag.as_ref().map(|t| &t.kind).or(kind);
                walk(&g.frame, p, k, page, out);
            }
            FrameItem::Text(t) => {
                let text: String = t
                    .glyphs
                    .iter()
                    .map(|g| &t.text[g.text_range.clone()])
                    .collect();
                out.push(Run {
                    page,
                    x: p.x,
                    y: p.y,
                    w: t.width(),
                    text,
                    role: t.face,
                    size: t.size_pt,
                    kind: kind.cloned(),
                    glyphs: t
                        .glyphs
                        .iter()
                        .map(|g| {
                            (
                                t.text[g.text_range.clone()].to_string(),
                                g.advance_em * t.size_pt,
                            )
                        })
                        .collect(),
                });
            }
            _ => {}
        }
    }
}

/// Every run of the document.
fn runs(doc: &PagedDoc) -> Vec<Run> {
    let mut out = Vec::new();
    for (k, page) in doc.pages.iter().enumerate() {
        walk(&page.frame, Point::new(0.0, 0.0), None, k, &mut out);
    }
    out
}

/// The visual lines of the type area (running heads and folios left out),
/// in page and reading order (top to bottom, then left to right): the runs
/// on one baseline.
fn lines(doc: &PagedDoc) -> Vec<Line> {
    lines_apart(doc, f32::MAX)
}

/// [`lines`], where runs on one baseline more than `gap_em` apart are
/// separate lines (the columns of a two-column page).
fn lines_apart(doc: &PagedDoc, gap_em: f32) -> Vec<Line> {
    let mut all = runs(doc);
    all.retain(|r| !matches!(r.kind, Some(TagKind::Artifact(_))) && !r.text.trim().is_empty());
    all.sort_by(|a, b| (a.page, a.y, a.x).partial_cmp(&(b.page, b.y, b.x)).unwrap());
    let mut out: Vec<Line> = Vec::new();
    for r in all {
        let same = out.last().is_some_and(|l: &Line| {
            l.page == r.page
                && (l.y - r.y).abs() < 0.5
                && r.x >= l.x0
                && (r.x - l.x1) < SIZE * gap_em
        });
        if same {
            let l = out.last_mut().unwrap();
            l.x1 = l.x1.max(r.x + r.w);
            l.text.push_str(&r.text);
            l.runs.push(r);
        } else {
            out.push(Line {
                page: r.page,
                y: r.y,
                x0: r.x,
                x1: r.x + r.w,
                text: r.text.clone(),
                runs: vec![r],
            });
        }
    }
    out
}

/// The first line whose text starts with `start`.
fn line_starting<'a>(lines: &'a [Line], start: &str) -> &'a Line {
    lines
        .iter()
        .find(|l| l.text.starts_with(start))
        .unwrap_or_else(|| panic!("no line starts with {start}: {:#?}", texts(lines)))
}

fn index_starting(lines: &[Line], start: &str) -> usize {
    lines
        .iter()
        .position(|l| l.text.starts_with(start))
        .unwrap_or_else(|| panic!("no line starts with {start}: {:#?}", texts(lines)))
}

fn texts(lines: &[Line]) -> Vec<(usize, f32, String)> {
    lines
        .iter()
        .map(|l| (l.page, l.x0, l.text.clone()))
        .collect()
}

/// What holds for every line of every fixture: inside the type area, and
/// no prohibited mark at its start or end.
fn check_lines(doc: &PagedDoc, lines: &[Line]) {
    for l in lines {
        let body = doc.pages[l.page].body;
        assert!(
            l.x0 >= body.x - TOL && l.x1 <= body.x + body.w + TOL,
            "line outside the type area ({:.1}..{:.1} of {:.1}..{:.1}): {}",
            l.x0,
            l.x1,
            body.x,
            body.x + body.w,
            l.text
        );
        let first = l.text.chars().next().unwrap();
        let last = l.text.chars().next_back().unwrap();
        assert!(
            !NO_LINE_START.contains(first),
            "line starts with {first}: {}",
            l.text
        );
        assert!(
            !NO_LINE_END.contains(last),
            "line ends with {last}: {}",
            l.text
        );
    }
}

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() <= TOL
}

fn body_x(doc: &PagedDoc) -> (f32, f32) {
    let b = doc.pages[0].body;
    (b.x, b.x + b.w)
}

#[test]
fn list_items_hang_on_their_markers() {
    let doc = typeset(&fixture("list", ""));
    let lines = lines(&doc);
    check_lines(&doc, &lines);
    let (left, right) = body_x(&doc);
    // Numbered: the marker at the column's edge, the text after the hang
    // (the widest marker, 12., and a space, in whole em), every line of an
    // item aligned with its text.
    let i1 = index_starting(&lines, "1.");
    let first = &lines[i1];
    assert!(close(first.x0, left), "{first:?}");
    let text_x = first.runs[1].x;
    assert!(text_x > left + SIZE, "the text stands after the marker");
    let hang = text_x - left;
    assert!(
        close(hang / SIZE, (hang / SIZE).round()),
        "whole em: {hang}"
    );
    assert!(
        close(lines[i1 + 1].x0, text_x),
        "continuation aligned with the text"
    );
    // Non-last lines of an item are justified to the column's end.
    assert!(close(first.x1, right), "justified: {first:?}");
    // Every item's text at the same hang, the two-digit markers too.
    let i10 = index_starting(&lines, "10.");
    assert!(close(lines[i10].runs[1].x, text_x));
    assert!(close(lines[i10 + 1].x0, text_x));
    // Chinese markers hang the same way.
    let c1 = index_starting(&lines, "（一）");
    assert!(close(lines[c1].x0, left));
    let c_text = lines[c1].runs[1].x;
    assert!(close(lines[c1 + 1].x0, c_text), "{:?}", lines[c1 + 1]);
    // A nested list indents further than its parent's text.
    let outer = line_starting(&lines, "•");
    let inner = lines
        .iter()
        .find(|l| l.text.contains("二级要点，细化"))
        .unwrap();
    let outer_text = outer.runs[1].x;
    assert!(
        close(inner.x0, outer_text),
        "the nested marker under the parent's text"
    );
    assert!(inner.runs[1].x > outer_text + SIZE);
}

#[test]
fn table_numbers_stay_whole_and_columns_align() {
    let doc = typeset(&fixture("table", ""));
    let lines = lines(&doc);
    check_lines(&doc, &lines);
    // Caption centred in Hei above, unit at the right.
    let cap = line_starting(&lines, "表2");
    assert_eq!(cap.runs[0].role, Role::Heading);
    let (left, right) = body_x(&doc);
    assert!(close(cap.x0 - left, right - cap.x1), "caption centred");
    let unit = line_starting(&lines, "单位");
    assert!(close(unit.x1, right), "unit at the right");
    // Each row on one line, its numbers whole; numeric columns flush right.
    let mut ends: Vec<Vec<f32>> = Vec::new();
    for (name, nums) in [
        ("地区生产总值", ["1,860.5", "2,001.3", "7.6%"]),
        ("规模以上工业增加值", ["998.0", "1,020.4", "2.2%"]),
        ("社会消费品零售总额", ["456.7", "489.1", "7.1%"]),
    ] {
        let row = line_starting(&lines, name);
        let mut e = Vec::new();
        for n in nums {
            let run = row
                .runs
                .iter()
                .find(|r| r.text == n)
                .unwrap_or_else(|| panic!("{n} whole in one run: {row:?}"));
            assert_eq!(run.kind, Some(TagKind::TableCell));
            e.push(run.x + run.w);
        }
        ends.push(e);
    }
    for c in 0..3 {
        assert!(
            ends.iter().all(|e| close(e[c], ends[0][c])),
            "column {c} flush right: {ends:?}"
        );
    }
    // Type one size down.
    let row = line_starting(&lines, "地区生产总值");
    assert!(row.runs[0].size < SIZE);
}

/// A table row's cells on one visual line: runs closer than ½ em belong
/// to one cell; each cell as (left, right, text).
fn cells(line: &Line) -> Vec<(f32, f32, String)> {
    let mut out: Vec<(f32, f32, String)> = Vec::new();
    for r in &line.runs {
        match out.last_mut() {
            Some(c) if r.x - c.1 < 0.5 * r.size => {
                c.1 = r.x + r.w;
                c.2.push_str(&r.text);
            }
            _ => out.push((r.x, r.x + r.w, r.text.clone())),
        }
    }
    out
}

/// A table's article: `rows` under a header, aligned as `aligns` says.
fn table_article(head: &str, aligns: &str, rows: &[&str]) -> String {
    format!(
        "+++\ndate = \"2024-05-01\"\n+++\n\n# 列宽\n\n正文。\n\n表1　列宽\n\n{head}\n{aligns}\n{}\n\n正文之后。\n",
        rows.join("\n")
    )
}

#[test]
fn table_columns_share_the_spare_width_by_their_content() {
    // Every column fits at its natural width: each gets it times one share
    // of the measure (an even spread would widen the short columns as much
    // as the long one).
    let md = table_article(
        "| 项目 | 说明 | 2023年 | 2024年 |",
        "|:--|:--|:--|:--|",
        &[
            "| 甲 | 短说明 | 1.5 | 22.75 |",
            "| 乙 | 一个较长的说明文字 | 1,234.5 | 3.0 |",
        ],
    );
    let doc = typeset(&md);
    let lines = lines(&doc);
    check_lines(&doc, &lines);
    let (left, right) = body_x(&doc);
    let rows: Vec<Vec<(f32, f32, String)>> = ["项目", "甲", "乙"]
        .iter()
        .map(|s| cells(line_starting(&lines, s)))
        .collect();
    assert!(rows.iter().all(|r| r.len() == 4), "{rows:?}");
    let pad = 0.5 * line_starting(&lines, "甲").runs[0].size;
    // Left aligned: each cell starts its column's text; columns meet at the
    // cells' starts less the padding.
    let starts: Vec<f32> = (0..4).map(|c| rows[0][c].0 - pad).collect();
    for r in &rows {
        for c in 0..4 {
            assert!(
                close(r[c].0 - pad, starts[c]),
                "column {c} aligned: {rows:?}"
            );
        }
    }
    assert!(
        close(starts[0], left),
        "the table starts at the column's edge"
    );
    let widths: Vec<f32> = (0..4)
        .map(|c| starts.get(c + 1).copied().unwrap_or(right) - starts[c])
        .collect();
    let natural: Vec<f32> = (0..4)
        .map(|c| rows.iter().map(|r| r[c].1 - r[c].0).fold(0.0, f32::max) + 2.0 * pad)
        .collect();
    let share = (right - left) / natural.iter().sum::<f32>();
    assert!(share > 1.2, "room to spare: {share}");
    for c in 0..4 {
        assert!(
            (widths[c] - natural[c] * share).abs() < 1.0,
            "column {c}: {:.1} pt, its natural {:.1} pt × {share:.2} ({widths:?} {natural:?})",
            widths[c],
            natural[c]
        );
    }
    // The long text column ends up widest by far.
    assert!(
        widths[1] > 2.0 * widths[0] && widths[1] > widths[2] + 10.0,
        "{widths:?}"
    );
}

#[test]
fn a_wrapping_text_column_leaves_number_columns_their_need_and_numbers_whole() {
    let long = "全市经济运行延续恢复向好态势，主要指标好于预期，".repeat(3);
    let first = format!("| {long} | 12,345,678.90 | 12.5% |");
    let md = table_article(
        "| 说明 | 数值 | 增速 |",
        "|:--|--:|--:|",
        &[&first, "| 短 | 1.0 | 3% |"],
    );
    let doc = typeset(&md);
    let lines = lines(&doc);
    check_lines(&doc, &lines);
    let (_, right) = body_x(&doc);
    let row = line_starting(&lines, "全市经济");
    let c = cells(row);
    assert_eq!(c.len(), 3, "{c:?}");
    assert_eq!(
        c[1].2, "12,345,678.90",
        "the number whole on the row's first line"
    );
    assert_eq!(c[2].2, "12.5%");
    assert!(
        lines
            .iter()
            .filter(|l| l.text.contains("全市经济运行"))
            .count()
            >= 1
            && lines.iter().filter(|l| l.text.contains("12,345")).count() == 1,
        "the text wraps, the number stands once: {:#?}",
        texts(&lines)
    );
    // The last column is exactly as wide as its widest cell and padding.
    let pad = 0.5 * row.runs[0].size;
    let head = cells(line_starting(&lines, "说明"));
    let widest = (head[2].1 - head[2].0).max(c[2].1 - c[2].0);
    let w3 = right - (c[1].1 + pad);
    assert!(
        close(w3, widest + 2.0 * pad),
        "{w3} for {widest} + 2 × {pad}"
    );
    assert!(close(c[2].1, right - pad), "flush right: {c:?}");
}

#[test]
fn numbers_in_an_unaligned_column_stand_on_the_decimal_point() {
    let md = table_article(
        "| 片区 | 增速 |",
        "|:--|---|",
        &[
            "| 甲区 | 12% |",
            "| 乙区 | 1.5% |",
            "| 丙区 | 0.25% |",
            "| 丁区 | 3 |",
        ],
    );
    let doc = typeset(&md);
    let lines = lines(&doc);
    // Where each number's integer part ends (its point, or where the point
    // would be).
    let point = |name: &str, int: usize| {
        let line = line_starting(&lines, name);
        let run = line
            .runs
            .iter()
            .find(|r| r.text.chars().next().is_some_and(|c| c.is_ascii_digit()))
            .unwrap_or_else(|| panic!("a number on {line:?}"));
        run.x + run.glyphs[..int].iter().map(|g| g.1).sum::<f32>()
    };
    let at = [
        point("甲区", 2),
        point("乙区", 1),
        point("丙区", 1),
        point("丁区", 1),
    ];
    for p in &at {
        assert!(close(*p, at[0]), "on one point: {at:?}");
    }
    // The widest fraction (.25%) stands flush right.
    let (_, right) = body_x(&doc);
    let line = line_starting(&lines, "丙区");
    let c = cells(line);
    assert!(close(c[1].1, right - 0.5 * line.runs[0].size), "{c:?}");
    // The others end short of it by their shorter fractions.
    let end = |name: &str| cells(line_starting(&lines, name))[1].1;
    assert!(
        end("甲区") < c[1].1 - 1.0 && end("丁区") < end("乙区"),
        "{c:?}"
    );
}

/// The heavy (1.5 pt) rules on each page.
fn heavy_rules(doc: &PagedDoc) -> Vec<usize> {
    fn count(frame: &Frame) -> usize {
        frame
            .items
            .iter()
            .map(|(_, i)| match i {
                FrameItem::Group(g) => count(&g.frame),
                FrameItem::Shape(s) => usize::from(
                    matches!(s.geometry, Geometry::Line(_, _))
                        && s.stroke.is_some_and(|(_, w)| (w - 1.5).abs() < 0.01),
                ),
                _ => 0,
            })
            .sum()
    }
    doc.pages.iter().map(|p| count(&p.frame)).collect()
}

#[test]
fn a_long_table_continues_on_the_next_page_with_its_header() {
    let doc = typeset(&fixture("long-table", ""));
    let lines = lines(&doc);
    check_lines(&doc, &lines);
    assert!(doc.pages.len() >= 3);
    for p in 1..doc.pages.len() {
        let on_page: Vec<&Line> = lines.iter().filter(|l| l.page == p).collect();
        if !on_page.iter().any(|l| l.text.contains("片区")) {
            continue;
        }
        // The first line of the type area is 续表1 in Hei, the header under it,
        // neither tagged (the tag tree holds the header once).
        assert_eq!(on_page[0].text, "续表1", "page {p}");
        assert_eq!(on_page[0].runs[0].role, Role::Heading);
        assert!(
            on_page[1].text.starts_with("序号"),
            "page {p}: {:?}",
            on_page[1]
        );
        for l in &on_page[..2] {
            assert!(
                l.runs.iter().all(|r| r.kind.is_none()),
                "page {p}: untagged"
            );
        }
        assert!(
            on_page[2]
                .runs
                .iter()
                .all(|r| r.kind == Some(TagKind::TableCell))
        );
    }
    // Each part of the table opens and closes with a heavy rule.
    let rules = heavy_rules(&doc);
    for (p, n) in rules.iter().enumerate() {
        assert_eq!(
            *n, 2,
            "page {p}: the rule above and the rule under its part"
        );
    }
}

#[test]
fn verse_lines_start_lines_indented_as_a_block_and_never_justified() {
    let doc = typeset(&fixture("verse", ""));
    let lines = lines(&doc);
    check_lines(&doc, &lines);
    let (left, _) = body_x(&doc);
    let indent = left + 2.0 * SIZE;
    for l in ["汉江水长", "青山不老", "武当云起", "车城灯明"] {
        let line = line_starting(&lines, l);
        assert_eq!(line.text, l, "a verse line is a line of its own");
        assert!(close(line.x0, indent), "the poem indented 2 em: {line:?}");
        // Not justified: four characters take four em.
        assert!(close(line.x1 - line.x0, 4.0 * SIZE), "{line:?}");
    }
    // A long line wraps with a hanging indent.
    let k = index_starting(&lines, "这一行诗");
    assert!(close(lines[k].x0, indent));
    assert!(
        close(lines[k + 1].x0, indent + 2.0 * SIZE),
        "{:?}",
        lines[k + 1]
    );
    // A line's own indent (leading 　) is kept.
    let own = line_starting(&lines, "退两格");
    assert!(close(own.x0, indent + 2.0 * SIZE), "{own:?}");
    // The stanza break is a blank line: two pitches between the stanzas.
    let a = line_starting(&lines, "退两格");
    let b = line_starting(&lines, "武当云起");
    let pitch = line_starting(&lines, "青山不老").y - line_starting(&lines, "汉江水长").y;
    assert!(
        close(b.y - a.y, 2.0 * pitch),
        "{} vs pitch {pitch}",
        b.y - a.y
    );
}

#[test]
fn verse_centred_on_its_longest_line() {
    let doc = typeset(&fixture("verse-centre", ""));
    let lines = lines(&doc);
    check_lines(&doc, &lines);
    let (left, right) = body_x(&doc);
    let longest = line_starting(&lines, "青山不老流到海");
    assert!(
        close(longest.x0 - left, right - longest.x1),
        "the block centred on its longest line: {longest:?}"
    );
    // The lines flush with each other at the block's start (their own
    // indents kept), not each centred.
    for l in ["汉江水长", "车城灯明"] {
        assert!(close(line_starting(&lines, l).x0, longest.x0), "{l}");
    }
    assert!(close(
        line_starting(&lines, "武当云起").x0,
        longest.x0 + 2.0 * SIZE
    ));
    // Also with the setting from a file's settings block: the plain
    // fixture's long line wraps inside the centred block.
    let doc = typeset(&fixture("verse", "verse = \"centre\""));
    let lines2 = self::lines(&doc);
    check_lines(&doc, &lines2);
    let k = index_starting(&lines2, "这一行诗");
    assert!(
        lines2[k + 1].x0 > lines2[k].x0 + SIZE,
        "hanging continuation"
    );
    assert!(
        lines2[k].x0 < left + 2.0 * SIZE,
        "the wide block stands further out"
    );
}

/// The runs of a line, in `role`, at a type size below or above the body's.
fn line_faces(line: &Line) -> Vec<(Role, bool)> {
    line.runs
        .iter()
        .map(|r| (r.role, r.size < SIZE - 0.01))
        .collect()
}

#[test]
fn a_poems_title_is_in_hei_and_its_author_in_kai_at_the_poems_indent_and_kept_with_it() {
    let doc = typeset(&fixture("verse-head", ""));
    let lines = lines(&doc);
    check_lines(&doc, &lines);
    let (left, right) = body_x(&doc);
    let indent = left + 2.0 * SIZE;
    for (title, author, first) in [
        ("乡愁", "余光中", "小时候"),
        ("长歌", "作者：江城", "第一节的第一行"),
    ] {
        let t = line_starting(&lines, title);
        assert_eq!(t.text, title, "the title a line of its own");
        assert!(
            t.runs
                .iter()
                .all(|r| r.role == Role::Heading && matches!(r.kind, Some(TagKind::Heading(_)))),
            "the title in Hei, tagged as a heading: {t:?}"
        );
        assert!(close(t.x0, indent), "the title at the poem's indent: {t:?}");
        let a = line_starting(&lines, author);
        assert_eq!(a.text, author);
        assert!(
            line_faces(a)
                .iter()
                .all(|&(role, small)| role == Role::Caption && small),
            "the author in Kai one size down: {a:?}"
        );
        assert!(
            close(a.x0, indent),
            "the author not indented further: {a:?}"
        );
        let f = line_starting(&lines, first);
        assert!(close(f.x0, indent), "{f:?}");
        assert!(
            t.page == a.page && a.page == f.page && t.y < a.y && a.y < f.y,
            "title, author and the first line on one page, in order: {t:?} {a:?} {f:?}"
        );
    }
    // The long poem (14 stanzas) runs over a page break, and breaks only
    // between stanzas: each stanza's four lines on one page.
    let nums = [
        "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四",
    ];
    let mut pages = std::collections::BTreeSet::new();
    for n in nums {
        let ps: std::collections::BTreeSet<usize> = lines
            .iter()
            .filter(|l| l.text.starts_with(&format!("第{n}节的")))
            .map(|l| l.page)
            .collect();
        assert_eq!(ps.len(), 1, "stanza {n} on one page: {ps:?}");
        pages.extend(ps);
    }
    assert!(
        pages.len() >= 2,
        "the fixture's long poem must cross a page: {pages:?}"
    );
    // The heading stays in the outline.
    let titles: Vec<&str> = doc.meta.outline.iter().map(|e| e.title.as_str()).collect();
    assert!(
        titles.contains(&"乡愁") && titles.contains(&"长歌"),
        "{titles:?}"
    );
    // Centred: the title and the author centred on the poem.
    let doc = typeset(&fixture("verse-head", "verse = \"centre\""));
    let lines = self::lines(&doc);
    check_lines(&doc, &lines);
    for l in ["乡愁", "余光中", "长歌"] {
        let t = line_starting(&lines, l);
        assert!(close(t.x0 - left, right - t.x1), "{l} centred: {t:?}");
    }
}

#[test]
fn notes_stay_on_their_references_page() {
    let doc = typeset(&fixture("notes", ""));
    let lines = lines(&doc);
    check_lines(&doc, &lines);
    let all: String = lines.iter().map(|l| l.text.as_str()).collect();
    for (mark, text) in [("①", "数据截至2023年12月31日"), ("②", "党群服务中心是基层")]
    {
        assert_eq!(all.matches(text).count(), 1, "{text} once");
        let note = lines.iter().find(|l| l.text.contains(text)).unwrap();
        assert!(note.text.starts_with(mark), "{note:?}");
        assert!(note.runs[0].size < SIZE, "one size down");
        let reference = lines
            .iter()
            .find(|l| l.text.contains(mark) && !l.text.starts_with(mark))
            .unwrap();
        assert_eq!(reference.page, note.page, "{mark} on its reference's page");
        assert!(note.y > reference.y, "at the foot, under the reference");
    }
}

#[test]
fn qa_turns_are_indented_paragraphs_by_default() {
    let doc = typeset(&fixture("qa", ""));
    let lines = lines(&doc);
    check_lines(&doc, &lines);
    let (left, right) = body_x(&doc);
    let k = index_starting(&lines, "记者：");
    assert_eq!(lines[k].runs[0].role, Role::Heading, "the label in Hei");
    assert!(close(lines[k].x0, left + 2.0 * SIZE), "2 em indent");
    assert!(
        close(lines[k + 1].x0, left),
        "continuation at the column's start"
    );
    assert!(close(lines[k].x1, right));
}

#[test]
fn qa_turns_hang_on_the_speaker_with_the_setting() {
    let doc = typeset(&fixture("qa", "qa = \"hanging\""));
    let lines = lines(&doc);
    check_lines(&doc, &lines);
    let (left, right) = body_x(&doc);
    for (label, next) in [("记者：", "详细"), ("王某某：", ""), ("答：", "")] {
        let k = index_starting(&lines, label);
        let first = &lines[k];
        assert!(
            close(first.x0, left),
            "{label} at the column's start: {first:?}"
        );
        assert_eq!(first.runs[0].role, Role::Heading);
        assert_eq!(first.runs[0].text, label);
        // The words start after the label at whole em, and every further
        // line of the turn aligns with them (凸排).
        let text_x = first.runs[1].x;
        let hang = text_x - left;
        assert!(close(hang / SIZE, (hang / SIZE).round()), "{label}: {hang}");
        assert!(hang >= first.runs[0].w - TOL);
        assert!(
            close(lines[k + 1].x0, text_x),
            "{label}: {:?}",
            lines[k + 1]
        );
        assert!(close(first.x1, right), "justified");
        if !next.is_empty() {
            assert!(lines[k + 1].text.contains(next) || lines[k + 2].text.contains(next));
        }
    }
}

/// An article with one table of `cols` columns, every cell `cell`, in `columns` text columns.
fn wide_table(columns: u8, cols: usize, cell: &str) -> String {
    wide_table_rows(columns, cols, 3, cell)
}

/// [`wide_table`] with `rows` body rows.
fn wide_table_rows(columns: u8, cols: usize, rows: usize, cell: &str) -> String {
    let mut md =
        format!("+++\ndate = \"2024-05-01\"\n[layout]\ncolumns = {columns}\n+++\n\n# 宽表测试\n\n");
    for k in 0..6 {
        md.push_str(&format!("第{k}段正文，全市经济运行延续恢复向好态势，主要指标好于预期，服务业对经济增长的贡献率进一步提高。\n\n"));
    }
    md.push_str("表3　宽表\n\n|");
    for c in 0..cols {
        md.push_str(&format!(" 列{c} |"));
    }
    md.push_str("\n|");
    md.push_str(&"--:|".repeat(cols));
    for r in 0..rows {
        md.push_str("\n|");
        for c in 0..cols {
            md.push_str(&format!(" {}{r}{c} |", cell));
        }
    }
    md.push_str("\n\n表后正文段落。\n");
    md
}

#[test]
fn a_wide_table_shrinks_its_type_and_keeps_its_numbers_whole() {
    // Six columns of 14-character numbers: too wide at one size down, fits shrunk.
    let doc = typeset(&wide_table(1, 6, "123,456,789."));
    let lines = lines(&doc);
    check_lines(&doc, &lines);
    let cells: Vec<&Run> = lines
        .iter()
        .flat_map(|l| &l.runs)
        .filter(|r| r.kind == Some(TagKind::TableCell))
        .collect();
    assert_eq!(cells.len(), 18);
    for r in &cells {
        assert!(
            r.text.starts_with("123,456,789.") && r.text.len() == 14,
            "whole: {r:?}"
        );
        assert!(
            r.size < SIZE * 0.9 - 0.01,
            "shrunk below one size down: {}",
            r.size
        );
        assert!(
            r.size >= SIZE * 0.9 * 0.8 - 0.01,
            "no less than 80 %: {}",
            r.size
        );
    }
}

#[test]
fn a_table_too_wide_for_a_column_spans_both_where_the_columns_break_in_source_order() {
    // (text before it, foot notes in that text)
    for (paragraphs_before, notes) in [(true, false), (false, false), (true, true)] {
        let mut md = wide_table(2, 6, "12,345.");
        if notes {
            // One reference that stays in the left column, one that the
            // evening out moves to the right.
            md = md.replacen("第1段正文，", "第1段正文[^1]，", 1);
            md = md.replacen("第4段正文，", "第4段正文[^2]，", 1);
            md.push_str(
                "\n[^1]: 注文甲，数据来自市统计局。\n\n[^2]: 注文乙，服务业包括批发零售等行业。\n",
            );
        }
        if !paragraphs_before {
            // Nothing but the title before it: the table opens the columns.
            let start = md.find("第0段").unwrap();
            let end = md.find("表3").unwrap();
            md.replace_range(start..end, "");
        }
        let doc = typeset(&md);
        let lines = lines_apart(&doc, 1.5);
        check_lines(&doc, &lines);
        let body = doc.pages[0].body;
        let cells: Vec<&Run> = lines
            .iter()
            .flat_map(|l| &l.runs)
            .filter(|r| r.kind == Some(TagKind::TableCell))
            .collect();
        assert_eq!(cells.len(), 18);
        let page = cells[0].page;
        assert!(cells.iter().all(|r| r.page == page), "one block");
        let x0 = cells.iter().map(|r| r.x).fold(f32::MAX, f32::min);
        let x1 = cells.iter().map(|r| r.x + r.w).fold(0.0, f32::max);
        assert!(x1 - x0 > body.w * 0.6, "across both columns: {x0}..{x1}");
        let cap = lines.iter().find(|l| l.text.starts_with("表3")).unwrap();
        assert_eq!(cap.page, page);
        let bottom = cells.iter().map(|r| r.y).fold(0.0, f32::max);
        // The text before it stays above it (in columns), the text after it
        // goes under it: reading order is source order.
        for l in lines.iter().filter(|l| l.text.contains("段正文")) {
            assert!(
                l.page < page || (l.page == page && l.y < cap.y),
                "text before the table above it: {l:?}"
            );
            assert!(l.x1 - l.x0 < body.w / 2.0 + TOL, "in a column: {l:?}");
        }
        let after = line_starting(&lines, "表后正文");
        assert!(
            after.page > page || (after.page == page && after.y > bottom),
            "text after the table under it: {after:?}"
        );
        if notes {
            // The notes at the foot of the table's page, under the text
            // after it (before, the table went to the next page and left
            // the right column of this one empty).
            for n in ["注文甲", "注文乙"] {
                let l = lines.iter().find(|l| l.text.contains(n)).unwrap();
                assert!(
                    l.page == page && l.y > after.y,
                    "note {n} at the foot of the table's page: {l:?}"
                );
            }
        }
        if paragraphs_before {
            // The columns break at the table on the page the text before it
            // ends on, evened out above it.
            let before: Vec<&Line> = lines
                .iter()
                .filter(|l| l.page == page && l.text.contains("段正文"))
                .collect();
            assert!(
                !before.is_empty(),
                "the table on the page of the text before it"
            );
            let mid = body.x + body.w / 2.0;
            let foot = |left: bool| {
                before
                    .iter()
                    .filter(|l| (l.x0 < mid) == left)
                    .map(|l| l.y)
                    .fold(0.0, f32::max)
            };
            assert!(
                (foot(true) - foot(false)).abs() <= 2.0 * SIZE * 2.0,
                "the columns above it even: {} vs {}",
                foot(true),
                foot(false)
            );
        } else {
            assert!(
                lines
                    .iter()
                    .filter(|l| l.page == page && l.y < cap.y)
                    .all(|l| !l.text.contains("正文")),
                "at the columns' top: no text above it: {:#?}",
                texts(&lines)
            );
        }
    }
}

/// A two-column article with a table of `rows` rows (first cells `R{r}`)
/// between paragraphs.
fn two_column_table(rows: usize) -> String {
    let mut md =
        String::from("+++\ndate = \"2024-05-01\"\n[layout]\ncolumns = 2\n+++\n\n# 双栏续表\n\n");
    for k in 0..3 {
        md.push_str(&format!("第{k}段，全市经济运行延续恢复向好态势，主要指标好于预期，服务业对经济增长的贡献率进一步提高。\n\n"));
    }
    md.push_str("表1　各片区指标\n\n| 序号 | 片区 | 数值 |\n|:--|:--|--:|\n");
    for r in 0..rows {
        md.push_str(&format!("| R{r:03} | 张湾区红卫片区 | 1,{r}00.5 |\n"));
    }
    md.push_str("\n文末段落，全市将继续巩固经济回升向好态势。\n");
    md
}

#[test]
fn a_table_in_two_columns_continues_column_to_column_and_the_last_page_balances() {
    let mut split_on_last = 0;
    for rows in (40..=160).step_by(6) {
        let doc = typeset(&two_column_table(rows));
        // (The columns stand 1 em apart.)
        let lines = lines_apart(&doc, 0.9);
        check_lines(&doc, &lines);
        let body = doc.pages[0].body;
        let mid = body.x + body.w / 2.0;
        let col = |l: &Line| (l.page, usize::from(l.x0 > mid));
        // Every row once, in order.
        let mut row_lines: Vec<&Line> = lines.iter().filter(|l| l.text.starts_with('R')).collect();
        row_lines.sort_by(|a, b| (col(a), a.y).partial_cmp(&(col(b), b.y)).unwrap());
        assert_eq!(row_lines.len(), rows, "{rows} rows: every row once");
        for (r, l) in row_lines.iter().enumerate() {
            assert!(
                l.text.starts_with(&format!("R{r:03}")),
                "row {r} in order: {l:?}"
            );
        }
        // Each column the table is in: its part opens with the caption (the
        // first) or 续表1 and the header, and holds three rows or more.
        let mut cols: Vec<(usize, usize)> = row_lines.iter().map(|l| col(l)).collect();
        cols.dedup();
        for (k, c) in cols.iter().enumerate() {
            let in_col: Vec<&Line> = lines.iter().filter(|l| col(l) == *c).collect();
            let first = in_col.iter().position(|l| l.text.starts_with('R')).unwrap();
            let here = in_col.iter().filter(|l| l.text.starts_with('R')).count();
            assert!(here >= 3, "{rows} rows: {here} in column {c:?}");
            // The header's cells on the baseline over the first row.
            let hdr = in_col[..first]
                .iter()
                .rposition(|l| l.text.starts_with("序号"))
                .unwrap_or_else(|| panic!("{rows} rows: a header over column {c:?}"));
            assert!(
                in_col[hdr + 1..first]
                    .iter()
                    .all(|l| close(l.y, in_col[hdr].y)),
                "{rows} rows: the header right over the rows in column {c:?}"
            );
            let head = &in_col[hdr - 1].text;
            if k == 0 {
                assert!(
                    head.starts_with("表1"),
                    "{rows} rows: {head}: {:#?}",
                    in_col
                        .iter()
                        .map(|l| (l.y, l.x0, l.text.clone()))
                        .collect::<Vec<_>>()
                );
            } else {
                assert_eq!(head, "续表1", "{rows} rows: column {c:?} opens with 续表1");
                assert_eq!(hdr, 1, "{rows} rows: 续表1 at column {c:?}'s top");
            }
        }
        // The last page's columns are even (within the continuation and a row).
        let last = doc.pages.len() - 1;
        let foot = |c: usize| {
            lines
                .iter()
                .filter(|l| col(l) == (last, c))
                .map(|l| l.y)
                .fold(0.0, f32::max)
        };
        // Even within what the keep rules allow: the right column may
        // open with 续表 and the header, and three rows stay on each side.
        let pitch = row_lines[1].y - row_lines[0].y;
        let top = |c: usize| {
            lines
                .iter()
                .filter(|l| col(l) == (last, c))
                .map(|l| l.y)
                .fold(f32::MAX, f32::min)
        };
        let height = |c: usize| {
            if foot(c) > 0.0 {
                foot(c) - top(c) + pitch
            } else {
                0.0
            }
        };
        let (h0, h1) = (height(0), height(1));
        assert!(
            (h0 - h1).abs() <= 6.0 * pitch + TOL || h0.min(h1) + h0.max(h1) <= 12.0 * pitch,
            "{rows} rows: last page balanced: {h0} vs {h1}"
        );
        if cols.contains(&(last, 0)) && cols.contains(&(last, 1)) {
            split_on_last += 1;
        }
        // Each part of the table has its heavy rule over the header and the
        // one closing it, and no other (none left mid-column by balancing).
        for (p, n) in heavy_rules(&doc).iter().enumerate() {
            let parts = cols.iter().filter(|c| c.0 == p).count();
            assert_eq!(*n, 2 * parts, "{rows} rows: heavy rules on page {p}");
        }
    }
    assert!(
        split_on_last > 0,
        "some table continues across the last page's columns"
    );
}

#[test]
fn the_epub_follows_the_qa_and_verse_settings() {
    let (x, css) = epub_parts(&fixture("qa", ""));
    assert!(
        x.contains("<p class=\"turn\">"),
        "paragraph turns by default"
    );
    assert!(!css.contains("p.turn.hanging"));
    let (x, css) = epub_parts(&fixture("qa", "qa = \"hanging\""));
    assert!(
        x.contains("<p class=\"turn hanging\" style=\"margin-left:3em;text-indent:-3em\">"),
        "the label's width in the indent: {x}"
    );
    assert!(
        x.contains("style=\"margin-left:2em;text-indent:-2em\""),
        "问："
    );
    assert!(css.contains("p.turn.hanging"));
    let (x, css) = epub_parts(&fixture("verse", ""));
    assert!(x.contains("<div class=\"poem\">"));
    assert!(!css.contains("div.poem.centred"));
    let (x, css) = epub_parts(&fixture("verse-centre", ""));
    assert!(x.contains("<div class=\"poem centred\">"));
    assert!(css.contains("div.poem.centred { display: table; margin: 1em auto; }"));
}

#[test]
fn a_spanning_table_taller_than_a_page_is_an_error_at_its_place() {
    let md = wide_table_rows(2, 6, 80, "12,345.");
    let issue = load(&md);
    let errors = match reportbook::typeset::typeset(&issue, fonts()) {
        Ok(_) => panic!("a spanning table of 80 rows cannot fit one page"),
        Err(e) => e,
    };
    let e = errors.iter().find(|d| d.is_error()).expect("an error");
    assert!(
        e.message
            .contains("failed to fit table 表3　宽表 on one page across both columns"),
        "{e:?}"
    );
    let span = e.span.as_ref().expect("at the table");
    let line = md[..span.range.start].matches('\n').count() + 1;
    let table_lines: Vec<usize> = md
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with('|') || l.starts_with("表3"))
        .map(|(k, _)| k + 1)
        .collect();
    assert!(table_lines.contains(&line), "line {line} of the table");
}

#[test]
fn a_table_row_taller_than_a_page_breaks_at_one_line_boundary_of_its_cells() {
    let long: String = (1..=120)
        .map(|k| format!("（{k}）全市经济运行延续恢复向好态势。"))
        .collect();
    let md = format!(
        "+++\ndate = \"2024-05-01\"\n+++\n\n# 长格\n\n正文。\n\n表5　长格表\n\n| 指标 | 说明 |\n|--|--|\n| 甲 | 短 |\n| 丙 | {long} |\n| 丁 | 末行 |\n"
    );
    let doc = typeset(&md);
    let lines = lines_apart(&doc, 0.9);
    check_lines(&doc, &lines);
    // The long cell's lines, in page order: its text whole, once, in order.
    let start = index_starting(&lines, "（1）");
    let end = lines.iter().position(|l| l.text.starts_with("丁")).unwrap();
    let (cell, heads): (Vec<&Line>, Vec<&Line>) = lines[start..end]
        .iter()
        .partition(|l| l.runs.iter().all(|r| r.kind == Some(TagKind::TableCell)));
    assert!(
        heads
            .iter()
            .all(|l| ["续表5", "指标", "说明"].contains(&l.text.as_str())),
        "only 续表5 and the header between the row's lines: {:#?}",
        texts(&lines)
    );
    let text: String = cell.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(text, long, "every character of the cell once, in order");
    // 丙 on the baseline of the cell's first line, in its own column.
    let bing = line_starting(&lines, "丙");
    assert!(
        close(bing.y, cell[0].y) && bing.page == cell[0].page,
        "{bing:?}"
    );
    // On two pages or more, each further one opening with 续表5 and the
    // header, with three lines of the row or more on each.
    let pages: Vec<usize> = {
        let mut p: Vec<usize> = cell.iter().map(|l| l.page).collect();
        p.dedup();
        p
    };
    assert!(pages.len() >= 2, "{pages:?}");
    for &p in &pages[1..] {
        let on: Vec<&Line> = lines.iter().filter(|l| l.page == p).collect();
        assert_eq!(on[0].text, "续表5", "page {p} opens with 续表5");
        assert!(
            on[1].text.starts_with("指标"),
            "then the header: {:?}",
            on[1]
        );
    }
    // The keep rule counts the row's lines as rows: three or more of the
    // table's (rows or lines of the split row) on each side of a break.
    for &p in &pages {
        let mut ys: Vec<f32> = lines
            .iter()
            .filter(|l| l.page == p && l.runs.iter().all(|r| r.kind == Some(TagKind::TableCell)))
            .map(|l| l.y)
            .collect();
        ys.dedup_by(|a, b| close(*a, *b));
        assert!(
            ys.len() >= 3,
            "{} of the table's lines on page {p}",
            ys.len()
        );
    }
    // Every part of the table closes with its heavy rule, opens with one.
    let rules = heavy_rules(&doc);
    for &p in &pages {
        assert_eq!(rules[p], 2, "page {p}: {rules:?}");
    }
}

#[test]
fn a_table_header_taller_than_a_page_is_an_error_at_its_place() {
    let long: String = "全市经济运行延续恢复向好态势，".repeat(400);
    let md = format!(
        "+++\ndate = \"2024-05-01\"\n+++\n\n# 长格\n\n正文。\n\n表5　长格表\n\n| 指标 | {long} |\n|--|--|\n| 甲 | 短 |\n"
    );
    let issue = load(&md);
    let errors = match reportbook::typeset::typeset(&issue, fonts()) {
        Ok(_) => panic!("a header longer than a page cannot be set"),
        Err(e) => e,
    };
    let e = errors.iter().find(|d| d.is_error()).expect("an error");
    assert!(
        e.message
            .starts_with("failed to fit the header of table 表5　长格表 on a page"),
        "{e:?}"
    );
    assert!(
        e.hints
            .iter()
            .any(|h| h.contains("shorten the header cells")),
        "says what to do: {e:?}"
    );
    let span = e.span.as_ref().expect("at the table");
    assert!(
        md[span.range.start..].starts_with("表5") || md[span.range.start..].starts_with("| 指标"),
        "{:?}",
        &md[span.range.start..span.range.start + 20]
    );
}

/// Typeset a photo group of three photos (4:3, 3:4, 16:9) with `caption`
/// and the credit 记者 张三 摄 (low resolution warnings allowed).
fn photo_group(caption: &str) -> PagedDoc {
    let md = format!(
        "+++\ndate = \"2024-05-01\"\n+++\n\n# 组图\n\n正文。\n\n![](photos/a.jpg) ![](photos/b.jpg) ![](photos/c.jpg)\n{caption}（记者 张三 摄）\n\n正文之后。\n"
    );
    let ws = common::Workspace::new();
    let dir = ws.issue("x", md.as_bytes());
    common::write_jpeg(&dir.join("photos/a.jpg"), 400, 300);
    common::write_jpeg(&dir.join("photos/b.jpg"), 300, 400);
    common::write_jpeg(&dir.join("photos/c.jpg"), 640, 360);
    let (issue, diags) = reportbook::source::load_issue(&dir);
    let issue = issue.unwrap_or_else(|e| panic!("loads: {e:?}"));
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
    let (doc, _) = reportbook::typeset::typeset(&issue, fonts()).expect("typesets");
    doc
}

#[test]
fn a_photo_group_credit_is_smaller_and_never_broken() {
    for caption in [
        "汉江两岸一日",
        "汉江两岸一日：图①为清晨的滨江步道，图②为午后的江边公园，图③为夜幕下的汉江大桥",
    ] {
        let doc = photo_group(caption);
        let lines = lines(&doc);
        check_lines(&doc, &lines);
        let (_, right) = body_x(&doc);
        let credit_runs: Vec<&Run> = lines
            .iter()
            .flat_map(|l| &l.runs)
            .filter(|r| r.text.contains("摄") || r.text.contains("记者"))
            .collect();
        assert!(!credit_runs.is_empty(), "{caption}: the credit is set");
        let caption_size = lines
            .iter()
            .flat_map(|l| &l.runs)
            .find(|r| r.text.contains("汉江"))
            .map(|r| r.size)
            .unwrap();
        assert!(caption_size < SIZE, "the caption smaller than the body");
        for r in &credit_runs {
            assert!(
                r.size < caption_size - 0.5,
                "{caption}: credit smaller than the caption ({} vs {caption_size})",
                r.size
            );
        }
        // The whole credit on one line, which ends at the column's edge
        // when it stands alone.
        let credit_line = lines.iter().find(|l| l.text.contains("摄")).unwrap();
        assert!(
            credit_line.text.contains("（记者张三摄）")
                || credit_line.text.contains("（记者 张三 摄）"),
            "{caption}: the credit whole on one line: {:?}",
            texts(&lines)
        );
        if !credit_line.text.contains("汉江") {
            assert!(
                close(credit_line.x1, right),
                "{caption}: alone, flush right: {credit_line:?}"
            );
        }
    }
}

/// Where the photos (images) of a document stand: (page, x, y, width).
fn images(doc: &PagedDoc) -> Vec<(usize, f32, f32, f32)> {
    fn walk(frame: &Frame, at: Point, page: usize, out: &mut Vec<(usize, f32, f32, f32)>) {
        for (pos, item) in &frame.items {
            let p = Point::new(at.x + pos.x, at.y + pos.y);
            match item {
                FrameItem::Group(g) => walk(&g.frame, p, page, out),
                FrameItem::Image(i) => out.push((page, p.x, p.y, i.size.w)),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for (k, page) in doc.pages.iter().enumerate() {
        walk(&page.frame, Point::new(0.0, 0.0), k, &mut out);
    }
    out
}

/// Typeset, in two columns, a group of photos of these pixel sizes.
fn two_column_group(sizes: &[(u32, u32)]) -> PagedDoc {
    let names: Vec<String> = (0..sizes.len())
        .map(|k| format!("photos/p{k}.jpg"))
        .collect();
    let refs: Vec<String> = names.iter().map(|n| format!("![]({n})")).collect();
    let md = format!(
        "+++\ndate = \"2024-05-01\"\n[layout]\ncolumns = 2\n+++\n\n# 组图\n\n正文。\n\n{}\n汉江两岸一日（记者 张三 摄）\n\n正文之后。\n",
        refs.join(" ")
    );
    let ws = common::Workspace::new();
    let dir = ws.issue("x", md.as_bytes());
    for (n, (w, h)) in names.iter().zip(sizes) {
        common::write_jpeg(&dir.join(n), *w, *h);
    }
    let (issue, _) = reportbook::source::load_issue(&dir);
    let (doc, _) = reportbook::typeset::typeset(&issue.unwrap(), fonts()).expect("typesets");
    doc
}

#[test]
fn a_photo_group_too_low_in_a_column_spans_both_columns_or_is_stacked() {
    // One column: side by side at one height (one y, x going right).
    let doc = photo_group("汉江两岸一日");
    let row = images(&doc);
    assert_eq!(row.len(), 3);
    assert!(row.iter().all(|i| close(i.2, row[0].2)), "one row: {row:?}");
    assert!(row[0].1 < row[1].1 && row[1].1 < row[2].1, "{row:?}");
    // Two columns: in the column a row would be 17 mm high; side by side
    // across both columns instead (QA D20: before, one under another down
    // column 2).
    let doc = two_column_group(&[(400, 300), (300, 400), (640, 360)]);
    let row = images(&doc);
    assert_eq!(row.len(), 3);
    assert!(row.iter().all(|i| close(i.2, row[0].2)), "one row: {row:?}");
    assert!(row[0].1 < row[1].1 && row[1].1 < row[2].1, "{row:?}");
    let body = doc.pages[0].body;
    let (left, right) = (row[0].1, row[2].1 + row[2].3);
    assert!(
        left < body.x + body.w / 2.0 && right > body.x + body.w / 2.0 + 10.0,
        "across both columns: {row:?}"
    );
    assert!(
        left >= body.x - TOL && right <= body.x + body.w + TOL,
        "{row:?}"
    );
    let lines = lines_apart(&doc, 0.9);
    check_lines(&doc, &lines);
    // Three panoramas would be a strip even across the page (12 mm):
    // one under another, each inside one column.
    let doc = two_column_group(&[(1600, 400), (1600, 400), (1600, 400)]);
    let stack = images(&doc);
    assert_eq!(stack.len(), 3);
    assert!(
        stack[0].2 < stack[1].2 && stack[1].2 < stack[2].2,
        "stacked: {stack:?}"
    );
    let body = doc.pages[0].body;
    for i in &stack {
        let column = if i.1 < body.x + body.w / 2.0 {
            0.0
        } else {
            body.w / 2.0
        };
        assert!(
            i.1 >= body.x + column - TOL && i.1 + i.3 <= body.x + column + body.w / 2.0 + TOL,
            "in one column: {i:?}"
        );
    }
}

/// An article with a 链接 box (a sidebar, set a size smaller) of `paras`
/// paragraphs between body paragraphs.
fn long_box(paras: usize, layout: &str) -> String {
    let mut md = format!("+++\ndate = \"2024-05-01\"\n[layout]\n{layout}\n+++\n\n# 长框续排\n\n");
    for k in 0..2 {
        md.push_str(&format!(
            "正文第{k}段，这是正文的内容，市里的工作稳步推进，各项指标好于预期。\n\n"
        ));
    }
    md.push_str("> **链接**\n>\n");
    for k in 0..paras {
        md.push_str(&format!(
            "> 沿线第{k}段：南水北调中线工程沿线城市受益人口超过一亿人，沿线二十四座城市用上了汉江水，水质常年保持在二类以上。\n>\n"
        ));
    }
    md.push_str("\n正文末段，这是正文的内容，工作稳步推进。\n");
    md
}

/// The rules of a page: (x, y, length, weight) of each horizontal line.
fn rules_on(doc: &PagedDoc, page: usize) -> Vec<(f32, f32, f32, f32)> {
    fn walk(frame: &Frame, at: Point, out: &mut Vec<(f32, f32, f32, f32)>) {
        for (pos, item) in &frame.items {
            let p = Point::new(at.x + pos.x, at.y + pos.y);
            match item {
                FrameItem::Group(g) => walk(&g.frame, p, out),
                FrameItem::Shape(s) => {
                    if let (Geometry::Line(w, h), Some((_, weight))) = (&s.geometry, s.stroke)
                        && h.abs() < 0.01
                    {
                        out.push((p.x, p.y, *w, weight));
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = vec![];
    walk(&doc.pages[page].frame, Point::new(0.0, 0.0), &mut out);
    out
}

/// The lines of a page's type area in reading order (page, column, top to
/// bottom), and the 链接 box's text lines (a size smaller than the body's,
/// after its label) by part: the ones in one column of a page.
#[allow(clippy::type_complexity)]
fn box_parts<'a>(
    doc: &PagedDoc,
    lines: &'a [Line],
) -> (Vec<&'a Line>, Vec<((usize, usize), Vec<&'a Line>)>) {
    // Each page's type area: a verso's stands where its mirrored margins put it.
    let column = |l: &Line| {
        let b = doc.pages[l.page].body;
        usize::from(l.x0 > b.x + b.w / 2.0)
    };
    let mut parts: Vec<((usize, usize), Vec<&Line>)> = vec![];
    let mut ordered: Vec<&Line> = lines.iter().collect();
    ordered.sort_by(|a, b| {
        (a.page, column(a), a.y)
            .partial_cmp(&(b.page, column(b), b.y))
            .unwrap()
    });
    let label = ordered
        .iter()
        .position(|l| l.text == "链接")
        .expect("the label");
    let small = |l: &Line| l.runs.iter().all(|r| r.size < SIZE * 0.95);
    for l in ordered[label + 1..].iter().copied().filter(|l| small(l)) {
        let at = (l.page, column(l));
        match parts.last_mut() {
            Some((k, v)) if *k == at => v.push(l),
            _ => parts.push((at, vec![l])),
        }
    }
    (ordered, parts)
}

/// For a box that breaks: each part (the box's lines in one column of a
/// page) has the box's heavy top rule over it and its light closing rule
/// under it, and every part after the first opens with the label and
/// （续）, in Hei and untagged (the tag tree holds the label once).
fn check_box_parts(doc: &PagedDoc) -> usize {
    let lines = lines_apart(doc, 1.0);
    check_lines(doc, &lines);
    let column = |l: &Line| {
        let b = doc.pages[l.page].body;
        usize::from(l.x0 > b.x + b.w / 2.0)
    };
    let (ordered, parts) = box_parts(doc, &lines);
    assert!(parts.len() >= 2, "the box does not break: {parts:?}");
    // A column's half of page `p`'s type area (rules start at its left edge).
    let half = |p: usize, c: usize| {
        let (bx, bw) = (doc.pages[p].body.x, doc.pages[p].body.w);
        if c == 0 {
            (bx - TOL, bx + bw / 2.0)
        } else {
            (bx + bw / 2.0, bx + bw + TOL)
        }
    };
    for (n, ((page, col), part)) in parts.iter().enumerate() {
        let (first, last) = (part[0], part[part.len() - 1]);
        let (x0, x1) = half(*page, *col);
        let rules: Vec<_> = rules_on(doc, *page)
            .into_iter()
            .filter(|r| r.0 >= x0 && r.0 < x1)
            .collect();
        let heavy = rules
            .iter()
            .filter(|r| (r.3 - 1.5).abs() < 0.01 && r.1 < first.y && first.y - r.1 < 4.0 * SIZE)
            .count();
        let light = rules
            .iter()
            .filter(|r| (r.3 - 0.75).abs() < 0.01 && r.1 > last.y && r.1 - last.y < 2.0 * SIZE)
            .count();
        assert_eq!(
            heavy, 1,
            "part {n} (page {page}, column {col}): the top rule over it"
        );
        assert_eq!(
            light, 1,
            "part {n} (page {page}, column {col}): the closing rule under it ({:?} under {} at {})",
            rules, last.text, last.y
        );
        // The line over the part's first is its label: 链接, or 链接（续）
        // opening the column.
        let in_col: Vec<&&Line> = ordered
            .iter()
            .filter(|l| l.page == *page && column(l) == *col)
            .collect();
        let k = in_col
            .iter()
            .position(|l| std::ptr::eq(**l, first))
            .unwrap();
        assert!(k > 0, "part {n}: no label over it");
        let label = in_col[k - 1];
        if n == 0 {
            assert_eq!(label.text, "链接");
            assert!(
                label.runs.iter().all(|r| r.kind.is_some()),
                "the label is tagged"
            );
        } else {
            assert_eq!(
                label.text, "链接（续）",
                "part {n} opens with the label again"
            );
            assert_eq!(k, 1, "part {n}: the label（续） opens its column");
            assert!(label.runs.iter().all(|r| r.role == Role::Heading));
            assert!(
                label.runs.iter().all(|r| r.kind.is_none()),
                "part {n}: the label（续） is untagged (an artifact)"
            );
        }
    }
    // Boxes that do not break are as before: one label, no （续）.
    assert_eq!(
        lines.iter().filter(|l| l.text == "链接").count(),
        1,
        "one real label"
    );
    parts.len()
}

#[test]
fn a_box_that_breaks_closes_its_frame_and_reopens_it_with_its_label_continued() {
    // One column: the box runs over two pages or more.
    let doc = typeset(&long_box(40, ""));
    let parts = check_box_parts(&doc);
    assert!(parts >= 2 && doc.pages.len() >= 2);
    // Two columns: it goes on column to column, and the last page balances.
    for paras in [24, 37, 50] {
        let doc = typeset(&long_box(paras, "columns = 2"));
        check_box_parts(&doc);
    }
}

/// A two-column article: `before` paragraphs, then a titled poem of
/// `stanzas` stanzas of four lines (`第{k}节第{i}行…`), then a paragraph.
fn two_column_poem(before: usize, stanzas: usize) -> String {
    let mut md =
        String::from("+++\ndate = \"2024-05-01\"\n[layout]\ncolumns = 2\n+++\n\n# 双栏诗页\n\n");
    for k in 0..before {
        md.push_str(&format!(
            "诗前第{k}段，这一期副刊刊登一组写汉江的诗，作者是本地的老诗人，写了几十年。\n\n"
        ));
    }
    md.push_str("### 长歌\n\n作者：江城\n\n```诗\n");
    for k in 0..stanzas {
        if k > 0 {
            md.push('\n');
        }
        for i in 0..4 {
            md.push_str(&format!("第{k}节第{i}行的诗句\n"));
        }
    }
    md.push_str("```\n\n诗后记，这组诗写于去年秋天。\n");
    md
}

/// Issue #10: on the balanced last page of two columns a long poem breaks
/// between stanzas (a stanza is kept whole, not kept with the next), so the
/// columns come out even; its title stays with the first stanza and its
/// bookmark goes where the balancing puts it.
#[test]
fn a_poem_in_two_columns_balances_between_stanzas_on_the_last_page() {
    let mut title_moved_right = 0;
    // One page to three; the poem alone on the last page or after text,
    // its title left or right.
    for (before, stanzas) in [
        (0, 6),
        (0, 9),
        (1, 5),
        (2, 8),
        (3, 7),
        (4, 10),
        (7, 4),
        (8, 6),
        (16, 4),
        (20, 9),
        (27, 4),
    ] {
        let what = format!("{before} paragraphs, {stanzas} stanzas");
        let doc = typeset(&two_column_poem(before, stanzas));
        let lines = lines_apart(&doc, 0.9);
        check_lines(&doc, &lines);
        let body = doc.pages[0].body;
        let mid = body.x + body.w / 2.0;
        let col = |l: &Line| (l.page, usize::from(l.x0 > mid));
        // Every stanza whole in one column (a poem breaks only between stanzas).
        for k in 0..stanzas {
            let at: std::collections::BTreeSet<_> = lines
                .iter()
                .filter(|l| l.text.starts_with(&format!("第{k}节第")))
                .map(col)
                .collect();
            assert_eq!(at.len(), 1, "{what}: stanza {k} in one column: {at:?}");
        }
        let pitch = line_starting(&lines, "第0节第1行").y - line_starting(&lines, "第0节第0行").y;
        // The last page's columns differ by at most one stanza and the blank
        // line before it (the finest step a poem's break allows), or the
        // title with its first stanza when that is what moves. Both
        // columns start at the same top, and each ends with a line of body
        // type on the grid (a stanza's or a paragraph's; never the title,
        // kept with its stanza), so their last baselines say it.
        let last = doc.pages.len() - 1;
        let foot = |c: usize| {
            lines
                .iter()
                .filter(|l| col(l) == (last, c))
                .map(|l| l.y)
                .fold(None, |m: Option<f32>, y| Some(m.map_or(y, |m| m.max(y))))
        };
        // A last page of one line (the closing note, when the page before
        // is full) has nothing to even out: it stands in the left column.
        let b = doc.pages[last].body;
        let on_last: Vec<_> = lines
            .iter()
            .filter(|l| l.page == last && (b.y..b.y + b.h).contains(&l.y))
            .collect();
        let one_line = on_last.len() == 1 && on_last[0].text.starts_with("诗后记");
        // The other step: the title, kept with its first stanza, with the
        // line of space above it.
        let chain =
            line_starting(&lines, "第0节第3行").y - line_starting(&lines, "长歌").y + 2.0 * pitch;
        let step = chain.max(5.0 * pitch);
        match (foot(0), foot(1)) {
            (Some(f0), Some(f1)) => assert!(
                (f0 - f1).abs() <= step + TOL,
                "{what}: the last page's columns end {:.1} lines apart: {:#?}",
                (f0 - f1) / pitch,
                texts(&lines)
            ),
            (Some(_), None) if one_line => {}
            _ => panic!(
                "{what}: a column of the last page empty: {:#?}",
                texts(&lines)
            ),
        }
        // The title stays with the first stanza: same column, right above it.
        let title = line_starting(&lines, "长歌");
        let first = line_starting(&lines, "第0节第0行");
        assert!(
            col(title) == col(first) && title.y < first.y && first.y - title.y < 5.0 * pitch,
            "{what}: the title over its first stanza: {title:?} {first:?}"
        );
        if col(title) == (last, 1) {
            title_moved_right += 1;
        }
        // The poem's bookmark points at its title, wherever it stands.
        let mark = doc
            .meta
            .outline
            .iter()
            .find(|e| e.title == "长歌")
            .expect("the poem's title in the outline");
        assert!(
            mark.page == title.page && (title.y - 2.0 * pitch..title.y).contains(&mark.y),
            "{what}: bookmark at page {} y {} for the title at page {} y {}",
            mark.page,
            mark.y,
            title.page,
            title.y
        );
    }
    assert!(
        title_moved_right > 0,
        "some case puts the title in the last page's right column"
    );
}

/// An article in `columns` columns that opens with `before` one-line
/// paragraphs (to put what follows at each place of a page in turn).
fn one_line_paragraphs(columns: u8, before: usize) -> String {
    let mut md =
        format!("+++\ndate = \"2024-01-01\"\n[layout]\ncolumns = {columns}\n+++\n\n# 版面测试\n\n");
    for k in 0..before {
        md.push_str(&format!("这是第{k}段正文，只有一行。\n\n"));
    }
    md
}

/// `before` one-line paragraphs, then a 链接 box of one-line paragraphs
/// (`box_paras` of them; the first two as in the QA finding D13: a title
/// line, then a two-line paragraph), then a closing paragraph.
fn box_after(columns: u8, before: usize, box_paras: usize) -> String {
    let long = "截至2023年底，房县共有电商经营主体3,200余家，农村电商服务站点覆盖率达到100%，全年农产品网络零售额达到18.6亿元。";
    let body: Vec<String> = ["房县电商发展情况".to_string(), long.to_string()]
        .into_iter()
        .chain((2..).map(|k| format!("框内第{k}条。")))
        .take(box_paras)
        .map(|p| format!("> {p}\n>\n"))
        .collect();
    format!(
        "{}> **链接**\n>\n{}\n框后正文，这是正文的内容。\n",
        one_line_paragraphs(columns, before),
        body.concat()
    )
}

/// The places a sweep puts a block at: (columns, paragraphs before it),
/// those of `one` in one column and those of `two` in two.
fn positions(
    one: impl Iterator<Item = usize>,
    two: impl Iterator<Item = usize>,
) -> Vec<(u8, usize)> {
    let one = one.map(|k| (1u8, k));
    one.chain(two.map(|k| (2u8, k))).collect()
}

/// QA finding D13: a box of up to `BOX_KEEP_LINES` (8) lines is never
/// split (it moves on whole, as a short table does); a longer one that
/// breaks leaves at least three of its lines on each side (as a table
/// leaves three rows), never its label and one line at a page's foot or one
/// line under 链接（续）. For every place the text before puts the box, in
/// one column and two.
#[test]
fn a_short_box_moves_on_whole_and_a_long_one_breaks_with_three_lines_on_each_side() {
    let mut broke = 0;
    for (columns, before) in positions(20..44, (50..90).step_by(2)) {
        for box_paras in [2usize, 5, 12] {
            let what = format!("{columns} columns, {before} paragraphs, {box_paras} in the box");
            let doc = typeset(&box_after(columns, before, box_paras));
            let lines = lines_apart(&doc, 1.0);
            let (_, parts) = box_parts(&doc, &lines);
            let n: usize = parts.iter().map(|p| p.1.len()).sum();
            let shape: Vec<usize> = parts.iter().map(|p| p.1.len()).collect();
            if n <= 8 {
                assert_eq!(parts.len(), 1, "{what}: a box of {n} lines split {shape:?}");
                assert!(
                    lines.iter().all(|l| l.text != "链接（续）"),
                    "{what}: no 链接（续）"
                );
            } else {
                if parts.len() > 1 {
                    broke += 1;
                }
                assert!(
                    parts.iter().all(|p| p.1.len() >= 3),
                    "{what}: a part with fewer than three lines: {shape:?}"
                );
            }
        }
    }
    assert!(broke > 0, "some long box breaks");
}

/// `before` one-line paragraphs, then a section whose heading is followed
/// by a 3:2 photo and two short paragraphs (QA finding D24).
fn heading_then_photo(columns: u8, before: usize) -> PagedDoc {
    let mut md = one_line_paragraphs(columns, before);
    md.push_str("## 护水行动\n\n![护水员在库区巡查（记者 张三 摄）](photos/a.jpg)\n\n");
    md.push_str("小标题之后的第一段正文，写得稍微长一些，让它占据两行以上的位置，看看排版如何处理标题与图片的关系。\n\n第二段正文。\n");
    typeset_with_photos(&md, &[("a", 1200, 800)])
}

/// Typeset the article `md` with the photos `photos/NAME.jpg` of the given
/// pixel sizes (low resolution warnings allowed).
fn typeset_with_photos(md: &str, photos: &[(&str, u32, u32)]) -> PagedDoc {
    let ws = common::Workspace::new();
    let dir = ws.issue("x", md.as_bytes());
    for (name, w, h) in photos {
        common::write_jpeg(&dir.join(format!("photos/{name}.jpg")), *w, *h);
    }
    let (issue, _) = reportbook::source::load_issue(&dir);
    let (doc, _) = reportbook::typeset::typeset(&issue.unwrap(), fonts()).expect("typesets");
    doc
}

/// QA finding D24: a photo right under a heading stands under it when it
/// fits there with the heading's next lines, not at the next page's top
/// (which made a page of the heading and three lines, then one of the photo
/// alone). Where it does not fit, it opens the next column or page while
/// the text fills under the heading, never further on. For every place
/// the text before puts the heading, in one column and two.
#[test]
fn a_photo_under_a_heading_stands_there_when_it_fits_not_a_page_on() {
    let mut at_top = 0;
    for (columns, before) in positions(0..48, (0..100).step_by(3)) {
        let what = format!("{columns} columns, {before} paragraphs");
        let doc = heading_then_photo(columns, before);
        let lines = lines_apart(&doc, 1.0);
        let body = doc.pages[0].body;
        let mid = body.x + body.w / 2.0;
        let col = |page: usize, x: f32| (page, usize::from(x > mid));
        let head = line_starting(&lines, "护水行动");
        let here = col(head.page, head.x0);
        let img = images(&doc);
        assert_eq!(img.len(), 1, "{what}");
        let photo = col(img[0].0, img[0].1);
        let first_in = |r: (usize, usize)| {
            lines
                .iter()
                .filter(|l| col(l.page, l.x0) == r)
                .map(|l| l.y)
                .fold(f32::MAX, f32::min)
        };
        let next = if columns == 2 && here.1 == 0 {
            (here.0, 1)
        } else {
            (here.0 + 1, 0)
        };
        if photo == here {
            assert!(img[0].2 > head.y, "{what}: the photo under its heading");
        } else {
            assert_eq!(photo, next, "{what}: the photo in the next column or page");
            assert!(
                img[0].2 < first_in(next),
                "{what}: the photo opens the next region"
            );
        }
        // A heading opening its page or column has room for the photo under it.
        if (first_in(here) - head.y).abs() < 0.5 {
            at_top += 1;
            assert_eq!(
                photo,
                here,
                "{what}: the heading opens {here:?}, its photo is in {photo:?}: {:#?}",
                texts(&lines)
            );
        }
    }
    assert!(
        at_top > 0,
        "some case puts the heading at a page's or column's top"
    );
}

/// `before` one-line paragraphs, then two photos (1500 × 1060) and three short
/// paragraphs (QA finding D14).
fn two_photos(columns: u8, before: usize) -> PagedDoc {
    let mut md = one_line_paragraphs(columns, before);
    md.push_str("![甲图说明](photos/a.jpg)\n\n![乙图说明](photos/b.jpg)\n\n");
    md.push_str("图后第一段。\n\n图后第二段。\n\n图后第三段。\n");
    typeset_with_photos(&md, &[("a", 1500, 1060), ("b", 1500, 1060)])
}

/// QA finding D14: a photo waiting for the next page's top behind another
/// shrinks (to no less than 85 %) to stand under it, as a photo where it
/// stands does, instead of taking a page of its own. Two such photos do not
/// fit one page at full size but do with the second shrunk. For every
/// place the text before puts them, in one column and two.
#[test]
fn a_photo_waiting_behind_another_shrinks_to_stand_under_it() {
    let mut opened = 0;
    for (columns, before) in positions(0..48, (0..100).step_by(3)) {
        let what = format!("{columns} columns, {before} paragraphs");
        let doc = two_photos(columns, before);
        let lines = lines_apart(&doc, 1.0);
        let body = doc.pages[0].body;
        let col = |page: usize, x: f32| (page, usize::from(x > body.x + body.w / 2.0));
        let img = images(&doc);
        assert_eq!(img.len(), 2, "{what}");
        let first = col(img[0].0, img[0].1);
        // The first photo opens its page or column: the second is on its
        // page (under it, or beside it on a balanced last page).
        if lines
            .iter()
            .filter(|l| col(l.page, l.x0) == first)
            .all(|l| l.y > img[0].2)
        {
            opened += 1;
            assert_eq!(
                img[1].0,
                img[0].0,
                "{what}: the second photo on the first's page: {img:?} {:#?}",
                texts(&lines)
            );
        }
    }
    assert!(opened > 0, "some case opens a page with the first photo");
}

/// Every mark the typesetter adds (list bullets, note numbers, 续表, ornaments)
/// is in a bundled face: on the element and kind fixtures, whose text has no
/// rare character, no run is set in a system fallback face, so the PDF is
/// the same on every machine (the nested list's `◦` once fell back to
/// whatever system font had it).
#[test]
fn no_fixture_needs_a_system_font() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for dir in ["tests/typeset/elements", "tests/kinds"] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .collect();
        files.sort();
        for path in files {
            let md = std::fs::read_to_string(&path).unwrap();
            for layout in ["", "columns = 2"] {
                let md = if layout.is_empty() {
                    md.clone()
                } else {
                    with_layout(&md, layout)
                };
                // The photos it names, made up (distinct sizes do not matter here).
                let names: Vec<String> = md
                    .match_indices("photos/")
                    .filter_map(|(i, _)| md[i + 7..].split_once(".jpg").map(|(n, _)| n.to_string()))
                    .filter(|n| {
                        !n.is_empty()
                            && n.chars()
                                .all(|c| c.is_ascii_alphanumeric() || "-_".contains(c))
                    })
                    .collect();
                let photos: Vec<(&str, u32, u32)> =
                    names.iter().map(|n| (n.as_str(), 800, 600)).collect();
                let doc = typeset_with_photos(&md, &photos);
                for r in runs(&doc) {
                    assert!(
                        !matches!(r.role, Role::Fallback(_)),
                        "{} {layout}: {:?} set in a system face",
                        path.display(),
                        r.text
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 40, "{checked} layouts");
}

/// A two-column article of `paras` paragraphs, every third one ending on a
/// page-foot note (`注{k}：…`, so each can be found).
fn two_column_notes(paras: usize) -> String {
    let mut md =
        String::from("+++\ndate = \"2024-05-01\"\n[layout]\ncolumns = 2\n+++\n\n# 双栏注释\n\n");
    let mut notes = String::new();
    for p in 0..paras {
        let long =
            "基层治理是国家治理的基石，做好基层治理，关键在于把工作做细做实。".repeat(1 + p % 3);
        md.push_str(&format!("第{p}段，{long}"));
        if p % 3 == 1 {
            let k = p / 3;
            md.push_str(&format!("各地的做法正是这一思路的体现[^n{k}]。"));
            notes.push_str(&format!(
                "[^n{k}]: 注{k}：参见《关于加强基层治理体系和治理能力现代化建设的意见》。\n"
            ));
        }
        md.push_str("\n\n");
    }
    md.push_str(&notes);
    md
}

/// Issue #10: the last page of two columns is evened out when it carries
/// page-foot notes too, and every note then stands at the foot of the
/// column its reference went to, under it, on its page. (Before, such a
/// page kept its text in the left column and the right one stood empty.)
#[test]
fn a_last_page_with_foot_notes_is_evened_out_and_each_note_follows_its_reference() {
    for paras in [4, 7, 10, 14, 19, 25, 32] {
        let doc = typeset(&two_column_notes(paras));
        let lines = lines_apart(&doc, 0.9);
        check_lines(&doc, &lines);
        let last = doc.pages.len() - 1;
        let body = doc.pages[last].body;
        let mid = body.x + body.w / 2.0;
        let col = |l: &Line| usize::from(l.x0 > mid);
        let on_last: Vec<&Line> = lines.iter().filter(|l| l.page == last).collect();
        // The notes' first lines: a circled number, one size down.
        let is_note = |l: &Line| l.runs[0].size < SIZE - 0.1;
        let text_lines = |c: usize| {
            on_last
                .iter()
                .filter(|l| col(l) == c && !is_note(l) && l.runs[0].size <= SIZE + 0.1)
                .count()
        };
        let (left, right) = (text_lines(0), text_lines(1));
        let what = format!("{paras} paragraphs: {left} | {right} lines on the last page");
        assert!(
            on_last.iter().any(|l| is_note(l)),
            "{what}: the last page has notes"
        );
        // Even: the shortest paragraphs are 3 lines, which the widow and
        // orphan rules never part, so at most 3 lines of difference.
        assert!(left.abs_diff(right) <= 3, "{what}: columns even");
        for k in 0..paras.div_ceil(3) {
            let Some(note) = lines.iter().find(|l| l.text.contains(&format!("注{k}："))) else {
                continue;
            };
            let mark = note.text.chars().next().unwrap();
            let reference = lines
                .iter()
                .find(|l| {
                    l.page == note.page
                        && !is_note(l)
                        && l.text.contains(mark)
                        && l.text.contains("体现")
                })
                .unwrap_or_else(|| {
                    panic!("{what}: note {k} ({mark}) has its reference on its page")
                });
            assert_eq!(
                col(note),
                col(reference),
                "{what}: note {k} in its reference's column"
            );
            assert!(note.y > reference.y, "{what}: note {k} under its reference");
        }
    }
}

/// Issue #10: in two columns, a photo that waits for the right column's
/// top when a table too wide for a column comes goes there first; the
/// columns above the table are evened out with it and the table stands
/// under them on the same page. (Before, the right column stood empty
/// under the photo and the table opened the next page.)
#[test]
fn a_waiting_photo_stands_above_a_spanning_table_on_its_page() {
    for paras in [6, 8, 9] {
        let mut md = String::from(
            "+++\ndate = \"2024-05-01\"\n[layout]\ncolumns = 2\n+++\n\n# 图表同页\n\n",
        );
        for k in 0..paras {
            md.push_str(&format!("第{k}段正文，全市经济运行延续恢复向好态势，主要指标好于预期，服务业对经济增长的贡献率进一步提高。\n\n"));
        }
        md.push_str("![库区护林员巡山（记者 张三 摄）](photos/a.jpg)\n\n图后一段正文，全市经济运行延续恢复向好态势。\n\n表3　宽表\n\n|");
        md.push_str(&(0..7).map(|c| format!(" 列{c} |")).collect::<String>());
        md.push_str("\n|");
        md.push_str(&"--:|".repeat(7));
        for r in 0..3 {
            md.push_str("\n|");
            md.push_str(
                &(0..7)
                    .map(|c| format!(" 1,2{r}{c}.5 |"))
                    .collect::<String>(),
            );
        }
        md.push_str("\n\n表后正文段落，全市经济运行延续恢复向好态势，主要指标好于预期。\n");
        let ws = common::Workspace::new();
        let dir = ws.issue("x", md.as_bytes());
        common::write_jpeg(&dir.join("photos/a.jpg"), 1600, 1067);
        let (issue, _) = reportbook::source::load_issue(&dir);
        let (doc, _) = reportbook::typeset::typeset(&issue.unwrap(), fonts()).expect("typesets");
        let lines = lines_apart(&doc, 0.9);
        check_lines(&doc, &lines);
        let photo = images(&doc)[0];
        let head = line_starting(&lines, "列0");
        let what = format!(
            "{paras} paragraphs: photo on page {}, table on page {}",
            photo.0, head.page
        );
        assert_eq!(photo.0, 0, "{what}");
        assert_eq!(head.page, photo.0, "{what}: the table on the photo's page");
        assert!(photo.2 < head.y, "{what}: the photo above the table");
        // Text before the table stands above it, in source order.
        let before = line_starting(&lines, "图后一段");
        assert!(before.page == 0 && before.y < head.y, "{what}: {before:?}");
        let after = line_starting(&lines, "表后正文");
        assert!(after.page > 0 || after.y > head.y, "{what}: {after:?}");
    }
}

/// Issue #10: a single photo's credit, as a group's, is set a size smaller
/// after its caption and never broken across lines when it fits one, in one
/// column and in two. (QA: in two columns `（记者 张 / 伟 摄）`.)
#[test]
fn a_photo_credit_is_never_broken_in_one_column_or_two() {
    for columns in [1, 2] {
        for caption in [
            "丹江口大坝开闸泄洪，场面蔚为壮观",
            "丹江口大坝开闸泄洪",
            "丹江口大坝开闸泄洪，场面蔚为壮观，吸引了大批市民和游客驻足观看",
            "夜幕降临，大坝灯光与泄洪水流交相辉映",
        ] {
            let md = format!(
                "+++\ndate = \"2024-05-01\"\n[layout]\ncolumns = {columns}\n+++\n\n# 图片新闻\n\n正文一段。\n\n![{caption}（记者 张伟 摄）](photos/a.jpg)\n\n正文之后。\n"
            );
            let ws = common::Workspace::new();
            let dir = ws.issue("x", md.as_bytes());
            common::write_jpeg(&dir.join("photos/a.jpg"), 1600, 1067);
            let (issue, _) = reportbook::source::load_issue(&dir);
            let (doc, _) =
                reportbook::typeset::typeset(&issue.unwrap(), fonts()).expect("typesets");
            let lines = lines_apart(&doc, 0.9);
            check_lines(&doc, &lines);
            let what = format!("{columns} col, {caption}");
            let credit: Vec<&Line> = lines.iter().filter(|l| l.text.contains("摄")).collect();
            assert_eq!(credit.len(), 1, "{what}: {:?}", texts(&lines));
            let whole = credit[0].text.contains("（记者 张伟 摄）")
                || credit[0].text.contains("（记者张伟摄）");
            assert!(whole, "{what}: the credit whole: {:?}", texts(&lines));
            let cap = lines
                .iter()
                .flat_map(|l| &l.runs)
                .find(|r| r.text.contains("丹江") || r.text.contains("夜幕"))
                .map(|r| r.size)
                .unwrap();
            for r in credit[0].runs.iter().filter(|r| r.text.contains("摄")) {
                assert!(
                    r.size < cap - 0.5,
                    "{what}: credit smaller ({} vs {cap})",
                    r.size
                );
            }
        }
    }
}

/// Issue #10: a notice's sign-off never stands on a page (or a column)
/// without body text above it: when it does not fit after the last
/// paragraph, that paragraph's last lines go with it (GB/T 9704 §7.3.5).
#[test]
fn a_notice_sign_off_never_stands_alone_at_a_page_top() {
    let mut hit = 0;
    for columns in [1, 2] {
        for paras in 8..40 {
            let mut md = format!(
                "+++\ndate = \"2024-05-01\"\n[layout]\ncolumns = {columns}\n+++\n\n# 关于做好冬季森林防火工作的通知\n\n各县市区人民政府：\n\n"
            );
            for k in 0..paras {
                md.push_str(&format!("第{k}条，各地要严格落实森林防火责任制，加强巡山护林，严防火灾发生，确保森林资源安全。\n\n"));
            }
            md.push_str("特此通知。\n\n十堰市森林防火指挥部办公室  \n2024年11月20日\n");
            let doc = typeset(&md);
            let lines = lines_apart(&doc, 0.9);
            check_lines(&doc, &lines);
            let sign = line_starting(&lines, "十堰市森林防火指挥部办公室");
            let body = doc.pages[sign.page].body;
            let mid = body.x + body.w / 2.0;
            let col = |l: &Line| (l.page, columns == 2 && l.x0 > mid);
            // The lines above it in its column (and page).
            let above = lines
                .iter()
                .filter(|l| col(l) == col(sign) && l.y < sign.y - 0.5)
                .count();
            assert!(
                above > 0,
                "{columns} col, {paras} paragraphs: the sign-off opens page {} alone",
                sign.page + 1
            );
            // The cases where it stands near a region's top, under the
            // lines that came with it.
            if above <= 2 && (sign.page > 0 || columns == 2) {
                hit += 1;
            }
        }
    }
    assert!(hit > 0, "some case puts the sign-off near a region's top");
}

#[test]
fn a_two_line_quotation_is_never_split_one_line_on_each_page() {
    // QA: a quotation of two one-line paragraphs stood one line at a page's
    // foot and one at the next page's top. The widow and orphan rule holds
    // for a quotation as a whole (clreq §3.4.4).
    let mut hit = 0;
    for columns in [1, 2] {
        for paras in 8..40 {
            let mut md = format!(
                "+++\ndate = \"2024-05-01\"\n[layout]\ncolumns = {columns}\n+++\n\n# 守护一库清水\n\n"
            );
            for k in 0..paras {
                md.push_str(&format!(
                    "第{k}段，水源区各地持续推进生态保护，加强巡河护水，确保一库清水永续北送。\n\n"
                ));
            }
            md.push_str(
                "> 水是生命之源。\n>\n> 我们宁可少上几个项目。\n\n站长说，这句话写进了条例。\n",
            );
            let doc = typeset(&md);
            let lines = lines_apart(&doc, 0.9);
            check_lines(&doc, &lines);
            let (a, b) = (
                line_starting(&lines, "水是生命之源"),
                line_starting(&lines, "我们宁可少上几个项目"),
            );
            let body = doc.pages[a.page].body;
            let mid = body.x + body.w / 2.0;
            let col = |l: &Line| (l.page, columns == 2 && l.x0 > mid);
            assert_eq!(
                col(a),
                col(b),
                "{columns} col, {paras} paragraphs: the quotation is split"
            );
            // Cases where the quotation opens a column: it moved whole.
            let above = lines
                .iter()
                .filter(|l| col(l) == col(a) && l.y < a.y - 0.5)
                .count();
            if above == 0 {
                hit += 1;
            }
        }
    }
    assert!(hit > 0, "some case puts the quotation at a region's top");
}

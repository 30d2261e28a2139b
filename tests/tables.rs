//! Tables in the print PDF, read back with poppler: a table longer than a
//! page continues (续表1 and the header again on every further page, every
//! body row exactly once, the caption with the first rows, one `Table` in the
//! tag tree with each row once); a table too wide for the column shrinks, spans
//! both columns of a two-column page, or is an error at its `file:line:col`.
//!
//! A missing poppler tool skips with a note, and fails under CI.

mod common;

use common::{have, squeeze};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A fixture of `tests/typeset/elements/`.
fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/typeset/elements/{name}.md")),
    )
    .unwrap()
}

/// Build an article into a PDF; its path.
fn build(ws: &common::Workspace, slug: &str, md: &str) -> PathBuf {
    ws.issue(slug, md.as_bytes());
    let out = ws.root().join("out");
    let o = common::reportbook(
        ws.root(),
        &[
            "build",
            &format!("source/{slug}"),
            "--format",
            "pdf",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", common::text(&o));
    out.join(slug).join(format!("{slug}.pdf"))
}

/// The text of page `p` (1-based), whitespace removed.
fn page_text(pdf: &Path, p: usize) -> String {
    let o = Command::new("pdftotext")
        .args(["-f", &p.to_string(), "-l", &p.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    squeeze(&String::from_utf8_lossy(&o.stdout))
}

/// [`page_text`] in the content's order (`pdftotext -raw`): a caption
/// centred over a table comes out whole, before the header.
fn page_text_raw(pdf: &Path, p: usize) -> String {
    let o = Command::new("pdftotext")
        .args(["-raw", "-f", &p.to_string(), "-l", &p.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    squeeze(&String::from_utf8_lossy(&o.stdout))
}

fn pages(pdf: &Path) -> usize {
    let o = Command::new("pdfinfo").arg(pdf).output().unwrap();
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap()
}

/// How often each structure element kind occurs in the tag tree.
fn struct_counts(pdf: &Path) -> std::collections::BTreeMap<String, usize> {
    let o = Command::new("pdfinfo")
        .arg("-struct")
        .arg(pdf)
        .output()
        .unwrap();
    let mut counts = std::collections::BTreeMap::new();
    for line in String::from_utf8_lossy(&o.stdout).lines() {
        let word = line.split_whitespace().next().unwrap_or("");
        let kind = word.trim_end_matches(':');
        if !kind.is_empty() && !kind.starts_with('/') {
            *counts.entry(kind.to_string()).or_insert(0) += 1;
        }
    }
    counts
}

/// The body rows of the Markdown's first table, each as its cells' text run together.
fn body_rows(md: &str) -> Vec<String> {
    md.lines()
        .filter(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| squeeze(&l.replace('|', "")))
        .collect()
}

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

#[test]
fn a_long_table_continues_with_its_number_and_header_on_every_page() {
    if !have("pdftotext", "-v") || !have("pdfinfo", "-v") {
        return;
    }
    let md = fixture("long-table");
    let rows = body_rows(&md);
    assert_eq!(rows.len(), 60);
    let ws = common::Workspace::new();
    let pdf = build(&ws, "long-table", &md);
    let n = pages(&pdf);
    assert!(n >= 3, "60 rows take more than two pages: {n}");
    let texts: Vec<String> = (1..=n).map(|p| page_text(&pdf, p)).collect();
    let all: String = texts.concat();
    let header = "序号片区2023年2024年增速";
    let caption = "表12024年一季度各片区地区生产总值";
    // Every body row exactly once, in order.
    let mut at = 0;
    for r in &rows {
        assert_eq!(count(&all, r), 1, "row {r} once in the PDF text");
        let k = all.find(r.as_str()).unwrap();
        assert!(k > at, "row {r} after the one before it");
        at = k;
    }
    // The caption once, on page 1, directly over the unit, header and first row.
    assert_eq!(count(&all, caption), 1);
    let first = format!("{caption}单位：亿元{header}{}", rows[0]);
    assert!(texts[0].contains(&first), "page 1: {}", texts[0]);
    assert_eq!(count(&texts[0], "续表"), 0);
    // Every further page the table is on opens (under the running head) with
    // 续表1 and the header, then its next row.
    let mut continued = 0;
    for (p, text) in texts.iter().enumerate().skip(1) {
        let Some(first_row) = rows.iter().find(|r| text.contains(r.as_str())) else {
            continue;
        };
        continued += 1;
        let opening = format!("续表1{header}{first_row}");
        assert!(
            text.contains(&opening),
            "page {}: opens with {opening}: {text}",
            p + 1
        );
        let head_end = text.find("续表1").unwrap();
        let before = &text[..head_end];
        assert!(
            before.chars().count() <= "测试日报2024年4月20日".chars().count(),
            "page {}: only the running head before 续表1: {before}",
            p + 1
        );
        assert_eq!(count(text, "续表1"), 1);
        assert_eq!(count(text, header), 1);
    }
    assert_eq!(
        continued,
        n - 1,
        "the table runs on every page after the first"
    );
    // The notes under the table, after the last row.
    let notes = all.find("注：地区生产总值按现价计算").unwrap();
    assert!(notes > at);
    // One table in the tag tree: the header row once, every body row once.
    let s = struct_counts(&pdf);
    assert_eq!(s.get("Table"), Some(&1), "{s:?}");
    assert_eq!(s.get("THead"), Some(&1), "{s:?}");
    assert_eq!(s.get("TBody"), Some(&1), "{s:?}");
    assert_eq!(s.get("TR"), Some(&61), "{s:?}");
    assert_eq!(s.get("TH"), Some(&5), "{s:?}");
    assert_eq!(s.get("TD"), Some(&300), "{s:?}");
}

#[test]
fn a_table_too_wide_even_shrunk_is_an_error_at_its_place() {
    too_wide(1);
}

/// In two columns the error measures the room across both, where the
/// table could have stood, as its hint says (QA: it said "the column is
/// 67 mm" under a hint "even across both columns").
#[test]
fn a_table_too_wide_across_both_columns_says_what_room_it_lacks() {
    too_wide(2);
}

fn too_wide(columns: u8) {
    let mut md = format!(
        "+++\ndate = \"2024-05-01\"\n[layout]\ncolumns = {columns}\n+++\n\n# 宽表\n\n正文。\n\n表4　太宽的表\n\n|"
    );
    let cols = if columns == 2 { 16 } else { 12 };
    for c in 0..cols {
        md.push_str(&format!(" 列{c} |"));
    }
    md.push_str("\n|");
    md.push_str(&"--:|".repeat(cols));
    md.push_str("\n|");
    for c in 0..cols {
        md.push_str(&format!(" 1,234,567.8{c} |"));
    }
    md.push('\n');
    let label_line = md.lines().position(|l| l.starts_with("表4")).unwrap() + 1;
    let table_line = md.lines().position(|l| l.starts_with('|')).unwrap() + 1;
    let ws = common::Workspace::new();
    ws.issue("wide", md.as_bytes());
    let out = ws.root().join("out");
    let o = common::reportbook(
        ws.root(),
        &[
            "build",
            "source/wide",
            "--format",
            "pdf",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let text = common::text(&o);
    assert!(!o.status.success(), "{text}");
    let what = if columns == 2 {
        "failed to fit table 表4　太宽的表 across both columns ("
    } else {
        "failed to fit table 表4　太宽的表 into the column ("
    };
    assert!(text.contains(what), "{text}");
    let room = if columns == 2 {
        "the type area is 143 mm)"
    } else {
        "the column is 144 mm)"
    };
    assert!(text.contains(room), "{text}");
    let at = |line: usize| format!("article.md:{line}:");
    assert!(
        text.contains(&at(label_line)) || text.contains(&at(table_line)),
        "at the table's line: {text}"
    );
    let hint = if columns == 2 {
        "even across both columns it is too wide"
    } else {
        "columns = 2"
    };
    assert!(text.contains(hint), "the hint names what to do: {text}");
    assert!(
        !out.join("wide/wide.pdf").exists(),
        "no half-written output"
    );
}

#[test]
fn a_row_taller_than_a_page_breaks_inside_and_every_cell_text_is_in_the_pdf_in_order() {
    if !have("pdftotext", "-v") || !have("pdfinfo", "-v") {
        return;
    }
    let long: String = (1..=120)
        .map(|k| format!("（{k}）全市经济运行延续恢复向好态势，主要指标好于预期。"))
        .collect();
    let md = format!(
        "+++\ndate = \"2024-05-01\"\n+++\n\n# 长格\n\n正文。\n\n表5　长格表\n\n| 指标 | 说明 |\n|--|--|\n| 甲 | 短 |\n| 乙 | 短 |\n| 丙 | {long} |\n| 丁 | 末行 |\n\n数据来源：市统计局\n\n正文之后。\n"
    );
    let ws = common::Workspace::new();
    let pdf = build(&ws, "tall", &md);
    let n = pages(&pdf);
    // Each page's text, less its furniture: the running head with 续表5 and
    // the header over a continued part, the folio under it (page 1 too).
    let mut text = String::new();
    let mut continued = 0;
    for p in 1..=n {
        let mut t = page_text(&pdf, p);
        if let Some(k) = t.find("续表5指标说明") {
            t = t[k + "续表5指标说明".len()..].to_string();
            continued += 1;
        }
        t = t.strip_suffix(&p.to_string()).unwrap_or(&t).to_string();
        text.push_str(&t);
    }
    assert!(n >= 3 && continued >= 2, "{n} pages, {continued} continued");
    assert_eq!(
        count(&text, &long),
        1,
        "the long cell whole, once, in order: {text}"
    );
    let at = |s: &str| text.find(s).unwrap_or_else(|| panic!("{s} in {text}"));
    assert!(at("表5") < at("甲短") && at("甲短") < at("乙短"));
    assert!(at("乙短") < at(&long) && at(&long) < at("丁末行"), "{text}");
    assert!(at("丁末行") < at("数据来源") && at("数据来源") < at("正文之后"));
    // The row broke: its start on page 1, the rest under 续表5 on page 2.
    assert!(
        page_text(&pdf, 1).contains("丙（1）"),
        "{}",
        page_text(&pdf, 1)
    );
    assert!(
        page_text(&pdf, 2).contains("续表5指标说明"),
        "{}",
        page_text(&pdf, 2)
    );
    // One `Table`, its split cell one `TD`.
    let s = struct_counts(&pdf);
    assert_eq!(s.get("Table"), Some(&1), "{s:?}");
    assert_eq!(s.get("TD"), Some(&8), "{s:?}");
    assert_eq!(s.get("TH"), Some(&2), "{s:?}");
}

#[test]
fn a_bad_qa_or_verse_value_is_an_error_at_its_place_listing_the_values() {
    for (setting, want) in [
        ("qa = \"hang\"", "expected \"paragraph\""),
        ("verse = \"middle\"", "expected \"indent\""),
    ] {
        let md =
            format!("+++\ndate = \"2024-05-01\"\n[layout]\n{setting}\n+++\n\n# 标题\n\n正文。\n");
        let ws = common::Workspace::new();
        ws.issue("bad", md.as_bytes());
        let o = common::reportbook(ws.root(), &["build", "source/bad", "--format", "pdf"]);
        let text = common::text(&o);
        assert!(!o.status.success(), "{text}");
        let key = setting.split(' ').next().unwrap();
        assert!(
            text.contains(&format!("invalid value for `layout.{key}`")),
            "{text}"
        );
        assert!(text.contains(want), "{text}");
        assert!(text.contains("article.md:4:"), "at its line: {text}");
    }
}

/// An article of `tables` tables, table `i` of `rows(i)` rows, each after a
/// paragraph of a different length, so that tables meet page (or column)
/// feet at many heights. A body row's first cell is `T{i:02}R{r}`.
fn many_tables(columns: u8, tables: usize, rows: impl Fn(usize) -> usize) -> String {
    let mut md =
        format!("+++\ndate = \"2024-05-01\"\n[layout]\ncolumns = {columns}\n+++\n\n# 表格断页\n\n");
    let sentence = "全市经济运行延续恢复向好态势，主要指标好于预期。";
    for i in 0..tables {
        let n = 1 + (i * 7) % 11;
        md.push_str(&format!("第{i}段。{}\n\n", sentence.repeat(n)));
        md.push_str(&format!(
            "表{i}　第{i}张表\n\n| 序号 | 片区 | 数值 |\n|:--|:--|--:|\n"
        ));
        for r in 0..rows(i) {
            md.push_str(&format!("| T{i:02}R{r} | 张湾区红卫片区 | 1,{r}00.5 |\n"));
        }
        md.push('\n');
    }
    md.push_str("文末段落。\n");
    md
}

/// For each table of [`many_tables`]: the pages (1-based) its rows are on,
/// one entry per row.
fn row_pages(texts: &[String], tables: usize, rows: impl Fn(usize) -> usize) -> Vec<Vec<usize>> {
    (0..tables)
        .map(|i| {
            (0..rows(i))
                .map(|r| {
                    let cell = format!("T{i:02}R{r}");
                    let on: Vec<usize> = (0..texts.len())
                        .filter(|&p| texts[p].contains(&cell))
                        .map(|p| p + 1)
                        .collect();
                    assert_eq!(on.len(), 1, "{cell} on exactly one page: {on:?}");
                    on[0]
                })
                .collect()
        })
        .collect()
}

#[test]
fn a_short_table_at_a_page_foot_moves_whole_and_no_break_leaves_fewer_than_three_rows() {
    if !have("pdftotext", "-v") || !have("pdfinfo", "-v") {
        return;
    }
    // Short tables (4 and 5 rows: no break could leave three on each side)
    // and longer ones (9 rows), meeting the page foot at every height.
    let n_tables = 30;
    let rows = |i: usize| [4, 9, 5][i % 3];
    let md = many_tables(1, n_tables, rows);
    let ws = common::Workspace::new();
    let pdf = build(&ws, "breaks", &md);
    let texts: Vec<String> = (1..=pages(&pdf)).map(|p| page_text_raw(&pdf, p)).collect();
    let on = row_pages(&texts, n_tables, rows);
    let mut split = 0;
    for (i, pages) in on.iter().enumerate() {
        let caption = format!("表{i}第{i}张表");
        let cap_page = texts.iter().position(|t| t.contains(&caption)).unwrap() + 1;
        assert_eq!(
            cap_page, pages[0],
            "table {i}: the caption with its first row"
        );
        let first = pages[0];
        let before = pages.iter().filter(|&&p| p == first).count();
        if before == pages.len() {
            continue;
        }
        split += 1;
        assert!(
            rows(i) > 5,
            "table {i} of {} rows is split: {pages:?}",
            rows(i)
        );
        for p in pages[0]..=pages[pages.len() - 1] {
            let here = pages.iter().filter(|&&q| q == p).count();
            assert!(here >= 3, "table {i}: {here} rows on page {p}: {pages:?}");
            if p > first {
                let text = &texts[p - 1];
                let cont = text
                    .find(&format!("续表{i}序号片区数值"))
                    .unwrap_or_else(|| {
                        panic!("table {i}: page {p} opens with 续表{i} and the header: {text}")
                    });
                let row = text.find(&format!("T{i:02}R")).unwrap();
                assert!(cont < row, "table {i}: 续表 over the rows on page {p}");
            }
        }
    }
    assert!(
        split > 0,
        "some 9-row table meets a page foot and continues"
    );
    // The text stays in source order: each table after its paragraph and
    // before the next.
    let all: String = texts.concat();
    let mut at = 0;
    for i in 0..n_tables {
        for needle in [
            format!("第{i}段。"),
            format!("表{i}第{i}张表"),
            format!("T{i:02}R0"),
        ] {
            let k = all[at..]
                .find(&needle)
                .unwrap_or_else(|| panic!("{needle} after {at}"));
            at += k;
        }
    }
}

#[test]
fn a_spanning_table_keeps_source_order_in_the_text_and_the_tag_tree() {
    if !have("pdftotext", "-v") || !have("pdfinfo", "-v") {
        return;
    }
    let mut md =
        String::from("+++\ndate = \"2024-05-01\"\n[layout]\ncolumns = 2\n+++\n\n# 宽表测试\n\n");
    for k in 0..6 {
        md.push_str(&format!("第{k}段正文，全市经济运行延续恢复向好态势，主要指标好于预期，服务业对经济增长的贡献率进一步提高。\n\n"));
    }
    md.push_str("表3　宽表\n\n|");
    for c in 0..6 {
        md.push_str(&format!(" 列{c} |"));
    }
    md.push_str("\n|");
    md.push_str(&"--:|".repeat(6));
    for r in 0..3 {
        md.push_str("\n|");
        for c in 0..6 {
            md.push_str(&format!(" 12,345.{r}{c} |"));
        }
    }
    md.push_str("\n\n表后正文段落。\n");
    let ws = common::Workspace::new();
    let pdf = build(&ws, "span", &md);
    let order = [
        "第0段正文",
        "第5段正文",
        "表3宽表",
        "12,345.00",
        "12,345.25",
        "表后正文段落",
    ];
    let check = |what: &str, text: &str| {
        let mut at = 0;
        for needle in order {
            let k = text[at..]
                .find(needle)
                .unwrap_or_else(|| panic!("{what}: {needle} after the one before it: {text}"));
            at += k + needle.len();
        }
    };
    let all: String = (1..=pages(&pdf)).map(|p| page_text(&pdf, p)).collect();
    check("pdftotext", &all);
    let o = Command::new("pdfinfo")
        .arg("-struct-text")
        .arg(&pdf)
        .output()
        .unwrap();
    check("tag tree", &squeeze(&String::from_utf8_lossy(&o.stdout)));
}

/// The lines of `pdftotext -bbox-layout`, each its words run together.
fn bbox_lines(pdf: &Path) -> Vec<String> {
    let o = Command::new("pdftotext")
        .args(["-bbox-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    let html = String::from_utf8_lossy(&o.stdout);
    html.split("<line")
        .skip(1)
        .map(|line| {
            let line = line.split("</line>").next().unwrap_or("");
            line.split("<word")
                .skip(1)
                .filter_map(|w| w.split_once('>').map(|(_, rest)| rest))
                .map(|w| w.split("</word>").next().unwrap_or(""))
                .collect()
        })
        .collect()
}

#[test]
fn a_wide_table_shrinks_its_type_before_a_name_or_a_number_wraps() {
    // Eight columns: district names of 2 to 4 characters, long headers,
    // numbers. At full table type every cell does not fit one line; at a
    // smaller size (down to 80 %) each body cell does, with the long headers
    // on two lines. Before, the names wrapped (`张/湾区`) while the number
    // columns had room to spare.
    if !have("pdftotext", "-v") {
        return;
    }
    let districts = ["张湾区", "茅箭区", "丹江口市", "房县", "竹山县", "郧西县"];
    let mut md = String::from(
        "+++\ndate = \"2024-07-15\"\n+++\n\n# 上半年各县市区主要指标\n\n表1　上半年各县市区主要指标完成情况\n\n\
         | 地区 | 地区生产总值（亿元） | 增速 | 规上工业增加值增速 | 固定资产投资增速 | 社零总额（亿元） | 社零增速 | 一般公共预算收入（亿元） |\n\
         |:--|--:|--:|--:|--:|--:|--:|--:|\n",
    );
    for (k, d) in districts.iter().enumerate() {
        md.push_str(&format!(
            "| {d} | {}.45 | 5.{k}% | 7.{k}% | 6.{k}% | 1{k}0.05 | 6.{k}% | 1{k}.34 |\n",
            300 - k * 37
        ));
    }
    md.push_str("\n注：各县市区地区生产总值为初步核算数。\n");
    let ws = common::Workspace::new();
    let pdf = build(&ws, "wide", &md);
    let lines = bbox_lines(&pdf);
    for (k, d) in districts.iter().enumerate() {
        for cell in [
            d.to_string(),
            format!("{}.45", 300 - k * 37),
            format!("1{k}0.05"),
        ] {
            assert!(
                lines.iter().any(|l| l.contains(cell.as_str())),
                "the cell {cell} is not whole on one line: {lines:?}"
            );
        }
    }
}

#[test]
fn a_text_heavy_table_in_two_columns_spans_both_rather_than_run_down_one() {
    // QA D26: four rows of long text cells in a 67 mm column wrapped to
    // about ten lines a row; the table left column 1 empty under the intro
    // and broke 1 | 1 | 2 over two pages with 续表. Across both columns a
    // row takes three lines and the table stands whole on page 1.
    if !have("pdftotext", "-v") || !have("pdfinfo", "-v") {
        return;
    }
    let mut md = String::from(
        "+++\ndate = \"2024-01-01\"\n[layout]\ncolumns = 2\n+++\n\n# 政策清单\n\n市政府日前印发重点任务清单，具体如下。\n\n表1　重点任务分工\n\n| 序号 | 任务 | 责任单位 | 完成时限 |\n|--:|:--|:--|:--|\n",
    );
    for k in 1..=4 {
        md.push_str(&format!(
            "| {k} | 关于进一步优化营商环境推动民营经济高质量发展的若干措施（第{k}条） | 市发展改革委、市市场监管局、市商务局等{k}个部门按职责分工负责 | 2024年{k}月底前完成，并建立长效机制，定期向社会公布进展情况 |\n"
        ));
    }
    md.push_str("\n各地各部门要抓好落实。\n");
    let ws = common::Workspace::new();
    let pdf = build(&ws, "tasks", &md);
    assert_eq!(pages(&pdf), 1, "the table whole on page 1");
    let text = page_text(&pdf, 1);
    assert!(!text.contains("续表"), "{text}");
    // Across both columns a task cell's line holds ten characters, where in
    // the column it held three (`关于进 / 一步优 / 化营商 …`).
    let lines = bbox_lines(&pdf);
    assert!(
        lines.iter().any(|l| l.contains("关于进一步优化营商环境")),
        "a task cell at the width of both columns: {lines:?}"
    );
}

#[test]
fn a_table_header_that_wraps_breaks_before_its_unit_bracket() {
    // QA 09-tech in two columns: the header `5G基站数（个）` in a narrow
    // column broke `5G基站 / 数（个）`, inside the word, though
    // `5G基站数 / （个）` takes two lines too.
    if !have("pdftotext", "-v") {
        return;
    }
    let mut md = String::from(
        "+++\ndate = \"2024-12-03\"\n[layout]\ncolumns = 2\n+++\n\n# 全市5G基站突破1.2万个\n\n截至11月底，全市累计建成5G基站12,386个。\n\n\
         | 运营商 | 5G基站数（个） | 5G用户数（万户） | 同比增长 |\n|:--|--:|--:|--:|\n",
    );
    for (name, n, users, up) in [
        ("中国移动", "5,812", "92.36", "21.4%"),
        ("中国电信", "3,407", "51.08", "18.7%"),
        ("中国联通", "2,769", "40.21", "16.2%"),
        ("中国广电", "398", "3.77", "105.3%"),
    ] {
        md.push_str(&format!("| {name} | {n} | {users} | {up} |\n"));
    }
    md.push_str("\n数据来源：市通信管理局\n\n下一步，全市将重点推进信号升格专项行动。\n");
    let ws = common::Workspace::new();
    let pdf = build(&ws, "heads", &md);
    let lines = bbox_lines(&pdf);
    for (word, unit) in [("5G基站数", "（个）"), ("5G用户数", "（万户）")] {
        assert!(
            lines.iter().any(|l| l.contains(word)) && lines.iter().any(|l| l.starts_with(unit)),
            "{word}{unit} is not broken before its bracket: {lines:?}"
        );
    }
}

//! `check`: one fixture issue per check under tests/check/, each holding the
//! problems that check must find (and look-alikes it must leave alone); and
//! the proof that `check` and `build` report the same text findings.

mod common;

use common::{Workspace, write_jpeg};
use reportbook::check::{CheckOptions, check_issue, check_issue_with};
use reportbook::diag::{Diagnostic, Severity};
use reportbook::fonts::Fonts;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/check")
        .join(name)
        .canonicalize()
        .unwrap()
}

fn fonts() -> &'static Fonts {
    Fonts::shared().expect("bundled fonts")
}

/// `line:col` of a diagnostic's span (the CLI's rendering), without the file.
fn line_col(d: &Diagnostic) -> String {
    let loc = d.location().expect("a span");
    let mut parts = loc.rsplitn(3, ':');
    let col = parts.next().unwrap();
    let line = parts.next().unwrap();
    format!("{line}:{col}")
}

/// `(line:col, message)` of each diagnostic, for compact assertions.
fn summary(diags: &[Diagnostic]) -> Vec<(String, String)> {
    diags
        .iter()
        .map(|d| (line_col(d), d.message.clone()))
        .collect()
}

#[test]
fn clean_issue_and_seed_have_no_findings() {
    let d = check_issue(&fixture("clean"), fonts());
    assert!(d.is_empty(), "{:#?}", summary(&d));
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("source/2023-party-building");
    let d = check_issue(&seed, fonts());
    // The print preflight's notes on the seed's photos are warnings, not problems
    // of the source: its 5640 px photo is far above 300 ppi (the others print at
    // exactly 450 ppi, not over it), and its photos carry no ICC profile (printed as sRGB).
    assert_eq!(
        d.iter().filter(|x| x.message.contains("far above")).count(),
        1,
        "{:#?}",
        summary(&d)
    );
    let other: Vec<_> = d
        .iter()
        .filter(|x| {
            !(x.message.contains("far above the 300 print needs")
                || x.message.contains("without an embedded colour profile"))
        })
        .collect();
    assert!(other.is_empty(), "{other:#?}");
    assert!(d.iter().all(|x| !x.is_error()), "{:#?}", summary(&d));
}

/// The findings of `check` whose message holds `needle`.
fn with<'a>(d: &'a [Diagnostic], needle: &str) -> Vec<&'a Diagnostic> {
    d.iter().filter(|x| x.message.contains(needle)).collect()
}

#[test]
fn photos_missing_unreadable_and_low_resolution() {
    let d = check_issue(&fixture("photos"), fonts());
    let s = summary(&d);
    let find = |needle: &str| {
        s.iter()
            .find(|(_, m)| m.contains(needle))
            .unwrap_or_else(|| panic!("no `{needle}` in {s:#?}"))
            .clone()
    };
    assert_eq!(
        find("missing.jpg"),
        ("11:1".into(), "photo `photos/missing.jpg` not found".into())
    );
    assert_eq!(find("broken.jpg").0, "13:1");
    // The cover, named in the front matter (line 2).
    assert_eq!(find("no-cover.jpg").0, "2:1");
    // 400 px across the default 409.5 pt (144 mm) column: 70 ppi. The issue
    // does not load (missing photos), so `check` read it as a proof.
    let small = find("small.jpg");
    assert_eq!(
        small,
        (
            "15:1".into(),
            "photo `photos/small.jpg` prints at 70 ppi (400×300 px across 144 mm); print needs 300"
                .into()
        )
    );
    let low = with(&d, "small.jpg")[0];
    assert_eq!(low.severity, Severity::Warning);
    assert!(low.hints[0].contains("1707 px"), "{:?}", low.hints);
    assert!(
        d.iter().all(|d| !d.message.contains("wide.png")),
        "the 1800 px photo passes: {s:#?}"
    );
}

/// An issue with `layout` settings and `body`, its photos written at the given widths.
fn issue_with(
    ws: &Workspace,
    slug: &str,
    layout: &str,
    body: &str,
    photos: &[(&str, u32)],
) -> PathBuf {
    let article = format!("+++\n{layout}\n+++\n\n# 版式与分辨率\n\n正文。\n\n{body}\n");
    let dir = ws.issue(slug, article.as_bytes());
    for (name, w) in photos {
        write_jpeg(&dir.join("photos").join(name), *w, w * 2 / 3);
    }
    dir
}

#[test]
fn resolution_is_judged_at_the_width_the_layout_prints() {
    let ws = Workspace::new();
    let fig = "![一张照片](photos/b.jpg)";
    // 1800 px over the one-column 144 mm: 316 ppi, fine.
    let one = issue_with(&ws, "one", "", fig, &[("b.jpg", 1800)]);
    assert!(with(&check_issue(&one, fonts()), "ppi (").is_empty());
    // Two columns: the figure is one column wide (18 em, 67 mm): 900 px do.
    let two = issue_with(&ws, "two", "[layout]\ncolumns = 2", fig, &[("b.jpg", 900)]);
    assert!(with(&check_issue(&two, fonts()), "ppi (").is_empty());
    let two_small = issue_with(
        &ws,
        "two-small",
        "[layout]\ncolumns = 2",
        fig,
        &[("b.jpg", 700)],
    );
    let d = check_issue(&two_small, fonts());
    let low = with(&d, "ppi (");
    assert_eq!(low.len(), 1, "{:#?}", summary(&d));
    assert!(
        low[0].message.contains("across 67 mm"),
        "{}",
        low[0].message
    );
    // A group of two shares the one column (71 mm each): 700 px each is not enough.
    let group = "![](photos/b.jpg)![](photos/c.jpg)\n图为两张照片。";
    let g = issue_with(&ws, "group", "", group, &[("b.jpg", 700), ("c.jpg", 700)]);
    let d = check_issue(&g, fonts());
    let low = with(&d, "ppi (");
    assert_eq!(low.len(), 2, "{:#?}", summary(&d));
    assert!(
        low.iter().all(|x| x.message.contains("across 71 mm")),
        "{:#?}",
        summary(&d)
    );
    // The threshold is a parameter.
    let lax = CheckOptions { min_ppi: 100.0 };
    assert!(with(&check_issue_with(&g, fonts(), &lax), "ppi (").is_empty());
}

#[test]
fn check_issue_reports_each_photo_problem_once() {
    let d = check_issue(&fixture("photos"), fonts());
    for href in ["missing.jpg", "no-cover.jpg", "broken.jpg", "small.jpg"] {
        let n = d.iter().filter(|d| d.message.contains(href)).count();
        assert_eq!(n, 1, "{href}: {:#?}", summary(&d));
    }
    // Sorted by position: the cover (line 2) first.
    assert!(d[0].message.contains("no-cover.jpg"), "{:#?}", summary(&d));
}

#[test]
fn figures_without_caption() {
    let d = check_issue(&fixture("captions"), fonts());
    let s = summary(
        &with(&d, "no caption")
            .into_iter()
            .cloned()
            .collect::<Vec<_>>(),
    );
    assert_eq!(
        s,
        [(
            "5:1".to_string(),
            "figure `photos/wide.png` has no caption".to_string()
        )]
    );
}

#[test]
fn unbalanced_quotes_and_brackets_per_paragraph() {
    let d = check_issue(&fixture("pairs"), fonts());
    let s: Vec<(String, String)> = summary(&d)
        .into_iter()
        .filter(|(_, m)| m.contains("paragraph"))
        .collect();
    let want = [
        ("3:4", "`“` is not closed in this paragraph"),
        ("5:11", "closing `）` has no opening `（` in this paragraph"),
        ("7:8", "`《` is not closed in this paragraph"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    // The multi-paragraph quotation (lines 9–11) and the nested brackets (line 13) pass.
    assert_eq!(s, want);
}

#[test]
fn ascii_punctuation_between_han() {
    let d = check_issue(&fixture("punct"), fonts());
    let got: Vec<(String, String)> = with(&d, "ASCII")
        .iter()
        .map(|d| (line_col(d), d.hints[0].clone()))
        .collect();
    let want = [
        ("3:8", "，"),
        ("3:16", "；"),
        ("3:20", "："),
        ("3:24", "？"),
        ("3:27", "！"),
        ("5:3", "（"),
        ("5:6", "）"),
    ];
    assert_eq!(got.len(), want.len(), "{got:#?}");
    for ((lc, hint), (wlc, wide)) in got.iter().zip(want) {
        assert_eq!(lc, wlc);
        assert!(hint.contains(wide), "{hint} should suggest {wide}");
    }
    // Line 7 (Latin list, clock time, score, inline code) has nothing to report.
    assert!(d.iter().all(|d| !line_col(d).starts_with("7:")));
}

#[test]
fn characters_missing_from_every_face() {
    let d = check_issue(&fixture("coverage"), fonts());
    let d: Vec<Diagnostic> = with(&d, "bundled fonts").into_iter().cloned().collect();
    let s = summary(&d);
    assert_eq!(s.len(), 2, "{s:#?}");
    // A rare character in a byline name, in the front matter.
    assert_eq!(s[0].0, "4:12");
    assert!(s[0].1.contains("U+2A6A5"), "{}", s[0].1);
    // An emoji used twice: one diagnostic, at its first use, with the count.
    assert_eq!(s[1].0, "9:7");
    assert!(
        s[1].1.contains("U+1F600") && s[1].1.contains("2 times"),
        "{}",
        s[1].1
    );
    assert!(d.iter().all(|d| !d.is_error()), "warnings, as in build");
}

/// An article with a list, a table cell, a box and an interview turn, each
/// holding an unbalanced “ and an ASCII comma amid Han; and a comma after an
/// escape and after emphasis.
const AGREEMENT: &str = "# 一致性检查\n\n正文第一段。\n\n- 列表项里“未闭合\n- 列表项,逗号\n\n| 指标 | 说明 |\n|---|---|\n| 产值 | 单元格“未闭合,逗号 |\n\n> **链接**\n>\n> 盒子里“未闭合,逗号。\n\n**记者：**采访里“未闭合,逗号？\n\n**张三：**回答。\n\n**记者：**再问。\n\n转义\\*星号后,逗号，**加粗**后,逗号。\n";

/// `(line:col, message)` of the text findings (pairs, ASCII punctuation, ppi).
fn text_findings(d: &[Diagnostic]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = summary(d)
        .into_iter()
        .filter(|(_, m)| m.contains("paragraph") || m.starts_with("ASCII") || m.contains(" ppi ("))
        .collect();
    v.sort();
    v
}

#[test]
fn check_and_build_report_the_same_text_findings_at_the_same_place() {
    let ws = Workspace::new();
    let dir = ws.issue("agree", AGREEMENT.as_bytes());
    std::fs::write(
        dir.join("article.md"),
        AGREEMENT.replace("正文第一段。", "正文第一段。\n\n![小图](photos/a.jpg)"),
    )
    .unwrap();
    let checked = text_findings(&check_issue(&dir, fonts()));
    let opts = reportbook::job::JobOptions {
        formats: reportbook::job::Formats::ALL,
        out: Some(ws.root().join("out")),
        force: true,
        placeholders: false,
    };
    let report = reportbook::job::run(&dir, fonts(), "test", &opts);
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    let built = text_findings(&report.warnings);
    assert_eq!(checked, built);
    let text = std::fs::read_to_string(dir.join("article.md")).unwrap();
    let at = |needle: &str, nth: usize| {
        let i = text.match_indices(needle).nth(nth).unwrap().0;
        let line = text[..i].matches('\n').count() + 1;
        let col = text[..i].rsplit('\n').next().unwrap().chars().count() + 1;
        format!("{line}:{col}")
    };
    let has = |lc: String, msg: &str| {
        assert!(
            checked.iter().any(|(l, m)| *l == lc && m.contains(msg)),
            "no `{msg}` at {lc}: {checked:#?}"
        )
    };
    // The list item, the cell, the box and the turn: “ at its own place.
    for n in 0..4 {
        has(at("“", n), "`“` is not closed");
    }
    // Their commas, and the ones after the escape and after the emphasis.
    for n in 0..6 {
        has(at(",", n), "ASCII `,`");
    }
    assert_eq!(
        checked
            .iter()
            .filter(|(_, m)| m.starts_with("ASCII"))
            .count(),
        6
    );
    // The 64 px photo, worded once, in both.
    assert_eq!(
        checked.iter().filter(|(_, m)| m.contains(" ppi (")).count(),
        1,
        "{checked:#?}"
    );
}

#[test]
fn unreadable_folder_gives_loader_errors_not_a_panic() {
    let d = check_issue(Path::new("tests/check/no-such-issue"), fonts());
    assert!(!d.is_empty() && d.iter().all(Diagnostic::is_error));
}

#[test]
fn a_new_issue_passes_check() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = reportbook::scaffold::scaffold_issue(tmp.path(), "fresh").unwrap();
    let d = check_issue(&dir, fonts());
    assert!(d.is_empty(), "{:#?}", summary(&d));
}

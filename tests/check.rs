//! `check`: one fixture issue per check under tests/check/, each holding the
//! problems that check must find (and look-alikes it must leave alone).

use reportbook::check::{
    CheckOptions, check_ascii_punct, check_captions, check_coverage, check_issue, check_issue_with,
    check_pairs, check_photos, read_article,
};
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

#[test]
fn photos_missing_unreadable_and_low_resolution() {
    let article = read_article(&fixture("photos")).unwrap();
    let d = check_photos(&article, &CheckOptions::default(), &[]);
    let s = summary(&d);
    assert_eq!(s.len(), 4, "{s:#?}");
    assert_eq!(s[0].0, "11:1");
    assert_eq!(s[0].1, "photo `photos/missing.jpg` not found");
    assert_eq!(s[1].0, "13:1");
    assert!(
        s[1].1
            .starts_with("photo `photos/broken.jpg` cannot be read as an image"),
        "{}",
        s[1].1
    );
    assert_eq!(s[2].0, "15:1");
    assert_eq!(
        s[2].1,
        "photo `photos/small.jpg` is 400×300 px: 69 ppi at the 147 mm column width (print needs 300)"
    );
    assert_eq!(d[2].severity, Severity::Warning);
    assert!(d[2].hints[0].contains("1737 px"));
    // The cover, named in the front matter (line 2).
    assert_eq!(s[3].0, "2:1");
    assert_eq!(s[3].1, "photo `photos/no-cover.jpg` not found");
    assert!(
        d.iter().all(|d| !d.message.contains("wide.png")),
        "the 1800 px photo passes"
    );
}

#[test]
fn column_width_is_a_parameter() {
    let article = read_article(&fixture("photos")).unwrap();
    // At 30 mm a 400 px photo has 339 ppi, and the 1800 px one is fine anyway.
    let narrow = CheckOptions {
        column_width_mm: 30.0,
        ..CheckOptions::default()
    };
    let d = check_photos(&article, &narrow, &[]);
    assert!(
        d.iter().all(|d| !d.message.contains("ppi")),
        "{:#?}",
        summary(&d)
    );
    // At 300 mm even 1800 px is too few.
    let wide = CheckOptions {
        column_width_mm: 300.0,
        ..CheckOptions::default()
    };
    let d = check_photos(&article, &wide, &[]);
    assert_eq!(
        d.iter().filter(|d| d.message.contains("ppi")).count(),
        2,
        "{:#?}",
        summary(&d)
    );
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
    let narrow = CheckOptions {
        column_width_mm: 30.0,
        ..CheckOptions::default()
    };
    assert!(
        check_issue_with(&fixture("photos"), fonts(), &narrow)
            .iter()
            .all(|d| !d.message.contains("ppi"))
    );
}

#[test]
fn figures_without_caption() {
    let article = read_article(&fixture("captions")).unwrap();
    let s = summary(&check_captions(&article));
    assert_eq!(
        s,
        [(
            "5:1".to_string(),
            "figure `photos/wide.png` has no caption".to_string()
        )]
    );
    let d = check_issue(&fixture("captions"), fonts());
    assert_eq!(
        d.iter()
            .filter(|d| d.message.contains("no caption"))
            .count(),
        1,
        "{:#?}",
        summary(&d)
    );
}

#[test]
fn unbalanced_quotes_and_brackets_per_paragraph() {
    let article = read_article(&fixture("pairs")).unwrap();
    let s = summary(&check_pairs(&article));
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
    let article = read_article(&fixture("punct")).unwrap();
    let d = check_ascii_punct(&article);
    let got: Vec<(String, String)> = d
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
    let article = read_article(&fixture("coverage")).unwrap();
    let d = check_coverage(&article, fonts());
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

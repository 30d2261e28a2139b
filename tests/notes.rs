//! Notes in the print PDF, read back with poppler: page-foot notes (the
//! default) and end notes (`[layout] notes = "end"`). Each note's text is in
//! the PDF exactly once, tagged as a `Note`; at the page foot each note is on
//! its reference's page, numbered anew from ① on every page; the reference
//! reads right after its anchor.
//!
//! A missing poppler tool skips with a note, and fails under CI.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// Skip (with a note) when a tool is missing; fail under CI.
fn have(tool: &str) -> bool {
    let ok = Command::new(tool).arg("-v").output().is_ok();
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "{tool} is required under CI"
        );
        eprintln!("note: skipping, {tool} is not installed");
    }
    ok
}

const HAN: &str = "基层治理是国家治理的基石做好关键在于把工作做细做实各地探索网格化管理积分制等做法正是这一思路的体现";

/// Deterministic Han text of `n` characters, a comma every 13.
fn han(seed: &mut u64, n: usize) -> String {
    let chars: Vec<char> = HAN.chars().collect();
    let mut s = String::new();
    for k in 0..n {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        s.push(chars[((*seed >> 33) % chars.len() as u64) as usize]);
        if k % 13 == 12 {
            s.push('，');
        }
    }
    s
}

/// An article of 24 paragraphs over several pages; every other paragraph
/// refers to a note of its own (`注N：` opens note N's text, so it can be
/// found). Returns the Markdown, the notes' texts and each reference's
/// anchor (the four characters before it).
fn article(setting: &str) -> (String, Vec<String>, Vec<String>) {
    let mut seed = 11u64;
    let mut md = format!("+++\ndate = \"2024-02-20\"\n{setting}+++\n\n# 注释测试\n\n");
    let mut notes = Vec::new();
    let mut anchors = Vec::new();
    for p in 0..24 {
        let body = han(&mut seed, 80 + (p * 53) % 200);
        if p % 2 == 0 {
            let n = notes.len() + 1;
            let c: Vec<char> = body.chars().collect();
            anchors.push(c[c.len() - 4..].iter().collect());
            md.push_str(&format!(
                "第{p}段{body}[^{n}]。{}。\n\n",
                han(&mut seed, 30)
            ));
            notes.push(format!("注{n}：{}。", han(&mut seed, [30, 90, 160][n % 3])));
        } else {
            md.push_str(&format!("第{p}段{body}。\n\n"));
        }
    }
    for (k, n) in notes.iter().enumerate() {
        md.push_str(&format!("[^{}]: {n}\n", k + 1));
    }
    (md, notes, anchors)
}

/// Build an article; the PDF's path.
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

/// Text of the whole PDF (or of one page), whitespace removed.
fn pdf_text(pdf: &Path, page: Option<usize>) -> String {
    let mut c = Command::new("pdftotext");
    if let Some(p) = page {
        c.args(["-f", &p.to_string(), "-l", &p.to_string()]);
    }
    let o = c.arg(pdf).arg("-").output().unwrap();
    String::from_utf8_lossy(&o.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn pages(pdf: &Path) -> usize {
    let o = Command::new("pdfinfo").arg(pdf).output().unwrap();
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap()
}

fn note_tags(pdf: &Path) -> usize {
    let o = Command::new("pdfinfo")
        .arg("-struct")
        .arg(pdf)
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter(|l| l.trim_start().starts_with("Note"))
        .count()
}

const MARKS: &str = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";

#[test]
fn page_foot_notes_sit_on_their_reference_page_numbered_anew_each_page() {
    if !have("pdftotext") || !have("pdfinfo") {
        return;
    }
    let ws = common::Workspace::new();
    let (md, notes, anchors) = article("");
    let pdf = build(&ws, "foot", &md);
    let all = pdf_text(&pdf, None);
    // (c) Each note's text once: a note that runs on to the next page's foot
    // is found by its opening and closing (the page's furniture and the next
    // page's body come between).
    let head = |n: &str| n.chars().take(10).collect::<String>();
    let tail = |n: &str| {
        let c: Vec<char> = n.chars().collect();
        c[c.len() - 10..].iter().collect::<String>()
    };
    for n in &notes {
        assert_eq!(all.matches(&head(n)).count(), 1, "{n} opens once");
        assert_eq!(all.matches(&tail(n)).count(), 1, "{n} closes once");
        assert!(all.find(&head(n)) < all.find(&tail(n)), "{n} in order");
    }
    // (b) Each note is one Note element.
    assert_eq!(note_tags(&pdf), notes.len());
    let n_pages = pages(&pdf);
    assert!(n_pages >= 3, "the fixture spans pages ({n_pages})");
    let mut seen = 0;
    let mut restarts = 0;
    for page in 1..=n_pages {
        let t = pdf_text(&pdf, Some(page));
        // The notes that open on this page, in order.
        let mut numbers = Vec::new();
        let mut opening: Vec<(usize, usize)> = notes
            .iter()
            .enumerate()
            .filter_map(|(k, n)| t.find(&head(n)).map(|at| (at, k)))
            .collect();
        opening.sort();
        for (at, k) in opening {
            seen += 1;
            let mark = t[..at].chars().next_back().unwrap();
            assert!(
                MARKS.contains(mark),
                "note {} opens with a mark: {mark}",
                k + 1
            );
            numbers.push(mark);
            // Its reference on this page, as pdftotext reads it: right
            // after its anchor, before the 。 it precedes in the source.
            assert!(
                t.contains(&format!("{}{mark}。", anchors[k])),
                "page {page}: reference {mark} of note {} in the text",
                k + 1
            );
        }
        // Numbers run ①②… from the first on every page with notes.
        let want: Vec<char> = MARKS.chars().take(numbers.len()).collect();
        assert_eq!(numbers, want, "page {page}");
        if page > 1 && !numbers.is_empty() {
            restarts += 1;
        }
    }
    assert_eq!(seen, notes.len(), "every note opens on a page");
    assert!(restarts >= 1, "numbering restarts on a later page");
}

#[test]
fn end_notes_stay_at_the_article_end() {
    if !have("pdftotext") || !have("pdfinfo") {
        return;
    }
    let ws = common::Workspace::new();
    let (md, notes, _) = article("[layout]\nnotes = \"end\"\n");
    let pdf = build(&ws, "end", &md);
    let all = pdf_text(&pdf, None);
    let last_par = all.find("第23段").expect("the last paragraph");
    for (k, n) in notes.iter().enumerate() {
        assert_eq!(all.matches(n.as_str()).count(), 1, "{n} once");
        let at = all.find(n.as_str()).unwrap();
        assert!(at > last_par, "note {} after the body", k + 1);
        // Numbered through the article, in order of reference.
        let mark = all[..at].chars().next_back().unwrap();
        assert_eq!(Some(mark), MARKS.chars().nth(k), "note {}", k + 1);
    }
    assert_eq!(note_tags(&pdf), notes.len());
}

#[test]
fn a_bad_notes_setting_is_an_error_at_its_place() {
    let ws = common::Workspace::new();
    let (md, _, _) = article("[layout]\nnotes = \"foot\"\n");
    ws.issue("bad", md.as_bytes());
    let o = common::reportbook(ws.root(), &["check", "source/bad"]);
    let out = common::text(&o);
    assert!(!o.status.success(), "{out}");
    assert!(out.contains("layout.notes"), "{out}");
    assert!(out.contains("article.md:4:1"), "{out}");
    assert!(out.contains("\"page\"") && out.contains("\"end\""), "{out}");
}

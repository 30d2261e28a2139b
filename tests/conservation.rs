//! Nothing is lost: for any generated article (every block kind, nested),
//! every word of the source reaches the model, the EPUB's text and the PDF's
//! text, exactly once and in order, and no Markdown syntax leaks into either.

mod common;

use proptest::prelude::*;
use reportbook::epub::{EpubOptions, epub};
use reportbook::fonts::Fonts;
use reportbook::pdf::{PdfOptions, pdf};
use reportbook::typeset::typeset;
use std::io::Read;
use std::process::Command;

fn fonts() -> &'static Fonts {
    Fonts::shared().expect("bundled fonts load")
}

/// Unique words: a numbered Han syllable pair, so each is found once.
fn word(n: usize) -> String {
    const HAN: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
    let mut s = String::from("词");
    for d in format!("{n:03}").chars() {
        s.push(HAN[d.to_digit(10).unwrap() as usize]);
    }
    s
}

/// One generated block: its Markdown, given a word counter.
#[derive(Debug, Clone)]
enum Kind {
    Para(usize),
    Bullets(usize),
    Numbered(usize),
    NestedList,
    Table(usize, usize),
    /// A table of this many rows: long enough to continue (续表) on the next page.
    LongTable(usize),
    Quote(usize),
    SideBox(usize),
    EditorsNote,
    Verse(usize),
    Turn,
    Note,
    Break,
    Section,
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        (1usize..4).prop_map(Kind::Para),
        (1usize..4).prop_map(Kind::Bullets),
        (1usize..4).prop_map(Kind::Numbered),
        Just(Kind::NestedList),
        (1usize..4, 2usize..4).prop_map(|(r, c)| Kind::Table(r, c)),
        (25usize..60).prop_map(Kind::LongTable),
        (1usize..3).prop_map(Kind::Quote),
        (1usize..3).prop_map(Kind::SideBox),
        Just(Kind::EditorsNote),
        (2usize..5).prop_map(Kind::Verse),
        Just(Kind::Turn),
        Just(Kind::Note),
        Just(Kind::Break),
        Just(Kind::Section),
    ]
}

/// A generated article: its Markdown, its words in source order (notes'
/// words come last, where their definitions are written), each note's
/// (reference word, note word), and the words the print may repeat (a
/// continued table's header row, printed again under 续表).
struct Article {
    md: String,
    words: Vec<String>,
    notes: Vec<(String, String)>,
    repeated: Vec<String>,
}

fn article(kinds: &[Kind]) -> Article {
    let n = std::cell::Cell::new(0);
    let fresh = || {
        n.set(n.get() + 1);
        word(n.get())
    };
    let next = |words: &mut Vec<String>| {
        let w = fresh();
        words.push(w.clone());
        w
    };
    let mut words = Vec::new();
    let mut notes = Vec::new();
    let mut note_words = Vec::new();
    let mut repeated = Vec::new();
    let mut md = String::from("# 标题\n\n");
    // A first body paragraph, so no quotation becomes the lead.
    md += &format!("{}。\n\n", next(&mut words));
    for k in kinds {
        match k {
            Kind::Para(s) => {
                let sentence: Vec<String> = (0..*s).map(|_| next(&mut words)).collect();
                md += &format!("{}。\n\n", sentence.join("，"));
            }
            Kind::Bullets(items) | Kind::Numbered(items) => {
                for i in 0..*items {
                    let marker = if matches!(k, Kind::Bullets(_)) {
                        "-".to_string()
                    } else {
                        format!("{}.", i + 1)
                    };
                    md += &format!("{marker} {}\n", next(&mut words));
                }
                md += "\n";
            }
            Kind::NestedList => {
                md += &format!("- {}\n", next(&mut words));
                md += &format!("  1. {}\n", next(&mut words));
                md += &format!("  2. {}\n", next(&mut words));
                md += &format!("- {}\n\n", next(&mut words));
            }
            Kind::Table(rows, cols) => {
                md += &format!("表1　{}\n\n", next(&mut words));
                let head: Vec<String> = (0..*cols).map(|_| next(&mut words)).collect();
                // Any table that reaches a page's foot continues under 续表
                // with its header row again.
                repeated.extend(head.iter().cloned());
                md += &format!("| {} |\n", head.join(" | "));
                md += &format!("|{}\n", "---|".repeat(*cols));
                for _ in 0..*rows {
                    let row: Vec<String> = (0..*cols).map(|_| next(&mut words)).collect();
                    md += &format!("| {} |\n", row.join(" | "));
                }
                md += &format!("\n数据来源：{}\n\n", next(&mut words));
            }
            Kind::LongTable(rows) => {
                md += &format!("表2　{}\n\n", next(&mut words));
                let head: Vec<String> = (0..2).map(|_| next(&mut words)).collect();
                repeated.extend(head.iter().cloned());
                md += &format!("| {} |\n|---|--:|\n", head.join(" | "));
                for r in 0..*rows {
                    md += &format!("| {} | {},{r:03}.5 |\n", next(&mut words), r + 1);
                }
                md += "\n";
            }
            Kind::Quote(paras) => {
                let ps: Vec<String> = (0..*paras)
                    .map(|_| {
                        format!(
                            "> {}，这是一段较长的引文内容，用来说明情况和道理。",
                            next(&mut words)
                        )
                    })
                    .collect();
                md += &ps.join("\n>\n");
                md += "\n\n";
            }
            Kind::SideBox(paras) => {
                md += "> **链接**\n";
                for _ in 0..*paras {
                    md += &format!(">\n> {}。\n", next(&mut words));
                }
                md += "\n";
            }
            Kind::EditorsNote => {
                md += &format!("**编者按：**{}。\n\n", next(&mut words));
            }
            Kind::Verse(lines) => {
                let ls: Vec<String> = (0..*lines).map(|_| next(&mut words)).collect();
                md += &format!("```诗\n{}\n```\n\n", ls.join("\n"));
            }
            Kind::Turn => {
                md += &format!("**记者：**{}？\n\n", next(&mut words));
            }
            Kind::Note => {
                let w = next(&mut words);
                let label = notes.len() + 1;
                md += &format!("{w}[^{label}]。\n\n");
                let nw = fresh();
                note_words.push((w.clone(), nw.clone()));
                notes.push(format!("[^{label}]: {nw}。"));
            }
            Kind::Break => md += "※ ※ ※\n\n",
            Kind::Section => {
                md += &format!("## {}\n\n{}。\n\n", next(&mut words), next(&mut words));
            }
        }
    }
    for note in &notes {
        md += note;
        md += "\n\n";
    }
    words.extend(note_words.iter().map(|(_, nw)| nw.clone()));
    Article {
        md,
        words,
        notes: note_words,
        repeated,
    }
}

/// Page-foot notes: each note's word once, after its reference's word (at
/// the foot of that page, or a later one when it runs on).
fn check_notes(text: &str, notes: &[(String, String)], md: &str) -> Result<(), TestCaseError> {
    for (r, nw) in notes {
        let found: Vec<usize> = text.match_indices(nw.as_str()).map(|(i, _)| i).collect();
        prop_assert_eq!(
            found.len(),
            1,
            "PDF: note {} found {} times\n{}",
            nw,
            found.len(),
            md
        );
        let at_ref = text.find(r.as_str()).unwrap_or(usize::MAX);
        prop_assert!(
            found[0] > at_ref,
            "PDF: note {} before its reference {}\n{}",
            nw,
            r,
            md
        );
    }
    Ok(())
}

/// Positions of `words` in `text`; each must occur exactly once, in order.
fn check_order(what: &str, text: &str, words: &[String], md: &str) -> Result<(), TestCaseError> {
    check_order_repeating(what, text, words, &[], md)
}

/// [`check_order`], where the words in `repeated` may occur more than once
/// (their first occurrence in order).
fn check_order_repeating(
    what: &str,
    text: &str,
    words: &[String],
    repeated: &[String],
    md: &str,
) -> Result<(), TestCaseError> {
    let mut last = 0;
    for w in words {
        let found: Vec<usize> = text.match_indices(w.as_str()).map(|(i, _)| i).collect();
        if repeated.contains(w) && !found.is_empty() {
            prop_assert!(found[0] >= last, "{}: {} out of order\n{}", what, w, md);
            last = found[0];
            continue;
        }
        prop_assert_eq!(
            found.len(),
            1,
            "{}: {} found {} times in\n{}\n--- source ---\n{}",
            what,
            w,
            found.len(),
            text,
            md
        );
        prop_assert!(found[0] >= last, "{}: {} out of order\n{}", what, w, md);
        last = found[0];
    }
    for leak in ["|---", "[^", "**", "](", "> [!", "```"] {
        prop_assert!(!text.contains(leak), "{}: {} leaked\n{}", what, leak, md);
    }
    Ok(())
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn epub_text(bytes: &[u8]) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    z.by_name("EPUB/text.xhtml")
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    let body = s.split("<body").nth(1).unwrap_or(&s).to_string();
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    squeeze(&out)
}

fn pdftotext_available() -> bool {
    let ok = Command::new("pdftotext").arg("-v").output().is_ok();
    assert!(
        ok || std::env::var_os("CI").is_none(),
        "pdftotext is required under CI"
    );
    ok
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn every_word_reaches_model_epub_and_pdf_once_in_order(kinds in proptest::collection::vec(kind(), 1..10)) {
        let Article { md, words, notes, repeated } = article(&kinds);
        let ws = common::Workspace::new();
        let dir = ws.source().join("gen");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("article.md"), &md).unwrap();
        let (issue, _) = reportbook::source::load_issue(&dir);
        let issue = issue.map_err(|e| TestCaseError::fail(format!("{e:?}\n{md}")))?;
        // The model.
        let mut model = String::new();
        issue.visit_text(&mut |t, _| model.push_str(t));
        check_order("model", &squeeze(&model), &words, &md)?;
        // The EPUB.
        let (bytes, _) = epub(&issue, fonts(), &EpubOptions::default()).unwrap();
        check_order("EPUB", &epub_text(&bytes), &words, &md)?;
        // The PDF.
        if pdftotext_available() {
            let pdf_text = |issue: &reportbook::model::Issue| {
                let (doc, _) = typeset(issue, fonts()).unwrap();
                let bytes = pdf(&doc, &PdfOptions::default()).unwrap();
                let path = ws.root().join("gen.pdf");
                std::fs::write(&path, bytes).unwrap();
                // Content order: the reading order the typesetter wrote (pdftotext's
                // layout analysis would read a table's columns as text columns).
                let o = Command::new("pdftotext").arg("-raw").arg(&path).arg("-").output().unwrap();
                squeeze(&String::from_utf8_lossy(&o.stdout))
            };
            // Page-foot notes (the default): the body in order, each note once
            // after its reference.
            let body_words = &words[..words.len() - notes.len()];
            let text = pdf_text(&issue);
            check_order_repeating("PDF", &text, body_words, &repeated, &md)?;
            check_notes(&text, &notes, &md)?;
            // End notes: everything in source order, notes last; with them
            // the other settings of the elements (hanging turns, centred
            // verse), where the article has turns or poems.
            let other_settings = kinds.iter().any(|k| matches!(k, Kind::Turn | Kind::Verse(_)));
            if !notes.is_empty() || other_settings {
                let mut end = issue.clone();
                end.layout.notes = reportbook::model::NotePlacement::End;
                end.layout.qa = reportbook::model::QaStyle::Hanging;
                end.layout.verse = reportbook::model::VersePlacement::Centre;
                check_order_repeating("PDF (end notes, hanging turns, centred verse)", &pdf_text(&end), &words, &repeated, &md)?;
            }
        }
    }
}

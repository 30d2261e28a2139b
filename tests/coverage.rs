//! Characters no bundled face has: the build still succeeds, warns once per
//! character with its code point, count and exact `article.md:line:col`, and
//! the PDF keeps the character's text. Where a system font has the character,
//! the PDF sets it in that font (not as .notdef).
//!
//! The system-font parts need an outline font with the character: DejaVu Sans
//! (emoji, `fonts-dejavu-core`) and HanaMinB (CJK Extension B, `fonts-hanazono`).
//! Without one the part prints a note and passes, except under CI (the `CI`
//! environment variable set), where it fails.

mod common;

use common::Workspace;
use reportbook::fonts::{Fonts, Role};
use reportbook::frame::{Frame, FrameItem, TextRun};
use std::path::Path;
use std::process::{Command, Output};

/// An article with an emoji twice and a CJK Extension B character once, in
/// different blocks, after a front matter and a title.
const ARTICLE: &str = "+++\nissue = 3\ndate = \"2024-05-01\"\n[[byline]]\nrole = \"记者\"\nnames = [\"张三\"]\n+++\n\n# 测试标题\n\n正文第一段😀，生僻字𠀀在此。\n\n第二段*又见*😀。\n";

const EMOJI: char = '😀';
const EXT_B: char = '𠀀';

/// `line:col` (1-based, columns in characters) of the first `c` in `text`.
fn place(text: &str, c: char) -> String {
    let at = text.find(c).expect("char in article");
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap().chars().count() + 1;
    format!("{line}:{col}")
}

fn build(root: &Path, system_fonts: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_reportbook"));
    cmd.current_dir(root)
        .args(["build", "--force"])
        .env("SOURCE_DATE_EPOCH", "1700000000");
    match system_fonts {
        Some(v) => cmd.env("REPORTBOOK_SYSTEM_FONTS", v),
        None => cmd.env_remove("REPORTBOOK_SYSTEM_FONTS"),
    };
    cmd.output().expect("binary runs")
}

/// The warning lines that name `c`'s code point.
fn warnings_for(out: &Output, c: char) -> Vec<String> {
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let code = format!("U+{:04X}", c as u32);
    // Each warning is a block: the message line, then ` --> file:line:col`.
    let lines: Vec<&str> = all.lines().collect();
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with("warning:") && l.contains(&code))
        .map(|(i, l)| {
            let at = lines
                .get(i + 1)
                .filter(|n| n.trim_start().starts_with("-->"));
            format!("{l}\n{}\n", at.map_or("", |a| a.trim()))
        })
        .collect()
}

/// Run a poppler tool; `None` (skip) when it is missing, a failure under CI.
fn tool(name: &str, pdf: &Path) -> Option<String> {
    match Command::new(name).arg(pdf).args(["-"]).output() {
        Ok(o) => Some(String::from_utf8_lossy(&o.stdout).into_owned()),
        Err(e) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "{name} is required under CI ({e})"
            );
            eprintln!("note: {name} not found ({e}); check skipped");
            None
        }
    }
}

fn pdffonts(pdf: &Path) -> Option<String> {
    match Command::new("pdffonts").arg(pdf).output() {
        Ok(o) => Some(String::from_utf8_lossy(&o.stdout).into_owned()),
        Err(e) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "pdffonts is required under CI ({e})"
            );
            eprintln!("note: pdffonts not found ({e}); check skipped");
            None
        }
    }
}

#[test]
fn without_system_fonts_each_char_is_warned_once_at_its_place_and_kept_as_text() {
    let ws = Workspace::new();
    ws.issue("cov", ARTICLE.as_bytes());
    let out = build(ws.root(), Some("none"));
    assert!(out.status.success(), "{out:?}");
    for (c, times) in [(EMOJI, "2 times"), (EXT_B, "once")] {
        let w = warnings_for(&out, c);
        assert_eq!(w.len(), 1, "one warning for {c}: {w:?}");
        let at = format!("article.md:{}\n", place(ARTICLE, c));
        assert!(w[0].contains(&at), "{c} not placed at {at}: {}", w[0]);
        assert!(w[0].contains(&format!("character {c} ")), "{}", w[0]);
        assert!(w[0].contains(times), "{c} count: {}", w[0]);
        assert!(w[0].contains("no system font has it"), "{}", w[0]);
    }
    let pdf = ws.root().join("output/cov/cov.pdf");
    if let Some(text) = tool("pdftotext", &pdf) {
        assert!(text.contains("段😀，生僻字𠀀在此"), "PDF text: {text}");
        assert!(text.contains("又见😀"), "PDF text: {text}");
    }
    // No system font was looked at, so only the bundled faces are embedded.
    if let Some(fonts) = pdffonts(&pdf) {
        assert_eq!(fonts.lines().count(), 2 + 3, "{fonts}");
    }
}

/// Every text run of a frame tree.
fn runs<'a>(frame: &'a Frame, out: &mut Vec<&'a TextRun>) {
    for (_, item) in &frame.items {
        match item {
            FrameItem::Group(g) => runs(&g.frame, out),
            FrameItem::Text(t) => out.push(t),
            _ => {}
        }
    }
}

/// With a system font that has `c`: the build names that font in its warning,
/// the typeset run holding `c` uses a fallback face with a real glyph, and the
/// PDF embeds one more font and still has the text.
fn check_fallback(c: char, package: &str) {
    let Some(info) = reportbook::fonts::fallback_info(c) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs a system font with U+{:04X} (install {package})",
            c as u32
        );
        eprintln!(
            "note: no system font has U+{:04X} ({package}); test skipped",
            c as u32
        );
        return;
    };
    let ws = Workspace::new();
    let dir = ws.issue("cov", ARTICLE.as_bytes());
    let out = build(ws.root(), None);
    assert!(out.status.success(), "{out:?}");
    let w = warnings_for(&out, c);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains(&format!(
            "sets it in {} from {}",
            info.family,
            info.path.display()
        )),
        "{info:?} vs {}",
        w[0]
    );

    let fonts = Fonts::shared().expect("bundled fonts");
    let (issue, _) = reportbook::source::load_issue(&dir);
    let (doc, _) = reportbook::typeset::typeset(&issue.expect("issue loads"), fonts).unwrap();
    let mut all = Vec::new();
    for page in &doc.pages {
        runs(&page.frame, &mut all);
    }
    let with_c: Vec<_> = all
        .iter()
        .flat_map(|r| r.glyphs.iter().map(move |g| (r, g)))
        .filter(|(r, g)| r.text[g.text_range.clone()].contains(c))
        .collect();
    assert!(!with_c.is_empty(), "{c} not set");
    for (run, glyph) in with_c {
        assert_eq!(run.face, info.role, "{c} not in the fallback face");
        assert!(matches!(run.face, Role::Fallback(_)));
        assert_ne!(glyph.id, 0, "{c} set as .notdef");
        assert_eq!(
            Some(glyph.id),
            fonts.face(run.face).glyph(c),
            "{c} is not the face's glyph for it"
        );
    }
    assert!(doc.faces.iter().any(|f| f.role == info.role));

    let pdf = ws.root().join("output/cov/cov.pdf");
    if let Some(list) = pdffonts(&pdf) {
        let bundled = ["NotoSerifCJK", "NotoSansCJK", "ReportbookKai"];
        let others: Vec<&str> = list
            .lines()
            .skip(2)
            .filter(|l| !bundled.iter().any(|b| l.contains(b)))
            .collect();
        assert!(!others.is_empty(), "no fallback font embedded: {list}");
    }
    if let Some(text) = tool("pdftotext", &pdf) {
        assert!(text.contains(c), "PDF text lost {c}: {text}");
    }
}

#[test]
fn emoji_is_set_in_a_system_font_when_one_has_it() {
    check_fallback(EMOJI, "fonts-dejavu-core");
}

#[test]
fn cjk_extension_b_is_set_in_a_system_font_when_one_has_it() {
    check_fallback(EXT_B, "fonts-hanazono");
}

#[test]
fn the_same_machine_gives_the_same_pdf() {
    let ws = Workspace::new();
    ws.issue("cov", ARTICLE.as_bytes());
    let pdf = ws.root().join("output/cov/cov.pdf");
    assert!(build(ws.root(), None).status.success());
    let first = std::fs::read(&pdf).unwrap();
    assert!(build(ws.root(), None).status.success());
    assert_eq!(first, std::fs::read(&pdf).unwrap());
}

//! The source-side error catalogue: every bad input gives an error (or a
//! warning where the build can go on) naming the file, the line and column,
//! what is wrong and what to do — and never a panic.

mod common;

use common::{ARTICLE, Workspace};
use reportbook::diag::Diagnostic;
use reportbook::source::load_issue;

fn errors_of(ws: &Workspace, article: &[u8]) -> Vec<Diagnostic> {
    let dir = ws.issue("i", article);
    match load_issue(&dir).0 {
        Ok(_) => vec![],
        Err(e) => e,
    }
}

fn rendered(d: &[Diagnostic]) -> String {
    d.iter()
        .map(Diagnostic::render)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn valid_article_loads() {
    let ws = Workspace::new();
    let dir = ws.issue("i", ARTICLE.as_bytes());
    let (issue, warnings) = load_issue(&dir);
    assert!(issue.is_ok(), "{issue:?}");
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn missing_photo_names_file_line_and_column() {
    let ws = Workspace::new();
    let md = ARTICLE.replace("photos/a.jpg", "photos/missing.jpg");
    let e = rendered(&errors_of(&ws, md.as_bytes()));
    assert!(e.contains("photo `photos/missing.jpg` not found"), "{e}");
    let line = md.lines().position(|l| l.contains("missing.jpg")).unwrap() + 1;
    assert!(e.contains(&format!("article.md:{line}:1:")), "{e}");
    assert!(e.contains("hint:"), "{e}");
}

#[test]
fn photo_paths_that_leave_the_issue_or_are_urls_are_refused() {
    for (href, what) in [
        ("../secret.jpg", "leaves the issue folder"),
        ("/etc/passwd", "leaves the issue folder"),
        ("https://example.com/a.jpg", "is a URL"),
    ] {
        let ws = Workspace::new();
        let md = ARTICLE.replace("photos/a.jpg", href);
        let e = rendered(&errors_of(&ws, md.as_bytes()));
        assert!(e.contains(what), "{href}: {e}");
    }
}

#[cfg(unix)]
#[test]
fn symlink_pointing_outside_is_refused() {
    let ws = Workspace::new();
    let dir = ws.issue(
        "i",
        ARTICLE
            .replace("photos/a.jpg", "photos/link.jpg")
            .as_bytes(),
    );
    let outside = ws.root().join("outside.jpg");
    common::write_jpeg(&outside, 8, 8);
    std::os::unix::fs::symlink(&outside, dir.join("photos/link.jpg")).unwrap();
    let e = rendered(&load_issue(&dir).0.unwrap_err());
    assert!(e.contains("outside the issue folder"), "{e}");
}

#[test]
fn gbk_article_is_refused_with_the_conversion_command() {
    let ws = Workspace::new();
    let (gbk, _, _) = encoding_rs::GBK.encode(ARTICLE);
    let e = rendered(&errors_of(&ws, &gbk));
    assert!(e.contains("not UTF-8 (it looks like GB18030/GBK)"), "{e}");
    assert!(e.contains("iconv -f GB18030 -t UTF-8"), "{e}");
}

#[test]
fn bom_and_crlf_are_accepted() {
    let ws = Workspace::new();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(ARTICLE.replace('\n', "\r\n").as_bytes());
    let dir = ws.issue("i", &bytes);
    let issue = load_issue(&dir).0.expect("BOM + CRLF load");
    assert_eq!(issue.meta.title, "测试标题");
    assert_eq!(issue.meta.issue_number, Some(3));
}

#[test]
fn toml_syntax_error_points_at_its_line() {
    let ws = Workspace::new();
    let md = ARTICLE.replace("issue = 3", "issue = = 3");
    let e = rendered(&errors_of(&ws, md.as_bytes()));
    assert!(e.contains("invalid settings"), "{e}");
    assert!(e.contains("article.md:2:"), "{e}");
}

#[test]
fn unknown_key_warns_with_nearest_valid_key() {
    let ws = Workspace::new();
    let dir = ws.issue(
        "i",
        ARTICLE
            .replace("issue = 3", "issue = 3\nisue = 4")
            .as_bytes(),
    );
    let (issue, warnings) = load_issue(&dir);
    assert!(issue.is_ok());
    let w = rendered(&warnings);
    assert!(
        w.contains("unknown setting `isue`") && w.contains("did you mean `issue`?"),
        "{w}"
    );
    assert!(w.contains("article.md:3:1"), "{w}");
}

#[test]
fn missing_title_empty_article_and_unclosed_settings() {
    let ws = Workspace::new();
    let e = rendered(&errors_of(
        &ws,
        ARTICLE.replace("# 测试标题", "测试标题").as_bytes(),
    ));
    assert!(e.contains("no title") && e.contains("`# 标题`"), "{e}");
    let e = rendered(&errors_of(&ws, b"+++\nissue = 1\n+++\n\n"));
    assert!(e.contains("the article is empty"), "{e}");
    let e = rendered(&errors_of(&ws, b"+++\nissue = 1\n# T\n"));
    assert!(e.contains("never closed"), "{e}");
    let e = rendered(&errors_of(&ws, b""));
    assert!(e.contains("empty"), "{e}");
}

#[test]
fn invalid_page_size_and_colour() {
    let ws = Workspace::new();
    let md = ARTICLE.replace(
        "+++\n\n#",
        "[layout]\npage = \"B0\"\naccent = \"reddish\"\n+++\n\n#",
    );
    let e = rendered(&errors_of(&ws, md.as_bytes()));
    assert!(e.contains("invalid value for `layout.page`"), "{e}");
    assert!(e.contains("invalid value for `layout.accent`"), "{e}");
}

#[test]
fn arbitrary_bytes_never_panic() {
    let ws = Workspace::new();
    for bytes in [
        &b"\x00\x01\x02"[..],
        b"+++",
        b"+++\n+++\n",
        b"# \n\n> \n\n![](",
        b"***\n**\xe4\xb8\xad**",
        b"# T\n\n> > > deep\n",
    ] {
        let dir = ws.issue("i", bytes);
        let _ = load_issue(&dir);
    }
}

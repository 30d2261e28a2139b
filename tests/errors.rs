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
    assert!(
        e.contains("the article has its settings but no text below them"),
        "{e}"
    );
    let e = rendered(&errors_of(&ws, b"+++\nissue = 1\n# T\n"));
    assert!(e.contains("never closed"), "{e}");
    let e = rendered(&errors_of(&ws, b""));
    assert!(
        e.contains("the article is empty (the file has 0 bytes)"),
        "{e}"
    );
    let e = rendered(&errors_of(&ws, b"\n  \n\n"));
    assert!(
        e.contains("the article is empty (the file has only blank lines)"),
        "{e}"
    );
}

/// The no-title error points at the article's first line of text (not the
/// blank line before it) and its hint fits what that line is.
#[test]
fn no_title_points_at_the_first_line_and_says_what_it_is() {
    let ws = Workspace::new();
    for (body, at, hint) in [
        (
            "\n正文一段，没有标题。\n",
            "article.md:5:1",
            "start the article with a `# 标题` line",
        ),
        (
            "\n## 二级标题\n\n正文。\n",
            "article.md:5:1",
            "(level 2); the title is the one `#` heading: `# 二级标题`",
        ),
        (
            "\n关于做好春节安全工作的通知\n\n正文。\n",
            "article.md:5:1",
            "if this line is the title, write it as `# 关于做好春节安全工作的通知`",
        ),
    ] {
        let md = format!("+++\nissue = 1\n+++\n{body}");
        let e = rendered(&errors_of(&ws, md.as_bytes()));
        assert!(e.contains("the article has no title"), "{e}");
        assert!(e.contains(at), "at {at}: {e}");
        assert!(e.contains(hint), "{hint}: {e}");
    }
}

/// A bare `#` (QA: it built an article without a title, no message) is an
/// error at its line; when the line under it reads as the title, the hint
/// says to join them.
#[test]
fn a_bare_title_mark_is_an_error_at_its_line() {
    let ws = Workspace::new();
    for (body, hint) in [
        (
            "\n#\n\n正文一段，没有标题。正文继续写下去，写得很长很长，超过四十个字的一段正文在这里结束了。\n",
            "write the title after the `# ` on this line: `# 标题`",
        ),
        (
            "\n#\n关于做好春节安全工作的通知\n\n正文。\n",
            "join them: `# 关于做好春节安全工作的通知`",
        ),
    ] {
        let md = format!("+++\nissue = 1\n+++\n{body}");
        let e = rendered(&errors_of(&ws, md.as_bytes()));
        assert!(e.contains("the title line `#` has no text"), "{e}");
        assert!(e.contains("article.md:5:1"), "at the `#` line: {e}");
        assert!(e.contains(hint), "{hint}: {e}");
    }
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

// ---------------------------------------------------------------------------
// Settings never vanish: keys swallowed by TOML tables, locations that are right
// ---------------------------------------------------------------------------

/// `(file name:line:col, message, hints)` of each diagnostic.
fn located(d: &[Diagnostic]) -> Vec<(String, String, Vec<String>)> {
    d.iter()
        .map(|d| {
            let loc = d.location().unwrap_or_default();
            let short = loc.rsplit('/').next().unwrap_or_default().to_owned();
            (short, d.message.clone(), d.hints.clone())
        })
        .collect()
}

fn all_diags(ws: &Workspace, article: &str) -> Vec<Diagnostic> {
    let dir = ws.issue("i", article.as_bytes());
    let (r, mut w) = load_issue(&dir);
    if let Err(e) = r {
        w.extend(e);
    }
    reportbook::diag::sort(&mut w);
    w
}

#[test]
fn a_setting_below_layout_says_where_to_move_it() {
    let ws = Workspace::new();
    // Line 2 `issue`, 3 `[[byline]]` (the first table), 6 `[layout]`, 8 `date`.
    let md = ARTICLE.replace("date = \"2024-05-01\"\n", "").replace(
        "names = [\"张三\"]\n",
        "names = [\"张三\"]\n[layout]\ncolumns = 2\ndate = \"2024-05-01\"\n",
    );
    let d = located(&all_diags(&ws, &md));
    assert_eq!(
        d,
        [(
            "article.md:8:1".into(),
            "`date` is inside `[layout]` here: move it above line 3 (ignored)".into(),
            vec!["in TOML every `key = value` line below a `[layout]` line belongs to that table; write single settings above the first table".into()]
        )],
        "{md}"
    );
}

#[test]
fn settings_after_a_byline_entry_are_not_swallowed_silently() {
    let ws = Workspace::new();
    let md = ARTICLE.replace(
        "names = [\"张三\"]\n",
        "names = [\"张三\"]\ncover = \"photos/a.jpg\"\ndescription = \"简介\"\n",
    );
    let d = located(&all_diags(&ws, &md));
    assert_eq!(d.len(), 2, "{d:#?}");
    assert_eq!(d[0].0, "article.md:7:1");
    assert_eq!(
        d[0].1,
        "`cover` is inside `[[byline]]` here: move it above line 4 (ignored)"
    );
    assert_eq!(d[1].0, "article.md:8:1");
    assert!(d[1].1.starts_with("`description` is inside `[[byline]]`"));
}

#[test]
fn a_typo_inside_a_byline_entry_is_reported_at_its_line() {
    let ws = Workspace::new();
    let md = ARTICLE.replace("names = [\"张三\"]", "name = [\"张三\"]");
    let d = all_diags(&ws, &md);
    let l = located(&d);
    assert_eq!(l.len(), 1, "{l:#?}");
    assert_eq!(l[0].0, "article.md:6:1");
    assert_eq!(
        l[0].1,
        "a [[byline]] entry has no `names`: `name` is not a key here"
    );
    assert_eq!(
        d[0].span.as_ref().unwrap().label.as_deref(),
        Some("did you mean `names`?")
    );
    // Any other unknown key in an entry gets the nearest valid one.
    let md = ARTICLE.replace("role = \"记者\"", "role = \"记者\"\nrloe = \"x\"");
    let l = located(&all_diags(&ws, &md));
    assert_eq!(l[0].0, "article.md:6:1", "{l:#?}");
    assert_eq!(l[0].1, "unknown setting `rloe` in `[[byline]]` (ignored)");
    assert_eq!(l[0].2, ["did you mean `role`?"]);
}

#[test]
fn a_misspelt_table_is_reported_at_its_header() {
    let ws = Workspace::new();
    let md = ARTICLE.replace("+++\n\n#", "[layot]\ncolumns = 2\n+++\n\n#");
    let l = located(&all_diags(&ws, &md));
    assert_eq!(
        l,
        [(
            "article.md:7:2".into(),
            "unknown setting `layot` (ignored)".into(),
            vec!["did you mean `layout`?".into()]
        )]
    );
}

#[test]
fn errors_in_publication_toml_are_reported_at_their_line() {
    let ws = Workspace::new();
    std::fs::write(
        ws.source().join("publication.toml"),
        "name = \"测试日报\"\n\n[layout]\ncolumns = 3\ncolums = 2\n",
    )
    .unwrap();
    let l = located(&all_diags(&ws, ARTICLE));
    assert_eq!(l.len(), 2, "{l:#?}");
    assert_eq!(l[0].0, "publication.toml:4:1");
    assert_eq!(
        l[0].1,
        "invalid value for `layout.columns` (expected 1 or 2)"
    );
    assert_eq!(l[1].0, "publication.toml:5:1");
    assert_eq!(l[1].2, ["did you mean `columns`?"]);
}

#[test]
fn yaml_front_matter_gives_one_warning_and_nothing_misleading() {
    let ws = Workspace::new();
    let md = "---\ntitle: 旧标题\ndate: 2024-05-01\n---\n\n# 测试标题\n\n正文。\n";
    let dir = ws.issue("i", md.as_bytes());
    let (issue, warnings) = load_issue(&dir);
    let issue = issue.expect("loads");
    assert_eq!(issue.meta.title, "测试标题");
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0]
            .message
            .contains("YAML front matter is not read")
    );
}

/// A missing photo whose name is a letter off (or another case) from a file
/// beside it says which file was probably meant; a name far from every file
/// does not guess.
#[test]
fn a_near_miss_photo_path_says_did_you_mean() {
    for (written, meant) in [
        ("photos/lectur.jpg", Some("photos/lecture.jpg")),
        ("photos/Lecture.JPG", Some("photos/lecture.jpg")),
        ("photos/lecturee.jpg", Some("photos/lecture.jpg")),
        ("photos/harbour-at-night.jpg", None),
    ] {
        let ws = Workspace::new();
        let dir = ws.issue("i", ARTICLE.replace("photos/a.jpg", written).as_bytes());
        common::write_jpeg(&dir.join("photos/lecture.jpg"), 32, 24);
        let e = match load_issue(&dir).0 {
            Ok(_) => panic!("{written} should not load"),
            Err(e) => e,
        };
        let d = e
            .iter()
            .find(|d| d.message.contains("not found"))
            .unwrap_or_else(|| panic!("{}", rendered(&e)));
        let guess = d.hints.iter().find(|h| h.starts_with("did you mean"));
        match meant {
            Some(m) => assert_eq!(
                guess.map(String::as_str),
                Some(format!("did you mean `{m}`?").as_str())
            ),
            None => assert!(guess.is_none(), "{}", rendered(&e)),
        }
        assert!(d.hints.iter().any(|h| h.starts_with("put the file at")));
    }
}

/// What Markdown itself would drop or misread without a word is an error at
/// its line: table cells past the header's count, a pipe table whose
/// delimiter row does not match its header, a fence never closed, a note
/// mark in a heading (README, "Nothing is lost").
#[test]
fn what_markdown_would_drop_silently_is_an_error_at_its_line() {
    let head = "+++\ndate = \"2024-05-01\"\n+++\n\n# 标题\n\n";
    for (body, line, says) in [
        (
            "| 地区 | 2023年 |\n|:--|--:|\n| 张湾区 | 1,860 | 7.6% |\n",
            9,
            "Markdown drops `7.6%`",
        ),
        (
            "| 地区 | 2023年 | 2024年 |\n|--|--|\n| 张湾区 | 1 | 2 |\n",
            7,
            "delimiter row has 2 cell(s) for a header of 3",
        ),
        (
            "正文。\n\n```诗\n床前明月光\n\n## 第二节\n\n正文。\n",
            9,
            "fence is never closed",
        ),
        (
            "## 小标题[^h]\n\n正文。\n\n[^h]: 注。\n",
            7,
            "a note reference in a heading",
        ),
    ] {
        let ws = Workspace::new();
        let md = format!("{head}{body}");
        let e = rendered(&errors_of(&ws, md.as_bytes()));
        assert!(e.contains(says), "{body:?}: {e}");
        assert!(e.contains(&format!("article.md:{line}:1")), "{body:?}: {e}");
        assert!(e.contains("hint:"), "{body:?}: {e}");
    }
    // The well-formed forms stay silent: an empty extra cell, a closed
    // fence, a note in the paragraph.
    for body in [
        "| 地区 | 2023年 |\n|:--|--:|\n| 张湾区 | 1,860 | |\n",
        "```诗\n床前明月光\n```\n\n正文。\n",
        "## 小标题\n\n正文[^h]。\n\n[^h]: 注。\n",
    ] {
        let ws = Workspace::new();
        let md = format!("{head}{body}");
        let d = all_diags(&ws, &md);
        assert!(d.is_empty(), "{body:?}: {}", rendered(&d));
    }
}

/// An undefined note reference is warned at the reference itself (the caret
/// under `[^2]`, not the whole paragraph), its hint names the label written,
/// and a definition nobody refers to is pointed out as the likely typo.
#[test]
fn an_undefined_note_reference_points_at_itself_and_names_the_unused_definition() {
    let ws = Workspace::new();
    let md = "+++\ndate = \"2024-01-01\"\n+++\n\n# 标题\n\n据统计[^2]，全市增长5%。\n\n[^1]: 未被引用的注释。\n";
    let d = all_diags(&ws, md);
    let w = d
        .iter()
        .find(|x| x.message.contains("no definition"))
        .unwrap_or_else(|| panic!("{}", rendered(&d)));
    let range = &w.span.as_ref().expect("a place").range;
    assert_eq!(&md[range.clone()], "[^2]", "{}", rendered(&d));
    assert_eq!(
        w.location().unwrap().rsplit('/').next(),
        Some("article.md:7:4")
    );
    assert!(w.message.contains("`[^2]`"), "{}", w.message);
    assert!(
        w.hints.iter().any(|h| h.contains("`[^2]: 注释文字`")),
        "{:?}",
        w.hints
    );
    assert!(
        w.hints
            .iter()
            .any(|h| h.contains("`[^1]` is defined but never referenced")),
        "{:?}",
        w.hints
    );
    // Without a spare definition the hint does not guess.
    let d = all_diags(
        &ws,
        "+++\ndate = \"2024-01-01\"\n+++\n\n# 标题\n\n正文[^9]。\n",
    );
    let w = d
        .iter()
        .find(|x| x.message.contains("no definition"))
        .unwrap();
    assert!(
        !w.hints.iter().any(|h| h.contains("never referenced")),
        "{:?}",
        w.hints
    );
}

/// A note label defined twice is an error at the second definition (the
/// references can mean only one; before, the other was printed as an
/// unreferenced note with a misleading warning), and a table row short of
/// its header's cells is warned at its line (GFM leaves the cells empty;
/// before, not a word).
#[test]
fn a_note_defined_twice_is_an_error_and_a_short_table_row_a_warning() {
    let ws = Workspace::new();
    let md = "+++\ndate = \"2024-05-01\"\n+++\n\n# 标题\n\n正文第一处[^1]。\n\n[^1]: 第一个注释。\n[^1]: 重复定义的注释。\n";
    let e = rendered(&errors_of(&ws, md.as_bytes()));
    assert!(e.contains("note `[^1]` is defined twice"), "{e}");
    assert!(e.contains("article.md:10:1"), "{e}");
    assert!(e.contains("hint:"), "{e}");
    assert!(
        !e.contains("never referenced"),
        "no misleading warning: {e}"
    );
    let ws = Workspace::new();
    let md = "+++\ndate = \"2024-05-01\"\n+++\n\n# 标题\n\n| 地区 | 2023年 | 2024年 |\n|:--|--:|--:|\n| 张湾区 | 1,860.5 |\n| 茅箭区 | 998.0 | 1,020.4 |\n";
    let d = all_diags(&ws, md);
    let w = rendered(&d);
    assert_eq!(d.len(), 1, "{w}");
    assert!(!d[0].is_error(), "a warning: {w}");
    assert!(w.contains("has 2 cell(s), its header 3"), "{w}");
    assert!(w.contains("article.md:9:1"), "{w}");
    // Text right under a table without a blank line is a row of it in GFM.
    let ws = Workspace::new();
    let md = "+++\ndate = \"2024-05-01\"\n+++\n\n# 标题\n\n| 地区 | 2023年 |\n|:--|--:|\n| 张湾区 | 1,860.5 |\n表后的正文紧贴表格。\n";
    let w = rendered(&all_diags(&ws, md));
    assert!(w.contains("read as a row of it"), "{w}");
    assert!(w.contains("article.md:10:1"), "{w}");
}

//! Issues of several articles (and volumes of issues): articles in order,
//! contents page numbers that are the pages the titles are printed on, every
//! article in the outline, the nav and both outputs, errors naming the
//! article file, and rebuilds that touch only what changed.

mod common;

use common::{have, squeeze, unmarked};

use reportbook::fonts::Fonts;
use reportbook::model::{ArticleStart, Book, Issue};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The sample multi-article issue shipped in `source/`.
fn sample() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("source/2024-05-weekly")
}

fn fonts() -> &'static Fonts {
    Fonts::shared().expect("bundled fonts")
}

fn load(dir: &Path) -> Book {
    reportbook::source::load_book(dir)
        .0
        .unwrap_or_else(|e| panic!("{} loads: {e:?}", dir.display()))
}

/// Every piece of an article's text, whitespace and note marks removed.
fn pieces(issue: &Issue) -> Vec<String> {
    let mut v = Vec::new();
    issue.visit_text(&mut |t, _| {
        for line in t.split('\n') {
            let s = unmarked(&squeeze(line));
            if !s.is_empty() {
                v.push(s);
            }
        }
    });
    v
}

/// Text of page `n` (from 1) of a PDF, by pdftotext.
fn page_text(pdf: &Path, n: usize) -> String {
    let o = Command::new("pdftotext")
        .args(["-f", &n.to_string(), "-l", &n.to_string(), "-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn pages_of(pdf: &Path) -> usize {
    let o = Command::new("pdfinfo").arg(pdf).output().unwrap();
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the page count")
}

/// Build `dir` into a temp output folder; returns it.
fn build(dir: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let o = common::reportbook(
        dir.parent().unwrap(),
        &[
            "build",
            dir.to_str().unwrap(),
            "--force",
            "--out",
            out.path().to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", common::text(&o));
    out
}

fn epub_file(epub: &Path, name: &str) -> Option<String> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(name).ok()?.read_to_string(&mut s).unwrap();
    Some(s)
}

/// Markup with its tags dropped and whitespace removed.
fn visible(markup: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in markup.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag && !c.is_whitespace() => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

#[test]
fn the_sample_issue_reads_its_articles_in_file_name_order() {
    let book = load(&sample());
    let files: Vec<String> = book
        .articles()
        .map(|a| {
            a.article
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(
        files,
        ["01-头条.md", "02-访谈.md", "03-评论.md", "04-诗页.md"]
    );
    assert!(book.single().is_none());
    assert!(
        book.has_contents(),
        "four articles open with a contents page"
    );
    assert_eq!(book.meta.issue_number, Some(20));
    // Each article's contributors are the book's creators.
    for a in book.articles() {
        for c in &a.meta.byline {
            for n in &c.names {
                assert!(
                    book.meta.byline.iter().any(|b| b.names.contains(n)),
                    "{n} missing from the issue's creators"
                );
            }
        }
    }
}

#[test]
fn contents_page_numbers_are_the_pages_the_titles_open_on() {
    if !have("pdftotext", "-v") {
        return;
    }
    let dir = sample();
    let book = load(&dir);
    let out = build(&dir);
    let pdf = out.path().join("2024-05-weekly/2024-05-weekly.pdf");
    let contents = page_text(&pdf, 1);
    assert!(
        contents.contains("目录"),
        "page 1 is the contents: {contents}"
    );
    let total = pages_of(&pdf);
    let mut last = 0;
    for a in book.articles() {
        let title = &a.meta.title;
        let line = contents
            .lines()
            .find(|l| squeeze(l).starts_with(&squeeze(title)))
            .unwrap_or_else(|| panic!("{title} not in the contents:\n{contents}"));
        let n: usize = line
            .split_whitespace()
            .last()
            .and_then(|w| w.parse().ok())
            .unwrap_or_else(|| panic!("no page number on {line:?}"));
        assert!(n > last && n <= total, "{title}: page {n} out of order");
        last = n;
        let page = squeeze(&page_text(&pdf, n));
        assert!(
            page.contains(&squeeze(title)),
            "{title} is listed on page {n}, which shows: {page}"
        );
        // Its first page carries the running head too (above the title
        // block), so the head stands on every page of the article.
        let above_title = page.split(&squeeze(title)).next().unwrap_or("");
        assert!(
            above_title.contains("第20期"),
            "{title}: no running head above the title on its opening page: {page}"
        );
    }
}

#[test]
fn the_outline_and_the_nav_list_every_article_and_its_sections() {
    let dir = sample();
    let book = load(&dir);
    let fonts = fonts();
    let counts = reportbook::typeset::book::count_pages(&book, fonts).unwrap();
    let (done, _) = reportbook::typeset::book::typeset_book(&book, fonts, &counts, |_| {}).unwrap();
    let outline = &done.meta.outline;
    assert_eq!(outline[0].title, "目录");
    let mut at = 0;
    for a in book.articles() {
        let i = outline[at..]
            .iter()
            .position(|e| e.title == a.meta.title && e.level == 0)
            .unwrap_or_else(|| panic!("{} not in the outline {outline:?}", a.meta.title))
            + at;
        at = i + 1;
    }
    let sections: Vec<_> = outline.iter().filter(|e| e.level == 1).collect();
    assert!(
        sections.iter().any(|e| e.title.contains("生态优先")),
        "sections sit under their article: {outline:?}"
    );
    // The last article is not counted in advance; counted alone, it fills the rest.
    assert_eq!(counts.len(), book.articles().count() - 1);
    assert_eq!(
        done.pages,
        counts.iter().sum::<usize>() + last_count(&book) + 1
    );

    let out = build(&dir);
    let epub = out.path().join("2024-05-weekly/2024-05-weekly.epub");
    let nav = epub_file(&epub, "EPUB/nav.xhtml").unwrap();
    let opf = epub_file(&epub, "EPUB/package.opf").unwrap();
    for (k, a) in book.articles().enumerate() {
        let file = format!("article-{:03}.xhtml", k + 1);
        assert!(
            nav.contains(&format!("<a href=\"{file}#start\">{}</a>", a.meta.title)),
            "nav lacks {}: {nav}",
            a.meta.title
        );
        assert!(opf.contains(&format!("idref=\"article-{:03}\"", k + 1)));
    }
    assert!(
        opf.contains("<itemref idref=\"nav\""),
        "the contents is read after the cover"
    );
    assert!(
        epub_file(&epub, "EPUB/text.xhtml").is_none(),
        "one document per article, no single text document"
    );
}

#[test]
fn every_articles_text_reaches_its_document_and_the_pdf() {
    if !have("pdftotext", "-v") {
        return;
    }
    let dir = sample();
    let book = load(&dir);
    let out = build(&dir);
    let epub = out.path().join("2024-05-weekly/2024-05-weekly.epub");
    let pdf = out.path().join("2024-05-weekly/2024-05-weekly.pdf");
    let o = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let pdf_text = unmarked(&squeeze(&String::from_utf8_lossy(&o.stdout)));
    for (k, a) in book.articles().enumerate() {
        let doc = epub_file(&epub, &format!("EPUB/article-{:03}.xhtml", k + 1)).unwrap();
        let doc = unmarked(&visible(doc.split("<body").nth(1).unwrap()));
        for p in pieces(a) {
            assert!(
                doc.contains(&p),
                "{}: EPUB lacks {p:?}",
                a.article.display()
            );
            let chars: Vec<char> = p.chars().collect();
            let found = if chars.len() <= 40 {
                pdf_text.contains(&p)
            } else {
                let head: String = chars[..12].iter().collect();
                let tail: String = chars[chars.len() - 12..].iter().collect();
                pdf_text.contains(&head) && pdf_text.contains(&tail)
            };
            assert!(found, "{}: PDF lacks {p:?}", a.article.display());
        }
    }
}

#[test]
fn the_sample_issue_passes_epubcheck() {
    if !have("epubcheck", "--version") {
        return;
    }
    let out = build(&sample());
    let epub = out.path().join("2024-05-weekly/2024-05-weekly.epub");
    let o = Command::new("epubcheck").arg(&epub).output().unwrap();
    assert!(o.status.success(), "{}", common::text(&o));
}

/// A workspace issue folder holding the given article files.
fn issue_of(ws: &common::Workspace, slug: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = ws.source().join(slug);
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    dir
}

fn article(title: &str, paras: usize) -> String {
    let mut s = format!("# {title}\n\n");
    for k in 0..paras {
        s.push_str(&format!(
            "第{k}段。这是一段用于测试的正文，讲述一座城市的变化与人们的生活，内容足够长，可以排满好几行。\n\n"
        ));
    }
    s
}

#[test]
fn issue_toml_orders_the_articles_and_an_unknown_name_is_an_error() {
    let ws = common::Workspace::new();
    let dir = issue_of(
        &ws,
        "ordered",
        &[
            ("a.md", &article("甲文", 2)),
            ("b.md", &article("乙文", 2)),
            ("issue.toml", "articles = [\"b.md\", \"a.md\"]\n"),
        ],
    );
    let titles: Vec<String> = load(&dir)
        .articles()
        .map(|a| a.meta.title.clone())
        .collect();
    assert_eq!(titles, ["乙文", "甲文"]);
    std::fs::write(dir.join("issue.toml"), "articles = [\"b.md\", \"c.md\"]\n").unwrap();
    let (res, _) = reportbook::source::load_book(&dir);
    let errors = res.unwrap_err();
    let e = errors
        .iter()
        .find(|e| e.message.contains("c.md"))
        .expect("the missing article is named");
    let at = e.span.as_ref().expect("with a place");
    assert!(at.file.ends_with("issue.toml"), "{:?}", at.file);
}

#[test]
fn recto_start_opens_every_article_on_a_right_hand_page() {
    let ws = common::Workspace::new();
    let dir = issue_of(
        &ws,
        "recto",
        &[
            ("01.md", &article("第一篇", 3)),
            ("02.md", &article("第二篇", 40)),
            ("03.md", &article("第三篇", 3)),
            ("issue.toml", "[layout]\narticle_start = \"recto\"\n"),
        ],
    );
    let book = load(&dir);
    assert_eq!(book.layout.article_start, ArticleStart::Recto);
    let fonts = fonts();
    let counts = reportbook::typeset::book::count_pages(&book, fonts).unwrap();
    assert!(
        counts[1] % 2 == 1 || counts[0] % 2 == 1,
        "the fixture needs an odd count: {counts:?}"
    );
    let (done, _) = reportbook::typeset::book::typeset_book(&book, fonts, &counts, |_| {}).unwrap();
    for a in book.articles() {
        let e = done
            .meta
            .outline
            .iter()
            .find(|e| e.title == a.meta.title)
            .unwrap();
        assert_eq!(
            e.page % 2,
            0,
            "{} opens on page {}",
            a.meta.title,
            e.page + 1
        );
    }
    // The same issue with the default starts each article right after the last.
    std::fs::write(dir.join("issue.toml"), "").unwrap();
    let book = load(&dir);
    let (done, _) = reportbook::typeset::book::typeset_book(&book, fonts, &counts, |_| {}).unwrap();
    assert_eq!(
        done.pages,
        1 + counts.iter().sum::<usize>() + last_count(&book)
    );
}

/// The page count of `book`'s last article, set alone.
fn last_count(book: &Book) -> usize {
    let last = book.articles().last().unwrap();
    reportbook::typeset::book::count_pages_of(&[last], fonts()).unwrap()[0]
}

#[test]
fn an_error_in_one_article_names_its_file_and_other_issues_still_build() {
    let ws = common::Workspace::new();
    issue_of(
        &ws,
        "broken",
        &[
            ("01.md", &article("好文章", 2)),
            ("02.md", "+++\ndate = \"2024-05-01\"\n\n# 没有关上的设置\n"),
        ],
    );
    issue_of(
        &ws,
        "fine",
        &[("01.md", &article("甲", 2)), ("02.md", &article("乙", 2))],
    );
    let o = common::reportbook(ws.root(), &["build", "source"]);
    let text = common::text(&o);
    assert!(!o.status.success());
    assert!(
        text.contains("02.md"),
        "the error names the article file: {text}"
    );
    assert!(ws.root().join("output/fine/fine.pdf").is_file(), "{text}");
    assert!(ws.root().join("output/fine/fine.epub").is_file(), "{text}");
    assert!(!ws.root().join("output/broken/broken.pdf").exists());
}

#[test]
fn changing_one_article_rebuilds_only_its_issue() {
    let ws = common::Workspace::new();
    let a = issue_of(
        &ws,
        "a",
        &[
            ("01.md", &article("甲一", 2)),
            ("02.md", &article("甲二", 2)),
        ],
    );
    issue_of(
        &ws,
        "b",
        &[
            ("01.md", &article("乙一", 2)),
            ("02.md", &article("乙二", 2)),
        ],
    );
    let o = common::reportbook(ws.root(), &["build", "source", "--json"]);
    assert!(o.status.success(), "{}", common::text(&o));
    std::fs::write(a.join("02.md"), article("甲二改", 3)).unwrap();
    let o = common::reportbook(ws.root(), &["build", "source", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let status = |slug: &str| {
        json["issues"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["issue"] == slug)
            .map(|i| i["status"].as_str().unwrap().to_owned())
            .unwrap()
    };
    assert_eq!(status("a"), "built");
    assert_eq!(status("b"), "skipped");
}

/// A workspace with two issues (one of two articles sharing a photo with
/// the other issue by content) and a volume binding both.
fn volume_workspace() -> common::Workspace {
    let ws = common::Workspace::new();
    std::fs::write(
        ws.source().join("publication.toml"),
        "name = \"测试日报\"\n\n[[volume]]\nslug = \"bound\"\ntitle = \"测试日报合订本\"\nissues = [\"2024-*\"]\n",
    )
    .unwrap();
    let photo = "\n\n![江边的早晨](photos/a.jpg)\n\n";
    let one = ws.issue(
        "2024-01",
        format!(
            "+++\nissue = 1\ndate = \"2024-01-05\"\n+++\n\n{}{photo}",
            article("一月头条", 4)
        )
        .as_bytes(),
    );
    let two = issue_of(
        &ws,
        "2024-02",
        &[
            ("issue.toml", "issue = 2\ndate = \"2024-02-05\"\n"),
            ("01.md", &format!("{}{photo}", article("二月头条", 30))),
            ("02.md", &article("二月评论", 4)),
        ],
    );
    std::fs::create_dir_all(two.join("photos")).unwrap();
    std::fs::copy(one.join("photos/a.jpg"), two.join("photos/a.jpg")).unwrap();
    ws
}

#[test]
fn a_volume_binds_its_issues_with_contents_title_pages_and_one_copy_of_a_shared_photo() {
    if !have("pdftotext", "-v") || !have("epubcheck", "--version") {
        return;
    }
    let ws = volume_workspace();
    let o = common::reportbook(ws.root(), &["build"]);
    assert!(o.status.success(), "{}", common::text(&o));
    let pdf = ws.root().join("output/bound/bound.pdf");
    let epub = ws.root().join("output/bound/bound.epub");
    assert!(pdf.is_file() && epub.is_file(), "{}", common::text(&o));
    let total = pages_of(&pdf);
    assert!(squeeze(&page_text(&pdf, 1)).contains("测试日报合订本"));
    let contents = page_text(&pdf, 2);
    assert!(contents.contains("目录"), "{contents}");
    // Every entry's number is the page that shows it; issues open on odd pages.
    for title in ["第1期", "一月头条", "第2期", "二月头条", "二月评论"] {
        let line = contents
            .lines()
            .find(|l| squeeze(l).starts_with(title))
            .unwrap_or_else(|| panic!("{title} not in the contents:\n{contents}"));
        let n: usize = line.split_whitespace().last().unwrap().parse().unwrap();
        assert!(n <= total);
        assert!(
            squeeze(&page_text(&pdf, n)).contains(title),
            "{title} not on page {n}"
        );
        if title.starts_with('第') {
            assert_eq!(n % 2, 1, "{title} opens on a verso (page {n})");
        }
    }
    // Folios run through the volume: the page before the last article
    // opens (the long article's last page) carries its own number.
    let last_open = (1..=total)
        .rev()
        .find(|&n| page_text(&pdf, n).lines().any(|l| squeeze(l) == "二月评论"))
        .expect("the last article's opening page");
    let before = page_text(&pdf, last_open - 1);
    let folio = (last_open - 1).to_string();
    assert!(
        before
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .is_some_and(|l| l.trim() == folio),
        "page {folio} ends with its folio: {before}"
    );
    let o = Command::new("epubcheck").arg(&epub).output().unwrap();
    assert!(o.status.success(), "{}", common::text(&o));
    let mut z = zip::ZipArchive::new(std::fs::File::open(&epub).unwrap()).unwrap();
    let photos = (0..z.len())
        .filter(|&i| {
            z.by_index(i)
                .unwrap()
                .name()
                .unwrap()
                .starts_with("EPUB/images/")
        })
        .count();
    assert_eq!(photos, 1, "the photo both issues use is stored once");
    let nav = epub_file(&epub, "EPUB/nav.xhtml").unwrap();
    for t in ["第1期", "一月头条", "第2期", "二月头条", "二月评论"] {
        assert!(nav.contains(t), "nav lacks {t}");
    }
}

#[test]
fn a_volume_is_rebuilt_only_when_one_of_its_issues_changes() {
    let ws = volume_workspace();
    let run = || {
        let o = common::reportbook(ws.root(), &["build", "--json", "--format", "pdf"]);
        let json: serde_json::Value =
            serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", common::text(&o)));
        move |slug: &str| {
            json["issues"]
                .as_array()
                .unwrap()
                .iter()
                .find(|i| i["issue"] == slug)
                .map(|i| i["status"].as_str().unwrap().to_owned())
                .unwrap_or_else(|| panic!("{slug} not reported"))
        }
    };
    assert_eq!(run()("bound"), "built");
    let second = run();
    assert_eq!(second("bound"), "skipped");
    assert_eq!(second("2024-01"), "skipped");
    std::fs::write(
        ws.source().join("2024-02/02.md"),
        article("二月评论（修订）", 5),
    )
    .unwrap();
    let third = run();
    assert_eq!(third("bound"), "built");
    assert_eq!(third("2024-02"), "built");
    assert_eq!(third("2024-01"), "skipped");
}

#[test]
fn a_volume_pattern_that_matches_nothing_is_an_error_at_its_entry() {
    let ws = volume_workspace();
    std::fs::write(
        ws.source().join("publication.toml"),
        "name = \"测试日报\"\n\n[[volume]]\nslug = \"bound\"\ntitle = \"合订本\"\nissues = [\"2023-*\"]\n",
    )
    .unwrap();
    let o = common::reportbook(ws.root(), &["build"]);
    let text = common::text(&o);
    assert!(!o.status.success(), "{text}");
    assert!(text.contains("no issue folder matches `2023-*`"), "{text}");
    assert!(
        text.contains("publication.toml:6"),
        "the `issues` line: {text}"
    );
    // The issues themselves still build.
    assert!(ws.root().join("output/2024-01/2024-01.pdf").is_file());
}

#[test]
fn continue_runs_articles_on_and_the_contents_still_point_at_their_pages() {
    if !have("pdftotext", "-v") {
        return;
    }
    let ws = common::Workspace::new();
    let files = [
        ("01.md", article("第一篇短文", 2)),
        ("02.md", article("第二篇短文", 2)),
        ("03.md", article("第三篇短文", 2)),
        ("04.md", article("第四篇长文", 40)),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let dir = issue_of(&ws, "run-on", &files);
    std::fs::write(
        dir.join("issue.toml"),
        "[layout]\narticle_start = \"continue\"\n",
    )
    .unwrap();
    let out = build(&dir);
    let pdf = out.path().join("run-on/run-on.pdf");
    let contents = page_text(&pdf, 1);
    let mut pages = Vec::new();
    for t in ["第一篇短文", "第二篇短文", "第三篇短文", "第四篇长文"] {
        let line = contents
            .lines()
            .find(|l| squeeze(l).starts_with(t))
            .unwrap_or_else(|| panic!("{t} not in the contents:\n{contents}"));
        let n: usize = line.split_whitespace().last().unwrap().parse().unwrap();
        assert!(
            squeeze(&page_text(&pdf, n)).contains(t),
            "{t} not on page {n}"
        );
        pages.push(n);
    }
    assert_eq!(pages[0], 2);
    assert_eq!(pages[1], 2, "short articles share a page: {pages:?}");
    // The same issue a page per article is longer.
    std::fs::write(dir.join("issue.toml"), "").unwrap();
    let out2 = build(&dir);
    assert!(
        pages_of(&out2.path().join("run-on/run-on.pdf")) > pages_of(&pdf),
        "running on saves pages"
    );
}

#[test]
fn every_articles_text_reaches_the_volume_pdf_and_epub() {
    if !have("pdftotext", "-v") {
        return;
    }
    let ws = volume_workspace();
    let o = common::reportbook(ws.root(), &["build"]);
    assert!(o.status.success(), "{}", common::text(&o));
    let pdf = ws.root().join("output/bound/bound.pdf");
    let epub = ws.root().join("output/bound/bound.epub");
    let o = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let pdf_text = unmarked(&squeeze(&String::from_utf8_lossy(&o.stdout)));
    let mut k = 0;
    for slug in ["2024-01", "2024-02"] {
        for a in load(&ws.source().join(slug)).articles() {
            k += 1;
            let doc = epub_file(&epub, &format!("EPUB/article-{k:03}.xhtml")).unwrap();
            let doc = unmarked(&visible(doc.split("<body").nth(1).unwrap()));
            for p in pieces(a) {
                assert!(
                    doc.contains(&p),
                    "{}: volume EPUB lacks {p:?}",
                    a.article.display()
                );
                let chars: Vec<char> = p.chars().collect();
                let found = if chars.len() <= 40 {
                    pdf_text.contains(&p)
                } else {
                    let head: String = chars[..12].iter().collect();
                    let tail: String = chars[chars.len() - 12..].iter().collect();
                    pdf_text.contains(&head) && pdf_text.contains(&tail)
                };
                assert!(found, "{}: volume PDF lacks {p:?}", a.article.display());
            }
        }
    }
    assert_eq!(k, 3);
}

#[test]
fn watch_rebuilds_a_volume_when_one_of_its_issues_changes() {
    use std::io::{BufRead, BufReader};
    let ws = volume_workspace();
    let mut child = Command::new(env!("CARGO_BIN_EXE_reportbook"))
        .current_dir(ws.root())
        .args(["watch", "--format", "pdf"])
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let err = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut seen = vec![];
    let mut wait_for = |what: &str| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(90);
        while std::time::Instant::now() < deadline {
            if let Ok(l) = rx.recv_timeout(std::time::Duration::from_millis(200)) {
                seen.push(l.clone());
                if l.contains(what) {
                    return;
                }
            }
        }
        panic!("watch never printed `{what}`: {seen:#?}");
    };
    wait_for("built    volume bound");
    wait_for("watching source");
    let before = std::fs::read(ws.root().join("output/bound/bound.pdf")).unwrap();
    std::fs::write(
        ws.source().join("2024-02/02.md"),
        article("二月评论（改）", 4),
    )
    .unwrap();
    wait_for("built    source/2024-02");
    wait_for("built    volume bound");
    let _ = child.kill();
    let _ = child.wait();
    let after = std::fs::read(ws.root().join("output/bound/bound.pdf")).unwrap();
    assert_ne!(
        before, after,
        "the volume's PDF was rewritten with the change"
    );
}

#[test]
fn only_the_last_article_may_go_uncounted() {
    let dir = sample();
    let book = load(&dir);
    let fonts = fonts();
    let n = book.articles().count();
    assert!(n >= 3, "the sample issue has several articles");
    assert_eq!(
        reportbook::typeset::book::counted_articles(&book).len(),
        n - 1
    );
    let counts = reportbook::typeset::book::count_pages(&book, fonts).unwrap();
    // Without the last count the book sets; without the others it does not
    // (a missing count is taken as one page, and the pages set disagree).
    assert!(reportbook::typeset::book::typeset_book(&book, fonts, &counts, |_| {}).is_ok());
    let wrong = vec![1; n - 1];
    if counts != wrong {
        let e = reportbook::typeset::book::typeset_book(&book, fonts, &wrong, |_| {})
            .err()
            .expect("a wrong count is an error");
        assert!(
            e.iter()
                .any(|d| d.message.starts_with(reportbook::typeset::book::MISCOUNT)),
            "{e:?}"
        );
    }
}

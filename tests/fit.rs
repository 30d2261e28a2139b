//! Copy-fitting (`[layout] fit_pages`): an article a few lines over its page
//! is set on it with a tighter pitch or type, every word still there; one far
//! over is set as written with a warning; a bad value is an error at its key.

mod common;

use common::{have, squeeze};
use std::process::{Command, Output};

fn article(paras: usize, fit: Option<usize>) -> String {
    let fit = fit.map_or(String::new(), |n| format!("fit_pages = {n}\n"));
    let mut md = format!(
        "+++\ndate = \"2024-06-18\"\n[layout]\ncolumns = 2\n{fit}+++\n\n# 老旧小区加装电梯提速\n\n"
    );
    for k in 0..paras {
        md.push_str(&format!(
            "第{k}段，今年以来全市老旧小区已加装电梯126部，审批时限压缩至20个工作日，居民出行更加方便。\n\n"
        ));
    }
    md
}

/// Build `md` as issue `slug`; the run's output and the PDF's page count.
fn build(ws: &common::Workspace, slug: &str, md: &str) -> (Output, usize) {
    ws.issue(slug, md.as_bytes());
    build_issue(ws, slug)
}

/// Build the issue folder `source/<slug>`; the run's output and the PDF's
/// page count (from the build's summary row).
fn build_issue(ws: &common::Workspace, slug: &str) -> (Output, usize) {
    let out = ws.root().join("out");
    let o = common::reportbook(
        ws.root(),
        &[
            "build",
            &format!("source/{slug}"),
            "--format",
            "pdf",
            "--force",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let text = common::text(&o);
    let pages = text
        .lines()
        .find_map(|l| {
            let mut f = l.split_whitespace();
            (f.next() == Some(slug) && f.next() == Some("built")).then(|| f.next()?.parse().ok())?
        })
        .unwrap_or_else(|| panic!("no summary row for {slug}: {text}"));
    (o, pages)
}

#[test]
fn an_article_a_little_over_its_page_is_fitted_on_it_with_every_word() {
    let ws = common::Workspace::new();
    // The shortest article that runs over one page as written.
    let paras = (8..80)
        .find(|&n| build(&ws, "probe", &article(n, None)).1 == 2)
        .expect("some length takes two pages");
    let (o, pages) = build(&ws, "fitted", &article(paras, Some(1)));
    assert!(o.status.success(), "{}", common::text(&o));
    assert_eq!(
        pages,
        1,
        "{paras} paragraphs, fit_pages = 1: {}",
        common::text(&o)
    );
    if !have("pdftotext", "-v") {
        return;
    }
    let pdf = ws.root().join("out/fitted/fitted.pdf");
    let p = Command::new("pdftotext")
        .arg("-raw")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = squeeze(&String::from_utf8_lossy(&p.stdout));
    for k in 0..paras {
        let want = format!("第{k}段，今年以来全市老旧小区已加装电梯126部");
        assert!(text.contains(&want), "paragraph {k} lost: {text}");
    }
}

#[test]
fn an_article_far_over_is_set_as_written_with_a_warning() {
    let ws = common::Workspace::new();
    let (plain, pages) = build(&ws, "long", &article(120, None));
    assert!(plain.status.success());
    let (o, fitted) = build(&ws, "long", &article(120, Some(1)));
    let text = common::text(&o);
    assert!(o.status.success(), "{text}");
    assert_eq!(fitted, pages, "set as written");
    assert!(
        text.contains("`fit_pages = 1`") && text.contains("shorten it"),
        "{text}"
    );
}

#[test]
fn a_bad_fit_pages_is_an_error_at_its_key() {
    let ws = common::Workspace::new();
    let md = article(3, None).replace("columns = 2\n", "columns = 2\nfit_pages = 0\n");
    ws.issue("bad", md.as_bytes());
    let o = common::reportbook(ws.root(), &["build", "source/bad", "--format", "pdf"]);
    let text = common::text(&o);
    assert!(!o.status.success(), "{text}");
    assert!(
        text.contains("layout.fit_pages") && text.contains("article.md:5:"),
        "{text}"
    );
}

/// Write a two-article issue: the first `paras` paragraphs long (with
/// `fit_pages = 1` when `fit`), the second short; articles start as `start` says.
fn two_articles(ws: &common::Workspace, paras: usize, fit: bool, start: &str) {
    let dir = ws.source().join("two");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("issue.toml"),
        format!("issue = 1\ndate = \"2024-06-18\"\ntitle = \"周末版\"\n\n[layout]\narticle_start = \"{start}\"\ncontents = false\n"),
    )
    .unwrap();
    let first = article(paras, fit.then_some(1)).replace("date = \"2024-06-18\"\n", "");
    std::fs::write(dir.join("01-a.md"), first).unwrap();
    std::fs::write(
        dir.join("02-b.md"),
        "+++\n+++\n\n# 短讯\n\n全市新建口袋公园86个。\n",
    )
    .unwrap();
}

#[test]
fn each_article_of_an_issue_is_fitted_on_its_own_pages() {
    let ws = common::Workspace::new();
    let paras = (8..80)
        .find(|&n| build(&ws, "probe", &article(n, None)).1 == 2)
        .expect("some length takes two pages");
    let run = |ws: &common::Workspace| {
        let (o, pages) = build_issue(ws, "two");
        let text = common::text(&o);
        assert!(o.status.success(), "{text}");
        (text, pages)
    };
    two_articles(&ws, paras, false, "page");
    let (_, plain) = run(&ws);
    two_articles(&ws, paras, true, "page");
    let (_, fitted) = run(&ws);
    assert_eq!(
        (plain, fitted),
        (3, 2),
        "the first article fitted on one page"
    );
    // Run on, the articles share pages: the setting is left, and said so.
    two_articles(&ws, paras, true, "continue");
    let (text, _) = run(&ws);
    assert!(text.contains("`fit_pages = 1` is left"), "{text}");
}

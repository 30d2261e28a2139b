//! Proofs before the photos arrive (`build --placeholders`) and the photo
//! lines of `build --verbose`, by running the binary: a normal build fails at
//! the photo's line; a proof builds both outputs with a grey box named by
//! the file, warns once per photo and says it is a proof; the next normal
//! build does not skip and fails again.

mod common;

use common::{ARTICLE, Workspace, have, reportbook, text};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The test article with its photo renamed to one that is not there.
fn article_missing_photo() -> String {
    ARTICLE.replace("photos/a.jpg", "photos/gone.jpg")
}

/// `line:col` of the `![…](photos/gone.jpg)` in the article, counted here.
fn photo_line() -> usize {
    1 + article_missing_photo()
        .lines()
        .position(|l| l.contains("photos/gone.jpg"))
        .unwrap()
}

fn outputs(root: &Path) -> (PathBuf, PathBuf) {
    let d = root.join("output/a");
    (d.join("a.epub"), d.join("a.pdf"))
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(o)))
}

/// One file of the EPUB, as text.
fn epub_entry(epub: &Path, name: &str) -> Option<String> {
    entry_bytes(epub, name).map(|b| String::from_utf8(b).unwrap())
}

/// One file of the EPUB, as bytes.
fn entry_bytes(epub: &Path, name: &str) -> Option<Vec<u8>> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    let mut f = z.by_name(name).ok()?;
    let mut b = Vec::new();
    f.read_to_end(&mut b).unwrap();
    Some(b)
}

#[test]
fn a_normal_build_fails_at_the_missing_photos_line() {
    let ws = Workspace::new();
    ws.issue("a", article_missing_photo().as_bytes());
    let o = reportbook(ws.root(), &["build", "--color", "never"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let e = stderr(&o);
    assert!(
        e.contains("error: photo `photos/gone.jpg` not found"),
        "{e}"
    );
    let at = format!(" --> source/a/article.md:{}:1", photo_line());
    assert!(
        e.lines().any(|l| l.trim_end().ends_with(at.trim())),
        "{at} in\n{e}"
    );
    let (epub, pdf) = outputs(ws.root());
    assert!(!epub.exists() && !pdf.exists(), "nothing written");
}

#[test]
fn a_proof_sets_placeholders_and_the_next_normal_build_fails() {
    let ws = Workspace::new();
    ws.issue("a", article_missing_photo().as_bytes());
    let o = reportbook(ws.root(), &["build", "--placeholders", "--color", "never"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let e = stderr(&o);
    // One warning for the photo, at its reference.
    let warning = "warning: photo `photos/gone.jpg` is missing: a placeholder is set (proof only)";
    assert_eq!(e.matches(warning).count(), 1, "{e}");
    let at = format!("source/a/article.md:{}:1", photo_line());
    let after = &e[e.find(warning).unwrap()..];
    assert!(after.lines().nth(1).unwrap().ends_with(&at), "{after}");
    assert!(
        e.contains("= hint: a build without --placeholders fails"),
        "{e}"
    );
    // The summary says it is a proof: the line, the table, the last line.
    assert!(
        e.contains("built    source/a (") && e.contains(", a proof with 1 placeholder photo)"),
        "{e}"
    );
    let row = e.lines().find(|l| l.starts_with("a  ")).unwrap();
    assert_eq!(row.split_whitespace().nth(1), Some("proof"), "{row}");
    assert!(
        e.lines().any(|l| l
            == "warning: proofs only, not for publication: a (1 placeholder photo); build without --placeholders once the photos are there"),
        "{e}"
    );

    let (epub, pdf) = outputs(ws.root());
    assert!(epub.is_file() && pdf.is_file());
    // The EPUB stores an SVG box naming the file, and the caption as usual.
    let svg = epub_entry(&epub, "EPUB/images/gone.svg").expect("placeholder image");
    assert!(svg.contains(">photos/gone.jpg</text>"), "{svg}");
    let xhtml = epub_entry(&epub, "EPUB/text.xhtml").unwrap();
    assert!(xhtml.contains("src=\"images/gone.svg\""), "{xhtml}");
    assert!(xhtml.contains("<figcaption"), "{xhtml}");
    let opf = epub_entry(&epub, "EPUB/package.opf").unwrap();
    assert!(opf.contains("media-type=\"image/svg+xml\""), "{opf}");
    if have("pdftotext", "-v") {
        let t = Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let t = String::from_utf8_lossy(&t.stdout);
        let name = t.find("photos/gone.jpg").expect("the file name in the box");
        let caption = t.find("图片说明").expect("the caption");
        assert!(name < caption, "box, then caption:\n{t}");
    }
    if have("pdfinfo", "-v") {
        let s = Command::new("pdfinfo")
            .arg("-struct")
            .arg(&pdf)
            .output()
            .unwrap();
        let s = String::from_utf8_lossy(&s.stdout);
        let fig = s.find("Figure").expect("the box is tagged as a Figure");
        assert!(s[fig..].contains("Caption"), "{s}");
    }
    if have("epubcheck", "--version") {
        let c = Command::new("epubcheck").arg(&epub).output().unwrap();
        assert!(c.status.success(), "{}", text(&c));
    }

    // Unchanged, a second proof skips, and still says it is one.
    let o = reportbook(ws.root(), &["build", "--placeholders", "--json"]);
    let j = json(&o);
    assert_eq!(j["issues"][0]["status"], "skipped", "{j}");
    assert_eq!(j["issues"][0]["placeholders"][0], "photos/gone.jpg", "{j}");
    assert_eq!(j["issues"][0]["warnings"][0]["line"], photo_line(), "{j}");

    // A normal build after the proof does not skip: it fails at the photo,
    // leaves the proof's files alone and says they are a proof.
    let before = std::fs::read(&pdf).unwrap();
    let o = reportbook(ws.root(), &["build", "--json"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let j = json(&o);
    let issue = &j["issues"][0];
    assert_eq!(issue["status"], "failed", "{j}");
    assert_eq!(
        issue["errors"][0]["message"],
        "photo `photos/gone.jpg` not found"
    );
    assert_eq!(issue["errors"][0]["line"], photo_line());
    assert!(
        issue["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["message"].as_str().unwrap().starts_with(
                "the outputs in this folder are still a proof with 1 placeholder photo"
            )),
        "{j}"
    );
    assert_eq!(std::fs::read(&pdf).unwrap(), before);

    // Once the photo is there, a normal build makes the real thing.
    common::write_jpeg(&ws.source().join("a/photos/gone.jpg"), 64, 48);
    let o = reportbook(ws.root(), &["build", "--json"]);
    let j = json(&o);
    assert_eq!(j["issues"][0]["status"], "built", "{j}");
    assert_eq!(j["issues"][0]["placeholders"], serde_json::json!([]), "{j}");
    assert!(entry_bytes(&epub, "EPUB/images/gone.jpg").is_some());
    assert!(entry_bytes(&epub, "EPUB/images/gone.svg").is_none());
}

#[test]
fn an_unreadable_photo_keeps_its_reason_in_a_proof() {
    let ws = Workspace::new();
    let dir = ws.issue("a", ARTICLE.as_bytes());
    std::fs::write(dir.join("photos/a.jpg"), b"not a photo at all").unwrap();
    let o = reportbook(ws.root(), &["build", "--placeholders", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let j = json(&o);
    let w = &j["issues"][0]["warnings"][0];
    let m = w["message"].as_str().unwrap();
    assert!(
        m.starts_with("photo `photos/a.jpg` is corrupt or not an image (")
            && m.ends_with("): a placeholder is set (proof only)"),
        "{m}"
    );
    assert_eq!(w["severity"], "warning");
    // A path that leaves the issue folder is never a placeholder.
    std::fs::write(
        dir.join("article.md"),
        ARTICLE.replace("photos/a.jpg", "../elsewhere.jpg"),
    )
    .unwrap();
    let o = reportbook(ws.root(), &["build", "--placeholders"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("leaves the issue folder"));
}

/// The `photo …` lines of `build -v` for issue `a`, with their times cut off.
fn photo_lines(e: &str) -> Vec<String> {
    e.lines()
        .filter_map(|l| {
            l.strip_prefix("  a          ")
                .filter(|s| s.starts_with("photo "))
        })
        .map(|l| {
            let (step, ms) = l.rsplit_once(": ").unwrap();
            let ms = ms.strip_suffix(" ms").unwrap_or_else(|| panic!("{l}"));
            let (whole, tenth) = ms.split_once('.').unwrap();
            assert!(
                whole.parse::<u32>().is_ok() && tenth.len() == 1,
                "milliseconds with one decimal: {l}"
            );
            step.to_owned()
        })
        .collect()
}

#[test]
fn verbose_shows_each_photo_with_sizes_time_and_the_cache() {
    let ws = Workspace::new();
    let dir = ws.issue("a", ARTICLE.as_bytes());
    common::write_jpeg(&dir.join("photos/b.jpg"), 2400, 1600);
    std::fs::write(
        dir.join("article.md"),
        ARTICLE.replace("## 第一节", "![第二张](photos/b.jpg)\n\n## 第一节"),
    )
    .unwrap();
    let o = reportbook(ws.root(), &["build", "-v", "--format", "epub"]);
    assert!(o.status.success(), "{}", text(&o));
    let e = stderr(&o);
    assert_eq!(
        photo_lines(&e),
        [
            "photo photos/a.jpg 64×48 → 64×48",
            "photo photos/b.jpg 2400×1600 → 1600×1067",
        ],
        "{e}"
    );
    // They follow the EPUB's own step.
    let epub_step = e.find("a        epub (photos, fonts, package): ").unwrap();
    assert!(e.find("  a          photo ").unwrap() > epub_step, "{e}");
    // Built again, both come from the image cache.
    let o = reportbook(ws.root(), &["build", "-v", "--force", "--format", "epub"]);
    assert_eq!(
        photo_lines(&stderr(&o)),
        [
            "photo photos/a.jpg 64×48 → 64×48, cached",
            "photo photos/b.jpg 2400×1600 → 1600×1067, cached",
        ]
    );
    // A proof's placeholder says so.
    std::fs::remove_file(dir.join("photos/b.jpg")).unwrap();
    let o = reportbook(
        ws.root(),
        &["build", "-v", "--placeholders", "--format", "epub"],
    );
    assert_eq!(
        photo_lines(&stderr(&o)),
        [
            "photo photos/a.jpg 64×48 → 64×48, cached",
            "photo photos/b.jpg placeholder → 1500×1000",
        ]
    );
    // Without --verbose, no step lines.
    let o = reportbook(ws.root(), &["build", "--force", "--format", "epub"]);
    assert!(photo_lines(&stderr(&o)).is_empty());
}

#[test]
fn a_failed_rebuild_says_the_outputs_left_are_an_earlier_builds() {
    // QA D21: a rebuild that failed left the last good EPUB and PDF in the
    // folder with no word, as if they were this build's.
    let ws = Workspace::new();
    let dir = ws.issue("a", ARTICLE.as_bytes());
    let o = reportbook(ws.root(), &["build", "--color", "never"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let (epub, pdf) = outputs(ws.root());
    let before = (std::fs::read(&epub).unwrap(), std::fs::read(&pdf).unwrap());
    std::fs::write(dir.join("article.md"), article_missing_photo()).unwrap();
    let o = reportbook(ws.root(), &["build", "--color", "never"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let e = stderr(&o);
    assert!(
        e.contains("warning: a.epub, a.pdf, a.screen.pdf in this folder are from an earlier build, not this one (it failed and wrote nothing)"),
        "{e}"
    );
    assert!(e.contains("fix the errors above and build again"), "{e}");
    // The earlier outputs are left as they were, not half rewritten.
    assert_eq!(std::fs::read(&epub).unwrap(), before.0);
    assert_eq!(std::fs::read(&pdf).unwrap(), before.1);
    // A first build that fails has nothing to warn about.
    let ws = Workspace::new();
    ws.issue("a", article_missing_photo().as_bytes());
    let o = reportbook(ws.root(), &["build", "--color", "never"]);
    assert!(!stderr(&o).contains("earlier build"), "{}", stderr(&o));
}

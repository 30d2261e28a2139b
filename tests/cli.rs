//! The command line end to end: batch builds, incremental skips, failure
//! isolation, atomic outputs, concurrent builds, exit codes.

mod common;

use common::{ARTICLE, Workspace, reportbook, text};
use std::path::{Path, PathBuf};
use std::process::Command;

fn outputs(root: &Path, slug: &str) -> (PathBuf, PathBuf) {
    let d = root.join("output").join(slug);
    (
        d.join(format!("{slug}.epub")),
        d.join(format!("{slug}.pdf")),
    )
}

#[test]
fn build_then_skip_then_force() {
    let ws = Workspace::new();
    ws.issue("a", ARTICLE.as_bytes());
    let o = reportbook(ws.root(), &["build"]);
    assert!(o.status.success(), "{}", text(&o));
    let (epub, pdf) = outputs(ws.root(), "a");
    assert!(epub.is_file() && pdf.is_file());
    let o = reportbook(ws.root(), &["build", "--json"]);
    assert!(o.status.success(), "{}", text(&o));
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON summary");
    assert_eq!(j["issues"][0]["status"], "skipped", "{j}");
    assert!(j["issues"][0]["pdf"]["bytes"].as_u64().unwrap() > 1000);
    let o = reportbook(ws.root(), &["build", "--force", "--json"]);
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["issues"][0]["status"], "built");
    // A text edit rebuilds.
    let art = ws.source().join("a/article.md");
    std::fs::write(
        &art,
        ARTICLE.replace("正文第二段。", "正文第二段，改过了。"),
    )
    .unwrap();
    let o = reportbook(ws.root(), &["build", "--json"]);
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["issues"][0]["status"], "built");
}

#[test]
fn corrupt_record_means_rebuild_not_crash() {
    let ws = Workspace::new();
    ws.issue("a", ARTICLE.as_bytes());
    assert!(
        reportbook(ws.root(), &["build", "--format", "epub"])
            .status
            .success()
    );
    std::fs::write(
        ws.root().join("output/a/.reportbook-inputs"),
        b"\x00garbage",
    )
    .unwrap();
    let o = reportbook(ws.root(), &["build", "--format", "epub", "--json"]);
    assert!(o.status.success(), "{}", text(&o));
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["issues"][0]["status"], "built");
}

#[test]
fn one_bad_issue_does_not_stop_the_others_and_keeps_its_old_output() {
    let ws = Workspace::new();
    ws.issue("good1", ARTICLE.as_bytes());
    ws.issue("good2", ARTICLE.as_bytes());
    ws.issue("bad", ARTICLE.as_bytes());
    assert!(reportbook(ws.root(), &["build"]).status.success());
    let (bad_epub, bad_pdf) = outputs(ws.root(), "bad");
    let before = (
        std::fs::read(&bad_epub).unwrap(),
        std::fs::read(&bad_pdf).unwrap(),
    );
    // Break one issue, touch the others.
    std::fs::write(
        ws.source().join("bad/article.md"),
        ARTICLE.replace("photos/a.jpg", "photos/gone.jpg"),
    )
    .unwrap();
    let o = reportbook(ws.root(), &["build", "--force", "--json"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["failed"], 1);
    let status: Vec<_> = j["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["status"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(status, ["failed", "built", "built"]);
    assert!(text(&o).contains("photo `photos/gone.jpg` not found"));
    assert_eq!(
        before,
        (
            std::fs::read(&bad_epub).unwrap(),
            std::fs::read(&bad_pdf).unwrap()
        ),
        "old outputs untouched"
    );
}

#[test]
fn unwritable_output_folder_is_a_clear_error() {
    let ws = Workspace::new();
    ws.issue("a", ARTICLE.as_bytes());
    // A file where the output folder should be: fails even for root.
    std::fs::write(ws.root().join("blocked"), b"").unwrap();
    let o = reportbook(ws.root(), &["build", "--out", "blocked"]);
    assert_eq!(o.status.code(), Some(1));
    let t = text(&o);
    assert!(
        t.contains("failed to create the output folder") && t.contains("hint:"),
        "{t}"
    );
}

#[test]
fn builds_are_byte_identical_and_concurrent_builds_do_not_corrupt() {
    let ws = Workspace::new();
    ws.issue("a", ARTICLE.as_bytes());
    assert!(reportbook(ws.root(), &["build"]).status.success());
    let (epub, pdf) = outputs(ws.root(), "a");
    let first = (std::fs::read(&epub).unwrap(), std::fs::read(&pdf).unwrap());
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_reportbook"))
            .current_dir(ws.root())
            .args(["build", "--force", "--quiet"])
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .spawn()
            .unwrap()
    };
    let (mut a, mut b) = (spawn(), spawn());
    assert!(a.wait().unwrap().success() && b.wait().unwrap().success());
    let second = (std::fs::read(&epub).unwrap(), std::fs::read(&pdf).unwrap());
    assert!(
        first == second,
        "rebuilds (two at once) differ from the first build"
    );
    let leftovers: Vec<_> = std::fs::read_dir(ws.root().join("output/a"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

#[test]
fn killed_build_never_leaves_a_truncated_output() {
    let ws = Workspace::new();
    ws.issue("a", ARTICLE.as_bytes());
    assert!(reportbook(ws.root(), &["build"]).status.success());
    let (epub, pdf) = outputs(ws.root(), "a");
    let old = (std::fs::read(&epub).unwrap(), std::fs::read(&pdf).unwrap());
    // The complete new outputs, built elsewhere.
    let edited = ARTICLE.replace("正文第二段。", "正文第二段，修改以后的内容。");
    std::fs::write(ws.source().join("a/article.md"), &edited).unwrap();
    assert!(
        reportbook(ws.root(), &["build", "--out", "ref"])
            .status
            .success()
    );
    let new = (
        std::fs::read(ws.root().join("ref/a/a.epub")).unwrap(),
        std::fs::read(ws.root().join("ref/a/a.pdf")).unwrap(),
    );
    for delay_ms in [1u64, 5, 15, 30, 60, 120] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_reportbook"))
            .current_dir(ws.root())
            .args(["build", "--force", "--quiet"])
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let e = std::fs::read(&epub).unwrap();
        let p = std::fs::read(&pdf).unwrap();
        assert!(
            e == old.0 || e == new.0,
            "EPUB is neither the old nor the new file after a kill at {delay_ms} ms"
        );
        assert!(
            p == old.1 || p == new.1,
            "PDF is neither the old nor the new file after a kill at {delay_ms} ms"
        );
    }
}

#[test]
fn missing_path_and_bad_flags() {
    let ws = Workspace::new();
    let o = reportbook(ws.root(), &["build", "nowhere"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("no such issue folder"), "{}", text(&o));
    let o = reportbook(ws.root(), &["build", "--format", "docx"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn watch_rebuilds_when_the_article_changes() {
    use std::io::{BufRead, BufReader};
    let ws = Workspace::new();
    let dir = ws.issue("a", ARTICLE.as_bytes());
    let mut child = Command::new(env!("CARGO_BIN_EXE_reportbook"))
        .current_dir(ws.root())
        .args(["watch", "source/a", "--format", "pdf"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let wait_for = |what: &str| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while std::time::Instant::now() < deadline {
            if let Ok(l) = rx.recv_timeout(std::time::Duration::from_millis(200))
                && l.contains(what)
            {
                return l;
            }
        }
        panic!("watch never printed `{what}`");
    };
    let first = wait_for("built");
    assert!(
        first.contains("s)"),
        "prints the time a build took: {first}"
    );
    wait_for("watching");
    std::fs::write(
        dir.join("article.md"),
        ARTICLE.replace("正文第二段。", "正文第二段，改了。"),
    )
    .unwrap();
    wait_for("built");
    let _ = child.kill();
    let _ = child.wait();
}

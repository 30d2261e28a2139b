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
    let b = first.as_bytes();
    assert!(
        b[0] == b'[' && b[3] == b':' && b[6] == b':' && b[9] == b']',
        "prints the clock time: {first}"
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

// ---------------------------------------------------------------------------
// Issue 14: an editor's tool
// ---------------------------------------------------------------------------

/// [`ARTICLE`] without its figure: an issue that builds with no warning at
/// all (the test photo is too small for print and warns).
fn plain_article() -> String {
    ARTICLE.replace("![图片说明](photos/a.jpg)\n\n", "")
}

/// Standard error as text.
fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Run the binary with extra environment variables.
fn reportbook_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_reportbook"));
    c.current_dir(dir)
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .env_remove("NO_COLOR");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("binary runs")
}

/// Run the binary under a pseudo-terminal (`script`), returning what it printed.
fn on_terminal(dir: &Path, args: &str, env: &str) -> Option<String> {
    let script = Path::new("/usr/bin/script");
    if !script.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "`script` (bsdutils) is needed for the terminal tests"
        );
        eprintln!("skipped: no `script` command for a pseudo-terminal");
        return None;
    }
    let cmd = format!("{env} {} {args}", env!("CARGO_BIN_EXE_reportbook"));
    let o = Command::new(script)
        .current_dir(dir)
        .args(["-qec", &cmd, "/dev/null"])
        .env_remove("NO_COLOR")
        .env("TERM", "xterm")
        .output()
        .expect("script runs");
    Some(String::from_utf8_lossy(&o.stdout).replace("\r\n", "\n"))
}

#[test]
fn diagnostics_show_the_source_line_with_a_caret_and_the_hint() {
    let ws = Workspace::new();
    ws.issue(
        "a",
        ARTICLE
            .replace("issue = 3", "issue = 3\nisue = 4")
            .as_bytes(),
    );
    let o = reportbook(ws.root(), &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let e = stderr(&o);
    assert!(
        e.contains(
            "warning: unknown setting `isue` (ignored)\n --> source/a/article.md:3:1\n  |\n3 | isue = 4\n  | ^^^^ not a setting\n  |\n  = hint: did you mean `issue`?\n"
        ),
        "{e}"
    );
    assert!(!e.contains('\x1b'), "no colour when piped: {e:?}");
}

#[test]
fn caret_is_placed_by_display_width_under_han_text() {
    let ws = Workspace::new();
    let md = ARTICLE.replace("正文第二段。", "正文第二段,改过了。");
    ws.issue("a", md.as_bytes());
    let line = md.lines().position(|l| l.contains("第二段,")).unwrap() + 1;
    for cmd in ["check", "build"] {
        let o = reportbook(ws.root(), &[cmd]);
        let e = stderr(&o);
        let gutter = " ".repeat(line.to_string().len());
        // 正文第二段 is five characters, ten columns: the caret is under the comma.
        let want = format!(
            " --> source/a/article.md:{line}:6\n{gutter} |\n{line} | 正文第二段,改过了。\n{gutter} |           ^"
        );
        assert!(e.contains(&want), "{cmd}: want\n{want}\nin\n{e}");
    }
}

#[test]
fn colour_on_a_terminal_or_with_color_always_never_with_no_color() {
    let ws = Workspace::new();
    ws.issue(
        "a",
        ARTICLE
            .replace("issue = 3", "issue = 3\nisue = 4")
            .as_bytes(),
    );
    let o = reportbook_env(ws.root(), &["check", "--color", "always"], &[]);
    assert!(stderr(&o).contains("\x1b["), "{:?}", stderr(&o));
    let o = reportbook_env(ws.root(), &["check", "--color", "never"], &[]);
    assert!(!stderr(&o).contains('\x1b'));
    let Some(tty) = on_terminal(ws.root(), "check", "") else {
        return;
    };
    assert!(
        tty.contains("\x1b[") && tty.contains("unknown setting"),
        "{tty:?}"
    );
    let tty = on_terminal(ws.root(), "check", "NO_COLOR=1").unwrap();
    assert!(
        tty.contains("unknown setting") && !tty.contains('\x1b'),
        "{tty:?}"
    );
    let tty = on_terminal(ws.root(), "check --color never", "").unwrap();
    assert!(!tty.contains('\x1b'), "{tty:?}");
}

#[test]
fn paths_are_shown_relative_to_the_current_folder() {
    let ws = Workspace::new();
    ws.issue(
        "a",
        ARTICLE
            .replace("issue = 3", "issue = 3\nisue = 4")
            .as_bytes(),
    );
    let o = reportbook(&ws.source().join("a"), &["check", "."]);
    assert!(
        stderr(&o).contains(" --> article.md:3:1\n"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn warnings_are_shown_again_on_a_skipped_rebuild() {
    let ws = Workspace::new();
    ws.issue(
        "a",
        plain_article()
            .replace("issue = 3", "issue = 3\nisue = 4")
            .as_bytes(),
    );
    let o = reportbook(ws.root(), &["build"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(stderr(&o).contains("unknown setting `isue`"));
    let o = reportbook(ws.root(), &["build"]);
    let e = stderr(&o);
    assert!(e.contains("skipped  source/a"), "{e}");
    assert!(
        e.contains("unknown setting `isue`")
            && e.contains("= note: from the last build (the issue is unchanged since)"),
        "{e}"
    );
    let row = e.lines().find(|l| l.starts_with("a ")).unwrap();
    assert!(row.trim_end().ends_with(" 1"), "warnings column: {row}");
    let o = reportbook(ws.root(), &["build", "--json"]);
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let issue = &j["issues"][0];
    assert_eq!(issue["status"], "skipped");
    assert_eq!(issue["warnings_from_last_build"], true);
    assert_eq!(issue["warnings"][0]["line"], 3, "{j}");
}

#[test]
fn json_diagnostics_have_separate_fields() {
    let ws = Workspace::new();
    ws.issue(
        "a",
        ARTICLE
            .replace("issue = 3", "issue = 3\nisue = 4")
            .as_bytes(),
    );
    for args in [&["check", "--json"][..], &["build", "--json"]] {
        let o = reportbook(ws.root(), args);
        let j: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
        let d = if args[0] == "check" {
            j["diagnostics"][0].clone()
        } else {
            j["issues"][0]["warnings"][0].clone()
        };
        assert_eq!(d["file"], "source/a/article.md", "{j}");
        assert_eq!(d["line"], 3);
        assert_eq!(d["column"], 1);
        assert_eq!(d["severity"], "warning");
        assert_eq!(d["message"], "unknown setting `isue` (ignored)");
        assert_eq!(d["hint"], "did you mean `issue`?");
    }
}

#[test]
fn strict_makes_warnings_fail() {
    let ws = Workspace::new();
    ws.issue("clean", plain_article().as_bytes());
    for cmd in ["check", "build"] {
        let o = reportbook(ws.root(), &[cmd, "--strict"]);
        assert_eq!(o.status.code(), Some(0), "{cmd}: {}", text(&o));
    }
    ws.issue(
        "warned",
        plain_article()
            .replace("issue = 3", "issue = 3\nisue = 4")
            .as_bytes(),
    );
    for cmd in ["check", "build"] {
        assert_eq!(reportbook(ws.root(), &[cmd]).status.code(), Some(0));
        let o = reportbook(ws.root(), &[cmd, "--strict"]);
        assert_eq!(o.status.code(), Some(1), "{cmd}: {}", text(&o));
        let o = reportbook(ws.root(), &[cmd, "--deny-warnings"]);
        assert_eq!(o.status.code(), Some(1), "{cmd}");
    }
}

#[test]
fn verbose_shows_each_step_with_its_time() {
    let ws = Workspace::new();
    ws.issue("a", ARTICLE.as_bytes());
    let o = reportbook(ws.root(), &["build", "--verbose"]);
    let e = stderr(&o);
    for step in [
        "load",
        "check text",
        "epub (photos, fonts, package)",
        "pdf (typeset and write",
        "write",
    ] {
        let line = e
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("a        {step}")))
            .unwrap_or_else(|| panic!("no step `{step}` in\n{e}"));
        assert!(line.ends_with('s') && line.contains(": 0."), "{line}");
    }
}

#[test]
fn summary_table_aligns_chinese_issue_names_by_display_width() {
    let ws = Workspace::new();
    ws.issue("党建综述", ARTICLE.as_bytes());
    ws.issue("a", ARTICLE.as_bytes());
    let o = reportbook(ws.root(), &["build", "--format", "epub"]);
    let e = stderr(&o);
    let col = |name: &str| {
        let row = e.lines().find(|l| l.starts_with(name)).unwrap();
        let status = row.find("built").or_else(|| row.find("status")).unwrap();
        unicode_width::UnicodeWidthStr::width(&row[..status])
    };
    assert_eq!(col("issue"), col("党建综述"), "{e}");
    assert_eq!(col("a "), col("党建综述"), "{e}");
}

#[test]
fn build_dot_inside_an_issue_folder_builds_it_into_the_publication_output() {
    let ws = Workspace::new();
    let dir = ws.issue("a", ARTICLE.as_bytes());
    let o = reportbook(&dir, &["build", "."]);
    assert!(o.status.success(), "{}", text(&o));
    let (epub, pdf) = outputs(ws.root(), "a");
    assert!(epub.is_file() && pdf.is_file(), "{}", text(&o));
    assert!(
        !dir.join("output").exists(),
        "nothing written into the issue folder"
    );
    assert!(stderr(&o).contains("built    . ("), "{}", stderr(&o));
    // No path inside an issue folder or in source/ means "here".
    let o = reportbook(&dir, &["build", "--json"]);
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["issues"][0]["status"], "skipped", "{j}");
    let o = reportbook(&ws.source(), &["list"]);
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("a      built"),
        "{}",
        text(&o)
    );
    // From anywhere else, too: the outputs go beside source/.
    let elsewhere = tempfile::tempdir().unwrap();
    let o = reportbook(
        elsewhere.path(),
        &["build", dir.to_str().unwrap(), "--json"],
    );
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["issues"][0]["status"], "skipped", "{j}");
    assert!(!elsewhere.path().join("output").exists());
}

#[test]
fn a_file_names_its_issue() {
    let ws = Workspace::new();
    ws.issue("a", ARTICLE.as_bytes());
    let o = reportbook(
        ws.root(),
        &["build", "source/a/article.md", "--format", "PDF"],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(ws.root().join("output/a/a.pdf").is_file());
    std::fs::write(ws.root().join("loose.md"), "# x\n").unwrap();
    let o = reportbook(ws.root(), &["build", "loose.md"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("not in an issue folder"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn list_shows_each_issue_state() {
    let ws = Workspace::new();
    ws.issue("built", ARTICLE.as_bytes());
    ws.issue("stale", ARTICLE.as_bytes());
    ws.issue("fresh", ARTICLE.as_bytes());
    ws.issue(
        "broken",
        ARTICLE
            .replace("photos/a.jpg", "photos/gone.jpg")
            .as_bytes(),
    );
    assert!(
        reportbook(ws.root(), &["build", "source/built", "source/stale"])
            .status
            .success()
    );
    std::fs::write(
        ws.source().join("stale/article.md"),
        ARTICLE.replace("正文第二段。", "正文第二段，改过。"),
    )
    .unwrap();
    let o = reportbook(ws.root(), &["list"]);
    assert!(o.status.success());
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        out,
        "issue   state        output\n\
         broken  failing      output/broken\n\
         built   built        output/built\n\
         fresh   not built    output/fresh\n\
         stale   out of date  output/stale\n"
    );
}

#[test]
fn clean_dry_run_lists_and_clean_removes() {
    let ws = Workspace::new();
    ws.issue("a", ARTICLE.as_bytes());
    assert!(reportbook(ws.root(), &["build"]).status.success());
    let o = reportbook(ws.root(), &["clean", "--dry-run"]);
    let e = stderr(&o);
    assert!(
        e.contains("would remove output/a/a.epub")
            && e.contains("would remove output/.cache/ (image cache)"),
        "{e}"
    );
    assert!(
        ws.root().join("output/a/a.epub").is_file(),
        "dry run keeps files"
    );
    let o = reportbook(ws.root(), &["clean"]);
    assert!(o.status.success());
    assert!(stderr(&o).contains("removed output/a/a.pdf"));
    assert!(!ws.root().join("output/a").exists() && !ws.root().join("output/.cache").exists());
}

#[test]
fn completions_and_man_page() {
    let ws = Workspace::new();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let o = reportbook(ws.root(), &["completions", shell]);
        assert!(o.status.success(), "{shell}");
        let s = String::from_utf8_lossy(&o.stdout);
        assert!(
            s.contains("reportbook") && s.contains("build") && s.contains("format"),
            "{shell}"
        );
    }
    let o = reportbook(ws.root(), &["man"]);
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(s.starts_with(".ie") || s.contains(".TH reportbook"), "{s}");
}

#[test]
fn new_creates_a_commented_publication_toml_when_there_is_none() {
    let tmp = tempfile::tempdir().unwrap();
    let o = reportbook(tmp.path(), &["new", "2024-06"]);
    assert!(o.status.success(), "{}", text(&o));
    let p = std::fs::read_to_string(tmp.path().join("source/publication.toml")).unwrap();
    assert!(
        p.lines().all(|l| l.is_empty() || l.starts_with('#')),
        "all commented"
    );
    assert!(stderr(&o).contains("created source/publication.toml"));
    std::fs::write(
        tmp.path().join("source/publication.toml"),
        "name = \"我的报\"\n",
    )
    .unwrap();
    assert!(reportbook(tmp.path(), &["new", "2024-07"]).status.success());
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("source/publication.toml")).unwrap(),
        "name = \"我的报\"\n",
        "an existing one is kept"
    );
    // The new issue builds as it is.
    let o = reportbook(tmp.path(), &["build", "--strict"]);
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn every_subcommand_has_examples_in_its_help() {
    let ws = Workspace::new();
    for cmd in [
        "build",
        "check",
        "import",
        "new",
        "watch",
        "list",
        "clean",
        "completions",
        "man",
    ] {
        let o = reportbook(ws.root(), &[cmd, "--help"]);
        let s = String::from_utf8_lossy(&o.stdout);
        assert!(s.contains("Examples:\n  reportbook "), "{cmd}: {s}");
    }
    for cmd in ["build", "check", "watch"] {
        let o = reportbook(ws.root(), &[cmd, "--help"]);
        let s = String::from_utf8_lossy(&o.stdout);
        for flag in ["--json", "--quiet", "--verbose", "--strict"] {
            assert!(s.contains(flag), "{cmd} lacks {flag}");
        }
    }
}

#[test]
fn the_binary_works_from_anywhere_without_the_checkout() {
    // As `cargo install` leaves it: the binary alone, in another folder.
    let ws = Workspace::new();
    ws.issue("a", ARTICLE.as_bytes());
    let bin_dir = tempfile::tempdir().unwrap();
    let bin = bin_dir.path().join("reportbook");
    std::fs::copy(env!("CARGO_BIN_EXE_reportbook"), &bin).unwrap();
    // Another test's child, forked while the copy was open for writing,
    // holds it until that child execs: the copy is "busy" for a moment.
    let run = || {
        Command::new(&bin)
            .current_dir(ws.root())
            .args(["build", "--verbose"])
            .env_remove("REPORTBOOK_FONTS")
            .output()
    };
    let mut o = run();
    for _ in 0..50 {
        match &o {
            Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy => {
                std::thread::sleep(std::time::Duration::from_millis(100));
                o = run();
            }
            _ => break,
        }
    }
    let o = o.unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        stderr(&o).contains("fonts: <embedded fonts, "),
        "{}",
        stderr(&o)
    );
    assert!(ws.root().join("output/a/a.pdf").is_file());
}

#[test]
fn watch_on_a_folder_of_issues_rebuilds_only_what_changed() {
    use std::io::{BufRead, BufReader};
    let ws = Workspace::new();
    ws.issue("a", plain_article().as_bytes());
    let b = ws.issue("b", plain_article().as_bytes());
    let mut child = Command::new(env!("CARGO_BIN_EXE_reportbook"))
        .current_dir(ws.root())
        .args(["watch", "--format", "epub"])
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
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
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
    wait_for("watching source");
    std::fs::write(
        b.join("article.md"),
        plain_article().replace("正文第二段。", "正文第二段，改了。"),
    )
    .unwrap();
    wait_for("built    source/b");
    std::thread::sleep(std::time::Duration::from_millis(500));
    let _ = child.kill();
    let _ = child.wait();
    let after: Vec<_> = seen
        .iter()
        .skip_while(|l| !l.contains("watching"))
        .filter(|l| l.contains("built "))
        .collect();
    assert_eq!(after.len(), 1, "only b is rebuilt: {after:#?}");
}

//! Arbitrary bytes as an issue's article.md (front matter + Markdown), then
//! the whole path a build takes: source → model → typeset (→ PDF bytes) and
//! the EPUB. Nothing may panic; errors must come back as diagnostics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let dir = DIR.get_or_init(|| tempfile::tempdir().expect("temp dir"));
    let issue = dir.path().join("issue");
    let _ = std::fs::create_dir_all(&issue);
    if std::fs::write(issue.join("article.md"), data).is_err() {
        return;
    }
    let Ok(issue) = reportbook::source::load_issue(&issue).0 else { return };
    let Ok(fonts) = reportbook::fonts::Fonts::shared() else { return };
    let all = reportbook::job::Formats { epub: true, pdf: true };
    let _ = reportbook::job::render(&issue, fonts, all, None);
});

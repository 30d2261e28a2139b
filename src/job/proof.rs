//! Proofs: builds with `--placeholders`, whose outputs set a grey box for
//! each photo that is missing or unreadable. They must never pass for the
//! real thing: the summary names them, their record differs from a normal
//! build's ([`super::record::for_options`]), and a normal build that fails
//! while a proof's outputs are still in the folder says so.

use super::{IssueReport, RECORD, Status, record};
use crate::diag::Diagnostic;
use std::path::Path;

/// `1 placeholder photo`, `n placeholder photos`.
pub fn placeholder_photos(n: usize) -> String {
    if n == 1 {
        "1 placeholder photo".into()
    } else {
        format!("{n} placeholder photos")
    }
}

/// For a failed normal build into `out_dir`: a warning when the folder still
/// holds a proof's outputs, which are not this build's and not for publication.
pub fn left_behind(out_dir: &Path) -> Option<Diagnostic> {
    let n = record::recorded_placeholders(&out_dir.join(RECORD)).len();
    (n > 0).then(|| {
        Diagnostic::warning(format!(
            "the outputs in this folder are still a proof with {} (from `build --placeholders`), not this build's",
            placeholder_photos(n)
        ))
        .in_file(out_dir)
        .hint("they are not for publication: add the photos and build again")
    })
}

/// For a failed build into `out_dir` that holds no proof: a warning when
/// the folder still holds an earlier build's outputs (QA D21: a failed
/// rebuild left them there unannounced, as if they were this build's).
pub fn stale_outputs(out_dir: &Path) -> Option<Diagnostic> {
    let slug = out_dir.file_name()?.to_string_lossy();
    let found: Vec<String> = [".epub", ".pdf", ".screen.pdf"]
        .iter()
        .map(|ext| format!("{slug}{ext}"))
        .filter(|name| out_dir.join(name).is_file())
        .collect();
    (!found.is_empty()).then(|| {
        Diagnostic::warning(format!(
            "{} in this folder {} from an earlier build, not this one (it failed and wrote nothing)",
            found.join(", "),
            if found.len() == 1 { "is" } else { "are" }
        ))
        .in_file(out_dir)
        .hint("they show the issue as it was then: fix the errors above and build again")
    })
}

/// Add [`left_behind`]'s or [`stale_outputs`]' warning to a failed normal build's report.
pub(super) fn note_left_behind(report: &mut IssueReport, out_dir: &Path, placeholders: bool) {
    if report.status == Status::Failed && !placeholders {
        let note = left_behind(out_dir).or_else(|| stale_outputs(out_dir));
        report.warnings.extend(note);
    }
}

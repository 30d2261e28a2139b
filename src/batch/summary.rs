//! The summary printed after a batch: a table for people, JSON for CI.

use crate::job::{IssueReport, Status};
use unicode_width::UnicodeWidthStr;

/// `s` padded with spaces to `width` terminal columns (a Han character is two).
pub fn pad(s: &str, width: usize) -> String {
    let w = s.width();
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

fn size(b: Option<&(std::path::PathBuf, u64)>) -> String {
    match b {
        Some((_, n)) if *n >= 1 << 20 => format!("{:.1} MB", *n as f64 / (1u64 << 20) as f64),
        Some((_, n)) => format!("{} KB", n.div_ceil(1024)),
        None => "-".into(),
    }
}

/// A fixed-width table: issue, status, pages, EPUB size, print PDF size,
/// screen PDF size (when one was asked for), time, warnings; columns aligned
/// by display width, so Chinese names line up.
/// Warnings kept from the last build of a skipped issue are counted too.
/// A proof (built with placeholder photos) has the status `proof`, and a
/// last line names every proof, so none is taken for the real thing.
pub fn table(reports: &[IssueReport]) -> String {
    let w = reports
        .iter()
        .map(|r| r.slug.width())
        .max()
        .unwrap_or(5)
        .max(5);
    let screen = reports.iter().any(|r| r.screen.is_some());
    let screen_col = |v: &str| {
        if screen {
            format!("  {v:>9}")
        } else {
            String::new()
        }
    };
    let mut s = format!(
        "{}  {:<7}  {:>5}  {:>9}  {:>9}{}  {:>7}  {:>8}\n",
        pad("issue", w),
        "status",
        "pages",
        "epub",
        "pdf",
        screen_col("screen"),
        "time",
        "warnings"
    );
    for r in reports {
        let status = match r.status {
            Status::Built if !r.placeholders.is_empty() => "proof",
            Status::Built => "built",
            Status::Skipped => "skipped",
            Status::Failed => "FAILED",
        };
        s.push_str(&format!(
            "{}  {:<7}  {:>5}  {:>9}  {:>9}{}  {:>6.2}s  {:>8}\n",
            pad(&r.slug, w),
            status,
            r.pages.map_or("-".into(), |p| p.to_string()),
            size(r.epub.as_ref()),
            size(r.pdf.as_ref()),
            screen_col(&size(r.screen.as_ref())),
            r.seconds,
            r.warnings.len()
        ));
    }
    let failed = reports
        .iter()
        .filter(|r| r.status == Status::Failed)
        .count();
    let built = reports.iter().filter(|r| r.status == Status::Built).count();
    let skipped = reports
        .iter()
        .filter(|r| r.status == Status::Skipped)
        .count();
    let volumes = reports.iter().filter(|r| r.volume).count();
    let issues = reports.len() - volumes;
    let what = match volumes {
        0 => format!("{issues} issues"),
        1 => format!("{issues} issues and 1 volume"),
        v => format!("{issues} issues and {v} volumes"),
    };
    s.push_str(&format!(
        "{what}: {built} built, {skipped} unchanged, {failed} failed\n"
    ));
    s.push_str(&proofs_line(reports));
    s
}

/// The warning line naming the outputs that are proofs, or nothing.
fn proofs_line(reports: &[IssueReport]) -> String {
    let proofs: Vec<String> = reports
        .iter()
        .filter(|r| r.status != Status::Failed && !r.placeholders.is_empty())
        .map(|r| {
            format!(
                "{} ({})",
                r.slug,
                crate::job::proof::placeholder_photos(r.placeholders.len())
            )
        })
        .collect();
    if proofs.is_empty() {
        return String::new();
    }
    format!(
        "warning: proofs only, not for publication: {}; build without --placeholders once the photos are there\n",
        proofs.join(", ")
    )
}

/// The same summary as JSON; each diagnostic with separate `file`, `line`,
/// `column`, `severity`, `message` and `hint` fields, paths relative to `base`.
pub fn json(reports: &[IssueReport], base: &std::path::Path) -> String {
    let items: Vec<_> = reports
        .iter()
        .map(|r| {
            let diag = |d: &crate::diag::Diagnostic| d.to_json(base);
            serde_json::json!({
                "issue": r.slug,
                "volume": r.volume,
                "dir": crate::diag::display_rel(&r.dir, base),
                "warnings_from_last_build": r.warnings_from_last_build,
                "placeholders": r.placeholders,
                "status": r.status,
                "pages": r.pages,
                "epub": r.epub.as_ref().map(|(p, n)| serde_json::json!({"path": p, "bytes": n})),
                "pdf": r.pdf.as_ref().map(|(p, n)| serde_json::json!({"path": p, "bytes": n})),
                "screen": r.screen.as_ref().map(|(p, n)| serde_json::json!({"path": p, "bytes": n})),
                "seconds": (r.seconds * 1000.0).round() / 1000.0,
                "warnings": r.warnings.iter().map(diag).collect::<Vec<_>>(),
                "errors": r.errors.iter().map(diag).collect::<Vec<_>>(),
            })
        })
        .collect();
    let failed = reports
        .iter()
        .filter(|r| r.status == Status::Failed)
        .count();
    serde_json::to_string_pretty(&serde_json::json!({ "issues": items, "failed": failed }))
        .unwrap_or_default()
}

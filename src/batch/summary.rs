//! The summary printed after a batch: a table for people, JSON for CI.

use crate::job::{IssueReport, Status};

fn size(b: Option<&(std::path::PathBuf, u64)>) -> String {
    match b {
        Some((_, n)) if *n >= 1 << 20 => format!("{:.1} MB", *n as f64 / (1u64 << 20) as f64),
        Some((_, n)) => format!("{} KB", n.div_ceil(1024)),
        None => "-".into(),
    }
}

/// A fixed-width table: issue, status, pages, EPUB size, PDF size, time, warnings.
pub fn table(reports: &[IssueReport]) -> String {
    let w = reports
        .iter()
        .map(|r| r.slug.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    let mut s = format!(
        "{:<w$}  {:<7}  {:>5}  {:>9}  {:>9}  {:>7}  {:>8}\n",
        "issue", "status", "pages", "epub", "pdf", "time", "warnings"
    );
    for r in reports {
        let status = match r.status {
            Status::Built => "built",
            Status::Skipped => "skipped",
            Status::Failed => "FAILED",
        };
        s.push_str(&format!(
            "{:<w$}  {:<7}  {:>5}  {:>9}  {:>9}  {:>6.2}s  {:>8}\n",
            r.slug,
            status,
            r.pages.map_or("-".into(), |p| p.to_string()),
            size(r.epub.as_ref()),
            size(r.pdf.as_ref()),
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
    s.push_str(&format!(
        "{} issues: {built} built, {skipped} unchanged, {failed} failed\n",
        reports.len()
    ));
    s
}

/// The same summary as JSON.
pub fn json(reports: &[IssueReport]) -> String {
    let items: Vec<_> = reports
        .iter()
        .map(|r| {
            let diag = |d: &crate::diag::Diagnostic| {
                serde_json::json!({
                    "severity": d.severity, "location": d.location(), "message": d.message, "hints": d.hints
                })
            };
            serde_json::json!({
                "issue": r.slug,
                "dir": r.dir,
                "status": r.status,
                "pages": r.pages,
                "epub": r.epub.as_ref().map(|(p, n)| serde_json::json!({"path": p, "bytes": n})),
                "pdf": r.pdf.as_ref().map(|(p, n)| serde_json::json!({"path": p, "bytes": n})),
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

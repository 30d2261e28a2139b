//! ⑦ Many issues at once: discover them, build them in parallel on rayon,
//! isolate failures (one bad issue never stops the others), and hand back a
//! report per issue in a stable order.

pub mod summary;

use crate::diag::Diagnostic;
use crate::fonts::Fonts;
use crate::job::{self, IssueReport, JobOptions};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Expand the paths a user named into issue folders: an issue folder stands
/// for itself, any other folder for the issues directly inside it.
pub fn resolve_issues(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let mut out = vec![];
    let mut errors = vec![];
    for p in paths {
        if p.join(crate::source::ARTICLE).is_file() {
            out.push(p.clone());
        } else if p.is_dir() {
            match crate::source::discover_issues(p) {
                Ok(v) if !v.is_empty() => out.extend(v),
                Ok(_) => errors.push(
                    Diagnostic::error("no issues found (no folder here holds an article.md)")
                        .in_file(p)
                        .hint("create one with `reportbook new <slug>`"),
                ),
                Err(e) => errors
                    .push(Diagnostic::error(format!("failed to read folder ({e})")).in_file(p)),
            }
        } else {
            errors.push(Diagnostic::error("no such issue folder").in_file(p).hint(
                "name an issue folder (holding article.md) or a folder of issues such as source/",
            ));
        }
    }
    out.sort();
    out.dedup();
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Build `issues` on `jobs` threads (0 = all cores), calling `progress`
/// as each one finishes. Reports come back in the order of `issues`.
pub fn build_all(
    issues: &[PathBuf],
    fonts: &Fonts,
    opts: &JobOptions,
    jobs: usize,
    progress: &(dyn Fn(&IssueReport) + Sync),
) -> Vec<IssueReport> {
    let fonts_hash = crate::job::record::fonts_fingerprint(&fonts.dir);
    let run = || {
        issues
            .par_iter()
            .map(|dir| {
                let r = job::run(dir, fonts, &fonts_hash, opts);
                progress(&r);
                r
            })
            .collect::<Vec<_>>()
    };
    match rayon::ThreadPoolBuilder::new().num_threads(jobs).build() {
        Ok(pool) => pool.install(run),
        Err(_) => run(),
    }
}

/// Path shown for an issue in messages: relative to the working folder when possible.
pub fn shown(p: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    crate::diag::display_rel(p, &cwd)
}

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
/// for itself (`.` inside one included), a file inside an issue folder (its
/// `article.md`, say) for its issue, any other folder for the issues directly
/// inside it. Issue folders come back canonical, so each has its real name.
pub fn resolve_issues(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let mut out = vec![];
    let mut errors = vec![];
    for p in paths {
        let canonical = || p.canonicalize().unwrap_or_else(|_| p.clone());
        if p.is_dir() && crate::source::is_issue_folder(p) {
            out.push(canonical());
        } else if p.is_file() {
            match canonical().parent() {
                Some(dir) if crate::source::is_issue_folder(dir) => out.push(dir.into()),
                _ => errors.push(
                    Diagnostic::error("not in an issue folder (no article.md beside this file)")
                        .in_file(p)
                        .hint("pass an issue folder (holding article.md) or a folder of issues such as source/"),
                ),
            }
        } else if p.is_dir() {
            match crate::source::discover_issues(&canonical()) {
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

/// The volumes declared by the folders of issues among `paths` (a folder
/// holding `publication.toml` or issue folders, named or `source/` by default).
pub fn volumes_of(paths: &[PathBuf]) -> Vec<(PathBuf, crate::source::manifest::VolumeSpec)> {
    let mut out = Vec::new();
    for p in paths {
        let Ok(dir) = p.canonicalize() else {
            continue;
        };
        if !dir.is_dir() || crate::source::is_issue_folder(&dir) {
            continue;
        }
        // Problems in publication.toml are reported by every issue's build.
        let (specs, _) = crate::source::volume::volume_specs(&dir);
        for spec in specs {
            if !out
                .iter()
                .any(|(d, s): &(PathBuf, crate::source::manifest::VolumeSpec)| {
                    d == &dir && s.slug == spec.slug
                })
            {
                out.push((dir.clone(), spec));
            }
        }
    }
    out
}

/// Build `volumes` (after their issues: they read the same sources), each
/// on its own; one failing volume does not stop the others.
pub fn build_volumes(
    volumes: &[(PathBuf, crate::source::manifest::VolumeSpec)],
    fonts: &Fonts,
    opts: &JobOptions,
    progress: &(dyn Fn(&IssueReport) + Sync),
) -> Vec<IssueReport> {
    let fonts_hash = crate::job::record::fonts_fingerprint(&fonts.dir);
    volumes
        .iter()
        .map(|(dir, spec)| {
            let r = job::run_volume(dir, spec, fonts, &fonts_hash, opts);
            progress(&r);
            r
        })
        .collect()
}

/// Path shown for an issue in messages: relative to the working folder when
/// it lies below it (`.` for the working folder itself).
pub fn shown(p: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let cwd = cwd.canonicalize().unwrap_or(cwd);
    let s = crate::diag::display_rel(p, &cwd);
    if s.is_empty() { ".".into() } else { s }
}

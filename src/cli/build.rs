//! `reportbook build` and `reportbook watch`.

use super::args::{BuildArgs, Format, OutputArgs, ReportArgs, WatchArgs};
use super::print;
use reportbook::batch;
use reportbook::diag::Diagnostic;
use reportbook::fonts::Fonts;
use reportbook::job::{self, Formats, IssueReport, JobOptions, Status};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Warnings printed per issue without `--verbose`.
const WARNINGS_SHOWN: usize = 20;

/// The note on warnings kept from an unchanged issue's last build.
pub const FROM_LAST_BUILD: &str = "from the last build (the issue is unchanged since)";

fn job_options(o: &OutputArgs, force: bool, placeholders: bool) -> JobOptions {
    let mut formats = Formats {
        epub: false,
        pdf: false,
        screen: false,
    };
    for f in &o.format {
        match f {
            Format::Epub => formats.epub = true,
            Format::Pdf => formats.pdf = true,
            Format::Screen => formats.screen = true,
            Format::All => formats = Formats::ALL,
        }
    }
    JobOptions {
        formats,
        out: o.out.clone(),
        force,
        placeholders,
    }
}

/// The bundled fonts, or the exit code after printing why they failed to load.
pub fn fonts() -> Result<&'static Fonts, ExitCode> {
    Fonts::shared().map_err(|e| {
        print::diagnostics(&e);
        ExitCode::from(1)
    })
}

/// The paths named or, when none, what the current folder is: `.` inside an
/// issue folder or a folder of issues, else `source/`.
pub fn paths_or_source(paths: &[PathBuf]) -> Vec<PathBuf> {
    if !paths.is_empty() {
        return paths.to_vec();
    }
    let here = Path::new(".");
    let is_issues = || {
        here.join(reportbook::source::PUBLICATION).is_file()
            || reportbook::source::discover_issues(here).is_ok_and(|v| !v.is_empty())
    };
    if reportbook::source::is_issue_folder(here) || (!Path::new("source").is_dir() && is_issues()) {
        vec![here.to_path_buf()]
    } else {
        vec![PathBuf::from("source")]
    }
}

/// Run `build`.
pub fn build(args: BuildArgs) -> ExitCode {
    let named = paths_or_source(&args.paths);
    let volumes = batch::volumes_of(&named);
    let issues = match batch::resolve_issues(&named) {
        Ok(v) => v,
        Err(e) => {
            print::diagnostics(&e);
            return ExitCode::from(1);
        }
    };
    let fonts = match fonts() {
        Ok(f) => f,
        Err(c) => return c,
    };
    let opts = job_options(&args.output, args.force, args.placeholders);
    let rep = args.report;
    if rep.verbose && !rep.json {
        eprintln!("fonts: {}", fonts.dir.display());
    }
    let bar = (!rep.quiet && !rep.json && std::io::stderr().is_terminal() && issues.len() > 1)
        .then(|| {
            let b = indicatif::ProgressBar::new((issues.len() + volumes.len()) as u64);
            b.set_style(
                indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            b
        });
    let progress = |r: &IssueReport| {
        let line = one_line(r);
        match &bar {
            Some(b) => {
                b.inc(1);
                b.set_message(r.slug.clone());
                if r.status == Status::Failed {
                    b.println(line);
                }
            }
            None if !rep.quiet && !rep.json => eprintln!("{line}"),
            None => {}
        }
    };
    let jobs = args.jobs.unwrap_or(0);
    let mut reports = batch::build_all(&issues, fonts, &opts, jobs, &progress);
    reports.extend(batch::build_volumes(&volumes, fonts, &opts, &progress));
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    report(&reports, rep);
    exit_code(&reports, rep.strict)
}

/// Print the diagnostics of `reports` (one issue after another, each sorted
/// by file and position), the steps with `--verbose`, then the summary.
fn report(reports: &[IssueReport], rep: ReportArgs) {
    if rep.json {
        println!("{}", batch::summary::json(reports, &print::cwd()));
        return;
    }
    for r in reports {
        print_issue(r, rep);
    }
    if !rep.quiet {
        eprint!("{}", batch::summary::table(reports));
    }
}

/// One issue's errors, warnings and (with `--verbose`) steps.
fn print_issue(r: &IssueReport, rep: ReportArgs) {
    print::diagnostics(&r.errors);
    let note = r.warnings_from_last_build.then_some(FROM_LAST_BUILD);
    if rep.verbose || (!rep.quiet && r.warnings.len() <= WARNINGS_SHOWN) {
        print::diagnostics_noted(&r.warnings, note);
    } else if !rep.quiet {
        print::diagnostics_noted(&r.warnings[..WARNINGS_SHOWN], note);
        eprintln!(
            "warning: {} more warnings for {} (see --verbose)",
            r.warnings.len() - WARNINGS_SHOWN,
            r.slug
        );
    }
    if rep.verbose {
        for (step, secs) in &r.steps {
            if job::steps::is_photo_step(step) {
                eprintln!("  {:<8}   {step}: {:.1} ms", r.slug, secs * 1000.0);
            } else {
                eprintln!("  {:<8} {step}: {:.3}s", r.slug, secs);
            }
        }
    }
}

/// 1 when an issue failed, or with `--strict` when any warning was given.
fn exit_code(reports: &[IssueReport], strict: bool) -> ExitCode {
    let failed = reports.iter().any(|r| r.status == Status::Failed);
    let warned = reports.iter().any(|r| !r.warnings.is_empty());
    if failed {
        ExitCode::from(1)
    } else if strict && warned {
        eprintln!("error: warnings are errors with --strict");
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The line printed as each issue finishes.
fn one_line(r: &IssueReport) -> String {
    let shown = if r.volume {
        format!("volume {}", r.slug)
    } else {
        batch::shown(&r.dir)
    };
    let proof = if r.placeholders.is_empty() {
        String::new()
    } else {
        format!(
            ", a proof with {}",
            job::proof::placeholder_photos(r.placeholders.len())
        )
    };
    match r.status {
        Status::Built => format!("built    {shown} ({:.2}s{proof})", r.seconds),
        Status::Skipped => format!("skipped  {shown} (unchanged{proof}; --force rebuilds)"),
        Status::Failed => format!("FAILED   {shown} ({} errors)", r.errors.len()),
    }
}

/// The local clock time `HH:MM:SS`, printed on each `watch` line.
fn clock() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let local = secs as i64 + utc_offset_seconds();
    let day = local.rem_euclid(86_400);
    format!("{:02}:{:02}:{:02}", day / 3600, day % 3600 / 60, day % 60)
}

/// The local time's offset from UTC, read from `date +%z` once (0 when unknown).
fn utc_offset_seconds() -> i64 {
    static OFFSET: std::sync::OnceLock<i64> = std::sync::OnceLock::new();
    *OFFSET.get_or_init(|| {
        let out = std::process::Command::new("date").arg("+%z").output().ok();
        let z = out.map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
        let Some(z) = z.filter(|z| z.len() == 5) else {
            return 0;
        };
        let sign = if z.starts_with('-') { -1 } else { 1 };
        let h: i64 = z[1..3].parse().unwrap_or(0);
        let m: i64 = z[3..5].parse().unwrap_or(0);
        sign * (h * 3600 + m * 60)
    })
}

/// Which issues a changed file belongs to: its issue, or every issue when
/// it is the shared `publication.toml`.
fn affected(changed: &[PathBuf], issues: &[PathBuf]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = issues
        .iter()
        .filter(|dir| {
            changed.iter().any(|p| {
                p.starts_with(dir)
                    || (p
                        .file_name()
                        .is_some_and(|n| n == reportbook::source::PUBLICATION)
                        && dir.parent() == p.parent())
            })
        })
        .cloned()
        .collect();
    out.sort();
    out.dedup();
    out
}

fn is_hidden(p: &Path) -> bool {
    p.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// Run `watch`: build once, then again whenever a file of an issue (or the
/// publication settings) changes; only the issues affected are rebuilt.
pub fn watch(args: WatchArgs) -> ExitCode {
    use notify::{RecursiveMode, Watcher};
    let named = args
        .path
        .clone()
        .unwrap_or_else(|| paths_or_source(&[]).remove(0));
    let issues = match batch::resolve_issues(std::slice::from_ref(&named)) {
        Ok(v) => v,
        Err(e) => {
            print::diagnostics(&e);
            return ExitCode::from(1);
        }
    };
    let fonts = match fonts() {
        Ok(f) => f,
        Err(c) => return c,
    };
    let rep = args.report;
    let opts = job_options(&args.output, true, false);
    let fonts_hash = reportbook::job::record::fonts_fingerprint(&fonts.dir);
    // Volumes of the watched folder of issues follow their issues; one whose
    // issues did not change is skipped by its record.
    let volumes = batch::volumes_of(std::slice::from_ref(&named));
    let volume_opts = job_options(&args.output, false, false);
    let build = |dirs: &[PathBuf]| {
        let volume_reports = volumes
            .iter()
            .map(|(d, spec)| job::run_volume(d, spec, fonts, &fonts_hash, &volume_opts));
        let reports: Vec<IssueReport> = dirs
            .iter()
            .map(|dir| job::run(dir, fonts, &fonts_hash, &opts))
            .collect();
        for r in reports.into_iter().chain(volume_reports) {
            if r.volume && r.status == Status::Skipped {
                continue;
            }
            if rep.json {
                let j = batch::summary::json(std::slice::from_ref(&r), &print::cwd());
                println!("{}", j.replace('\n', " "));
            } else {
                print_issue(&r, rep);
                if !rep.quiet || r.status == Status::Failed {
                    eprintln!("[{}] {}", clock(), one_line(&r));
                }
            }
        }
    };
    build(&issues);
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = match notify::recommended_watcher(tx) {
        Ok(w) => w,
        Err(e) => {
            print::diagnostics(&[Diagnostic::error(format!("failed to watch files ({e})"))]);
            return ExitCode::from(1);
        }
    };
    // The folder of issues is watched whole: publication.toml, issue.toml
    // and every issue's files, new issues included.
    let root = issues
        .first()
        .and_then(|d| d.parent())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| named.clone());
    let watched = if issues.len() == 1 && reportbook::source::is_issue_folder(&named) {
        // One issue: its folder, and the publication settings beside it.
        let pub_file = root.join(reportbook::source::PUBLICATION);
        if pub_file.is_file() {
            let _ = watcher.watch(&pub_file, RecursiveMode::NonRecursive);
        }
        issues[0].clone()
    } else {
        root.clone()
    };
    if let Err(e) = watcher.watch(&watched, RecursiveMode::Recursive) {
        print::diagnostics(&[
            Diagnostic::error(format!("failed to watch folder ({e})")).in_file(&watched)
        ]);
        return ExitCode::from(1);
    }
    if !rep.quiet && !rep.json {
        eprintln!(
            "[{}] watching {} (Ctrl-C stops)",
            clock(),
            batch::shown(&watched)
        );
    }
    let single = issues.len() == 1 && watched == issues[0];
    while let Ok(ev) = rx.recv() {
        let mut changed = vec![];
        let mut take = |ev: notify::Result<notify::Event>| {
            if let Ok(e) = ev
                && !e.kind.is_access()
            {
                changed.extend(e.paths.into_iter().filter(|p| !is_hidden(p)));
            }
        };
        take(ev);
        // Editors save in bursts (temp file, rename, chmod): wait for quiet.
        std::thread::sleep(std::time::Duration::from_millis(150));
        while let Ok(ev) = rx.try_recv() {
            take(ev);
        }
        if changed.is_empty() {
            continue;
        }
        let current = if single {
            issues.clone()
        } else {
            reportbook::source::discover_issues(&root).unwrap_or_default()
        };
        let dirs = if single {
            current
        } else {
            affected(&changed, &current)
        };
        build(&dirs);
    }
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_rebuilds_its_issue_and_publication_toml_every_issue() {
        let a = PathBuf::from("/p/source/a");
        let b = PathBuf::from("/p/source/b");
        let issues = [a.clone(), b.clone()];
        assert_eq!(
            affected(&[PathBuf::from("/p/source/b/article.md")], &issues),
            std::slice::from_ref(&b)
        );
        assert_eq!(
            affected(&[PathBuf::from("/p/source/publication.toml")], &issues),
            [a, b]
        );
        assert!(affected(&[PathBuf::from("/p/other.txt")], &issues).is_empty());
    }

    #[test]
    fn clock_is_hh_mm_ss() {
        let c = clock();
        assert_eq!(c.len(), 8);
        assert_eq!(&c[2..3], ":");
    }
}

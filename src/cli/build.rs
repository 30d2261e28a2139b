//! `reportbook build` and `reportbook watch`.

use super::args::{BuildArgs, Format, OutputArgs, WatchArgs};
use super::print;
use reportbook::batch;
use reportbook::diag::Diagnostic;
use reportbook::fonts::Fonts;
use reportbook::job::{self, Formats, IssueReport, JobOptions, Status};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

fn job_options(o: &OutputArgs, force: bool) -> JobOptions {
    let formats = match o.format {
        Format::Epub => Formats {
            epub: true,
            pdf: false,
        },
        Format::Pdf => Formats {
            epub: false,
            pdf: true,
        },
        Format::All => Formats {
            epub: true,
            pdf: true,
        },
    };
    JobOptions {
        formats,
        out: o.out.clone(),
        force,
    }
}

fn fonts() -> Result<&'static Fonts, ExitCode> {
    Fonts::shared().map_err(|e| {
        print::diagnostics(&e);
        ExitCode::from(1)
    })
}

/// Run `build`.
pub fn build(args: BuildArgs) -> ExitCode {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("source")]
    } else {
        args.paths.clone()
    };
    let issues = match batch::resolve_issues(&paths) {
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
    let opts = job_options(&args.output, args.force);
    let quiet = args.quiet;
    let verbose = args.verbose;
    let bar =
        (!quiet && !args.json && std::io::stderr().is_terminal() && issues.len() > 1).then(|| {
            let b = indicatif::ProgressBar::new(issues.len() as u64);
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
            None if !quiet && !args.json => eprintln!("{line}"),
            None => {}
        }
    };
    let jobs = args.jobs.unwrap_or(0);
    let reports = batch::build_all(&issues, fonts, &opts, jobs, &progress);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    for r in &reports {
        print::diagnostics(&r.errors);
        if verbose || (!quiet && r.warnings.len() <= 20) {
            print::diagnostics(&r.warnings);
        } else if !quiet {
            print::diagnostics(&r.warnings[..20]);
            eprintln!(
                "warning: {} more warnings for {} (see --verbose)",
                r.warnings.len() - 20,
                r.slug
            );
        }
    }
    if args.json {
        println!("{}", batch::summary::json(&reports));
    } else if !quiet {
        eprint!("{}", batch::summary::table(&reports));
    }
    if reports.iter().any(|r| r.status == Status::Failed) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn one_line(r: &IssueReport) -> String {
    match r.status {
        Status::Built => format!("built    {} ({:.2}s)", batch::shown(&r.dir), r.seconds),
        Status::Skipped => format!(
            "skipped  {} (unchanged; --force rebuilds)",
            batch::shown(&r.dir)
        ),
        Status::Failed => format!(
            "FAILED   {} ({} errors)",
            batch::shown(&r.dir),
            r.errors.len()
        ),
    }
}

/// Run `watch`: build once, then again whenever a file in the issue changes.
pub fn watch(args: WatchArgs) -> ExitCode {
    use notify::{RecursiveMode, Watcher};
    let fonts = match fonts() {
        Ok(f) => f,
        Err(c) => return c,
    };
    let dir = args.path.clone();
    if !dir.join(reportbook::source::ARTICLE).is_file() {
        print::diagnostics(&[Diagnostic::error("not an issue folder (no article.md)")
            .in_file(&dir)
            .hint("name an issue folder such as source/2023-party-building")]);
        return ExitCode::from(1);
    }
    let opts = job_options(&args.output, true);
    let fonts_hash = reportbook::job::record::fonts_fingerprint(&fonts.dir);
    let build_once = || {
        let r = job::run(&dir, fonts, &fonts_hash, &opts);
        print::diagnostics(&r.errors);
        print::diagnostics(&r.warnings);
        eprintln!("{}", one_line(&r));
    };
    build_once();
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = match notify::recommended_watcher(tx) {
        Ok(w) => w,
        Err(e) => {
            print::diagnostics(&[Diagnostic::error(format!("failed to watch files ({e})"))]);
            return ExitCode::from(1);
        }
    };
    if let Err(e) = watcher.watch(&dir, RecursiveMode::Recursive) {
        print::diagnostics(&[
            Diagnostic::error(format!("failed to watch folder ({e})")).in_file(&dir)
        ]);
        return ExitCode::from(1);
    }
    eprintln!("watching {} (Ctrl-C stops)", dir.display());
    while let Ok(ev) = rx.recv() {
        let relevant = ev.as_ref().is_ok_and(|e| {
            !e.kind.is_access()
                && e.paths.iter().any(|p| {
                    !p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                })
        });
        if !relevant {
            continue;
        }
        // Editors save in bursts (temp file, rename, chmod): wait for quiet.
        std::thread::sleep(std::time::Duration::from_millis(150));
        while rx.try_recv().is_ok() {}
        build_once();
    }
    ExitCode::SUCCESS
}

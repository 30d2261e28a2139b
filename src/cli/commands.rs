//! `reportbook check`, `import` and `new`.

use super::args::{CheckArgs, ImportArgs, NewArgs};
use super::print;
use reportbook::diag::Diagnostic;
use reportbook::fonts::Fonts;
use reportbook::source::import::{self, ImportOptions};
use std::path::PathBuf;
use std::process::ExitCode;

/// Run `check`: every issue named (or under source/), all findings, exit 1 on any error.
pub fn check(args: CheckArgs) -> ExitCode {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("source")]
    } else {
        args.paths
    };
    let issues = match reportbook::batch::resolve_issues(&paths) {
        Ok(v) => v,
        Err(e) => {
            print::diagnostics(&e);
            return ExitCode::from(1);
        }
    };
    let fonts = match Fonts::shared() {
        Ok(f) => f,
        Err(e) => {
            print::diagnostics(&e);
            return ExitCode::from(1);
        }
    };
    reportbook::preflight::set_strict(args.strict);
    let mut errors = 0;
    let mut warnings = 0;
    for dir in &issues {
        let found = reportbook::check::check_issue(dir, fonts);
        errors += found.iter().filter(|d| d.is_error()).count();
        warnings += found.len() - found.iter().filter(|d| d.is_error()).count();
        print::diagnostics(&found);
    }
    eprintln!(
        "checked {} issues: {errors} errors, {warnings} warnings",
        issues.len()
    );
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Run `import`: print the Markdown, or write it into a new issue folder.
pub fn import(args: ImportArgs) -> ExitCode {
    let bytes = match std::fs::read(&args.report) {
        Ok(b) => b,
        Err(e) => {
            print::diagnostics(&[
                Diagnostic::error(format!("failed to read report ({e})")).in_file(&args.report)
            ]);
            return ExitCode::from(1);
        }
    };
    let opts = ImportOptions {
        encoding: args.encoding,
        source_name: Some(args.report.clone()),
        ..Default::default()
    };
    let imported = match import::import_report(&bytes, &opts) {
        Ok(i) => i,
        Err(d) => {
            print::diagnostics(&[d]);
            return ExitCode::from(1);
        }
    };
    eprintln!("read {} as {}", args.report.display(), imported.encoding);
    for d in &imported.decisions {
        eprintln!("  {d}");
    }
    match &args.into {
        Some(dir) => match import::write_issue(dir, &imported) {
            Ok(path) => {
                eprintln!("wrote {}", path.display());
                if !imported.photos.is_empty() {
                    eprintln!("add the photos: {}", imported.photos.join(", "));
                }
                ExitCode::SUCCESS
            }
            Err(d) => {
                print::diagnostics(&[d]);
                ExitCode::from(1)
            }
        },
        None => {
            print!("{}", imported.markdown);
            ExitCode::SUCCESS
        }
    }
}

/// Run `new`.
pub fn new(args: NewArgs) -> ExitCode {
    match reportbook::scaffold::scaffold_issue(&args.source, &args.slug) {
        Ok(dir) => {
            eprintln!(
                "created {}: edit article.md, add photos, then `reportbook build {}`",
                dir.display(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(d) => {
            print::diagnostics(&[d]);
            ExitCode::from(1)
        }
    }
}

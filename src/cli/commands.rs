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
/// An existing target is refused before anything is read or printed; the log
/// follows the input's order; the last line is the command to run next.
pub fn import(args: ImportArgs) -> ExitCode {
    if let Some(dir) = &args.into
        && let Err(d) = import::check_target(dir)
    {
        print::diagnostics(&[d]);
        return ExitCode::from(1);
    }
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
    // The first decision names the encoding, as the line above does.
    for d in imported.decisions.iter().skip(1) {
        eprintln!("  {d}");
    }
    let Some(dir) = &args.into else {
        print!("{}", imported.markdown);
        let stem = args
            .report
            .file_stem()
            .map_or("imported".into(), |s| s.to_string_lossy().into_owned());
        eprintln!(
            "next: reportbook import {} --into {}",
            shell_word(&args.report.display().to_string()),
            shell_word(&format!("source/{stem}"))
        );
        return ExitCode::SUCCESS;
    };
    match import::write_issue(dir, &imported) {
        Ok(path) => {
            eprintln!("wrote {}", path.display());
            if !imported.photos.is_empty() {
                let names: Vec<&str> = imported
                    .photos
                    .iter()
                    .map(|p| p.trim_start_matches("photos/"))
                    .collect();
                eprintln!(
                    "add {} photo(s) to {} first: {}",
                    names.len(),
                    dir.join("photos").display(),
                    names.join(", ")
                );
            }
            eprintln!("next: reportbook build {}", shell_word(&dir.display().to_string()));
            ExitCode::SUCCESS
        }
        Err(d) => {
            print::diagnostics(&[d]);
            ExitCode::from(1)
        }
    }
}

/// A path as one shell word: as it is when it holds nothing a shell reads
/// specially, else in single quotes.
fn shell_word(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| !c.is_ascii() || c.is_ascii_alphanumeric() || "/._-+=:,@%".contains(c));
    if plain && !s.chars().any(|c| c.is_whitespace() || c == '\u{3000}') {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
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

//! `reportbook check`, `import`, `new`, `list`, `clean`, `completions` and `man`.

use super::args::{CheckArgs, CleanArgs, Cli, CompletionsArgs, ImportArgs, ListArgs, NewArgs};
use super::build::{fonts, paths_or_source};
use super::print;
use reportbook::batch::{self, summary::pad};
use reportbook::diag::Diagnostic;
use reportbook::job::{self, Formats, JobOptions};
use reportbook::source::import::{self, ImportOptions};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use unicode_width::UnicodeWidthStr;

/// Run `check`: every issue named (or under source/), all findings sorted by
/// file and position; exit 1 on any error (or any warning with `--strict`).
pub fn check(args: CheckArgs) -> ExitCode {
    let issues = match batch::resolve_issues(&paths_or_source(&args.paths)) {
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
    reportbook::preflight::set_strict(rep.strict);
    let mut all = vec![];
    for dir in &issues {
        let t = std::time::Instant::now();
        let found = reportbook::check::check_issue(dir, fonts);
        if rep.verbose && !rep.json {
            eprintln!(
                "  checked {} in {:.3}s",
                batch::shown(dir),
                t.elapsed().as_secs_f64()
            );
        }
        all.extend(found);
    }
    reportbook::diag::sort(&mut all);
    let errors = all.iter().filter(|d| d.is_error()).count();
    let warnings = all.len() - errors;
    if rep.json {
        let base = print::cwd();
        let j = serde_json::json!({
            "issues": issues.len(),
            "errors": errors,
            "warnings": warnings,
            "diagnostics": all.iter().map(|d| d.to_json(&base)).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&j).unwrap_or_default());
    } else {
        let shown: Vec<Diagnostic> = if rep.quiet {
            all.iter().filter(|d| d.is_error()).cloned().collect()
        } else {
            all
        };
        print::diagnostics(&shown);
        if !rep.quiet {
            eprintln!(
                "checked {} issues: {errors} errors, {warnings} warnings",
                issues.len()
            );
        }
    }
    if errors > 0 || (rep.strict && warnings > 0) {
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
            eprintln!(
                "next: reportbook build {}",
                shell_word(&dir.display().to_string())
            );
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

/// Run `new`: the issue folder, and a commented publication.toml beside it
/// when the folder of issues has none.
pub fn new(args: NewArgs) -> ExitCode {
    match reportbook::scaffold::scaffold_issue(&args.source, &args.slug) {
        Ok(dir) => {
            let pub_file = args.source.join(reportbook::source::PUBLICATION);
            match reportbook::scaffold::scaffold_publication(&args.source) {
                Ok(true) => eprintln!(
                    "created {}: the settings every issue shares",
                    pub_file.display()
                ),
                Ok(false) => {}
                Err(d) => print::diagnostics(&[d]),
            }
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

/// The state of an issue's outputs, for `list`.
fn state(dir: &Path, out: &Option<PathBuf>, fonts_hash: &str) -> &'static str {
    let (loaded, _) = reportbook::source::load_book(dir);
    if loaded.is_err() {
        return "failing";
    }
    let opts = JobOptions {
        formats: Formats::ALL,
        out: out.clone(),
        force: false,
        placeholders: false,
    };
    let out_dir = job::out_dir(dir, &opts);
    let record = out_dir.join(job::RECORD);
    let slug = job::slug_of(dir);
    let outputs = ["epub", "pdf"].map(|e| out_dir.join(format!("{slug}.{e}")));
    let current = job::record::fingerprint(dir, fonts_hash, opts.formats)
        .is_some_and(|f| job::record::matches(&record, &f));
    if current && outputs.iter().all(|p| p.is_file()) {
        "built"
    } else if record.is_file() || outputs.iter().any(|p| p.is_file()) {
        "out of date"
    } else {
        "not built"
    }
}

/// Run `list`: every issue found, with its state and where its outputs go.
pub fn list(args: ListArgs) -> ExitCode {
    let issues = match batch::resolve_issues(&paths_or_source(&args.paths)) {
        Ok(v) => v,
        Err(e) => {
            print::diagnostics(&e);
            return ExitCode::from(1);
        }
    };
    let fonts_hash = match fonts() {
        Ok(f) => job::record::fonts_fingerprint(&f.dir),
        Err(c) => return c,
    };
    let rows: Vec<(String, &str, String)> = issues
        .iter()
        .map(|dir| {
            let opts_out = args.out.clone();
            let out_dir = opts_out
                .clone()
                .unwrap_or_else(|| job::default_out(dir))
                .join(job::slug_of(dir));
            (
                job::slug_of(dir),
                state(dir, &args.out, &fonts_hash),
                batch::shown(&out_dir),
            )
        })
        .collect();
    if args.json {
        let j: Vec<_> = rows
            .iter()
            .zip(&issues)
            .map(|((slug, st, out), dir)| {
                serde_json::json!({"issue": slug, "dir": batch::shown(dir), "state": st, "output": out})
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&j).unwrap_or_default());
        return ExitCode::SUCCESS;
    }
    let w = rows.iter().map(|r| r.0.width()).max().unwrap_or(5).max(5);
    println!("{}  {:<11}  output", pad("issue", w), "state");
    for (slug, st, out) in &rows {
        println!("{}  {:<11}  {out}", pad(slug, w), st);
    }
    ExitCode::SUCCESS
}

/// Run `clean`: remove each issue's outputs and record, its output folder
/// when that leaves it empty, and the image cache; `--dry-run` only lists them.
pub fn clean(args: CleanArgs) -> ExitCode {
    let issues = match batch::resolve_issues(&paths_or_source(&args.paths)) {
        Ok(v) => v,
        Err(e) => {
            print::diagnostics(&e);
            return ExitCode::from(1);
        }
    };
    let mut files = vec![];
    let mut dirs = vec![];
    let mut caches = vec![];
    for dir in &issues {
        let root = args.out.clone().unwrap_or_else(|| job::default_out(dir));
        let slug = job::slug_of(dir);
        let out_dir = root.join(&slug);
        for name in [
            format!("{slug}.epub"),
            format!("{slug}.pdf"),
            format!("{slug}.screen.pdf"),
            job::RECORD.to_owned(),
        ] {
            let p = out_dir.join(name);
            if p.is_file() {
                files.push(p);
            }
        }
        if out_dir.is_dir() {
            dirs.push(out_dir);
        }
        let cache = root.join(".cache");
        if cache.is_dir() && !caches.contains(&cache) {
            caches.push(cache);
        }
    }
    let verb = if args.dry_run {
        "would remove"
    } else {
        "removed"
    };
    let mut failed = false;
    let mut fail = |what: &Path, e: std::io::Error| {
        failed = true;
        print::diagnostics(&[Diagnostic::error(format!("failed to remove ({e})")).in_file(what)]);
    };
    for f in &files {
        let done = if args.dry_run {
            Ok(())
        } else {
            std::fs::remove_file(f)
        };
        match done {
            Ok(()) => eprintln!("{verb} {}", batch::shown(f)),
            Err(e) => fail(f, e),
        }
    }
    for c in &caches {
        let done = if args.dry_run {
            Ok(())
        } else {
            std::fs::remove_dir_all(c)
        };
        match done {
            Ok(()) => eprintln!("{verb} {}/ (image cache)", batch::shown(c)),
            Err(e) => fail(c, e),
        }
    }
    if !args.dry_run {
        for d in &dirs {
            // Only a folder left empty: anything else in it is the user's.
            let _ = std::fs::remove_dir(d);
        }
    }
    if files.is_empty() && caches.is_empty() {
        eprintln!("nothing to clean");
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Run `completions SHELL`: the script on standard output.
pub fn completions(args: CompletionsArgs) -> ExitCode {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "reportbook", &mut std::io::stdout());
    ExitCode::SUCCESS
}

/// Run `man`: the manual page in roff on standard output.
pub fn man() -> ExitCode {
    use clap::CommandFactory;
    let man = clap_mangen::Man::new(Cli::command());
    let mut out = Vec::new();
    if let Err(e) = man.render(&mut out) {
        print::diagnostics(&[Diagnostic::error(format!(
            "failed to write the manual page ({e})"
        ))]);
        return ExitCode::from(1);
    }
    use std::io::Write;
    let _ = std::io::stdout().write_all(&out);
    ExitCode::SUCCESS
}

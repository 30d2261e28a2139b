//! ⑥ One issue end to end: load → (typeset → pdf) ∥ epub → write outputs
//! atomically → [`IssueReport`]. Skips the work when nothing it reads has
//! changed since the last good build.

pub mod record;

use crate::diag::Diagnostic;
use crate::fonts::Fonts;
use crate::model::Issue;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Which outputs to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Formats {
    /// Write the EPUB.
    pub epub: bool,
    /// Write the PDF.
    pub pdf: bool,
}

/// How to build one issue.
#[derive(Debug, Clone)]
pub struct JobOptions {
    /// Outputs to make.
    pub formats: Formats,
    /// Output root: the issue's files go to `<out>/<slug>/`.
    pub out: PathBuf,
    /// Rebuild even when the inputs are unchanged.
    pub force: bool,
}

/// What happened to an issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Built and written.
    Built,
    /// Inputs unchanged since the last good build; nothing written.
    Skipped,
    /// Failed; earlier outputs were left as they were.
    Failed,
}

/// The outcome of one issue's build, for the summary.
#[derive(Debug, Clone)]
pub struct IssueReport {
    /// Issue folder name.
    pub slug: String,
    /// Issue folder.
    pub dir: PathBuf,
    /// Outcome.
    pub status: Status,
    /// PDF page count, when a PDF was made.
    pub pages: Option<usize>,
    /// EPUB file and size in bytes.
    pub epub: Option<(PathBuf, u64)>,
    /// PDF file and size in bytes.
    pub pdf: Option<(PathBuf, u64)>,
    /// Wall time in seconds.
    pub seconds: f64,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
    /// Errors (non-empty exactly when `status` is `Failed`).
    pub errors: Vec<Diagnostic>,
}

/// Name of the record of inputs kept beside an issue's outputs.
pub const RECORD: &str = ".reportbook-inputs";

/// Build one issue.
pub fn run(dir: &Path, fonts: &Fonts, fonts_hash: &str, opts: &JobOptions) -> IssueReport {
    let start = Instant::now();
    let slug = dir
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let out_dir = opts.out.join(&slug);
    let mut report = IssueReport {
        slug: slug.clone(),
        dir: dir.to_path_buf(),
        status: Status::Failed,
        pages: None,
        epub: None,
        pdf: None,
        seconds: 0.0,
        warnings: vec![],
        errors: vec![],
    };
    let epub_path = out_dir.join(format!("{slug}.epub"));
    let pdf_path = out_dir.join(format!("{slug}.pdf"));
    let record = record::fingerprint(dir, fonts_hash, opts.formats);
    let existing = |p: &Path| {
        std::fs::metadata(p)
            .ok()
            .map(|m| (p.to_path_buf(), m.len()))
    };
    if !opts.force
        && let Some(rec) = &record
        && record::matches(&out_dir.join(RECORD), rec)
        && (!opts.formats.epub || epub_path.is_file())
        && (!opts.formats.pdf || pdf_path.is_file())
    {
        report.status = Status::Skipped;
        report.epub = opts.formats.epub.then(|| existing(&epub_path)).flatten();
        report.pdf = opts.formats.pdf.then(|| existing(&pdf_path)).flatten();
        report.pages = record::recorded_pages(&out_dir.join(RECORD));
        report.seconds = start.elapsed().as_secs_f64();
        return report;
    }
    let (issue, warnings) = crate::source::load_issue(dir);
    report.warnings = warnings;
    let issue = match issue {
        Ok(i) => i,
        Err(errors) => {
            report.errors = errors;
            report.seconds = start.elapsed().as_secs_f64();
            return report;
        }
    };
    // Characters no bundled face has: warned once here for both outputs.
    report
        .warnings
        .extend(crate::coverage::warnings(&issue, fonts));
    let cache_dir = opts.out.join(".cache");
    let (epub_res, pdf_res) = render(&issue, fonts, opts.formats, Some(&cache_dir));
    let mut outputs: Vec<(PathBuf, Vec<u8>)> = vec![];
    for (res, path) in [(epub_res, &epub_path), (pdf_res, &pdf_path)] {
        match res {
            Some(Ok(out)) => {
                report.warnings.extend(out.warnings);
                if out.pages.is_some() {
                    report.pages = out.pages;
                }
                outputs.push((path.clone(), out.bytes));
            }
            Some(Err(e)) => report.errors.extend(e),
            None => {}
        }
    }
    if !report.errors.is_empty() {
        report.seconds = start.elapsed().as_secs_f64();
        return report;
    }
    // Only now, with every output in memory, touch the output folder: a
    // failure above leaves the previous good files as they were.
    if let Err(e) = std::fs::create_dir_all(&out_dir) {
        report.errors.push(
            Diagnostic::error(format!("failed to create the output folder ({e})"))
                .in_file(&out_dir)
                .hint("check that the output folder is writable, or choose another with --out"),
        );
        report.seconds = start.elapsed().as_secs_f64();
        return report;
    }
    for (path, bytes) in &outputs {
        if let Err(e) = write_atomic(path, bytes) {
            report.errors.push(
                Diagnostic::error(format!("failed to write output ({e})"))
                    .in_file(path)
                    .hint("check free space and permissions; the previous file is unchanged"),
            );
        }
    }
    if report.errors.is_empty() {
        report.status = Status::Built;
        report.epub = opts.formats.epub.then(|| existing(&epub_path)).flatten();
        report.pdf = opts.formats.pdf.then(|| existing(&pdf_path)).flatten();
        if let Some(rec) = &record {
            // A failure to record only costs a rebuild next time. Not
            // flushed to disk: the outputs it vouches for already are, and a
            // record lost in a crash also only costs a rebuild.
            let _ = write_renamed(
                &out_dir.join(RECORD),
                record::render(rec, report.pages).as_bytes(),
                false,
            );
        }
    }
    report.seconds = start.elapsed().as_secs_f64();
    report
}

/// One rendered output.
pub struct Rendered {
    /// File contents.
    pub bytes: Vec<u8>,
    /// Page count (PDF only).
    pub pages: Option<usize>,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
}

/// One output's result: `None` when it was not asked for.
pub type Outcome = Option<Result<Rendered, Vec<Diagnostic>>>;

/// Render the asked-for outputs in memory, the EPUB and the PDF in parallel.
/// Nothing is written except the EPUB image cache in `cache_dir`.
pub fn render(
    issue: &Issue,
    fonts: &Fonts,
    formats: Formats,
    cache_dir: Option<&Path>,
) -> (Outcome, Outcome) {
    rayon::join(
        || formats.epub.then(|| render_epub(issue, fonts, cache_dir)),
        || formats.pdf.then(|| render_pdf(issue, fonts)),
    )
}

fn render_epub(
    issue: &Issue,
    fonts: &Fonts,
    cache_dir: Option<&Path>,
) -> Result<Rendered, Vec<Diagnostic>> {
    let opts = crate::epub::EpubOptions {
        image_cache_dir: cache_dir.map(Path::to_path_buf),
        ..crate::epub::EpubOptions::from_env()
    };
    let (bytes, warnings) = crate::epub::epub(issue, fonts, &opts)?;
    Ok(Rendered {
        bytes,
        pages: None,
        warnings,
    })
}

/// Typeset and write the PDF a page at a time: each page's frame is encoded
/// and dropped as soon as it is finished, so memory stays flat however long
/// the issue (see README, "Scale").
fn render_pdf(issue: &Issue, fonts: &Fonts) -> Result<Rendered, Vec<Diagnostic>> {
    let opts = crate::pdf::PdfOptions {
        pdfx: output_intent(&issue.layout.print),
        ..crate::pdf::PdfOptions::from_env()
    };
    let faces = |role| Some(crate::typeset::face_data(fonts, role));
    let mut writer = crate::pdf::PdfWriter::new(&opts, faces);
    let mut failed = None;
    let (done, warnings) = crate::typeset::typeset_each(issue, fonts, |page| {
        if failed.is_none()
            && let Err(e) = writer.write_page(&page)
        {
            failed = Some(e);
        }
    })?;
    if let Some(e) = failed {
        return Err(e);
    }
    let bytes = writer.finish(&done.meta)?;
    Ok(Rendered {
        bytes,
        pages: Some(done.pages),
        warnings,
    })
}

/// The print PDF's output intent from the `[print]` settings: `None` for
/// `standard = "none"`, the bundled FOGRA39 profile, or the shop's profile
/// under the condition the settings name (`Custom` when they name none).
pub fn output_intent(p: &crate::model::PrintSettings) -> Option<crate::pdf::OutputIntent> {
    if p.standard == crate::model::PdfStandard::None {
        return None;
    }
    let Some(profile) = &p.profile else {
        return Some(crate::pdf::OutputIntent::bundled());
    };
    let described = profile.description.clone().unwrap_or_else(|| {
        profile
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    Some(crate::pdf::OutputIntent {
        profile: profile.bytes.clone(),
        condition: p.condition.clone().unwrap_or_else(|| "Custom".into()),
        registry: p.condition.as_ref().map(|_| "http://www.color.org".into()),
        info: described,
    })
}

/// Write `bytes` to `path` through a temporary file in the same folder and a
/// rename, so `path` is always either the old file or the whole new one, even
/// when the process is killed midway or another build writes at the same time.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_renamed(path, bytes, true)
}

/// [`write_atomic`], flushing the data to disk before the rename only when
/// `durable` (a flush costs a disk round trip, milliseconds per file).
fn write_renamed(path: &Path, bytes: &[u8], durable: bool) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new().prefix(".tmp-").tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    // Temporary files are private (0600); outputs are ordinary files.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    if durable {
        tmp.as_file().sync_data()?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

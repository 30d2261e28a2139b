//! ⑥ One issue end to end: load → (typeset → pdf) ∥ epub → write outputs
//! atomically → [`IssueReport`]. Skips the work when nothing it reads has
//! changed since the last good build.

mod photos;
pub mod proof;
pub mod record;
pub mod steps;

pub use crate::files::write_atomic;
use crate::files::{Flush, write_renamed};

use crate::diag::Diagnostic;
use crate::fonts::Fonts;
use crate::model::Issue;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Which outputs to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Formats {
    /// Write the EPUB.
    pub epub: bool,
    /// Write the print PDF.
    pub pdf: bool,
    /// Write the screen PDF (`<slug>.screen.pdf`).
    pub screen: bool,
}

impl Formats {
    /// Every output: the EPUB, the print PDF and the screen PDF.
    pub const ALL: Formats = Formats {
        epub: true,
        pdf: true,
        screen: true,
    };
}

/// How to build one issue.
#[derive(Debug, Clone)]
pub struct JobOptions {
    /// Outputs to make.
    pub formats: Formats,
    /// Output root: the issue's files go to `<out>/<slug>/`; `None` puts
    /// them in the publication's `output/` ([`default_out`]).
    pub out: Option<PathBuf>,
    /// Rebuild even when the inputs are unchanged.
    pub force: bool,
    /// A proof (`build --placeholders`): missing or unreadable photos are
    /// set as placeholders, with a warning each, instead of failing the issue.
    pub placeholders: bool,
}

/// The output root of an issue when `--out` is not given: `output/` beside
/// the folder of issues (`source/`) the issue sits in, wherever the command
/// runs from. An issue whose folder of issues is neither named `source` nor
/// holds `publication.toml` builds into `output/` of the current folder.
pub fn default_out(dir: &Path) -> PathBuf {
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    if let Some(source) = dir.parent()
        && (source.join(crate::source::PUBLICATION).is_file()
            || source.file_name().is_some_and(|n| n == "source"))
        && let Some(root) = source.parent()
    {
        return root.join("output");
    }
    PathBuf::from("output")
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
    /// Issue folder name (a volume's slug for a volume).
    pub slug: String,
    /// True for a volume (合订本) of `publication.toml`, false for an issue.
    pub volume: bool,
    /// Issue folder.
    pub dir: PathBuf,
    /// Outcome.
    pub status: Status,
    /// PDF page count, when a PDF was made.
    pub pages: Option<usize>,
    /// EPUB file and size in bytes.
    pub epub: Option<(PathBuf, u64)>,
    /// Print PDF file and size in bytes.
    pub pdf: Option<(PathBuf, u64)>,
    /// Screen PDF file and size in bytes.
    pub screen: Option<(PathBuf, u64)>,
    /// Wall time in seconds.
    pub seconds: f64,
    /// Warnings, sorted by file and position.
    pub warnings: Vec<Diagnostic>,
    /// True when `warnings` are the ones kept from the last build (the issue was skipped).
    pub warnings_from_last_build: bool,
    /// Errors (non-empty exactly when `status` is `Failed`), sorted by file and position.
    pub errors: Vec<Diagnostic>,
    /// Each step (load, check, epub, pdf, write) with its wall time in seconds.
    pub steps: Vec<(String, f64)>,
    /// The photos (as written) set as placeholders: non-empty only for a
    /// proof built with `--placeholders`, whose outputs are not the real thing.
    pub placeholders: Vec<String>,
}

/// Name of the record of inputs kept beside an issue's outputs.
pub const RECORD: &str = ".reportbook-inputs";

/// Name of an issue: its folder's name (`.` and `..` resolved first).
pub fn slug_of(dir: &Path) -> String {
    let canonical = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    canonical
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Where an issue's outputs and record go: `<out>/<slug>/`.
pub fn out_dir(dir: &Path, opts: &JobOptions) -> PathBuf {
    let root = opts.out.clone().unwrap_or_else(|| default_out(dir));
    root.join(slug_of(dir))
}

/// Build one issue, diagnostics sorted by file and position.
pub fn run(dir: &Path, fonts: &Fonts, fonts_hash: &str, opts: &JobOptions) -> IssueReport {
    let mut r = run_unsorted(dir, fonts, fonts_hash, opts);
    proof::note_left_behind(&mut r, &out_dir(dir, opts), opts.placeholders);
    crate::diag::sort(&mut r.warnings);
    crate::diag::sort(&mut r.errors);
    r
}

/// Time a step of the build into `steps`.
fn timed<T>(steps: &mut Vec<(String, f64)>, name: &str, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let v = f();
    steps.push((name.to_owned(), t.elapsed().as_secs_f64()));
    v
}

/// The findings `check` makes on the text ([`crate::check::text_findings`]),
/// made by the same function on the issue the build loaded, so `build` and
/// `check` report the same (a volume's issues report theirs in their own builds).
fn text_checks(book: &crate::model::Book, warnings: &mut Vec<Diagnostic>) {
    if book.kind != crate::model::BookKind::Issue {
        return;
    }
    let opts = crate::check::CheckOptions::default();
    for article in book.articles() {
        warnings.extend(crate::check::text_findings(article, &opts));
    }
}

fn run_unsorted(dir: &Path, fonts: &Fonts, fonts_hash: &str, opts: &JobOptions) -> IssueReport {
    let job = Job {
        slug: slug_of(dir),
        volume: false,
        dir: dir.to_path_buf(),
        out_dir: out_dir(dir, opts),
        record: record::fingerprint(dir, fonts_hash, opts.formats)
            .map(|f| record::for_options(f, opts.placeholders)),
    };
    let load = crate::source::LoadOptions {
        placeholders: opts.placeholders,
    };
    job.run(fonts, opts, |steps, warnings| {
        let (book, w) = timed(steps, "load", || crate::source::load_book_with(dir, load));
        warnings.extend(w);
        if let Ok(book) = &book {
            timed(steps, "check text", || text_checks(book, warnings));
        }
        book
    })
}

/// Build the volume `spec` of the folder of issues `source_dir` into
/// `<out>/<slug>/`, skipped when none of its issues nor the settings changed.
pub fn run_volume(
    source_dir: &Path,
    spec: &crate::source::manifest::VolumeSpec,
    fonts: &Fonts,
    fonts_hash: &str,
    opts: &JobOptions,
) -> IssueReport {
    let start = Instant::now();
    let root = opts.out.clone().unwrap_or_else(|| {
        source_dir
            .parent()
            .map_or_else(|| PathBuf::from("output"), |p| p.join("output"))
    });
    let record = crate::source::volume::volume_issues(source_dir, spec)
        .ok()
        .and_then(|dirs| {
            record::volume_fingerprint(source_dir, spec, &dirs, fonts_hash, opts.formats)
        })
        .map(|f| record::for_options(f, opts.placeholders));
    let load = crate::source::LoadOptions {
        placeholders: opts.placeholders,
    };
    let volume_out = root.join(&spec.slug);
    let job = Job {
        slug: spec.slug.clone(),
        volume: true,
        dir: source_dir.to_path_buf(),
        out_dir: volume_out.clone(),
        record,
    };
    let mut r = job.run(fonts, opts, |steps, _warnings| {
        // The issues' own builds report their warnings; the volume reports
        // only what stops it.
        let (book, _) = timed(steps, "load", || {
            crate::source::volume::load_volume_with(source_dir, spec, load)
        });
        book
    });
    proof::note_left_behind(&mut r, &volume_out, opts.placeholders);
    crate::diag::sort(&mut r.errors);
    r.seconds = start.elapsed().as_secs_f64();
    r
}

/// One output book to build: where it goes and what its inputs hash to.
struct Job {
    slug: String,
    volume: bool,
    dir: PathBuf,
    out_dir: PathBuf,
    /// Fingerprint of the inputs; `None` when they cannot be read (the build runs).
    record: Option<String>,
}

impl Job {
    /// Skip when the record matches; else load (with `load`, which may add
    /// warnings), render, and write the outputs and the record atomically.
    fn run(
        self,
        fonts: &Fonts,
        opts: &JobOptions,
        load: impl FnOnce(
            &mut Vec<(String, f64)>,
            &mut Vec<Diagnostic>,
        ) -> crate::diag::DiagResult<crate::model::Book>,
    ) -> IssueReport {
        let start = Instant::now();
        let Job {
            slug,
            volume,
            dir,
            out_dir,
            record,
        } = self;
        let mut report = IssueReport {
            slug: slug.clone(),
            volume,
            dir: dir.clone(),
            status: Status::Failed,
            pages: None,
            epub: None,
            pdf: None,
            screen: None,
            seconds: 0.0,
            warnings: vec![],
            warnings_from_last_build: false,
            errors: vec![],
            steps: vec![],
            placeholders: vec![],
        };
        let epub_path = out_dir.join(format!("{slug}.epub"));
        let pdf_path = out_dir.join(format!("{slug}.pdf"));
        let screen_path = out_dir.join(format!("{slug}.screen.pdf"));
        let existing = |p: &Path| {
            std::fs::metadata(p)
                .ok()
                .map(|m| (p.to_path_buf(), m.len()))
        };
        // Each asked-for output that is on disk, with its size.
        let written = || {
            let f = opts.formats;
            (
                f.epub.then(|| existing(&epub_path)).flatten(),
                f.pdf.then(|| existing(&pdf_path)).flatten(),
                f.screen.then(|| existing(&screen_path)).flatten(),
            )
        };
        if !opts.force
            && let Some(rec) = &record
            && record::matches(&out_dir.join(RECORD), rec)
            && (!opts.formats.epub || epub_path.is_file())
            && (!opts.formats.pdf || pdf_path.is_file())
            && (!opts.formats.screen || screen_path.is_file())
        {
            report.status = Status::Skipped;
            (report.epub, report.pdf, report.screen) = written();
            report.pages = record::recorded_pages(&out_dir.join(RECORD));
            report.warnings = record::recorded_warnings(&out_dir.join(RECORD));
            report.placeholders = record::recorded_placeholders(&out_dir.join(RECORD));
            report.warnings_from_last_build = true;
            report.seconds = start.elapsed().as_secs_f64();
            return report;
        }
        let mut steps = vec![];
        let book = load(&mut steps, &mut report.warnings);
        report.steps = steps;
        let book = match book {
            Ok(b) => b,
            Err(errors) => {
                report.errors = errors;
                report.seconds = start.elapsed().as_secs_f64();
                return report;
            }
        };
        report.placeholders = book
            .assets
            .iter()
            .filter(|a| a.placeholder)
            .map(|a| a.href.clone())
            .collect();
        // Characters no bundled face has: warned once here for both outputs.
        if book.kind == crate::model::BookKind::Issue {
            for article in book.articles() {
                report
                    .warnings
                    .extend(crate::coverage::warnings(article, fonts));
            }
        }
        let cache_dir = out_dir
            .parent()
            .map_or_else(|| PathBuf::from(".cache"), |p| p.join(".cache"));
        let done = match book.single() {
            Some(issue) => render(issue, fonts, opts.formats, Some(&cache_dir)),
            None => render_book(&book, fonts, opts.formats, Some(&cache_dir)),
        };
        // The photos' bytes are no longer needed: free them for the next issue.
        crate::read_once::forget(book.assets.iter().map(|a| a.path.as_path()));
        let mut outputs: Vec<(PathBuf, Vec<u8>)> = vec![];
        for (res, path) in [
            (done.epub, &epub_path),
            (done.pdf, &pdf_path),
            (done.screen, &screen_path),
        ] {
            match res {
                Some(Ok(out)) => {
                    report.steps.extend(out.steps);
                    // The typesetter's photo-resolution warnings are the
                    // text findings' (at a width never wider): said once.
                    let issue = book.kind == crate::model::BookKind::Issue;
                    report.warnings.extend(
                        out.warnings
                            .into_iter()
                            .filter(|w| !(issue && crate::check::is_low_resolution(w))),
                    );
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
        let write_start = Instant::now();
        for (path, bytes) in &outputs {
            if let Err(e) = write_atomic(path, bytes) {
                report.errors.push(
                    Diagnostic::error(format!("failed to write output ({e})"))
                        .in_file(path)
                        .hint("check free space and permissions; the previous file is unchanged"),
                );
            }
        }
        report
            .steps
            .push(("write".into(), write_start.elapsed().as_secs_f64()));
        if report.errors.is_empty() {
            report.status = Status::Built;
            (report.epub, report.pdf, report.screen) = written();
            if let Some(rec) = &record {
                // A failure to record only costs a rebuild next time. Not
                // flushed to disk: the outputs it vouches for already are, and a
                // record lost in a crash also only costs a rebuild.
                let _ = write_renamed(
                    &out_dir.join(RECORD),
                    record::render(rec, report.pages, &report.warnings, &report.placeholders)
                        .as_bytes(),
                    Flush::Cached,
                );
            }
        }
        report.seconds = start.elapsed().as_secs_f64();
        report
    }
}

/// One rendered output.
pub struct Rendered {
    /// File contents.
    pub bytes: Vec<u8>,
    /// Page count (PDF only).
    pub pages: Option<usize>,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
    /// Steps with their wall times in seconds, for `--verbose`.
    pub steps: Vec<(String, f64)>,
}

/// One output's result: `None` when it was not asked for.
pub type Outcome = Option<Result<Rendered, Vec<Diagnostic>>>;

/// The asked-for outputs, rendered in memory.
pub struct Outcomes {
    /// The EPUB.
    pub epub: Outcome,
    /// The print PDF.
    pub pdf: Outcome,
    /// The screen PDF.
    pub screen: Outcome,
}

/// Render the asked-for outputs in memory, the EPUB and the PDFs in
/// parallel. Nothing is written except the photo cache in `cache_dir`.
pub fn render(
    issue: &Issue,
    fonts: &Fonts,
    formats: Formats,
    cache_dir: Option<&Path>,
) -> Outcomes {
    let (epub, (pdf, screen)) = rayon::join(
        || formats.epub.then(|| render_epub(issue, fonts, cache_dir)),
        || render_pdf(issue, fonts, formats, cache_dir),
    );
    Outcomes { epub, pdf, screen }
}

/// Render a book's outputs (an issue of several articles, or a volume) in
/// memory, the EPUB and the PDFs in parallel.
pub fn render_book(
    book: &crate::model::Book,
    fonts: &Fonts,
    formats: Formats,
    cache_dir: Option<&Path>,
) -> Outcomes {
    let (epub, (pdf, screen)) = rayon::join(
        || {
            formats
                .epub
                .then(|| render_book_epub(book, fonts, cache_dir))
        },
        || render_book_pdf(book, fonts, formats, cache_dir),
    );
    Outcomes { epub, pdf, screen }
}

fn render_book_epub(
    book: &crate::model::Book,
    fonts: &Fonts,
    cache_dir: Option<&Path>,
) -> Result<Rendered, Vec<Diagnostic>> {
    epub_rendered(cache_dir, |opts| {
        crate::epub::epub_book_made(book, fonts, opts)
    })
}

/// The book's PDFs (print, screen, as `formats` asks): every article's page
/// count first (for the contents), then the pages, written one at a time.
fn render_book_pdf(
    book: &crate::model::Book,
    fonts: &Fonts,
    formats: Formats,
    cache_dir: Option<&Path>,
) -> (Outcome, Outcome) {
    if !formats.pdf && !formats.screen {
        return (None, None);
    }
    book_pdfs(book, fonts, formats, cache_dir).unwrap_or_else(|e| both_failed(formats, e))
}

/// The print and screen PDFs that `formats` asks for, both failed with `e`.
fn both_failed(formats: Formats, e: Vec<Diagnostic>) -> (Outcome, Outcome) {
    (
        formats.pdf.then(|| Err(e.clone())),
        formats.screen.then(|| Err(e)),
    )
}

/// [`render_book_pdf`]; an error here (in counting or typesetting) fails both PDFs.
fn book_pdfs(
    book: &crate::model::Book,
    fonts: &Fonts,
    formats: Formats,
    cache_dir: Option<&Path>,
) -> Result<(Outcome, Outcome), Vec<Diagnostic>> {
    let t = Instant::now();
    let (book, fit) = crate::typeset::fit::fitted_book(book, fonts);
    let book = &*book;
    // Articles that run on are counted issue by issue inside `typeset_book`.
    let counts = if book.layout.article_start == crate::model::ArticleStart::Continue {
        Vec::new()
    } else {
        page_counts(book, fonts, cache_dir, true)?
    };
    let counted = t.elapsed().as_secs_f64();
    let write = |counts: &[usize]| {
        pdfs_rendered(&book.layout, fonts, formats, cache_dir, |page_done| {
            crate::typeset::book::typeset_book(book, fonts, counts, page_done).map(|(t, mut w)| {
                w.extend(fit.iter().cloned());
                (t, w)
            })
        })
    };
    let miscounted = |e: &Vec<Diagnostic>| {
        e.iter()
            .any(|d| d.message.starts_with(crate::typeset::book::MISCOUNT))
    };
    let (mut pdf, mut screen) = match write(&counts)? {
        // A cached count that no longer holds (a system font changed, say):
        // count again and set the book once more.
        (Some(Err(e)), _) | (_, Some(Err(e))) if miscounted(&e) => {
            write(&page_counts(book, fonts, cache_dir, false)?)?
        }
        both => both,
    };
    for r in [&mut pdf, &mut screen]
        .into_iter()
        .flatten()
        .flatten()
        .filter(|_| !counts.is_empty())
    {
        r.steps.insert(
            0,
            (
                format!("pdf: count the pages of {} articles", counts.len()),
                counted,
            ),
        );
    }
    Ok((pdf, screen))
}

/// Every article's page count, from `cache_dir/pages/` where an article
/// whose model, settings and tool version are unchanged was counted before
/// (a volume rebuilt after a one-article edit typesets only that article
/// twice); the others counted in parallel and recorded.
fn page_counts(
    book: &crate::model::Book,
    fonts: &Fonts,
    cache_dir: Option<&Path>,
    use_cache: bool,
) -> Result<Vec<usize>, Vec<Diagnostic>> {
    // All but the last: no page number depends on the last one's length.
    let articles = crate::typeset::book::counted_articles(book);
    let dir = cache_dir.map(|d| d.join("pages"));
    let keys: Vec<String> = articles
        .iter()
        .map(|a| {
            let mut h = blake3::Hasher::new();
            h.update(env!("CARGO_PKG_VERSION").as_bytes());
            h.update(fonts.dir.to_string_lossy().as_bytes());
            h.update(format!("{a:?}").as_bytes());
            h.finalize().to_hex().to_string()
        })
        .collect();
    let cached: Vec<Option<usize>> = keys
        .iter()
        .map(|k| {
            let d = dir.as_ref().filter(|_| use_cache)?;
            std::fs::read_to_string(d.join(k)).ok()?.trim().parse().ok()
        })
        .collect();
    let missing: Vec<&Issue> = articles
        .iter()
        .zip(&cached)
        .filter(|(_, c)| c.is_none())
        .map(|(a, _)| *a)
        .collect();
    let mut fresh = crate::typeset::book::count_pages_of(&missing, fonts)?.into_iter();
    let mut counts = Vec::with_capacity(articles.len());
    for (k, c) in keys.iter().zip(cached) {
        let n = match c {
            Some(n) => n,
            None => {
                let n = fresh.next().unwrap_or(0);
                // A cache that cannot be written only costs a count next time.
                if let Some(d) = &dir
                    && std::fs::create_dir_all(d).is_ok()
                {
                    let _ = write_renamed(&d.join(k), n.to_string().as_bytes(), Flush::Cached);
                }
                n
            }
        };
        counts.push(n);
    }
    Ok(counts)
}

fn render_epub(
    issue: &Issue,
    fonts: &Fonts,
    cache_dir: Option<&Path>,
) -> Result<Rendered, Vec<Diagnostic>> {
    epub_rendered(cache_dir, |opts| crate::epub::epub_made(issue, fonts, opts))
}

/// An EPUB made by `make` with the image cache in `cache_dir`, timed, and
/// each photo as a step of its own after it.
fn epub_rendered(
    cache_dir: Option<&Path>,
    make: impl FnOnce(&crate::epub::EpubOptions) -> crate::diag::DiagResult<crate::epub::Made>,
) -> Result<Rendered, Vec<Diagnostic>> {
    let opts = crate::epub::EpubOptions {
        image_cache_dir: cache_dir.map(Path::to_path_buf),
        ..crate::epub::EpubOptions::from_env()
    };
    let t = Instant::now();
    let made = make(&opts)?;
    let mut steps = vec![(
        "epub (photos, fonts, package)".into(),
        t.elapsed().as_secs_f64(),
    )];
    steps.extend(made.photos.iter().map(steps::photo_step));
    Ok(Rendered {
        bytes: made.bytes,
        pages: None,
        warnings: made.warnings,
        steps,
    })
}

/// Typeset once and write the PDFs `formats` asks for (print, screen) a page
/// at a time: each page's frame goes to both writers and is dropped as soon
/// as it is written, so memory stays flat however long the issue (see
/// README, "Scale").
fn render_pdf(
    issue: &Issue,
    fonts: &Fonts,
    formats: Formats,
    cache_dir: Option<&Path>,
) -> (Outcome, Outcome) {
    if !formats.pdf && !formats.screen {
        return (None, None);
    }
    let (issue, fit) = match issue.layout.fit_pages {
        Some(limit) => crate::typeset::fit::fitted(issue, fonts, limit),
        None => (std::borrow::Cow::Borrowed(issue), Vec::new()),
    };
    pdfs_rendered(&issue.layout, fonts, formats, cache_dir, |page_done| {
        crate::typeset::typeset_each(&issue, fonts, page_done).map(|(t, mut w)| {
            w.extend(fit);
            (t, w)
        })
    })
    .unwrap_or_else(|e| both_failed(formats, e))
}

/// The print and screen PDFs (as `formats` asks) of the pages `typeset`
/// hands out one at a time, each page written to both at once. An error of
/// `typeset` fails both; a writer's error fails its own file.
fn pdfs_rendered(
    layout: &crate::model::LayoutSettings,
    fonts: &Fonts,
    formats: Formats,
    cache_dir: Option<&Path>,
    typeset: impl FnOnce(
        &mut dyn FnMut(crate::frame::Page),
    ) -> crate::diag::DiagResult<(crate::typeset::Typeset, Vec<Diagnostic>)>,
) -> Result<(Outcome, Outcome), Vec<Diagnostic>> {
    let t = Instant::now();
    let faces = |role| Some(crate::typeset::face_data(fonts, role));
    let print_opts = crate::pdf::PdfOptions {
        pdfx: output_intent(&layout.print),
        ..crate::pdf::PdfOptions::from_env()
    };
    let screen_opts = crate::pdf::PdfOptions {
        screen: true,
        ..crate::pdf::PdfOptions::from_env()
    };
    let epub_px = layout.epub_image_max_px;
    let mut print = formats.pdf.then(|| {
        let writer = crate::pdf::PdfWriter::new(&print_opts, faces);
        let writer = match layout.print.max_ppi {
            Some(max) => writer.with_photos(move |item| photos::for_print(item, max, cache_dir)),
            None => writer,
        };
        (writer, None)
    });
    let mut screen = formats.screen.then(|| {
        let writer = crate::pdf::PdfWriter::new(&screen_opts, faces)
            .with_photos(move |item| photos::for_screen(item, epub_px, cache_dir));
        (writer, None)
    });
    let (done, warnings) = typeset(&mut |page| {
        for (writer, failed) in [&mut print, &mut screen].into_iter().flatten() {
            if failed.is_none()
                && let Err(e) = writer.write_page(&page)
            {
                *failed = Some(e);
            }
        }
    })?;
    let pages = done.pages;
    let step = |what: &str| {
        (
            format!(
                "{what} (typeset and write {pages} page{})",
                if pages == 1 { "" } else { "s" }
            ),
            t.elapsed().as_secs_f64(),
        )
    };
    let finish = |(mut writer, failed): (crate::pdf::PdfWriter<'_>, Option<Vec<Diagnostic>>),
                  what: &str,
                  mut warnings: Vec<Diagnostic>| {
        if let Some(e) = failed {
            return Err(e);
        }
        warnings.extend(writer.take_warnings());
        let bytes = writer.finish(&done.meta)?;
        Ok(Rendered {
            bytes,
            pages: Some(pages),
            warnings,
            steps: vec![step(what)],
        })
    };
    // The typesetting's warnings are reported once, with the print PDF when
    // there is one.
    let (print_warnings, screen_warnings) = if print.is_some() {
        (warnings, Vec::new())
    } else {
        (Vec::new(), warnings)
    };
    let print = print.map(|w| finish(w, "pdf", print_warnings));
    let screen = screen.map(|w| finish(w, "screen pdf", screen_warnings));
    Ok((print, screen))
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

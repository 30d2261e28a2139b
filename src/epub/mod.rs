//! The EPUB 3 backend: model → EPUB bytes. It reads the model and the bundled
//! fonts only (never `typeset` or frames) and writes nothing but the optional
//! image cache; the caller writes the book.
//!
//! Steps, run as far as possible in parallel:
//! 1. photos: orient, scale and re-encode ([`images`]), or draw a cover ([`cover`]);
//! 2. text: write the XHTML ([`xhtml`]) while recording which face sets each
//!    character ([`xml::Usage`]), then subset each face to those ([`fonts`]);
//! 3. package: stylesheet ([`css`]), OPF and nav ([`package`]), and the
//!    deterministic container ([`zip`]).

mod cover;
mod css;
mod fonts;
mod images;
mod package;
mod xhtml;
mod xml;
mod zip;

use crate::diag::{DiagResult, Diagnostic};
use crate::fonts::{Fonts, Role};
use crate::model::{BlockKind, Book, BookKind, Issue};
use fonts::EmbeddedFont;
use images::EpubImage;
pub use images::{PhotoTime, Resampled, convert_photo, print_photo, screen_photo};
use package::{Item, PACKAGE_DIR};
use rayon::prelude::*;
use std::path::PathBuf;
use xml::Usage;
use zip::{Entry, Stamp};

/// Settings of one EPUB build.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EpubOptions {
    /// Folder for converted photos, keyed by a hash of their source bytes and
    /// the settings; `None` converts every photo on every build.
    pub image_cache_dir: Option<PathBuf>,
    /// Seconds since 1970-01-01 UTC to stamp the book with (`dcterms:modified`
    /// and ZIP entry times), as `SOURCE_DATE_EPOCH` gives them. `None`: the
    /// issue's date, else 1980-01-01.
    pub source_date_epoch: Option<i64>,
}

impl EpubOptions {
    /// Options with `source_date_epoch` taken from the `SOURCE_DATE_EPOCH`
    /// environment variable (reproducible-builds.org), if set and valid.
    pub fn from_env() -> EpubOptions {
        let source_date_epoch = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse().ok());
        EpubOptions {
            image_cache_dir: None,
            source_date_epoch,
        }
    }
}

/// A finished book: its bytes, the warnings met and how each photo was made.
#[derive(Debug, Clone)]
pub struct Made {
    /// The EPUB file's bytes.
    pub bytes: Vec<u8>,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
    /// Each photo stored, in the order of the book's assets, with its time.
    pub photos: Vec<PhotoTime>,
}

/// Build the EPUB of `issue`: the bytes of the book and the warnings met.
pub fn epub(
    issue: &Issue,
    fonts: &Fonts,
    opts: &EpubOptions,
) -> DiagResult<(Vec<u8>, Vec<Diagnostic>)> {
    epub_made(issue, fonts, opts).map(|m| (m.bytes, m.warnings))
}

/// [`epub`], with how each photo was made.
pub fn epub_made(issue: &Issue, fonts: &Fonts, opts: &EpubOptions) -> DiagResult<Made> {
    check_issue(issue)?;
    let spec = Spec {
        meta: &issue.meta,
        layout: &issue.layout,
        assets: &issue.assets,
        articles: vec![Part {
            issue,
            file: xhtml::TEXT_FILE.into(),
            depth: 0,
        }],
        groups: vec![],
        contents_in_spine: false,
        cover_titles: vec![],
        file_of: &issue.article,
    };
    build(&spec, fonts, opts)
}

/// Build the EPUB of a book (an issue of several articles, or a volume):
/// one content document per article, the nav listing articles (under their
/// issues in a volume) and their sections, every photo stored once.
pub fn epub_book(
    book: &Book,
    fonts: &Fonts,
    opts: &EpubOptions,
) -> DiagResult<(Vec<u8>, Vec<Diagnostic>)> {
    epub_book_made(book, fonts, opts).map(|m| (m.bytes, m.warnings))
}

/// [`epub_book`], with how each photo was made.
pub fn epub_book_made(book: &Book, fonts: &Fonts, opts: &EpubOptions) -> DiagResult<Made> {
    if let Some(issue) = book.single() {
        return epub_made(issue, fonts, opts);
    }
    for a in book.articles() {
        check_issue(a)?;
    }
    let volume = book.kind == BookKind::Volume;
    let mut articles = Vec::new();
    let mut groups = Vec::new();
    for issue in &book.issues {
        let first = articles.len();
        for a in &issue.articles {
            articles.push(Part {
                issue: a,
                file: format!("article-{:03}.xhtml", articles.len() + 1),
                depth: u8::from(volume),
            });
        }
        if volume {
            groups.push((first, issue.meta.issue_heading()));
        }
    }
    let spec = Spec {
        meta: &book.meta,
        layout: &book.layout,
        assets: &book.assets,
        cover_titles: articles
            .iter()
            .map(|p| p.issue.meta.title.clone())
            .collect(),
        articles,
        groups,
        contents_in_spine: book.has_contents(),
        file_of: book
            .files
            .first()
            .map_or(std::path::Path::new(""), |p| p.as_path()),
    };
    build(&spec, fonts, opts)
}

/// The file of issue `i`'s title page in a volume.
fn issue_file(i: usize) -> String {
    format!("issue-{:02}.xhtml", i + 1)
}

/// One article's content document in a book.
struct Part<'a> {
    issue: &'a Issue,
    /// Its file name in the package.
    file: String,
    /// Levels its entries sit below in the table of contents (1 in a volume).
    depth: u8,
}

/// Everything an EPUB is built from.
struct Spec<'a> {
    meta: &'a crate::model::Meta,
    layout: &'a crate::model::LayoutSettings,
    /// The photos every article's figures index.
    assets: &'a [crate::model::Asset],
    articles: Vec<Part<'a>>,
    /// In a volume: (index of an issue's first article, its heading).
    groups: Vec<(usize, String)>,
    /// Put the navigation document in the reading order after the cover (目录).
    contents_in_spine: bool,
    /// Titles a generated cover lists (none for one article: it shows the byline).
    cover_titles: Vec<String>,
    /// The file messages about the book as a whole point at.
    file_of: &'a std::path::Path,
}

impl Spec<'_> {
    fn lang(&self) -> &str {
        let l = self.meta.lang.trim();
        if l.is_empty() { "zh-CN" } else { l }
    }

    /// Write every article (and the nav) with `images`, recording face use in `usage`.
    fn write(
        &self,
        images: &[Option<EpubImage>],
        usage: &mut Usage,
    ) -> (Vec<String>, Vec<String>, Vec<xhtml::TocEntry>, String) {
        let single = self.articles.len() == 1 && self.groups.is_empty();
        let mut docs = Vec::with_capacity(self.articles.len());
        let mut issue_docs = Vec::with_capacity(self.groups.len());
        let mut toc = Vec::new();
        for (k, part) in self.articles.iter().enumerate() {
            let a = xhtml::article_as(part.issue, &part.file, images, usage);
            let mut entries = a.toc.into_iter();
            // The cover's entry comes first: kept once, at the top.
            if let Some(cover) = entries.next()
                && k == 0
            {
                toc.push(cover);
                if self.contents_in_spine && !single {
                    toc.push(xhtml::TocEntry {
                        href: xhtml::NAV_FILE.into(),
                        label: crate::model::CONTENTS_LABEL.into(),
                        level: 1,
                    });
                }
            }
            if let Some((_, heading)) = self.groups.iter().find(|(first, _)| *first == k) {
                toc.push(xhtml::TocEntry {
                    href: xhtml::start_of(&issue_file(issue_docs.len())),
                    label: heading.clone(),
                    level: 1,
                });
                let publication = &part.issue.meta.publication;
                issue_docs.push(xhtml::issue_page(self.lang(), publication, heading, usage));
            }
            toc.extend(entries.map(|mut e| {
                e.level += part.depth;
                e
            }));
            docs.push(a.xhtml);
        }
        let start = self
            .articles
            .first()
            .map_or_else(String::new, |p| xhtml::start_of(&p.file));
        let nav = xhtml::nav_as(self.lang(), &toc, &start, usage);
        (docs, issue_docs, toc, nav)
    }
}

/// Which assets the book shows: figures and the cover.
fn used_assets(spec: &Spec<'_>) -> Vec<bool> {
    let mut used = vec![false; spec.assets.len()];
    let mut figures = Vec::new();
    let mut visit = |b: &crate::model::Block| match &b.kind {
        BlockKind::Figure(f) => figures.push(f.asset),
        BlockKind::PhotoGroup(g) => figures.extend(g.photos.iter().map(|f| f.asset)),
        _ => {}
    };
    for part in &spec.articles {
        let issue = part.issue;
        crate::model::walk(&issue.before_title, &mut visit);
        crate::model::walk(&issue.blocks, &mut visit);
        for n in &issue.notes {
            crate::model::walk(&n.body, &mut visit);
        }
    }
    for i in figures.into_iter().chain(spec.meta.cover) {
        if let Some(u) = used.get_mut(i) {
            *u = true;
        }
    }
    used
}

fn build(spec: &Spec<'_>, fonts: &Fonts, opts: &EpubOptions) -> DiagResult<Made> {
    let used = used_assets(spec);
    let max_px = spec.layout.epub_image_max_px;
    let ((photos, cover), text) = rayon::join(
        || {
            rayon::join(
                || {
                    images::process_assets(
                        spec.assets,
                        &used,
                        max_px,
                        opts.image_cache_dir.as_deref(),
                    )
                },
                || {
                    spec.meta.cover.is_none().then(|| {
                        cover::generate_for(
                            spec.meta,
                            spec.layout.accent,
                            &spec.cover_titles,
                            fonts,
                        )
                    })
                },
            )
        },
        || embed_fonts(spec, fonts),
    );
    let ((mut photos, mut warnings, times), (embedded, font_warnings)) = match (photos, text) {
        (Ok(p), Ok(t)) => (p, t),
        (p, t) => return Err(p.err().into_iter().chain(t.err()).flatten().collect()),
    };
    warnings.extend(font_warnings);

    let cover_image = match (spec.meta.cover, cover) {
        (Some(i), _) => photos.get(i).cloned().flatten().ok_or_else(|| {
            vec![
                Diagnostic::error("the cover photo is missing from the issue's assets")
                    .in_file(spec.file_of),
            ]
        })?,
        (None, Some(generated)) => {
            let enc = generated
                .map_err(|e| vec![Diagnostic::error(format!("failed to draw the cover ({e})"))])?;
            // Beside the package document, apart from the photos in images/,
            // so no photo's name can clash with it.
            let img = EpubImage {
                id: "cover-image".into(),
                href: "cover.png".into(),
                media_type: enc.media_type,
                width: enc.width,
                height: enc.height,
                data: enc.data,
            };
            photos.push(Some(img.clone()));
            img
        }
        (None, None) => {
            return Err(vec![Diagnostic::error(
                "failed to draw the cover (no cover was made)",
            )]);
        }
    };

    let mut usage = Usage::default();
    let (docs, issue_docs, toc, nav) = spec.write(&photos, &mut usage);
    let cover_page = xhtml::cover_page(spec.lang(), &spec.meta.title, &cover_image, &mut usage);
    let ncx = package::ncx(&package::identifier(spec.meta), &spec.meta.title, &toc);
    let used = css::used_classes(
        docs.iter()
            .chain(&issue_docs)
            .map(String::as_str)
            .chain([nav.as_str(), cover_page.as_str()]),
    );
    let css = css::prune_unused(&css::stylesheet(&embedded, spec.layout.accent), &used);

    let stamp = match opts.source_date_epoch {
        Some(secs) => Stamp::from_unix(secs),
        None => spec
            .meta
            .date
            .as_deref()
            .and_then(Stamp::from_date)
            .unwrap_or(Stamp::ZIP_EPOCH),
    };
    let single = spec.articles.len() == 1;
    let doc_id = |k: usize| {
        if single {
            "text".to_string()
        } else {
            format!("article-{:03}", k + 1)
        }
    };
    let mut items = vec![
        Item {
            id: "nav".into(),
            href: xhtml::NAV_FILE.into(),
            media_type: XHTML.into(),
            properties: Some("nav"),
        },
        Item {
            id: "cover".into(),
            href: xhtml::COVER_FILE.into(),
            media_type: XHTML.into(),
            properties: None,
        },
    ];
    for i in 0..issue_docs.len() {
        items.push(Item {
            id: format!("issue-{:02}", i + 1),
            href: issue_file(i),
            media_type: XHTML.into(),
            properties: None,
        });
    }
    for (k, part) in spec.articles.iter().enumerate() {
        items.push(Item {
            id: doc_id(k),
            href: part.file.clone(),
            media_type: XHTML.into(),
            properties: None,
        });
    }
    items.extend([
        Item {
            id: "ncx".into(),
            href: NCX_FILE.into(),
            media_type: "application/x-dtbncx+xml".into(),
            properties: None,
        },
        Item {
            id: "css".into(),
            href: xhtml::CSS_FILE.into(),
            media_type: "text/css".into(),
            properties: None,
        },
    ]);
    for f in &embedded {
        items.push(Item {
            id: f.id.clone(),
            href: f.href.clone(),
            media_type: f.media_type.into(),
            properties: None,
        });
    }
    for img in photos.iter().flatten() {
        let properties = (img.href == cover_image.href).then_some("cover-image");
        items.push(Item {
            id: img.id.clone(),
            href: img.href.clone(),
            media_type: img.media_type.into(),
            properties,
        });
    }
    let mut spine = vec!["cover".to_string()];
    if spec.contents_in_spine {
        spine.push("nav".into());
    }
    for k in 0..spec.articles.len() {
        if let Some(i) = spec.groups.iter().position(|(first, _)| *first == k) {
            spine.push(format!("issue-{:02}", i + 1));
        }
        spine.push(doc_id(k));
    }
    let opf = package::package_document(&package::Package {
        meta: spec.meta,
        lang: spec.lang(),
        modified: stamp.to_w3c(),
        items,
        spine,
        cover_image_id: Some(cover_image.id.clone()),
    });

    let mut entries = vec![
        Entry::deflated(
            "META-INF/container.xml",
            package::container_xml().into_bytes(),
        ),
        Entry::deflated(package::OPF_PATH, opf.into_bytes()),
        Entry::deflated(in_package(xhtml::NAV_FILE), nav.into_bytes()),
        Entry::deflated(in_package(NCX_FILE), ncx.into_bytes()),
        Entry::deflated(in_package(xhtml::COVER_FILE), cover_page.into_bytes()),
    ];
    for (i, doc) in issue_docs.into_iter().enumerate() {
        entries.push(Entry::deflated(
            in_package(&issue_file(i)),
            doc.into_bytes(),
        ));
    }
    for (part, doc) in spec.articles.iter().zip(docs) {
        entries.push(Entry::deflated(in_package(&part.file), doc.into_bytes()));
    }
    entries.push(Entry::deflated(
        in_package(xhtml::CSS_FILE),
        css.into_bytes(),
    ));
    for f in embedded {
        entries.push(Entry::deflated(in_package(&f.href), f.data));
    }
    for img in photos.into_iter().flatten() {
        entries.push(Entry::stored(in_package(&img.href), img.data));
    }
    let bytes = zip::pack(&entries, stamp).map_err(|e| vec![e])?;
    Ok(Made {
        bytes,
        warnings,
        photos: times,
    })
}

/// The legacy EPUB 2 table of contents.
const NCX_FILE: &str = "toc.ncx";
/// Media type of XHTML content documents.
const XHTML: &str = "application/xhtml+xml";

fn in_package(href: &str) -> String {
    format!("{PACKAGE_DIR}{href}")
}

/// What a valid EPUB cannot do without.
fn check_issue(issue: &Issue) -> DiagResult<()> {
    if issue.meta.title.trim().is_empty() {
        return Err(vec![
            Diagnostic::error("the issue has no title (an EPUB needs one)")
                .in_file(&issue.article)
                .hint("start the article with a `# Title` line"),
        ]);
    }
    Ok(())
}

/// Write the text once to learn which characters each face sets, then subset
/// the faces (in parallel). Text does not depend on the photos, so this runs
/// while they are converted.
fn embed_fonts(spec: &Spec<'_>, fonts: &Fonts) -> DiagResult<(Vec<EmbeddedFont>, Vec<Diagnostic>)> {
    let mut usage = Usage::default();
    spec.write(&[], &mut usage);
    // Characters no bundled face has are warned about once per issue, for
    // both outputs, by `crate::coverage` (called from `job`), not here.
    let (per_face, _uncovered) = fonts::assign_chars(fonts, &usage, spec.file_of);
    let warnings = Vec::new();
    let results: Vec<Result<EmbeddedFont, Diagnostic>> = Role::ALL
        .par_iter()
        .filter_map(|role| {
            per_face
                .get(role)
                .map(|chars| fonts::subset_face(fonts.face(*role), chars))
        })
        .collect();
    let mut embedded = Vec::new();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(f) => embedded.push(f),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok((embedded, warnings))
    } else {
        Err(errors)
    }
}

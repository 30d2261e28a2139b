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
mod elements;
mod fonts;
mod images;
mod package;
mod xhtml;
mod xml;
mod zip;

use crate::diag::{DiagResult, Diagnostic};
use crate::fonts::{Fonts, Role};
use crate::model::{BlockKind, Issue};
use fonts::EmbeddedFont;
use images::EpubImage;
pub use images::convert_photo;
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

/// Build the EPUB of `issue`: the bytes of the book and the warnings met.
pub fn epub(
    issue: &Issue,
    fonts: &Fonts,
    opts: &EpubOptions,
) -> DiagResult<(Vec<u8>, Vec<Diagnostic>)> {
    check_issue(issue)?;
    let used = used_assets(issue);
    let max_px = issue.layout.epub_image_max_px;
    let ((photos, cover), text) = rayon::join(
        || {
            rayon::join(
                || images::process_assets(issue, &used, max_px, opts.image_cache_dir.as_deref()),
                || {
                    issue
                        .meta
                        .cover
                        .is_none()
                        .then(|| cover::generate(issue, fonts))
                },
            )
        },
        || embed_fonts(issue, fonts),
    );
    let ((mut photos, mut warnings), (embedded, font_warnings)) = match (photos, text) {
        (Ok(p), Ok(t)) => (p, t),
        (p, t) => return Err(p.err().into_iter().chain(t.err()).flatten().collect()),
    };
    warnings.extend(font_warnings);

    let cover_image = match (issue.meta.cover, cover) {
        (Some(i), _) => photos.get(i).cloned().flatten().ok_or_else(|| {
            vec![
                Diagnostic::error("the cover photo is missing from the issue's assets")
                    .in_file(&issue.article),
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
    let article = xhtml::article(issue, &photos, &mut usage);
    let nav = xhtml::nav(issue, &article.toc, &mut usage);
    let cover_page = xhtml::cover(issue, &cover_image, &mut usage);
    let ncx = package::ncx(
        &package::identifier(&issue.meta),
        &issue.meta.title,
        &article.toc,
    );
    let used = css::used_classes([article.xhtml.as_str(), &nav, &cover_page]);
    let css = css::prune_unused(&css::stylesheet(&embedded, issue.layout.accent), &used);

    let stamp = match opts.source_date_epoch {
        Some(secs) => Stamp::from_unix(secs),
        None => issue
            .meta
            .date
            .as_deref()
            .and_then(Stamp::from_date)
            .unwrap_or(Stamp::ZIP_EPOCH),
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
        Item {
            id: "text".into(),
            href: xhtml::TEXT_FILE.into(),
            media_type: XHTML.into(),
            properties: None,
        },
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
    ];
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
    let opf = package::package_document(&package::Package {
        meta: &issue.meta,
        lang: xhtml::lang(issue),
        modified: stamp.to_w3c(),
        items,
        spine: vec!["cover".into(), "text".into()],
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
        Entry::deflated(in_package(xhtml::TEXT_FILE), article.xhtml.into_bytes()),
        Entry::deflated(in_package(xhtml::CSS_FILE), css.into_bytes()),
    ];
    for f in embedded {
        entries.push(Entry::deflated(in_package(&f.href), f.data));
    }
    for img in photos.into_iter().flatten() {
        entries.push(Entry::stored(in_package(&img.href), img.data));
    }
    let bytes = zip::pack(&entries, stamp).map_err(|e| vec![e])?;
    Ok((bytes, warnings))
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

/// Which assets the book shows: figures and the cover.
fn used_assets(issue: &Issue) -> Vec<bool> {
    let mut used = vec![false; issue.assets.len()];
    let mut figures = Vec::new();
    let mut visit = |b: &crate::model::Block| match &b.kind {
        BlockKind::Figure(f) => figures.push(f.asset),
        BlockKind::PhotoGroup(g) => figures.extend(g.photos.iter().map(|f| f.asset)),
        _ => {}
    };
    crate::model::walk(&issue.before_title, &mut visit);
    crate::model::walk(&issue.blocks, &mut visit);
    for n in &issue.notes {
        crate::model::walk(&n.body, &mut visit);
    }
    for i in figures.into_iter().chain(issue.meta.cover) {
        if let Some(u) = used.get_mut(i) {
            *u = true;
        }
    }
    used
}

/// Write the text once to learn which characters each face sets, then subset
/// the faces (in parallel). Text does not depend on the photos, so this runs
/// while they are converted.
fn embed_fonts(issue: &Issue, fonts: &Fonts) -> DiagResult<(Vec<EmbeddedFont>, Vec<Diagnostic>)> {
    let mut usage = Usage::default();
    let article = xhtml::article(issue, &[], &mut usage);
    xhtml::nav(issue, &article.toc, &mut usage);
    // Characters no bundled face has are warned about once per issue, for
    // both outputs, by `crate::coverage` (called from `job`), not here.
    let (per_face, _uncovered) = fonts::assign_chars(fonts, &usage, &issue.article);
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

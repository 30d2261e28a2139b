//! Frames → PDF bytes through krilla. A thin tree walk: every layout decision
//! was made in `typeset`; this module only writes what the frames say.
//!
//! What the file has: TrimBox and BleedBox on every page (MediaBox ⊇ BleedBox
//! ⊇ TrimBox), fonts embedded as subsets with ToUnicode built from each
//! glyph's source text, JPEG photos embedded byte for byte (EXIF orientation
//! applied by a transform), a nested outline, title/authors/`/Lang`/creation
//! date, and (by default) a tag tree with the title, headings, paragraphs,
//! the pull quote, figures with alt text and captions; page furniture is
//! marked as artifacts.
//!
//! By default the file is PDF/X-4 by structural checks: krilla writes PDF
//! 1.6 with RGB photos and colours ICC-based (sRGB or the photo's own
//! profile) and process colours as device CMYK; [`pdfx`] then adds the
//! output intent and the identification (krilla 0.8 has no PDF/X export).

mod convert;
mod meta;
mod pdfx;

pub use pdfx::OutputIntent;

use crate::diag::{DiagResult, Diagnostic};
use crate::fonts::Role;
use crate::frame::{DocMeta, FaceData, Page, PagedDoc};

/// Options of the PDF writer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfOptions {
    /// Write a tag tree (logical structure) into the file.
    pub tagged: bool,
    /// Creation date as seconds since the Unix epoch (from `SOURCE_DATE_EPOCH`);
    /// `None` uses the issue date. The wall clock is never read.
    pub creation_epoch: Option<i64>,
    /// PDF/X-4 with this output intent (the default: the bundled FOGRA39
    /// profile); `None` writes a plain PDF 1.7 with the accent in device RGB.
    /// Ignored by the screen edition.
    pub pdfx: Option<OutputIntent>,
    /// The screen edition (数字报): pages cut at the trim with no printer's
    /// marks, everything in sRGB, links active, no PDF/X claim; photos as
    /// [`PdfWriter::with_screen_photos`] gives them.
    pub screen: bool,
}

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions {
            tagged: true,
            creation_epoch: None,
            pdfx: Some(OutputIntent::bundled()),
            screen: false,
        }
    }
}

impl OutputIntent {
    /// The bundled FOGRA39 profile under its registered condition name.
    pub fn bundled() -> Self {
        OutputIntent {
            profile: std::sync::Arc::new(crate::icc::BUNDLED.to_vec()),
            condition: crate::icc::BUNDLED_CONDITION.into(),
            registry: Some("http://www.color.org".into()),
            info: crate::icc::BUNDLED_INFO.into(),
        }
    }
}

impl PdfOptions {
    /// Default options with the creation date taken from `SOURCE_DATE_EPOCH`
    /// when it is set to a number.
    pub fn from_env() -> Self {
        let creation_epoch = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|v| v.trim().parse().ok());
        PdfOptions {
            creation_epoch,
            ..PdfOptions::default()
        }
    }
}

/// Write `doc` as PDF. The caller writes the bytes to a file.
pub fn pdf(doc: &PagedDoc, opts: &PdfOptions) -> DiagResult<Vec<u8>> {
    let faces = |role| doc.faces.iter().find(|f| f.role == role).cloned();
    let mut writer = PdfWriter::new(opts, faces);
    for page in &doc.pages {
        writer.write_page(page)?;
    }
    writer.finish(&doc.meta)
}

/// A PDF written a page at a time: each page's content is encoded (and
/// compressed) when it is written, so the frames can go at once. Fonts are
/// loaded when a page first uses them.
pub struct PdfWriter<'f> {
    document: krilla::Document,
    ctx: convert::Context<'f>,
    opts: PdfOptions,
}

impl<'f> PdfWriter<'f> {
    /// A writer whose text runs' faces come from `faces`.
    pub fn new(opts: &PdfOptions, faces: impl Fn(Role) -> Option<FaceData> + 'f) -> Self {
        let mut opts = opts.clone();
        if opts.screen {
            opts.pdfx = None;
        }
        let x4 = opts.pdfx.is_some();
        let mut settings = krilla::SerializeSettings {
            enable_tagging: opts.tagged,
            // RGB becomes ICC-based sRGB; with no CMYK profile, CMYK stays
            // device CMYK (K-only text stays K-only). The screen edition has
            // RGB only, all of it sRGB.
            no_device_cs: x4 || opts.screen,
            cmyk_profile: None,
            ..krilla::SerializeSettings::default()
        };
        if x4
            && let Ok(c) = krilla::configure::ConfigurationBuilder::new()
                .with_version(krilla::configure::PdfVersion::Pdf16)
                .finish()
        {
            // Without validators this cannot fail; if it did, `identify` would
            // refuse the 1.7 header with an error.
            settings.configuration = c;
        }
        let mut ctx = convert::Context::new(Box::new(faces));
        ctx.palette = if opts.screen {
            convert::Palette::Screen
        } else if x4 {
            convert::Palette::Inks
        } else {
            convert::Palette::RgbAccent
        };
        ctx.screen = opts.screen;
        PdfWriter {
            document: krilla::Document::new_with(settings),
            ctx,
            opts,
        }
    }

    /// Show each photo as `photos` gives it (resampled for the screen, or for
    /// print over `max_ppi`), with a warning it may give; without it every
    /// photo goes in byte for byte.
    pub fn with_photos(
        mut self,
        photos: impl Fn(
            &crate::frame::ImageItem,
        ) -> DiagResult<(crate::frame::ImageItem, Option<Diagnostic>)>
        + 'f,
    ) -> Self {
        self.ctx.photos = Some(Box::new(photos));
        self
    }

    /// The warnings met so far (a photo over `max_ppi` kept as it is), each once.
    pub fn take_warnings(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.ctx.warnings)
    }

    /// Write the next page.
    pub fn write_page(&mut self, page: &Page) -> DiagResult<()> {
        convert::write_page(&mut self.document, &mut self.ctx, page)
    }

    /// Add the tag tree, outline and metadata, and return the file's bytes
    /// (with the PDF/X-4 output intent and identification when the options ask for it).
    pub fn finish(self, meta: &DocMeta) -> DiagResult<Vec<u8>> {
        let opts = self.opts.clone();
        let (bytes, pages) = self.finish_krilla(meta)?;
        match &opts.pdfx {
            Some(intent) => identify(bytes, intent, meta, &opts, pages),
            None => Ok(bytes),
        }
    }

    /// The file as krilla writes it, before the PDF/X step, and its page
    /// count (for measuring that step: `benches/pdfx.rs`).
    pub fn finish_krilla(mut self, meta: &DocMeta) -> DiagResult<(Vec<u8>, u32)> {
        if self.opts.tagged {
            self.document.set_tag_tree(self.ctx.tag_tree(&meta.lang));
        }
        self.document.set_outline(meta::outline(meta, self.ctx.dy));
        self.document.set_metadata(meta::metadata(meta, &self.opts));
        let pages = self.ctx.pages();
        let mut bytes = self
            .document
            .finish()
            .map_err(|e| vec![Diagnostic::error(format!("failed to write PDF ({e:?})"))])?;
        blank_suspects(&mut bytes);
        Ok((bytes, pages))
    }
}

/// What krilla writes as the catalog's mark information.
const MARK_INFO: &[u8] = b"/MarkInfo<</Marked true/Suspects false>>";

/// Blank `/Suspects false` out of the catalog's `/MarkInfo` (same length, so
/// every offset stays): `false` is the default, and poppler (22.x, the
/// Debian one) reports the explicit value as `Syntax Error: Suspects object
/// is wrong type (boolean)` on every run of pdftotext, pdfinfo or pdffonts.
fn blank_suspects(pdf: &mut [u8]) {
    // The catalog is among the last objects krilla writes.
    let from = pdf.len().saturating_sub(64 * 1024);
    if let Some(i) = pdf[from..]
        .windows(MARK_INFO.len())
        .rposition(|w| w == MARK_INFO)
    {
        let at = from + i + b"/MarkInfo<</Marked true".len();
        pdf[at..at + b"/Suspects false".len()].fill(b' ');
    }
}

/// Add the output intent and the PDF/X-4 identification to the PDF 1.6 file
/// krilla wrote with these options (see `pdfx`).
pub fn identify(
    bytes: Vec<u8>,
    intent: &OutputIntent,
    meta: &DocMeta,
    opts: &PdfOptions,
    pages: u32,
) -> DiagResult<Vec<u8>> {
    let creator = meta::creator();
    let id = pdfx::Identity {
        title: &meta.title,
        authors: &meta.authors,
        description: meta.description.as_deref(),
        lang: &meta.lang,
        creator: &creator,
        date: meta::date_parts(meta, opts),
        pages,
    };
    pdfx::identify(bytes, intent, &id).map_err(|e| {
        vec![Diagnostic::error(format!(
            "failed to add the PDF/X-4 output intent ({e})"
        ))]
    })
}

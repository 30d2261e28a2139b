//! The document model: one issue of a publication, parsed once from its
//! sources. Data only: no I/O, no layout. Both backends (`typeset` → `pdf`, and
//! `epub`) read this.

mod block;
mod book;
mod inline;
pub mod source_map;
mod walk;

pub use block::{
    Align, Aside, AsideKind, Block, BlockKind, Break, Code, Figure, Heading, List, ListItem, Note,
    Para, ParaRole, PhotoGroup, PullQuote, Quote, Section, Table, Turn, Verse, VerseLine,
};
pub use book::{
    ArticleStart, Book, BookIssue, BookKind, CONTENTS_LABEL, display_date, hand_out_assets,
    merge_credits, share_assets,
};
pub use inline::{Inline, plain_text};
pub use walk::{Text, walk, walk_mut};

use std::ops::Range;
use std::path::PathBuf;

/// One issue: metadata, the article's blocks in reading order, and its photos.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    /// Folder name under `source/`, used for output names (`output/<slug>/<slug>.epub`).
    pub slug: String,
    /// The issue folder.
    pub dir: PathBuf,
    /// The article file the blocks come from (spans point into it).
    pub article: PathBuf,
    /// Title block and bibliographic data.
    pub meta: Meta,
    /// Page geometry, fonts and colours for print and screen.
    pub layout: LayoutSettings,
    /// The lead (导语/standfirst), if any.
    pub lead: Option<Vec<Inline>>,
    /// Photos set above the title (题图), in order.
    pub before_title: Vec<Block>,
    /// Body in reading order: intro paragraphs, pull quotes, figures, sections.
    pub blocks: Vec<Block>,
    /// The article's notes, numbered in order of first reference
    /// ([`Inline::NoteRef`] indexes this).
    pub notes: Vec<Note>,
    /// Photos referenced by figures (and the cover), in first-use order.
    pub assets: Vec<Asset>,
}

/// Bibliographic metadata of an issue.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Meta {
    /// The article's title (the `#` heading).
    pub title: String,
    /// The subtitle line, as printed (e.g. `——2023年以来全市基层党建工作综述`).
    pub subtitle: Option<String>,
    /// The kicker (引题) printed above the title, from the settings.
    pub kicker: Option<String>,
    /// The column name (栏目, e.g. 走基层), from the settings.
    pub column: Option<String>,
    /// Contributors with their roles, in byline order.
    pub byline: Vec<Credit>,
    /// Publication date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Publication (series) name, e.g. `十堰日报`.
    pub publication: String,
    /// Publisher, when it differs from the publication.
    pub publisher: Option<String>,
    /// Number of this issue in its publication.
    pub issue_number: Option<u32>,
    /// BCP 47 language tag; `zh-CN` by default.
    pub lang: String,
    /// Stable identifier derived from publication and issue (a `urn:uuid:`).
    pub identifier: String,
    /// Index into [`Issue::assets`] of the cover photo, if the settings name one.
    pub cover: Option<usize>,
    /// One-line description for catalogues.
    pub description: Option<String>,
}

/// A `urn:uuid:` derived from `key` alone (never random): the first 16 bytes
/// of its BLAKE3 hash shaped as an RFC 9562 version-8 (custom) UUID.
pub fn urn_uuid(key: &[u8]) -> String {
    let mut b = [0u8; 16];
    b.copy_from_slice(&blake3::hash(key).as_bytes()[..16]);
    b[6] = (b[6] & 0x0f) | 0x80; // version 8
    b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// One role in the byline with its people: 记者 毛以国、吴守全.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credit {
    /// Role as printed: 记者, 通讯员, 摄影 …
    pub role: String,
    /// Names in order.
    pub names: Vec<String>,
}

impl Meta {
    /// The byline as one line of text, the way the newspaper prints it:
    /// `记者毛以国 吴守全 通讯员乔婷`.
    pub fn byline_text(&self) -> String {
        self.byline
            .iter()
            .map(|c| format!("{}{}", c.role, c.names.join(" ")))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A photo file of the issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Path as written in the source (relative to the issue folder).
    pub href: String,
    /// The article file that names it ([`Asset::span`] points into it).
    pub file: PathBuf,
    /// Resolved absolute path (checked to lie inside the issue folder).
    pub path: PathBuf,
    /// Where it was referenced, for messages.
    pub span: Range<usize>,
    /// What the load-time probe read from the header; `None` when the photo
    /// was not probed (a model built by hand) or failed the probe.
    pub header: Option<PhotoHeader>,
    /// True when the photo is missing or unreadable and `build --placeholders`
    /// asked for a proof: both outputs set a grey placeholder box (named by
    /// [`Asset::href`]) at its place instead of the photo. A normal load
    /// fails on such a photo, so a normal build never sees this set.
    pub placeholder: bool,
}

/// An accepted photo format, decided by the file's magic bytes (not its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoFormat {
    /// JPEG (baseline or progressive; gray, RGB or CMYK).
    Jpeg,
    /// PNG.
    Png,
    /// WebP.
    Webp,
}

/// What a photo's header says, read without decoding it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhotoHeader {
    /// Encoded format.
    pub format: PhotoFormat,
    /// Pixel size as stored (before EXIF orientation).
    pub pixels: (u32, u32),
    /// EXIF orientation 1–8 (1 = upright; always 1 for PNG and WebP).
    pub orientation: u8,
}

/// Settings that shape the printed page and the styles. All lengths in mm or pt as named.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutSettings {
    /// Trim width in mm (default 185, 16开).
    pub trim_width_mm: f32,
    /// Trim height in mm (default 260).
    pub trim_height_mm: f32,
    /// Bleed on every side in mm (default 3).
    pub bleed_mm: f32,
    /// Margins top, bottom, inner, outer in mm.
    pub margins_mm: [f32; 4],
    /// Text columns (1 or 2).
    pub columns: u8,
    /// Body type size in pt.
    pub body_size_pt: f32,
    /// Line pitch as a multiple of the body size, as `[layout] leading` sets
    /// it; `None`: the default for the column count ([`Self::leading`]).
    pub leading: Option<f32>,
    /// Accent colour (pull quote, rules) as RGB.
    pub accent: [u8; 3],
    /// Longest edge of photos in the EPUB, in px.
    pub epub_image_max_px: u32,
    /// Where the print PDF sets the article's notes (`[layout] notes`).
    pub notes: NotePlacement,
    /// How interview turns are set (`[layout] qa`).
    pub qa: QaStyle,
    /// Where poems stand (`[layout] verse`).
    pub verse: VersePlacement,
    /// The print PDF's standard, output profile and ink settings (`[print]`).
    pub print: PrintSettings,
    /// Where each article of a multi-article issue starts in print.
    pub article_start: ArticleStart,
    /// At most this many print pages for the article (`[layout] fit_pages`):
    /// the type is tightened a step at a time until it fits ([`crate::typeset::fit`]).
    pub fit_pages: Option<usize>,
    /// Whether a multi-article issue opens with a contents page (目录);
    /// `None`: when it holds three articles or more.
    pub contents: Option<bool>,
}

/// Body line pitch in one column, as a multiple of the type size: an open
/// book setting (a line gap of ¾ em) for a measure of 30 em and more.
pub const LEADING_ONE_COLUMN: f32 = 1.75;
/// Body line pitch in two columns: a newspaper column of about 18 em reads
/// best on a tighter pitch (a line gap under ½ em, as Chinese newspapers
/// set their columns). It also keeps a column's lines one block for text
/// extraction: poppler (pdftotext, and the readers built on it) joins lines
/// into a block only when their baselines are at most 1.5 em apart, and
/// reads one-line blocks of two columns across, row by row.
pub const LEADING_TWO_COLUMNS: f32 = 1.45;

impl LayoutSettings {
    /// The body line pitch as a multiple of the type size: the one set, or
    /// the default for the column count.
    pub fn leading(&self) -> f32 {
        self.leading.unwrap_or(if self.columns > 1 {
            LEADING_TWO_COLUMNS
        } else {
            LEADING_ONE_COLUMN
        })
    }
}

impl Default for LayoutSettings {
    fn default() -> Self {
        LayoutSettings {
            trim_width_mm: 185.0,
            trim_height_mm: 260.0,
            bleed_mm: 3.0,
            margins_mm: [20.0, 22.0, 20.0, 18.0],
            columns: 1,
            body_size_pt: 10.5,
            leading: None,
            accent: [0xC8, 0x10, 0x2E],
            epub_image_max_px: 1600,
            notes: NotePlacement::Page,
            qa: QaStyle::Paragraph,
            verse: VersePlacement::Indent,
            print: PrintSettings::default(),
            article_start: ArticleStart::Page,
            contents: None,
            fit_pages: None,
        }
    }
}

/// Where the print PDF sets notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NotePlacement {
    /// At the foot of the page (column) of each reference, numbered anew on
    /// each page (脚注, the book convention).
    #[default]
    Page,
    /// All together at the article's end (尾注, as newspapers often do).
    End,
}

/// How the turns of an interview are set, in both outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QaStyle {
    /// An ordinary paragraph with its 2 em indent, the speaker label in Hei
    /// at its start (the newspaper style).
    #[default]
    Paragraph,
    /// Hanging (凸排, clreq §3.4.1): the label in Hei stands in the indent,
    /// every line of the answer aligned after it.
    Hanging,
}

/// Where a poem stands, in both outputs; its lines are never justified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VersePlacement {
    /// The whole poem indented 2 em as a block.
    #[default]
    Indent,
    /// The block centred on its longest line, the lines flush with each other.
    Centre,
}

/// Which standard the print PDF claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PdfStandard {
    /// PDF/X-4 (ISO 15930-7) by structural checks: a CMYK output intent, no device RGB.
    X4,
    /// No standard: PDF 1.7 with device RGB accent, no output intent.
    None,
}

/// A shop's own CMYK output profile, read and checked when the settings were.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputProfile {
    /// The file, as resolved from the settings.
    pub path: PathBuf,
    /// Its bytes (embedded in the PDF as they are).
    pub bytes: std::sync::Arc<Vec<u8>>,
    /// Its description tag, if it has one.
    pub description: Option<String>,
}

/// Settings of the print PDF (`[print]`): standard, output intent, inks.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintSettings {
    /// The standard claimed (default PDF/X-4).
    pub standard: PdfStandard,
    /// The shop's output profile; `None` uses the bundled FOGRA39 one.
    pub profile: Option<OutputProfile>,
    /// Output condition identifier (e.g. `FOGRA39`, `FOGRA51`); `None` means
    /// the bundled profile's `FOGRA39`, or `Custom` with a shop profile.
    pub condition: Option<String>,
    /// The accent colour's inks, C M Y K as fractions 0–1: given by
    /// `accent_cmyk` or converted from the RGB accent through the output
    /// profile when the settings are read.
    pub accent_cmyk: [f32; 4],
    /// Whether `accent_cmyk` was given in the settings (not converted).
    pub accent_cmyk_given: bool,
    /// Total ink limit in percent (sum of C+M+Y+K) for the preflight.
    pub max_ink: f32,
    /// Photos that would print above this resolution (ppi) are resampled to
    /// 300 ppi at their printed size; `None` (the default) embeds every photo
    /// byte for byte.
    pub max_ppi: Option<f32>,
}

impl Default for PrintSettings {
    fn default() -> Self {
        PrintSettings {
            standard: PdfStandard::X4,
            profile: None,
            condition: None,
            // The default accent #c8102e through the bundled profile
            // (checked against the conversion by a test in `icc`).
            accent_cmyk: [0.0, 0.998, 0.796, 0.149],
            accent_cmyk_given: false,
            max_ink: 300.0,
            max_ppi: None,
        }
    }
}

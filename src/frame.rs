//! The backend-free result of typesetting: pages of positioned items.
//!
//! `typeset` produces a [`PagedDoc`]; `pdf` walks it. This module imports
//! neither of them (nor krilla), so another backend (a debug PNG, a text dump)
//! can read the same frames.
//!
//! Coordinates are pt with y pointing down; an item's position is relative to
//! the frame that holds it. A page's frame covers the whole media box.

use crate::fonts::Role;
pub use crate::geom::{Point, Rect, Size};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

/// A typeset document: its pages and what the PDF's catalogue needs to know.
#[derive(Debug, Clone)]
pub struct PagedDoc {
    /// The pages, in order.
    pub pages: Vec<Page>,
    /// Title, authors, language, date, outline.
    pub meta: DocMeta,
    /// The font faces the text runs name, each once.
    pub faces: Vec<FaceData>,
}

/// The bytes of one face, so a backend can embed it without the font loader.
#[derive(Debug, Clone)]
pub struct FaceData {
    /// The role text runs use to name it.
    pub role: Role,
    /// The whole font file.
    pub data: Arc<crate::fonts::FontBytes>,
    /// Face index in a collection.
    pub index: u32,
}

/// Document-level metadata.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocMeta {
    /// Document title.
    pub title: String,
    /// Authors (people named in the byline), in order.
    pub authors: Vec<String>,
    /// BCP 47 language tag (`zh-CN`).
    pub lang: String,
    /// Publication date `YYYY-MM-DD`, if known.
    pub date: Option<String>,
    /// One-line description.
    pub description: Option<String>,
    /// Outline (bookmark) entries in reading order.
    pub outline: Vec<OutlineEntry>,
}

/// One bookmark.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    /// Text shown in the viewer's outline.
    pub title: String,
    /// Nesting level: 0 for the title, 1 for sections, 2 for their sub-headings.
    pub level: u8,
    /// Index of the page it points to.
    pub page: usize,
    /// Vertical position on that page, in pt from the media box top.
    pub y: f32,
}

/// One printed page.
#[derive(Debug, Clone)]
pub struct Page {
    /// Everything on the page; its size is the media box.
    pub frame: Frame,
    /// The trimmed page, in frame coordinates.
    pub trim: Rect,
    /// The bleed area (trim plus bleed on every side), in frame coordinates.
    pub bleed: Rect,
    /// The type area (where body content lives), in frame coordinates.
    pub body: Rect,
}

/// A sized canvas of positioned items.
#[derive(Debug, Clone, Default)]
pub struct Frame {
    /// Its size.
    pub size: Size,
    /// Items with their positions relative to the frame's top-left corner.
    pub items: Vec<(Point, FrameItem)>,
}

impl Frame {
    /// An empty frame of `size`.
    pub fn new(size: Size) -> Self {
        Frame {
            size,
            items: Vec::new(),
        }
    }
    /// Add an item at `pos`.
    pub fn push(&mut self, pos: Point, item: FrameItem) {
        self.items.push((pos, item));
    }
    /// Add a sub-frame at `pos`, with a semantic tag if it has one.
    pub fn push_frame(&mut self, pos: Point, frame: Frame, tag: Option<Tag>) {
        self.items
            .push((pos, FrameItem::Group(Group { frame, tag })));
    }
}

/// Something placed in a frame.
#[derive(Debug, Clone)]
pub enum FrameItem {
    /// A nested frame.
    Group(Group),
    /// Glyphs on one baseline (the position is the pen start on the baseline).
    Text(TextRun),
    /// A photo (the position is its top-left corner).
    Image(ImageItem),
    /// A filled or stroked rectangle or line.
    Shape(Shape),
    /// An area that links somewhere (the position is its top-left corner).
    /// Only the screen edition makes it active; print files carry no links.
    Link(LinkArea),
}

impl FrameItem {
    /// A horizontal rule `width` long and `weight` heavy, starting at its
    /// position (the position is on the rule's centre line).
    pub fn hrule(width: f32, weight: f32, color: Color) -> FrameItem {
        FrameItem::Shape(Shape {
            geometry: Geometry::Line(width, 0.0),
            fill: None,
            stroke: Some((color, weight)),
        })
    }
}

/// An active area over linked text or a contents entry.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkArea {
    /// Its size.
    pub size: Size,
    /// Where it leads.
    pub target: LinkTarget,
}

/// Where a link leads.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkTarget {
    /// A web or mail address (`http`, `https`, `mailto`).
    Url(Arc<str>),
    /// A page of this document (its index), at the top.
    Page(usize),
}

/// A nested frame, optionally marking a piece of the document's logical structure.
#[derive(Debug, Clone)]
pub struct Group {
    /// The content.
    pub frame: Frame,
    /// What it is, for tagged PDF. Tagged groups hold no tagged groups: the
    /// elements around a piece of content (a list around its item's
    /// paragraph) are named in its [`Tag::parents`].
    pub tag: Option<Tag>,
}

/// A piece of logical structure. Pieces with the same `id` (a paragraph split
/// across pages) form one structure element.
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    /// Element id, unique in the document, increasing in reading order.
    pub id: u32,
    /// Element kind.
    pub kind: TagKind,
    /// The structure elements this one sits in, outermost first (a table,
    /// its body, the row), each with its own id; `None` at the top level.
    pub parents: Parents,
}

/// The elements enclosing a tagged piece, outermost first.
pub type Parents = Option<Arc<[(u32, TagKind)]>>;

/// The kind of a logical element.
#[derive(Debug, Clone, PartialEq)]
pub enum TagKind {
    /// The document title.
    Title,
    /// A heading of `level` (1 = section heading, 2 = its sub-heading).
    Heading(u8),
    /// A paragraph (body text, lead, subtitle, byline).
    Para,
    /// A block quotation (the pull quote).
    Quote,
    /// A figure with its text alternative.
    Figure(String),
    /// A figure caption.
    Caption,
    /// A list.
    List,
    /// A list item.
    ListItem,
    /// A list item's marker.
    Label,
    /// A list item's content.
    ListBody,
    /// A table.
    Table,
    /// The header rows of a table.
    TableHead,
    /// The body rows of a table.
    TableBody,
    /// A table row.
    TableRow,
    /// A header cell.
    TableHeader,
    /// A data cell.
    TableCell,
    /// A note (footnote or endnote).
    Note,
    /// A box or other grouping (编者按, 链接 …).
    Division,
    /// A table of contents (目录).
    Contents,
    /// One entry of a table of contents.
    ContentsItem,
    /// Page furniture outside the logical structure.
    Artifact(Artifact),
}

/// Kinds of page furniture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Artifact {
    /// The running head.
    Header,
    /// The folio.
    Footer,
    /// Crop marks and other printer's marks.
    PrinterMarks,
}

/// Glyphs in one face and size on one baseline.
#[derive(Debug, Clone)]
pub struct TextRun {
    /// Which face (see [`PagedDoc::faces`]).
    pub face: Role,
    /// Type size in pt.
    pub size_pt: f32,
    /// Fill colour.
    pub fill: Color,
    /// The source text the glyph ranges index into (shared by the runs of a paragraph).
    pub text: Arc<str>,
    /// The glyphs in visual order.
    pub glyphs: Vec<Glyph>,
}

impl TextRun {
    /// Total advance width in pt.
    pub fn width(&self) -> f32 {
        self.glyphs.iter().map(|g| g.advance_em).sum::<f32>() * self.size_pt
    }
}

/// One glyph of a [`TextRun`]. Lengths are in em of the run's size, so a
/// run scales without touching its glyphs.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Glyph id in the face.
    pub id: u32,
    /// Horizontal advance in em, after all spacing adjustments.
    pub advance_em: f32,
    /// Offset from the pen in em (x right, y up).
    pub offset_em: (f32, f32),
    /// Byte range of [`TextRun::text`] the glyph shows.
    pub text_range: Range<usize>,
}

/// A colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Color {
    /// Device RGB.
    Rgb([u8; 3]),
    /// A colour chosen for both editions: process inks (C, M, Y, K, 0–255)
    /// for print, RGB for the screen edition and for a print file that claims
    /// no standard.
    Process {
        /// The inks, chosen when the settings were read.
        cmyk: [u8; 4],
        /// The sRGB colour.
        rgb: [u8; 3],
    },
    /// Process black only (K 100 %): body text.
    Black,
    /// Registration colour: 100 % of every process ink, for crop marks.
    Registration,
}

/// A photo placed on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageItem {
    /// Where the encoded bytes come from.
    pub source: ImageSource,
    /// Encoded format.
    pub format: ImageFormat,
    /// Pixel size as stored in the file (before orientation).
    pub pixels: (u32, u32),
    /// EXIF orientation (1–8; 1 = as stored). The backend rotates/mirrors by a
    /// transform so the encoded bytes stay untouched.
    pub orientation: u8,
    /// Displayed size in pt (after orientation).
    pub size: Size,
}

/// The bytes of a photo.
#[derive(Debug, Clone, PartialEq)]
pub enum ImageSource {
    /// A file the backend reads.
    Path(PathBuf),
    /// Bytes in memory.
    Bytes(Arc<Vec<u8>>),
}

/// Encoded image formats the PDF can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// JPEG (embedded as is).
    Jpeg,
    /// PNG.
    Png,
    /// WebP.
    Webp,
}

/// A rectangle or a straight line.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// The geometry, relative to the item's position.
    pub geometry: Geometry,
    /// Fill colour, if filled.
    pub fill: Option<Color>,
    /// Stroke colour and width in pt, if stroked.
    pub stroke: Option<(Color, f32)>,
}

/// Shape geometry.
#[derive(Debug, Clone, PartialEq)]
pub enum Geometry {
    /// A rectangle from the position, of this size.
    Rect(Size),
    /// A line from the position to position + (dx, dy).
    Line(f32, f32),
}

impl Geometry {
    /// Bounding box relative to the item's position.
    pub fn bbox(&self) -> Rect {
        match *self {
            Geometry::Rect(s) => Rect::new(0.0, 0.0, s.w, s.h),
            Geometry::Line(dx, dy) => Rect::new(dx.min(0.0), dy.min(0.0), dx.abs(), dy.abs()),
        }
    }
}

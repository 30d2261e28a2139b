//! The flow vocabulary: what the block layouters hand the page builder
//! ([`Item`]), and what it places ([`Placed`]), each with its kind
//! ([`PlacedKind`]) set by the layouter that made it, so the placer and the
//! balancing never guess what a thing is from its shape.

use crate::frame::{Color, Frame, FrameItem, Point};
use crate::typeset::figure::FigureSpec;
use crate::typeset::text::NoteRefAt;
use std::sync::Arc;

/// Space above a section heading, in body lines (clreq §3.4.1: a blank line ends a section).
pub(crate) const HEADING_SPACE_ABOVE_LINES: f32 = 1.0;
/// Space above and below a pull quote or figure set in the flow, in body lines
/// (clreq §3.4.2: whole multiples of the body line pitch).
pub(crate) const DISPLAY_SPACE_LINES: f32 = 1.0;

/// One flow item.
#[derive(Debug, Clone)]
pub(crate) enum Item {
    /// Vertical space: dropped at the top and foot of a region.
    Space(f32),
    /// One line of a paragraph.
    Line(ParLine),
    /// An unbreakable block kept with lines of the next paragraph.
    Block(KeptBlock),
    /// A figure or pull quote: placed where it stands if it fits, else moved
    /// to the top of the next region while the text goes on.
    Float(Float),
    /// The items up to the matching [`Item::BoxEnd`] are a box's (its label
    /// included): a break among them closes the frame and reopens it, and
    /// every box it is inside of too.
    BoxStart(Arc<BoxCont>),
    /// The end of the innermost open box.
    BoxEnd,
}

/// A box (编者按, 链接 …) that may break across columns and pages: what
/// closes its part before a break, and what opens the next part.
#[derive(Debug, Clone)]
pub(crate) struct BoxCont {
    /// The box's structure id (which box a placed unit belongs to).
    pub id: u32,
    /// What a continued part opens with: the top rule and the label with
    /// （续）, untagged (the PDF writes it as an artifact, so the tag tree
    /// and the text hold the label once). A whole number of body lines high.
    pub head: Frame,
    /// Where the closing rule starts in a column-wide frame, how long and
    /// how heavy it is (pt), and its colour.
    pub rule_x: f32,
    pub rule_w: f32,
    pub rule_pt: f32,
    pub color: Color,
}

impl BoxCont {
    /// Draw the closing rule under a unit that ends a part of the box, as
    /// the box's last line has it.
    pub(crate) fn close(&self, f: &mut Frame) {
        let h = f.size.h;
        f.push(
            Point::new(self.rule_x, h),
            FrameItem::hrule(self.rule_w, self.rule_pt, self.color),
        );
    }
}

/// A line of a paragraph, with its place in the paragraph for widow/orphan rules.
#[derive(Debug, Clone)]
pub(crate) struct ParLine {
    /// The line (height = body pitch).
    pub frame: Frame,
    /// Paragraph id (also its tag id).
    pub par: u32,
    /// Index of the line in its paragraph.
    pub index: usize,
    /// Number of lines in the paragraph.
    pub count: usize,
    /// The note references on the line (for page-foot notes).
    pub notes: Vec<NoteRefAt>,
    /// The paragraph is kept with the last lines of the one before it (a
    /// notice's sign-off never stands on a page without body text, GB/T
    /// 9704 §7.3.5).
    pub with_prev: bool,
}

/// A bookmark inside a block: (title, level, y within the block).
pub(crate) type OutlineMark = (String, u8, f32);

/// An unbreakable block (a heading, a poem, a box's label, a table's rows).
#[derive(Debug, Clone)]
pub(crate) struct KeptBlock {
    /// The content, a whole number of body lines high.
    pub frame: Frame,
    /// Lines of the next paragraph that must follow on the same page/column.
    pub keep_lines: usize,
    /// Bookmarks: (title, level, y within the block).
    pub outline: Vec<OutlineMark>,
    /// What the block is, set by its layouter.
    pub kind: PlacedKind,
    /// The table this block is rows of, if any.
    pub table: Option<TablePart>,
}

/// A float.
#[derive(Debug, Clone)]
pub(crate) enum Float {
    /// A block of fixed size (the pull quote, a stacked photo group) and
    /// what it is.
    Fixed(Frame, PlacedKind),
    /// A photo group side by side: its renditions, largest first (the
    /// photos a step lower each), placed at the largest that fits.
    Group(Vec<Frame>),
    /// A photo with its caption, which can shrink.
    Figure(FigureSpec),
    /// A block across both columns (a table too wide for one), placed at
    /// the top of a page.
    Span(Frame),
}

/// Something placed on a page, in media coordinates.
#[derive(Debug, Clone)]
pub(crate) struct Placed {
    /// Page index.
    pub page: usize,
    /// Top-left corner.
    pub pos: Point,
    /// The content.
    pub frame: Frame,
    /// What it is, as the block's layouter said (the balancing and the
    /// page-building checks read it).
    pub kind: PlacedKind,
    /// For a table's row: the table's continuation (what a column the rest
    /// of the table moves to opens with).
    pub table: Option<Arc<Continuation>>,
    /// The row ends a part of its table before a break: the heavy closing
    /// rule is drawn under it when its page is handed on.
    pub closes: bool,
    /// The boxes this unit is part of, outermost first (a box's
    /// continuation: the boxes down to the one it reopens).
    pub boxes: Vec<Arc<BoxCont>>,
    /// The boxes whose part ends with this unit before a break, innermost
    /// first: their closing rules are drawn under it, in that order, when
    /// its page is handed on.
    pub closes_boxes: Vec<Arc<BoxCont>>,
    /// For a paragraph line: the page-foot notes whose entries it brought
    /// to its page's foot (their first reference on the page), so that
    /// evening out the last page moves each note to its reference's column.
    pub notes: Vec<usize>,
    /// A line of a paragraph kept with the one before it (a sign-off,
    /// [`ParLine::with_prev`]): no column begins with its first line.
    pub with_prev: bool,
}

impl Placed {
    /// A frame placed at `pos` on `page`: in no table or box, closing
    /// nothing, bringing no notes, kept with nothing before it.
    pub(crate) fn new(page: usize, pos: Point, frame: Frame, kind: PlacedKind) -> Placed {
        Placed {
            page,
            pos,
            frame,
            kind,
            table: None,
            closes: false,
            boxes: vec![],
            closes_boxes: vec![],
            notes: vec![],
            with_prev: false,
        }
    }
}

/// What a placed frame is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PlacedKind {
    /// The title block of page 1.
    Title,
    /// The title block of an article run on after another
    /// (`article_start = "continue"`), kept with its first lines.
    ArticleTitle,
    /// A paragraph line: (paragraph id, line index, line count).
    Line(u32, usize, usize),
    /// A section heading (with its sub-heading).
    Heading,
    /// A poem, or a stanza of a long one, kept whole.
    Verse,
    /// A section break's ornament, kept with the text after it.
    SectionBreak,
    /// A box's label on its top rule.
    BoxLabel,
    /// The short rule over an article's end notes.
    NoteRule,
    /// A figure (photo + caption).
    Figure,
    /// The pull quote.
    PullQuote,
    /// A photo group (photos side by side or stacked, one caption).
    PhotoGroup,
    /// The short rule over a column's foot notes.
    FootRule,
    /// A line of a foot note: the note, and its number on the page for the
    /// entry's first line (`None` on further lines and on a continuation).
    FootNote(usize, Option<usize>),
    /// What a table's continuation region opens with (续表, the header again).
    Continued,
    /// What a box's continued part opens with (its rule and label（续）).
    BoxContinued,
    /// A block across both columns at a page's top (a wide table).
    Span,
    /// A block of a table's rows: (table id, body row, body rows); the
    /// first holds the caption, the header and row 0.
    TableRow(u32, usize, usize),
}

/// What a region a table continues in opens with, and how the part before
/// the break is closed.
#[derive(Debug)]
pub(crate) struct Continuation {
    /// The table's structure id (which table a row belongs to).
    pub table: u32,
    /// `续表N` and the header row again, untagged: the PDF writes it as an
    /// artifact, so the tag tree holds the header once.
    pub head: Frame,
    /// Where the table's rules start, how long they are and how heavy the
    /// outer ones (the closing rule) are, pt.
    pub rule_x: f32,
    pub rule_w: f32,
    pub rule_pt: f32,
}

impl Continuation {
    /// Draw the heavy closing rule under a row that ends a part of the table.
    pub(crate) fn close(&self, row: &mut Frame) {
        let h = row.size.h;
        row.push(
            Point::new(self.rule_x, h - self.rule_pt / 2.0),
            FrameItem::hrule(self.rule_w, self.rule_pt, Color::Black),
        );
    }
}

/// A block that is part of a table's rows.
#[derive(Debug, Clone)]
pub(crate) struct TablePart {
    /// The table's continuation.
    pub cont: Arc<Continuation>,
    /// The first part (caption, header, first row): never opened by a continuation.
    pub lead: bool,
    /// The body row this block is (the lead holds row 0), and the table's
    /// number of body rows: for the keep rules at a break.
    pub row: usize,
    pub rows: usize,
}

impl PlacedKind {
    /// Whether a block of this kind may carry bookmarks
    /// ([`KeptBlock::outline`]): a heading, an article's run-on title, and a
    /// poem (or its first stanza) set with its title. Whatever moves one
    /// moves its bookmarks with it.
    pub(crate) fn holds_marks(self) -> bool {
        matches!(
            self,
            PlacedKind::Heading | PlacedKind::ArticleTitle | PlacedKind::Verse
        )
    }
}

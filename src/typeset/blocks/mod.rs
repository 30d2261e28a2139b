//! Collect, by kind: each block of the tree → flow items, set in a
//! [`Region`] (the column narrowed by an inset, with the text style and the
//! structure elements around it). A kind that holds blocks (a list item, a
//! box, a quotation) sets its children in a narrower region, so nesting is
//! recursion and a new kind is one file here.
//!
//! Every line the flow places is one body pitch high (the grid, clreq
//! §3.4.2), so lists, boxes, quotations and notes break across pages like
//! paragraphs; table rows and short poems are unbreakable blocks.

use super::collect::Ids;
use super::flow::{Float, Item, ParLine, PlacedKind};
use super::inline::Align;
use super::style::{Style, TextStyle};
use super::text::{NoteRefAt, link_areas, segments, set_lines_ranged};
use crate::diag::Sink;
use crate::fonts::{Fonts, Role};
use crate::frame::{Color, Frame, FrameItem, Parents, Point, Size, Tag, TagKind};
use crate::model::{Block, BlockKind, Inline, Issue};
use std::sync::Arc;

mod aside;
mod r#break;
mod caption;
mod code;
mod figure;
mod heading;
mod list;
mod notes;
mod para;
mod photo_group;
mod pull_quote;
mod quote;
mod table;
mod turn;
mod verse;

pub(crate) use figure::title_photos;
pub(crate) use notes::end_notes;
pub(crate) use photo_group::{PHOTO_GROUP_GAP_PT, PHOTO_GROUP_MIN_ROW_PT};

/// First-line indent of body paragraphs, in em (clreq §3.4.1).
const PARA_INDENT_EM: f32 = 2.0;
/// Type size of tables, notes, sidebars and author notes relative to the body (one size down).
pub(super) const SMALL_SCALE: f32 = 0.9;

/// Where a block is set: an inset of the column, the text style, and the
/// structure elements around it.
#[derive(Debug, Clone)]
pub(crate) struct Region {
    /// Inset from the column's start edge, pt.
    pub left: f32,
    /// Inset from the column's end edge, pt.
    pub right: f32,
    /// Style of running text here.
    pub text: TextStyle,
    /// First-line indent of paragraphs here, in em.
    pub indent_em: f32,
    /// Enclosing structure elements.
    pub parents: Parents,
    /// Inside a box or a quotation: its headings are the box's own, not
    /// entries of the outline and the contents.
    pub in_box: bool,
}

impl Region {
    /// The whole column, body text.
    pub(crate) fn column(style: &Style) -> Region {
        Region {
            left: 0.0,
            right: 0.0,
            text: style.body_text,
            indent_em: PARA_INDENT_EM,
            parents: None,
            in_box: false,
        }
    }

    /// Width of the region.
    pub(crate) fn width(&self, style: &Style) -> f32 {
        (style.column_width - self.left - self.right).max(style.body_text.size * 4.0)
    }

    /// This region inside one more structure element.
    pub(super) fn within(&self, id: u32, kind: TagKind) -> Region {
        let mut parents: Vec<(u32, TagKind)> = self
            .parents
            .iter()
            .flat_map(|p| p.iter().cloned())
            .collect();
        parents.push((id, kind));
        Region {
            parents: Some(Arc::from(parents)),
            ..self.clone()
        }
    }

    /// This region narrowed by `left` and `right` more.
    pub(super) fn inset(&self, left: f32, right: f32) -> Region {
        Region {
            left: self.left + left,
            right: self.right + right,
            ..self.clone()
        }
    }

    pub(super) fn tag(&self, id: u32, kind: TagKind) -> Option<Tag> {
        Some(Tag {
            id,
            kind,
            parents: self.parents.clone(),
        })
    }
}

/// What every collector needs.
pub(crate) struct Cx<'a> {
    pub issue: &'a Issue,
    pub fonts: &'a Fonts,
    pub style: &'a Style,
    pub ids: &'a mut Ids,
    pub sink: &'a mut Sink,
}

/// A text style like `base` at `scale` of its size, on the body grid.
pub(super) fn smaller(style: &Style, base: TextStyle, scale: f32) -> TextStyle {
    TextStyle {
        size: base.size * scale,
        pitch: style.pitch,
        ..base
    }
}

/// A style in another face.
pub(super) fn in_face(base: TextStyle, role: Role) -> TextStyle {
    TextStyle { role, ..base }
}

/// Turn one of the article's blocks into flow items at the column width
/// (each kind's layout is in [`super::blocks`]).
pub(crate) fn collect_block(
    issue: &Issue,
    block: &Block,
    fonts: &Fonts,
    style: &Style,
    ids: &mut Ids,
    sink: &mut Sink,
    items: &mut Vec<Item>,
) {
    let mut cx = Cx {
        issue,
        fonts,
        style,
        ids,
        sink,
    };
    self::block(&mut cx, block, &Region::column(style), items);
}

/// Collect one block into `items`.
pub(crate) fn block(cx: &mut Cx<'_>, b: &Block, region: &Region, items: &mut Vec<Item>) {
    match &b.kind {
        BlockKind::Para(p) => para::para(cx, p, region, items),
        BlockKind::Section(s) => {
            let rest = match s.body.first() {
                // The heading is the poem's title: set with the poem.
                Some(Block {
                    kind: BlockKind::Verse(v),
                    ..
                }) if v.titled => {
                    verse::verse(cx, v, Some(&s.heading), region, items);
                    &s.body[1..]
                }
                _ => {
                    heading::collect_heading(&s.heading, cx.fonts, cx.style, cx.ids, region, items);
                    &s.body[..]
                }
            };
            for child in rest {
                block(cx, child, region, items);
            }
        }
        BlockKind::Figure(f) => figure::collect_figure_item(cx, f, b, items),
        BlockKind::PhotoGroup(g) => photo_group::collect_photo_group(cx, g, b, items),
        BlockKind::PullQuote(q) => items.push(Item::Float(Float::Fixed(
            pull_quote::collect_pull_quote(q, cx.fonts, cx.style, cx.ids),
            PlacedKind::PullQuote,
        ))),
        BlockKind::List(l) => list::list(cx, l, region, items),
        BlockKind::Table(t) => table::table(cx, t, &b.span, region, items),
        BlockKind::Verse(v) => verse::verse(cx, v, None, region, items),
        BlockKind::Aside(a) => aside::aside(cx, a, region, items),
        BlockKind::Quote(q) => quote::quote(cx, q, region, items),
        BlockKind::Turn(t) => turn::turn(cx, t, region, items),
        BlockKind::Code(c) => code::code(cx, c, region, items),
        BlockKind::Break(br) => r#break::section_break(cx, br, region, items),
    }
}

/// The hanging indent that holds a label `used` pt wide: whole em of `size`, at least one.
pub(crate) fn hanging_indent(used: f32, size: f32) -> f32 {
    ((used / size) - 0.01).ceil().max(1.0) * size
}

/// Set `content` as one paragraph in `region`: justified lines, each placed
/// in a column-wide frame at the region's inset and tagged as one `kind`
/// element. Hard breaks start new lines (the first gets the indent).
pub(crate) fn lines(
    cx: &mut Cx<'_>,
    content: &[Inline],
    region: &Region,
    ts: TextStyle,
    indent_em: f32,
    kind: TagKind,
    items: &mut Vec<Item>,
) {
    let frames = par_frames(cx, content, region, ts, indent_em, Align::Justify);
    push_noted_lines(cx, frames, region, kind, items);
}

/// The line frames of a paragraph at the region's width, each with the
/// note references it shows.
fn par_frames(
    cx: &Cx<'_>,
    content: &[Inline],
    region: &Region,
    ts: TextStyle,
    indent_em: f32,
    align: Align,
) -> Vec<(Frame, Vec<NoteRefAt>)> {
    let width = region.width(cx.style);
    segments(content, &ts)
        .into_iter()
        .enumerate()
        .flat_map(|(k, seg)| {
            let indent = if k == 0 { indent_em } else { 0.0 };
            let (refs, links) = (seg.notes, seg.links);
            set_lines_ranged(cx.fonts, seg.runs, &ts, width, indent, align, false)
                .into_iter()
                .map(move |(mut f, range)| {
                    let areas = link_areas(&f, &links);
                    f.items.extend(areas);
                    let on_line = refs
                        .iter()
                        .filter(|r| r.range.start >= range.start && r.range.start < range.end)
                        .cloned()
                        .collect();
                    (f, on_line)
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Put line frames into the flow as one tagged element.
fn push_lines(
    cx: &mut Cx<'_>,
    frames: Vec<Frame>,
    region: &Region,
    kind: TagKind,
    items: &mut Vec<Item>,
) {
    let noted = frames.into_iter().map(|f| (f, Vec::new())).collect();
    push_noted_lines(cx, noted, region, kind, items);
}

/// [`push_lines`] for lines that carry note references.
fn push_noted_lines(
    cx: &mut Cx<'_>,
    frames: Vec<(Frame, Vec<NoteRefAt>)>,
    region: &Region,
    kind: TagKind,
    items: &mut Vec<Item>,
) {
    let par = cx.ids.next();
    let mut frames = frames;
    if cx.style.notes == crate::model::NotePlacement::Page {
        // Tag ids for each reference's foot entry, right after the paragraph's.
        for r in frames.iter_mut().flat_map(|(_, refs)| refs.iter_mut()) {
            let n = super::footnotes::ids_for_reference(cx.issue, r.note);
            r.first_id = cx.ids.next();
            for _ in 1..n {
                cx.ids.next();
            }
        }
    }
    let count = frames.len();
    for (index, (f, notes)) in frames.into_iter().enumerate() {
        let mut line = Frame::new(Size::new(cx.style.column_width, f.size.h));
        line.push_frame(
            Point::new(region.left, 0.0),
            f,
            region.tag(par, kind.clone()),
        );
        items.push(Item::Line(ParLine {
            frame: line,
            par,
            index,
            count,
            notes,
            with_prev: false,
        }));
    }
}

/// The width of what a line frame shows.
pub(super) fn content_width(f: &Frame) -> f32 {
    f.items
        .iter()
        .filter_map(|(p, i)| match i {
            FrameItem::Text(t) => Some(p.x + t.width()),
            FrameItem::Group(g) => Some(p.x + content_width(&g.frame)),
            _ => None,
        })
        .fold(0.0, f32::max)
}

/// A horizontal rule item.
pub(super) fn rule(width: f32, weight: f32, color: Color) -> FrameItem {
    FrameItem::hrule(width, weight, color)
}

//! Collect, by kind: each block of the tree → flow items, set in a
//! [`Region`] (the column narrowed by an inset, with the text style and the
//! structure elements around it). A kind that holds blocks (a list item, a
//! box, a quotation) sets its children in a narrower region, so nesting is
//! recursion and a new kind is one function here.
//!
//! Every line the flow places is one body pitch high (the grid, clreq
//! §3.4.2), so lists, boxes, quotations and notes break across pages like
//! paragraphs; table rows and short poems are unbreakable blocks.

use super::collect::{self, HEADING_SPACE_ABOVE_LINES, Ids, Item, KeptBlock, ParLine};
use super::inline::Align;
use super::style::{Style, TextStyle};
use super::text::{
    NoteRefAt, link_areas, plain, segments, set_lines, set_lines_ranged, stack, styled_segments,
};
use crate::diag::Sink;
use crate::fonts::{Fonts, Role};
use crate::frame::{Color, Frame, FrameItem, Geometry, Parents, Point, Shape, Size, Tag, TagKind};
use crate::model::{
    Aside, AsideKind, Block, BlockKind, Break, Code, Inline, Issue, List, Para, ParaRole, QaStyle,
    Quote, Turn, Verse, VerseLine, VersePlacement,
};
use std::sync::Arc;

/// First-line indent of body paragraphs, in em (clreq §3.4.1).
const PARA_INDENT_EM: f32 = 2.0;
/// Inset of a quotation (引文) on both sides, in em (clreq §3.4.2).
const QUOTE_INSET_EM: f32 = 2.0;
/// Inset of a box's text from its rules' ends, in em.
const BOX_INSET_EM: f32 = 1.0;
/// Indent of a whole poem, in em (clreq §3.4.2: verse takes a fixed indent).
const VERSE_INDENT_EM: f32 = 2.0;
/// Extra indent of a verse line's continuation when it wraps (hanging), in em.
const VERSE_HANG_EM: f32 = 2.0;
/// Poems of at most this many lines are never split across pages.
const VERSE_KEEP_LINES: usize = 12;
/// Weight of a box's rules, in pt.
const BOX_RULE_PT: f32 = 0.75;
/// Type size of tables, notes, sidebars and author notes relative to the body (one size down).
pub(super) const SMALL_SCALE: f32 = 0.9;
/// Length of the short rule above end notes, as a share of the column.
const NOTE_RULE_SHARE: f32 = 0.25;

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

/// Collect one block into `items`.
pub(crate) fn block(cx: &mut Cx<'_>, b: &Block, region: &Region, items: &mut Vec<Item>) {
    match &b.kind {
        BlockKind::Para(p) => para(cx, p, region, items),
        BlockKind::Section(s) => {
            collect::collect_heading(&s.heading, cx.fonts, cx.style, cx.ids, region, items);
            for child in &s.body {
                block(cx, child, region, items);
            }
        }
        BlockKind::Figure(f) => collect::collect_figure_item(cx, f, b, items),
        BlockKind::PhotoGroup(g) => collect::collect_photo_group(cx, g, b, items),
        BlockKind::PullQuote(q) => items.push(Item::Float(collect::Float::Fixed(
            collect::collect_pull_quote(q, cx.fonts, cx.style, cx.ids),
        ))),
        BlockKind::List(l) => list(cx, l, region, items),
        BlockKind::Table(t) => super::table::table(cx, t, &b.span, region, items),
        BlockKind::Verse(v) => verse(cx, v, region, items),
        BlockKind::Aside(a) => aside(cx, a, region, items),
        BlockKind::Quote(q) => quote(cx, q, region, items),
        BlockKind::Turn(t) => turn(cx, t, region, items),
        BlockKind::Code(c) => code(cx, c, region, items),
        BlockKind::Break(br) => section_break(cx, br, region, items),
    }
}

/// A paragraph by role: body and dateline paragraphs justified with a 2 em
/// indent; the author note smaller, in Kai.
fn para(cx: &mut Cx<'_>, p: &Para, region: &Region, items: &mut Vec<Item>) {
    match p.role {
        ParaRole::Body | ParaRole::Dateline => lines(
            cx,
            &p.content,
            region,
            region.text,
            region.indent_em,
            TagKind::Para,
            items,
        ),
        ParaRole::SignOff => sign_off(cx, &p.content, region, items),
        ParaRole::AuthorNote => {
            let ts = in_face(smaller(cx.style, region.text, SMALL_SCALE), Role::Caption);
            lines(
                cx,
                &p.content,
                region,
                ts,
                region.indent_em,
                TagKind::Para,
                items,
            )
        }
    }
}

/// A notice's sign-off: each of its lines flush right, never justified.
fn sign_off(cx: &mut Cx<'_>, content: &[Inline], region: &Region, items: &mut Vec<Item>) {
    let frames = par_frames(cx, content, region, region.text, 0.0, Align::End);
    push_noted_lines(cx, frames, region, TagKind::Para, items);
}

/// A turn of an interview: the speaker in Hei, the words as a body paragraph
/// (the newspaper style, clreq §3.4.1's 2 em indent), or hanging with
/// `[layout] qa = "hanging"`.
fn turn(cx: &mut Cx<'_>, t: &Turn, region: &Region, items: &mut Vec<Item>) {
    if cx.issue.layout.qa == QaStyle::Hanging {
        return hanging_turn(cx, t, region, items);
    }
    let mut content = vec![Inline::Strong(vec![Inline::Text(t.speaker.clone())])];
    content.extend(t.content.iter().cloned());
    lines(
        cx,
        &content,
        region,
        region.text,
        region.indent_em,
        TagKind::Para,
        items,
    );
}

/// A hanging turn (凸排, clreq §3.4.1): the speaker label in Hei at the
/// region's start edge, the words justified in the indent after it, which is
/// the label's width rounded up to whole em; the label belongs to the turn's
/// paragraph element.
fn hanging_turn(cx: &mut Cx<'_>, t: &Turn, region: &Region, items: &mut Vec<Item>) {
    let ts = region.text;
    let label_ts = in_face(ts, Role::Heading);
    let label = set_lines(
        cx.fonts,
        plain(&t.speaker, &label_ts),
        &label_ts,
        1e5,
        0.0,
        Align::Start,
        false,
    )
    .into_iter()
    .next();
    let used = label.as_ref().map_or(0.0, content_width);
    let hang = hanging_indent(used, ts.size);
    let inner = Region {
        indent_em: 0.0,
        ..region.inset(hang, 0.0)
    };
    let start = items.len();
    lines(cx, &t.content, &inner, ts, 0.0, TagKind::Para, items);
    let Some(label) = label else { return };
    let at = Point::new(region.left, 0.0);
    match items.get_mut(start) {
        Some(Item::Line(l)) => {
            // The label joins the first line's paragraph element, before it.
            let tag = l.frame.items.iter().find_map(|(_, i)| match i {
                FrameItem::Group(g) => g.tag.clone(),
                _ => None,
            });
            l.frame.items.insert(
                0,
                (
                    at,
                    FrameItem::Group(crate::frame::Group { frame: label, tag }),
                ),
            );
        }
        _ => push_lines(cx, vec![label], region, TagKind::Para, items),
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

/// The printed marker of item `k` of `l`.
fn marker(l: &List, k: usize, depth: usize) -> String {
    if let Some(m) = &l.items[k].marker {
        return m.clone();
    }
    match l.start {
        Some(s) => format!("{}.", s + k as u64),
        None => if depth % 2 == 0 { "•" } else { "◦" }.to_string(),
    }
}

/// How deep in lists a region is.
fn list_depth(region: &Region) -> usize {
    region
        .parents
        .iter()
        .flat_map(|p| p.iter())
        .filter(|(_, k)| *k == TagKind::List)
        .count()
}

/// A list: each item hangs (凸排, clreq §3.4.1) with its marker in the
/// indent; continuation lines align with the item's text; nested lists
/// indent further.
fn list(cx: &mut Cx<'_>, l: &List, region: &Region, items: &mut Vec<Item>) {
    let depth = list_depth(region);
    let list_id = cx.ids.next();
    let in_list = region.within(list_id, TagKind::List);
    let ts = region.text;
    let markers: Vec<String> = (0..l.items.len()).map(|k| marker(l, k, depth)).collect();
    // The hanging indent: the widest marker and a space, at least 2 em.
    let widest = markers
        .iter()
        .map(|m| {
            set_lines(cx.fonts, plain(m, &ts), &ts, 1e5, 0.0, Align::Start, false)
                .first()
                .map_or(0.0, content_width)
        })
        .fold(0.0, f32::max);
    let hang = (widest + ts.size * 0.5).max(ts.size * PARA_INDENT_EM);
    let hang = (hang / ts.size).ceil() * ts.size;
    for (k, item) in l.items.iter().enumerate() {
        let item_id = cx.ids.next();
        let in_item = in_list.within(item_id, TagKind::ListItem);
        let label_id = cx.ids.next();
        let body_id = cx.ids.next();
        let body_region = Region {
            indent_em: 0.0,
            ..in_item.within(body_id, TagKind::ListBody).inset(hang, 0.0)
        };
        let start = items.len();
        for b in &item.body {
            block(cx, b, &body_region, items);
        }
        // The marker goes on the item's first line (a text line, or a block).
        let Some(lines) = set_lines(
            cx.fonts,
            plain(&markers[k], &ts),
            &ts,
            hang,
            0.0,
            Align::Start,
            false,
        )
        .into_iter()
        .next() else {
            continue;
        };
        let tag = in_item.tag(label_id, TagKind::Label);
        let label_pos = Point::new(region.left, 0.0);
        match items.get_mut(start) {
            Some(Item::Line(l)) => l.frame.items.insert(
                0,
                (
                    label_pos,
                    FrameItem::Group(crate::frame::Group { frame: lines, tag }),
                ),
            ),
            Some(Item::Block(b)) => b.frame.items.insert(
                0,
                (
                    label_pos,
                    FrameItem::Group(crate::frame::Group { frame: lines, tag }),
                ),
            ),
            _ => {
                // An empty item: the marker alone on a line.
                let mut line = Frame::new(Size::new(
                    cx.style.column_width,
                    ts.pitch.max(cx.style.pitch),
                ));
                line.push_frame(label_pos, lines, tag);
                let par = cx.ids.next();
                items.insert(
                    start,
                    Item::Line(ParLine {
                        frame: line,
                        par,
                        index: 0,
                        count: 1,
                        notes: Vec::new(),
                    }),
                );
            }
        }
    }
}

/// A horizontal rule item.
pub(super) fn rule(width: f32, weight: f32, color: Color) -> FrameItem {
    FrameItem::Shape(Shape {
        geometry: Geometry::Line(width, 0.0),
        fill: None,
        stroke: Some((color, weight)),
    })
}

/// A poem: indented as a block, no first-line indent, each line its own line
/// (never justified), a long line wrapping with a hanging indent, a blank line
/// between stanzas. A poem of up to 12 lines is never split across pages; a
/// longer one breaks only between stanzas where a stanza is short enough.
fn verse(cx: &mut Cx<'_>, v: &Verse, region: &Region, items: &mut Vec<Item>) {
    let style = cx.style;
    let ts = region.text;
    let hang = VERSE_HANG_EM * ts.size;
    // Where the block stands, and how wide its lines may run before they wrap.
    let (base, block_w) = match cx.issue.layout.verse {
        VersePlacement::Indent => {
            let base = region.inset(VERSE_INDENT_EM * ts.size, 0.0);
            let w = base.width(style) - hang;
            (base, w)
        }
        VersePlacement::Centre => {
            let avail = region.width(style);
            let longest = v
                .stanzas
                .iter()
                .flatten()
                .map(|l| l.indent as f32 * ts.size + verse_line_width(cx, l, &ts))
                .fold(0.0, f32::max);
            let block_w = longest.min(avail - hang);
            (region.inset((avail - block_w) / 2.0, 0.0), block_w)
        }
    };
    let total: usize = v.stanzas.iter().map(Vec::len).sum();
    let keep_whole = total <= VERSE_KEEP_LINES;
    let id = cx.ids.next();
    let mut stanza_frames: Vec<Vec<Frame>> = Vec::new();
    for stanza in &v.stanzas {
        let mut frames = Vec::new();
        for line in stanza {
            let indent = line.indent as f32 * ts.size;
            // A line that fits the block is set whole; a longer one wraps
            // so that its hanging continuation stays inside the block too.
            let fits = cx.issue.layout.verse == VersePlacement::Centre
                && indent + verse_line_width(cx, line, &ts) <= block_w + 0.01;
            let width = if fits {
                block_w - indent + 0.01
            } else {
                match cx.issue.layout.verse {
                    VersePlacement::Indent => block_w - indent,
                    VersePlacement::Centre => block_w - indent - hang,
                }
            }
            .max(ts.size * 4.0);
            for (k, f) in styled_segments(&line.content, &ts)
                .into_iter()
                .flat_map(|runs| set_lines(cx.fonts, runs, &ts, width, 0.0, Align::Start, false))
                .enumerate()
            {
                let x = base.left + indent + if k > 0 { VERSE_HANG_EM * ts.size } else { 0.0 };
                let mut lf = Frame::new(Size::new(style.column_width, f.size.h));
                lf.push_frame(Point::new(x, 0.0), f, region.tag(id, TagKind::Para));
                frames.push(lf);
            }
        }
        stanza_frames.push(frames);
    }
    items.push(Item::Space(collect::DISPLAY_SPACE_LINES * style.pitch));
    if keep_whole {
        let mut all = Vec::new();
        for (k, s) in stanza_frames.into_iter().enumerate() {
            if k > 0 {
                all.push(Frame::new(Size::new(style.column_width, style.pitch)));
            }
            all.extend(s);
        }
        let f = stack(all, style.column_width);
        items.push(Item::Block(KeptBlock {
            frame: f,
            keep_lines: 0,
            outline: vec![],
            table: None,
        }));
    } else {
        for (k, s) in stanza_frames.into_iter().enumerate() {
            if k > 0 {
                items.push(Item::Space(style.pitch));
            }
            if s.len() <= VERSE_KEEP_LINES {
                items.push(Item::Block(KeptBlock {
                    frame: stack(s, style.column_width),
                    keep_lines: 0,
                    outline: vec![],
                    table: None,
                }));
            } else {
                let par = cx.ids.next();
                let count = s.len();
                for (index, frame) in s.into_iter().enumerate() {
                    items.push(Item::Line(ParLine {
                        frame,
                        par,
                        index,
                        count,
                        notes: Vec::new(),
                    }));
                }
            }
        }
    }
    items.push(Item::Space(collect::DISPLAY_SPACE_LINES * style.pitch));
}

/// The natural width of a verse line (its widest hard-broken piece).
fn verse_line_width(cx: &Cx<'_>, line: &VerseLine, ts: &TextStyle) -> f32 {
    styled_segments(&line.content, ts)
        .into_iter()
        .flat_map(|runs| set_lines(cx.fonts, runs, ts, 1e5, 0.0, Align::Start, false))
        .map(|f| content_width(&f))
        .fold(0.0, f32::max)
}

/// A box: its label in Hei on a rule, its blocks inset 1 em (Kai for the
/// editors' note and the notebook, one size down for sidebars), a rule
/// under it. The box breaks across pages like text.
fn aside(cx: &mut Cx<'_>, a: &Aside, region: &Region, items: &mut Vec<Item>) {
    let style = cx.style;
    let width = region.width(style);
    let div = cx.ids.next();
    let text = match a.kind {
        AsideKind::EditorsNote | AsideKind::Notebook => in_face(region.text, Role::Caption),
        AsideKind::Sidebar => smaller(style, region.text, SMALL_SCALE),
    };
    let inner = Region {
        text,
        in_box: true,
        ..region
            .within(div, TagKind::Division)
            .inset(BOX_INSET_EM * text.size, BOX_INSET_EM * text.size)
    };
    let accent = style.accent;
    items.push(Item::Space(collect::DISPLAY_SPACE_LINES * style.pitch));
    // The label line with the top rule.
    let label_ts = TextStyle {
        pitch: style.pitch,
        ..in_face(style.body_text, Role::Heading)
    };
    let mut head = Frame::new(Size::new(style.column_width, style.pitch));
    head.push(
        Point::new(region.left, BOX_RULE_PT / 2.0),
        rule(width, BOX_RULE_PT * 2.0, accent),
    );
    if let Some(f) = set_lines(
        cx.fonts,
        plain(&a.label, &label_ts),
        &label_ts,
        width,
        0.0,
        Align::Start,
        false,
    )
    .into_iter()
    .next()
    {
        let id = cx.ids.next();
        head.push_frame(
            Point::new(inner.left, 0.0),
            f,
            inner.tag(id, TagKind::Heading(4)),
        );
    }
    items.push(Item::Block(KeptBlock {
        frame: head,
        keep_lines: 2,
        outline: vec![],
        table: None,
    }));
    let start = items.len();
    for b in &a.body {
        block(cx, b, &inner, items);
    }
    // The closing rule under the last line.
    let closing = |f: &mut Frame| {
        let h = f.size.h;
        f.push(Point::new(region.left, h), rule(width, BOX_RULE_PT, accent));
    };
    // (An empty box closes under its label.)
    match items[start - 1..]
        .iter_mut()
        .rev()
        .find(|i| matches!(i, Item::Line(_) | Item::Block(_)))
    {
        Some(Item::Line(l)) => closing(&mut l.frame),
        Some(Item::Block(b)) => closing(&mut b.frame),
        _ => {}
    }
    items.push(Item::Space(collect::DISPLAY_SPACE_LINES * style.pitch));
}

/// A quotation (引文): indented 2 em on both sides, in Kai, a line of space
/// above and below; paragraphs keep the quotation marks as written (clreq:
/// each opens with “, only the last closes).
fn quote(cx: &mut Cx<'_>, q: &Quote, region: &Region, items: &mut Vec<Item>) {
    let style = cx.style;
    let id = cx.ids.next();
    let inner = Region {
        text: in_face(region.text, Role::Caption),
        in_box: true,
        ..region.within(id, TagKind::Quote).inset(
            QUOTE_INSET_EM * region.text.size,
            QUOTE_INSET_EM * region.text.size,
        )
    };
    items.push(Item::Space(collect::DISPLAY_SPACE_LINES * style.pitch));
    for b in &q.body {
        block(cx, b, &inner, items);
    }
    items.push(Item::Space(collect::DISPLAY_SPACE_LINES * style.pitch));
}

/// Preformatted text: each line as written, inset 2 em, never justified.
fn code(cx: &mut Cx<'_>, c: &Code, region: &Region, items: &mut Vec<Item>) {
    let style = cx.style;
    let ts = smaller(style, region.text, SMALL_SCALE);
    let inner = region.inset(PARA_INDENT_EM * ts.size, 0.0);
    let width = inner.width(style);
    let mut frames = Vec::new();
    for line in c.text.lines() {
        if line.trim().is_empty() {
            frames.push(Frame::new(Size::new(width, style.pitch)));
            continue;
        }
        frames.extend(set_lines(
            cx.fonts,
            plain(line, &ts),
            &ts,
            width,
            0.0,
            Align::Start,
            false,
        ));
    }
    items.push(Item::Space(collect::DISPLAY_SPACE_LINES * style.pitch));
    push_lines(cx, frames, &inner, TagKind::Para, items);
    items.push(Item::Space(collect::DISPLAY_SPACE_LINES * style.pitch));
}

/// A section break: the ornament centred on a line of its own, on the grid.
fn section_break(cx: &mut Cx<'_>, b: &Break, region: &Region, items: &mut Vec<Item>) {
    let style = cx.style;
    let glyph = b.glyph.clone().unwrap_or_else(|| "※　※　※".to_string());
    let ts = region.text;
    let frames = set_lines(
        cx.fonts,
        plain(&glyph, &ts),
        &ts,
        region.width(style),
        0.0,
        Align::Center,
        true,
    );
    items.push(Item::Space(HEADING_SPACE_ABOVE_LINES * style.pitch));
    push_lines(cx, frames, region, TagKind::Para, items);
    items.push(Item::Space(HEADING_SPACE_ABOVE_LINES * style.pitch));
}

/// The article's notes at its end (`[layout] notes = "end"`): a short rule,
/// then each note one size down, marked ①②… as in the text. With
/// `notes = "page"` only the notes the page foot does not take (see
/// [`super::footnotes::at_foot`]) are set here.
pub(crate) fn end_notes(cx: &mut Cx<'_>, items: &mut Vec<Item>) {
    let notes = &cx.issue.notes;
    let here: Vec<bool> = match cx.style.notes {
        crate::model::NotePlacement::End => vec![true; notes.len()],
        crate::model::NotePlacement::Page => super::footnotes::at_foot(cx.issue)
            .into_iter()
            .map(|foot| !foot)
            .collect(),
    };
    if !here.contains(&true) {
        return;
    }
    let style = cx.style;
    let region = Region::column(style);
    items.push(Item::Space(collect::DISPLAY_SPACE_LINES * style.pitch));
    let mut head = Frame::new(Size::new(style.column_width, style.pitch));
    head.push(
        Point::new(0.0, style.pitch / 2.0),
        rule(style.column_width * NOTE_RULE_SHARE, 0.5, Color::Black),
    );
    items.push(Item::Block(KeptBlock {
        frame: head,
        keep_lines: 2,
        outline: vec![],
        table: None,
    }));
    let ts = smaller(style, style.body_text, SMALL_SCALE);
    for (i, note) in notes.iter().enumerate().filter(|(i, _)| here[*i]) {
        let id = cx.ids.next();
        let in_note = Region {
            text: ts,
            indent_em: 0.0,
            ..region.within(id, TagKind::Note)
        };
        let mark = crate::cjk::note_mark(i + 1);
        let mut first = true;
        for b in &note.body {
            match (&b.kind, first) {
                (BlockKind::Para(p), true) => {
                    let mut content = vec![Inline::Text(format!("{mark}\u{3000}"))];
                    content.extend(p.content.iter().cloned());
                    lines(cx, &content, &in_note, ts, 0.0, TagKind::Para, items);
                }
                _ => block(cx, b, &in_note, items),
            }
            first = false;
        }
        if note.body.is_empty() {
            lines(
                cx,
                &[Inline::Text(mark)],
                &in_note,
                ts,
                0.0,
                TagKind::Para,
                items,
            );
        }
    }
}

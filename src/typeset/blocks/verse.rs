//! Poems: indented or centred as a block, each line its own line, kept
//! whole up to 12 lines. A titled poem ([`Verse::titled`]) opens with its
//! section's heading, aligned with the poem (at its indent, or centred on
//! it) in the heading's Hei, then its author in Kai one size down, and that
//! head is kept with the poem's first stanza (or its first two lines).

use super::heading::heading_styles;
use super::{Cx, Region, SMALL_SCALE, content_width, in_face, smaller};
use crate::fonts::Role;
use crate::frame::{Frame, Point, Size, Tag, TagKind};
use crate::model::{Heading, Inline, Verse, VerseLine, VersePlacement};
use crate::typeset::flow::keep::{HEADING_KEEP_LINES, verse_kept_whole};
use crate::typeset::flow::{
    DISPLAY_SPACE_LINES, HEADING_SPACE_ABOVE_LINES, Item, KeptBlock, OutlineMark, ParLine,
    PlacedKind,
};
use crate::typeset::inline::Align;
use crate::typeset::style::TextStyle;
use crate::typeset::text::{plain, set_lines, stack, styled_segments};

/// Indent of a whole poem, in em (clreq §3.4.2: verse takes a fixed indent).
const VERSE_INDENT_EM: f32 = 2.0;
/// Space between a poem's author line and its first line, in body lines.
const AUTHOR_SPACE_LINES: f32 = 1.0;
/// Extra indent of a verse line's continuation when it wraps (hanging), in em.
const VERSE_HANG_EM: f32 = 2.0;

/// A poem: indented as a block, no first-line indent, each line its own line
/// (never justified), a long line wrapping with a hanging indent, a blank line
/// between stanzas. A poem of up to 12 lines is never split across pages; a
/// longer one breaks only between stanzas where a stanza is short enough.
/// `title` is the heading of the section the poem opens, when it is the poem's.
pub(super) fn verse(
    cx: &mut Cx<'_>,
    v: &Verse,
    title: Option<&Heading>,
    region: &Region,
    items: &mut Vec<Item>,
) {
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
    let keep_whole = verse_kept_whole(total);
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
    let head = title.map(|h| poem_head(cx, h, v.author.as_deref(), region, &base));
    let above = if head.is_some() {
        HEADING_SPACE_ABOVE_LINES
    } else {
        DISPLAY_SPACE_LINES
    };
    items.push(Item::Space(above * style.pitch));
    if keep_whole {
        let mut all = Vec::new();
        let mut outline = Vec::new();
        if let Some(h) = head {
            all.push(h.frame);
            outline = h.outline;
        }
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
            outline,
            kind: PlacedKind::Verse,
            table: None,
        }));
    } else {
        let mut head = head;
        for (k, s) in stanza_frames.into_iter().enumerate() {
            if k > 0 {
                items.push(Item::Space(style.pitch));
            }
            if verse_kept_whole(s.len()) {
                // The head goes with the whole first stanza.
                let (mut all, outline) = match head.take() {
                    Some(h) => (vec![h.frame], h.outline),
                    None => (vec![], vec![]),
                };
                all.extend(s);
                items.push(Item::Block(KeptBlock {
                    frame: stack(all, style.column_width),
                    keep_lines: 0,
                    outline,
                    kind: PlacedKind::Verse,
                    table: None,
                }));
            } else {
                // A stanza too long to keep: the head keeps its first lines
                // with it, as a heading keeps the lines under it.
                if let Some(h) = head.take() {
                    items.push(Item::Block(KeptBlock {
                        frame: h.frame,
                        keep_lines: HEADING_KEEP_LINES,
                        outline: h.outline,
                        kind: PlacedKind::Heading,
                        table: None,
                    }));
                }
                let par = cx.ids.next();
                let count = s.len();
                for (index, frame) in s.into_iter().enumerate() {
                    items.push(Item::Line(ParLine {
                        frame,
                        par,
                        index,
                        count,
                        notes: Vec::new(),
                        with_prev: false,
                    }));
                }
            }
        }
    }
    items.push(Item::Space(DISPLAY_SPACE_LINES * style.pitch));
}

/// A poem's title, sub-heading and author, set as one frame of whole lines.
struct PoemHead {
    frame: Frame,
    outline: Vec<OutlineMark>,
}

/// The poem's head: the title (and sub-heading) in the heading's face and
/// size, tagged as the heading and entered in the outline, on the grid; the
/// author under it in Kai one size down, never justified, and a blank line
/// under the author. Both stand where
/// the poem's lines stand: at the poem's indent (`base`), or centred on the
/// poem (which is centred in `region`).
fn poem_head(
    cx: &mut Cx<'_>,
    h: &Heading,
    author: Option<&[Inline]>,
    region: &Region,
    base: &Region,
) -> PoemHead {
    let style = cx.style;
    let (x, width, align) = match cx.issue.layout.verse {
        VersePlacement::Indent => (base.left, base.width(style), Align::Start),
        VersePlacement::Centre => (region.left, region.width(style), Align::Center),
    };
    let mut frame = Frame::new(Size::new(style.column_width, 0.0));
    let mut outline = Vec::new();
    let mut y = 0.0;
    let (level, title_ts, sub_ts) = heading_styles(style, h);
    let parts = [
        (Some(&h.title), title_ts, level),
        (h.subtitle.as_ref(), sub_ts, level + 1),
    ];
    for (text, ts, level) in parts {
        let Some(text) = text else { continue };
        let lines = set_lines(cx.fonts, plain(text, &ts), &ts, width, 0.0, align, false);
        if lines.is_empty() {
            continue;
        }
        let f = stack(lines, width);
        let fh = f.size.h;
        if !region.in_box {
            outline.push((text.clone(), level, y));
        }
        let tag = Tag {
            id: cx.ids.next(),
            kind: TagKind::Heading(level),
            parents: region.parents.clone(),
        };
        frame.push_frame(Point::new(x, y), f, Some(tag));
        y += fh;
    }
    // The title in whole body lines, centred in them (as a heading is).
    let grid_h = style.to_grid(y);
    let shift = (grid_h - y) / 2.0;
    for (p, _) in &mut frame.items {
        p.y += shift;
    }
    for o in &mut outline {
        o.2 += shift;
    }
    y = grid_h;
    if let Some(author) = author {
        let ts = in_face(smaller(style, region.text, SMALL_SCALE), Role::Caption);
        let id = cx.ids.next();
        for runs in styled_segments(author, &ts) {
            for f in set_lines(cx.fonts, runs, &ts, width, 0.0, align, false) {
                let fh = f.size.h;
                frame.push_frame(Point::new(x, y), f, region.tag(id, TagKind::Para));
                y += fh;
            }
        }
        // A blank line parts the head from the poem, which would otherwise
        // read the author as its first line (副刊 practice).
        y = style.to_grid(y) + AUTHOR_SPACE_LINES * style.pitch;
    }
    frame.size.h = y;
    PoemHead { frame, outline }
}

/// The natural width of a verse line (its widest hard-broken piece).
fn verse_line_width(cx: &Cx<'_>, line: &VerseLine, ts: &TextStyle) -> f32 {
    styled_segments(&line.content, ts)
        .into_iter()
        .flat_map(|runs| set_lines(cx.fonts, runs, ts, 1e5, 0.0, Align::Start, false))
        .map(|f| content_width(&f))
        .fold(0.0, f32::max)
}

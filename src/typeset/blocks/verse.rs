//! Poems: indented or centred as a block, each line its own line, kept
//! whole up to 12 lines.

use super::{Cx, Region, content_width};
use crate::frame::{Frame, Point, Size, TagKind};
use crate::model::{Verse, VerseLine, VersePlacement};
use crate::typeset::flow::keep::verse_kept_whole;
use crate::typeset::flow::{DISPLAY_SPACE_LINES, Item, KeptBlock, ParLine, PlacedKind};
use crate::typeset::inline::Align;
use crate::typeset::style::TextStyle;
use crate::typeset::text::{set_lines, stack, styled_segments};

/// Indent of a whole poem, in em (clreq §3.4.2: verse takes a fixed indent).
const VERSE_INDENT_EM: f32 = 2.0;
/// Extra indent of a verse line's continuation when it wraps (hanging), in em.
const VERSE_HANG_EM: f32 = 2.0;

/// A poem: indented as a block, no first-line indent, each line its own line
/// (never justified), a long line wrapping with a hanging indent, a blank line
/// between stanzas. A poem of up to 12 lines is never split across pages; a
/// longer one breaks only between stanzas where a stanza is short enough.
pub(super) fn verse(cx: &mut Cx<'_>, v: &Verse, region: &Region, items: &mut Vec<Item>) {
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
    items.push(Item::Space(DISPLAY_SPACE_LINES * style.pitch));
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
            kind: PlacedKind::Verse,
            table: None,
        }));
    } else {
        for (k, s) in stanza_frames.into_iter().enumerate() {
            if k > 0 {
                items.push(Item::Space(style.pitch));
            }
            if verse_kept_whole(s.len()) {
                items.push(Item::Block(KeptBlock {
                    frame: stack(s, style.column_width),
                    keep_lines: 0,
                    outline: vec![],
                    kind: PlacedKind::Verse,
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
    items.push(Item::Space(DISPLAY_SPACE_LINES * style.pitch));
}

/// The natural width of a verse line (its widest hard-broken piece).
fn verse_line_width(cx: &Cx<'_>, line: &VerseLine, ts: &TextStyle) -> f32 {
    styled_segments(&line.content, ts)
        .into_iter()
        .flat_map(|runs| set_lines(cx.fonts, runs, ts, 1e5, 0.0, Align::Start, false))
        .map(|f| content_width(&f))
        .fold(0.0, f32::max)
}

//! Section headings, with or without a sub-heading, kept with their text.

use super::Region;
use crate::fonts::Fonts;
use crate::frame::{Frame, Point, Size, Tag, TagKind};
use crate::model::Heading;
use crate::typeset::collect::Ids;
use crate::typeset::flow::keep::HEADING_KEEP_LINES;
use crate::typeset::flow::{HEADING_SPACE_ABOVE_LINES, Item, KeptBlock, PlacedKind};
use crate::typeset::inline::Align;
use crate::typeset::style::{Style, TextStyle};
use crate::typeset::text::{plain, set_lines, stack};

/// A section heading and its sub-heading, centred in Hei (clreq §4.1.2), kept
/// as one block with the next lines (§4.1.3).
pub(crate) fn collect_heading(
    h: &Heading,
    fonts: &Fonts,
    style: &Style,
    ids: &mut Ids,
    region: &Region,
    items: &mut Vec<Item>,
) {
    let width = region.width(style);
    let mut out = Frame::new(Size::new(style.column_width, 0.0));
    let mut y = 0.0;
    let mut outline = Vec::new();
    let mut add = |text: &str, ts: &TextStyle, level: u8, out: &mut Frame, y: &mut f32| {
        let lines = set_lines(fonts, plain(text, ts), ts, width, 0.0, Align::Center, true);
        if lines.is_empty() {
            return;
        }
        let f = stack(lines, width);
        let fh = f.size.h;
        if !region.in_box {
            outline.push((text.to_string(), level, *y));
        }
        out.push_frame(
            Point::new(region.left, *y),
            f,
            Some(Tag {
                id: ids.next(),
                kind: TagKind::Heading(level),
                parents: region.parents.clone(),
            }),
        );
        *y += fh;
    };
    let (level, title_ts, sub_ts) = heading_styles(style, h);
    add(&h.title, &title_ts, level, &mut out, &mut y);
    if let Some(sub) = &h.subtitle {
        add(sub, &sub_ts, level + 1, &mut out, &mut y);
    }
    // Centre the pair in whole body lines.
    let grid_h = style.to_grid(y);
    let shift = (grid_h - y) / 2.0;
    for (p, _) in &mut out.items {
        p.y += shift;
    }
    for o in &mut outline {
        o.2 += shift;
    }
    out.size.h = grid_h;
    items.push(Item::Space(HEADING_SPACE_ABOVE_LINES * style.pitch));
    items.push(Item::Block(KeptBlock {
        frame: out,
        keep_lines: HEADING_KEEP_LINES,
        outline,
        kind: PlacedKind::Heading,
        table: None,
    }));
}

/// A heading's outline level and the styles of its title and sub-heading
/// (clreq §4.1.2: each level one size step down; `##` is the section heading).
pub(super) fn heading_styles(style: &Style, h: &Heading) -> (u8, TextStyle, TextStyle) {
    let level = h.level.max(2) - 1;
    let deeper = TextStyle {
        size: style.body_text.size * 1.05,
        pitch: style.pitch,
        ..style.subheading
    };
    let (title_ts, sub_ts) = match level {
        1 => (style.heading, style.subheading),
        2 => (style.subheading, deeper),
        _ => (deeper, deeper),
    };
    (level, title_ts, sub_ts)
}

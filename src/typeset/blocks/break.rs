//! Section breaks: a centred ornament on a line of its own.

use super::{Cx, Region};
use crate::frame::{Frame, Point, Size, TagKind};
use crate::model::Break;
use crate::typeset::flow::keep::BREAK_KEEP_LINES;
use crate::typeset::flow::{HEADING_SPACE_ABOVE_LINES, Item, KeptBlock, PlacedKind};
use crate::typeset::inline::Align;
use crate::typeset::text::{plain, set_lines};

/// A section break: the ornament centred on a line of its own, on the grid,
/// kept with the lines after it (never the last thing on a page or in a
/// column, where it would part nothing).
pub(super) fn section_break(cx: &mut Cx<'_>, b: &Break, region: &Region, items: &mut Vec<Item>) {
    let style = cx.style;
    let glyph = b.glyph.clone().unwrap_or_else(|| "※　※　※".to_string());
    let ts = region.text;
    let lines = set_lines(
        cx.fonts,
        plain(&glyph, &ts),
        &ts,
        region.width(style),
        0.0,
        Align::Center,
        true,
    );
    let id = cx.ids.next();
    let h: f32 = lines.iter().map(|l| l.size.h).sum();
    let mut frame = Frame::new(Size::new(style.column_width, style.to_grid(h)));
    let mut y = (frame.size.h - h) / 2.0;
    for line in lines {
        let lh = line.size.h;
        frame.push_frame(
            Point::new(region.left, y),
            line,
            region.tag(id, TagKind::Para),
        );
        y += lh;
    }
    items.push(Item::Space(HEADING_SPACE_ABOVE_LINES * style.pitch));
    items.push(Item::Block(KeptBlock {
        frame,
        keep_lines: BREAK_KEEP_LINES,
        outline: Vec::new(),
        kind: PlacedKind::SectionBreak,
        table: None,
    }));
    items.push(Item::Space(HEADING_SPACE_ABOVE_LINES * style.pitch));
}

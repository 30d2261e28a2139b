//! Section breaks: a centred ornament on a line of its own.

use super::{Cx, Region, push_lines};
use crate::frame::TagKind;
use crate::model::Break;
use crate::typeset::flow::{HEADING_SPACE_ABOVE_LINES, Item};
use crate::typeset::inline::Align;
use crate::typeset::text::{plain, set_lines};

/// A section break: the ornament centred on a line of its own, on the grid.
pub(super) fn section_break(cx: &mut Cx<'_>, b: &Break, region: &Region, items: &mut Vec<Item>) {
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

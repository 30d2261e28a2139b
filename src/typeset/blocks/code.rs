//! Preformatted text.

use super::{Cx, PARA_INDENT_EM, Region, SMALL_SCALE, push_lines, smaller};
use crate::frame::{Frame, Size, TagKind};
use crate::model::Code;
use crate::typeset::flow::{DISPLAY_SPACE_LINES, Item};
use crate::typeset::inline::Align;
use crate::typeset::text::{plain, set_lines};

/// Preformatted text: each line as written, inset 2 em, never justified.
pub(super) fn code(cx: &mut Cx<'_>, c: &Code, region: &Region, items: &mut Vec<Item>) {
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
    items.push(Item::Space(DISPLAY_SPACE_LINES * style.pitch));
    push_lines(cx, frames, &inner, TagKind::Para, items);
    items.push(Item::Space(DISPLAY_SPACE_LINES * style.pitch));
}

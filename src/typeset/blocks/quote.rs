//! Quotations (引文): inset 2 em on both sides, in Kai.

use super::{Cx, Region, block, in_face};
use crate::fonts::Role;
use crate::frame::TagKind;
use crate::model::Quote;
use crate::typeset::flow::{DISPLAY_SPACE_LINES, Item};

/// Inset of a quotation (引文) on both sides, in em (clreq §3.4.2).
const QUOTE_INSET_EM: f32 = 2.0;

/// A quotation (引文): indented 2 em on both sides, in Kai, a line of space
/// above and below; paragraphs keep the quotation marks as written (clreq:
/// each opens with “, only the last closes).
pub(super) fn quote(cx: &mut Cx<'_>, q: &Quote, region: &Region, items: &mut Vec<Item>) {
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
    items.push(Item::Space(DISPLAY_SPACE_LINES * style.pitch));
    for b in &q.body {
        block(cx, b, &inner, items);
    }
    items.push(Item::Space(DISPLAY_SPACE_LINES * style.pitch));
}

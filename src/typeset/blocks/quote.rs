//! Quotations (引文): inset 2 em on both sides, in Kai.

use super::{Cx, Region, block, in_face};
use crate::fonts::Role;
use crate::frame::TagKind;
use crate::model::Quote;
use crate::typeset::flow::keep::{MIN_LINES_AFTER_BREAK, MIN_LINES_BEFORE_BREAK};
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
    let from = items.len();
    for b in &q.body {
        block(cx, b, &inner, items);
    }
    keep_lines_together(&mut items[from..]);
    items.push(Item::Space(DISPLAY_SPACE_LINES * style.pitch));
}

/// The widow and orphan rule (clreq §3.4.4) for a quotation as a whole: a
/// break between its paragraphs leaves at least two of its lines on each
/// side, so a quotation of two one-line paragraphs is never split one line
/// on each page. A paragraph that would start a column with fewer before it,
/// or with fewer from it to the end, is kept with the lines before it
/// ([`crate::typeset::flow::ParLine::with_prev`]).
fn keep_lines_together(items: &mut [Item]) {
    let total = items.iter().filter(|i| matches!(i, Item::Line(_))).count();
    let mut before = 0;
    for item in items.iter_mut() {
        if let Item::Line(l) = item {
            if l.index == 0 && before > 0 {
                let keep = MIN_LINES_BEFORE_BREAK.max(MIN_LINES_AFTER_BREAK);
                l.with_prev |= before < keep || total - before < keep;
            }
            before += 1;
        }
    }
    // A paragraph's further lines carry its mark too.
    let mut mark = false;
    for item in items.iter_mut() {
        if let Item::Line(l) = item {
            if l.index == 0 {
                mark = l.with_prev;
            }
            l.with_prev = mark;
        }
    }
}

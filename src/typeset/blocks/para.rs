//! Paragraphs by role: body, dateline and author note lines, and a notice's
//! flush-left salutation and flush-right sign-off.

use super::{Cx, Region, SMALL_SCALE, in_face, lines, par_frames, push_noted_lines, smaller};
use crate::fonts::Role;
use crate::frame::TagKind;
use crate::model::{Inline, Para, ParaRole};
use crate::typeset::flow::Item;
use crate::typeset::inline::Align;

/// A paragraph by role: body and dateline paragraphs justified with a 2 em
/// indent; the author note smaller, in Kai.
pub(super) fn para(cx: &mut Cx<'_>, p: &Para, region: &Region, items: &mut Vec<Item>) {
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
        ParaRole::Salutation => lines(
            cx,
            &p.content,
            region,
            region.text,
            0.0,
            TagKind::Para,
            items,
        ),
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
    let from = items.len();
    push_noted_lines(cx, frames, region, TagKind::Para, items);
    for item in &mut items[from..] {
        if let Item::Line(l) = item {
            l.with_prev = true;
        }
    }
}

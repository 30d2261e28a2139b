//! Turns of an interview (Q&A): the speaker in Hei, the words as a body
//! paragraph or hanging on the label.

use super::{Cx, Region, content_width, hanging_indent, in_face, lines, push_lines};
use crate::fonts::Role;
use crate::frame::{FrameItem, Point, TagKind};
use crate::model::{Inline, QaStyle, Turn};
use crate::typeset::flow::Item;
use crate::typeset::inline::Align;
use crate::typeset::text::{plain, set_lines};

/// A turn of an interview: the speaker in Hei, the words as a body paragraph
/// (the newspaper style, clreq §3.4.1's 2 em indent), or hanging with
/// `[layout] qa = "hanging"`.
pub(super) fn turn(cx: &mut Cx<'_>, t: &Turn, region: &Region, items: &mut Vec<Item>) {
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

//! Boxes (编者按, 记者手记, 链接 …): a label on a rule, the text inset, a
//! rule under it.

use super::{Cx, Region, SMALL_SCALE, block, in_face, rule, smaller};
use crate::fonts::Role;
use crate::frame::{Frame, Point, Size, TagKind};
use crate::model::{Aside, AsideKind};
use crate::typeset::flow::{DISPLAY_SPACE_LINES, Item, KeptBlock, PlacedKind};
use crate::typeset::inline::Align;
use crate::typeset::style::TextStyle;
use crate::typeset::text::{plain, set_lines};

/// Inset of a box's text from its rules' ends, in em.
const BOX_INSET_EM: f32 = 1.0;
/// Weight of a box's rules, in pt.
const BOX_RULE_PT: f32 = 0.75;

/// A box: its label in Hei on a rule, its blocks inset 1 em (Kai for the
/// editors' note and the notebook, one size down for sidebars), a rule
/// under it. The box breaks across pages like text.
pub(super) fn aside(cx: &mut Cx<'_>, a: &Aside, region: &Region, items: &mut Vec<Item>) {
    let style = cx.style;
    let width = region.width(style);
    let div = cx.ids.next();
    let text = match a.kind {
        AsideKind::EditorsNote | AsideKind::Notebook => in_face(region.text, Role::Caption),
        AsideKind::Sidebar => smaller(style, region.text, SMALL_SCALE),
    };
    let inner = Region {
        text,
        in_box: true,
        ..region
            .within(div, TagKind::Division)
            .inset(BOX_INSET_EM * text.size, BOX_INSET_EM * text.size)
    };
    let accent = style.accent;
    items.push(Item::Space(DISPLAY_SPACE_LINES * style.pitch));
    // The label line with the top rule.
    let label_ts = TextStyle {
        pitch: style.pitch,
        ..in_face(style.body_text, Role::Heading)
    };
    let mut head = Frame::new(Size::new(style.column_width, style.pitch));
    head.push(
        Point::new(region.left, BOX_RULE_PT / 2.0),
        rule(width, BOX_RULE_PT * 2.0, accent),
    );
    if let Some(f) = set_lines(
        cx.fonts,
        plain(&a.label, &label_ts),
        &label_ts,
        width,
        0.0,
        Align::Start,
        false,
    )
    .into_iter()
    .next()
    {
        let id = cx.ids.next();
        head.push_frame(
            Point::new(inner.left, 0.0),
            f,
            inner.tag(id, TagKind::Heading(4)),
        );
    }
    items.push(Item::Block(KeptBlock {
        frame: head,
        keep_lines: 2,
        outline: vec![],
        kind: PlacedKind::BoxLabel,
        table: None,
    }));
    let start = items.len();
    for b in &a.body {
        block(cx, b, &inner, items);
    }
    // The closing rule under the last line.
    let closing = |f: &mut Frame| {
        let h = f.size.h;
        f.push(Point::new(region.left, h), rule(width, BOX_RULE_PT, accent));
    };
    // (An empty box closes under its label.)
    match items[start - 1..]
        .iter_mut()
        .rev()
        .find(|i| matches!(i, Item::Line(_) | Item::Block(_)))
    {
        Some(Item::Line(l)) => closing(&mut l.frame),
        Some(Item::Block(b)) => closing(&mut b.frame),
        _ => {}
    }
    items.push(Item::Space(DISPLAY_SPACE_LINES * style.pitch));
}

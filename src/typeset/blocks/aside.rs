//! Boxes (编者按, 记者手记, 链接 …): a label on a rule, the text inset, a
//! rule under it.

use super::{Cx, Region, SMALL_SCALE, block, in_face, rule, smaller};
use crate::fonts::Role;
use crate::frame::{Frame, Point, Size, TagKind};
use crate::model::{Aside, AsideKind};
use crate::typeset::flow::{BoxCont, DISPLAY_SPACE_LINES, Item, KeptBlock, PlacedKind};
use crate::typeset::inline::Align;
use crate::typeset::style::TextStyle;
use crate::typeset::text::{plain, set_lines};
use std::sync::Arc;

/// Inset of a box's text from its rules' ends, in em.
const BOX_INSET_EM: f32 = 1.0;
/// Weight of a box's rules, in pt.
const BOX_RULE_PT: f32 = 0.75;
/// What follows the label of a box's continued part.
const CONTINUED: &str = "（续）";

/// A box: its label in Hei on a rule, its blocks inset 1 em (Kai for the
/// editors' note and the notebook, one size down for sidebars), a rule
/// under it. The box breaks across columns and pages like text: a part
/// before a break closes with the rule under its last line, and the next
/// part opens with the top rule and the label again, with （续）.
pub(super) fn aside(cx: &mut Cx<'_>, a: &Aside, region: &Region, items: &mut Vec<Item>) {
    let style = cx.style;
    let width = region.width(style);
    let div = cx.ids.next();
    let text = match a.kind {
        AsideKind::EditorsNote | AsideKind::Notebook => in_face(region.text, Role::Caption),
        // One size down on a pitch of its own size (the body's leading),
        // not the body's: 1.6 of its size apart, a sidebar's lines were too
        // far apart for text extraction (poppler) to read them as one block
        // in two columns. The flow puts what follows the box back on the
        // grid (`Item::BoxEnd`).
        AsideKind::Sidebar => {
            let t = smaller(style, region.text, SMALL_SCALE);
            TextStyle {
                pitch: t.size * style.pitch / style.body_text.size,
                ..t
            }
        }
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
    let label_line = |label: &str| {
        let mut head = Frame::new(Size::new(style.column_width, style.pitch));
        head.push(
            Point::new(region.left, BOX_RULE_PT / 2.0),
            rule(width, BOX_RULE_PT * 2.0, accent),
        );
        let label = set_lines(
            cx.fonts,
            plain(label, &label_ts),
            &label_ts,
            width,
            0.0,
            Align::Start,
            false,
        )
        .into_iter()
        .next();
        (head, label)
    };
    // A continued part's opening: the rule and the label with （续）,
    // untagged (an artifact: the label is the box's once).
    let (mut reopen, label) = label_line(&format!("{}{CONTINUED}", a.label));
    if let Some(f) = label {
        reopen.push_frame(Point::new(inner.left, 0.0), f, None);
    }
    items.push(Item::BoxStart(Arc::new(BoxCont {
        id: div,
        head: reopen,
        rule_x: region.left,
        rule_w: width,
        rule_pt: BOX_RULE_PT,
        color: accent,
    })));
    let (mut head, label) = label_line(&a.label);
    if let Some(f) = label {
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
    items.push(Item::BoxEnd);
    items.push(Item::Space(DISPLAY_SPACE_LINES * style.pitch));
}

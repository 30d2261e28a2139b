//! Lists: items hanging on their markers, nested lists indented further.

use super::{Cx, PARA_INDENT_EM, Region, block, content_width};
use crate::frame::{Frame, FrameItem, Point, Size, TagKind};
use crate::model::List;
use crate::typeset::flow::{Item, ParLine};
use crate::typeset::inline::Align;
use crate::typeset::text::{plain, set_lines};

/// The bullets of unnumbered lists, alternating by depth. Both are in every
/// bundled face (GB 2312's ● and ○ rows), so the marker never falls back to
/// whatever system font a machine has (`◦`, U+25E6, is in none of them).
const BULLETS: [&str; 2] = ["•", "○"];

/// The printed marker of item `k` of `l`.
fn marker(l: &List, k: usize, depth: usize) -> String {
    if let Some(m) = &l.items[k].marker {
        return m.clone();
    }
    match l.start {
        Some(s) => format!("{}.", s + k as u64),
        None => BULLETS[depth % 2].to_string(),
    }
}

/// How deep in lists a region is.
fn list_depth(region: &Region) -> usize {
    region
        .parents
        .iter()
        .flat_map(|p| p.iter())
        .filter(|(_, k)| *k == TagKind::List)
        .count()
}

/// A list: each item hangs (凸排, clreq §3.4.1) with its marker in the
/// indent; continuation lines align with the item's text; nested lists
/// indent further.
pub(super) fn list(cx: &mut Cx<'_>, l: &List, region: &Region, items: &mut Vec<Item>) {
    let depth = list_depth(region);
    let list_id = cx.ids.next();
    let in_list = region.within(list_id, TagKind::List);
    let ts = region.text;
    let markers: Vec<String> = (0..l.items.len()).map(|k| marker(l, k, depth)).collect();
    // The hanging indent: the widest marker and a space, at least 2 em.
    let widest = markers
        .iter()
        .map(|m| {
            set_lines(cx.fonts, plain(m, &ts), &ts, 1e5, 0.0, Align::Start, false)
                .first()
                .map_or(0.0, content_width)
        })
        .fold(0.0, f32::max);
    let hang = (widest + ts.size * 0.5).max(ts.size * PARA_INDENT_EM);
    let hang = (hang / ts.size).ceil() * ts.size;
    for (k, item) in l.items.iter().enumerate() {
        let item_id = cx.ids.next();
        let in_item = in_list.within(item_id, TagKind::ListItem);
        let label_id = cx.ids.next();
        let body_id = cx.ids.next();
        let body_region = Region {
            indent_em: 0.0,
            ..in_item.within(body_id, TagKind::ListBody).inset(hang, 0.0)
        };
        let start = items.len();
        for b in &item.body {
            block(cx, b, &body_region, items);
        }
        // The marker goes on the item's first line (a text line, or a block).
        let Some(lines) = set_lines(
            cx.fonts,
            plain(&markers[k], &ts),
            &ts,
            hang,
            0.0,
            Align::Start,
            false,
        )
        .into_iter()
        .next() else {
            continue;
        };
        let tag = in_item.tag(label_id, TagKind::Label);
        let label_pos = Point::new(region.left, 0.0);
        match items.get_mut(start) {
            Some(Item::Line(l)) => l.frame.items.insert(
                0,
                (
                    label_pos,
                    FrameItem::Group(crate::frame::Group { frame: lines, tag }),
                ),
            ),
            Some(Item::Block(b)) => b.frame.items.insert(
                0,
                (
                    label_pos,
                    FrameItem::Group(crate::frame::Group { frame: lines, tag }),
                ),
            ),
            _ => {
                // An empty item: the marker alone on a line.
                let mut line = Frame::new(Size::new(
                    cx.style.column_width,
                    ts.pitch.max(cx.style.pitch),
                ));
                line.push_frame(label_pos, lines, tag);
                let par = cx.ids.next();
                items.insert(
                    start,
                    Item::Line(ParLine {
                        frame: line,
                        par,
                        index: 0,
                        count: 1,
                        notes: Vec::new(),
                        with_prev: false,
                    }),
                );
            }
        }
    }
}

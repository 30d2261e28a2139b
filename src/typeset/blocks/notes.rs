//! End notes: the notes an article sets at its end.

use super::{Cx, Region, SMALL_SCALE, block, lines, rule, smaller};
use crate::frame::{Color, Frame, Point, Size, TagKind};
use crate::model::{BlockKind, Inline};
use crate::typeset::flow::{DISPLAY_SPACE_LINES, Item, KeptBlock, PlacedKind};

/// Length of the short rule above end notes, as a share of the column.
const NOTE_RULE_SHARE: f32 = 0.25;

/// The article's notes at its end (`[layout] notes = "end"`): a short rule,
/// then each note one size down, marked ①②… as in the text. With
/// `notes = "page"` only the notes the page foot does not take (see
/// [`super::super::footnotes::at_foot`]) are set here.
pub(crate) fn end_notes(cx: &mut Cx<'_>, items: &mut Vec<Item>) {
    let notes = &cx.issue.notes;
    let here: Vec<bool> = match cx.style.notes {
        crate::model::NotePlacement::End => vec![true; notes.len()],
        crate::model::NotePlacement::Page => super::super::footnotes::at_foot(cx.issue)
            .into_iter()
            .map(|foot| !foot)
            .collect(),
    };
    if !here.contains(&true) {
        return;
    }
    let style = cx.style;
    let region = Region::column(style);
    items.push(Item::Space(DISPLAY_SPACE_LINES * style.pitch));
    let mut head = Frame::new(Size::new(style.column_width, style.pitch));
    head.push(
        Point::new(0.0, style.pitch / 2.0),
        rule(style.column_width * NOTE_RULE_SHARE, 0.5, Color::Black),
    );
    items.push(Item::Block(KeptBlock {
        frame: head,
        keep_lines: 2,
        outline: vec![],
        kind: PlacedKind::NoteRule,
        table: None,
    }));
    let ts = smaller(style, style.body_text, SMALL_SCALE);
    let mut last_from = items.len();
    for (i, note) in notes.iter().enumerate().filter(|(i, _)| here[*i]) {
        last_from = items.len();
        let id = cx.ids.next();
        let in_note = Region {
            text: ts,
            indent_em: 0.0,
            ..region.within(id, TagKind::Note)
        };
        let mark = crate::cjk::note_mark(i + 1);
        let mut first = true;
        for b in &note.body {
            match (&b.kind, first) {
                (BlockKind::Para(p), true) => {
                    let mut content = vec![Inline::Text(format!("{mark}\u{3000}"))];
                    content.extend(p.content.iter().cloned());
                    lines(cx, &content, &in_note, ts, 0.0, TagKind::Para, items);
                }
                _ => block(cx, b, &in_note, items),
            }
            first = false;
        }
        if note.body.is_empty() {
            lines(
                cx,
                &[Inline::Text(mark)],
                &in_note,
                ts,
                0.0,
                TagKind::Para,
                items,
            );
        }
    }
    // The widow rule for the list as a whole (clreq §3.4.4): a last note
    // of one line never stands alone at a page's or column's top; it goes
    // with the last lines of the note before it.
    let last: Vec<usize> = (last_from..items.len())
        .filter(|&k| matches!(items[k], Item::Line(_)))
        .collect();
    if let [k] = last[..]
        && let Item::Line(l) = &mut items[k]
    {
        l.with_prev = true;
    }
}

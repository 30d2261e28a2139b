//! The keep rules, each a small function or constant with its source: where
//! the flow ([`super::distribute`]) and the balancing ([`super::balance`])
//! may break a column, and what must stay together.

use super::items::{BoxCont, Placed, PlacedKind};
use std::sync::Arc;

/// Lines of a paragraph that must stay together at a page or column break,
/// at its end (no widow: its last line alone at the top of the next page).
pub(crate) const MIN_LINES_AFTER_BREAK: usize = 2;
/// … and at its start (no orphan: its first line alone at the foot of a page).
pub(crate) const MIN_LINES_BEFORE_BREAK: usize = 2;

/// Lines of the following paragraph a heading must keep on its page (clreq §4.1.3, keep-with-next).
pub(crate) const HEADING_KEEP_LINES: usize = 2;

/// Lines of the text after a section break that it keeps on its page: an
/// ornament at a page's or column's foot would part nothing the reader sees.
pub(crate) const BREAK_KEEP_LINES: usize = 2;

/// How many of a paragraph's `remaining` lines (starting at line `start`) go
/// into a region with room for `avail` lines.
///
/// clreq §3.4.4: the last line may not stand alone at the top of the next
/// page (widow), and the first may not stand alone at the foot (orphan).
pub(crate) fn lines_to_place(remaining: usize, start: usize, avail: usize) -> usize {
    if remaining <= avail {
        return remaining;
    }
    let mut m = avail;
    if remaining - m < MIN_LINES_AFTER_BREAK {
        m = remaining.saturating_sub(MIN_LINES_AFTER_BREAK);
    }
    if start == 0 && m < MIN_LINES_BEFORE_BREAK {
        m = 0;
    }
    m
}

/// Whether a kept block is never the last thing in a column: a heading
/// (clreq §4.1.3, keep-with-next) and every block kept with the lines after
/// it (an article's run-on title, a box's label, the note rule, a section
/// break's ornament). Not a
/// poem's stanza: that is kept whole, not with what follows
/// ([`kept_whole_only`]).
pub(crate) fn keeps_with_next(kind: PlacedKind) -> bool {
    matches!(
        kind,
        PlacedKind::Heading
            | PlacedKind::ArticleTitle
            | PlacedKind::BoxLabel
            | PlacedKind::NoteRule
            | PlacedKind::SectionBreak
    )
}

/// Whether a block is kept whole but not with the next: a poem of up to
/// [`VERSE_KEEP_LINES`] lines, or a stanza of a longer one (the first with
/// the poem's title and author). It is never split inside, but a column or
/// page may end after it: a long poem breaks between its stanzas
/// (docs/elements.md, poems: lines kept, a blank line between stanzas;
/// README, "Tables, turns and poems in print").
pub(crate) fn kept_whole_only(kind: PlacedKind) -> bool {
    matches!(kind, PlacedKind::Verse)
}

/// Whether a column may end after `prev` and the next begin with `next`.
pub(crate) fn column_may_break(prev: PlacedKind, next: PlacedKind) -> bool {
    match (prev, next) {
        // clreq §4.1.3: a heading is kept with the text under it.
        (prev, _) if keeps_with_next(prev) => false,
        // A poem breaks between its stanzas (each one block, whole).
        (prev, _) if kept_whole_only(prev) => true,
        // A table's or a box's continuation opens what is under it.
        (PlacedKind::Continued | PlacedKind::BoxContinued, _) => false,
        // clreq §3.4.4: inside a paragraph, neither its first line alone at
        // a column's foot nor its last alone at the next column's top.
        (PlacedKind::Line(p, _, _), PlacedKind::Line(q, index, count)) if p == q => {
            index >= MIN_LINES_BEFORE_BREAK && count - index >= MIN_LINES_AFTER_BREAK
        }
        _ => true,
    }
}

/// Body rows of a table that must stand on each side of a break: a table
/// part that would leave fewer before it (at its opening) or after it moves
/// on to the next region whole; so a table of fewer than twice as many
/// rows that fits a region is never split (jlreq §4.4, Chinese book
/// practice: no lone row at a page's foot or head).
pub(crate) const TABLE_ROWS_AT_BREAK: usize = 3;

/// Whether a table of `left` body rows from the row looked at, of which
/// `fit` fit in the region, may break there: all fit; or the break leaves
/// [`TABLE_ROWS_AT_BREAK`] rows after it and, when the row `opens` the
/// table's part in this region, as many before it. So a short table (fewer
/// than twice as many rows) that fits a region is set whole.
pub(crate) fn table_part_may_break(left: usize, fit: usize, opens: bool) -> bool {
    if fit >= left {
        return true;
    }
    if opens {
        fit.min(left.saturating_sub(TABLE_ROWS_AT_BREAK)) >= TABLE_ROWS_AT_BREAK
    } else {
        fit > 0 && left > TABLE_ROWS_AT_BREAK
    }
}

/// Whether a table's rows may be parted between two columns with `before`
/// of them above the break and `after` under it (jlreq §4.4).
pub(crate) fn table_split_ok(before: usize, after: usize) -> bool {
    before >= TABLE_ROWS_AT_BREAK && after >= TABLE_ROWS_AT_BREAK
}

/// Whether splitting `units` before unit `s` parts a table's rows (the
/// right column then opens with the table's continuation).
pub(crate) fn table_parted(units: &[Placed], s: usize) -> bool {
    s > 0
        && s < units.len()
        && units[s].table.is_some()
        && matches!((units[s - 1].kind, units[s].kind),
            (PlacedKind::TableRow(t, ..), PlacedKind::TableRow(u, ..)) if t == u)
}

/// The boxes that splitting `units` before unit `s` parts, outermost first:
/// the ones both units are part of. The left column's part of each then
/// closes under unit `s - 1` (the innermost first), and the right column
/// opens with their rules and labels again (their continuations), the
/// outermost first.
pub(crate) fn box_parted(units: &[Placed], s: usize) -> Vec<Arc<BoxCont>> {
    if s == 0 || s >= units.len() {
        return vec![];
    }
    units[s - 1]
        .boxes
        .iter()
        .zip(&units[s].boxes)
        .take_while(|(a, b)| a.id == b.id)
        .map(|(_, b)| b.clone())
        .collect()
}

/// For each split of `units` into two columns (the right column's first
/// unit), whether it is allowed and what the right column opens with: a
/// split between two rows of a table costs the table's continuation and
/// needs [`TABLE_ROWS_AT_BREAK`] of its rows on each side; a split inside a
/// box costs the box's continuation (and those of the boxes around it) and
/// needs [`box_split_ok`] for each.
pub(crate) fn split_costs(units: &[Placed]) -> Vec<Option<f32>> {
    let rows_of = |t: u32, range: &[Placed]| {
        range
            .iter()
            .filter(|u| matches!(u.kind, PlacedKind::TableRow(v, ..) if v == t))
            .count()
    };
    (0..=units.len())
        .map(|s| {
            if s == 0 || s == units.len() {
                return Some(0.0);
            }
            if heading_over_floats(&units[..s]) {
                return None;
            }
            // A sign-off keeps with the text before it (GB/T 9704 §7.3.5).
            if units[s].with_prev && matches!(units[s].kind, PlacedKind::Line(_, 0, _)) {
                return None;
            }
            let parted = box_parted(units, s);
            let box_lines = |id: u32, range: &[Placed]| {
                range
                    .iter()
                    .filter(|u| {
                        matches!(u.kind, PlacedKind::Line(..)) && u.boxes.iter().any(|b| b.id == id)
                    })
                    .count()
            };
            if !parted
                .iter()
                .all(|b| box_split_ok(box_lines(b.id, &units[..s]), box_lines(b.id, &units[s..])))
            {
                return None;
            }
            let opens_box: f32 = parted.iter().map(|b| b.head.size.h).sum();
            let (true, PlacedKind::TableRow(t, ..), Some(c)) =
                (table_parted(units, s), units[s].kind, &units[s].table)
            else {
                return Some(opens_box);
            };
            table_split_ok(rows_of(t, &units[..s]), rows_of(t, &units[s..]))
                .then_some(opens_box + c.head.size.h)
        })
        .collect()
}

/// Whether `before` ends with a heading and the photos (or pull quote) set
/// right under it (QA D24): the heading keeps its text through them
/// (clreq §4.1.3), so a column may not end there (a generated issue had a
/// balanced last page leave a heading and its photo at the left column's
/// foot, their text at the right's top).
fn heading_over_floats(before: &[Placed]) -> bool {
    let floats = before
        .iter()
        .rev()
        .take_while(|u| {
            matches!(
                u.kind,
                PlacedKind::Figure | PlacedKind::PhotoGroup | PlacedKind::PullQuote
            )
        })
        .count();
    floats > 0
        && before
            .len()
            .checked_sub(floats + 1)
            .is_some_and(|k| keeps_with_next(before[k].kind))
}

/// A box (编者按, 链接 …) of at most this many lines, its label aside, is
/// kept whole: one that does not fit where it stands moves on whole to the
/// next column or page, as a short table does (QA finding D13: a 链接 box of
/// three lines left its label and one line at a page's foot and 链接（续）
/// with the rest on the next page; Chinese book practice, as for tables
/// under jlreq §4.4: no lone lines of a sidebar at a page's foot or head).
pub(crate) const BOX_KEEP_LINES: usize = 8;

/// Lines of a longer box that must stand on each side of a break in it (as
/// [`TABLE_ROWS_AT_BREAK`] rows of a table).
pub(crate) const BOX_LINES_AT_BREAK: usize = 3;

/// Whether a box of `lines` lines, of which the first `fit` fit in the
/// region where it would start (`whole`: all of it, its label and spaces
/// included), may start there: all of it fits; or it is longer than
/// [`BOX_KEEP_LINES`] and [`BOX_LINES_AT_BREAK`] of its lines fit.
pub(crate) fn box_may_start(lines: usize, fit: usize, whole: bool) -> bool {
    whole || (lines > BOX_KEEP_LINES && fit >= BOX_LINES_AT_BREAK)
}

/// How many of a box's `left` lines (from here to its end) may go in this
/// region when `fit` of them fit: all that fit, or, when the box breaks
/// here, few enough that [`BOX_LINES_AT_BREAK`] go over.
pub(crate) fn box_lines_here(left: usize, fit: usize) -> usize {
    if fit >= left {
        left
    } else {
        fit.min(left.saturating_sub(BOX_LINES_AT_BREAK))
    }
}

/// Whether a box may be parted between two columns with `before` of its
/// lines above the break and `after` under it.
pub(crate) fn box_split_ok(before: usize, after: usize) -> bool {
    before + after > BOX_KEEP_LINES && before >= BOX_LINES_AT_BREAK && after >= BOX_LINES_AT_BREAK
}

/// Poems of at most this many lines are never split across pages (Chinese
/// book practice; see docs/elements.md).
pub(crate) const VERSE_KEEP_LINES: usize = 12;

/// Whether a poem (or a stanza of a longer one) of `lines` lines is set as
/// one unbreakable block.
pub(crate) fn verse_kept_whole(lines: usize) -> bool {
    lines <= VERSE_KEEP_LINES
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_poem_breaks_between_stanzas_a_heading_never_after_itself() {
        use PlacedKind::{Heading, Line, Verse};
        // Stanza after stanza, and the text after a poem's last stanza.
        assert!(column_may_break(Verse, Verse));
        assert!(column_may_break(Verse, Line(1, 0, 3)));
        // Before a poem (its title is inside its first stanza's block).
        assert!(column_may_break(Line(1, 2, 3), Verse));
        // A heading keeps with whatever follows, a poem included.
        assert!(!column_may_break(Heading, Verse));
        assert!(!column_may_break(Heading, Line(1, 0, 3)));
        assert!(!keeps_with_next(Verse) && kept_whole_only(Verse));
        assert!(keeps_with_next(Heading) && !kept_whole_only(Heading));
    }

    #[test]
    fn a_short_box_is_kept_whole_a_long_one_breaks_with_three_lines_each_side() {
        for lines in 1..=20 {
            for fit in 0..lines {
                let starts = box_may_start(lines, fit, false);
                assert_eq!(starts, lines > BOX_KEEP_LINES && fit >= 3, "{lines} {fit}");
                let here = box_lines_here(lines, fit);
                assert!(
                    here <= fit && (here == 0 || lines - here >= 3),
                    "{lines} {fit}"
                );
            }
            assert!(box_may_start(lines, lines, true));
            assert_eq!(box_lines_here(lines, lines), lines);
        }
        assert!(!box_split_ok(4, 4) && !box_split_ok(2, 9) && box_split_ok(3, 6));
    }

    #[test]
    fn no_widow_no_orphan() {
        // Everything fits.
        assert_eq!(lines_to_place(3, 0, 5), 3);
        // One line would be left for the next page: pull one more over.
        assert_eq!(lines_to_place(5, 0, 4), 3);
        // Only the first line would fit: move the paragraph.
        assert_eq!(lines_to_place(5, 0, 1), 0);
        // Three lines, two fit: 2 + 1 would widow, 1 + 2 would orphan.
        assert_eq!(lines_to_place(3, 0, 2), 0);
        // In the middle of a paragraph a single line at the foot is fine.
        assert_eq!(lines_to_place(4, 3, 1), 1);
        for remaining in 1..12 {
            for avail in 0..12 {
                let m = lines_to_place(remaining, 0, avail);
                assert!(m <= avail && m <= remaining);
                if m > 0 && m < remaining {
                    assert!(m >= 2, "orphan: {remaining} lines, {avail} room");
                    assert!(remaining - m >= 2, "widow: {remaining} lines, {avail} room");
                }
            }
        }
    }
}

//! Balance: the last page of a two-column issue gets two columns of even
//! length, as newspapers end an article, instead of a full left column and a
//! stub (or an empty right column). The break between the columns obeys the
//! same keep rules as any other: no widow, no orphan (clreq §3.4.4), a
//! heading never at a column's foot (§4.1.3), a poem parted only between
//! its stanzas.

use super::items::{DISPLAY_SPACE_LINES, HEADING_SPACE_ABOVE_LINES, Placed, PlacedKind};
use super::keep::{column_may_break, keeps_with_next, kept_whole_only};

/// Heights closer than this (pt) count as equal.
const EPS: f32 = 0.01;

/// The columns of the last page's region.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TwoColumns {
    /// Left edge of each column.
    pub x: [f32; 2],
    /// Top of the region (below the title block on page 1).
    pub top: f32,
    /// Height of the region.
    pub height: f32,
}

/// One unit moved by balancing: its column's left edge and its top before
/// and after, and its height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Moved {
    pub old_x: f32,
    pub new_x: f32,
    pub old_y: f32,
    pub new_y: f32,
    pub height: f32,
}

/// What balancing did: the first unit of the right column, and the units
/// that may hold bookmarks ([`PlacedKind::holds_marks`]: headings, poems
/// with their titles) that moved.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Balanced {
    pub split: usize,
    pub moved: Vec<Moved>,
}

/// Re-set `units` (the last page's content in reading order, title block
/// excluded) into two columns of even length. `space_before(prev, next)`
/// gives the space the flow puts between two units when they stand in one
/// column (it is dropped at a column's top). `split_cost[s]`, when given,
/// says whether the right column may begin with unit `s` (`None`: not
/// there) and how much it then opens with (a table's continuation, pt).
/// `foot(s)` is the height the page-foot notes take at the foot of the
/// left and the right column when the right one begins with unit `s` (each
/// note goes to the column of the line that brought it).
/// Returns the split and the headings (and titled poems) that moved, so
/// their bookmarks can follow; `None` (nothing moved) when balancing would
/// not make the longer column shorter.
pub(crate) fn balance(
    units: &mut [Placed],
    cols: TwoColumns,
    space_before: impl Fn(PlacedKind, PlacedKind) -> f32,
    split_cost: &[Option<f32>],
    foot: impl Fn(usize) -> [f32; 2],
) -> Option<Balanced> {
    let n = units.len();
    if n < 2 {
        return None;
    }
    let cost = |s: usize| split_cost.get(s).copied().unwrap_or(Some(0.0));
    let column = |p: &Placed| usize::from(p.pos.x > cols.x[0] + EPS);
    // The space between each unit and the one before it in one column:
    // measured where both stood in one column, else what the flow would put.
    let gap: Vec<f32> = (0..n)
        .map(|i| {
            if i == 0 {
                0.0
            } else if column(&units[i]) == column(&units[i - 1]) {
                (units[i].pos.y - (units[i - 1].pos.y + units[i - 1].frame.size.h)).max(0.0)
            } else {
                space_before(units[i - 1].kind, units[i].kind)
            }
        })
        .collect();
    let length = |range: std::ops::Range<usize>| -> f32 {
        let start = range.start;
        range
            .map(|i| units[i].frame.size.h + if i > start { gap[i] } else { 0.0 })
            .sum()
    };
    let split_now = (0..n).find(|&i| column(&units[i]) == 1).unwrap_or(n);
    let longest_now = length(0..split_now).max(length(split_now..n));
    // The split (first unit of the right column) with the shortest longer
    // column; on a tie, the left column is the longer one.
    let best = (1..=n)
        .filter(|&s| {
            s == n || (column_may_break(units[s - 1].kind, units[s].kind) && cost(s).is_some())
        })
        .map(|s| {
            (
                s,
                length(0..s),
                length(s..n) + cost(s).filter(|_| s < n).unwrap_or(0.0),
            )
        })
        .filter(|&(s, left, right)| {
            let [foot_l, foot_r] = foot(s);
            left + foot_l <= cols.height + EPS && right + foot_r <= cols.height + EPS
        })
        .min_by(|a, b| {
            let (la, lb) = (a.1.max(a.2), b.1.max(b.2));
            la.total_cmp(&lb).then(b.0.cmp(&a.0))
        });
    let (split, left, right) = best?;
    if left.max(right) >= longest_now - EPS {
        return None;
    }
    let mut moved = Vec::new();
    let mut y = cols.top;
    for (i, unit) in units.iter_mut().enumerate() {
        if i == split {
            y = cols.top + cost(split).unwrap_or(0.0);
        } else if i > 0 {
            y += gap[i];
        }
        let col = usize::from(i >= split);
        let to_x = cols.x[col];
        if unit.kind.holds_marks()
            && ((unit.pos.y - y).abs() > EPS || (unit.pos.x - to_x).abs() > EPS)
        {
            moved.push(Moved {
                old_x: unit.pos.x,
                new_x: to_x,
                old_y: unit.pos.y,
                new_y: y,
                height: unit.frame.size.h,
            });
        }
        unit.pos.x = cols.x[col];
        unit.pos.y = y;
        y += unit.frame.size.h;
    }
    Some(Balanced { split, moved })
}

/// Take out the table and box continuations standing inside `units` (not
/// the ones opening the page: those before its first unit of text or rows,
/// floats aside), with the closing rule of the unit they followed:
/// balancing sets the columns anew.
pub(super) fn drop_inner_continuations(units: &mut Vec<Placed>) {
    let opening = |u: &Placed| {
        matches!(
            u.kind,
            PlacedKind::Continued
                | PlacedKind::BoxContinued
                | PlacedKind::Figure
                | PlacedKind::PullQuote
                | PlacedKind::PhotoGroup
        )
    };
    let mut k = units
        .iter()
        .position(|u| !opening(u))
        .map_or(units.len(), |k| k + 1);
    while k < units.len() {
        match units[k].kind {
            PlacedKind::Continued => {
                let id = units.remove(k).table.map(|c| c.table);
                if let Some(closer) = units[..k]
                    .iter_mut()
                    .rev()
                    .find(|u| u.closes && u.table.as_ref().map(|c| c.table) == id)
                {
                    closer.closes = false;
                }
            }
            PlacedKind::BoxContinued => {
                // The box it reopens is the innermost of its boxes.
                let id = units.remove(k).boxes.last().map(|b| b.id);
                if let Some(closer) = units[..k]
                    .iter_mut()
                    .rev()
                    .find(|u| u.closes_boxes.iter().any(|b| Some(b.id) == id))
                {
                    closer.closes_boxes.retain(|b| Some(b.id) != id);
                }
            }
            _ => k += 1,
        }
    }
}

/// The space the flow puts between `prev` and `next` standing in one
/// column, at body pitch `pitch`: a line around figures and floats, above
/// kept blocks and a table's first part, under its last, and around a poem
/// and between its stanzas.
pub(super) fn space_between(prev: PlacedKind, next: PlacedKind, pitch: f32) -> f32 {
    match (prev, next) {
        (_, PlacedKind::Figure | PlacedKind::PullQuote | PlacedKind::PhotoGroup)
        | (PlacedKind::Figure | PlacedKind::PullQuote | PlacedKind::PhotoGroup, _) => {
            DISPLAY_SPACE_LINES * pitch
        }
        (_, k) if keeps_with_next(k) => HEADING_SPACE_ABOVE_LINES * pitch,
        // A blank line above a poem, between its stanzas and under it.
        (_, k) if kept_whole_only(k) => DISPLAY_SPACE_LINES * pitch,
        (k, _) if kept_whole_only(k) => DISPLAY_SPACE_LINES * pitch,
        (_, PlacedKind::TableRow(_, 0, _)) => DISPLAY_SPACE_LINES * pitch,
        (PlacedKind::TableRow(t, ..), PlacedKind::TableRow(u, ..)) if t == u => 0.0,
        (PlacedKind::TableRow(_, r, n), _) if r + 1 == n => DISPLAY_SPACE_LINES * pitch,
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::{Frame, Point, Size};

    const PITCH: f32 = 10.0;

    fn unit(kind: PlacedKind, col: usize, y: f32, h: f32) -> Placed {
        let x = if col == 0 { 0.0 } else { 100.0 };
        Placed::new(0, Point::new(x, y), Frame::new(Size::new(90.0, h)), kind)
    }

    fn lines(par: u32, count: usize, col: usize, top: f32) -> Vec<Placed> {
        (0..count)
            .map(|i| {
                unit(
                    PlacedKind::Line(par, i, count),
                    col,
                    top + i as f32 * PITCH,
                    PITCH,
                )
            })
            .collect()
    }

    const COLS: TwoColumns = TwoColumns {
        x: [0.0, 100.0],
        top: 0.0,
        height: 200.0,
    };

    fn bottoms(units: &[Placed]) -> [f32; 2] {
        let mut b = [0.0f32; 2];
        for u in units {
            let c = usize::from(u.pos.x > 50.0);
            b[c] = b[c].max(u.pos.y + u.frame.size.h);
        }
        b
    }

    #[test]
    fn one_column_of_text_splits_in_half() {
        let mut units = lines(1, 5, 0, 0.0);
        units.extend(lines(2, 5, 0, 50.0));
        balance(&mut units, COLS, |_, _| 0.0, &[], |_| [0.0; 2]);
        assert_eq!(bottoms(&units), [50.0, 50.0]);
    }

    #[test]
    fn the_split_keeps_widows_and_orphans_out() {
        // A five-line paragraph and a two-line one: the even split (4 | 3)
        // would leave line 5 alone at the top of the right column, so the
        // shortest columns that keep the rules are 3 | 4.
        let mut units = lines(1, 5, 0, 0.0);
        units.extend(lines(2, 2, 0, 50.0));
        balance(&mut units, COLS, |_, _| 0.0, &[], |_| [0.0; 2]);
        for w in units.windows(2) {
            if w[0].pos.x != w[1].pos.x {
                assert!(column_may_break(w[0].kind, w[1].kind), "{:?}", w[1].kind);
            }
        }
        assert_eq!(bottoms(&units), [30.0, 40.0]);
    }

    #[test]
    fn a_heading_stays_with_its_text() {
        let mut units = lines(1, 4, 0, 0.0);
        units.push(unit(PlacedKind::Heading, 0, 50.0, 30.0));
        units.extend(lines(2, 4, 0, 80.0));
        let moved = balance(
            &mut units,
            COLS,
            |_, next| {
                if next == PlacedKind::Heading {
                    PITCH
                } else {
                    0.0
                }
            },
            &[],
            |_| [0.0; 2],
        )
        .map_or(vec![], |b| b.moved);
        // The heading opens the right column (its space above dropped).
        assert_eq!(units[4].pos, Point::new(100.0, 0.0));
        assert_eq!(bottoms(&units), [40.0, 70.0]);
        assert_eq!(
            moved,
            [Moved {
                old_x: 0.0,
                new_x: 100.0,
                old_y: 50.0,
                new_y: 0.0,
                height: 30.0
            }]
        );
    }

    #[test]
    fn a_poem_splits_between_its_stanzas_and_they_carry_their_marks() {
        // Four lines, then a poem: its first stanza with the title (60 pt)
        // and a 40 pt stanza in the left column, two more in the right, a
        // blank line above each. The even split is after the first stanza
        // (110 | 140), a stanza ending the left column.
        let mut units = lines(1, 4, 0, 0.0);
        units.push(unit(PlacedKind::Verse, 0, 50.0, 60.0));
        units.push(unit(PlacedKind::Verse, 0, 120.0, 40.0));
        units.push(unit(PlacedKind::Verse, 1, 0.0, 40.0));
        units.push(unit(PlacedKind::Verse, 1, 50.0, 40.0));
        let done = balance(
            &mut units,
            COLS,
            |prev, next| space_between(prev, next, PITCH),
            &[],
            |_| [0.0; 2],
        )
        .expect("balances");
        assert_eq!(done.split, 5);
        assert_eq!(bottoms(&units), [110.0, 140.0]);
        assert_eq!(units[6].pos, Point::new(100.0, 50.0));
        // Every stanza that moved is reported: one may hold the poem's
        // bookmark.
        let to: Vec<(f32, f32)> = done.moved.iter().map(|m| (m.new_x, m.new_y)).collect();
        assert_eq!(to, [(100.0, 0.0), (100.0, 50.0), (100.0, 100.0)]);
    }

    #[test]
    fn a_split_may_cost_what_the_right_column_opens_with() {
        // Ten rows of a table in the left column; splits allowed only after
        // the 3rd and the 7th, the right column then opening with a 20 pt
        // continuation: 3 | 20 + 7 rows is worse than 7 | 20 + 3.
        let mut units: Vec<Placed> = (0..10)
            .map(|i| unit(PlacedKind::TableRow(1, i, 10), 0, i as f32 * PITCH, PITCH))
            .collect();
        let mut cost = vec![None; 11];
        cost[0] = Some(0.0);
        cost[10] = Some(0.0);
        cost[3] = Some(20.0);
        cost[7] = Some(20.0);
        let done = balance(&mut units, COLS, |_, _| 0.0, &cost, |_| [0.0; 2]).expect("balances");
        assert_eq!(done.split, 7);
        assert_eq!(units[7].pos, Point::new(100.0, 20.0));
        assert_eq!(bottoms(&units), [70.0, 50.0]);
    }

    #[test]
    fn balanced_columns_are_left_alone() {
        let mut units = lines(1, 6, 0, 0.0);
        units.extend(lines(2, 6, 1, 0.0));
        let before: Vec<Point> = units.iter().map(|u| u.pos).collect();
        balance(&mut units, COLS, |_, _| 0.0, &[], |_| [0.0; 2]);
        assert_eq!(before, units.iter().map(|u| u.pos).collect::<Vec<_>>());
    }
}

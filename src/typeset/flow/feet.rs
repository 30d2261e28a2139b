//! The page-foot notes of a page whose columns are evened out (the last page
//! of two columns): taken out with the line that brought each to the page,
//! and set anew at the foot of that line's column, bottom-aligned under
//! their short rule as the flow sets them. So every note stays at the foot
//! of its reference's column (the Chinese book convention the flow keeps on
//! every other page).

use super::items::{Placed, PlacedKind};
use crate::frame::Point;

/// One note's lines at a foot, and the line that brought it.
struct Entry {
    /// Index of the line that brought the note among the units being evened
    /// out. `None`: the note stays in the left column's foot whatever the
    /// split (it runs on from the page before, or a line above a block
    /// across both columns brought it).
    owner: Option<usize>,
    lines: Vec<Placed>,
}

/// The foot notes taken out of a page's units.
pub(super) struct Feet {
    /// The short rule over a foot, as the flow set it.
    rule: Option<Placed>,
    entries: Vec<Entry>,
}

impl Feet {
    /// Take the foot rules and note lines out of `units` (the units being
    /// evened out; `above`: the page's units above them, under a block
    /// across both columns). `None` when a note is parted between two feet
    /// of the page: the page is then left as the flow set it.
    pub(super) fn take(units: &mut Vec<Placed>, above: &[Placed]) -> Option<Feet> {
        let mut rule = None;
        let mut entries: Vec<(usize, usize, Vec<Placed>)> = Vec::new();
        let mut foot = 0;
        let mut body = Vec::with_capacity(units.len());
        for u in units.drain(..) {
            match u.kind {
                PlacedKind::FootRule => {
                    foot += 1;
                    rule.get_or_insert(u);
                }
                PlacedKind::FootNote(note, first) => match entries.last_mut() {
                    Some((n, f, lines)) if *n == note && first.is_none() => {
                        if *f != foot {
                            // It runs on from one foot of the page to the next.
                            return None;
                        }
                        lines.push(u);
                    }
                    _ => entries.push((note, foot, vec![u])),
                },
                _ => body.push(u),
            }
        }
        *units = body;
        let mut out = Vec::with_capacity(entries.len());
        for (note, _, lines) in entries {
            let runs_on = matches!(lines[0].kind, PlacedKind::FootNote(_, None));
            let owner = units.iter().position(|u| u.notes.contains(&note));
            if owner.is_none() && !runs_on && !above.iter().any(|u| u.notes.contains(&note)) {
                return None;
            }
            out.push(Entry {
                owner: owner.filter(|_| !runs_on),
                lines,
            });
        }
        Some(Feet { rule, entries: out })
    }

    /// Whether the page has any foot note.
    pub(super) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The height of the note lines at each column's foot when the right
    /// column begins with unit `split`.
    pub(super) fn lines_h(&self, split: usize) -> [f32; 2] {
        let mut h = [0.0; 2];
        for e in &self.entries {
            let col = usize::from(e.owner.is_some_and(|o| o >= split));
            h[col] += e.lines.iter().map(|l| l.frame.size.h).sum::<f32>();
        }
        h
    }

    /// Set the notes at the feet of the columns at `x` (left edges), their
    /// rule `head` above the lines, the lines ending at `bottom`: the left
    /// column's foot, then the right's.
    pub(super) fn set(self, split: usize, x: [f32; 2], bottom: f32, head: f32) -> [Vec<Placed>; 2] {
        let mut cols: [Vec<Entry>; 2] = [Vec::new(), Vec::new()];
        for e in self.entries {
            let col = usize::from(e.owner.is_some_and(|o| o >= split));
            cols[col].push(e);
        }
        let mut out: [Vec<Placed>; 2] = [Vec::new(), Vec::new()];
        let Some(rule) = self.rule else { return out };
        for (col, entries) in cols.into_iter().enumerate() {
            if entries.is_empty() {
                continue;
            }
            let lines: Vec<Placed> = entries.into_iter().flat_map(|e| e.lines).collect();
            let lines_h: f32 = lines.iter().map(|l| l.frame.size.h).sum();
            let mut y = bottom - head - lines_h;
            let mut r = rule.clone();
            r.pos = Point::new(x[col], y);
            y += r.frame.size.h;
            out[col].push(r);
            for mut l in lines {
                l.pos = Point::new(x[col], y);
                y += l.frame.size.h;
                out[col].push(l);
            }
        }
        out
    }
}

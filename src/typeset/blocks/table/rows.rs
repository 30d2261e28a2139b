//! A table's rows as set cells, drawn either whole (an unbreakable block) or,
//! for a row taller than a page, in slices one line high: every cell's line
//! `k` goes into slice `k`, so each cell breaks at the same line boundary of
//! the row and the flow places the slices like rows, 续表 and the header
//! over the rest on the next page or column.

use super::super::rule;
use crate::frame::{Color, Frame, Point, Size, Tag};
use crate::typeset::text::stack;

/// One cell: where it stands, its width and its lines.
pub(super) struct Cell {
    /// Left edge of the cell's text in the row's frame, pt.
    pub x: f32,
    /// Width of the cell's text, pt.
    pub inner: f32,
    /// Its lines, each one pitch tall.
    pub lines: Vec<Frame>,
    /// Its structure tag (`TH` or `TD` in its row).
    pub tag: Option<Tag>,
}

/// One row of set cells.
pub(super) struct Row {
    pub cells: Vec<Cell>,
    /// The header row (a thin rule under it).
    pub head: bool,
    /// Lines of its tallest cell (at least one).
    pub lines: usize,
}

/// How a table's rules run: from `x`, `width` long, in frames `frame_w` wide.
#[derive(Clone, Copy)]
pub(super) struct Rules {
    pub x: f32,
    pub width: f32,
    pub frame_w: f32,
    pub pitch: f32,
    pub outer_pt: f32,
    pub head_pt: f32,
}

impl Row {
    /// Its height, pt.
    pub fn height(&self, pitch: f32) -> f32 {
        self.lines as f32 * pitch
    }

    /// The row as one frame (with the rule under it when it is the header).
    pub fn whole(&self, r: &Rules) -> Frame {
        let h = self.height(r.pitch);
        let mut f = Frame::new(Size::new(r.frame_w, h));
        for c in &self.cells {
            f.push_frame(
                Point::new(c.x, 0.0),
                stack(c.lines.clone(), c.inner),
                c.tag.clone(),
            );
        }
        if self.head {
            f.push(Point::new(r.x, h), rule(r.width, r.head_pt, Color::Black));
        }
        f
    }

    /// The row in slices of one line each: slice `k` holds line `k` of
    /// every cell that has one, tagged as the cell (the PDF's tag tree joins
    /// a cell's slices into one element).
    pub fn slices(&self, r: &Rules) -> Vec<Frame> {
        (0..self.lines)
            .map(|k| {
                let mut f = Frame::new(Size::new(r.frame_w, r.pitch));
                for c in &self.cells {
                    if let Some(line) = c.lines.get(k) {
                        f.push_frame(
                            Point::new(c.x, 0.0),
                            stack(vec![line.clone()], c.inner),
                            c.tag.clone(),
                        );
                    }
                }
                f
            })
            .collect()
    }
}

/// Draw the heavy top rule of a table (or of a continuation's header).
pub(super) fn top_rule(f: &mut Frame, r: &Rules) {
    f.push(
        Point::new(r.x, r.outer_pt / 2.0),
        rule(r.width, r.outer_pt, Color::Black),
    );
}

/// Draw the heavy bottom rule under `f`.
pub(super) fn bottom_rule(f: &mut Frame, r: &Rules) {
    let h = f.size.h;
    f.push(
        Point::new(r.x, h - r.outer_pt / 2.0),
        rule(r.width, r.outer_pt, Color::Black),
    );
}

/// The rows as frames, each row whole or (where `slice(k, row)` says, `k`
/// counting the rows from the header) in one-line slices; the top rule over
/// the first, the bottom rule under the last.
pub(super) fn frames(
    rows: &[Row],
    r: &Rules,
    slice: impl Fn(usize, &Row) -> bool,
) -> Vec<Vec<Frame>> {
    let mut out: Vec<Vec<Frame>> = rows
        .iter()
        .enumerate()
        .map(|(k, row)| {
            if !row.head && slice(k, row) {
                row.slices(r)
            } else {
                vec![row.whole(r)]
            }
        })
        .collect();
    if let Some(first) = out.first_mut().and_then(|p| p.first_mut()) {
        top_rule(first, r);
    }
    if let Some(last) = out.last_mut().and_then(|p| p.last_mut()) {
        bottom_rule(last, r);
    }
    out
}

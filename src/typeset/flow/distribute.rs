//! Distribute: flow items → regions (columns of pages), line by line, with
//! the keep rules of [`super::keep`]: no widow, no orphan (clreq §3.4.4),
//! headings kept with their next lines (§4.1.3), figures and pull quotes
//! unsplit and floated to the next region's top when they do not fit where
//! they stand. Each item's kind comes with it ([`super::items`]).

use super::balance::{self, TwoColumns};
use super::feet::Feet;
use super::items::{BoxCont, DISPLAY_SPACE_LINES, Float, Item, OutlineMark, Placed, PlacedKind};
use super::items::{Continuation, TablePart};
use super::keep::{
    MIN_LINES_AFTER_BREAK, MIN_LINES_BEFORE_BREAK, lines_to_place, table_part_may_break,
};
use super::keep::{box_lines_here, box_may_start};
use crate::diag::Sink;
use crate::frame::{Frame, Point};
use crate::typeset::footnotes::{FOOT_HEAD_PITCHES, FootNotes};
use crate::typeset::style::Style;
use crate::typeset::text::NoteRefAt;
use std::collections::VecDeque;
use std::sync::Arc;

/// A figure that does not fit where it stands may shrink to this share of the
/// column width before it floats to the next page (a little smaller reads
/// better than a half-empty page).
const MIN_FIGURE_SHRINK: f32 = 0.85;
/// Photos printing below this resolution get a warning.
pub(crate) const MIN_PRINT_PPI: f32 = 300.0;

/// A bookmark with its place.
#[derive(Debug, Clone)]
pub(crate) struct Mark {
    pub title: String,
    pub level: u8,
    pub page: usize,
    /// The left edge of the column the marked block stands in (balancing
    /// moves a mark with its block, never with a block of the other column).
    pub x: f32,
    pub y: f32,
}

/// The result of distribution.
#[derive(Debug, Default)]
pub(crate) struct Distribution {
    /// Everything placed, in placement order.
    pub placed: Vec<Placed>,
    /// Bookmarks.
    pub marks: Vec<Mark>,
    /// Number of pages used.
    pub pages: usize,
}

/// The flow items not yet placed: the ones looked at so far, then the rest
/// as the source makes them. Distribution only ever looks a paragraph ahead,
/// so only that much is ever set and waiting.
struct Lookahead<I: Iterator<Item = Item>> {
    seen: VecDeque<Item>,
    rest: I,
}

impl<I: Iterator<Item = Item>> Lookahead<I> {
    /// The `k`th item from here, making items as needed.
    fn get(&mut self, k: usize) -> Option<&Item> {
        while self.seen.len() <= k {
            let next = self.rest.next()?;
            self.seen.push_back(next);
        }
        self.seen.get(k)
    }

    /// Take the next item.
    fn take(&mut self) -> Option<Item> {
        self.seen.pop_front().or_else(|| self.rest.next())
    }
}

/// A column of a page.
#[derive(Debug, Clone, Copy)]
struct Region {
    page: usize,
    column: usize,
    x: f32,
    top: f32,
    height: f32,
}

/// The foot of the current region: the note lines set there, and those
/// that run on to the next region's foot.
#[derive(Default)]
struct Foot {
    lines: Vec<(Frame, PlacedKind)>,
    carry: Vec<(Frame, PlacedKind)>,
    /// The page whose notes are being numbered, and the last number given there.
    page: usize,
    count: usize,
}

impl Foot {
    /// Height of a foot holding lines `lines_h` high (0 for no lines).
    fn height(style: &Style, lines_h: f32) -> f32 {
        if lines_h > 0.0 {
            FOOT_HEAD_PITCHES * style.pitch + lines_h
        } else {
            0.0
        }
    }

    fn lines_h(&self) -> f32 {
        self.lines.iter().map(|(f, _)| f.size.h).sum()
    }
}

/// A box open at this point of the flow.
struct OpenBox {
    cont: Arc<BoxCont>,
    /// Whether any of it is placed yet.
    placed: bool,
    /// Its last unit placed in this region (an index into `out.placed`):
    /// that unit closes the box's part at a break.
    last: Option<usize>,
}

/// What placing one note reference means: the mark's number on this page
/// and, for a note not yet set on this page, its entry's lines.
struct RefPlan {
    r: NoteRefAt,
    number: usize,
    entry: Option<Vec<Frame>>,
    /// The entry is the note itself (not a pointer to an earlier page).
    new_note: bool,
}

struct Flow<'a, 'n, F: FnMut(usize, Vec<Placed>)> {
    style: &'a Style,
    /// The page-foot note setter (`notes = "page"`), or `None`.
    notes: Option<FootNotes<'n>>,
    /// This region's foot.
    foot: Foot,
    /// Height taken by the title block on page 1.
    title_h: f32,
    region: Region,
    /// Height used in the region.
    used: f32,
    /// Space waiting to be added before the next content (dropped at a region's foot).
    space: f32,
    /// Floats waiting for the next region's top, in source order.
    pending: Vec<Float>,
    /// The last thing placed in this region is a block (a heading): its
    /// keep rule promised the next lines of text a place right under it.
    /// How many lines (`Some(0)` for a block not kept with the next: a
    /// table's rows, a poem).
    after_heading: Option<usize>,
    /// Placed content of the pages not yet handed on, and the marks and
    /// page count so far.
    out: Distribution,
    /// Pages handed on to `finished` so far.
    handed_on: usize,
    /// The table whose row was the last thing placed in this region.
    table_here: Option<u32>,
    /// Blocks across both columns waiting for the next page's top.
    spans: Vec<Frame>,
    /// The page whose top the spanning blocks take, and their height with
    /// the space under them.
    span_top: Option<(usize, f32)>,
    /// The boxes open at this point of the flow, outermost first.
    boxes: Vec<OpenBox>,
    /// Height of what a box's continued part opens this region with: the
    /// region still counts as empty under it.
    open_h: f32,
    /// Where finished pages go: each page's index and what was placed on
    /// it, in placement order; pages in order, each once, empty ones too.
    finished: F,
}

impl<'a, 'n, F: FnMut(usize, Vec<Placed>)> Flow<'a, 'n, F> {
    fn region(&self, page: usize, column: usize) -> Region {
        let s = self.style;
        let top_off = if page == 0 { self.title_h } else { 0.0 }
            + match self.span_top {
                Some((p, h)) if p == page => h,
                _ => 0.0,
            };
        Region {
            page,
            column,
            x: s.body.x + column as f32 * (s.column_width + s.column_gap),
            top: s.body.y + top_off,
            height: (s.body.h - top_off).max(0.0),
        }
    }

    fn avail(&self) -> f32 {
        if !self.foot.carry.is_empty() {
            // A note runs on from this foot: the region is full.
            return 0.0;
        }
        self.region.height
            - self.used
            - self
                .style
                .to_grid(Foot::height(self.style, self.foot.lines_h()))
    }

    fn avail_lines(&self) -> usize {
        ((self.avail() - self.space + 0.01) / self.style.pitch)
            .floor()
            .max(0.0) as usize
    }

    fn at_top(&self) -> bool {
        self.used <= self.open_h + 0.01
    }

    fn place(&mut self, frame: Frame, kind: PlacedKind) -> f32 {
        // What is placed while a box is open is the box's, floats aside.
        let floats = matches!(
            kind,
            PlacedKind::Figure | PlacedKind::PullQuote | PlacedKind::PhotoGroup | PlacedKind::Span
        );
        let depth = if floats { 0 } else { self.boxes.len() };
        self.place_in(frame, kind, depth)
    }

    /// Place `frame` as a unit of the `depth` outermost open boxes.
    fn place_in(&mut self, frame: Frame, kind: PlacedKind, depth: usize) -> f32 {
        if !self.at_top() {
            self.used += self.space;
        }
        self.space = 0.0;
        self.after_heading = None;
        let y = self.region.top + self.used;
        self.used += frame.size.h;
        let k = self.out.placed.len();
        let boxes = self.boxes[..depth]
            .iter_mut()
            .map(|b| {
                b.placed = true;
                b.last = Some(k);
                b.cont.clone()
            })
            .collect();
        self.out.placed.push(Placed {
            boxes,
            ..Placed::new(self.region.page, Point::new(self.region.x, y), frame, kind)
        });
        self.out.pages = self.out.pages.max(self.region.page + 1);
        y
    }

    /// Move to the next column or page and put waiting floats at its top;
    /// the boxes that go on are closed here, the innermost first, and
    /// reopened there, the outermost first.
    fn next_region(&mut self, sink: &mut Sink) {
        for b in self.boxes.iter_mut().rev() {
            if let Some(k) = b.last.take()
                && let Some(p) = self.out.placed.get_mut(k)
            {
                p.closes_boxes.push(b.cont.clone());
            }
        }
        self.close_foot();
        let (page, column) = if self.region.column + 1 < self.style.columns {
            (self.region.page, self.region.column + 1)
        } else {
            (self.region.page + 1, 0)
        };
        if page > self.region.page {
            // Nothing is ever placed on an earlier page: hand the finished ones on.
            self.hand_on(page);
            self.place_spans(page);
        }
        self.region = self.region(page, column);
        self.table_here = None;
        self.used = 0.0;
        self.open_h = 0.0;
        self.space = 0.0;
        self.out.pages = self.out.pages.max(page + 1);
        self.open_foot();
        let pending = std::mem::take(&mut self.pending);
        let mut rest = pending.into_iter();
        for f in rest.by_ref() {
            // Shrunk a little if need be, as a float where it stands (QA
            // finding D14: at full size only, a second waiting photo went to
            // a page of its own).
            if self.at_top() || self.float_fits(&f) {
                self.place_float(f, true, 0.0, sink);
            } else {
                self.pending.push(f);
                break;
            }
        }
        self.pending.extend(rest);
        // (A box not placed yet opens with its own label; the boxes around
        // it are placed before it.)
        let reopen: Vec<Frame> = self
            .boxes
            .iter()
            .take_while(|b| b.placed)
            .map(|b| b.cont.head.clone())
            .collect();
        if !reopen.is_empty() {
            for (depth, head) in reopen.into_iter().enumerate() {
                self.place_in(head, PlacedKind::BoxContinued, depth + 1);
            }
            self.open_h = self.used;
        }
    }

    /// Put the waiting spanning blocks at the top of `page`, across both
    /// columns, as many as leave room for two lines of text (at least one).
    fn place_spans(&mut self, page: usize) {
        if self.spans.is_empty() {
            return;
        }
        let s = self.style;
        let mut h = self.span_top.filter(|t| t.0 == page).map_or(0.0, |t| t.1);
        let base = self.region(page, 0);
        let (top, height) = (base.top - h, base.height + h);
        let room = height - MIN_LINES_BEFORE_BREAK as f32 * s.pitch;
        let waiting = std::mem::take(&mut self.spans);
        let mut rest = waiting.into_iter();
        for f in rest.by_ref() {
            if h > 0.0 && h + f.size.h > room + 0.01 {
                self.spans.push(f);
                break;
            }
            let y = top + h;
            h += f.size.h + DISPLAY_SPACE_LINES * s.pitch;
            self.place_span_at(page, y, f);
        }
        self.spans.extend(rest);
        self.span_top = Some((page, h));
        self.out.pages = self.out.pages.max(page + 1);
    }

    /// Put the spanning frame `f` at the body's left edge, `y` down `page`.
    fn place_span_at(&mut self, page: usize, y: f32, f: Frame) {
        self.out.placed.push(Placed::new(
            page,
            Point::new(self.style.body.x, y),
            f,
            PlacedKind::Span,
        ));
    }

    /// Place a block across both columns (a table too wide for one) in
    /// reading order: the text before it stays above it, the text after it
    /// goes under it. At the page's top when nothing is on the page yet;
    /// else the columns break where it stands: the page's columns so far are
    /// evened out and it goes under them, when it fits there and no foot
    /// notes are on the page; else it opens the next page (the rest of this
    /// one stays empty under the evened columns).
    fn span(&mut self, f: Frame, sink: &mut Sink) {
        let page = self.region.page;
        if self.used <= 0.01 && self.region.column == 0 && self.foot.lines.is_empty() {
            self.spans.push(f);
            self.place_spans(page);
            self.region = self.region(page, 0);
            return;
        }
        // A float waiting for the next column's top in the left column goes
        // there first, so the columns above the block are evened out with it
        // (else the right column stood empty under the float and the block
        // opened the next page).
        if self.style.columns == 2
            && self.region.column == 0
            && !self.pending.is_empty()
            && self.spans.is_empty()
            && self.boxes.is_empty()
            && self.foot.lines.is_empty()
            && self.foot.carry.is_empty()
        {
            self.next_region(sink);
        }
        // Notes already set at a column's foot would part from their
        // references when the columns are evened out; notes still waiting in
        // the left column's foot go to the page's foot under the block (the
        // left column under it keeps their room), on their references' page.
        let notes_set = !self.foot.carry.is_empty()
            || self
                .out
                .placed
                .iter()
                .any(|p| p.page == page && p.kind == PlacedKind::FootRule);
        let notes_stay = self.foot.lines.is_empty() || self.region.column == 0;
        // (Floats waiting for a column's top would land on evened columns.)
        if self.style.columns == 2
            && !notes_set
            && notes_stay
            && self.spans.is_empty()
            && self.pending.is_empty()
        {
            let s = self.style;
            let foot = s.to_grid(Foot::height(s, self.foot.lines_h()));
            self.balance_page(page);
            let y = self.band_foot(page) + DISPLAY_SPACE_LINES * s.pitch;
            if y + f.size.h + foot <= s.body.y + s.body.h + 0.01 {
                let h = f.size.h;
                self.place_span_at(page, y, f);
                let title = if page == 0 { self.title_h } else { 0.0 };
                let under = y + h + DISPLAY_SPACE_LINES * s.pitch - s.body.y - title;
                self.span_top = Some((page, under));
                self.region = self.region(page, 0);
                self.table_here = None;
                self.used = 0.0;
                self.open_h = 0.0;
                for b in &mut self.boxes {
                    b.last = None;
                }
                self.space = 0.0;
                self.after_heading = None;
                return;
            }
        }
        self.spans.push(f);
        while self.region.page == page {
            self.next_region(sink);
        }
    }

    /// The foot of the lowest thing in `page`'s columns under its last
    /// block across both (or the columns' top).
    fn band_foot(&self, page: usize) -> f32 {
        let top = self.region(page, 0).top;
        self.out
            .placed
            .iter()
            .rev()
            .take_while(|p| {
                p.page == page && !matches!(p.kind, PlacedKind::Title | PlacedKind::Span)
            })
            .map(|p| p.pos.y + p.frame.size.h)
            .fold(top, f32::max)
    }

    /// Close the part of a table before a break: its last row placed here
    /// gets the heavy bottom rule.
    fn close_table(&mut self, cont: &Continuation) {
        if self.table_here != Some(cont.table) {
            return;
        }
        if let Some(last) = self.out.placed.last_mut() {
            last.closes = true;
        }
    }

    /// Set the current region's foot notes at its foot, bottom-aligned
    /// under their rule.
    fn close_foot(&mut self) {
        let lines = std::mem::take(&mut self.foot.lines);
        if lines.is_empty() {
            return;
        }
        let Some(notes) = &self.notes else { return };
        let lines_h: f32 = lines.iter().map(|(f, _)| f.size.h).sum();
        let bottom = self.region.top + self.region.height;
        let mut y = bottom - Foot::height(self.style, lines_h);
        let rule = notes.rule();
        let page = self.region.page;
        let x = self.region.x;
        let h = rule.size.h;
        self.out.placed.push(Placed::new(
            page,
            Point::new(x, y),
            rule,
            PlacedKind::FootRule,
        ));
        y += h;
        for (frame, kind) in lines {
            let h = frame.size.h;
            self.out
                .placed
                .push(Placed::new(page, Point::new(x, y), frame, kind));
            y += h;
        }
    }

    /// At a region's start: number notes anew on a new page, and take the
    /// lines of a note running on from the last foot (leaving room for at
    /// least two body lines).
    fn open_foot(&mut self) {
        if self.foot.page != self.region.page {
            self.foot.page = self.region.page;
            self.foot.count = 0;
        }
        let carry = std::mem::take(&mut self.foot.carry);
        if carry.is_empty() {
            return;
        }
        let room = self.region.height
            - (MIN_LINES_BEFORE_BREAK as f32 + FOOT_HEAD_PITCHES) * self.style.pitch;
        let mut h = 0.0;
        let mut rest = carry.into_iter();
        for (f, kind) in rest.by_ref() {
            if !self.foot.lines.is_empty() && h + f.size.h > room + 0.01 {
                self.foot.carry.push((f, kind));
                break;
            }
            h += f.size.h;
            self.foot.lines.push((f, kind));
        }
        self.foot.carry.extend(rest);
    }

    /// The most of the next `cap` lines (of one paragraph, items
    /// `from..from + cap`) that fit here with their notes at this region's
    /// foot (every new note whole, except that the last may run on to the
    /// next foot once its first line is here), and what each line's
    /// references mean. `before` is the height of a block placed first (a
    /// heading the lines are kept with), space included.
    fn fit_with_notes<I: Iterator<Item = Item>>(
        &mut self,
        items: &mut Lookahead<I>,
        from: usize,
        cap: usize,
        before: Option<f32>,
    ) -> (usize, Vec<Vec<RefPlan>>) {
        let mut body = match before {
            Some(h) => self.used + h,
            None => (if self.at_top() { 0.0 } else { self.space }) + self.used,
        };
        let mut foot_full = self.foot.lines_h();
        let Some(notes) = self.notes.as_mut() else {
            return (cap, Vec::new());
        };
        let style = self.style;
        let page = self.region.page;
        let mut number = self.foot.count;
        let mut plans: Vec<Vec<RefPlan>> = Vec::new();
        let mut fits = 0;
        // Notes planned in this batch: (note, number).
        let mut planned: Vec<(usize, usize)> = Vec::new();
        for j in from..from + cap {
            let Some(Item::Line(l)) = items.get(j) else {
                break;
            };
            body += l.frame.size.h;
            let refs = l.notes.clone();
            let mut line_plan = Vec::new();
            let mut last_first_h = None;
            for r in refs {
                if !notes.is_foot_note(r.note) {
                    continue;
                }
                let here = planned
                    .iter()
                    .find(|(n, _)| *n == r.note)
                    .map(|&(_, k)| k)
                    .or_else(|| notes.set_on(r.note).filter(|s| s.0 == page).map(|s| s.1));
                if let Some(k) = here {
                    line_plan.push(RefPlan {
                        r,
                        number: k,
                        entry: None,
                        new_note: false,
                    });
                    continue;
                }
                number += 1;
                planned.push((r.note, number));
                let (entry, new_note) = match notes.set_on(r.note) {
                    Some((p, k)) => (notes.cross_reference(number, p, k, r.first_id), false),
                    None => (notes.entry(r.note, number, r.first_id), true),
                };
                let h: f32 = entry.iter().map(|f| f.size.h).sum();
                foot_full += h;
                last_first_h = Some(entry.first().map_or(0.0, |f| f.size.h));
                line_plan.push(RefPlan {
                    r,
                    number,
                    entry: Some(entry),
                    new_note,
                });
            }
            // The least foot: all entries whole but the last new one, which
            // needs only its first line here.
            let last_h: f32 = line_plan
                .iter()
                .rev()
                .find_map(|p| p.entry.as_ref())
                .map_or(0.0, |e| e.iter().map(|f| f.size.h).sum());
            let least = match last_first_h {
                Some(first) => foot_full - last_h + first,
                None => foot_full,
            };
            plans.push(line_plan);
            if body + style.to_grid(Foot::height(style, least)) > self.region.height + 0.01 {
                break;
            }
            // A note split at this foot fills it: nothing more goes here.
            let whole = body + style.to_grid(Foot::height(style, foot_full));
            fits = j + 1 - from;
            if whole > self.region.height + 0.01 {
                break;
            }
        }
        (fits, plans)
    }

    /// Give the placed line's marks their numbers and put the entries of its
    /// notes at this foot (the last one running on when it does not fit).
    /// Returns the notes whose entries it brought.
    fn add_notes(&mut self, frame: &mut Frame, plan: Vec<RefPlan>) -> Vec<usize> {
        let mut brought = Vec::new();
        let Some(notes) = self.notes.as_mut() else {
            return brought;
        };
        let page = self.region.page;
        for p in plan {
            notes.renumber(frame, &p.r, p.number);
            self.foot.count = self.foot.count.max(p.number);
            let Some(entry) = p.entry else { continue };
            brought.push(p.r.note);
            if p.new_note {
                notes.record(p.r.note, page, p.number);
            }
            for (k, f) in entry.into_iter().enumerate() {
                let kind = PlacedKind::FootNote(p.r.note, (k == 0).then_some(p.number));
                self.foot.carry.push((f, kind));
            }
        }
        brought
    }

    /// After a batch of lines: move what fits of the waiting entries into
    /// this foot; the rest runs on to the next.
    fn settle_foot(&mut self) {
        let waiting = std::mem::take(&mut self.foot.carry);
        let mut rest = waiting.into_iter();
        for (f, kind) in rest.by_ref() {
            let h = self.foot.lines_h() + f.size.h;
            let first_line = matches!(kind, PlacedKind::FootNote(_, Some(_)));
            let fits = self.used + self.style.to_grid(Foot::height(self.style, h))
                <= self.region.height + 0.01;
            if !fits && !(first_line && self.foot.lines.is_empty()) {
                self.foot.carry.push((f, kind));
                break;
            }
            self.foot.lines.push((f, kind));
        }
        self.foot.carry.extend(rest);
    }

    /// Even out the two columns of `page` under whatever spans both (the
    /// title block, a table across both columns): see [`balance`]. A table's
    /// continuation that the columns no longer break at is dropped (and the
    /// closing rule over it), and one opens the right column when the split
    /// parts a table's rows, which keep [`super::keep::TABLE_ROWS_AT_BREAK`] on each side.
    /// The bookmarks of headings that move go with them. Returns the foot of
    /// the longer column when anything moved.
    fn balance_page(&mut self, page: usize) -> Option<f32> {
        let (left, right) = (self.region(page, 0), self.region(page, 1));
        let cols = TwoColumns {
            x: [left.x, right.x],
            top: left.top,
            height: left.height,
        };
        let on_page = self.out.placed.partition_point(|p| p.page < page);
        let start = self.out.placed[on_page..]
            .iter()
            .rposition(|p| matches!(p.kind, PlacedKind::Title | PlacedKind::Span))
            .map_or(on_page, |k| on_page + k + 1);
        let mut units = self.out.placed[start..].to_vec();
        balance::drop_inner_continuations(&mut units);
        // The page-foot notes go to the foot of their lines' column.
        let feet = Feet::take(&mut units, &self.out.placed[on_page..start])?;
        let cost = super::keep::split_costs(&units);
        let style = self.style;
        let pitch = style.pitch;
        let done = balance::balance(
            &mut units,
            cols,
            |prev, next| balance::space_between(prev, next, pitch),
            &cost,
            |s| {
                feet.lines_h(s)
                    .map(|h| style.to_grid(Foot::height(style, h)))
            },
        )?;
        let split = done.split;
        let (mut at, mut y) = (split, cols.top);
        let parted_boxes = super::keep::box_parted(&units, split);
        let parted_table = super::keep::table_parted(&units, split);
        // The boxes that go on in the right column: close their parts in
        // the left (the innermost first) and reopen them at the right's top
        // (the outermost first).
        units[split - 1]
            .closes_boxes
            .extend(parted_boxes.iter().rev().cloned());
        for depth in 0..parted_boxes.len() {
            let frame = parted_boxes[depth].head.clone();
            let h = frame.size.h;
            units.insert(
                at,
                Placed {
                    boxes: parted_boxes[..=depth].to_vec(),
                    ..Placed::new(
                        page,
                        Point::new(cols.x[1], y),
                        frame,
                        PlacedKind::BoxContinued,
                    )
                },
            );
            y += h;
            at += 1;
        }
        if parted_table {
            // The table goes on in the right column: close it in the left
            // and open the right with its continuation.
            let cont = units[at].table.clone();
            units[split - 1].closes = true;
            if let Some(cont) = cont {
                let head = cont.head.clone();
                units.insert(
                    at,
                    Placed {
                        table: Some(cont),
                        ..Placed::new(page, Point::new(cols.x[1], y), head, PlacedKind::Continued)
                    },
                );
            }
        }
        let foot = units
            .iter()
            .map(|u| u.pos.y + u.frame.size.h)
            .fold(cols.top, f32::max);
        if !feet.is_empty() {
            // The left column's foot after its text, the right's at the end.
            let right = units
                .iter()
                .position(|u| u.pos.x > cols.x[0] + 0.01)
                .unwrap_or(units.len());
            let head = FOOT_HEAD_PITCHES * pitch;
            let [l, r] = feet.set(split, cols.x, cols.top + cols.height, head);
            units.splice(right..right, l);
            units.extend(r);
        }
        self.out.placed.truncate(start);
        self.out.placed.extend(units);
        for mark in self.out.marks.iter_mut().filter(|m| m.page == page) {
            let within = |m: &&balance::Moved| {
                (m.old_x - mark.x).abs() < 0.5
                    && (m.old_y - 0.01..=m.old_y + m.height + 0.01).contains(&mark.y)
            };
            if let Some(m) = done.moved.iter().find(within) {
                mark.y += m.new_y - m.old_y;
                mark.x = m.new_x;
            }
        }
        Some(foot)
    }

    /// Hand every page before `page` to `finished`, with what was placed on it.
    fn hand_on(&mut self, page: usize) {
        while self.handed_on < page {
            let n = self.handed_on;
            let split = self.out.placed.partition_point(|p| p.page <= n);
            let rest = self.out.placed.split_off(split);
            let mut on_page = std::mem::replace(&mut self.out.placed, rest);
            for p in on_page.iter_mut().filter(|p| p.closes) {
                if let Some(t) = &p.table {
                    t.close(&mut p.frame);
                }
            }
            for p in &mut on_page {
                for b in &p.closes_boxes {
                    b.close(&mut p.frame);
                }
            }
            (self.finished)(n, on_page);
            self.handed_on += 1;
        }
    }

    fn float_height(&self, f: &Float, scale: f32) -> f32 {
        match f {
            Float::Fixed(fr, _) | Float::Span(fr) => fr.size.h,
            Float::Group(r) => r.first().map_or(0.0, |f| f.size.h),
            Float::Figure(spec) => spec.height_at(self.style, self.style.column_width, scale),
        }
    }

    /// Place a float here, shrinking a figure to the room left when needed
    /// (never past the type area).
    /// `reserve` is kept free under a figure (the lines a heading over it
    /// keeps): it shrinks to leave it.
    fn place_float(&mut self, f: Float, at_top: bool, reserve: f32, sink: &mut Sink) {
        if !at_top && !self.at_top() {
            self.space = self.space.max(DISPLAY_SPACE_LINES * self.style.pitch);
        }
        match f {
            Float::Fixed(fr, kind) => {
                self.place(fr, kind);
            }
            Float::Group(renditions) => {
                let room = self.avail() - if self.at_top() { 0.0 } else { self.space } - reserve;
                if let Some(fr) = group_rendition(renditions, room) {
                    self.place(fr, PlacedKind::PhotoGroup);
                }
            }
            Float::Span(fr) => {
                self.place(fr, PlacedKind::Span);
            }
            Float::Figure(spec) => {
                let w = self.style.column_width;
                let room = self.avail() - if self.at_top() { 0.0 } else { self.space } - reserve;
                let scale = spec
                    .scale_to_fit(self.style, w, room)
                    .unwrap_or(MIN_FIGURE_SHRINK);
                let printed = spec.printed_width(self.style, w, scale);
                if let Some(d) = spec.check_resolution(printed, MIN_PRINT_PPI) {
                    sink.push(d);
                }
                self.place(spec.build(self.style, w, scale), PlacedKind::Figure);
            }
        }
        self.space = DISPLAY_SPACE_LINES * self.style.pitch;
    }

    /// Whether a float fits here, at full size or shrunk a little.
    fn float_fits(&self, f: &Float) -> bool {
        self.float_fits_in(f, self.float_room())
    }

    /// The room a float placed here has: what is left, less the space over it.
    fn float_room(&self) -> f32 {
        self.avail() - self.space_over_float()
    }

    /// The space over a float placed here.
    fn space_over_float(&self) -> f32 {
        if self.at_top() {
            0.0
        } else {
            self.space.max(DISPLAY_SPACE_LINES * self.style.pitch)
        }
    }

    /// What room under a float placed here, right under a heading, the
    /// heading's keep rule needs: the space under the float, the blocks
    /// before the next paragraph ([`kept_chain`]) and `keep_lines` of its
    /// lines, with their notes. `None` when they do not fit under the float
    /// (at full size or shrunk a little).
    fn keeps_under_float<I: Iterator<Item = Item>>(
        &mut self,
        items: &mut Lookahead<I>,
        f: &Float,
        keep_lines: usize,
    ) -> Option<f32> {
        let pitch = self.style.pitch;
        let (chain, keep) = kept_chain(items, keep_lines, 0, pitch);
        let next = next_par_lines(items, 0);
        let lines = next.map_or(0, |(_, _, remaining)| keep.min(remaining));
        let reserve = DISPLAY_SPACE_LINES * pitch + chain + lines as f32 * pitch;
        let room = self.float_room() - reserve;
        if !self.float_fits_in(f, room) {
            return None;
        }
        let Some((k, index, remaining)) = next.filter(|_| keep > 0) else {
            return Some(reserve);
        };
        let height = match f {
            Float::Figure(spec) => {
                let scale = spec.scale_to_fit(self.style, self.style.column_width, room)?;
                self.float_height(f, scale)
            }
            Float::Group(r) => r.iter().find(|g| g.size.h <= room + 0.01)?.size.h,
            _ => self.float_height(f, 1.0),
        };
        let before = self.space_over_float() + height + reserve - lines as f32 * pitch;
        let after = ((self.avail() - before + 0.01) / pitch).floor().max(0.0) as usize;
        let (fit, _) = self.fit_with_notes(items, k, after.min(remaining), Some(before));
        (lines_to_place(remaining, index, fit) >= lines).then_some(reserve)
    }

    /// Whether a float fits in `room`, at full size or shrunk a little.
    fn float_fits_in(&self, f: &Float, room: f32) -> bool {
        match f {
            Float::Fixed(fr, _) | Float::Span(fr) => fr.size.h <= room + 0.01,
            Float::Group(r) => r.last().is_some_and(|g| g.size.h <= room + 0.01),
            Float::Figure(spec) => spec
                .scale_to_fit(self.style, self.style.column_width, room)
                .is_some_and(|s| s >= MIN_FIGURE_SHRINK),
        }
    }
}

/// The largest of a photo group's renditions that fits in `room`, else its
/// smallest (a group at a region's top that fits nowhere).
fn group_rendition(renditions: Vec<Frame>, room: f32) -> Option<Frame> {
    let k = renditions
        .iter()
        .position(|g| g.size.h <= room + 0.01)
        .unwrap_or(renditions.len().saturating_sub(1));
    renditions.into_iter().nth(k)
}

/// Whether the table row looked at (item 0, `part`) may be placed here,
/// where `avail` is left and it needs `need` (its continuation and the
/// space before included): every row of the table from it fits, or the
/// break it makes leaves [`super::keep::TABLE_ROWS_AT_BREAK`] rows after it and, when
/// the row `opens` the table's part in this region, as many before it.
fn table_break_ok<I: Iterator<Item = Item>>(
    items: &mut Lookahead<I>,
    part: &TablePart,
    opens: bool,
    need: f32,
    avail: f32,
) -> bool {
    let left = part.rows - part.row;
    let mut fit = 0;
    let mut h = need;
    while fit < left && h <= avail + 0.01 {
        fit += 1;
        match items.get(fit) {
            Some(Item::Block(b))
                if b.table.as_ref().is_some_and(|q| {
                    q.cont.table == part.cont.table && q.row == part.row + fit
                }) =>
            {
                h += b.frame.size.h
            }
            _ => break,
        }
    }
    table_part_may_break(left, fit, opens)
}

/// What a block kept with the next must keep under it before the first
/// line of a paragraph (the items from `from` on): the spaces and the
/// blocks that come first (a
/// table's first rows with its caption, a box's label, a titled poem), as
/// one height, and how many lines of that paragraph the last of them keeps
/// (`keep_lines` when no block comes first). A table keeps the rows its
/// keep rule needs at a break ([`super::keep::table_part_may_break`]): all
/// of a short one, [`super::keep::TABLE_ROWS_AT_BREAK`] of a long one; a
/// box what it needs to start ([`super::keep::box_may_start`]): all of a
/// short one, the label and three lines of a long one.
fn kept_chain<I: Iterator<Item = Item>>(
    items: &mut Lookahead<I>,
    keep_lines: usize,
    from: usize,
    pitch: f32,
) -> (f32, usize) {
    use super::keep::{BOX_KEEP_LINES, BOX_LINES_AT_BREAK, TABLE_ROWS_AT_BREAK};
    let (mut height, mut pending, mut keep) = (0.0, 0.0, keep_lines);
    let mut k = from;
    loop {
        match items.get(k) {
            None => return (height, 0),
            Some(Item::Space(s)) => pending += s,
            Some(Item::BoxEnd | Item::Float(_)) => {}
            Some(Item::BoxStart(_)) => {
                // A box may start only where `box_may_start` lets it: the
                // block keeps as much of it.
                let (lines, _, whole) = box_ahead(items, k, 0, f32::MAX, pitch);
                let mut need = if lines <= BOX_KEEP_LINES { whole } else { 0.0 };
                while need < whole && box_ahead(items, k, 0, need, pitch).1 < BOX_LINES_AT_BREAK {
                    need += pitch;
                }
                return (height + pending + need.min(whole), 0);
            }
            Some(Item::Line(_)) => return (height + pending, keep),
            Some(Item::Block(b)) => {
                height += pending + b.frame.size.h;
                pending = 0.0;
                if let Some(p) = &b.table {
                    let need = if p.rows >= 2 * TABLE_ROWS_AT_BREAK {
                        TABLE_ROWS_AT_BREAK
                    } else {
                        p.rows
                    };
                    if p.row + 1 >= need.min(p.rows) {
                        return (height, 0);
                    }
                } else if b.keep_lines == 0 {
                    return (height, 0);
                } else {
                    keep = b.keep_lines;
                }
            }
        }
        k += 1;
    }
}

/// The box the items from `from` on are in (`depth` boxes deep; 0 when item
/// `from` opens it), to its end: its lines, how many of them fit in `room`
/// (with the widow and orphan rules, notes aside) and its height.
fn box_ahead<I: Iterator<Item = Item>>(
    items: &mut Lookahead<I>,
    from: usize,
    mut depth: usize,
    room: f32,
    pitch: f32,
) -> (usize, usize, f32) {
    let (mut lines, mut fit, mut h, mut open) = (0, 0, 0.0, true);
    let mut k = from;
    while let Some(item) = items.get(k) {
        match item {
            Item::BoxStart(_) => depth += 1,
            Item::BoxEnd => depth = depth.saturating_sub(1),
            Item::Space(s) => h += s,
            Item::Float(_) => {}
            Item::Block(b) => {
                h += b.frame.size.h;
                open &= h <= room + 0.01;
            }
            Item::Line(l) => {
                if open && (k == from || l.index == 0) {
                    let rest = l.count - l.index;
                    let avail = ((room - h + 0.01) / pitch).floor().max(0.0) as usize;
                    let placed = lines_to_place(rest, l.index, avail);
                    fit += placed;
                    open = placed == rest;
                }
                lines += 1;
                h += l.frame.size.h;
            }
        }
        if depth == 0 {
            break;
        }
        k += 1;
    }
    (lines, fit, h)
}

/// The lines the paragraphs kept with this one take, from item `i` on
/// (spaces aside): a sign-off, or a quotation's paragraphs that may not
/// start a column, each in turn kept with the one before it; with a line for
/// each space between. `None` when what follows is kept with nothing
/// ([`super::items::ParLine::with_prev`]).
fn signoff_after<I: Iterator<Item = Item>>(items: &mut Lookahead<I>, i: usize) -> Option<usize> {
    let mut k = i;
    let mut space = 0;
    let mut lines = 0;
    loop {
        match items.get(k) {
            Some(Item::Space(s)) => {
                if *s > 0.0 {
                    space += 1;
                }
                k += 1;
            }
            Some(Item::Line(l)) if l.with_prev && l.index == 0 => {
                lines += l.count + space;
                space = 0;
                k += l.count;
            }
            _ => return (lines > 0).then_some(lines),
        }
    }
}

/// The next paragraph line from the `i`th item on: its item index, its
/// index in its paragraph and the paragraph's lines from there.
fn next_par_lines<I: Iterator<Item = Item>>(
    items: &mut Lookahead<I>,
    i: usize,
) -> Option<(usize, usize, usize)> {
    let mut k = i;
    loop {
        match items.get(k)? {
            Item::Line(l) => return Some((k, l.index, l.count - l.index)),
            _ => k += 1,
        }
    }
}

/// Distribute `items` over pages, all in memory. `title` is the title block
/// for page 1.
#[cfg(test)]
pub(crate) fn distribute(
    style: &Style,
    title: Option<(Frame, Vec<OutlineMark>)>,
    items: Vec<Item>,
    notes: Option<FootNotes<'_>>,
    sink: &mut Sink,
) -> Distribution {
    let mut placed = Vec::new();
    let (marks, pages) = distribute_each(style, title, items.into_iter(), notes, sink, |_, p| {
        placed.extend(p)
    });
    Distribution {
        placed,
        marks,
        pages,
    }
}

/// Distribute `items` over pages, handing each page to `finished` as soon as
/// nothing more can go on it, so a long issue never holds more than a page
/// and a paragraph of set lines. Returns the bookmarks and the page count.
pub(crate) fn distribute_each(
    style: &Style,
    title: Option<(Frame, Vec<OutlineMark>)>,
    items: impl Iterator<Item = Item>,
    notes: Option<FootNotes<'_>>,
    sink: &mut Sink,
    finished: impl FnMut(usize, Vec<Placed>),
) -> (Vec<Mark>, usize) {
    let title_h = title
        .as_ref()
        .map_or(0.0, |t| t.0.size.h.min(style.body.h * 0.8));
    let mut flow = Flow {
        style,
        notes,
        foot: Foot::default(),
        title_h,
        region: Region {
            page: 0,
            column: 0,
            x: 0.0,
            top: 0.0,
            height: 0.0,
        },
        used: 0.0,
        space: 0.0,
        pending: Vec::new(),
        after_heading: None,
        out: Distribution {
            pages: 1,
            ..Default::default()
        },
        handed_on: 0,
        table_here: None,
        spans: Vec::new(),
        span_top: None,
        boxes: Vec::new(),
        open_h: 0.0,
        finished,
    };
    if let Some((frame, marks)) = title {
        let pos = Point::new(style.body.x, style.body.y);
        for (t, level, y) in marks {
            flow.out.marks.push(Mark {
                title: t,
                level,
                page: 0,
                x: pos.x,
                y: pos.y + y,
            });
        }
        flow.out
            .placed
            .push(Placed::new(0, pos, frame, PlacedKind::Title));
    }
    flow.region = flow.region(0, 0);

    let mut items = Lookahead {
        seen: VecDeque::new(),
        rest: items,
    };
    // Guard against a block that can never be placed: after this many region
    // changes without progress, place it anyway.
    let mut stalls = 0;
    while let Some(item) = items.get(0) {
        match item {
            &Item::Space(s) => {
                if !flow.at_top() {
                    flow.space = flow.space.max(s);
                }
                items.take();
            }
            Item::Line(l) => {
                let (remaining, index) = (l.count - l.index, l.index);
                // With page-foot notes, as many lines as fit with their notes.
                let cap = flow.avail_lines().min(remaining);
                let (fit, plans) = flow.fit_with_notes(&mut items, 0, cap, None);
                let m = lines_to_place(remaining, index, fit);
                // In a box that breaks in this region, few enough that its
                // last lines do not stand alone after the break.
                let m = if flow.boxes.is_empty() || m == 0 {
                    m
                } else {
                    let room = flow.avail() - if flow.at_top() { 0.0 } else { flow.space };
                    let (left, fits, _) = box_ahead(&mut items, 0, 1, room, style.pitch);
                    let here = box_lines_here(left, fits);
                    if here < m {
                        lines_to_place(remaining, index, here)
                    } else {
                        m
                    }
                };
                let m = if m == 0 && flow.at_top() {
                    remaining.min(fit.max(1))
                } else {
                    m
                };
                // A sign-off that does not fit after this paragraph's end
                // takes its last lines with it (GB/T 9704 §7.3.5: never a
                // page of the signature alone).
                let m = match signoff_after(&mut items, remaining) {
                    Some(k) if m == remaining && flow.avail_lines() < remaining + k => {
                        let keep = lines_to_place(
                            remaining,
                            index,
                            remaining.saturating_sub(MIN_LINES_AFTER_BREAK),
                        );
                        if keep == 0 && flow.at_top() { m } else { keep }
                    }
                    _ => m,
                };
                if m == 0 {
                    flow.next_region(sink);
                    continue;
                }
                let mut plans = plans.into_iter();
                for _ in 0..m {
                    if let Some(Item::Line(mut l)) = items.take() {
                        let plan = plans.next().unwrap_or_default();
                        let brought = flow.add_notes(&mut l.frame, plan);
                        flow.place(l.frame, PlacedKind::Line(l.par, l.index, l.count));
                        if let Some(p) = flow.out.placed.last_mut() {
                            p.notes = brought;
                            p.with_prev = l.with_prev;
                        }
                    }
                }
                flow.settle_foot();
                if matches!(items.get(0), Some(Item::Line(n)) if n.index > 0) {
                    // The paragraph goes on in the next region.
                    flow.next_region(sink);
                }
            }
            Item::Block(b) => {
                let part = b.table.clone();
                // A table's row in a region its table did not start in opens
                // it with the continuation (续表, the header again).
                let cont = part
                    .as_ref()
                    .filter(|p| !p.lead && flow.table_here != Some(p.cont.table))
                    .map(|p| p.cont.clone());
                let opens = cont.as_ref().map_or(0.0, |c| c.head.size.h);
                let (h, keep_lines) = (b.frame.size.h + opens, b.keep_lines);
                let need = h + if flow.at_top() { 0.0 } else { flow.space };
                let fits = need <= flow.avail() + 0.01;
                // A table part that would leave too few rows on either side
                // of a break moves on whole (see `table_break_ok`).
                let fits = fits
                    && part.as_ref().is_none_or(|p| {
                        let opens = p.lead || cont.is_some();
                        table_break_ok(&mut items, p, opens, need, flow.avail())
                    });
                // What the block keeps under it must fit, the lines with
                // their notes: the spaces and blocks before the next
                // paragraph (a heading over a table, a box or a titled
                // poem keeps their first part), then that paragraph's lines.
                let (chain, keep) = if keep_lines > 0 {
                    kept_chain(&mut items, keep_lines, 1, style.pitch)
                } else {
                    (0.0, 0)
                };
                let after = ((flow.avail() - need - chain + 0.01) / style.pitch)
                    .floor()
                    .max(0.0) as usize;
                let kept = match next_par_lines(&mut items, 1) {
                    _ if keep_lines == 0 => true,
                    _ if need + chain > flow.avail() + 0.01 => false,
                    _ if keep == 0 => true,
                    None => true,
                    Some((k, index, remaining)) => {
                        let cap = after.min(remaining);
                        let (fit, _) = flow.fit_with_notes(&mut items, k, cap, Some(need + chain));
                        lines_to_place(remaining, index, fit) >= keep.min(remaining)
                    }
                };
                // A block that does not fit always moves on; one whose next
                // lines do not fit moves on too, unless that already failed
                // twice (a paragraph that can never follow it).
                if !flow.at_top() && (!fits || (!kept && stalls < 2)) {
                    stalls += 1;
                    if let Some(p) = &part {
                        flow.close_table(&p.cont);
                    }
                    flow.next_region(sink);
                    continue;
                }
                stalls = 0;
                // (Always the block looked at above.)
                if let Some(Item::Block(b)) = items.take() {
                    if let Some(c) = cont {
                        flow.place(c.head.clone(), PlacedKind::Continued);
                        // Which table it goes on: balancing drops it with the rule closing the part before.
                        if let Some(last) = flow.out.placed.last_mut() {
                            last.table = Some(c);
                        }
                    }
                    let y = flow.place(b.frame, b.kind);
                    if let (Some(p), Some(last)) = (&part, flow.out.placed.last_mut()) {
                        last.table = Some(p.cont.clone());
                    }
                    flow.after_heading = Some(keep_lines);
                    flow.table_here = part.map(|p| p.cont.table);
                    for (title, level, dy) in b.outline {
                        flow.out.marks.push(Mark {
                            title,
                            level,
                            page: flow.region.page,
                            x: flow.region.x,
                            y: y + dy,
                        });
                    }
                }
            }
            Item::BoxStart(_) => {
                // A short box moves on whole; a long one when too few of its
                // lines fit here (see `box_may_start`).
                if !flow.at_top() && stalls < 2 {
                    let room = flow.avail() - flow.space;
                    let (lines, fit, h) = box_ahead(&mut items, 0, 0, room, style.pitch);
                    if !box_may_start(lines, fit, h <= room + 0.01) {
                        stalls += 1;
                        flow.next_region(sink);
                        continue;
                    }
                }
                stalls = 0;
                if let Some(Item::BoxStart(cont)) = items.take() {
                    flow.boxes.push(OpenBox {
                        cont,
                        placed: false,
                        last: None,
                    });
                }
            }
            Item::BoxEnd => {
                items.take();
                flow.boxes.pop();
                // Back on the grid after a box whose text has a pitch of
                // its own (a sidebar one size down).
                flow.used = style.to_grid(flow.used);
            }
            Item::Float(Float::Span(_)) => {
                if let Some(Item::Float(Float::Span(f))) = items.take() {
                    flow.span(f, sink);
                }
            }
            Item::Float(_) => {
                // (Always the float looked at.)
                let Some(Item::Float(f)) = items.take() else {
                    continue;
                };
                // clreq §4.1.3: a float never parts a heading from its text.
                // Right under a heading it stands there only with the lines
                // the heading keeps under it too (QA finding D24: else a
                // heading opening a page left the photo to the next page
                // though it fitted under it); else it waits for the next
                // region's top while the text fills under the heading.
                let place = match flow.after_heading {
                    _ if !flow.pending.is_empty() => None,
                    None => (flow.at_top() || flow.float_fits(&f)).then_some(0.0),
                    Some(0) => None,
                    Some(keep) => flow.keeps_under_float(&mut items, &f, keep),
                };
                match place {
                    Some(reserve) => {
                        let kept = flow.after_heading;
                        flow.place_float(f, false, reserve, sink);
                        // (A second float under it keeps the lines too.)
                        flow.after_heading = kept;
                    }
                    None => flow.pending.push(f),
                }
            }
        }
    }
    while !flow.pending.is_empty() || !flow.foot.carry.is_empty() || !flow.spans.is_empty() {
        flow.next_region(sink);
    }
    flow.close_foot();
    if style.columns == 2 {
        flow.balance_page(flow.out.pages - 1);
    }
    let pages = flow.out.pages;
    flow.hand_on(pages);
    (flow.out.marks, pages)
}

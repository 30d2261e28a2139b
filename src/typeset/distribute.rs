//! Distribute: flow items → regions (columns of pages), line by line, with
//! the keep rules: no widow, no orphan (clreq §3.4.4), headings kept with
//! their next lines (§4.1.3), figures and pull quotes unsplit and floated to
//! the next region's top when they do not fit where they stand.

use super::balance::{self, TwoColumns};
use super::collect::{DISPLAY_SPACE_LINES, Float, HEADING_SPACE_ABOVE_LINES, Item, OutlineMark};
use super::style::Style;
use crate::diag::Sink;
use crate::frame::{Frame, Point};
use std::collections::VecDeque;

/// Lines of a paragraph that must stay together at a page or column break,
/// at its end (no widow: its last line alone at the top of the next page).
pub(crate) const MIN_LINES_AFTER_BREAK: usize = 2;
/// … and at its start (no orphan: its first line alone at the foot of a page).
pub(crate) const MIN_LINES_BEFORE_BREAK: usize = 2;
/// A figure that does not fit where it stands may shrink to this share of the
/// column width before it floats to the next page (a little smaller reads
/// better than a half-empty page).
const MIN_FIGURE_SHRINK: f32 = 0.85;
/// Photos printing below this resolution get a warning.
pub(crate) const MIN_PRINT_PPI: f32 = 300.0;

/// Something placed on a page, in media coordinates.
#[derive(Debug, Clone)]
pub(crate) struct Placed {
    /// Page index.
    pub page: usize,
    /// Top-left corner.
    pub pos: Point,
    /// The content.
    pub frame: Frame,
    /// What it is (for page-building checks and tests).
    #[cfg_attr(
        not(test),
        allow(dead_code, reason = "read by the page-building tests")
    )]
    pub kind: PlacedKind,
}

/// What a placed frame is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PlacedKind {
    /// The title block.
    Title,
    /// A paragraph line: (paragraph id, line index, line count).
    Line(u32, usize, usize),
    /// A heading block.
    Heading,
    /// A figure (photo + caption).
    Figure,
    /// A pull quote.
    Quote,
}

/// A bookmark with its place.
#[derive(Debug, Clone)]
pub(crate) struct Mark {
    pub title: String,
    pub level: u8,
    pub page: usize,
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

struct Flow<'a, F: FnMut(usize, Vec<Placed>)> {
    style: &'a Style,
    /// Height taken by the title block on page 1.
    title_h: f32,
    region: Region,
    /// Height used in the region.
    used: f32,
    /// Space waiting to be added before the next content (dropped at a region's foot).
    space: f32,
    /// Floats waiting for the next region's top, in source order.
    pending: Vec<Float>,
    /// The last thing placed in this region is a heading: its keep rule
    /// promised the next lines of text a place right under it.
    after_heading: bool,
    /// Placed content of the pages not yet handed on, and the marks and
    /// page count so far.
    out: Distribution,
    /// Pages handed on to `finished` so far.
    handed_on: usize,
    /// Where finished pages go: each page's index and what was placed on
    /// it, in placement order; pages in order, each once, empty ones too.
    finished: F,
}

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

impl<'a, F: FnMut(usize, Vec<Placed>)> Flow<'a, F> {
    fn region(&self, page: usize, column: usize) -> Region {
        let s = self.style;
        let top_off = if page == 0 { self.title_h } else { 0.0 };
        Region {
            page,
            column,
            x: s.body.x + column as f32 * (s.column_width + s.column_gap),
            top: s.body.y + top_off,
            height: (s.body.h - top_off).max(0.0),
        }
    }

    fn avail(&self) -> f32 {
        self.region.height - self.used
    }

    fn avail_lines(&self) -> usize {
        ((self.avail() - self.space + 0.01) / self.style.pitch)
            .floor()
            .max(0.0) as usize
    }

    fn at_top(&self) -> bool {
        self.used <= 0.01
    }

    fn place(&mut self, frame: Frame, kind: PlacedKind) -> f32 {
        if !self.at_top() {
            self.used += self.space;
        }
        self.space = 0.0;
        self.after_heading = false;
        let y = self.region.top + self.used;
        self.used += frame.size.h;
        self.out.placed.push(Placed {
            page: self.region.page,
            pos: Point::new(self.region.x, y),
            frame,
            kind,
        });
        self.out.pages = self.out.pages.max(self.region.page + 1);
        y
    }

    /// Move to the next column or page and put waiting floats at its top.
    fn next_region(&mut self, sink: &mut Sink) {
        let (page, column) = if self.region.column + 1 < self.style.columns {
            (self.region.page, self.region.column + 1)
        } else {
            (self.region.page + 1, 0)
        };
        if page > self.region.page {
            // Nothing is ever placed on an earlier page: hand the finished ones on.
            self.hand_on(page);
        }
        self.region = self.region(page, column);
        self.used = 0.0;
        self.space = 0.0;
        self.out.pages = self.out.pages.max(page + 1);
        let pending = std::mem::take(&mut self.pending);
        let mut rest = pending.into_iter();
        for f in rest.by_ref() {
            let h = self.float_height(&f, 1.0);
            if self.at_top() || h <= self.avail() - self.space + 0.01 {
                self.place_float(f, true, sink);
            } else {
                self.pending.push(f);
                break;
            }
        }
        self.pending.extend(rest);
    }

    /// Even out the two columns of the last page (see [`balance`]); the
    /// bookmarks of headings that move go with them.
    fn balance_last_page(&mut self) {
        let last = self.out.pages - 1;
        let (left, right) = (self.region(last, 0), self.region(last, 1));
        let cols = TwoColumns {
            x: [left.x, right.x],
            top: left.top,
            height: left.height,
        };
        let start = self.out.placed.partition_point(|p| p.page < last);
        let units = &mut self.out.placed[start..];
        // The title block spans both columns and stays where it is.
        let first = units
            .iter()
            .position(|p| p.kind != PlacedKind::Title)
            .unwrap_or(units.len());
        let pitch = self.style.pitch;
        let moved = balance::balance(&mut units[first..], cols, |prev, next| match (prev, next) {
            (_, PlacedKind::Figure | PlacedKind::Quote)
            | (PlacedKind::Figure | PlacedKind::Quote, _) => DISPLAY_SPACE_LINES * pitch,
            (_, PlacedKind::Heading) => HEADING_SPACE_ABOVE_LINES * pitch,
            _ => 0.0,
        });
        for mark in self.out.marks.iter_mut().filter(|m| m.page == last) {
            let within = |m: &&balance::Moved| {
                (m.old_y - 0.01..=m.old_y + m.height + 0.01).contains(&mark.y)
            };
            if let Some(m) = moved.iter().find(within) {
                mark.y += m.new_y - m.old_y;
            }
        }
    }

    /// Hand every page before `page` to `finished`, with what was placed on it.
    fn hand_on(&mut self, page: usize) {
        while self.handed_on < page {
            let n = self.handed_on;
            let split = self.out.placed.partition_point(|p| p.page <= n);
            let rest = self.out.placed.split_off(split);
            let on_page = std::mem::replace(&mut self.out.placed, rest);
            (self.finished)(n, on_page);
            self.handed_on += 1;
        }
    }

    fn float_height(&self, f: &Float, scale: f32) -> f32 {
        match f {
            Float::Fixed(fr) => fr.size.h,
            Float::Figure(spec) => spec.height_at(self.style, self.style.column_width, scale),
        }
    }

    /// Place a float here, shrinking a figure to the room left when needed
    /// (never past the type area).
    fn place_float(&mut self, f: Float, at_top: bool, sink: &mut Sink) {
        if !at_top && !self.at_top() {
            self.space = self.space.max(DISPLAY_SPACE_LINES * self.style.pitch);
        }
        match f {
            Float::Fixed(fr) => {
                self.place(fr, PlacedKind::Quote);
            }
            Float::Figure(spec) => {
                let w = self.style.column_width;
                let room = self.avail() - if self.at_top() { 0.0 } else { self.space };
                let scale = spec
                    .scale_to_fit(self.style, w, room)
                    .unwrap_or(MIN_FIGURE_SHRINK);
                if let Some(d) = spec.check_resolution(w * scale, MIN_PRINT_PPI) {
                    sink.push(d);
                }
                self.place(spec.build(self.style, w, scale), PlacedKind::Figure);
            }
        }
        self.space = DISPLAY_SPACE_LINES * self.style.pitch;
    }

    /// Whether a float fits here, at full size or shrunk a little.
    fn float_fits(&self, f: &Float) -> bool {
        let room = self.avail()
            - if self.at_top() {
                0.0
            } else {
                self.space.max(DISPLAY_SPACE_LINES * self.style.pitch)
            };
        match f {
            Float::Fixed(fr) => fr.size.h <= room + 0.01,
            Float::Figure(spec) => spec
                .scale_to_fit(self.style, self.style.column_width, room)
                .is_some_and(|s| s >= MIN_FIGURE_SHRINK),
        }
    }
}

/// Lines the next paragraph from the `i`th item on would put in a region
/// with `avail` lines.
fn next_par_placement<I: Iterator<Item = Item>>(
    items: &mut Lookahead<I>,
    i: usize,
    avail: usize,
) -> Option<(usize, usize)> {
    let mut k = i;
    loop {
        match items.get(k)? {
            Item::Line(l) => {
                let remaining = l.count - l.index;
                return Some((lines_to_place(remaining, l.index, avail), remaining));
            }
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
    sink: &mut Sink,
) -> Distribution {
    let mut placed = Vec::new();
    let (marks, pages) = distribute_each(style, title, items.into_iter(), sink, |_, p| {
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
    sink: &mut Sink,
    finished: impl FnMut(usize, Vec<Placed>),
) -> (Vec<Mark>, usize) {
    let title_h = title
        .as_ref()
        .map_or(0.0, |t| t.0.size.h.min(style.body.h * 0.8));
    let mut flow = Flow {
        style,
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
        after_heading: false,
        out: Distribution {
            pages: 1,
            ..Default::default()
        },
        handed_on: 0,
        finished,
    };
    if let Some((frame, marks)) = title {
        let pos = Point::new(style.body.x, style.body.y);
        for (t, level, y) in marks {
            flow.out.marks.push(Mark {
                title: t,
                level,
                page: 0,
                y: pos.y + y,
            });
        }
        flow.out.placed.push(Placed {
            page: 0,
            pos,
            frame,
            kind: PlacedKind::Title,
        });
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
                let remaining = l.count - l.index;
                let avail = flow.avail_lines();
                let m = lines_to_place(remaining, l.index, avail);
                let m = if m == 0 && flow.at_top() {
                    remaining.min(avail.max(1))
                } else {
                    m
                };
                if m == 0 {
                    flow.next_region(sink);
                    continue;
                }
                for _ in 0..m {
                    if let Some(Item::Line(l)) = items.take() {
                        flow.place(l.frame, PlacedKind::Line(l.par, l.index, l.count));
                    }
                }
                if matches!(items.get(0), Some(Item::Line(n)) if n.index > 0) {
                    // The paragraph goes on in the next region.
                    flow.next_region(sink);
                }
            }
            Item::Block(b) => {
                let (h, keep_lines) = (b.frame.size.h, b.keep_lines);
                let need = h + if flow.at_top() { 0.0 } else { flow.space };
                let fits = need <= flow.avail() + 0.01;
                let after = ((flow.avail() - need + 0.01) / style.pitch)
                    .floor()
                    .max(0.0) as usize;
                let kept = next_par_placement(&mut items, 1, after)
                    .is_none_or(|(m, remaining)| m >= keep_lines.min(remaining));
                // A block that does not fit always moves on; one whose next
                // lines do not fit moves on too, unless that already failed
                // twice (a paragraph that can never follow it).
                if !flow.at_top() && (!fits || (!kept && stalls < 2)) {
                    stalls += 1;
                    flow.next_region(sink);
                    continue;
                }
                stalls = 0;
                // (Always the block looked at above.)
                if let Some(Item::Block(b)) = items.take() {
                    let y = flow.place(b.frame, PlacedKind::Heading);
                    flow.after_heading = true;
                    for (title, level, dy) in b.outline {
                        flow.out.marks.push(Mark {
                            title,
                            level,
                            page: flow.region.page,
                            y: y + dy,
                        });
                    }
                }
            }
            Item::Float(f) => {
                // clreq §4.1.3: a float never comes between a heading and its
                // text; it waits for the next region's top.
                let here = flow.pending.is_empty()
                    && !flow.after_heading
                    && (flow.at_top() || flow.float_fits(f));
                // (Always the float looked at above.)
                if let Some(Item::Float(f)) = items.take() {
                    if here {
                        flow.place_float(f, false, sink);
                    } else {
                        flow.pending.push(f);
                    }
                }
            }
        }
    }
    while !flow.pending.is_empty() {
        flow.next_region(sink);
    }
    if style.columns == 2 {
        flow.balance_last_page();
    }
    let pages = flow.out.pages;
    flow.hand_on(pages);
    (flow.out.marks, pages)
}

#[cfg(test)]
mod tests {
    use super::*;

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

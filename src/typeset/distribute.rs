//! Distribute: flow items → regions (columns of pages), line by line, with
//! the keep rules: no widow, no orphan (clreq §3.4.4), headings kept with
//! their next lines (§4.1.3), figures and pull quotes unsplit and floated to
//! the next region's top when they do not fit where they stand.

use super::collect::{DISPLAY_SPACE_LINES, Float, Item, OutlineMark};
use super::style::Style;
use crate::diag::Sink;
use crate::frame::{Frame, Point};

/// Lines of a paragraph that must stay together at a page or column break,
/// at its end (no widow: its last line alone at the top of the next page).
const MIN_LINES_AFTER_BREAK: usize = 2;
/// … and at its start (no orphan: its first line alone at the foot of a page).
const MIN_LINES_BEFORE_BREAK: usize = 2;
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

/// A column of a page.
#[derive(Debug, Clone, Copy)]
struct Region {
    page: usize,
    column: usize,
    x: f32,
    top: f32,
    height: f32,
}

struct Flow<'a> {
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
    out: Distribution,
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

impl<'a> Flow<'a> {
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

/// Lines the paragraph starting at `items[i]` would put in a region with `avail` lines.
fn next_par_placement(items: &[Item], i: usize, avail: usize) -> Option<(usize, usize)> {
    items[i..].iter().find_map(|it| match it {
        Item::Line(l) => {
            let remaining = l.count - l.index;
            Some((lines_to_place(remaining, l.index, avail), remaining))
        }
        _ => None,
    })
}

/// Distribute `items` over pages. `title` is the title block for page 1.
pub(crate) fn distribute(
    style: &Style,
    title: Option<(Frame, Vec<OutlineMark>)>,
    items: Vec<Item>,
    sink: &mut Sink,
) -> Distribution {
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

    let mut i = 0;
    // Guard against a block that can never be placed: after this many region
    // changes without progress, place it anyway.
    let mut stalls = 0;
    while i < items.len() {
        match &items[i] {
            Item::Space(s) => {
                if !flow.at_top() {
                    flow.space = flow.space.max(*s);
                }
                i += 1;
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
                for item in &items[i..i + m] {
                    if let Item::Line(l) = item {
                        flow.place(l.frame.clone(), PlacedKind::Line(l.par, l.index, l.count));
                    }
                }
                i += m;
                if i < items.len() && matches!(items[i], Item::Line(ref n) if n.index > 0) {
                    // The paragraph goes on in the next region.
                    flow.next_region(sink);
                }
            }
            Item::Block(b) => {
                let need = b.frame.size.h + if flow.at_top() { 0.0 } else { flow.space };
                let fits = need <= flow.avail() + 0.01;
                let after = ((flow.avail() - need + 0.01) / style.pitch)
                    .floor()
                    .max(0.0) as usize;
                let kept = next_par_placement(&items, i + 1, after)
                    .is_none_or(|(m, remaining)| m >= b.keep_lines.min(remaining));
                // A block that does not fit always moves on; one whose next
                // lines do not fit moves on too, unless that already failed
                // twice (a paragraph that can never follow it).
                if !flow.at_top() && (!fits || (!kept && stalls < 2)) {
                    stalls += 1;
                    flow.next_region(sink);
                    continue;
                }
                stalls = 0;
                let y = flow.place(b.frame.clone(), PlacedKind::Heading);
                flow.after_heading = true;
                for (t, level, dy) in &b.outline {
                    flow.out.marks.push(Mark {
                        title: t.clone(),
                        level: *level,
                        page: flow.region.page,
                        y: y + dy,
                    });
                }
                i += 1;
            }
            Item::Float(f) => {
                // clreq §4.1.3: a float never comes between a heading and its
                // text; it waits for the next region's top.
                if flow.pending.is_empty()
                    && !flow.after_heading
                    && (flow.at_top() || flow.float_fits(f))
                {
                    flow.place_float(f.clone(), false, sink);
                } else {
                    flow.pending.push(f.clone());
                }
                i += 1;
            }
        }
    }
    while !flow.pending.is_empty() {
        flow.next_region(sink);
    }
    flow.out
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

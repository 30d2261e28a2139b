//! Measure one candidate line: natural width after the line-edge rules, and how
//! much it may shrink and stretch, in clreq §3.5 priority order.
//!
//! Sums over items and gaps come from prefix tables, so measuring a line costs
//! O(1) plus the blanks at its edges, and the breaker can try many.

use super::adjust::{Gap, Item};
use crate::cjk::InkSide;

/// Nominal inter-character stretch per justifiable gap, in em (J3 item 3): a line
/// that needs 0.1 em between its characters has badness 100, TeX's default
/// `\tolerance` neighbourhood. Chinese text looks loose beyond that.
pub(super) const INTER_CHAR_STRETCH_EM: f64 = 0.1;

/// The most justification adds at one place, in em (J3, clreq §3.5.4; jlreq
/// §3.8.3 sets no limit, common practice does): between two Han characters, or,
/// on a line with no such place, at a Han–Western boundary or a word space
/// beyond its own J3 limit. Half an em reads as a spaced-out line; the breaker
/// prefers any other break to a line that needs more (see `linebreak`), and a
/// line that still needs more ends short rather than spread further.
pub(super) const MAX_STRETCH_EM: f64 = 0.5;

/// Shrink tiers in the order clreq §3.5.3 (J2) gives way. Line-end punctuation
/// (J2 item 1) is always trimmed by P3, so it is not a tier; interpuncts (item 3)
/// are never adjusted (P4, §3.1.6.1).
pub(super) const SHRINK_TIERS: usize = 5;
/// Tier 0: Western word spaces (J2 item 2).
pub(super) const SHRINK_SPACES: usize = 0;
/// Tiers 1–2 and 4: full-width marks by [`crate::cjk::punct_shrink_priority`]
/// (brackets, then `，、；：`, then `。？！`).
pub(super) const fn shrink_tier_of_priority(priority: u8) -> usize {
    match priority {
        0 => 1,
        1 => 2,
        _ => 4,
    }
}
/// Tier 3: Han–Western spacing (J2 item 6), before `。？！`.
pub(super) const SHRINK_HAN_WESTERN: usize = 3;

/// P2 (clreq §3.1.6.3) *allows* trimming an opening bracket's blank half
/// "including right after a 2 em first-line indent". House style here does not:
/// a paragraph that opens with `“` keeps the full 2 em indent plus a full-width
/// bracket, so the first line's characters stay on the type-area grid (clreq
/// §2.3.1) and every paragraph's indent measures exactly 2 em, as in newspaper
/// practice. Set to `true` to trim (the `“` then starts 1.5 em in, its ink on
/// the 2 em line). Opening brackets at the start of other lines are trimmed.
pub(super) const TRIM_OPENING_AFTER_INDENT: bool = false;

/// Running sums over items and gaps.
#[derive(Debug, Clone)]
pub(super) struct Prefix {
    /// Item widths.
    width: Vec<f64>,
    /// Item shrink by tier (spaces and marks; the Han–Western tier stays 0 here).
    shrink: Vec<[f64; SHRINK_TIERS]>,
    /// Space stretch.
    space_stretch: Vec<f64>,
    /// Han items.
    han: Vec<u32>,
    /// Non-punctuation, non-blank items, note references aside.
    letters: Vec<u32>,
    /// Gap natural widths (`gap[k]` sums gaps `0..k`).
    gap: Vec<f64>,
    /// Gap Han–Western shrink.
    gap_shrink: Vec<f64>,
    /// Gap Han–Western stretch.
    gap_stretch: Vec<f64>,
    /// Justifiable gaps.
    justifiable: Vec<u32>,
    /// Nominal inter-character stretch of justifiable gaps, in pt.
    char_stretch: Vec<f64>,
    /// [`MAX_STRETCH_EM`] of justifiable gaps, in pt.
    char_cap: Vec<f64>,
    /// [`MAX_STRETCH_EM`] of Han–Western gaps, in pt.
    hw_cap: Vec<f64>,
    /// [`MAX_STRETCH_EM`] of word spaces (items), in pt.
    space_cap: Vec<f64>,
}

impl Prefix {
    /// Build the tables.
    pub(super) fn new(items: &[Item], gaps: &[Gap]) -> Prefix {
        let n = items.len();
        let mut p = Prefix {
            width: Vec::with_capacity(n + 1),
            shrink: Vec::with_capacity(n + 1),
            space_stretch: Vec::with_capacity(n + 1),
            han: Vec::with_capacity(n + 1),
            letters: Vec::with_capacity(n + 1),
            gap: Vec::with_capacity(n + 1),
            gap_shrink: Vec::with_capacity(n + 1),
            gap_stretch: Vec::with_capacity(n + 1),
            justifiable: Vec::with_capacity(n + 1),
            char_stretch: Vec::with_capacity(n + 1),
            char_cap: Vec::with_capacity(n + 1),
            hw_cap: Vec::with_capacity(n + 1),
            space_cap: Vec::with_capacity(n + 1),
        };
        let (mut w, mut sh, mut st, mut han, mut letters) = (0.0, [0.0; SHRINK_TIERS], 0.0, 0, 0);
        p.width.push(w);
        p.shrink.push(sh);
        p.space_stretch.push(st);
        p.han.push(han);
        p.letters.push(letters);
        let mut sc = 0.0;
        p.space_cap.push(sc);
        for item in items {
            if item.kind == super::adjust::Kind::Space {
                sc += MAX_STRETCH_EM * item.size;
            }
            p.space_cap.push(sc);
            w += item.width;
            sh[SHRINK_SPACES] += item.space_shrink;
            if let Some(priority) = item.shrink_priority {
                sh[shrink_tier_of_priority(priority)] += item.squeezable;
            }
            st += item.space_stretch;
            han += u32::from(item.kind == super::adjust::Kind::Han);
            // A note reference (raised) is no character of the text: `福。①`
            // alone on a last line is still an orphan (clreq §3.4.4).
            letters += u32::from(
                !item.is_raised()
                    && matches!(
                        item.kind,
                        super::adjust::Kind::Han | super::adjust::Kind::Letter
                    ),
            );
            p.width.push(w);
            p.shrink.push(sh);
            p.space_stretch.push(st);
            p.han.push(han);
            p.letters.push(letters);
        }
        let (mut g, mut gs, mut gt, mut j, mut cs) = (0.0, 0.0, 0.0, 0, 0.0);
        p.gap.push(g);
        p.gap_shrink.push(gs);
        p.gap_stretch.push(gt);
        p.justifiable.push(j);
        p.char_stretch.push(cs);
        let (mut cc, mut hc) = (0.0, 0.0);
        p.char_cap.push(cc);
        p.hw_cap.push(hc);
        for (gap, left) in gaps.iter().zip(items) {
            if gap.justifiable {
                cc += MAX_STRETCH_EM * left.size;
            }
            if gap.natural > 0.0 {
                hc += MAX_STRETCH_EM * left.size;
            }
            p.char_cap.push(cc);
            p.hw_cap.push(hc);
            g += gap.natural;
            gs += gap.hw_shrink;
            gt += gap.hw_stretch;
            j += u32::from(gap.justifiable);
            if gap.justifiable {
                cs += INTER_CHAR_STRETCH_EM * left.size;
            }
            p.char_stretch.push(cs);
            p.gap.push(g);
            p.gap_shrink.push(gs);
            p.gap_stretch.push(gt);
            p.justifiable.push(j);
        }
        p
    }

    /// Upper bounds on the natural width (indent aside) and the stretchability of a
    /// line of items `a..b`, from the sums alone: the edge rules and blanks only
    /// make a line narrower, and its interior gaps are among `a..b - 1`.
    pub(super) fn loose_bounds(&self, a: usize, b: usize) -> (f64, f64) {
        let natural = self.width[b] - self.width[a] + self.gap[b - 1] - self.gap[a];
        let stretch = self.space_stretch[b] - self.space_stretch[a] + self.gap_stretch[b - 1]
            - self.gap_stretch[a]
            + self.char_stretch[b - 1]
            - self.char_stretch[a];
        (natural, stretch)
    }

    /// Han characters among items `a..b`.
    pub(super) fn han_count(&self, a: usize, b: usize) -> u32 {
        self.han[b] - self.han[a]
    }

    /// Letters (Han or other) among items `a..b`.
    pub(super) fn letter_count(&self, a: usize, b: usize) -> u32 {
        self.letters[b] - self.letters[a]
    }
}

/// A measured candidate line.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Measure {
    /// First visible item (items before it are blanks of zero width).
    pub start: usize,
    /// One past the last visible item.
    pub end: usize,
    /// Natural width in pt, indent included, after the edge rules.
    pub natural: f64,
    /// P2 (clreq §3.1.6.3): what the opening bracket at the line start gives up, in pt.
    pub trim_start: f64,
    /// P3 (clreq §3.1.6.3): what the full-width mark at the line end gives up, in pt.
    pub trim_end: f64,
    /// The first item keeps its full width (an opening bracket right after
    /// the indent, see [`TRIM_OPENING_AFTER_INDENT`]).
    pub first_fixed: bool,
    /// Shrinkability by tier, in pt.
    pub shrink: [f64; SHRINK_TIERS],
    /// Stretchability of spaces (J3 item 1), in pt.
    pub space_stretch: f64,
    /// Stretchability of Han–Western spacing (J3 item 2), in pt.
    pub hw_stretch: f64,
    /// Gaps open to inter-character spacing (J3 item 3).
    pub justifiable: u32,
    /// Their nominal stretch (`INTER_CHAR_STRETCH_EM` each), in pt.
    pub char_stretch: f64,
    /// The most justification may add beyond the J3 limits of spaces and
    /// Han–Western gaps ([`MAX_STRETCH_EM`] at each place it may go), in pt.
    pub max_extra: f64,
}

impl Measure {
    /// Total shrinkability in pt.
    pub fn total_shrink(&self) -> f64 {
        self.shrink.iter().sum()
    }
}

/// Measure items `a..b` as a line starting `indent` pt from the start edge.
pub(super) fn measure(items: &[Item], prefix: &Prefix, a: usize, b: usize, indent: f64) -> Measure {
    let start = (a..b).find(|&k| !items[k].is_blank()).unwrap_or(b);
    let end = (start..b)
        .rev()
        .find(|&k| !items[k].is_blank())
        .map_or(start, |k| k + 1);
    if start == end {
        return Measure {
            start,
            end,
            natural: indent,
            trim_start: 0.0,
            trim_end: 0.0,
            first_fixed: false,
            shrink: [0.0; SHRINK_TIERS],
            space_stretch: 0.0,
            hw_stretch: 0.0,
            justifiable: 0,
            char_stretch: 0.0,
            max_extra: 0.0,
        };
    }
    let mut shrink = [0.0; SHRINK_TIERS];
    for (t, s) in shrink.iter_mut().enumerate() {
        *s = prefix.shrink[end][t] - prefix.shrink[start][t];
    }
    shrink[SHRINK_HAN_WESTERN] = prefix.gap_shrink[end - 1] - prefix.gap_shrink[start];
    let (first, last) = (&items[start], &items[end - 1]);
    let after_indent = indent > 0.0;
    let trim_start = if first.ink_on(InkSide::Right) && (TRIM_OPENING_AFTER_INDENT || !after_indent)
    {
        first.squeezable
    } else {
        0.0
    };
    let trim_end = if last.ink_on(InkSide::Left) {
        last.squeezable
    } else {
        0.0
    };
    // The same house style keeps that bracket from shrinking to justify the
    // line: shrinking its blank half would be the trim by another name.
    let keep_full_after_indent =
        !TRIM_OPENING_AFTER_INDENT && after_indent && first.ink_on(InkSide::Right);
    if keep_full_after_indent && let Some(p) = first.shrink_priority {
        shrink[shrink_tier_of_priority(p)] -= first.squeezable;
    }
    // A trimmed mark is already half-width: it has nothing left to shrink.
    for (item, trim) in [(first, trim_start), (last, trim_end)] {
        if trim > 0.0
            && let Some(p) = item.shrink_priority
        {
            shrink[shrink_tier_of_priority(p)] -= item.squeezable;
        }
    }
    let natural = indent + prefix.width[end] - prefix.width[start] + prefix.gap[end - 1]
        - prefix.gap[start]
        - trim_start
        - trim_end;
    Measure {
        start,
        end,
        natural,
        trim_start,
        trim_end,
        first_fixed: keep_full_after_indent,
        shrink: shrink.map(|s| s.max(0.0)),
        space_stretch: prefix.space_stretch[end] - prefix.space_stretch[start],
        hw_stretch: prefix.gap_stretch[end - 1] - prefix.gap_stretch[start],
        justifiable: prefix.justifiable[end - 1] - prefix.justifiable[start],
        char_stretch: prefix.char_stretch[end - 1] - prefix.char_stretch[start],
        max_extra: max_extra(prefix, start, end),
    }
}

/// J3 (clreq §3.5.4) with [`MAX_STRETCH_EM`]: where the stretch beyond the J3
/// limits of spaces and Han–Western gaps goes on visible items `start..end`, and
/// how much it may be. Between characters where J3 item 3 allows it; on a line with
/// no such place, at its Han–Western gaps and word spaces. Never inside a run of
/// Western letters or digits (clreq §3.2.4): a line that is one piece of a long
/// URL or number has no place at all.
fn max_extra(prefix: &Prefix, start: usize, end: usize) -> f64 {
    if prefix.justifiable[end - 1] > prefix.justifiable[start] {
        prefix.char_cap[end - 1] - prefix.char_cap[start]
    } else {
        prefix.hw_cap[end - 1] - prefix.hw_cap[start] + prefix.space_cap[end]
            - prefix.space_cap[start]
    }
}

impl Measure {
    /// How far the line falls short of `width` after every place took its most,
    /// in pt (0 when it can be justified within [`MAX_STRETCH_EM`]).
    pub fn shortfall(&self, width: f64) -> f64 {
        (width - self.natural - self.space_stretch - self.hw_stretch - self.max_extra).max(0.0)
    }
}

//! Optimum-fit line breaking (Knuth & Plass, "Breaking Paragraphs into Lines",
//! 1981) over the prepared items.
//!
//! Every gap is a candidate break with a cost by its [`Break`] class, and every
//! paragraph has a solution: a line is never wider than the measure unless a
//! single cluster is. The search is a shortest path over break positions: for
//! each break, try every earlier break whose line can still shrink to fit.
//! Paragraphs are short (a few hundred clusters, lines of a few dozen), so the
//! exact search costs microseconds and needs no active-list pruning.

use super::Align;
use super::breaks::Break;
use super::line::Measure;
use super::prepare::Preparation;

/// Demerits added to every line (TeX's `\linepenalty`, 10): makes fewer lines
/// cheaper when badness is equal, as in the paper.
const LINE_PENALTY: f64 = 10.0;

/// Badness of a line that needs its nominal stretch or shrink exactly (ratio 1).
/// TeX's scale: 100 r³.
const BADNESS_AT_RATIO_ONE: f64 = 100.0;

/// Badness ceiling: TeX's "infinitely bad" 10 000. A line that can only be
/// justified by letter-spacing, or that is stretched more than ~4.6 times its
/// nominal stretch, is awful but still set rather than overflowing.
const INF_BAD: f64 = 10_000.0;

/// Nominal inter-character stretch per justifiable gap, in em (J3 item 3): a line
/// that needs 0.1 em between its characters has badness 100, TeX's default
/// `\tolerance` neighbourhood. Chinese text looks loose beyond that.
pub(super) const INTER_CHAR_STRETCH_EM: f64 = 0.1;

/// Cost of breaking where UAX #14 gives no opportunity but clreq forbids nothing
/// (inside a Western word, URL or number). Far above any sequence of ordinary
/// lines (a line of badness `INF_BAD` costs ~1e8), so it is only used when no
/// ordinary break keeps every line within the measure.
const EMERGENCY_BREAK_COST: f64 = 1e11;

/// Cost of a break against a kinsoku rule (L1–L3) or inside `——`/`……` (U1): only
/// when even emergency breaks cannot make the lines fit (e.g. 30 closing brackets
/// in a row on a narrow measure).
const PROHIBITED_BREAK_COST: f64 = 1e14;

/// Cost of a justified line that cannot reach the measure because it holds a
/// single cluster (nothing to put space between). Above an emergency break, which
/// is the usual way out (break the long word that follows instead), below a
/// kinsoku violation.
const UNJUSTIFIABLE_COST: f64 = 1e13;

/// Centred lines (headings) are balanced instead of filled: badness grows with the
/// square of each line's slack measured against this share of the measure, so two
/// lines of 4 and 3 characters beat 5 and 2.
const CENTER_SLACK_SHARE: f64 = 0.5;

/// Cost of a line wider than the measure: only when a single cluster is wider.
const OVERFULL_COST: f64 = 1e17;

/// A3 (clreq §3.4.4): cost of a last line that is one Han character, alone or
/// with its punctuation. Equal to one line of badness `INF_BAD`: pulling a
/// character down and spreading the line above is almost always cheaper, so the
/// orphan only survives when the alternative is an awful line.
const ORPHAN_COST: f64 = (LINE_PENALTY + INF_BAD) * (LINE_PENALTY + INF_BAD);

/// A line shorter than the measure by at most this much counts as fitting.
pub(super) const FIT_TOLERANCE_PT: f64 = 0.001;

/// A chosen line: items `start..end`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct LineChoice {
    /// First item.
    pub start: usize,
    /// One past the last item.
    pub end: usize,
    /// Whether the line ends the paragraph or a forced break (set ragged, not justified).
    pub last: bool,
}

/// Choose the lines of a prepared paragraph.
pub(super) fn linebreak(prep: &Preparation) -> Vec<LineChoice> {
    let n = prep.items.len();
    if n == 0 {
        return Vec::new();
    }
    let mut cost = vec![f64::INFINITY; n + 1];
    let mut from = vec![0usize; n + 1];
    cost[0] = 0.0;
    for b in 1..=n {
        let (break_cost, last) = if b == n {
            (0.0, true)
        } else {
            let (cost, last) = break_cost(prep.breaks[b - 1]);
            (cost + prep.break_costs[b - 1], last)
        };
        if !break_cost.is_finite() {
            continue;
        }
        for a in (0..b).rev() {
            // A line never spans a forced break.
            if a + 1 < b && prep.breaks[a] == Break::Forced {
                break;
            }
            let m = prep.measure(a, b);
            let fits = fits(&m, prep.width);
            if !fits && a + 1 < b {
                // Lines only get wider further back.
                break;
            }
            if !cost[a].is_finite() {
                continue;
            }
            let demerits = if fits {
                let badness = match prep.align {
                    Align::Center => balance_badness(&m, prep.width),
                    _ => badness(&m, prep.width, last),
                };
                let short = !last
                    && prep.align == Align::Justify
                    && m.end <= m.start + 1
                    && m.natural < prep.width - FIT_TOLERANCE_PT;
                (LINE_PENALTY + badness).powi(2)
                    + break_cost
                    + orphan_cost(prep, a, b)
                    + if short { UNJUSTIFIABLE_COST } else { 0.0 }
            } else {
                OVERFULL_COST + break_cost
            };
            let total = cost[a] + demerits;
            if total < cost[b] {
                cost[b] = total;
                from[b] = a;
            }
        }
    }
    let mut lines = Vec::new();
    let mut b = n;
    while b > 0 {
        let a = from[b];
        let last = b == n || prep.breaks[b - 1] == Break::Forced;
        lines.push(LineChoice {
            start: a,
            end: b,
            last,
        });
        b = a;
    }
    lines.reverse();
    lines
}

/// The cost of breaking at a gap of class `class`, and whether the line before it
/// is set like a last line.
fn break_cost(class: Break) -> (f64, bool) {
    match class {
        Break::Forced => (0.0, true),
        Break::Normal => (0.0, false),
        Break::Emergency => (EMERGENCY_BREAK_COST, false),
        Break::Prohibited => (PROHIBITED_BREAK_COST, false),
    }
}

/// Whether the line can shrink to the measure.
fn fits(m: &Measure, width: f64) -> bool {
    m.natural - m.total_shrink() <= width + FIT_TOLERANCE_PT
}

/// Badness of a line that fits (0 for perfect, up to `INF_BAD`). A ragged line
/// (last line, forced break) only counts its shrinking.
fn badness(m: &Measure, width: f64, ragged: bool) -> f64 {
    let delta = width - m.natural;
    if delta < 0.0 {
        let total = m.total_shrink();
        if total <= 0.0 {
            return 0.0;
        }
        return (BADNESS_AT_RATIO_ONE * (-delta / total).powi(3)).min(INF_BAD);
    }
    if ragged {
        return 0.0;
    }
    let nominal = m.space_stretch + m.hw_stretch + m.char_stretch;
    if nominal <= 0.0 {
        return if delta <= FIT_TOLERANCE_PT {
            0.0
        } else {
            INF_BAD
        };
    }
    (BADNESS_AT_RATIO_ONE * (delta / nominal).powi(3)).min(INF_BAD)
}

/// Badness of a centred line: its slack relative to `CENTER_SLACK_SHARE` of the
/// measure, squared (shrinking counts as for justified lines).
fn balance_badness(m: &Measure, width: f64) -> f64 {
    let delta = width - m.natural;
    if delta < 0.0 || width <= 0.0 {
        return badness(m, width, true);
    }
    (BADNESS_AT_RATIO_ONE * (delta / (CENTER_SLACK_SHARE * width)).powi(2)).min(INF_BAD)
}

/// A3 (clreq §3.4.4): the orphan cost of making items `a..b` the last line.
fn orphan_cost(prep: &Preparation, a: usize, b: usize) -> f64 {
    let is_last = b == prep.items.len();
    if is_last && a > 0 && is_orphan(prep, a, b) {
        ORPHAN_COST
    } else {
        0.0
    }
}

/// Whether items `a..b` are one Han character, alone or with punctuation.
pub(super) fn is_orphan(prep: &Preparation, a: usize, b: usize) -> bool {
    prep.prefix.han_count(a, b) == 1 && prep.prefix.letter_count(a, b) == 1
}

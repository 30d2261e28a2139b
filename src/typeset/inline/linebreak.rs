//! Optimum-fit line breaking (Knuth & Plass, "Breaking Paragraphs into Lines",
//! 1981) over the prepared items.
//!
//! Every gap is a candidate break with a cost by its [`Break`] class, and every
//! paragraph has a solution: a line is never wider than the measure unless a
//! single cluster is. The search is a shortest path over break positions: for
//! each break, try every earlier break whose line can still shrink to fit.
//! Paragraphs are short (a few hundred clusters, lines of a few dozen), so this
//! needs no active list; a first pass that skips lines too short to be anything
//! but infinitely bad does most paragraphs at a third of the cost, and stays
//! exact (see [`linebreak`]).

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

/// Cost of breaking where UAX #14 gives no opportunity but clreq forbids nothing
/// (inside a Western word, URL or number). Far above any sequence of ordinary
/// lines (a line of badness `INF_BAD` costs ~1e8), so it is only used when no
/// ordinary break keeps every line within the measure.
const EMERGENCY_BREAK_COST: f64 = 1e11;

/// Cost of a break against a kinsoku rule (L1–L3) or inside `——`/`……` (U1): only
/// when even emergency breaks cannot make the lines fit (e.g. 30 closing brackets
/// in a row on a narrow measure).
const PROHIBITED_BREAK_COST: f64 = 1e14;

/// Cost of a justified line that cannot reach the measure because it has no
/// place justification may put space (a single cluster, a character and its
/// closing bracket such as `号」`, one piece of a long number). Above an
/// emergency break, which is the usual way out (break the long word that follows
/// instead), below a kinsoku violation.
const UNJUSTIFIABLE_COST: f64 = 1e13;

/// Cost of a line that is only a piece of a long Western token (a URL broken
/// at its marks) and ends short of the measure: such a line is set flush left
/// and ragged, as Western practice sets a URL (Chicago 6.80: never
/// letter-spaced, no hyphen added), and costs about one line of badness
/// `INF_BAD`, more the shorter it is. A URL longer than the measure always
/// makes such lines; their cost must stay below a spaced-out Han line
/// (`TOO_LOOSE_COST`), or the breaker spreads the text before the URL to save
/// one of them (QA D15), and below an emergency break (`EMERGENCY_BREAK_COST`),
/// so the URL breaks at its marks, not inside a word.
const RAGGED_TOKEN_LINE_COST: f64 = 1e8;

/// Cost of a justified line that needs more than `MAX_STRETCH_EM` at some place
/// (clreq §3.5.4 J3; see `line::MAX_STRETCH_EM`), plus this much again per em it
/// falls short (as a share of the measure): a spaced-out line (`乡　村　振　兴`) is worse than breaking the
/// long token after it anywhere (an emergency break), better than a line with no
/// place for space at all.
const TOO_LOOSE_COST: f64 = 1e12;

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

/// A line wider than the measure by at most this much (rounding) counts as fitting.
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

/// The cheapest way to set items `0..b`, for every `b`: (cost, start of the last line).
/// With `prune`, lines that are certainly infinitely bad are not considered.
fn search(prep: &Preparation, prune: bool) -> (Vec<f64>, Vec<usize>) {
    let n = prep.items.len();
    // after_forced[b]: the first item a line ending at b may start with.
    let mut after_forced = vec![0usize; n + 1];
    for b in 2..=n {
        after_forced[b] = if prep.breaks[b - 2] == Break::Forced {
            b - 1
        } else {
            after_forced[b - 1]
        };
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
        // A line never spans a forced break.
        let first = after_forced[b];
        let top = if prune && !last {
            longest_hopeless_start(prep, first, b)
        } else {
            b - 1
        };
        for a in (first..=top).rev() {
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
                let badness = if prep.display {
                    balance_badness(&m, prep.width)
                } else {
                    badness(&m, prep.width, last)
                };
                let loose = if !last && prep.align == Align::Justify {
                    looseness_cost(&m, prep.width, prep.all_token(m.start, m.end))
                } else {
                    0.0
                };
                (LINE_PENALTY + badness).powi(2) + break_cost + orphan_cost(prep, a, b) + loose
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
    (cost, from)
}

/// For lines ending at `b`: the largest start `a` (at least `first`) such that the
/// line `a..b` might be better than infinitely bad; every later start gives a line
/// so short that even by conservative bounds (widest natural width, most stretch)
/// it needs more than `INF_BAD_RATIO` times its stretch. The bound is monotone in
/// `a`, so a binary search finds the cut.
fn longest_hopeless_start(prep: &Preparation, first: usize, b: usize) -> usize {
    let hopeless = |a: usize| {
        let indent = if a == 0 { prep.indent } else { 0.0 };
        let (natural, stretch) = prep.prefix.loose_bounds(a, b);
        prep.width - (natural + indent) > INF_BAD_RATIO * stretch + FIT_TOLERANCE_PT
    };
    // Smallest a in first..b that is hopeless (all larger ones are too).
    let (mut lo, mut hi) = (first, b);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if hopeless(mid) {
            hi = mid
        } else {
            lo = mid + 1
        }
    }
    // Scan down from the last hopeful start; if even `first` is hopeless, scan none
    // but `first` (the search still needs a candidate to stay total).
    lo.saturating_sub(1).max(first)
}

/// Demerits at or above which a solution contains something a pruned search may
/// have skipped: one line of badness `INF_BAD` (or an orphan, an emergency break…).
const PRUNED_SEARCH_LIMIT: f64 = (LINE_PENALTY + INF_BAD) * (LINE_PENALTY + INF_BAD);

/// Badness reaches `INF_BAD` once a line needs this many times its nominal stretch
/// (100 r³ = 10 000).
const INF_BAD_RATIO: f64 = 4.641_588_833_612_779;

/// Choose the lines of a prepared paragraph.
///
/// First a pruned search that never measures lines too short to be anything but
/// infinitely bad; if its best solution costs less than one such line, no skipped
/// line could have been part of a better one, so it is the optimum. Otherwise
/// (emergency breaks, orphans, awful lines) the full search decides.
pub(super) fn linebreak(prep: &Preparation) -> Vec<LineChoice> {
    let n = prep.items.len();
    if n == 0 {
        return Vec::new();
    }
    let pruned = !prep.display;
    let (cost, mut from) = search(prep, pruned);
    if pruned && cost[n] >= PRUNED_SEARCH_LIMIT {
        from = search(prep, false).1;
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

/// J3 (clreq §3.5.4) with `line::MAX_STRETCH_EM`: the extra cost of a justified
/// line that cannot reach the measure within the limit: `UNJUSTIFIABLE_COST` when
/// it has no place for space at all, else `TOO_LOOSE_COST` and more the further it
/// falls short.
fn looseness_cost(m: &Measure, width: f64, token_piece: bool) -> f64 {
    let shortfall = m.shortfall(width);
    if shortfall <= FIT_TOLERANCE_PT {
        return 0.0;
    }
    if token_piece {
        return RAGGED_TOKEN_LINE_COST * (1.0 + shortfall / width.max(1.0));
    }
    if m.space_stretch + m.hw_stretch + m.max_extra <= 0.0 {
        return UNJUSTIFIABLE_COST;
    }
    TOO_LOOSE_COST * (1.0 + shortfall / width.max(1.0))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::{Fonts, Role};
    use crate::typeset::inline::{ParInput, StyledText, collect, prepare};

    fn lines_of(cost_from: (Vec<f64>, Vec<usize>)) -> Vec<usize> {
        let (_, from) = cost_from;
        let mut starts = Vec::new();
        let mut b = from.len() - 1;
        while b > 0 {
            starts.push(from[b]);
            b = from[b];
        }
        starts
    }

    #[test]
    fn pruned_search_finds_the_full_optimum() {
        let fonts = Fonts::shared().expect("bundled fonts");
        let texts = [
            "“把党的创新理论转化为加快建设绿色低碳发展示范区的实践力量，再创仙山、碧水、汽车城战略优势。”2023年2月19日，市委常委会及时跟进学习。",
            "在城市，深化城市基层党建引领基层治理。健全“社区党组织—小区党支部—楼栋党小组—党员中心户”组织体系，4200名党员干部在居住地小区任职，5.2万名党员干部领办实事6.8万件。",
            "Western words like internationalization and 2023年 mixed with 中文 text, https://example.com/long/path ……——好。",
        ];
        let mut checked = 0;
        for text in texts {
            for width_em in [6.0, 8.0, 11.0, 17.0, 23.0, 40.0] {
                let input = ParInput {
                    runs: vec![StyledText {
                        text: text.into(),
                        role: Role::Body,
                        size_pt: 10.0,
                        rise_pt: 0.0,
                    }],
                    width_pt: width_em * 10.0,
                    first_line_indent_em: 2.0,
                    align: Align::Justify,
                };
                let prep = prepare::prepare(fonts, &input, collect::collect(&input));
                let full = search(&prep, false);
                let chosen: Vec<usize> = linebreak(&prep).iter().rev().map(|l| l.start).collect();
                assert_eq!(chosen, lines_of(full), "{width_em} em: {text}");
                checked +=
                    usize::from(search(&prep, true).0[prep.items.len()] < PRUNED_SEARCH_LIMIT);
            }
        }
        assert!(checked > 5, "the pruned search decided {checked} cases");
    }
}

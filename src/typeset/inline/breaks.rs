//! Break opportunities: ICU's line breaking (UAX #14, strict), tailored for
//! Chinese, then filtered through the clreq kinsoku rules.
//!
//! Every gap between two clusters gets a [`Break`] class rather than a yes/no:
//! the breaker prefers ordinary opportunities, falls back to breaking anywhere
//! the kinsoku rules allow (a 300-character URL must not overflow the measure),
//! and only as a last resort breaks against them.

use super::adjust::Item;
use crate::cjk;
use icu_segmenter::LineSegmenter;
use icu_segmenter::options::{LineBreakOptions, LineBreakStrictness};

/// How acceptable a break between two items is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Break {
    /// A forced break (line feed, line separator): the line must end here.
    Forced,
    /// An ordinary break opportunity.
    Normal,
    /// Not a break opportunity (e.g. inside a Western word or number), but breaking
    /// here breaks no clreq rule: used only when nothing else fits.
    Emergency,
    /// Breaking here violates a kinsoku rule (L1–L3) or splits `——`/`……` (U1): used
    /// only when no other break can keep the line within the measure.
    Prohibited,
}

/// The break class of every gap (`breaks[k]` is between `items[k]` and `items[k + 1]`).
pub(super) fn classify(text: &str, items: &[Item]) -> Vec<Break> {
    let icu = icu_opportunities(text);
    (0..items.len().saturating_sub(1))
        .map(|k| {
            let (a, b) = (&items[k], &items[k + 1]);
            if is_forced(a.cluster.last) {
                return Break::Forced;
            }
            let (before, after) = kinsoku_neighbours(items, k);
            if !cjk::break_allowed_between(before, after) {
                Break::Prohibited
            } else if icu[b.cluster.range.start]
                || chinese_opportunity(a.cluster.last, b.cluster.first)
            {
                Break::Normal
            } else {
                Break::Emergency
            }
        })
        .collect()
}

/// Whether `c` forces a line break.
fn is_forced(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{b}' | '\u{c}'
    )
}

/// ICU break opportunities by byte offset. Strict, as clreq's basic level wants:
/// `Loose` would split `……` and allow small kana at a line start.
fn icu_opportunities(text: &str) -> Vec<bool> {
    let mut options = LineBreakOptions::default();
    options.strictness = Some(LineBreakStrictness::Strict);
    let segmenter = LineSegmenter::new_for_non_complex_scripts(options);
    let mut at = vec![false; text.len() + 1];
    for offset in segmenter.segment_str(text) {
        at[offset] = true;
    }
    at
}

/// Tailoring (clreq §3.1.4): in Chinese text a line may break between any two
/// characters unless a kinsoku rule forbids it. UAX #14 is more cautious around
/// ambiguous quotation marks (`“”` are class QU) and some symbols; next to CJK
/// text those cautions do not apply. Between two Western characters ICU decides.
fn chinese_opportunity(before: char, after: char) -> bool {
    let cjk_side = |c: char| !c.is_whitespace() && !c.is_control() && !cjk::is_western(c);
    cjk_side(before) || cjk_side(after)
}

/// The characters the kinsoku rules look at for the gap after `items[k]`: the last
/// visible character before it and the first visible one after it (spaces vanish at
/// a line edge, so `党 。` must not break before `。` either).
fn kinsoku_neighbours(items: &[Item], k: usize) -> (char, char) {
    let before = items[..=k]
        .iter()
        .rev()
        .find(|i| !i.is_blank())
        .map_or(' ', |i| i.cluster.last);
    let after = items[k + 1..]
        .iter()
        .find(|i| !i.is_blank())
        .map_or(' ', |i| i.cluster.first);
    (before, after)
}

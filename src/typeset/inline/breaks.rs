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
            // CR LF is one line end: break after the LF only.
            if is_forced(a.cluster.last) && !(a.cluster.last == '\r' && b.cluster.first == '\n') {
                return Break::Forced;
            }
            let (before, after) = kinsoku_neighbours(items, k);
            // A superscript (note reference) never starts a line: it stays
            // with the character before it.
            if b.is_raised()
                || !cjk::break_allowed_between(before, after)
                || cjk::is_connector_dash(after, char_after_first_visible(text, items, k))
            {
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

/// Cost of starting a line with `——` or `……`. clreq's basic and GB levels allow
/// it (§3.1.4); the strict level (L4) forbids it, and many house styles follow the
/// strict level here. Equal to a line of badness ~1000 (stretched about 2.2 times
/// its nominal inter-character stretch), so the breaker avoids it unless that
/// costs a really loose line.
const PAIRED_MARK_AT_LINE_START_COST: f64 = 1e6;

/// Extra cost of breaking at each gap (`costs[k]` for the gap after `items[k]`):
/// L4-style line starts (see [`PAIRED_MARK_AT_LINE_START_COST`]).
pub(super) fn line_start_costs(items: &[Item]) -> Vec<f64> {
    (0..items.len().saturating_sub(1))
        .map(|k| {
            let (before, after) = kinsoku_neighbours(items, k);
            // Inside a pair the break is prohibited anyway (U1).
            if cjk::is_paired_mark(after) && !cjk::is_unbreakable_pair(before, after) {
                PAIRED_MARK_AT_LINE_START_COST
            } else {
                0.0
            }
        })
        .collect()
}

/// The character after the first visible character following the gap after `items[k]`.
fn char_after_first_visible(text: &str, items: &[Item], k: usize) -> Option<char> {
    let item = items[k + 1..].iter().find(|i| !i.is_blank())?;
    text[item.cluster.range.start..].chars().nth(1)
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
    let cjk_side =
        |c: char| (c == '\u{3000}' || !c.is_whitespace()) && !c.is_control() && !cjk::is_western(c);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::{Fonts, Role};
    use crate::typeset::inline::{Align, ParInput, StyledText, collect, prepare};

    /// The break class after each character of `text`, with the character.
    fn classes(text: &str) -> Vec<(char, Break)> {
        let fonts = Fonts::shared().expect("bundled fonts");
        let input = ParInput {
            runs: vec![StyledText {
                text: text.into(),
                role: Role::Body,
                size_pt: 10.0,
                rise_pt: 0.0,
            }],
            width_pt: 100.0,
            first_line_indent_em: 0.0,
            align: Align::Justify,
        };
        let prep = prepare::prepare(fonts, &input, collect::collect(&input));
        prep.items
            .iter()
            .zip(&prep.breaks)
            .map(|(i, b)| (i.cluster.last, *b))
            .collect()
    }

    #[test]
    fn han_text_breaks_between_any_two_characters() {
        assert!(classes("党旗高扬").iter().all(|(_, b)| *b == Break::Normal));
    }

    #[test]
    fn quotes_next_to_han_are_tailored_in() {
        // UAX #14 class QU; clreq only forbids “ at a line end and ” at a line start.
        let c = classes("说“好”的");
        assert_eq!(c[0], ('说', Break::Normal), "before “");
        assert_eq!(c[1], ('“', Break::Prohibited), "after “ (L2)");
        assert_eq!(c[2], ('好', Break::Prohibited), "before ” (L1)");
        assert_eq!(c[3], ('”', Break::Normal), "after ”");
    }

    #[test]
    fn western_words_and_numbers_break_only_in_emergencies() {
        let c = classes("ab cd 79.9%");
        assert_eq!(c[0], ('a', Break::Emergency));
        assert_eq!(c[2], (' ', Break::Normal), "after a space");
        let digits: Vec<_> = c[6..].iter().map(|x| x.1).collect();
        assert!(digits.iter().all(|b| *b == Break::Emergency), "{digits:?}");
    }

    #[test]
    fn kinsoku_and_pairs_are_prohibited() {
        let c = classes("好。——……（好）／好");
        let get = |ch: char| {
            c.iter()
                .filter(|x| x.0 == ch)
                .map(|x| x.1)
                .collect::<Vec<_>>()
        };
        assert_eq!(c[0], ('好', Break::Prohibited), "before 。");
        // A face may set —— as one ligature cluster; otherwise the gap inside is prohibited.
        for pair in ['—', '…'] {
            for (k, w) in c.windows(2).enumerate() {
                if w[0].0 == pair && w[1].0 == pair && k + 1 < c.len() {
                    assert_eq!(w[0].1, Break::Prohibited, "inside {pair}{pair}");
                }
            }
            assert_eq!(
                *get(pair).last().unwrap(),
                Break::Normal,
                "after {pair}{pair}"
            );
        }
        assert_eq!(get('（'), vec![Break::Prohibited], "after （");
        let c = classes("组织—小区——好");
        assert_eq!(c[1], ('织', Break::Prohibited), "before the connector —");
        assert_eq!(c[4], ('区', Break::Normal), "before ——");
        assert_eq!(get('／'), vec![Break::Prohibited], "after ／ (GB L3)");
    }

    #[test]
    fn dash_and_ellipsis_at_line_start_cost_extra() {
        let fonts = Fonts::shared().expect("bundled fonts");
        let input = ParInput {
            runs: vec![StyledText {
                text: "好——好……好".into(),
                role: Role::Body,
                size_pt: 10.0,
                rise_pt: 0.0,
            }],
            width_pt: 100.0,
            first_line_indent_em: 0.0,
            align: Align::Justify,
        };
        let prep = prepare::prepare(fonts, &input, collect::collect(&input));
        let costly: Vec<char> = prep
            .break_costs
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0.0)
            .map(|(k, _)| prep.items[k].cluster.last)
            .collect();
        assert_eq!(costly, vec!['好', '好'], "only the breaks before —— and ……");
    }

    #[test]
    fn line_feeds_force_breaks_and_crlf_is_one() {
        let c = classes("a\r\nb\nc");
        assert_eq!(
            c.iter().filter(|x| x.1 == Break::Forced).count(),
            2,
            "{c:?}"
        );
    }
}

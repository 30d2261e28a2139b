//! Break opportunities: ICU's line breaking (UAX #14, strict), tailored for
//! Chinese, then filtered through the clreq kinsoku rules.
//!
//! Every gap between two clusters gets a [`Break`] class rather than a yes/no:
//! the breaker prefers ordinary opportunities, falls back to breaking anywhere
//! the kinsoku rules allow (a 300-character URL must not overflow the measure),
//! and only as a last resort breaks against them.

use super::adjust::Item;
use crate::cjk;
use icu_segmenter::options::{LineBreakOptions, LineBreakStrictness, WordBreakInvariantOptions};
use icu_segmenter::{LineSegmenter, WordSegmenter};

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
    let token = token_breaks(items);
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
            } else if (icu[b.cluster.range.start]
                && !short_hyphen_part(text, b.cluster.range.start))
                || chinese_opportunity(a.cluster.last, b.cluster.first)
                || token[k]
            {
                Break::Normal
            } else {
                Break::Emergency
            }
        })
        .collect()
}

/// Letters a hyphenated word keeps on each side of a break after its hyphen
/// (TeX's `\lefthyphenmin` is 2, `\righthyphenmin` 3; a compound's parts are
/// whole words, so a part of two letters is the brand or unit it names).
const HYPHEN_PART_MIN_CHARS: usize = 3;

/// Whether the gap at byte `at` follows a hyphen with fewer than
/// [`HYPHEN_PART_MIN_CHARS`] letters or digits on one side of it: `Wi-|Fi`,
/// `e-|mail`, `COVID-|19` are no break opportunities (only emergency breaks,
/// which a word that fits the measure never takes), `cross-|border` is.
fn short_hyphen_part(text: &str, at: usize) -> bool {
    let (head, tail) = text.split_at(at);
    let Some(head) = head.strip_suffix(['-', '\u{2010}']) else {
        return false;
    };
    let word = |c: &char| cjk::is_western_alnum(*c);
    let before = head.chars().rev().take_while(word).count();
    let after = tail.chars().take_while(word).count();
    before < HYPHEN_PART_MIN_CHARS || after < HYPHEN_PART_MIN_CHARS
}

/// Cost of starting a line with `——` or `……`. clreq's basic and GB levels allow
/// it (§3.1.4); the strict level (L4) forbids it, and many house styles follow the
/// strict level here. Equal to a line of badness ~1000 (stretched about 2.2 times
/// its nominal inter-character stretch), so the breaker avoids it unless that
/// costs a really loose line.
const PAIRED_MARK_AT_LINE_START_COST: f64 = 1e6;

/// Cost of breaking a long token (URL, ID) at one of its marks
/// ([`cjk::token_break_between`]): about a line of badness 300 (stretched about
/// 1.4 times its nominal inter-character stretch), so a URL stays whole when the
/// line before it can take it well, and breaks rather than spread that line.
const TOKEN_BREAK_COST: f64 = 1e5;

/// Extra cost of breaking at each gap (`costs[k]` for the gap after `items[k]`):
/// L4-style line starts (see [`PAIRED_MARK_AT_LINE_START_COST`]) and breaks
/// inside a long token (see [`TOKEN_BREAK_COST`]).
pub(super) fn line_start_costs(items: &[Item]) -> Vec<f64> {
    let token = token_breaks(items);
    (0..items.len().saturating_sub(1))
        .map(|k| {
            let (before, after) = kinsoku_neighbours(items, k);
            // Inside a pair the break is prohibited anyway (U1).
            if cjk::is_paired_mark(after) && !cjk::is_unbreakable_pair(before, after) {
                PAIRED_MARK_AT_LINE_START_COST
            } else if token[k] {
                TOKEN_BREAK_COST
            } else {
                0.0
            }
        })
        .collect()
}

/// Cost of breaking a display line (a title, a centred heading) between two
/// Han characters of one word (`春节期 / 间`): about a line of badness 300,
/// so the breaker moves the break to the nearest word boundary unless that
/// makes the lines far less even. Body text breaks between any two
/// characters (clreq §3.1.4) and pays nothing; a title is read as phrases,
/// and clreq's headings (§5.1) are set so a line ends where a phrase does.
const IN_WORD_BREAK_COST: f64 = 1e5;

/// Cost of breaking a display line between two Han characters at all, a
/// word boundary too: about a line of badness 130. Punctuation marks where a
/// phrase ends; ICU's dictionary does not know every idiom (`单打独 / 斗`
/// is a word boundary to it), so a break at a mark (after `”`, `，`, `：`, or
/// before `“`) wins over one between characters unless it leaves the lines
/// far less even.
const BETWEEN_HAN_BREAK_COST: f64 = 2e4;

/// Cost of breaking a display line inside quotation marks or a book title's
/// brackets (`“抱团 / 发展”`, `《…》`), on top of the break's own: the quoted
/// term is read as one; about a line of badness 160, so a heading takes a
/// third line rather than part it when the lines stay even.
const IN_QUOTE_BREAK_COST: f64 = 3e4;

/// For display lines (a title, a centred heading, a table's header): the
/// extra cost of each gap that falls between two Han characters
/// ([`BETWEEN_HAN_BREAK_COST`]), inside a Chinese word by ICU's dictionary
/// word segmenter ([`IN_WORD_BREAK_COST`]), or inside quotation marks or
/// book-title brackets ([`IN_QUOTE_BREAK_COST`]); 0 elsewhere (next to
/// punctuation, Latin or digits, outside any quotation).
pub(super) fn display_break_costs(text: &str, items: &[Item]) -> Vec<f64> {
    let mut boundary = vec![false; text.len() + 1];
    for offset in WordSegmenter::new_auto(WordBreakInvariantOptions::default()).segment_str(text) {
        boundary[offset] = true;
    }
    let mut depth = 0usize;
    (0..items.len().saturating_sub(1))
        .map(|k| {
            let (a, b) = (&items[k], &items[k + 1]);
            depth = quote_depth(depth, text, a);
            let han = cjk::is_han(a.cluster.last) && cjk::is_han(b.cluster.first);
            let mut cost = 0.0;
            if han {
                cost += BETWEEN_HAN_BREAK_COST;
                if !boundary[b.cluster.range.start] {
                    cost += IN_WORD_BREAK_COST;
                }
            }
            if depth > 0 && !cjk::is_closing_bracket(b.cluster.first) {
                cost += IN_QUOTE_BREAK_COST;
            }
            cost
        })
        .collect()
}

/// The depth of quotation marks and book-title brackets open after item
/// `item`, from `depth` before it.
fn quote_depth(depth: usize, text: &str, item: &Item) -> usize {
    text[item.cluster.range.clone()]
        .chars()
        .fold(depth, |d, c| match c {
            '“' | '‘' | '《' | '〈' | '「' | '『' => d + 1,
            '”' | '’' | '》' | '〉' | '」' | '』' => d.saturating_sub(1),
            _ => d,
        })
}

/// Cost of an emergency break inside a Western run that fits on a line (a word, a
/// phone number, an 18-character ID): such a run is only broken anywhere when it
/// is longer than the measure (clreq §3.2.4); otherwise a loose line before it is
/// the lesser evil. Above a too-loose line, below a line with no place for space.
const SHORT_RUN_BREAK_COST: f64 = 5e12;

/// Extra cost of the emergency breaks (`breaks[k]`) inside Western runs whose
/// natural width is at most `width` pt (see [`SHORT_RUN_BREAK_COST`]).
pub(super) fn short_run_costs(items: &[Item], breaks: &[Break], width: f64) -> Vec<f64> {
    let mut costs = vec![0.0; breaks.len()];
    let mut start = 0;
    while start < items.len() {
        if !is_western_item(&items[start]) {
            start += 1;
            continue;
        }
        let end = (start..items.len())
            .find(|&k| !is_western_item(&items[k]))
            .unwrap_or(items.len());
        let run: f64 = items[start..end].iter().map(|i| i.width).sum();
        if run <= width {
            for k in start..end - 1 {
                if breaks[k] == Break::Emergency {
                    costs[k] = SHORT_RUN_BREAK_COST;
                }
            }
        }
        start = end;
    }
    costs
}

/// Whether an item is part of Western text (a word, number, URL): the same test
/// as the no-letter-spacing rule in `adjust`.
fn is_western_item(item: &Item) -> bool {
    !item.is_blank() && (cjk::is_western(item.cluster.first) || item.cluster.latin)
}

/// For every gap (`token[k]` after `items[k]`): whether it lies inside a long
/// Western token (at least [`cjk::LONG_TOKEN_MIN_CHARS`] characters without a
/// space) at a place [`cjk::token_break_between`] allows a break.
fn token_breaks(items: &[Item]) -> Vec<bool> {
    let in_token = long_token_items(items);
    (0..items.len().saturating_sub(1))
        .map(|k| {
            let (a, b) = (&items[k], &items[k + 1]);
            in_token[k]
                && in_token[k + 1]
                && !b.is_raised()
                && cjk::token_break_between(a.cluster.last, b.cluster.first)
        })
        .collect()
}

/// For every item: whether it belongs to a long Western token (a run of at
/// least [`cjk::LONG_TOKEN_MIN_CHARS`] characters without a space: a URL, an
/// 18-character ID).
pub(super) fn long_token_items(items: &[Item]) -> Vec<bool> {
    let mut in_token = vec![false; items.len()];
    let mut start = 0;
    while start < items.len() {
        if !is_western_item(&items[start]) {
            start += 1;
            continue;
        }
        let end = (start..items.len())
            .find(|&k| !is_western_item(&items[k]))
            .unwrap_or(items.len());
        let chars: usize = items[start..end]
            .iter()
            .map(|i| i.cluster.range.len())
            .sum();
        if chars >= cjk::LONG_TOKEN_MIN_CHARS {
            in_token[start..end].fill(true);
        }
        start = end;
    }
    in_token
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
        // Never before the decimal point: `.9%` may not start a line.
        assert_eq!(
            digits,
            [
                Break::Emergency,
                Break::Prohibited,
                Break::Emergency,
                Break::Emergency
            ]
        );
    }

    #[test]
    fn a_hyphen_breaks_only_between_parts_of_three_letters_or_more() {
        let after_hyphen = |text: &str| {
            let c = classes(text);
            let k = c.iter().position(|x| x.0 == '-').expect("a hyphen");
            c[k].1
        };
        for short in ["用Wi-Fi上网", "发e-mail给", "抗击COVID-19疫情"] {
            assert_eq!(after_hyphen(short), Break::Emergency, "{short}");
        }
        for long in ["cross-border电商", "self-driving汽车"] {
            assert_eq!(after_hyphen(long), Break::Normal, "{long}");
        }
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
    fn long_tokens_break_at_their_marks_short_ones_only_in_emergencies() {
        let c = classes("见https://www.shiyan.gov.cn/a_b约1.25亿5.2%");
        let after = |s: &str| {
            let i = c
                .iter()
                .enumerate()
                .position(|(k, _)| c[..=k].iter().map(|x| x.0).collect::<String>().ends_with(s))
                .unwrap();
            c[i].1
        };
        assert_eq!(after("见https:"), Break::Normal, "https:|//");
        assert_eq!(after("见https:/"), Break::Prohibited, "inside // (L3)");
        assert_eq!(after("https://www."), Break::Normal, "www.|shiyan");
        assert_eq!(after("https://www.s"), Break::Emergency, "inside a word");
        assert_eq!(after("gov.cn"), Break::Normal, "cn|/a");
        assert_eq!(after("gov.cn/"), Break::Prohibited, "after / (L3)");
        assert_eq!(after("/a_"), Break::Normal, "a_|b");
        // `1.25` and `5.2%` are numbers, not long tokens.
        assert_eq!(after("约1."), Break::Emergency, "decimal point");
        assert_eq!(after("亿5."), Break::Emergency, "decimal point");
        let fonts = Fonts::shared().expect("bundled fonts");
        let input = ParInput {
            runs: vec![StyledText {
                text: "见www.shiyan.gov.cn".into(),
                role: Role::Body,
                size_pt: 10.0,
                rise_pt: 0.0,
            }],
            width_pt: 100.0,
            first_line_indent_em: 0.0,
            align: Align::Justify,
        };
        let prep = prepare::prepare(fonts, &input, collect::collect(&input));
        let costly = prep.break_costs.iter().filter(|c| **c == TOKEN_BREAK_COST);
        assert_eq!(costly.count(), 3, "after each . of www.shiyan.gov.cn");
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

//! Paragraphs a printed column cut in two, joined again.
//!
//! Each pair of neighbouring lines gets two readings, "one paragraph" and "two
//! units", scored from the features of the cut: whether the first part ends
//! the way a paragraph ends, whether the second starts with a mark no line may
//! start with, whether joining makes a word or number whole (`5|G`,
//! `Manufac|turing`, `3.|5万`), whether a 《…》 or a quotation is left open,
//! whether both parts read as running prose, the indents and the blank lines.

use super::caption::{CAPTION_MAX_CHARS, photo_credit};
use super::punct::{
    commas, cut_inside_word, ends_closed, ends_with_opener, has_inner_sentence_end, head_chars,
    is_subtitle, leaves_open, starts_continuation, tail_chars,
};
use super::score::{Reading, because, choose};
use super::units::Layout;
use super::{Decisions, Unit};

/// A line with this many commas is running prose, not a caption, even without a full stop.
const FRAGMENT_MIN_COMMAS: usize = 2;

/// Join paragraphs that a printed column cut in two, logging each join with
/// the features that decided it.
pub fn join_cut_paragraphs(units: Vec<Unit>, decisions: &mut Decisions) -> Vec<Unit> {
    let layout = Layout::measure(&units);
    let mut out: Vec<Unit> = Vec::with_capacity(units.len());
    for unit in units {
        if let Some(prev) = out.last_mut() {
            let choice = choose(readings(prev, &unit, layout));
            if let Some(close) = &choice.close {
                let (what, other) = if choice.best.kind {
                    ("one paragraph cut by a column", "two separate lines")
                } else {
                    ("two separate lines", "one paragraph cut by a column")
                };
                decisions.unsure(
                    prev.last_line,
                    what,
                    other,
                    (choice.best.score, close.score),
                );
            }
            if choice.best.kind {
                decisions.note(
                    prev.last_line,
                    format!(
                        "lines {} and {}: joined into one paragraph (…{} | {}…: {})",
                        prev.last_line,
                        unit.line,
                        tail_chars(&prev.text, 6),
                        head_chars(&unit.text, 6),
                        because(&choice.best.why),
                    ),
                );
                prev.text.push_str(&unit.text);
                prev.last_line = unit.last_line;
                continue;
            }
        }
        out.push(unit);
    }
    out
}

/// A dateline on a line of its own (`新华社北京7月1日电（记者 张三）`): the
/// export printed it apart from the paragraph under it.
fn is_dateline_alone(text: &str) -> bool {
    super::byline::parse_dateline(text).is_some_and(|d| {
        let rest = text[d.words.len()..].trim();
        rest.is_empty()
            || rest.starts_with(['（', '(']) && rest.ends_with(['）', ')']) && {
                let close = rest.find(['）', ')']).unwrap_or(0);
                close + rest[close..].chars().next().map_or(0, char::len_utf8) == rest.len()
            }
    })
}

/// Whether a unit reads as running prose (a sentence mark inside, several
/// commas, or longer than any caption).
fn is_running(u: &Unit) -> bool {
    has_inner_sentence_end(&u.text)
        || commas(&u.text) >= FRAGMENT_MIN_COMMAS
        || u.chars() > CAPTION_MAX_CHARS
}

/// The "one paragraph" (`true`) and "two units" (`false`) readings of `prev` + `next`.
fn readings(prev: &Unit, next: &Unit, layout: Layout) -> Vec<Reading<bool>> {
    let (a, b) = (prev.text.as_str(), next.text.as_str());
    let word = cut_inside_word(a, b);
    let mut apart = Reading::new(false);
    apart
        .feature(true, 4, "lines stand apart unless something joins them")
        .feature(
            ends_closed(a) && !word,
            10,
            "the first part ends as a paragraph ends",
        )
        .feature(
            photo_credit(a).is_some(),
            10,
            "the first part ends with a photo credit",
        )
        .feature(is_subtitle(b), 10, "the second part starts with a dash")
        .feature(
            is_dateline_alone(a),
            10,
            "the first part is a dateline standing alone",
        )
        .feature(
            next.gap_before > layout.paragraph_gap.max(1) + 1,
            2,
            "more blank lines than between paragraphs",
        )
        .feature(
            layout.indents_paragraphs && next.indented,
            3,
            "the second part is indented as a new paragraph",
        );
    let mut one = Reading::new(true);
    one.feature(
        starts_continuation(b),
        6,
        "the second part starts with a mark that cannot start a line",
    )
    .feature(word, 6, "joining makes a word or number whole")
    .feature(
        ends_with_opener(a),
        6,
        "the first part ends with an opening mark",
    )
    .feature(
        leaves_open(a) && !ends_closed(a),
        4,
        "the first part leaves a quotation or 《》 open",
    )
    .feature(is_running(prev), 4, "the first part is running prose")
    .feature(
        ends_closed(b) || next.chars() > CAPTION_MAX_CHARS,
        2,
        "the second part ends as a paragraph ends",
    )
    .feature(
        layout.indents_paragraphs && prev.indented && !next.indented,
        3,
        "the second part is not indented",
    );
    // Established reading first: equal scores keep the lines apart.
    vec![apart, one]
}

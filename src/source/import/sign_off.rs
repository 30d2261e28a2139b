//! A notice's sign-off (署名/日期): its last lines, the issuing body's name
//! over the date (`十堰市安全生产委员会办公室` / `2024年1月5日`). Lifted before the
//! body is read, so the two short lines are not taken for photo captions,
//! and written as one paragraph of hard-broken lines, which the source
//! format reads as a sign-off and sets flush right.

use super::punct::ends_closed;
use super::{Decisions, Unit};

/// Lines a sign-off has at most, the date included.
const MAX_LINES: usize = 3;
/// Longest line of a sign-off, in characters (as the source format reads it).
const MAX_CHARS: usize = 30;

/// Take the sign-off off the end of the body: a written date as the last
/// line, with up to two short unpunctuated lines right above it.
pub fn lift(mut units: Vec<Unit>, decisions: &mut Decisions) -> (Vec<Unit>, Vec<String>) {
    let Some(last) = units.last() else {
        return (units, vec![]);
    };
    if !crate::cjk::is_written_date(&last.text) || last.chars() > MAX_CHARS {
        return (units, vec![]);
    }
    let mut start = units.len() - 1;
    while start > 0
        && units.len() - start < MAX_LINES
        && units[start].gap_before <= 1
        && is_name_line(&units[start - 1])
    {
        start -= 1;
    }
    let lines: Vec<Unit> = units.split_off(start);
    let (first, last) = (lines[0].line, lines[lines.len() - 1].last_line);
    decisions.note(
        first,
        format!(
            "lines {first}–{last}: the sign-off ({} line(s), ending with the date)",
            lines.len()
        ),
    );
    (units, lines.into_iter().map(|u| u.text).collect())
}

fn is_name_line(u: &Unit) -> bool {
    u.chars() <= MAX_CHARS && !ends_closed(&u.text) && super::table::cells(&u.text).is_none()
}

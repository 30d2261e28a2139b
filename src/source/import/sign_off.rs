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
    // The sign-off's lines stand no further apart than the date from the
    // line above it: when the date touches the office, a blank line above
    // the office is the sign-off's boundary.
    let gap = last.gap_before.min(1);
    let mut start = units.len() - 1;
    while start > 0
        && units.len() - start < MAX_LINES
        && units[start].gap_before <= gap
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

/// A line of the issuing body's name: short, unpunctuated, one cell, and no
/// label with its value (`联系人：王明`, `电话：…` are the notice's text).
fn is_name_line(u: &Unit) -> bool {
    u.chars() <= MAX_CHARS
        && !ends_closed(&u.text)
        && !u.text.contains(['：', ':'])
        && super::table::cells(&u.text).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(lines: &[(&str, usize)]) -> Vec<Unit> {
        lines
            .iter()
            .enumerate()
            .map(|(i, &(text, gap_before))| Unit {
                text: text.into(),
                line: i + 1,
                last_line: i + 1,
                gap_before,
                indented: false,
                lead: String::new(),
            })
            .collect()
    }

    #[test]
    fn the_sign_off_is_the_office_and_the_date_only() {
        let lift = |u| lift(u, &mut Decisions::default()).1;
        // A contact line (a label and its value) above the office, a blank line between.
        let body = units(&[
            ("特此通知。", 1),
            ("联系人：王明　联系电话：0719-8123456", 1),
            ("十堰市人民政府办公室", 1),
            ("2025年1月20日", 0),
        ]);
        assert_eq!(lift(body), ["十堰市人民政府办公室", "2025年1月20日"]);
        // Touching it, the label still keeps it out.
        let body = units(&[
            ("联系电话：0719-8123456", 1),
            ("十堰市人民政府办公室", 0),
            ("2025年1月20日", 0),
        ]);
        assert_eq!(lift(body), ["十堰市人民政府办公室", "2025年1月20日"]);
        // A blank line above the office when the date touches it is a boundary.
        let body = units(&[
            ("特此通告。", 1),
            ("全市安全生产工作领导小组", 1),
            ("十堰市应急管理局", 1),
            ("2025年1月20日", 0),
        ]);
        assert_eq!(lift(body), ["十堰市应急管理局", "2025年1月20日"]);
        // In an export with a blank line after every line, two offices over the date.
        let body = units(&[
            ("特此通告。", 1),
            ("十堰市安全生产委员会", 1),
            ("十堰市应急管理局", 1),
            ("2025年1月20日", 1),
        ]);
        assert_eq!(
            lift(body),
            ["十堰市安全生产委员会", "十堰市应急管理局", "2025年1月20日"]
        );
    }
}

//! Notes as raw text prints them: a circled number after the words it
//! annotates (`……稳中有进。①`) and, further down (usually at the end), a line
//! opening with the same number (`①地区生产总值按现价计算。`). The definition
//! lines are lifted out of the body before paragraphs are joined; the
//! references become Markdown footnote references (`[^1]`) when written.

use super::{Decisions, Unit};

/// ① … ⑳, the circled numbers notes are marked with (the rule the Markdown
/// reader shares, in [`crate::cjk`]).
pub use crate::cjk::circled_number as circled;

/// A note's definition: its number and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// 1 for ①.
    pub number: u32,
    /// The note's text, without its number.
    pub text: String,
}

/// Take out every line that opens with a circled number some earlier line
/// uses as a reference (not at its start); each number once.
pub fn lift(units: Vec<Unit>, decisions: &mut Decisions) -> (Vec<Unit>, Vec<Note>) {
    let mut refs = std::collections::BTreeSet::new();
    let mut notes: Vec<Note> = Vec::new();
    let mut body = Vec::with_capacity(units.len());
    for u in units {
        let mut chars = u.text.chars();
        let first = chars.next().and_then(circled);
        if let Some(n) = first
            && refs.contains(&n)
            && !notes.iter().any(|x| x.number == n)
        {
            let text = chars
                .as_str()
                .trim_start_matches([' ', '\u{3000}', '：', ':']);
            decisions.note(
                u.line,
                format!(
                    "line {}: the text of note {} (a foot note)",
                    u.line,
                    u.text.chars().next().unwrap_or('①')
                ),
            );
            notes.push(Note {
                number: n,
                text: text.to_string(),
            });
            continue;
        }
        refs.extend(u.text.chars().skip(1).filter_map(circled));
        body.push(u);
    }
    (body, notes)
}

/// `text` with each circled number that has a note written as its footnote
/// reference `[^n]`.
pub fn with_references(text: &str, notes: &[Note]) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match circled(c) {
            Some(n) if notes.iter().any(|x| x.number == n) => {
                out.push_str(&format!("[^{n}]"));
            }
            _ => out.push(c),
        }
    }
    out
}

//! The text checks on the model: quotes and brackets that do not pair up, and
//! ASCII punctuation amid Han. Both read [`Unit`]s
//! ([`crate::model::source_map::units`]): the article's text in reading order,
//! one unit per paragraph, heading, caption or cell, each character located
//! in the file.

use crate::cjk::{is_cjk_punct, is_han};
use crate::diag::Diagnostic;
use crate::model::source_map::{Located, Unit};
use std::ops::Range;
use std::path::Path;

/// Opening and closing marks that must pair up within a paragraph (clreq
/// §3.1.1 quotation marks, §3.1.2 brackets and title marks).
const PAIRS: [(char, char); 8] = [
    ('“', '”'),
    ('‘', '’'),
    ('《', '》'),
    ('（', '）'),
    ('【', '】'),
    ('「', '」'),
    ('『', '』'),
    ('〈', '〉'),
];

/// Quotes and brackets must balance within each paragraph, heading, caption
/// and cell. A quotation that runs over several paragraphs opens each with “
/// and closes only the last (GB/T 15834 §4.1.3.4), so an unclosed “ is
/// accepted when the next unit of the same kind starts with “.
pub fn check_pairs(file: &Path, units: &[Unit]) -> Vec<Diagnostic> {
    let mut out = vec![];
    for (i, unit) in units.iter().enumerate() {
        let continued = units
            .get(i + 1)
            .is_some_and(|n| n.kind == unit.kind && n.starts_with('“'));
        out.extend(unbalanced_in_unit(file, unit, continued));
    }
    out
}

/// The unbalanced marks of one unit.
fn unbalanced_in_unit(file: &Path, unit: &Unit, continued: bool) -> Vec<Diagnostic> {
    let chars = &unit.chars;
    let mut stack: Vec<(char, &Range<usize>)> = vec![];
    let mut out = vec![];
    let at = |d: Diagnostic, r: &Range<usize>| match unit.span(file, r) {
        Some(s) => d.at(s),
        None => d.in_file(file),
    };
    for (k, l) in chars.iter().enumerate() {
        if l.code {
            continue;
        }
        let c = l.ch;
        if PAIRS.iter().any(|(o, _)| *o == c) {
            stack.push((c, &l.range));
            continue;
        }
        let Some(&(open, _)) = PAIRS.iter().find(|(_, cl)| *cl == c) else {
            continue;
        };
        // ’ between Latin letters is an apostrophe (don’t), not a closing quote.
        if c == '’' && is_apostrophe(chars, k) {
            continue;
        }
        match stack.iter().rposition(|(o, _)| *o == open) {
            Some(pos) => {
                for (o, r) in stack.drain(pos + 1..) {
                    out.push(at(unclosed(o), r));
                }
                stack.pop();
            }
            None => out.push(at(
                Diagnostic::warning(format!(
                    "closing `{c}` has no opening `{open}` in this paragraph"
                ))
                .hint(format!("add the opening `{open}`, or remove this mark")),
                &l.range,
            )),
        }
    }
    for (o, r) in stack {
        if o == '“' && continued {
            continue;
        }
        out.push(at(unclosed(o), r));
    }
    out
}

fn unclosed(open: char) -> Diagnostic {
    let close = PAIRS.iter().find(|(o, _)| *o == open).map_or(open, |p| p.1);
    Diagnostic::warning(format!("`{open}` is not closed in this paragraph")).hint(format!(
        "add the closing `{close}` where the quotation or bracket ends"
    ))
}

fn is_apostrophe(chars: &[Located], k: usize) -> bool {
    let latin = |i: Option<usize>| {
        i.and_then(|i| chars.get(i))
            .is_some_and(|l| l.ch.is_ascii_alphabetic())
    };
    latin(k.checked_sub(1)) && latin(Some(k + 1))
}

/// The full-width mark for an ASCII one (clreq §3.1: Chinese text uses
/// full-width punctuation).
fn full_width(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        _ => return None,
    })
}

/// ASCII `, ; : ? ! ( )` set amid Chinese: a Han character on the side the mark
/// attaches to, and Chinese text (or the unit's end) on the other side.
/// Code and Latin text (`Python, Java`, `3:00`) are left alone.
pub fn check_ascii_punct(file: &Path, units: &[Unit]) -> Vec<Diagnostic> {
    let mut out = vec![];
    for unit in units {
        let chars = &unit.chars;
        for (k, l) in chars.iter().enumerate() {
            let c = l.ch;
            let Some(wide) = full_width(c) else { continue };
            if l.code {
                continue;
            }
            // Neighbours, skipping one space after the mark (`中文, 中文`).
            let before = k.checked_sub(1).map(|i| chars[i].ch);
            let mut j = k + 1;
            if chars.get(j).is_some_and(|x| x.ch == ' ') {
                j += 1;
            }
            let after = chars.get(j).map(|x| x.ch);
            let chinese = |c: Option<char>| c.is_some_and(|c| is_han(c) || is_cjk_punct(c));
            let amid = match c {
                '(' => after.is_some_and(is_han) && (before.is_none() || chinese(before)),
                ')' => before.is_some_and(is_han) && (after.is_none() || chinese(after)),
                _ => before.is_some_and(is_han) && (after.is_none() || chinese(after)),
            };
            if amid {
                let d = Diagnostic::warning(format!("ASCII `{c}` in Chinese text"))
                    .hint(format!("use the full-width `{wide}`"));
                out.push(match unit.span(file, &l.range) {
                    Some(s) => d.at(s),
                    None => d.in_file(file),
                });
            }
        }
    }
    out
}

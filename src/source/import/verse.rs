//! Poems as raw text prints them: short lines one under the other with no
//! blank line between them, stanzas apart by a blank line, in a report whose
//! paragraphs stand apart by blank lines (so lines that touch are a poem's,
//! not paragraphs). Lifted before paragraphs are joined and written as
//! hard-broken lines, the form the source format reads as verse; a name line
//! right under the title is the poet, written as the byline.

use super::caption::photo_credit;
use super::units::Layout;
use super::{Chunk, Decisions, Unit};

/// Longest line of a poem, in characters.
const MAX_LINE_CHARS: usize = 24;
/// Fewest lines a poem has (a quatrain).
const MIN_LINES: usize = 4;
/// Fewest lines of a stanza.
const MIN_STANZA_LINES: usize = 2;
/// Longest poet's name line, in characters.
const MAX_NAME_CHARS: usize = 8;

/// Cut each text chunk at its poems.
pub fn lift(chunks: Vec<Chunk>, decisions: &mut Decisions) -> Vec<Chunk> {
    let all: Vec<&Unit> = chunks
        .iter()
        .flat_map(|c| match c {
            Chunk::Text(u) => u.as_slice(),
            _ => &[],
        })
        .collect();
    let owned: Vec<Unit> = all.into_iter().cloned().collect();
    if Layout::measure(&owned).paragraph_gap == 0 {
        // Paragraphs touch: touching lines say nothing.
        return chunks;
    }
    let mut out = Vec::new();
    for chunk in chunks {
        match chunk {
            Chunk::Text(units) => split(units, &mut out, decisions),
            other => out.push(other),
        }
    }
    out
}

fn split(units: Vec<Unit>, out: &mut Vec<Chunk>, decisions: &mut Decisions) {
    let mut text = Vec::new();
    let mut i = 0;
    while i < units.len() {
        let stanzas = poem_at(&units, i);
        let lines: usize = stanzas.iter().sum();
        if lines < MIN_LINES {
            text.push(units[i].clone());
            i += 1;
            continue;
        }
        let first = units[i].line;
        let mut poem = Vec::new();
        for n in &stanzas {
            poem.push(units[i..i + n].iter().map(|u| u.text.clone()).collect());
            i += n;
        }
        decisions.note(
            first,
            format!(
                "lines {first}–{}: a poem of {lines} line(s) in {} stanza(s) (short lines with no blank line between them)",
                units[i - 1].last_line,
                stanzas.len()
            ),
        );
        // The short line right above the poem, apart from it, is its title.
        let title = match text.last() {
            Some(t) if units[i - lines].gap_before > 0 && is_title(t) => text.pop(),
            _ => None,
        };
        if !text.is_empty() {
            out.push(Chunk::Text(std::mem::take(&mut text)));
        }
        if let Some(t) = title {
            decisions.note(
                t.line,
                format!(
                    "line {}: the poem's title 「{}」 (a short line right above the poem), written as ###",
                    t.line, t.text
                ),
            );
            out.push(Chunk::PoemTitle(t.text, t.line));
        }
        out.push(Chunk::Verse(poem));
    }
    if !text.is_empty() {
        out.push(Chunk::Text(text));
    }
}

/// The stanza lengths of the poem starting at `i` (empty when none does).
fn poem_at(units: &[Unit], i: usize) -> Vec<usize> {
    let mut stanzas = Vec::new();
    let mut k = i;
    loop {
        let n = stanza_at(units, k);
        if n < MIN_STANZA_LINES {
            break;
        }
        stanzas.push(n);
        k += n;
        // The next stanza must follow after one or two blank lines.
        if units
            .get(k)
            .is_none_or(|u| u.gap_before == 0 || u.gap_before > 2)
        {
            break;
        }
    }
    stanzas
}

/// How many poem lines touch one another from `i` on.
fn stanza_at(units: &[Unit], i: usize) -> usize {
    (i..units.len())
        .take_while(|&k| (k == i || units[k].gap_before == 0) && is_line(&units[k]))
        .count()
}

fn is_line(u: &Unit) -> bool {
    u.chars() <= MAX_LINE_CHARS
        && photo_credit(&u.text).is_none()
        && super::table::cells(&u.text).is_none()
}

/// Longest poem title, in characters.
const MAX_TITLE_CHARS: usize = 16;

/// A poem's title: a short line with no closing mark, no brackets around it
/// (an author note), no photo credit, not a box label or table row.
fn is_title(u: &Unit) -> bool {
    let t = &u.text;
    u.chars() <= MAX_TITLE_CHARS
        && !super::punct::ends_closed(t)
        && !t.starts_with(['（', '(', '【', '['])
        && photo_credit(t).is_none()
        && super::table::cells(t).is_none()
        && !super::body::is_box_label(t)
}

/// A poet's name: a short line of Han characters (and the name dot).
pub fn is_name(text: &str) -> bool {
    let n = text.chars().count();
    (2..=MAX_NAME_CHARS).contains(&n) && text.chars().all(|c| crate::cjk::is_han(c) || c == '·')
}

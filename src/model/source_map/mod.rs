//! Where each character of the model's text stands in the article file.
//!
//! The model keeps one byte span per [`Block`], not per inline: the 67 places
//! that match on [`Inline::Text`] stay as they are, and the reader does not
//! carry offsets through the conventions pass that splits, joins and rewrites
//! runs (speaker labels, credits, markers, the emphasis fix). Instead, the
//! checks recover each character's offset here by aligning the block's text
//! ([`Block::texts`]) against the block's source slice `file[span]` in order:
//! a greedy subsequence match in which markup (`**`, `[`, `](…)`, `\`), the
//! rest of an entity (`amp;`) and soft line breaks are skipped. Two rules keep
//! the match from running away:
//!
//! - white space matches white space (a soft break read as a space matches the
//!   newline it came from);
//! - inside one piece of text, a character may not be matched past a non-ASCII
//!   character of the source it skips (that would be text, not markup): such a
//!   character (say `中` written as `&#x4E2D;`) does not align and falls back
//!   to the block's span ([`Located::exact`] is false), and the next one tries
//!   again from the same place.
//!
//! A piece that aligns worse than from the block's start (texts a kind lists
//! in another order than the source, e.g. a table's caption) is aligned again
//! from the start and the better match is kept.

use super::{Block, BlockKind, Inline, Issue, Text, walk};
use crate::diag::Span;
use std::ops::Range;
use std::path::Path;

/// One character of the model's text with the bytes it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The character.
    pub ch: char,
    /// Its bytes in the article file, or the block's span when it does not align.
    pub range: Range<usize>,
    /// Whether `range` is the character's own bytes (not the block's span).
    pub exact: bool,
    /// Inside inline code: kept verbatim, exempt from punctuation rules.
    pub code: bool,
}

/// A piece's characters in reading order with their code flag (line breaks as `\n`).
pub fn text_chars(text: &Text<'_>) -> Vec<(char, bool)> {
    match text {
        Text::Plain(s) => s.chars().map(|c| (c, false)).collect(),
        Text::Inlines(v) => {
            let mut out = Vec::new();
            inline_chars(v, &mut out);
            out
        }
    }
}

fn inline_chars(v: &[Inline], out: &mut Vec<(char, bool)>) {
    for i in v {
        match i {
            Inline::Text(t) => out.extend(t.chars().map(|c| (c, false))),
            Inline::Code(t) => out.extend(t.chars().map(|c| (c, true))),
            Inline::Emph(c) | Inline::Strong(c) => inline_chars(c, out),
            Inline::Link { content, .. } => inline_chars(content, out),
            Inline::LineBreak => out.push(('\n', false)),
            Inline::NoteRef(_) => {}
        }
    }
}

/// Each text piece of `block` ([`Block::texts`], in that order) with every
/// character located in `file` (the whole article text, offsets as the
/// block's span counts them).
pub fn locate_block(file: &str, block: &Block) -> Vec<Vec<Located>> {
    let span = clamp(file, block.span.clone());
    let mut cursor = span.start;
    let mut out = Vec::new();
    for text in block.texts() {
        let chars = text_chars(&text);
        let (here, end) = align(file, &span, cursor, &chars);
        let (best, end) = if cursor > span.start && aligned(&here) < chars.len() {
            let (again, end2) = align(file, &span, span.start, &chars);
            if aligned(&again) > aligned(&here) {
                (again, end2)
            } else {
                (here, end)
            }
        } else {
            (here, end)
        };
        cursor = end;
        out.push(best);
    }
    out
}

/// `chars` located in `file` when the model keeps no span for them (the
/// title, the lead, settings' strings): where the text occurs as written, else
/// aligned from the first place its opening characters occur; `None` when it
/// is not in the file at all (a string from `publication.toml`).
pub fn locate_unspanned(file: &str, chars: &[(char, bool)]) -> Option<Vec<Located>> {
    let text: String = chars.iter().map(|c| c.0).collect();
    if text.is_empty() {
        return Some(Vec::new());
    }
    let start = file.find(&text).or_else(|| {
        // The longest opening run (up to 8 chars) that occurs as written.
        let prefix: Vec<char> = text.chars().take(8).collect();
        (1..=prefix.len()).rev().find_map(|n| {
            let p: String = prefix[..n].iter().collect();
            file.find(&p)
        })
    })?;
    let line_end = file[start..].find("\n\n").map_or(file.len(), |i| start + i);
    let span = start..line_end.max(start + text.len()).min(file.len());
    Some(align(file, &span, start, chars).0)
}

/// How many characters of a piece aligned exactly.
fn aligned(v: &[Located]) -> usize {
    v.iter().filter(|l| l.exact).count()
}

/// `range` cut to `file` and to char boundaries.
fn clamp(file: &str, range: Range<usize>) -> Range<usize> {
    let mut a = range.start.min(file.len());
    let mut b = range.end.min(file.len()).max(a);
    while !file.is_char_boundary(a) {
        a -= 1;
    }
    while !file.is_char_boundary(b) {
        b += 1;
    }
    a..b
}

/// Align `chars` against `file[from..span.end]` (see the module doc). Returns
/// the located characters and where the next piece should start looking.
fn align(
    file: &str,
    span: &Range<usize>,
    from: usize,
    chars: &[(char, bool)],
) -> (Vec<Located>, usize) {
    let src = &file[..span.end];
    let mut cursor = from.clamp(span.start, span.end);
    let mut out = Vec::with_capacity(chars.len());
    let mut first = true;
    for &(ch, code) in chars {
        match find(src, cursor, ch, first) {
            Some((at, len)) => {
                out.push(Located {
                    ch,
                    range: at..at + len,
                    exact: true,
                    code,
                });
                cursor = at + len;
                first = false;
            }
            None => out.push(Located {
                ch,
                range: span.clone(),
                exact: false,
                code,
            }),
        }
    }
    (out, cursor)
}

/// The next place at or after `from` in `src` where `ch` stands: its offset
/// and byte length. White space matches any white space. Unless `free`, the
/// search stops at the first non-ASCII, non-space character it would skip.
fn find(src: &str, from: usize, ch: char, free: bool) -> Option<(usize, usize)> {
    for (i, c) in src[from..].char_indices() {
        let hit = c == ch || (ch.is_whitespace() && c.is_whitespace());
        if hit {
            return Some((from + i, c.len_utf8()));
        }
        if !free && !c.is_ascii() && !c.is_whitespace() {
            return None;
        }
    }
    None
}

/// What a unit of text is, for the rule that lets a quotation run on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// A paragraph of running text (a body paragraph, an interview turn, a
    /// poem, a table's note), the lead, a pull quote.
    Para,
    /// A heading, the title, the subtitle, the kicker or the column name.
    Heading,
    /// A photo's or a table's caption.
    Caption,
    /// A table cell.
    Cell,
    /// A short string: a label, a credit, a list marker, a byline name.
    Label,
}

/// One paragraph's (heading's, caption's, cell's …) characters with where
/// each stands in the article file.
#[derive(Debug, Clone)]
pub struct Unit {
    /// What it is.
    pub kind: UnitKind,
    /// Its characters in order.
    pub chars: Vec<Located>,
    /// False when the text is not in the article file (a setting of
    /// `publication.toml` or `issue.toml`): findings then name the file only.
    pub placed: bool,
}

impl Unit {
    /// Whether the unit's text starts with `c`.
    pub fn starts_with(&self, c: char) -> bool {
        self.chars.first().is_some_and(|l| l.ch == c)
    }
    /// Where a finding about the character at `range` goes (`None`: the file only).
    pub fn span(&self, file: &Path, range: &Range<usize>) -> Option<Span> {
        self.placed.then(|| Span::new(file, range.clone()))
    }
}

/// The article's text as units in reading order: the title block (kicker,
/// column, title, subtitle, byline strings), the lead, the photos above the
/// title, the body and the notes. `source` is the article file's text.
pub fn units(issue: &Issue, source: &str) -> Vec<Unit> {
    let mut out = Vec::new();
    let m = &issue.meta;
    let heading_strings = [&m.kicker, &m.column, &Some(m.title.clone()), &m.subtitle];
    for s in heading_strings.into_iter().flatten() {
        out.push(unspanned(source, UnitKind::Heading, &plain(s)));
    }
    for credit in &m.byline {
        for s in std::iter::once(&credit.role).chain(&credit.names) {
            out.push(setting(source, s));
        }
    }
    if let Some(lead) = &issue.lead {
        out.push(unspanned(
            source,
            UnitKind::Para,
            &text_chars(&Text::Inlines(lead)),
        ));
    }
    let mut visit = |b: &Block| block_units(source, b, &mut out);
    walk(&issue.before_title, &mut visit);
    walk(&issue.blocks, &mut visit);
    for n in &issue.notes {
        walk(&n.body, &mut visit);
    }
    out
}

fn plain(s: &str) -> Vec<(char, bool)> {
    s.chars().map(|c| (c, false)).collect()
}

/// A string of the model with no span (title, lead …), found in the file.
fn unspanned(source: &str, kind: UnitKind, chars: &[(char, bool)]) -> Unit {
    match locate_unspanned(source, chars) {
        Some(chars) => Unit {
            kind,
            chars,
            placed: true,
        },
        None => off_file(kind, chars),
    }
}

/// A byline string: where the front matter writes it (`"张三"`), else nowhere.
fn setting(source: &str, s: &str) -> Unit {
    let chars = plain(s);
    match source.find(&format!("\"{s}\"")) {
        Some(i) => {
            let mut at = i + 1;
            let located = s
                .chars()
                .map(|ch| {
                    let l = Located {
                        ch,
                        range: at..at + ch.len_utf8(),
                        exact: true,
                        code: false,
                    };
                    at += ch.len_utf8();
                    l
                })
                .collect();
            Unit {
                kind: UnitKind::Label,
                chars: located,
                placed: true,
            }
        }
        None => off_file(UnitKind::Label, &chars),
    }
}

fn off_file(kind: UnitKind, chars: &[(char, bool)]) -> Unit {
    Unit {
        kind,
        chars: chars
            .iter()
            .map(|&(ch, code)| Located {
                ch,
                range: 0..0,
                exact: false,
                code,
            })
            .collect(),
        placed: false,
    }
}

/// The units of one block's own text (its children are walked on their own).
fn block_units(source: &str, b: &Block, out: &mut Vec<Unit>) {
    let pieces = locate_block(source, b);
    let unit = |kind, chars| Unit {
        kind,
        chars,
        placed: true,
    };
    match &b.kind {
        // One paragraph each, however many pieces the model keeps.
        BlockKind::Turn(_) | BlockKind::Verse(_) | BlockKind::PullQuote(_) => {
            out.push(unit(UnitKind::Para, pieces.into_iter().flatten().collect()));
        }
        BlockKind::Code(_) => {
            let mut chars: Vec<Located> = pieces.into_iter().flatten().collect();
            chars.iter_mut().for_each(|l| l.code = true);
            out.push(unit(UnitKind::Label, chars));
        }
        _ => {
            let kinds = piece_kinds(b);
            for (chars, kind) in pieces.into_iter().zip(kinds) {
                out.push(unit(kind, chars));
            }
        }
    }
}

/// What each of a block's [`Block::texts`] is, in that order.
fn piece_kinds(b: &Block) -> Vec<UnitKind> {
    use UnitKind::*;
    let texts = b.texts();
    match &b.kind {
        BlockKind::Para(_) => vec![Para],
        BlockKind::Section(_) => vec![Heading; texts.len()],
        BlockKind::Figure(_) | BlockKind::PhotoGroup(_) => texts
            .iter()
            .map(|t| match t {
                Text::Inlines(_) => Caption,
                Text::Plain(_) => Label,
            })
            .collect(),
        BlockKind::Table(t) => {
            let mut v = Vec::new();
            if t.label.is_some() {
                v.push(Label);
            }
            v.push(Caption);
            if t.unit.is_some() {
                v.push(Label);
            }
            let cells = t.head.len() + t.rows.iter().map(Vec::len).sum::<usize>();
            v.extend(std::iter::repeat_n(Cell, cells));
            v.extend(std::iter::repeat_n(Para, t.notes.len()));
            v
        }
        _ => vec![Label; texts.len()],
    }
}

#[cfg(test)]
mod tests;

//! Notes typed the way print sets them: a circled number right after the
//! words it annotates (`……增长6.1%①，`) and, at the article's end, a
//! paragraph opening with the same number (`①居民人均可支配收入按常住人口计算。`).
//! `reportbook import` reads this form from raw text (`import::notes`); here
//! it is read off the first pass's tree and becomes the same notes `[^1]`
//! gives. When one half is missing, the text stays as written and a warning
//! at its place says how to write the note. A line `注释：` (`注：`, `注释`)
//! right above the note paragraphs is their heading: it leaves the body with
//! them, since every output sets the notes under a heading of its own.
//!
//! A circled number at the start of a paragraph, list item or table cell is
//! a list marker (`①强化源头治理`), never a note mark; so is one after 图, 表
//! or 注 (`图①`, `注①`), or one with a word right after it (`分为①农业`).

use super::tree::{Raw, RawDoc, RawKind, RawNote};
use crate::cjk::circled_number;
use crate::diag::{Diagnostic, Span};
use crate::model::Inline;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;

/// Characters after which a circled number numbers something else: a photo
/// of a group (`图①`), a table (`表①`), a table's note (`注①：`).
const NOT_AFTER: [char; 3] = ['图', '表', '注'];

/// Read the circled notes of `doc` (`source` is the body as written, at
/// file offset `base`), turning marks and note paragraphs that match into
/// note references and notes.
pub(super) fn read(
    file: &Path,
    source: &str,
    base: usize,
    doc: &mut RawDoc,
    diags: &mut Vec<Diagnostic>,
) {
    let at = |range: Range<usize>| Span::new(file, range);
    let run = with_heading(&doc.blocks, note_run(&doc.blocks), source, base);
    let typed: Vec<Raw> = doc.blocks[run.clone()].to_vec();
    let split: Vec<Raw> = doc
        .blocks
        .drain(run.clone())
        .flat_map(|r| split_lines(r, source, base))
        .collect();
    let run = run.start..run.start + split.len();
    doc.blocks.splice(run.start..run.start, split);
    let heading = doc
        .blocks
        .get(run.start)
        .filter(|_| !run.is_empty())
        .is_some_and(|b| heading_only(b, source, base))
        .then_some(run.start);

    // Which numbers the text uses as marks.
    let none = BTreeSet::new();
    let mut used = Marks::new(&none, source, base);
    used.blocks(&mut doc.blocks[..run.start]);
    let mut matched = BTreeMap::new();
    for k in run.clone() {
        if let Some(n) = para_number(&doc.blocks[k])
            && used.numbers.contains(&n)
        {
            matched.entry(n).or_insert(k);
        }
    }
    let footnotes = !doc.notes.is_empty() || !doc.refs.is_empty();
    if !matched.is_empty() && footnotes {
        let first = &doc.blocks[*matched.values().min().expect("not empty")];
        diags.push(
            Diagnostic::warning(
                "①-style notes beside `[^…]` notes: the circled numbers and their paragraphs stay as written",
            )
            .at(at(first.span.clone()))
            .hint("write these notes as footnotes too: `[^1]` in the text, `[^1]: 注释文字` at the end"),
        );
        return;
    }

    if matched.is_empty() {
        // No paragraph at the end is a note: they are a list (①强化……), as typed.
        doc.blocks.splice(run.clone(), typed);
    }
    let numbers: BTreeSet<u32> = matched.keys().copied().collect();
    let mut marks = Marks::new(&numbers, source, base);
    marks.blocks(&mut doc.blocks[..run.start]);
    for (c, range) in marks.unmatched {
        let n = circled_number(c).unwrap_or(1);
        diags.push(
            Diagnostic::warning(format!(
                "`{c}` reads as a note mark, but no paragraph at the article's end opens with {c}: it stays in the text as written"
            ))
            .at(at(range))
            .hint(format!(
                "to make it a note, end the article with a paragraph `{c}注释文字`, or write `[^{n}]` here and `[^{n}]: 注释文字` on a line of its own"
            )),
        );
    }
    for label in marks.labels {
        if !doc.refs.contains(&label) {
            doc.refs.push(label);
        }
    }

    if matched.is_empty() {
        return;
    }
    let mut body = Vec::with_capacity(doc.blocks.len());
    for (k, raw) in std::mem::take(&mut doc.blocks).into_iter().enumerate() {
        if heading == Some(k) {
            // The notes' heading line: the notes section has its own heading.
            continue;
        }
        let n = para_number(&raw).filter(|_| run.contains(&k));
        match n {
            Some(n) if matched.get(&n) == Some(&k) => doc.notes.push(note(n, raw)),
            Some(n) => {
                let c = char::from_u32(0x2460 + n - 1).unwrap_or('①');
                diags.push(
                    Diagnostic::warning(format!(
                        "this paragraph opens with {c} as a note does, but no {c} in the text refers to it: it stays a paragraph as written"
                    ))
                    .at(at(raw.span.clone()))
                    .hint(format!(
                        "put {c} right after the words it annotates (`……增长6.1%{c}，`), or write `[^{n}]` there and `[^{n}]: 注释文字` for the note"
                    )),
                );
                body.push(raw);
            }
            None => body.push(raw),
        }
    }
    doc.blocks = body;
}

/// The paragraphs at the article's end that open with a circled number
/// (before its author notes, `（作者单位：…）`): where notes are looked for.
fn note_run(blocks: &[Raw]) -> Range<usize> {
    let mut end = blocks.len();
    while end > 0
        && matches!(&blocks[end - 1].kind, RawKind::Para { content, .. }
            if crate::cjk::is_author_note(&crate::model::plain_text(content)))
    {
        end -= 1;
    }
    let mut start = end;
    while start > 0 && para_number(&blocks[start - 1]).is_some() {
        start -= 1;
    }
    start..end
}

/// Lines that head the notes at an article's end (`注释：`, `注：`, `注释`),
/// with or without the colon or bold: the notes' heading, which each
/// output sets itself over the notes.
const NOTES_HEADINGS: [&str; 3] = ["注释", "注解", "注"];

/// The note run with the paragraph right above it when that paragraph opens
/// with a notes heading line ([`heads_notes`]): the heading alone, or the
/// heading with the notes typed on the lines under it (one Markdown
/// paragraph, split by [`split_lines`]).
fn with_heading(blocks: &[Raw], run: Range<usize>, source: &str, base: usize) -> Range<usize> {
    match run.start.checked_sub(1) {
        Some(k) if heads_notes(&blocks[k], source, base) => k..run.end,
        _ => run,
    }
}

/// Whether a paragraph's first line, as typed, is only a notes heading
/// (one of [`NOTES_HEADINGS`], a colon after it, maybe in bold).
fn heads_notes(raw: &Raw, source: &str, base: usize) -> bool {
    let RawKind::Para { images, .. } = &raw.kind else {
        return false;
    };
    let typed = source
        .get(raw.span.start.saturating_sub(base)..raw.span.end.saturating_sub(base))
        .unwrap_or("");
    let first = typed.lines().next().unwrap_or("");
    let label = first
        .trim()
        .trim_matches(['*', '_'])
        .trim_end_matches(['：', ':'])
        .trim();
    images.is_empty() && NOTES_HEADINGS.contains(&label)
}

/// Whether a paragraph is a notes heading line and nothing else.
fn heading_only(raw: &Raw, source: &str, base: usize) -> bool {
    let typed = source
        .get(raw.span.start.saturating_sub(base)..raw.span.end.saturating_sub(base))
        .unwrap_or("");
    heads_notes(raw, source, base) && !typed.trim().contains('\n')
}

/// The circled number a paragraph of text opens with.
fn para_number(raw: &Raw) -> Option<u32> {
    match &raw.kind {
        RawKind::Para {
            content, images, ..
        } if images.is_empty() => match content.first()? {
            Inline::Text(t) => circled_number(t.chars().next()?),
            _ => None,
        },
        _ => None,
    }
}

/// A note paragraph as the note `[^n]: …` would give it: its number taken off.
fn note(n: u32, mut raw: Raw) -> RawNote {
    let span = raw.span.clone();
    if let RawKind::Para { content, .. } = &mut raw.kind
        && let Some(Inline::Text(t)) = content.first_mut()
    {
        let mut chars = t.chars();
        chars.next();
        *t = chars
            .as_str()
            .trim_start_matches([' ', '\u{3000}', '：', ':'])
            .to_owned();
        super::inline::trim_inlines(content);
    }
    RawNote {
        label: n.to_string(),
        body: vec![raw],
        span,
    }
}

/// A note paragraph typed over several lines, a later line opening with the
/// next number (`①……` then `②……` right under it: Markdown joins them into
/// one paragraph), split into one paragraph per number.
fn split_lines(raw: Raw, source: &str, base: usize) -> Vec<Raw> {
    let Some(src) =
        source.get(raw.span.start.saturating_sub(base)..raw.span.end.saturating_sub(base))
    else {
        return vec![raw];
    };
    // Each later line that opens with a circled number: its offset and number.
    let mut cuts = Vec::new();
    let mut off = 0;
    for line in src.split_inclusive('\n') {
        let lead = line.len() - line.trim_start().len();
        if off > 0
            && let Some(c) = line.trim_start().chars().next()
            && circled_number(c).is_some()
        {
            cuts.push((off + lead, c));
        }
        off += line.len();
    }
    let RawKind::Para {
        content,
        images,
        soft,
        first_line,
    } = &raw.kind
    else {
        return vec![raw];
    };
    if cuts.is_empty() || !images.is_empty() {
        return vec![raw];
    }
    let mut parts: Vec<Vec<Inline>> = vec![vec![]];
    let mut next = cuts.iter().map(|&(_, c)| c).peekable();
    for inline in content {
        let Inline::Text(t) = inline else {
            parts.last_mut().expect("one").push(inline.clone());
            continue;
        };
        let mut rest = t.as_str();
        let mut from = 0;
        while let Some(&c) = next.peek()
            && let Some(j) = rest[from..].find(c)
        {
            let j = from + j;
            if j > 0 {
                parts
                    .last_mut()
                    .expect("one")
                    .push(Inline::Text(rest[..j].to_owned()));
            }
            parts.push(vec![]);
            rest = &rest[j..];
            from = c.len_utf8();
            next.next();
        }
        if !rest.is_empty() {
            parts
                .last_mut()
                .expect("one")
                .push(Inline::Text(rest.to_owned()));
        }
    }
    if next.peek().is_some() {
        return vec![raw];
    }
    let mut starts: Vec<usize> = vec![raw.span.start];
    starts.extend(cuts.iter().map(|&(o, _)| raw.span.start + o));
    let ends = starts[1..].iter().copied().chain([raw.span.end]);
    parts
        .into_iter()
        .zip(starts.iter().copied().zip(ends))
        .map(|(mut content, (s, e))| {
            super::inline::trim_inlines(&mut content);
            let e = s + source
                .get(s - base..e - base)
                .map_or(e - s, |t| t.trim_end().len());
            Raw {
                kind: RawKind::Para {
                    content,
                    images: vec![],
                    soft: *soft,
                    first_line: *first_line,
                },
                span: s..e,
            }
        })
        .collect()
}

/// A walk over the text in reading order that finds note marks, makes those
/// with a note (`notes`) references to it and keeps the others' places.
struct Marks<'a> {
    notes: &'a BTreeSet<u32>,
    source: &'a str,
    base: usize,
    /// Every number used as a mark.
    numbers: BTreeSet<u32>,
    /// Note labels in order of first reference (`NoteRef` indexes them).
    labels: Vec<String>,
    /// Marks with no note: the mark and its file range.
    unmatched: Vec<(char, Range<usize>)>,
    /// The character before the current one in the block (`None` at its start).
    prev: Option<char>,
    /// How often each character has occurred so far in the block's source.
    seen: BTreeMap<char, usize>,
    /// The current block's file range, and marks of it not yet placed.
    span: Range<usize>,
    pending: Vec<(char, usize)>,
}

impl<'a> Marks<'a> {
    fn new(notes: &'a BTreeSet<u32>, source: &'a str, base: usize) -> Self {
        Marks {
            notes,
            source,
            base,
            numbers: BTreeSet::new(),
            labels: Vec::new(),
            unmatched: Vec::new(),
            prev: None,
            seen: BTreeMap::new(),
            span: 0..0,
            pending: Vec::new(),
        }
    }

    fn blocks(&mut self, blocks: &mut [Raw]) {
        for b in blocks {
            match &mut b.kind {
                RawKind::Para { content, .. } => {
                    self.start(b.span.clone());
                    *content = self.inlines(std::mem::take(content));
                    self.place();
                }
                RawKind::Quote { body, .. } => self.blocks(body),
                RawKind::List { items, .. } => {
                    for item in items {
                        self.blocks(item);
                    }
                }
                RawKind::Table {
                    head,
                    rows,
                    row_spans,
                    ..
                } => {
                    let first = b.span.start..row_spans.first().map_or(b.span.end, |r| r.start);
                    let all = std::iter::once((head, first))
                        .chain(rows.iter_mut().zip(row_spans.iter().cloned()));
                    for (cells, span) in all {
                        self.start(span);
                        for cell in cells {
                            self.prev = None;
                            *cell = self.inlines(std::mem::take(cell));
                        }
                        self.place();
                    }
                }
                RawKind::Heading { .. } | RawKind::Code { .. } | RawKind::Rule => {}
            }
        }
    }

    fn start(&mut self, span: Range<usize>) {
        self.span = span;
        self.prev = None;
        self.seen.clear();
    }

    /// The file ranges of the block's marks with no note: the `k`-th
    /// occurrence of the mark in the block's source.
    fn place(&mut self) {
        let src = self
            .source
            .get(self.span.start.saturating_sub(self.base)..self.span.end.saturating_sub(self.base))
            .unwrap_or("");
        for (c, k) in self.pending.drain(..) {
            let at = src
                .match_indices(c)
                .nth(k)
                .map_or(self.span.start, |(i, _)| self.span.start + i);
            self.unmatched.push((c, at..at + c.len_utf8()));
        }
    }

    fn inlines(&mut self, v: Vec<Inline>) -> Vec<Inline> {
        let mut out = Vec::with_capacity(v.len());
        for i in v {
            match i {
                Inline::Text(t) => self.text(&t, &mut out),
                Inline::Emph(c) => {
                    let c = self.inlines(c);
                    out.push(Inline::Emph(c));
                }
                Inline::Strong(c) => {
                    let c = self.inlines(c);
                    out.push(Inline::Strong(c));
                }
                Inline::Link { url, content } => {
                    self.pass(&crate::model::plain_text(&content));
                    out.push(Inline::Link { url, content });
                }
                Inline::Code(t) => {
                    self.pass(&t);
                    out.push(Inline::Code(t));
                }
                Inline::LineBreak => {
                    self.prev = None;
                    out.push(Inline::LineBreak);
                }
                other @ Inline::NoteRef(_) => out.push(other),
            }
        }
        out
    }

    /// Text that holds no marks (a link's, a code span's), counted.
    fn pass(&mut self, t: &str) {
        for c in t.chars() {
            *self.seen.entry(c).or_insert(0) += 1;
            self.prev = Some(c);
        }
    }

    fn text(&mut self, t: &str, out: &mut Vec<Inline>) {
        let mut chars = t.char_indices().peekable();
        let mut start = 0;
        while let Some((i, c)) = chars.next() {
            let seen = self.seen.entry(c).or_insert(0);
            let k = *seen;
            *seen += 1;
            let next = chars.peek().map(|&(_, n)| n);
            if let Some(n) = circled_number(c)
                && is_mark(self.prev, next)
            {
                self.numbers.insert(n);
                if self.notes.contains(&n) {
                    let label = n.to_string();
                    let idx = self
                        .labels
                        .iter()
                        .position(|l| *l == label)
                        .unwrap_or_else(|| {
                            self.labels.push(label);
                            self.labels.len() - 1
                        });
                    if start < i {
                        out.push(Inline::Text(t[start..i].to_owned()));
                    }
                    out.push(Inline::NoteRef(idx));
                    start = i + c.len_utf8();
                } else {
                    self.pending.push((c, k));
                }
            }
            self.prev = Some(c);
        }
        if start < t.len() {
            out.push(Inline::Text(t[start..].to_owned()));
        }
    }
}

/// Whether a circled number between `prev` and `next` is a note mark: after
/// a word, a number or punctuation (not at the start, not after a space, not
/// after 图/表/注), at the end of a run of text or before punctuation (not
/// before a word: `分为①农业②工业` numbers items).
fn is_mark(prev: Option<char>, next: Option<char>) -> bool {
    prev.is_some_and(|p| {
        !p.is_whitespace() && circled_number(p).is_none() && !NOT_AFTER.contains(&p)
    }) && next.is_none_or(|n| !n.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::is_mark;

    #[test]
    fn marks_follow_words_and_precede_punctuation() {
        assert!(is_mark(Some('%'), Some('，')));
        assert!(is_mark(Some('人'), None));
        assert!(is_mark(Some('。'), None));
        assert!(
            !is_mark(None, Some('居')),
            "a paragraph's start is a marker"
        );
        assert!(!is_mark(Some('为'), Some('农')), "inline numbering");
        assert!(!is_mark(Some('图'), Some('）')), "a photo's number");
        assert!(!is_mark(Some('①'), Some('，')));
        assert!(!is_mark(Some(' '), None));
    }
}

//! The one traversal of the block tree. Every consumer that needs "all the
//! blocks" or "all the text" goes through here, so a new kind of block is
//! seen everywhere once [`BlockKind::children`] and [`Block::texts`] know it.

use super::{Block, BlockKind, Inline};

impl BlockKind {
    /// The block lists this block holds, in reading order.
    pub fn children(&self) -> Vec<&[Block]> {
        match self {
            BlockKind::Section(s) => vec![&s.body],
            BlockKind::List(l) => l.items.iter().map(|i| i.body.as_slice()).collect(),
            BlockKind::Aside(a) => vec![&a.body],
            BlockKind::Quote(q) => vec![&q.body],
            _ => vec![],
        }
    }

    /// The block lists this block holds, mutably.
    pub fn children_mut(&mut self) -> Vec<&mut Vec<Block>> {
        match self {
            BlockKind::Section(s) => vec![&mut s.body],
            BlockKind::List(l) => l.items.iter_mut().map(|i| &mut i.body).collect(),
            BlockKind::Aside(a) => vec![&mut a.body],
            BlockKind::Quote(q) => vec![&mut q.body],
            _ => vec![],
        }
    }
}

/// A piece of text a block shows itself (not its children's), in reading order.
#[derive(Debug, Clone, Copy)]
pub enum Text<'a> {
    /// Plain text (a heading, a label, a pull-quote line, a credit, code).
    Plain(&'a str),
    /// Inline content (a paragraph, a caption, a cell).
    Inlines(&'a [Inline]),
}

impl Block {
    /// The text this block shows itself, in reading order (children excluded:
    /// [`walk`] visits them).
    pub fn texts(&self) -> Vec<Text<'_>> {
        use Text::{Inlines, Plain};
        let mut out = Vec::new();
        match &self.kind {
            BlockKind::Para(p) => out.push(Inlines(&p.content)),
            BlockKind::Section(s) => {
                out.push(Plain(&s.heading.title));
                if let Some(sub) = &s.heading.subtitle {
                    out.push(Plain(sub));
                }
            }
            BlockKind::Figure(f) => {
                out.push(Inlines(&f.caption));
                if let Some(c) = &f.credit {
                    out.push(Plain(c));
                }
            }
            BlockKind::PhotoGroup(g) => {
                for f in &g.photos {
                    out.push(Inlines(&f.caption));
                }
                out.push(Inlines(&g.caption));
                if let Some(c) = &g.credit {
                    out.push(Plain(c));
                }
            }
            BlockKind::PullQuote(q) => {
                out.extend(q.lines.iter().map(|l| Plain(l.as_str())));
                out.extend(q.attribution.iter().map(|l| Plain(l.as_str())));
            }
            BlockKind::List(l) => {
                out.extend(
                    l.items
                        .iter()
                        .filter_map(|i| i.marker.as_deref())
                        .map(Plain),
                );
            }
            BlockKind::Table(t) => {
                if let Some(l) = &t.label {
                    out.push(Plain(l));
                }
                out.push(Inlines(&t.caption));
                if let Some(u) = &t.unit {
                    out.push(Plain(u));
                }
                out.extend(t.head.iter().map(|c| Inlines(c.as_slice())));
                for row in &t.rows {
                    out.extend(row.iter().map(|c| Inlines(c.as_slice())));
                }
                out.extend(t.notes.iter().map(|c| Inlines(c.as_slice())));
            }
            BlockKind::Verse(v) => {
                if let Some(a) = &v.author {
                    out.push(Inlines(a));
                }
                for stanza in &v.stanzas {
                    out.extend(stanza.iter().map(|l| Inlines(l.content.as_slice())));
                }
            }
            BlockKind::Aside(a) => out.push(Plain(&a.label)),
            BlockKind::Quote(_) | BlockKind::Break(Break { glyph: None }) => {}
            BlockKind::Break(Break { glyph: Some(g) }) => out.push(Plain(g)),
            BlockKind::Turn(t) => {
                out.push(Plain(&t.speaker));
                out.push(Inlines(&t.content));
            }
            BlockKind::Code(c) => out.push(Plain(&c.text)),
        }
        out
    }
}

use super::Break;

/// Visit every block of `blocks` depth-first, parents before children.
pub fn walk<'a>(blocks: &'a [Block], f: &mut impl FnMut(&'a Block)) {
    for b in blocks {
        f(b);
        for list in b.kind.children() {
            walk(list, f);
        }
    }
}

/// Visit every block mutably, parents before children.
pub fn walk_mut(blocks: &mut [Block], f: &mut impl FnMut(&mut Block)) {
    for b in blocks {
        f(b);
        for list in b.kind.children_mut() {
            walk_mut(list, f);
        }
    }
}

impl super::Issue {
    /// Every piece of printed text of the issue in reading order, with the
    /// span of the block it belongs to (`None` for the settings' text): the
    /// title block, the lead, photos above the title, the body, the notes.
    pub fn visit_text(&self, f: &mut impl FnMut(&str, Option<&std::ops::Range<usize>>)) {
        let m = &self.meta;
        for t in [&m.kicker, &m.column].into_iter().flatten() {
            f(t, None);
        }
        f(&m.title, None);
        if let Some(s) = &m.subtitle {
            f(s, None);
        }
        f(&m.byline_text(), None);
        if let Some(lead) = &self.lead {
            f(&super::plain_text(lead), None);
        }
        let mut visit = |b: &Block| {
            for t in b.texts() {
                match t {
                    Text::Plain(s) => f(s, Some(&b.span)),
                    Text::Inlines(i) => f(&super::plain_text(i), Some(&b.span)),
                }
            }
        };
        walk(&self.before_title, &mut visit);
        walk(&self.blocks, &mut visit);
        for n in &self.notes {
            walk(&n.body, &mut visit);
        }
    }
}

impl super::Issue {
    /// The body's blocks in reading order, sections before their contents
    /// (the tree flattened by [`walk`]).
    pub fn flat_blocks(&self) -> Vec<&Block> {
        let mut out = Vec::new();
        walk(&self.blocks, &mut |b| out.push(b));
        out
    }
}

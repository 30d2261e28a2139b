//! Markdown → model: the reader. Two passes, as mdBook's HTML renderer
//! reads a chapter:
//!
//! 1. [`tree`]: pulldown-cmark events → a raw block tree, with a stack of
//!    open containers (quotations, lists, items, notes, tables) and the
//!    Chinese inline fixes of [`inline`] (soft breaks between Han characters,
//!    emphasis next to Chinese punctuation);
//! 2. [`conventions`]: the report's conventions read off that tree (title,
//!    subtitle, lead, boxes, pull quotes, turns, verse, photo groups, table
//!    captions, sections, poems' titles and authors), each a small named rule.
//!
//! Between them, [`circled`] reads notes typed as print sets them (`……①`
//! and a closing `①……` paragraph) into the notes `[^1]` gives.
//! [`dropped`] says what Markdown itself would drop or misread silently.

mod circled;
mod conventions;
mod dropped;
mod inline;
mod poem;
mod tree;

pub use conventions::Article;
pub use inline::prepare_emphasis;

use crate::diag::Diagnostic;
use std::ops::Range;
use std::path::Path;

use inline::EMPHASIS_SENTINEL;

/// A figure as the Markdown names it, before the photo path is resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureRef {
    /// Path as written.
    pub href: String,
    /// Where, in the file.
    pub span: Range<usize>,
}

/// Parse the Markdown body of an article. `base` is the byte offset of `body`
/// in `file` (after the front matter), for spans.
pub fn parse(file: &Path, body: &str, base: usize, diags: &mut Vec<Diagnostic>) -> Article {
    let (text, inserted) = prepare_emphasis(body);
    let to_file = |off: usize| -> usize {
        let before = inserted.partition_point(|&p| p < off);
        base + off - before * EMPHASIS_SENTINEL.len_utf8()
    };
    let span = |r: Range<usize>| to_file(r.start)..to_file(r.end);
    let mut raw = tree::build(file, body, base, &text, &span, diags);
    circled::read(file, body, base, &mut raw, diags);
    conventions::read(file, raw, diags)
}

/// Whether a line right after the title is its subtitle: it starts with a
/// dash (`——` as printed, or one `—`, `--` or `─` as typed). `import` uses the
/// same rule, so what it calls a subtitle is read back as one.
pub fn is_subtitle_line(text: &str) -> bool {
    text.starts_with('—') || text.starts_with("--") || text.starts_with('─')
}

#[cfg(test)]
mod tests;

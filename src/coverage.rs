//! Characters no bundled face has: found once per issue, warned about once
//! each (with how often they occur and where they first do), whichever
//! outputs are made.
//!
//! The PDF sets such a character in a system fallback face when one has it
//! ([`crate::fonts::fallback_info`]) and otherwise prints glyph 0, a blank box;
//! the EPUB keeps the character and leaves it to the reading system's fonts.
//! `job` calls [`warnings`] once per issue, so the two outputs do not warn twice.

use crate::cjk::is_invisible;
use crate::diag::{Diagnostic, Span};
use crate::fonts::{FallbackInfo, Fonts};
use crate::model::Issue;
use std::collections::BTreeMap;
use std::ops::Range;

/// One character no bundled face has.
#[derive(Debug, Clone, PartialEq)]
pub struct Uncovered {
    /// The character.
    pub ch: char,
    /// How many times it occurs in the article.
    pub count: usize,
    /// Byte range in the article file of its first occurrence (the whole
    /// block's range when the article cannot be read again).
    pub first: Option<Range<usize>>,
    /// The system face the PDF sets it in, if any.
    pub fallback: Option<FallbackInfo>,
}

/// Every character of the issue that no bundled face has, in order of first
/// occurrence, each once. Looks for system fallback faces only when there is
/// such a character.
pub fn find_uncovered(issue: &Issue, fonts: &Fonts) -> Vec<Uncovered> {
    let source = std::fs::read_to_string(&issue.article).ok();
    // char → (index in `found`); `found` keeps reading order.
    let mut seen: BTreeMap<char, usize> = BTreeMap::new();
    let mut found: Vec<Uncovered> = Vec::new();
    // The checks' units: every character of the model's text, located in
    // the file (crate::model::source_map).
    for unit in crate::model::source_map::units(issue, source.as_deref().unwrap_or("")) {
        for l in &unit.chars {
            let c = l.ch;
            if is_invisible(c) || fonts.bundled_covers(c) {
                continue;
            }
            if let Some(&i) = seen.get(&c) {
                found[i].count += 1;
                continue;
            }
            seen.insert(c, found.len());
            found.push(Uncovered {
                ch: c,
                count: 1,
                first: first_place(source.as_deref(), &unit, l),
                fallback: None,
            });
        }
    }
    for u in &mut found {
        // The article is what the editor typed: count there when it can be read
        // (a caption that is also the alt text is still one occurrence).
        if let Some(src) = &source {
            let n = src.matches(u.ch).count();
            if n > 0 {
                u.count = n;
            }
        }
        u.fallback = crate::fonts::fallback_info(u.ch);
    }
    found
}

/// Where a character first occurs: its own bytes when the source map placed
/// it, else the first place the article has it, else its block.
fn first_place(
    source: Option<&str>,
    unit: &crate::model::source_map::Unit,
    l: &crate::model::source_map::Located,
) -> Option<Range<usize>> {
    if l.exact {
        return Some(l.range.clone());
    }
    let c = l.ch;
    source
        .and_then(|s| s.find(c))
        .map(|i| i..i + c.len_utf8())
        .or_else(|| unit.placed.then(|| l.range.clone()))
}

/// The suggestion for making `c` print: a Debian package with an outline
/// font that has it, where one is known.
fn install_hint(c: char) -> &'static str {
    match c as u32 {
        // CJK Unified Ideographs Extensions B–F (HanaMinB); later extensions have no packaged font yet.
        0x20000..=0x2EBEF => "`apt-get install fonts-hanazono`",
        // Emoji and pictographs: Symbola draws outlines (Noto Color Emoji is bitmaps, which the PDF cannot use).
        0x1F000..=0x1FAFF | 0x2600..=0x27BF => "`apt-get install fonts-symbola`",
        _ => "`apt-get install fonts-noto-core` or `fonts-noto-cjk-extra`",
    }
}

/// One warning per [`Uncovered`] character, at its first occurrence in the article.
pub fn warnings(issue: &Issue, fonts: &Fonts) -> Vec<Diagnostic> {
    find_uncovered(issue, fonts)
        .into_iter()
        .map(|u| {
            let c = u.ch;
            let times = match u.count {
                1 => "once".to_string(),
                n => format!("{n} times"),
            };
            let d = match &u.fallback {
                Some(f) => Diagnostic::warning(format!(
                    "character {c} (U+{:04X}, {times}) is not in the bundled fonts; the PDF sets it in {} from {} (the EPUB leaves it to the reader's fonts)",
                    c as u32,
                    f.family,
                    f.path.display()
                ))
                .hint("it will not match the surrounding type, and another machine may pick another font: replace it if you can"),
                None => Diagnostic::warning(format!(
                    "character {c} (U+{:04X}, {times}) is not in the bundled fonts and no system font has it: the PDF prints the missing-character mark 〓 in its place (the EPUB leaves it to the reader's fonts)",
                    c as u32
                ))
                .hint(format!(
                    "replace it (with a common character, a description or an image), or install a font that has it, e.g. {}",
                    install_hint(c)
                )),
            };
            match u.first {
                Some(range) => d.at(Span::new(&issue.article, range)),
                None => d.in_file(&issue.article),
            }
        })
        .collect()
}

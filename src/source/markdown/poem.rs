//! A poem's head: its title and author (README, "Source format").
//!
//! A poetry page writes a poem as a heading, then (optionally) one short
//! line naming the author, then the poem (hard-broken lines or a
//! ```` ```诗 ```` fence):
//!
//! ```text
//! ### 乡愁
//!
//! 余光中
//!
//! 小时候  
//! 乡愁是一枚小小的邮票
//! ```
//!
//! The heading stays the heading of its section (so it is an entry of the
//! EPUB nav, the PDF contents and the outline, like any heading); the poem is
//! marked [`Verse::titled`] so both outputs set that heading with the poem.
//! The author line leaves the section's body and becomes [`Verse::author`],
//! the poem's block then starting where that line starts, so its text keeps
//! its place in the source.
//!
//! The rule is conservative: only a paragraph that stands **between** a
//! heading and a poem, on one line, holding only text (no link, photo or note
//! reference), that is a name, at most [`MAX_AUTHOR_CHARS`] characters of Han
//! characters, Latin letters, spaces and the name dot `·`, optionally after
//! `作者：`, `文/` or a dynasty in brackets (`[唐] 李白`, `〔宋〕苏轼`, `（唐）王维`),
//! is an author. Anything else — a sentence, a date, a number, punctuation —
//! stays the paragraph it was. A fence carries no title or author of its own:
//! the syntax proposal (`shared/docs/elements.md`) has none, so none is guessed.

use crate::model::{Block, BlockKind, Inline, Para, ParaRole, plain_text, walk_mut};

/// Longest author name, in characters (after `作者：`, `文/` or a dynasty).
pub(crate) const MAX_AUTHOR_CHARS: usize = 12;

/// Longest dynasty or country in brackets before a name (`[唐]`, `〔南宋〕`, `（俄罗斯）`).
const MAX_DYNASTY_CHARS: usize = 4;

/// Prefixes an author line may open with.
const AUTHOR_PREFIXES: &[&str] = &["作者：", "作者:", "文/", "文／", "文 / ", "诗/", "诗／"];

/// Bracket pairs around a dynasty or country.
const DYNASTY_BRACKETS: &[(char, char)] = &[
    ('[', ']'),
    ('［', '］'),
    ('〔', '〕'),
    ('（', '）'),
    ('(', ')'),
    ('【', '】'),
];

/// Mark every poem that directly follows a heading as that heading's poem,
/// taking a short author line between them into the poem.
pub(crate) fn heads(blocks: &mut [Block]) {
    walk_mut(blocks, &mut |b| {
        if let BlockKind::Section(s) = &mut b.kind {
            head(&mut s.body);
        }
    });
}

/// The head of the poem opening a section's `body`, if a poem opens it.
fn head(body: &mut Vec<Block>) {
    match body.as_slice() {
        [
            Block {
                kind: BlockKind::Verse(_),
                ..
            },
            ..,
        ] => {}
        [
            Block {
                kind: BlockKind::Para(p),
                ..
            },
            Block {
                kind: BlockKind::Verse(_),
                ..
            },
            ..,
        ] if is_author(p) => {
            let author = body.remove(0);
            let BlockKind::Para(p) = author.kind else {
                unreachable!("matched a paragraph")
            };
            let Some(Block {
                kind: BlockKind::Verse(v),
                span,
            }) = body.first_mut()
            else {
                unreachable!("matched a poem")
            };
            v.author = Some(p.content);
            span.start = span.start.min(author.span.start);
        }
        _ => return,
    }
    if let Some(Block {
        kind: BlockKind::Verse(v),
        ..
    }) = body.first_mut()
    {
        v.titled = true;
    }
}

/// Whether the blocks after a heading open with a poem, directly or after
/// an author line: the heading is then the poem's title.
pub(crate) fn follows<'a>(mut next: impl Iterator<Item = &'a Block>) -> bool {
    match next.next().map(|b| &b.kind) {
        Some(BlockKind::Verse(_)) => true,
        Some(BlockKind::Para(p)) if is_author(p) => {
            matches!(next.next().map(|b| &b.kind), Some(BlockKind::Verse(_)))
        }
        _ => false,
    }
}

/// Whether a paragraph is an author line: plain text on one line that
/// [`is_author_text`].
fn is_author(p: &Para) -> bool {
    p.role == ParaRole::Body && only_text(&p.content) && is_author_text(&plain_text(&p.content))
}

/// Text, emphasis and strong emphasis only: no link, code, note reference or line break.
fn only_text(content: &[Inline]) -> bool {
    content.iter().all(|i| match i {
        Inline::Text(_) => true,
        Inline::Emph(c) | Inline::Strong(c) => only_text(c),
        _ => false,
    })
}

/// Whether `text` names an author: an optional `作者：`/`文/` prefix or a
/// bracketed dynasty, then a name of at most [`MAX_AUTHOR_CHARS`] characters
/// made of Han characters, Latin letters, spaces and the name dot.
pub(crate) fn is_author_text(text: &str) -> bool {
    let t = text.trim();
    if t.contains('\n') {
        return false;
    }
    let t = AUTHOR_PREFIXES
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .unwrap_or(t);
    let name = strip_dynasty(t.trim()).trim();
    let n = name.chars().count();
    n > 0
        && n <= MAX_AUTHOR_CHARS
        && name.chars().any(is_han_or_letter)
        && name
            .chars()
            .all(|c| is_han_or_letter(c) || matches!(c, ' ' | '\u{3000}' | '·' | '・' | '•'))
}

/// `name` without a leading bracketed dynasty or country (`[唐] 李白` → `李白`).
fn strip_dynasty(t: &str) -> &str {
    for &(open, close) in DYNASTY_BRACKETS {
        if let Some(rest) = t.strip_prefix(open)
            && let Some(end) = rest.find(close)
        {
            let inside = &rest[..end];
            let n = inside.chars().count();
            if n > 0 && n <= MAX_DYNASTY_CHARS && inside.chars().all(crate::cjk::is_han) {
                return &rest[end + close.len_utf8()..];
            }
            return t;
        }
    }
    t
}

/// A Han character or an ASCII letter.
fn is_han_or_letter(c: char) -> bool {
    crate::cjk::is_han(c) || c.is_ascii_alphabetic()
}

#[cfg(test)]
mod tests {
    use super::is_author_text;

    #[test]
    fn names_and_their_forms_are_authors() {
        for t in [
            "余光中",
            " 余光中 ",
            "作者：舒婷",
            "文/海子",
            "文／海子",
            "[唐] 李白",
            "〔宋〕苏轼",
            "（唐）王维",
            "［俄］普希金",
            "亚历山大·普希金",
            "Li Bai",
            "欧阳修",
        ] {
            assert!(is_author_text(t), "{t:?} should be an author");
        }
    }

    #[test]
    fn sentences_dates_and_long_lines_are_not() {
        for t in [
            "",
            "小时候，",
            "诗歌是时间的见证。",
            "2024年5月",
            "写于1971年",
            "这一行已经远远超过了十二个字的长度",
            "[唐]",
            "作者：",
            "[1] 李白",
            "余光中\n小时候",
            "——编者",
            "《乡愁》",
            "余光中（台湾）",
        ] {
            assert!(!is_author_text(t), "{t:?} should not be an author");
        }
    }
}

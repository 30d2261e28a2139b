//! An author named on a line of their own under the title, with no role:
//! a poem page's poet (`李白云`, over the poem) and a commentary's writer
//! (`张明远`, over the first paragraph). Read only when the title block
//! has no byline; the name becomes the byline, with an empty role.

use super::punct::ends_closed;
use super::{Article, Chunk, Decisions, Unit, verse};
use crate::model::Credit;

/// A commentary's author line is a person's name: 2–4 Han characters.
const PERSON_NAME_MAX_CHARS: usize = 4;

/// Short words a report may open with as a heading of its own, never a name.
const OPENING_HEADINGS: [&str; 9] = [
    "引言", "前言", "概述", "导语", "背景", "序言", "开篇", "摘要", "综述",
];

/// Take the author's name line off the front of the body when it is one.
pub fn name_line(
    mut rest: Vec<Unit>,
    article: &mut Article,
    decisions: &mut Decisions,
) -> Vec<Unit> {
    if !article.byline.is_empty() || rest.len() < 2 || !verse::is_name(&rest[0].text) {
        return rest;
    }
    let what = if is_poem_next(&rest) {
        "the poet"
    } else if is_person_name(&rest[0].text) && is_prose(&rest[1]) {
        "the author"
    } else {
        return rest;
    };
    let name = rest.remove(0);
    decisions.note(
        name.line,
        format!(
            "line {}: {what} 「{}」, written as the byline",
            name.line, name.text
        ),
    );
    article.byline = vec![Credit {
        role: String::new(),
        names: vec![name.text],
    }];
    rest
}

/// Whether the body after the name line opens with a poem.
fn is_poem_next(rest: &[Unit]) -> bool {
    let lines = verse::lift(
        vec![Chunk::Text(rest[1..].to_vec())],
        &mut Decisions::default(),
    );
    matches!(lines.first(), Some(Chunk::Verse(_) | Chunk::PoemTitle(..)))
}

fn is_person_name(text: &str) -> bool {
    text.chars().count() <= PERSON_NAME_MAX_CHARS
        && !OPENING_HEADINGS.contains(&text)
        && text.chars().all(|c| crate::cjk::is_han(c) || c == '·')
}

/// A paragraph of running text: closed by a sentence mark.
fn is_prose(u: &Unit) -> bool {
    ends_closed(&u.text)
}

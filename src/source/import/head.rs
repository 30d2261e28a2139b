//! The title block: title, subtitle and byline (before joining), then the
//! editor's note and the lead (after joining), and the dateline of the first
//! paragraph (after the body is read).

use super::byline::{self, parse_byline, parse_dateline};
use super::punct::{ends_closed, enumerator, has_inner_sentence_end, is_subtitle};
use super::score::{Reading, choose};
use super::{Article, Decisions, Piece, Unit};

/// An unpunctuated line longer than this is body text, never a title.
const TITLE_MAX_CHARS: usize = 60;
/// The lead (导语) is a short sentence, not a full paragraph.
const LEAD_MAX_CHARS: usize = 60;

/// Labels that open an editor's note.
const NOTE_LABELS: [&str; 4] = ["【编者按】", "编者按", "编者的话", "【编者的话】"];

/// Take the title and, after it in either order, the subtitle and the byline.
/// Returns the remaining units.
pub fn title_block(
    units: Vec<Unit>,
    article: &mut Article,
    decisions: &mut Decisions,
) -> Vec<Unit> {
    let mut units = units;
    if let Some(kicker) = kicker(&units) {
        decisions.note(
            kicker.line,
            format!(
                "line {}: kicker (引题) 「{}」 above the title{}",
                kicker.line,
                kicker.text,
                if is_subtitle(&units[2].text) {
                    ""
                } else {
                    " (unsure: two headline lines before the byline; if the second is the subtitle, write it as `——…` under the title)"
                }
            ),
        );
        article.kicker = Some(units.remove(0).text);
    }
    let mut rest = units.into_iter().peekable();
    let Some(title) = rest.next() else {
        return Vec::new();
    };
    decisions.note(
        title.line,
        format!("line {}: title 「{}」", title.line, title.text),
    );
    if title.chars() > TITLE_MAX_CHARS || ends_closed(&title.text) {
        decisions.note(title.line, format!(
            "line {}: unsure: the title reads like a sentence; check that the report starts with its headline",
            title.line
        ));
    }
    article.title = title.text;
    for _ in 0..2 {
        let Some(next) = rest.peek() else { break };
        if article.subtitle.is_none() && is_subtitle(&next.text) {
            decisions.note(
                next.line,
                format!("line {}: subtitle 「{}」", next.line, next.text),
            );
            article.subtitle = rest.next().map(|u| u.text);
        } else if article.byline.is_empty()
            && let Some(credits) = parse_byline(&next.text)
        {
            decisions.note(
                next.line,
                format!("line {}: byline {}", next.line, byline::describe(&credits)),
            );
            article.byline = credits;
            rest.next();
        } else {
            break;
        }
    }
    rest.collect()
}

/// Longest kicker (引题), in characters.
const KICKER_MAX_CHARS: usize = 40;

/// A kicker (引题) over the title: the report opens with two headline lines
/// (short, no sentence ending, neither a subtitle nor a byline), then a
/// `——` subtitle or the byline. A title alone never has a line of that
/// shape between it and its subtitle or byline.
fn kicker(units: &[Unit]) -> Option<&Unit> {
    let [first, second, third, ..] = units else {
        return None;
    };
    let headline = |u: &Unit, max: usize| {
        u.chars() <= max
            && !ends_closed(&u.text)
            && !is_subtitle(&u.text)
            && parse_byline(&u.text).is_none()
            && editor_note(&u.text).is_none()
    };
    let closes_head = is_subtitle(&third.text) || parse_byline(&third.text).is_some();
    (headline(first, KICKER_MAX_CHARS) && headline(second, TITLE_MAX_CHARS) && closes_head)
        .then_some(first)
}

/// The editor's note and the lead at the start of the (joined) body.
pub fn after_byline(
    mut body: Vec<Unit>,
    article: &mut Article,
    decisions: &mut Decisions,
) -> Vec<Unit> {
    if let Some(first) = body.first()
        && let Some(note) = editor_note(&first.text)
    {
        decisions.note(
            first.line,
            format!(
                "line {}: editor's note (编者按) 「{}」",
                first.line,
                super::punct::excerpt(&note, 12)
            ),
        );
        article.editor_note = Some(note);
        body.remove(0);
    }
    let Some(first) = body.first() else {
        return body;
    };
    let line = first.line;
    let (lead, para) = lead_readings(first, body.get(1));
    let choice = choose(vec![para, lead]);
    if choice.best.kind {
        decisions.note(line, format!("line {line}: lead (导语) 「{}」", first.text));
        article.lead = Some(body.remove(0).text);
    } else {
        decisions.note(
            line,
            format!(
                "line {line}: no lead (导语): the first paragraph is body text (a lead is a short paragraph of one sentence right after the byline that does not open like a news paragraph, with a time word, a numbering or a dateline)"
            ),
        );
    }
    if let Some(close) = &choice.close {
        let (what, other) = if choice.best.kind {
            ("the lead", "the first paragraph")
        } else {
            ("the first paragraph", "the lead")
        };
        decisions.unsure(line, what, other, (choice.best.score, close.score));
    }
    body
}

/// The lead reading (`true`) and the paragraph reading (`false`) of the first body unit.
fn lead_readings(unit: &Unit, next: Option<&Unit>) -> (Reading<bool>, Reading<bool>) {
    let text = &unit.text;
    let gates = next.is_some()
        && ends_closed(text)
        && !has_inner_sentence_end(text)
        && unit.chars() <= LEAD_MAX_CHARS
        && parse_dateline(text).is_none();
    let mut lead = Reading::new(true);
    lead.feature(gates, 2, "a short closed sentence")
        .feature(
            !gates,
            -10,
            "not one short closed sentence with text after it",
        )
        .feature(unit.chars() <= 40, 1, "under 40 characters");
    let mut para = Reading::new(false);
    para.feature(
        starts_like_news(text),
        3,
        "opens with a time word like a news paragraph",
    )
    .feature(enumerator(text).is_some(), 3, "opens with a numbering")
    .feature(
        text.ends_with(['：', ':']),
        5,
        "ends with a colon: a salutation or what introduces the text after it",
    );
    (lead, para)
}

/// Whether a paragraph opens the way a news paragraph does: with its time
/// (`7月1日，` `近日，` `今年以来，`).
fn starts_like_news(text: &str) -> bool {
    const WORDS: [&str; 14] = [
        "近日",
        "日前",
        "近期",
        "近年来",
        "今年以来",
        "连日来",
        "昨天",
        "昨日",
        "今天",
        "今日",
        "上午",
        "下午",
        "当天",
        "本月",
    ];
    if WORDS.iter().any(|w| text.starts_with(w)) {
        return true;
    }
    let digits = text.chars().take_while(|c| c.is_ascii_digit()).count();
    digits > 0 && matches!(text.chars().nth(digits), Some('月' | '年' | '日'))
}

/// The text of an editor's note line (`编者按：…`), without its label.
fn editor_note(text: &str) -> Option<String> {
    let rest = NOTE_LABELS.iter().find_map(|l| text.strip_prefix(l))?;
    let rest = rest.trim_start_matches(['：', ':', ' ', '\u{3000}']);
    (!rest.is_empty()).then(|| rest.to_string())
}

/// Whether two printed names are one: alike once the spaces that pad a
/// two-character name to three (`陈　静`, `陈 静`) are gone.
fn same_name(a: &str, b: &str) -> bool {
    let bare = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    bare(a) == bare(b)
}

/// The first body paragraph's dateline (the paragraph at input `line`, when
/// [`has_dateline`] found one there): its credits join the byline.
pub fn dateline(article: &mut Article, decisions: &mut Decisions, line: Option<usize>) {
    let Some(line) = line else { return };
    let Some(i) = article
        .body
        .iter()
        .position(|p| matches!(p, Piece::Para(_)))
    else {
        return;
    };
    // Only the very first paragraph carries a dateline.
    if article.body[..i]
        .iter()
        .any(|p| matches!(p, Piece::Heading { .. }))
    {
        return;
    }
    let Piece::Para(text) = &article.body[i] else {
        return;
    };
    let Some(d) = parse_dateline(text) else {
        return;
    };
    let rest = text[d.words.len()..].to_string();
    let mut added = Vec::new();
    let mut kept = Vec::new();
    for credit in d.credits {
        for name in credit.names {
            // `本报记者 陈　静` over `（记者 陈静 …）`: one reporter, named
            // twice, with the role worded and the name padded differently.
            let known = article
                .byline
                .iter()
                .any(|c| c.names.iter().any(|n| same_name(n, &name)));
            if known {
                kept.push(format!("{} {}", credit.role, name));
                continue;
            }
            match article.byline.iter_mut().find(|c| c.role == credit.role) {
                Some(c) => c.names.push(name.clone()),
                None => article.byline.push(crate::model::Credit {
                    role: credit.role.clone(),
                    names: vec![name.clone()],
                }),
            }
            added.push(format!("{} {}", credit.role, name));
        }
    }
    let alone = rest.trim().is_empty() || !rest.contains(['。', '，', '！', '？', '；']);
    decisions.note(
        line,
        format!(
            "line {line}: dateline 「{}」 {}{}{}",
            d.words,
            if alone {
                "on a line of its own, kept there as its own paragraph"
            } else {
                "stays at the start of the first paragraph"
            },
            if added.is_empty() {
                String::new()
            } else {
                format!("; its names go to the byline: {}", added.join("、"))
            },
            if kept.is_empty() {
                String::new()
            } else {
                format!(
                    "; {} named in the byline already, not listed twice",
                    kept.join("、")
                )
            }
        ),
    );
    article.body[i] = Piece::Dateline {
        dateline: d.words,
        rest,
    };
}

/// The input line of the body's first unit when it opens with a dateline.
pub fn has_dateline(body: &[Unit]) -> Option<usize> {
    body.first()
        .filter(|u| parse_dateline(&u.text).is_some())
        .map(|u| u.line)
}

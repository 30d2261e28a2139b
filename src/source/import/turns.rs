//! An interview's turns: paragraphs opening with the speaker and a colon
//! (`记者：…`, `王明：…`, `问：…`, `答：…`). They are turns only when the
//! report reads as an interview: at least [`MIN_TURNS`] such paragraphs, one
//! of them the interviewer's (记者, 问, 主持人 …). Written as `**记者：**…`, the
//! form the source format reads as a turn.

use super::{Article, Decisions, Piece};
use crate::cjk::{ASKERS, is_speaker_name as is_name};

/// Paragraphs opening with a speaker before the report counts as an interview.
const MIN_TURNS: usize = 3;

/// Longest label with the speaker's title in brackets (`王明（市住建局局长）`):
/// the longest the source format reads as a turn's speaker.
const MAX_TITLED_LABEL_CHARS: usize = 12;

/// The speaker label (without its colon) and the words after it. The label
/// is a name (or an asker's label), or a name with the speaker's title in
/// brackets after it (`王明（市住建局局长）：`).
pub fn speaker(text: &str) -> Option<(&str, &str)> {
    let (i, colon) = text
        .char_indices()
        .take(MAX_TITLED_LABEL_CHARS + 1)
        .find(|(_, c)| matches!(c, '：' | ':'))?;
    let label = &text[..i];
    let rest = text[i + colon.len_utf8()..].trim_start();
    let titled = label
        .strip_suffix('）')
        .and_then(|l| l.split_once('（'))
        .is_some_and(|(name, title)| {
            is_name(name) && !title.is_empty() && !title.contains(['（', '）', '：'])
        });
    let named = is_name(label) || ASKERS.contains(&label) || titled;
    (named && !rest.is_empty()).then_some((label, rest))
}

/// Make turns of the paragraphs that open with a speaker, when the report
/// is an interview; a lead that is the first question goes back to the body.
pub fn mark(article: &mut Article, decisions: &mut Decisions, first_line: usize) {
    let labels: Vec<&str> = article
        .body
        .iter()
        .filter_map(|p| match p {
            Piece::Para(t) => speaker(t).map(|(l, _)| l),
            _ => None,
        })
        .collect();
    let lead_asks = article
        .lead
        .as_deref()
        .and_then(speaker)
        .is_some_and(|(l, _)| ASKERS.contains(&l));
    let asks = lead_asks || labels.iter().any(|l| ASKERS.contains(l));
    let count = labels.len() + usize::from(lead_asks);
    if count < MIN_TURNS || !asks {
        return;
    }
    if lead_asks && let Some(lead) = article.lead.take() {
        // The lead's log lines said otherwise: it is a turn now.
        let lines =
            decisions.retract(|d| d.contains(": lead (导语) ") || d.contains("as the lead"));
        if let Some(&line) = lines.first() {
            decisions.note(
                line,
                format!("line {line}: the first question, a turn of the interview, not the lead"),
            );
        }
        article.body.insert(0, Piece::Para(lead));
    }
    let mut turns = 0;
    for p in &mut article.body {
        if let Piece::Para(t) = p
            && let Some((label, rest)) = speaker(t)
        {
            *p = Piece::Turn {
                speaker: label.to_string(),
                text: rest.to_string(),
            };
            turns += 1;
        }
    }
    decisions.note(
        first_line,
        format!(
            "an interview: {turns} paragraph(s) opening with a speaker and a colon are its turns{}",
            if lead_asks {
                " (the first question is a turn, not the lead)"
            } else {
                ""
            }
        ),
    );
}

//! An interview's turns: paragraphs opening with the speaker and a colon
//! (`记者：…`, `王明：…`, `问：…`, `答：…`). They are turns only when the
//! report reads as an interview: at least [`MIN_TURNS`] such paragraphs, one
//! of them the interviewer's (记者, 问, 主持人 …). Written as `**记者：**…`, the
//! form the source format reads as a turn.

use super::{Article, Decisions, Piece};
use crate::cjk::{
    ASKERS, MAX_TITLED_SPEAKER_CHARS, NOT_SPEAKERS, is_speaker_name as is_name, speaker_person,
    titled_speaker_name,
};

/// Paragraphs opening with a speaker before the report counts as an interview.
const MIN_TURNS: usize = 3;

/// The speaker label (without its colon) and the words after it. The label
/// is a name (or an asker's label), or a name with the speaker's title in
/// brackets after it (`王明（市住建局局长）：`, [`titled_speaker_name`]); never
/// a label that names no speaker (`注：`, `电话（办公室）：`, [`NOT_SPEAKERS`]).
pub fn speaker(text: &str) -> Option<(&str, &str)> {
    let (i, colon) = text
        .char_indices()
        .take(MAX_TITLED_SPEAKER_CHARS + 1)
        .find(|(_, c)| matches!(c, '：' | ':'))?;
    let label = &text[..i];
    let rest = text[i + colon.len_utf8()..].trim_start();
    let named = is_name(label) || ASKERS.contains(&label) || titled_speaker_name(label).is_some();
    let speaks = !NOT_SPEAKERS.contains(&speaker_person(label));
    (named && speaks && !rest.is_empty()).then_some((label, rest))
}

/// Whether a speaker label is the asker's (记者, 问 …), with or without a
/// title in brackets (`记者（本报）`).
fn is_asker(label: &str) -> bool {
    ASKERS.contains(&speaker_person(label))
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
        .is_some_and(|(l, _)| is_asker(l));
    let asks = lead_asks || labels.iter().any(|l| is_asker(l));
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

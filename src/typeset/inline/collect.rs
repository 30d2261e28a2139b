//! Collect: the paragraph's styled runs → one string and its spans.

use super::ParInput;
use crate::fonts::{Fonts, Role};
use std::ops::Range;

/// A stretch of the paragraph text in one face and size.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Span {
    /// Byte range in [`Collection::text`].
    pub range: Range<usize>,
    /// The face.
    pub role: Role,
    /// Type size in pt.
    pub size_pt: f32,
    /// Baseline shift up in pt (a superscript; see [`super::StyledText::rise_pt`]).
    pub rise_pt: f32,
}

/// The paragraph text and the spans that style it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Collection {
    /// All runs' text concatenated.
    pub text: String,
    /// Non-empty spans covering `text` in order.
    pub spans: Vec<Span>,
}

/// Below this size a run cannot be set (and a zero or negative size would make
/// every width zero); such runs are set at this size instead.
const MIN_SIZE_PT: f32 = 1.0;

/// Concatenate the runs. Empty runs are dropped; neighbouring runs with the same
/// face and size are merged, so shaping sees them as one (kerning across them).
pub(super) fn collect(input: &ParInput) -> Collection {
    let mut text = String::new();
    let mut spans: Vec<Span> = Vec::new();
    for run in &input.runs {
        if run.text.is_empty() {
            continue;
        }
        let size_pt = if run.size_pt.is_finite() {
            run.size_pt.max(MIN_SIZE_PT)
        } else {
            MIN_SIZE_PT
        };
        let rise_pt = if run.rise_pt.is_finite() {
            run.rise_pt
        } else {
            0.0
        };
        let start = text.len();
        text.push_str(&run.text);
        match spans.last_mut() {
            Some(last)
                if last.role == run.role && last.size_pt == size_pt && last.rise_pt == rise_pt =>
            {
                last.range.end = text.len()
            }
            _ => spans.push(Span {
                range: start..text.len(),
                role: run.role,
                size_pt,
                rise_pt,
            }),
        }
    }
    Collection { text, spans }
}

/// Give each character a face that has it: its span's own face; else the Song
/// (body) face, which has the widest coverage of the bundled faces; else a
/// system fallback face (see [`crate::fonts::fallback_role`]); else its own
/// face, where it prints as glyph 0 (the warning comes from [`crate::coverage`]).
/// Spans are split where the face changes. Marks that attach to the character
/// before them (combining marks, variation selectors, joiners) keep its face.
pub(super) fn assign_faces(fonts: &Fonts, collection: Collection) -> Collection {
    let Collection { text, spans } = collection;
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        let own = fonts.face(span.role);
        let mut prev_role = span.role;
        for (i, c) in text[span.range.clone()].char_indices() {
            let at = span.range.start + i;
            let role = if attaches_to_previous(c) && at > span.range.start {
                prev_role
            } else if own.covers(c) {
                span.role
            } else if fonts.body.covers(c) {
                Role::Body
            } else {
                crate::fonts::fallback_role(c).unwrap_or(span.role)
            };
            prev_role = role;
            let end = at + c.len_utf8();
            match out.last_mut() {
                Some(last)
                    if last.role == role
                        && last.size_pt == span.size_pt
                        && last.rise_pt == span.rise_pt
                        && last.range.end == at =>
                {
                    last.range.end = end
                }
                _ => out.push(Span {
                    range: at..end,
                    role,
                    size_pt: span.size_pt,
                    rise_pt: span.rise_pt,
                }),
            }
        }
    }
    Collection { text, spans: out }
}

/// Characters shaped together with the one before them: combining marks,
/// variation selectors, the zero-width joiner and emoji skin-tone modifiers.
fn attaches_to_previous(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{200D}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{1F3FB}'..='\u{1F3FF}'
        | '\u{E0100}'..='\u{E01EF}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::inline::{Align, StyledText};

    fn caption(text: &str) -> ParInput {
        ParInput {
            runs: vec![StyledText {
                text: text.into(),
                role: Role::Caption,
                size_pt: 9.0,
                rise_pt: 0.0,
            }],
            width_pt: 100.0,
            first_line_indent_em: 0.0,
            align: Align::Start,
        }
    }

    #[test]
    fn a_char_the_kai_face_lacks_goes_to_the_song_face() {
        let fonts = Fonts::shared().expect("bundled fonts");
        // Any hanzi the Kai subset lacks and the Song face has.
        let c = (0x20u32..0x10000)
            .filter_map(char::from_u32)
            .find(|&c| !fonts.caption.covers(c) && fonts.body.covers(c))
            .expect("the Kai subset is smaller than the Song face");
        let text = format!("图{c}说");
        let col = assign_faces(fonts, collect(&caption(&text)));
        let roles: Vec<_> = col
            .spans
            .iter()
            .map(|s| (&col.text[s.range.clone()], s.role))
            .collect();
        let c = c.to_string();
        assert_eq!(
            roles,
            vec![
                ("图", Role::Caption),
                (c.as_str(), Role::Body),
                ("说", Role::Caption)
            ]
        );
    }

    #[test]
    fn a_variation_selector_stays_with_its_emoji() {
        let fonts = Fonts::shared().expect("bundled fonts");
        let text = "图😀\u{FE0F}说";
        let col = assign_faces(fonts, collect(&caption(text)));
        let emoji_at = text.find('😀').unwrap();
        let vs_at = emoji_at + '😀'.len_utf8();
        // No span starts at the selector, and the spans still cover the text in order.
        assert!(col.spans.iter().all(|s| s.range.start != vs_at));
        let mut end = 0;
        for s in &col.spans {
            assert_eq!(s.range.start, end);
            end = s.range.end;
        }
        assert_eq!(end, text.len());
        let emoji_role = col
            .spans
            .iter()
            .find(|s| s.range.contains(&emoji_at))
            .unwrap()
            .role;
        assert_eq!(
            emoji_role,
            crate::fonts::fallback_role('😀').unwrap_or(Role::Caption)
        );
    }
}

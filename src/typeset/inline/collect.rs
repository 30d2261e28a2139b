//! Collect: the paragraph's styled runs → one string and its spans.

use super::ParInput;
use crate::fonts::Role;
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
        let start = text.len();
        text.push_str(&run.text);
        match spans.last_mut() {
            Some(last) if last.role == run.role && last.size_pt == size_pt => {
                last.range.end = text.len()
            }
            _ => spans.push(Span {
                range: start..text.len(),
                role: run.role,
                size_pt,
            }),
        }
    }
    Collection { text, spans }
}

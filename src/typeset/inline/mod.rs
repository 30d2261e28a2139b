//! One paragraph: styled text in, justified lines of positioned glyphs out.
//!
//! This is the seam between the paragraph engine (shaping, break
//! opportunities, kinsoku, optimum-fit breaking, clreq spacing) and the page
//! builder. The page builder calls [`layout_par`] and places the returned
//! [`Line`]s; it never looks inside the engine.

use crate::fonts::{Fonts, Role};
use std::ops::Range;

/// A run of text in one face and size.
#[derive(Debug, Clone, PartialEq)]
pub struct StyledText {
    /// The text.
    pub text: String,
    /// Which bundled face sets it.
    pub role: Role,
    /// Type size in pt.
    pub size_pt: f32,
}

/// How lines sit between the edges of the measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Justified to both edges, last line flush start (body text, clreq §3.5).
    Justify,
    /// Each line centred (headings, pull quote).
    Center,
    /// Flush start, ragged end.
    Start,
}

/// What to lay out and how.
#[derive(Debug, Clone, PartialEq)]
pub struct ParInput {
    /// The paragraph's runs, in order. Their concatenated text is the paragraph text.
    pub runs: Vec<StyledText>,
    /// The measure (line length) in pt.
    pub width_pt: f32,
    /// First-line indent in em of the first run's size (2.0 for body text, clreq §3.4.1).
    pub first_line_indent_em: f32,
    /// Line alignment.
    pub align: Align,
}

/// One glyph placed on a line.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedGlyph {
    /// Glyph id in the run's face.
    pub id: u32,
    /// Horizontal advance in pt, after all spacing adjustments (compression, justification).
    pub advance_pt: f32,
    /// Offset from the pen position in pt (x right, y up).
    pub offset_pt: (f32, f32),
    /// Byte range of the source text (in [`Line::text`]'s paragraph text) this glyph shows.
    /// Every byte of the paragraph text is covered by exactly one glyph's range, in order,
    /// so copying text out of the PDF gives the paragraph back exactly.
    pub text_range: Range<usize>,
}

/// A run of glyphs in one face and size on a line.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRun {
    /// The face.
    pub role: Role,
    /// Type size in pt.
    pub size_pt: f32,
    /// Pen position of the first glyph, from the line's start edge, in pt.
    pub x_pt: f32,
    /// The glyphs, in visual order.
    pub glyphs: Vec<PlacedGlyph>,
}

/// One finished line.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The glyph runs.
    pub runs: Vec<GlyphRun>,
    /// Byte range of the paragraph text on this line.
    pub text_range: Range<usize>,
    /// Width actually used, in pt (equals the measure for justified non-last lines).
    pub width_pt: f32,
    /// Largest type size on the line, in pt (the page builder derives the line pitch from it).
    pub size_pt: f32,
}

/// A laid-out paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    /// The paragraph text: all runs' text concatenated. Glyph ranges index into it.
    pub text: String,
    /// Its lines, top to bottom.
    pub lines: Vec<Line>,
}

/// Lay out one paragraph into lines.
pub fn layout_par(fonts: &Fonts, input: &ParInput) -> Paragraph {
    stub::layout_par(fonts, input)
}

/// Placeholder breaker (one glyph per char, cmap lookup, greedy breaks, no
/// clreq rules) so the page builder can be written against the real seam. The
/// paragraph engine replaces it.
mod stub {
    use super::*;
    use read_fonts::TableProvider;

    pub(super) fn layout_par(fonts: &Fonts, input: &ParInput) -> Paragraph {
        let mut text = String::new();
        let mut items = Vec::new(); // (role, size, id, advance, range)
        for run in &input.runs {
            let face = fonts.face(run.role);
            let font = face.font_ref();
            let hmtx = font.hmtx().ok();
            let scale = run.size_pt / face.units_per_em as f32;
            for (i, c) in run.text.char_indices() {
                let id = face.glyph(c).unwrap_or(0);
                let adv = hmtx
                    .as_ref()
                    .map(|h| h.advance(read_fonts::types::GlyphId::new(id)).unwrap_or(0))
                    .unwrap_or(face.units_per_em) as f32
                    * scale;
                let start = text.len() + i;
                items.push((run.role, run.size_pt, id, adv, start..start + c.len_utf8()));
            }
            text.push_str(&run.text);
        }
        let size0 = input.runs.first().map_or(10.0, |r| r.size_pt);
        let mut lines = Vec::new();
        let mut i = 0;
        let mut first = true;
        while i < items.len() {
            let indent = if first {
                input.first_line_indent_em * size0
            } else {
                0.0
            };
            let mut w = indent;
            let mut j = i;
            while j < items.len() && (w + items[j].3 <= input.width_pt || j == i) {
                w += items[j].3;
                j += 1;
            }
            let mut runs: Vec<GlyphRun> = Vec::new();
            let mut x = indent;
            if input.align == Align::Center {
                x += (input.width_pt - w) / 2.0;
            }
            for it in &items[i..j] {
                let g = PlacedGlyph {
                    id: it.2,
                    advance_pt: it.3,
                    offset_pt: (0.0, 0.0),
                    text_range: it.4.clone(),
                };
                match runs.last_mut() {
                    Some(r) if r.role == it.0 && r.size_pt == it.1 => r.glyphs.push(g),
                    _ => runs.push(GlyphRun {
                        role: it.0,
                        size_pt: it.1,
                        x_pt: x,
                        glyphs: vec![g],
                    }),
                }
                x += it.3;
            }
            let size = items[i..j].iter().map(|t| t.1).fold(0.0, f32::max);
            lines.push(Line {
                runs,
                text_range: items[i].4.start..items[j - 1].4.end,
                width_pt: w,
                size_pt: size,
            });
            i = j;
            first = false;
        }
        Paragraph { text, lines }
    }
}

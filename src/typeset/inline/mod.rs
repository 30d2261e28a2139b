//! One paragraph: styled text in, justified lines of positioned glyphs out.
//!
//! This is the seam between the paragraph engine (shaping, break
//! opportunities, kinsoku, optimum-fit breaking, clreq spacing) and the page
//! builder. The page builder calls [`layout_par`] and places the returned
//! [`Line`]s; it never looks inside the engine.
//!
//! The engine runs four stages, one file each (plus helpers):
//!
//! 1. `collect`: the runs → one string and its styled spans;
//! 2. `prepare`: `shaping` (harfrust, zh-Hans, `halt` half-width forms) →
//!    `adjust` (P1 compression of adjacent marks, ¼ em Han–Western space, the
//!    stretch and shrink clreq §3.5 allows) → `breaks` (ICU strict line breaks,
//!    tailored for Chinese, filtered by kinsoku L1–L3 and U1);
//! 3. `linebreak`: optimum fit over the whole paragraph, measuring each candidate
//!    line with `line` (P2/P3 edge trims), with the orphan rule (A3) as a cost;
//! 4. `finalize`: the chosen lines → glyph runs, space distributed in J2/J3 order.
//!
//! Character classes and the clreq rules as predicates live in [`crate::cjk`].
//!
//! Text contract: each cluster's first glyph carries the cluster's byte range and
//! any further glyphs of the same cluster an empty range at its end, so every
//! byte is covered by exactly one glyph, in order. Blanks at a line edge keep
//! their glyph with zero advance.

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
    /// Baseline shift up, in pt (0 for ordinary text). A raised run is a
    /// superscript (a note reference): it binds to the character before it, so
    /// no line break, Han–Western space or justification space comes between.
    pub rise_pt: f32,
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
    /// Flush end, ragged start (a notice's sign-off).
    End,
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
    /// Byte range of the source text (in [`Paragraph::text`]) this glyph shows.
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
///
/// Never fails: a character its run's face lacks is set in the Song face or,
/// failing that, a system fallback face that has it ([`crate::fonts::fallback_role`]);
/// one no face has comes out as glyph 0 (see [`crate::coverage`] for the
/// warning), and a paragraph with no break
/// opportunity is broken wherever the kinsoku rules allow rather than overflow.
/// An empty paragraph has no lines.
pub fn layout_par(fonts: &Fonts, input: &ParInput) -> Paragraph {
    let collection = collect::assign_faces(fonts, collect::collect(input));
    let prepared = prepare::prepare(fonts, input, collection);
    let lines = linebreak::linebreak(&prepared);
    finalize::finalize(prepared, &lines)
}

/// The characters of a paragraph that their run's face has no glyph for, with
/// their byte offsets in the paragraph text. [`layout_par`] sets them in another
/// face when one has them, else as glyph 0 (.notdef).
pub fn uncovered_chars(fonts: &Fonts, input: &ParInput) -> Vec<(usize, char)> {
    let mut missing = Vec::new();
    let mut offset = 0;
    for run in &input.runs {
        let face = fonts.face(run.role);
        for (i, c) in run.text.char_indices() {
            if !c.is_whitespace() && !face.covers(c) {
                missing.push((offset + i, c));
            }
        }
        offset += run.text.len();
    }
    missing
}

mod adjust;
mod breaks;
mod collect;
mod finalize;
mod line;
mod linebreak;
mod prepare;
mod shaping;

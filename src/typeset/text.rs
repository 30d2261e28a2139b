//! Setting text: inline markup → styled runs → [`layout_par`] → line frames.

use super::inline::{Align, ParInput, Paragraph, StyledText, layout_par};
use super::style::{EM_BOX_ASCENT, TextStyle};
use crate::fonts::{Fonts, Role};
use crate::frame::{Frame, FrameItem, Glyph, Point, Size, TextRun};
use crate::model::Inline;
use std::sync::Arc;

/// Inline content as styled runs in the faces clreq §2.2 assigns: emphasis in
/// Kai, strong emphasis in Hei, the rest in `base`'s face. A hard line break
/// starts a new segment (each segment is laid out as its own paragraph).
pub(crate) fn styled_segments(inlines: &[Inline], base: &TextStyle) -> Vec<Vec<StyledText>> {
    fn push(segs: &mut [Vec<StyledText>], text: &str, role: Role, size: f32) {
        if text.is_empty() {
            return;
        }
        let seg = segs.last_mut().expect("always one segment");
        match seg.last_mut() {
            Some(last) if last.role == role && last.size_pt == size => last.text.push_str(text),
            _ => seg.push(StyledText {
                text: text.to_string(),
                role,
                size_pt: size,
            }),
        }
    }
    fn walk(v: &[Inline], role: Role, size: f32, segs: &mut Vec<Vec<StyledText>>) {
        for i in v {
            match i {
                Inline::Text(t) | Inline::Code(t) => push(segs, t, role, size),
                Inline::Emph(c) => walk(c, Role::Caption, size, segs),
                Inline::Strong(c) => walk(c, Role::Heading, size, segs),
                Inline::Link { content, .. } => walk(content, role, size, segs),
                Inline::LineBreak => segs.push(Vec::new()),
                // The note's mark, as printed with the note (①…).
                Inline::NoteRef(n) => push(segs, &crate::cjk::note_mark(n + 1), role, size),
            }
        }
    }
    let mut segs = vec![Vec::new()];
    walk(inlines, base.role, base.size, &mut segs);
    segs.retain(|s| !s.is_empty());
    segs
}

/// Plain text in one style as a single run.
pub(crate) fn plain(text: &str, style: &TextStyle) -> Vec<StyledText> {
    vec![StyledText {
        text: text.to_string(),
        role: style.role,
        size_pt: style.size,
    }]
}

/// Lay out `runs` at `width` and return one frame per line, each `style.pitch`
/// high with the em box centred in it (half the leading above, half below).
/// Single lines of `Align::Justify` text stay flush start; `center_single`
/// centres a paragraph that fits on one line (captions).
pub(crate) fn set_lines(
    fonts: &Fonts,
    runs: Vec<StyledText>,
    style: &TextStyle,
    width: f32,
    indent_em: f32,
    align: Align,
    center_single: bool,
) -> Vec<Frame> {
    if runs.iter().all(|r| r.text.is_empty()) {
        return Vec::new();
    }
    let par = layout_par(
        fonts,
        &ParInput {
            runs,
            width_pt: width,
            first_line_indent_em: indent_em,
            align,
        },
    );
    // Centred lines come back centred from the paragraph engine already.
    line_frames(&par, style, width, center_single && align != Align::Center)
}

/// Turn a laid-out paragraph into line frames.
fn line_frames(par: &Paragraph, style: &TextStyle, width: f32, center_single: bool) -> Vec<Frame> {
    let text: Arc<str> = Arc::from(par.text.as_str());
    let single = par.lines.len() == 1;
    par.lines
        .iter()
        .map(|line| {
            let size = if line.size_pt > 0.0 {
                line.size_pt
            } else {
                style.size
            };
            let pitch = style.pitch.max(size);
            let baseline = (pitch - size) / 2.0 + EM_BOX_ASCENT * size;
            let shift = if single && center_single {
                ((width - line.width_pt) / 2.0).max(0.0)
            } else {
                0.0
            };
            let mut frame = Frame::new(Size::new(width, pitch));
            for run in &line.runs {
                let glyphs = run
                    .glyphs
                    .iter()
                    .map(|g| Glyph {
                        id: g.id,
                        advance_em: g.advance_pt / run.size_pt,
                        offset_em: (g.offset_pt.0 / run.size_pt, g.offset_pt.1 / run.size_pt),
                        text_range: g.text_range.clone(),
                    })
                    .collect();
                frame.push(
                    Point::new(run.x_pt + shift, baseline),
                    FrameItem::Text(TextRun {
                        face: run.role,
                        size_pt: run.size_pt,
                        fill: style.fill,
                        text: text.clone(),
                        glyphs,
                    }),
                );
            }
            frame
        })
        .collect()
}

/// Stack line frames into one frame of their summed height.
pub(crate) fn stack(lines: Vec<Frame>, width: f32) -> Frame {
    let h: f32 = lines.iter().map(|f| f.size.h).sum();
    let mut out = Frame::new(Size::new(width, h));
    let mut y = 0.0;
    for l in lines {
        let lh = l.size.h;
        out.push_frame(Point::new(0.0, y), l, None);
        y += lh;
    }
    out
}

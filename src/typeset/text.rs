//! Setting text: inline markup → styled runs → [`layout_par`] → line frames.

use super::inline::{Align, ParInput, Paragraph, StyledText, layout_par};
use super::style::{EM_BOX_ASCENT, TextStyle};
use crate::fonts::{Fonts, Role};
use crate::frame::{Frame, FrameItem, Glyph, LinkArea, LinkTarget, Point, Size, TextRun};
use crate::model::Inline;
use std::sync::Arc;

/// Size of a note reference mark relative to the text it stands in: a
/// superscript, as Chinese books print ①② in the text.
pub(crate) const NOTE_REF_SCALE: f32 = 0.65;

/// How far a note reference mark of text size `size` is raised, in pt: the
/// top of its em box level with the top of the text's em box.
pub(crate) fn note_ref_rise(size: f32) -> f32 {
    EM_BOX_ASCENT * size * (1.0 - NOTE_REF_SCALE)
}

/// A note reference in one segment: which note, and the byte range of its
/// mark in the segment's text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NoteRefAt {
    /// Index into the notes.
    pub note: usize,
    /// Byte range of the mark in the segment text.
    pub range: std::ops::Range<usize>,
    /// The first of the tag ids reserved for the note's foot entry (0: none).
    pub first_id: u32,
}

/// Inline content as styled runs in the faces clreq §2.2 assigns: emphasis in
/// Kai, strong emphasis in Hei, the rest in `base`'s face. A hard line break
/// starts a new segment (each segment is laid out as its own paragraph).
pub(crate) fn styled_segments(inlines: &[Inline], base: &TextStyle) -> Vec<Vec<StyledText>> {
    noted_segments(inlines, base)
        .into_iter()
        .map(|(runs, _)| runs)
        .collect()
}

/// [`styled_segments`], with the note references of each segment. A note
/// reference is its mark (①…, numbered through the article) set as a
/// superscript right after the text it follows, as written.
pub(crate) fn noted_segments(
    inlines: &[Inline],
    base: &TextStyle,
) -> Vec<(Vec<StyledText>, Vec<NoteRefAt>)> {
    segments(inlines, base)
        .into_iter()
        .map(|s| (s.runs, s.notes))
        .collect()
}

/// A link in one segment: where it leads and the byte range of its text in
/// the segment's text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LinkAt {
    /// The address.
    pub url: Arc<str>,
    /// Byte range of the linked text in the segment text.
    pub range: std::ops::Range<usize>,
}

/// One segment of inline content (up to a hard line break): its styled runs,
/// note references and links.
#[derive(Debug, Clone, Default)]
pub(crate) struct Segment {
    pub runs: Vec<StyledText>,
    pub notes: Vec<NoteRefAt>,
    pub links: Vec<LinkAt>,
}

/// Inline content as [`Segment`]s: the faces of [`styled_segments`], the
/// note marks of [`noted_segments`] and the byte ranges of linked text.
pub(crate) fn segments(inlines: &[Inline], base: &TextStyle) -> Vec<Segment> {
    fn push(segs: &mut [Segment], text: &str, role: Role, size: f32, rise: f32) -> usize {
        let seg = segs.last_mut().expect("always one segment");
        let at = seg_len(seg);
        if text.is_empty() {
            return at;
        }
        match seg.runs.last_mut() {
            Some(last) if last.role == role && last.size_pt == size && last.rise_pt == rise => {
                last.text.push_str(text)
            }
            _ => seg.runs.push(StyledText {
                text: text.to_string(),
                role,
                size_pt: size,
                rise_pt: rise,
            }),
        }
        at
    }
    fn seg_len(seg: &Segment) -> usize {
        seg.runs.iter().map(|r| r.text.len()).sum()
    }
    fn walk(v: &[Inline], role: Role, size: f32, segs: &mut Vec<Segment>) {
        for i in v {
            match i {
                Inline::Text(t) | Inline::Code(t) => {
                    push(segs, t, role, size, 0.0);
                }
                Inline::Emph(c) => walk(c, Role::Caption, size, segs),
                Inline::Strong(c) => walk(c, Role::Heading, size, segs),
                Inline::Link { url, content } => {
                    let url: Arc<str> = Arc::from(url.as_str());
                    let first = segs.len() - 1;
                    let start = seg_len(&segs[first]);
                    walk(content, role, size, segs);
                    // A line break inside the link text: each segment's part.
                    let last = segs.len() - 1;
                    for (k, seg) in segs.iter_mut().enumerate().skip(first) {
                        let from = if k == first { start } else { 0 };
                        let to = seg_len(seg);
                        if to > from && k <= last {
                            seg.links.push(LinkAt {
                                url: url.clone(),
                                range: from..to,
                            });
                        }
                    }
                }
                Inline::LineBreak => segs.push(Segment::default()),
                Inline::NoteRef(n) => {
                    let mark = crate::cjk::note_mark(n + 1);
                    let small = size * NOTE_REF_SCALE;
                    let at = push(segs, &mark, role, small, note_ref_rise(size));
                    let seg = segs.last_mut().expect("always one segment");
                    seg.notes.push(NoteRefAt {
                        note: *n,
                        range: at..at + mark.len(),
                        first_id: 0,
                    });
                }
            }
        }
    }
    let mut segs = vec![Segment::default()];
    walk(inlines, base.role, base.size, &mut segs);
    segs.retain(|s| !s.runs.is_empty());
    segs
}

/// The active areas over the linked text of one line frame (made by
/// [`set_lines_ranged`] from a segment with `links`): one area per link per
/// line, from its first glyph's pen position to its last glyph's advance,
/// the line's full height.
pub(crate) fn link_areas(line: &Frame, links: &[LinkAt]) -> Vec<(Point, FrameItem)> {
    let mut out = Vec::new();
    for link in links {
        let mut span: Option<(f32, f32)> = None;
        for (pos, item) in &line.items {
            let FrameItem::Text(run) = item else {
                continue;
            };
            let mut x = pos.x;
            for g in &run.glyphs {
                let w = g.advance_em * run.size_pt;
                if g.text_range.start >= link.range.start && g.text_range.end <= link.range.end {
                    span = Some(match span {
                        Some((a, b)) => (a.min(x), b.max(x + w)),
                        None => (x, x + w),
                    });
                }
                x += w;
            }
        }
        if let Some((a, b)) = span {
            out.push((
                Point::new(a, 0.0),
                FrameItem::Link(LinkArea {
                    size: Size::new(b - a, line.size.h),
                    target: LinkTarget::Url(link.url.clone()),
                }),
            ));
        }
    }
    out
}

/// Plain text in one style as a single run.
pub(crate) fn plain(text: &str, style: &TextStyle) -> Vec<StyledText> {
    vec![StyledText {
        text: text.to_string(),
        role: style.role,
        size_pt: style.size,
        rise_pt: 0.0,
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
    set_lines_ranged(fonts, runs, style, width, indent_em, align, center_single)
        .into_iter()
        .map(|(f, _)| f)
        .collect()
}

/// [`set_lines`], with the byte range of the text each line shows.
pub(crate) fn set_lines_ranged(
    fonts: &Fonts,
    runs: Vec<StyledText>,
    style: &TextStyle,
    width: f32,
    indent_em: f32,
    align: Align,
    center_single: bool,
) -> Vec<(Frame, std::ops::Range<usize>)> {
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
    let frames = line_frames(&par, style, width, center_single && align != Align::Center);
    frames
        .into_iter()
        .zip(par.lines.iter().map(|l| l.text_range.clone()))
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::Color;

    fn body() -> TextStyle {
        TextStyle {
            role: Role::Body,
            size: 10.0,
            pitch: 17.5,
            fill: Color::Black,
        }
    }

    /// The text runs of a line frame, in order, with their pen x.
    fn runs(f: &Frame) -> Vec<(f32, &TextRun)> {
        f.items
            .iter()
            .filter_map(|(p, i)| match i {
                FrameItem::Text(t) => Some((p.x, t)),
                _ => None,
            })
            .collect()
    }

    /// Whether every glyph of a run is raised.
    fn raised(t: &TextRun) -> bool {
        t.glyphs.iter().all(|g| g.offset_em.1 > 0.0)
    }

    #[test]
    fn a_note_reference_is_a_small_raised_mark_after_its_anchor() {
        let fonts = Fonts::shared().expect("bundled fonts");
        let ts = body();
        let content = vec![
            Inline::Text("基层治理是国家治理的基石".into()),
            Inline::NoteRef(0),
            Inline::Text("。做好基层治理".into()),
        ];
        let segs = noted_segments(&content, &ts);
        let (runs_in, refs) = &segs[0];
        assert_eq!(refs.len(), 1);
        let lines = set_lines(fonts, runs_in.clone(), &ts, 400.0, 0.0, Align::Start, false);
        assert_eq!(lines.len(), 1);
        let line_runs = runs(&lines[0]);
        let mark: Vec<_> = line_runs.iter().filter(|(_, t)| raised(t)).collect();
        assert_eq!(mark.len(), 1, "one raised run: the mark");
        let (x, t) = mark[0];
        assert!(
            t.size_pt <= 0.7 * ts.size && t.size_pt >= 0.6 * ts.size,
            "mark size {} for body {}",
            t.size_pt,
            ts.size
        );
        // Raised so its em box's top is level with the text's.
        let rise = t.glyphs[0].offset_em.1 * t.size_pt;
        assert!((rise - note_ref_rise(ts.size)).abs() < 0.01 && rise > 0.25 * ts.size);
        // It is the mark's text, right after the anchor (reading order).
        assert_eq!(&t.text[t.glyphs[0].text_range.clone()], "①");
        assert_eq!(t.glyphs[0].text_range, refs[0].range);
        let anchor = line_runs
            .iter()
            .find(|(_, r)| !raised(r))
            .expect("the text run");
        let end_of_anchor = anchor.1.glyphs[..12]
            .iter()
            .map(|g| g.advance_em * anchor.1.size_pt)
            .sum::<f32>()
            + anchor.0;
        assert!(
            (x - end_of_anchor).abs() < 0.01,
            "the mark sits tight after 石"
        );
    }

    #[test]
    fn a_note_reference_never_starts_a_line() {
        let fonts = Fonts::shared().expect("bundled fonts");
        let ts = body();
        // At every measure from 4 to 14 em, the mark stays on the line of
        // the character before it.
        for chars in 4..=14 {
            let content = vec![
                Inline::Text("基层治理是国家治理的基石".into()),
                Inline::NoteRef(0),
                Inline::Text("做好基层治理关键在于把工作做细做实。".into()),
            ];
            let runs_in = styled_segments(&content, &ts).remove(0);
            let width = chars as f32 * ts.size;
            for line in set_lines(fonts, runs_in, &ts, width, 0.0, Align::Justify, false) {
                let r = runs(&line);
                assert!(
                    !r.first().is_some_and(|(_, t)| raised(t)),
                    "a line starts with the mark at {chars} em"
                );
            }
        }
    }
}

//! A generated cover for issues that name no cover photo: publication name,
//! title and subtitle set in the bundled faces on the accent colour.
//!
//! Glyph outlines come from skrifa; a small scanline filler (non-zero
//! winding, 4×4 samples per pixel) turns them into pixels. Only integer
//! sample counts and fixed-order float arithmetic are involved, so the PNG is
//! the same on every run.

use super::fonts::{draws, fallback_chain};
use super::images::{Encoded, encode_png};
use crate::fonts::{Fonts, Role};
use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::{GlyphId, MetadataProvider};

/// Cover size in px: 3:4, the shape of most reading screens; 1600 px tall
/// matches the photo size limit.
pub(crate) const COVER_W: u32 = 1200;
pub(crate) const COVER_H: u32 = 1600;
/// Samples per pixel side; 4 gives 17 grey levels, smooth enough at these sizes.
const SS: i32 = 4;
/// Segments a curve is cut into: at ≤ 130 px type, 8 keeps the flattening error under ¼ px.
const CURVE_STEPS: u16 = 8;
/// Where the coloured band ends (px from the top).
const BAND_H: u32 = 1060;
/// Paper colour of the lower part.
const PAPER: [u8; 3] = [0xF7, 0xF3, 0xEA];
/// Colour of text on the paper.
const INK: [u8; 3] = [0x33, 0x33, 0x33];
/// Line pitch of the title and the subtitle, in multiples of their size.
const TITLE_GAP: f32 = 1.3;
const SUBTITLE_GAP: f32 = 1.45;
/// Space between the title and the subtitle, px.
const SUBTITLE_SPACE: f32 = 70.0;
/// Left and right margin of text lines.
const MARGIN: f32 = 110.0;

/// An RGB picture.
struct Canvas {
    w: u32,
    h: u32,
    px: Vec<u8>,
}

impl Canvas {
    fn new(w: u32, h: u32, color: [u8; 3]) -> Canvas {
        let px = std::iter::repeat_n(color, (w * h) as usize)
            .flatten()
            .collect();
        Canvas { w, h, px }
    }

    fn fill_rect(&mut self, x0: u32, y0: u32, x1: u32, y1: u32, color: [u8; 3]) {
        for y in y0.min(self.h)..y1.min(self.h) {
            for x in x0.min(self.w)..x1.min(self.w) {
                let i = ((y * self.w + x) * 3) as usize;
                self.px[i..i + 3].copy_from_slice(&color);
            }
        }
    }

    /// Blend `color` in with the sample counts of `cov` (0..=SS²).
    fn paint(&mut self, cov: &[u8], color: [u8; 3]) {
        let full = (SS * SS) as u32;
        for (i, &c) in cov.iter().enumerate() {
            if c == 0 {
                continue;
            }
            let a = u32::from(c).min(full);
            for (dst, &fg) in self.px[i * 3..i * 3 + 3].iter_mut().zip(&color) {
                let v = (u32::from(*dst) * (full - a) + u32::from(fg) * a + full / 2) / full;
                *dst = v as u8;
            }
        }
    }
}

/// Collects a glyph outline as line segments in canvas pixels (y down).
struct Flattener {
    ox: f32,
    oy: f32,
    start: (f32, f32),
    cur: (f32, f32),
    edges: Vec<[f32; 4]>,
}

impl Flattener {
    fn map(&self, x: f32, y: f32) -> (f32, f32) {
        (self.ox + x, self.oy - y)
    }
    fn edge_to(&mut self, p: (f32, f32)) {
        if p.1 != self.cur.1 {
            self.edges.push([self.cur.0, self.cur.1, p.0, p.1]);
        }
        self.cur = p;
    }
}

impl OutlinePen for Flattener {
    fn move_to(&mut self, x: f32, y: f32) {
        self.close();
        self.start = self.map(x, y);
        self.cur = self.start;
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let p = self.map(x, y);
        self.edge_to(p);
    }
    fn quad_to(&mut self, cx: f32, cy: f32, x: f32, y: f32) {
        let (p0, c, p1) = (self.cur, self.map(cx, cy), self.map(x, y));
        for i in 1..=CURVE_STEPS {
            let t = f32::from(i) / f32::from(CURVE_STEPS);
            let u = 1.0 - t;
            let q = (
                u * u * p0.0 + 2.0 * u * t * c.0 + t * t * p1.0,
                u * u * p0.1 + 2.0 * u * t * c.1 + t * t * p1.1,
            );
            self.edge_to(q);
        }
    }
    fn curve_to(&mut self, c0x: f32, c0y: f32, c1x: f32, c1y: f32, x: f32, y: f32) {
        let (p0, c0, c1, p1) = (
            self.cur,
            self.map(c0x, c0y),
            self.map(c1x, c1y),
            self.map(x, y),
        );
        for i in 1..=CURVE_STEPS {
            let t = f32::from(i) / f32::from(CURVE_STEPS);
            let u = 1.0 - t;
            let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
            let q = (
                a * p0.0 + b * c0.0 + c * c1.0 + d * p1.0,
                a * p0.1 + b * c0.1 + c * c1.1 + d * p1.1,
            );
            self.edge_to(q);
        }
    }
    fn close(&mut self) {
        let s = self.start;
        self.edge_to(s);
    }
}

/// Add the non-zero-winding fill of `edges` to the sample counts `cov`.
fn fill_edges(edges: &[[f32; 4]], cov: &mut [u8], w: u32, h: u32) {
    if edges.is_empty() {
        return;
    }
    let ymin = edges
        .iter()
        .map(|e| e[1].min(e[3]))
        .fold(f32::INFINITY, f32::min)
        .max(0.0);
    let ymax = edges
        .iter()
        .map(|e| e[1].max(e[3]))
        .fold(f32::NEG_INFINITY, f32::max)
        .min(h as f32);
    let mut crossings: Vec<(f32, i32)> = Vec::new();
    let (sy0, sy1) = (
        (ymin * SS as f32).floor() as i32,
        (ymax * SS as f32).ceil() as i32,
    );
    for sy in sy0..sy1 {
        let y = (sy as f32 + 0.5) / SS as f32;
        crossings.clear();
        for e in edges {
            let (y0, y1) = (e[1], e[3]);
            if (y0 <= y && y < y1) || (y1 <= y && y < y0) {
                let x = e[0] + (y - y0) * (e[2] - e[0]) / (y1 - y0);
                crossings.push((x, if y1 > y0 { 1 } else { -1 }));
            }
        }
        crossings.sort_by(|a, b| a.0.total_cmp(&b.0));
        let row = (sy / SS) as usize * w as usize;
        let mut winding = 0;
        let mut span_start = 0.0;
        for &(x, dir) in &crossings {
            let was = winding;
            winding += dir;
            if was == 0 && winding != 0 {
                span_start = x;
            } else if was != 0 && winding == 0 {
                let a = ((span_start * SS as f32 - 0.5).ceil() as i32).max(0);
                let b = ((x * SS as f32 - 0.5).ceil() as i32).min(w as i32 * SS);
                for sx in a..b {
                    let c = &mut cov[row + (sx / SS) as usize];
                    *c = c.saturating_add(1);
                }
            }
        }
    }
}

/// One face at one size, with the faces that stand in for missing glyphs.
struct Pen<'f> {
    fonts: &'f Fonts,
    role: Role,
    size: f32,
}

impl Pen<'_> {
    /// The face role and glyph that draw `c`, following the stylesheet's fallback order.
    fn glyph(&self, c: char) -> Option<(Role, GlyphId)> {
        let role = *fallback_chain(self.role)
            .iter()
            .find(|&&r| draws(self.fonts.face(r), c))?;
        let gid = self.fonts.face(role).glyph(c)?;
        Some((role, GlyphId::new(gid)))
    }

    fn advance(&self, c: char) -> f32 {
        match self.glyph(c) {
            Some((r, gid)) => {
                let font = self.fonts.face(r).font_ref();
                font.glyph_metrics(Size::new(self.size), LocationRef::default())
                    .advance_width(gid)
                    .unwrap_or(self.size)
            }
            None if c == ' ' => self.size / 3.0,
            None => 0.0,
        }
    }

    fn width(&self, text: &str) -> f32 {
        text.chars().map(|c| self.advance(c)).sum()
    }

    /// Break `text` into lines no wider than `max` (closing punctuation may hang over).
    fn wrap(&self, text: &str, max: f32) -> Vec<String> {
        let mut lines = vec![String::new()];
        let mut width = 0.0;
        for c in text.chars() {
            let a = self.advance(c);
            let last = lines.last_mut().expect("never empty");
            if width + a > max && !last.is_empty() && !"，。、；：？！）》”’".contains(c)
            {
                lines.push(String::new());
                width = 0.0;
            }
            lines.last_mut().expect("never empty").push(c);
            width += a;
        }
        lines
    }

    /// Draw one line centred on the canvas with its baseline at `baseline`.
    fn draw_centred(&self, canvas: &mut Canvas, text: &str, baseline: f32, color: [u8; 3]) {
        let mut x = (canvas.w as f32 - self.width(text)) / 2.0;
        let mut cov = vec![0u8; (canvas.w * canvas.h) as usize];
        for c in text.chars() {
            if let Some((r, gid)) = self.glyph(c) {
                let font = self.fonts.face(r).font_ref();
                if let Some(outline) = font.outline_glyphs().get(gid) {
                    let mut pen = Flattener {
                        ox: x,
                        oy: baseline,
                        start: (0.0, 0.0),
                        cur: (0.0, 0.0),
                        edges: Vec::new(),
                    };
                    let settings =
                        DrawSettings::unhinted(Size::new(self.size), LocationRef::default());
                    if outline.draw(settings, &mut pen).is_ok() {
                        pen.close();
                        fill_edges(&pen.edges, &mut cov, canvas.w, canvas.h);
                    }
                }
            }
            x += self.advance(c);
        }
        canvas.paint(&cov, color);
    }
}

/// Draw a block of wrapped lines from `top` down; returns where it ends.
fn draw_block(
    canvas: &mut Canvas,
    pen: &Pen<'_>,
    text: &str,
    top: f32,
    line_gap: f32,
    color: [u8; 3],
) -> f32 {
    let mut baseline = top + pen.size * 0.88;
    let mut end = top;
    for line in pen.wrap(text, canvas.w as f32 - 2.0 * MARGIN) {
        pen.draw_centred(canvas, &line, baseline, color);
        end = baseline + pen.size * 0.12;
        baseline += pen.size * line_gap;
    }
    end
}

/// Most article titles a book's generated cover lists.
const COVER_TITLES: usize = 8;

/// Render the generated cover as PNG: the publication, the title, issue and
/// date, then one article's byline, or a book's article titles (`contents`,
/// as many of the first eight as fit).
pub(crate) fn generate_for(
    meta: &crate::model::Meta,
    accent: [u8; 3],
    contents: &[String],
    fonts: &Fonts,
) -> Result<Encoded, String> {
    let white = [0xFF, 0xFF, 0xFF];
    let mut canvas = Canvas::new(COVER_W, COVER_H, PAPER);
    canvas.fill_rect(0, 0, COVER_W, BAND_H, accent);

    let masthead = Pen {
        fonts,
        role: Role::Heading,
        size: 76.0,
    };
    let end = draw_block(&mut canvas, &masthead, &meta.publication, 130.0, 1.3, white);
    canvas.fill_rect(
        MARGIN as u32,
        end as u32 + 40,
        COVER_W - MARGIN as u32,
        end as u32 + 44,
        white,
    );

    // Title and subtitle, centred as one block in the rest of the band.
    let title = Pen {
        fonts,
        role: Role::Heading,
        size: 124.0,
    };
    let sub = Pen {
        fonts,
        role: Role::Caption,
        size: 54.0,
    };
    let width = canvas.w as f32 - 2.0 * MARGIN;
    let mut height = title.wrap(&meta.title, width).len() as f32 * title.size * TITLE_GAP;
    if let Some(s) = &meta.subtitle {
        height += SUBTITLE_SPACE + sub.wrap(s, width).len() as f32 * sub.size * SUBTITLE_GAP;
    }
    let rule = end + 44.0;
    let top = (rule + (BAND_H as f32 - rule - height) / 2.0).max(rule + 40.0);
    let y = draw_block(&mut canvas, &title, &meta.title, top, TITLE_GAP, white);
    if let Some(s) = &meta.subtitle {
        draw_block(
            &mut canvas,
            &sub,
            s,
            y + SUBTITLE_SPACE,
            SUBTITLE_GAP,
            white,
        );
    }

    let small = Pen {
        fonts,
        role: Role::Caption,
        size: 50.0,
    };
    let mut line = String::new();
    if let Some(n) = meta.issue_number {
        line.push_str(&format!("第{n}期"));
    }
    if let Some(d) = meta.date.as_deref().and_then(super::xhtml::chinese_date) {
        if !line.is_empty() {
            line.push('　');
        }
        line.push_str(&d);
    }
    let next = if line.is_empty() {
        BAND_H as f32 + 150.0
    } else {
        draw_block(
            &mut canvas,
            &small,
            &line,
            BAND_H as f32 + 130.0,
            1.4,
            accent,
        ) + 60.0
    };
    if !contents.is_empty() {
        let pen = Pen {
            fonts,
            role: Role::Heading,
            size: 36.0,
        };
        let mut y = next;
        let room = |y: f32| y + 2.0 * pen.size * 1.4 < COVER_H as f32 - 40.0;
        for (k, t) in contents.iter().take(COVER_TITLES).enumerate() {
            if !room(y) {
                break;
            }
            let last = k + 1 == contents.len();
            // One line per title: a long one is cut with an ellipsis.
            let line = pen.wrap(t, canvas.w as f32 - 2.0 * MARGIN);
            let text = match line.as_slice() {
                [one] => one.clone(),
                [first, ..] => format!("{first}…"),
                [] => continue,
            };
            y = draw_block(&mut canvas, &pen, &text, y, 1.4, INK) + 12.0;
            if !last && (!room(y) || k + 1 == COVER_TITLES) {
                draw_block(&mut canvas, &pen, "……", y, 1.4, INK);
                break;
            }
        }
    }
    let byline = meta.byline_text();
    if contents.is_empty() && !byline.is_empty() {
        let pen = Pen {
            fonts,
            role: Role::Caption,
            size: 42.0,
        };
        draw_block(&mut canvas, &pen, &byline, next, 1.5, INK);
    }
    let img = image::RgbImage::from_raw(canvas.w, canvas.h, canvas.px)
        .ok_or("cover buffer has the wrong size")?;
    encode_png(&image::DynamicImage::ImageRgb8(img))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filler_covers_a_square_exactly() {
        // A 2×2 px square from (1,1) to (3,3), drawn clockwise in y-down space.
        let edges = [
            [1.0, 1.0, 3.0, 1.0],
            [3.0, 1.0, 3.0, 3.0],
            [3.0, 3.0, 1.0, 3.0],
            [1.0, 3.0, 1.0, 1.0],
        ];
        let mut cov = vec![0u8; 16];
        fill_edges(&edges, &mut cov, 4, 4);
        let full = (SS * SS) as u8;
        assert_eq!(
            cov,
            [0, 0, 0, 0, 0, full, full, 0, 0, full, full, 0, 0, 0, 0, 0]
        );
    }

    #[test]
    fn filler_half_covers_a_pixel_cut_in_half() {
        let edges = [
            [0.0, 0.0, 0.5, 0.0],
            [0.5, 0.0, 0.5, 1.0],
            [0.5, 1.0, 0.0, 1.0],
            [0.0, 1.0, 0.0, 0.0],
        ];
        let mut cov = vec![0u8; 1];
        fill_edges(&edges, &mut cov, 1, 1);
        assert_eq!(cov[0] as i32, SS * SS / 2);
    }
}

//! Shaping: text runs → clusters of positioned glyphs, with harfrust.
//!
//! Each face gets a [`FaceShaper`] once per process: the harfrust font, a
//! shape plan per script, and the half-width (`halt`) forms of the full-width
//! marks clreq lets us trim. Shaping itself applies no clreq rule; `adjust`
//! does that with the half-width forms found here.

use super::collect::Collection;
use crate::cjk::{self, InkSide, PunctStyle};
use crate::fonts::{Face, Fonts};
use harfrust::{
    Buffer, Direction, Feature, Language, Script, ShapeOptions, ShapePlan, ShaperFont, Tag,
};
use read_fonts::TableProvider;
use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock};

/// Advances at least this share of the em count as full-width (a real full-width
/// mark is 1 em; proportional quotes in a Latin context are about ⅓ em).
const FULL_WIDTH_MIN_EM: f32 = 0.9;

/// A glyph as shaped, in pt.
#[derive(Debug, Clone)]
pub(super) struct ShapedGlyph {
    /// Glyph id (0 when the face lacks the character).
    pub id: u32,
    /// Advance in pt.
    pub advance: f64,
    /// Offset in pt (x right, y up).
    pub offset: (f64, f64),
}

/// The half-width form of a full-width mark, in pt: what `halt` gives, or a
/// synthesised equivalent for faces without `halt`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct HalfForm {
    /// Advance of the half-width form.
    pub advance: f64,
    /// Horizontal offset of the half-width form.
    pub x_offset: f64,
    /// Which half holds the ink.
    pub ink: InkSide,
}

/// One shaping cluster: the smallest unit a line can break around.
#[derive(Debug, Clone)]
pub(super) struct Cluster {
    /// Its byte range in the paragraph text.
    pub range: Range<usize>,
    /// Index of its span in the [`Collection`].
    pub span: usize,
    /// First and last character of the cluster.
    pub first: char,
    /// Last character of the cluster.
    pub last: char,
    /// Its glyphs, in visual order (at least one).
    pub glyphs: Vec<ShapedGlyph>,
    /// For a single full-width mark with a blank half: its half-width form.
    pub half: Option<HalfForm>,
    /// Whether it was shaped as Western text (a Latin run).
    pub latin: bool,
}

/// Shape every span of a collection into clusters, in text order.
pub(super) fn shape(fonts: &Fonts, collection: &Collection) -> Vec<Cluster> {
    let mut clusters = Vec::with_capacity(collection.text.len() / 2);
    let mut buffer = Buffer::new();
    for (span_index, span) in collection.spans.iter().enumerate() {
        let shaper = FaceShaper::get(fonts.face(span.role));
        let scale = f64::from(span.size_pt) / f64::from(shaper.units_per_em);
        for (script, sub) in itemize(&collection.text, span.range.clone()) {
            buffer = shaper.shape_into(buffer, &collection.text[sub.clone()], script);
            let shaped = ShapedRun {
                shaper: &shaper,
                span: span_index,
                scale,
                run: script,
                range: sub,
            };
            push_clusters(&mut clusters, &buffer, &collection.text, &shaped);
            buffer.clear();
        }
    }
    clusters
}

/// The two scripts we shape with. Han text and CJK punctuation use `Hani` (so the
/// face's zh-Hans forms apply); Western words use `Latn` (so Latin kerning applies).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Run {
    Han,
    Latin,
}

/// Split a byte range into maximal Han and Latin script runs. Spaces and other
/// neutral characters stay in the run they follow.
fn itemize(text: &str, range: Range<usize>) -> Vec<(Run, Range<usize>)> {
    let mut runs: Vec<(Run, Range<usize>)> = Vec::new();
    for (i, c) in text[range.clone()].char_indices() {
        let at = range.start + i;
        let kind = if c == ' ' || c.is_control() {
            None
        } else if cjk::is_western(c) || is_apostrophe(text, at, c) {
            Some(Run::Latin)
        } else {
            Some(Run::Han)
        };
        match (runs.last_mut(), kind) {
            (Some(last), None) => last.1.end = at + c.len_utf8(),
            (Some(last), Some(k)) if last.0 == k => last.1.end = at + c.len_utf8(),
            (_, k) => runs.push((k.unwrap_or(Run::Latin), at..at + c.len_utf8())),
        }
    }
    runs
}

/// Whether `c` at byte `at` is a quotation mark used as an apostrophe: between two
/// Western letters or digits (`don’t`, `’90s` is left to the quote rules).
fn is_apostrophe(text: &str, at: usize, c: char) -> bool {
    let prev = text[..at].chars().next_back();
    let next = text[at + c.len_utf8()..].chars().next();
    matches!(c, '’' | '\'' | 'ʼ')
        && prev.is_some_and(cjk::is_western_alnum)
        && next.is_some_and(cjk::is_western_alnum)
}

/// What one shaped buffer holds.
struct ShapedRun<'a> {
    /// The face's shaper.
    shaper: &'a FaceShaper,
    /// Index of the span in the collection.
    span: usize,
    /// pt per font unit.
    scale: f64,
    /// The script it was shaped as.
    run: Run,
    /// Its byte range in the paragraph text.
    range: Range<usize>,
}

/// Group shaped glyphs into clusters (harfrust cluster values are byte offsets
/// into the shaped slice) and convert them to pt.
fn push_clusters(out: &mut Vec<Cluster>, buffer: &Buffer, text: &str, shaped: &ShapedRun) {
    let ShapedRun {
        shaper,
        span,
        scale,
        run,
        range: ref sub,
    } = *shaped;
    let infos = buffer.glyph_infos();
    let positions = buffer.glyph_positions();
    let first_new = out.len();
    for (info, pos) in infos.iter().zip(positions) {
        let start = sub.start + info.cluster as usize;
        let glyph = ShapedGlyph {
            id: info.glyph_id,
            advance: f64::from(pos.x_advance) * scale,
            offset: (
                f64::from(pos.x_offset) * scale,
                f64::from(pos.y_offset) * scale,
            ),
        };
        // Blanks and controls (a line break) draw nothing, glyph 0 or not.
        let drawn = text[start..]
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace() && !c.is_control());
        let glyph = if drawn {
            shaper.stand_in_for_missing(glyph, scale)
        } else {
            glyph
        };
        let in_run = out.len() > first_new;
        match out.last_mut() {
            // Same cluster, or a cluster value that went backwards (never for the
            // left-to-right scripts we shape, but merging keeps the ranges in order).
            Some(last) if in_run && start <= last.range.start => last.glyphs.push(glyph),
            _ => out.push(Cluster {
                range: start..start,
                span,
                first: ' ',
                last: ' ',
                glyphs: vec![glyph],
                half: None,
                latin: run == Run::Latin,
            }),
        }
    }
    // Each cluster's range runs to the next cluster's start.
    let n = out.len();
    for k in first_new..n {
        let end = if k + 1 < n {
            out[k + 1].range.start
        } else {
            sub.end
        };
        let cluster = &mut out[k];
        cluster.range.end = end;
        let slice = &text[cluster.range.clone()];
        cluster.first = slice.chars().next().unwrap_or(' ');
        cluster.last = slice.chars().next_back().unwrap_or(' ');
        // Full-width treatment is for marks in Chinese text, not apostrophes in Western words.
        if run == Run::Han && cluster.glyphs.len() == 1 && cluster.first == cluster.last {
            let em = f64::from(shaper.units_per_em) * scale;
            widen_proportional_quote(cluster.first, &mut cluster.glyphs[0], em);
            cluster.half = shaper.half_form(cluster.first, &cluster.glyphs[0], scale);
        }
    }
}

/// G2 (clreq §3.1.2) and M3 (§3.2.1): Chinese text uses full-width quotation marks.
/// Some faces (the Kai face) map `“”‘’` to narrow Western glyphs; set those in a
/// full em box, ink against the quoted text, so they compress and trim like any
/// other full-width mark.
fn widen_proportional_quote(c: char, glyph: &mut ShapedGlyph, em: f64) {
    let opening = matches!(c, '“' | '‘');
    if !(opening || matches!(c, '”' | '’')) || glyph.advance >= f64::from(FULL_WIDTH_MIN_EM) * em
    {
        return;
    }
    if opening {
        glyph.offset.0 += em - glyph.advance;
    }
    glyph.advance = em;
}

/// Western runs use proportional widths (`pwid`) for the marks CJK faces set
/// full-width by default, e.g. the apostrophe in `don’t` (clreq §3.2.1, M3).
const LATIN_FEATURES: [Feature; 1] = [Feature {
    tag: Tag::new(b"pwid"),
    value: 1,
    start: 0,
    end: u32::MAX,
}];

/// Per-face shaping data, built once per process and shared.
pub(super) struct FaceShaper {
    data: Arc<crate::fonts::FontBytes>,
    index: u32,
    font: harfrust::Font,
    units_per_em: u16,
    han_plan: ShapePlan,
    latin_plan: ShapePlan,
    /// Half-width forms in font units, by character: (char, glyph id, advance, x offset).
    halves: Vec<(char, u32, i32, i32)>,
    /// The face's [`MISSING_MARK`] glyph and its advance in font units.
    missing: Option<(u32, u16)>,
}

/// What prints for a character no face has: the geta mark 〓, which Chinese
/// typesetting has long used for a missing character, rather than the face's
/// .notdef glyph. Besides being the mark proofreaders know, it is a real glyph,
/// so the PDF writer can give it the missing character's text (PDF viewers
/// give glyph 0 no text, and copying the page would lose the character).
pub(super) const MISSING_MARK: char = '〓';

/// The faces shaped so far in this process. A handful at most, so a list is fine.
fn cache() -> &'static Mutex<Vec<Arc<FaceShaper>>> {
    static CACHE: OnceLock<Mutex<Vec<Arc<FaceShaper>>>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(Vec::new()))
}

fn tag(bytes: &[u8; 4]) -> Tag {
    Tag::new(bytes)
}

impl FaceShaper {
    /// The shaper for `face`, building it on first use. Faces are matched by the
    /// identity of their data (the cache keeps the data alive, so an address is
    /// never reused for another face).
    pub(super) fn get(face: &Face) -> Arc<FaceShaper> {
        let mut cache = cache().lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = cache
            .iter()
            .find(|s| Arc::ptr_eq(&s.data, &face.data) && s.index == face.index)
        {
            return found.clone();
        }
        let built = Arc::new(FaceShaper::build(face));
        cache.push(built.clone());
        built
    }

    fn build(face: &Face) -> FaceShaper {
        let font = harfrust::Font::new(read_fonts::model::Blob::from(face.data.blob()), face.index)
            .expect("face was parsed when loaded");
        let lang = Language::new("zh-Hans");
        let han_plan = ShapePlan::new(
            &font,
            Direction::LeftToRight,
            Some(Script::HAN),
            lang.as_ref(),
            &[],
        );
        let latin_plan = ShapePlan::new(
            &font,
            Direction::LeftToRight,
            Some(Script::LATIN),
            lang.as_ref(),
            &LATIN_FEATURES,
        );
        let halt = [Feature::new(tag(b"halt"), 1, ..)];
        let halt_plan = ShapePlan::new(
            &font,
            Direction::LeftToRight,
            Some(Script::HAN),
            lang.as_ref(),
            &halt,
        );
        let mut shaper = FaceShaper {
            data: face.data.clone(),
            index: face.index,
            font,
            units_per_em: face.units_per_em,
            han_plan,
            latin_plan,
            halves: Vec::new(),
            missing: face.glyph(MISSING_MARK).and_then(|id| {
                let hmtx = face.font_ref().hmtx().ok()?;
                Some((id, hmtx.advance(read_fonts::types::GlyphId::new(id))?))
            }),
        };
        shaper.halves = shaper.find_halt_forms(&halt_plan, &halt);
        shaper
    }

    /// Shape every adjustable mark alone with and without `halt`; keep the ones
    /// where `halt` changed the advance.
    fn find_halt_forms(
        &self,
        halt_plan: &ShapePlan,
        halt: &[Feature],
    ) -> Vec<(char, u32, i32, i32)> {
        let font = ShaperFont::new(&self.font);
        let mut found = Vec::new();
        let marks = "“‘（《〈「『【〖〔［｛”’）》〉」』】〗〕］｝、，。．；：？！";
        for c in marks.chars() {
            let one = |c: char| {
                let mut buffer = Buffer::new();
                buffer.push_str(c.encode_utf8(&mut [0; 4]));
                buffer.set_direction(Direction::LeftToRight);
                buffer.set_script(Some(Script::HAN));
                buffer.set_language(Language::new("zh-Hans"));
                buffer
            };
            let (mut plain, mut halted) = (one(c), one(c));
            let ok = harfrust::shape(
                &font,
                &mut plain,
                ShapeOptions::new().plan(Some(&self.han_plan)),
            )
            .is_ok()
                && harfrust::shape(
                    &font,
                    &mut halted,
                    ShapeOptions::new().plan(Some(halt_plan)).features(halt),
                )
                .is_ok();
            if !ok || plain.len() != 1 || halted.len() != 1 {
                continue;
            }
            let (full, half) = (plain.glyph_positions()[0], halted.glyph_positions()[0]);
            if half.x_advance < full.x_advance && half.x_advance > 0 {
                found.push((
                    c,
                    plain.glyph_infos()[0].glyph_id,
                    half.x_advance,
                    half.x_offset,
                ));
            }
        }
        found
    }

    /// `glyph` itself, or the [`MISSING_MARK`] when it is glyph 0 (.notdef)
    /// and the face has the mark.
    fn stand_in_for_missing(&self, glyph: ShapedGlyph, scale: f64) -> ShapedGlyph {
        match self.missing {
            Some((id, advance)) if glyph.id == 0 => ShapedGlyph {
                id,
                advance: f64::from(advance) * scale,
                offset: glyph.offset,
            },
            _ => glyph,
        }
    }

    /// Shape `text` as one run; returns the buffer holding the glyphs.
    fn shape_into(&self, mut buffer: Buffer, text: &str, run: Run) -> Buffer {
        buffer.push_str(text);
        buffer.set_direction(Direction::LeftToRight);
        let (script, plan) = match run {
            Run::Han => (Script::HAN, &self.han_plan),
            Run::Latin => (Script::LATIN, &self.latin_plan),
        };
        let features: &[Feature] = if run == Run::Latin {
            &LATIN_FEATURES
        } else {
            &[]
        };
        buffer.set_script(Some(script));
        buffer.set_language(Language::new("zh-Hans"));
        let font = ShaperFont::new(&self.font);
        let options = ShapeOptions::new().plan(Some(plan)).features(features);
        if harfrust::shape(&font, &mut buffer, options).is_err() {
            // A plan/buffer mismatch cannot happen with the properties set above;
            // fall back to a plan built for the buffer rather than losing the text.
            let mut retry = Buffer::new();
            retry.push_str(text);
            retry.guess_segment_properties();
            if harfrust::shape(&font, &mut retry, ShapeOptions::new()).is_ok() {
                return retry;
            }
        }
        buffer
    }

    /// The half-width form of a full-width mark `c` shaped as `glyph`: the face's
    /// `halt` form when it has one for this glyph, otherwise half the advance with
    /// the ink kept in place (clreq §3.1.6: only the blank half goes).
    fn half_form(&self, c: char, glyph: &ShapedGlyph, scale: f64) -> Option<HalfForm> {
        let ink = cjk::ink_side(c, PunctStyle::Gb)?;
        let em = f64::from(self.units_per_em) * scale;
        if glyph.advance < f64::from(FULL_WIDTH_MIN_EM) * em {
            return None;
        }
        if let Some(&(_, id, adv, xoff)) = self.halves.iter().find(|h| h.0 == c)
            && id == glyph.id
        {
            return Some(HalfForm {
                advance: f64::from(adv) * scale,
                x_offset: glyph.offset.0 + f64::from(xoff) * scale,
                ink,
            });
        }
        let advance = glyph.advance / 2.0;
        let x_offset = match ink {
            InkSide::Left => glyph.offset.0,
            InkSide::Right => glyph.offset.0 - advance,
        };
        Some(HalfForm {
            advance,
            x_offset,
            ink,
        })
    }

    /// Whether the face had a `halt` form for `c`.
    #[cfg(test)]
    pub(super) fn has_halt(&self, c: char) -> bool {
        self.halves.iter().any(|h| h.0 == c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::Role;

    #[test]
    fn noto_has_halt_and_kai_does_not() {
        let fonts = Fonts::shared().expect("bundled fonts");
        let song = FaceShaper::get(fonts.face(Role::Body));
        assert!(
            song.has_halt('。') && song.has_halt('“'),
            "Noto Serif CJK has halt"
        );
        let kai = FaceShaper::get(fonts.face(Role::Caption));
        assert!(!kai.has_halt('。'), "the Kai subset has no halt");
    }

    #[test]
    fn itemize_splits_han_and_latin() {
        let text = "达79.9% 的党员";
        let runs = itemize(text, 0..text.len());
        let kinds: Vec<_> = runs.iter().map(|r| (r.0, &text[r.1.clone()])).collect();
        assert_eq!(
            kinds,
            vec![
                (Run::Han, "达"),
                (Run::Latin, "79.9% "),
                (Run::Han, "的党员")
            ]
        );
    }
}

//! Embedded fonts: each bundled face the stylesheet uses, subset to exactly
//! the characters the book sets in it (plus a few basics), with a Unicode cmap
//! so reading systems can use it.
//!
//! The Noto CJK faces are CID-keyed CFF. allsorts subsets the CFF table
//! itself and, when the subset holds more than 255 glyphs, keeps it CID-keyed
//! (`convert_cff_to_cid_if_more_than_255_glyphs`); a small subset becomes a
//! plain CFF font. Either way the result is an OpenType (`OTTO`) font with a
//! fresh cmap, which [`check_subset`] parses again before it goes in the book.

use super::xml::Usage;
use crate::diag::{Diagnostic, Span};
use crate::fonts::{Face, Fonts, Role};
use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile, subset};
use read_fonts::TableProvider;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Characters every embedded face keeps even when this book does not use
/// them: digits and the common Chinese punctuation, so that a reader's own
/// note or a search field in that face does not fall back mid-word.
const BASICS: &str = "0123456789，。、；：？！“”‘’（）《》—…·";

/// The faces tried for a character set in `role`, in the order the
/// stylesheet's font stacks list them. Kai and Hei fall back to the Song face
/// (it has the widest coverage); the Song face has no bundled fallback.
pub(crate) fn fallback_chain(role: Role) -> &'static [Role] {
    match role {
        // The EPUB never embeds system fallback faces.
        Role::Body | Role::Fallback(_) => &[Role::Body],
        Role::Heading => &[Role::Heading, Role::Body],
        Role::Caption => &[Role::Caption, Role::Body],
    }
}

/// Quotation marks that Chinese text sets one em wide (clreq §3.1.1; GB/T 15834).
const FULL_WIDTH_QUOTES: &str = "“”‘’";

/// Below this advance (in em) a quotation mark is the proportional Latin
/// form (LXGW WenKai's is 0.35 em), not the Chinese one.
const FULL_WIDTH_MIN_EM: f32 = 0.9;

/// Whether `face` should draw `c` in Chinese text: it has the glyph, and for
/// quotation marks the glyph is the full-width Chinese form. A face whose
/// quotes are proportional leaves them to the next face of its stack.
pub(crate) fn draws(face: &Face, c: char) -> bool {
    if !face.covers(c) {
        return false;
    }
    if !FULL_WIDTH_QUOTES.contains(c) {
        return true;
    }
    let Some(gid) = face.glyph(c) else {
        return false;
    };
    let font = face.font_ref();
    let advance = font
        .hmtx()
        .ok()
        .and_then(|h| h.advance(read_fonts::types::GlyphId::new(gid)));
    advance.is_some_and(|a| f32::from(a) >= FULL_WIDTH_MIN_EM * f32::from(face.units_per_em))
}

/// A subset font ready for the container.
#[derive(Debug, Clone)]
pub(crate) struct EmbeddedFont {
    /// Which bundled face it comes from.
    pub role: Role,
    /// CSS family name.
    pub family: &'static str,
    /// Manifest id.
    pub id: String,
    /// Path relative to the package document.
    pub href: String,
    /// `font/otf` (CFF outlines) or `font/ttf` (TrueType outlines).
    pub media_type: &'static str,
    /// The subset font.
    pub data: Vec<u8>,
}

/// Assign every used character to the face that will draw it; warn about
/// characters no bundled face has (they stay in the text, for the reading
/// system's own fallback font).
pub(crate) fn assign_chars(
    fonts: &Fonts,
    usage: &Usage,
    article: &Path,
) -> (BTreeMap<Role, BTreeSet<char>>, Vec<Diagnostic>) {
    let mut per_face: BTreeMap<Role, BTreeSet<char>> = BTreeMap::new();
    let mut missing: BTreeSet<char> = BTreeSet::new();
    for (&role, chars) in &usage.chars {
        for &c in chars {
            match fallback_chain(role)
                .iter()
                .find(|r| draws(fonts.face(**r), c))
            {
                Some(&face) => {
                    per_face.entry(face).or_default().insert(c);
                }
                None => {
                    missing.insert(c);
                }
            }
        }
    }
    for (&role, set) in per_face.iter_mut() {
        let face = fonts.face(role);
        set.extend(BASICS.chars().filter(|&c| draws(face, c)));
    }
    let warnings = missing
        .into_iter()
        .map(|c| {
            let d = Diagnostic::warning(format!(
                "character ‘{c}’ (U+{:04X}) is in none of the bundled fonts (the EPUB leaves it to the reading system's font)",
                c as u32
            ))
            .hint("check that the character is intended; a rare character may need an image or a font that covers it");
            match usage.first_use.get(&c).cloned().flatten() {
                Some(range) => d.at(Span::new(article, range)),
                None => d.in_file(article),
            }
        })
        .collect();
    (per_face, warnings)
}

/// Subset one face to `chars`.
pub(crate) fn subset_face(face: &Face, chars: &BTreeSet<char>) -> Result<EmbeddedFont, Diagnostic> {
    let fail = |what: String| {
        Diagnostic::error(format!("failed to subset font {} ({what})", face.file_name))
            .hint("regenerate the bundled faces with `sh fonts/prepare.sh`")
    };
    let mut glyphs: Vec<u16> = vec![0];
    for &c in chars {
        if let Some(g) = face.glyph(c) {
            glyphs.push(u16::try_from(g).map_err(|_| fail(format!("glyph id {g} out of range")))?);
        }
    }
    glyphs.sort_unstable();
    glyphs.dedup();
    let font_data = ReadScope::new(&face.data)
        .read::<FontData<'_>>()
        .map_err(|e| fail(e.to_string()))?;
    let provider = font_data
        .table_provider(face.index as usize)
        .map_err(|e| fail(e.to_string()))?;
    let data = subset(
        &provider,
        &glyphs,
        &SubsetProfile::Minimal,
        CmapTarget::Unicode,
    )
    .map_err(|e| fail(format!("{e:?}")))?;
    check_subset(&data, chars).map_err(fail)?;
    let (media_type, ext) = if data.starts_with(b"OTTO") {
        ("font/otf", "otf")
    } else {
        ("font/ttf", "ttf")
    };
    let stem = match face.role {
        Role::Body => "song",
        Role::Heading => "hei",
        Role::Caption => "kai",
        Role::Fallback(_) => "fallback",
    };
    Ok(EmbeddedFont {
        role: face.role,
        family: face.family,
        id: format!("font-{stem}"),
        href: format!("fonts/{stem}.{ext}"),
        media_type,
        data,
    })
}

/// Parse a subset again and check that its cmap maps every character in `chars`.
pub(crate) fn check_subset(data: &[u8], chars: &BTreeSet<char>) -> Result<(), String> {
    let font = read_fonts::FontRef::new(data).map_err(|e| format!("subset does not parse: {e}"))?;
    let cmap = font
        .cmap()
        .map_err(|e| format!("subset has no cmap: {e}"))?;
    let num_glyphs = font
        .maxp()
        .map_err(|e| format!("subset has no maxp: {e}"))?
        .num_glyphs();
    for &c in chars {
        match cmap.map_codepoint(c) {
            Some(g) if g.to_u32() != 0 && g.to_u32() < u32::from(num_glyphs) => {}
            _ => return Err(format!("subset lacks U+{:04X}", c as u32)),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> &'static Fonts {
        Fonts::shared().expect("bundled fonts load")
    }

    #[test]
    fn subsets_of_every_bundled_face_cover_the_used_chars() {
        let chars: BTreeSet<char> = "党旗高扬分外红，2023年“共同缔造”79.9%ABCxyz"
            .chars()
            .collect();
        for role in Role::ALL {
            let face = fonts().face(role);
            let font = subset_face(face, &chars).expect("subset");
            check_subset(&font.data, &chars).expect("covers");
            assert!(
                font.data.len() < 60_000,
                "{} subset is {} bytes",
                face.file_name,
                font.data.len()
            );
            // A character that was not asked for is not in the subset.
            let other: BTreeSet<char> = ['鬱'].into();
            assert!(
                check_subset(&font.data, &other).is_err(),
                "{} kept an unused glyph",
                face.file_name
            );
        }
    }

    #[test]
    fn proportional_quotes_go_to_the_song_face() {
        let mut usage = Usage::default();
        usage.record(Role::Caption, "“共同缔造”", None);
        let (per_face, _) = assign_chars(fonts(), &usage, Path::new("article.md"));
        // LXGW WenKai's quotes are 0.35 em wide: Chinese text needs the full-width ones.
        assert!(!per_face[&Role::Caption].contains(&'“'));
        assert!(per_face[&Role::Body].contains(&'“'));
        assert!(per_face[&Role::Caption].contains(&'共'));
    }

    #[test]
    fn large_cff_subset_stays_valid() {
        // More than 255 glyphs: allsorts keeps the CFF CID-keyed.
        let chars: BTreeSet<char> = (0x4E00u32..0x4E00 + 400)
            .filter_map(char::from_u32)
            .collect();
        let face = fonts().face(Role::Body);
        let font = subset_face(face, &chars).expect("subset");
        assert_eq!(font.media_type, "font/otf");
        check_subset(&font.data, &chars).expect("covers");
    }

    #[test]
    fn uncovered_chars_are_warned_with_position_and_kept_out_of_subsets() {
        let mut usage = Usage::default();
        usage.record(Role::Caption, "图😀", Some(&(10..20)));
        let (per_face, warnings) = assign_chars(fonts(), &usage, Path::new("article.md"));
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].message.contains("U+1F600"),
            "{}",
            warnings[0].message
        );
        assert_eq!(warnings[0].span.as_ref().unwrap().range, 10..20);
        assert!(per_face[&Role::Caption].contains(&'图'));
        assert!(!per_face.values().any(|s| s.contains(&'😀')));
    }
}

//! The print preflight `reportbook check` runs: it typesets the issue as the
//! print PDF would and reports, with `file:line:col`,
//!
//! - each placed photo far above need at its placed size: a note of the
//!   bytes a downsample would save over 450 ppi (a photo under 300 ppi is
//!   [`crate::check::low_resolution`]'s finding, which `build` shares);
//! - RGB photos without an embedded ICC profile (the PDF tags them sRGB);
//! - fonts whose licence bits (OS/2 `fsType`) forbid embedding;
//! - the total ink of each CMYK value the layout uses against `[print] max_ink`.

use crate::diag::{Diagnostic, Span};
use crate::fonts::Fonts;
use crate::frame::{Frame, FrameItem, ImageSource};
use crate::model::{Issue, PdfStandard};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

/// Print needs this many ppi at the printed size.
pub const MIN_PPI: f32 = 300.0;
/// Under this, `--strict` makes the finding an error.
pub const STRICT_MIN_PPI: f32 = 150.0;
/// Over this, a photo is far above need and the saving of a downsample is noted.
pub const MAX_USEFUL_PPI: f32 = 450.0;

static STRICT: AtomicBool = AtomicBool::new(false);

/// Make photos under [`STRICT_MIN_PPI`] and ink over the limit errors
/// (`reportbook check --strict`) for the rest of the process.
pub fn set_strict(strict: bool) {
    STRICT.store(strict, Ordering::Relaxed);
}

fn strict() -> bool {
    STRICT.load(Ordering::Relaxed)
}

/// Whether `check --strict` asked for errors (see [`set_strict`]).
pub fn is_strict() -> bool {
    strict()
}

/// Preflight the issue in `dir`; nothing when it does not load (the loader's
/// errors are reported by `check` itself) or does not typeset.
pub fn preflight(dir: &Path, fonts: &Fonts) -> Vec<Diagnostic> {
    match crate::source::load_book(dir).0 {
        Ok(book) => preflight_book(&book, fonts),
        Err(_) => Vec::new(),
    }
}

/// Preflight a loaded issue (see [`preflight`]).
pub fn preflight_book(book: &crate::model::Book, fonts: &Fonts) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    let mut faces_seen = std::collections::BTreeSet::new();
    // Each article is set on its own pages; page numbers count from the
    // article's first page.
    // As the build sets them: each article fitted to its `fit_pages`.
    let (fitted, _) = crate::typeset::fit::fitted_book(book, fonts);
    for issue in fitted.articles() {
        let Ok((doc, _)) = crate::typeset::typeset(issue, fonts) else {
            continue;
        };
        for (n, page) in doc.pages.iter().enumerate() {
            photos(&page.frame, n + 1, issue, &mut seen, &mut out);
        }
        for face in &doc.faces {
            if faces_seen.insert(face.role)
                && let Some(d) = font_licence(&face.data, face.index, face.role)
            {
                out.push(d);
            }
        }
    }
    if let Some(issue) = book.articles().next() {
        out.extend(ink(issue));
    }
    out
}

/// Every image in `frame` (recursively) checked once per photo file.
fn photos(
    frame: &Frame,
    page: usize,
    issue: &Issue,
    seen: &mut std::collections::BTreeSet<std::path::PathBuf>,
    out: &mut Vec<Diagnostic>,
) {
    for (_, item) in &frame.items {
        match item {
            FrameItem::Group(g) => photos(&g.frame, page, issue, seen, out),
            FrameItem::Image(img) => {
                let ImageSource::Path(path) = &img.source else {
                    continue;
                };
                if !seen.insert(path.clone()) {
                    continue;
                }
                let Some(asset) = issue.assets.iter().find(|a| &a.path == path) else {
                    continue;
                };
                let at = Span::new(&asset.file, asset.span.clone());
                let (pw, ph) = if (5..=8).contains(&img.orientation) {
                    (img.pixels.1, img.pixels.0)
                } else {
                    img.pixels
                };
                let ppi = pw as f32 / (img.size.w / 72.0);
                out.extend(resolution(
                    &asset.href,
                    (pw, ph),
                    img.size.w,
                    ppi,
                    page,
                    path,
                    &at,
                ));
                if let Some(d) = untagged_rgb(&asset.href, path) {
                    out.push(d.at(at));
                }
            }
            _ => {}
        }
    }
}

fn resolution(
    href: &str,
    (pw, ph): (u32, u32),
    width_pt: f32,
    ppi: f32,
    page: usize,
    path: &Path,
    at: &Span,
) -> Option<Diagnostic> {
    let mm = width_pt / 72.0 * 25.4;
    // Compared as printed (whole ppi): a photo placed at exactly 450 ppi is not over it.
    if ppi.round() > MAX_USEFUL_PPI {
        let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        let keep = (MIN_PPI / ppi).powi(2);
        let saving = bytes as f64 * (1.0 - f64::from(keep));
        let need_w = (width_pt / 72.0 * MIN_PPI).ceil() as u32;
        return Some(
            Diagnostic::warning(format!(
                "photo `{href}` prints at {ppi:.0} ppi ({pw}×{ph} px across {mm:.0} mm on page {page}), far above the {MIN_PPI:.0} print needs"
            ))
            .at(at.clone())
            .hint(format!(
                "scaled to {need_w} px wide it would be about {:.1} MB smaller in the PDF",
                saving / 1_048_576.0
            )),
        );
    }
    None
}

/// An RGB photo without an embedded ICC profile: the PDF tags it sRGB.
fn untagged_rgb(href: &str, path: &Path) -> Option<Diagnostic> {
    let bytes = std::fs::read(path).ok()?;
    let rgb_without_profile = match bytes.get(..4)? {
        [0xFF, 0xD8, ..] => jpeg_rgb_without_profile(&bytes)?,
        [0x89, b'P', b'N', b'G'] => png_rgb_without_profile(&bytes)?,
        [b'R', b'I', b'F', b'F'] if bytes.get(8..12) == Some(b"WEBP") => !webp_has_profile(&bytes),
        _ => return None,
    };
    rgb_without_profile.then(|| {
        Diagnostic::warning(format!(
            "photo `{href}` is RGB without an embedded colour profile: it will be printed as sRGB"
        ))
        .hint("if it was edited in another space (Adobe RGB, Display P3), export it with its profile embedded")
    })
}

/// `Some(true)` for a 3-component JPEG with no APP2 `ICC_PROFILE` segment.
fn jpeg_rgb_without_profile(b: &[u8]) -> Option<bool> {
    let components = crate::probe::jpeg_components(b)?;
    Some(components == 3 && crate::probe::jpeg_icc_segments(b).is_empty())
}

/// `Some(true)` for a truecolour PNG with neither `iCCP` nor `sRGB`.
fn png_rgb_without_profile(b: &[u8]) -> Option<bool> {
    let colour_type = *b.get(25)?;
    if colour_type != 2 && colour_type != 6 {
        return Some(false);
    }
    let mut i = 8;
    while i + 8 <= b.len() {
        let len = u32::from_be_bytes(b[i..i + 4].try_into().ok()?) as usize;
        match &b[i + 4..i + 8] {
            b"iCCP" | b"sRGB" => return Some(false),
            b"IDAT" | b"IEND" => return Some(true),
            _ => {}
        }
        i += 12 + len;
    }
    Some(true)
}

/// Whether a WebP file (always RGB) carries an ICC profile: an `ICCP`
/// chunk, announced by the `VP8X` chunk's ICC flag.
fn webp_has_profile(b: &[u8]) -> bool {
    let mut i = 12;
    while i + 8 <= b.len() {
        let len = u32::from_le_bytes([b[i + 4], b[i + 5], b[i + 6], b[i + 7]]) as usize;
        match &b[i..i + 4] {
            b"ICCP" => return true,
            b"VP8X" if b.get(i + 8).is_some_and(|f| f & 0x20 != 0) => return true,
            b"VP8 " | b"VP8L" => return false,
            _ => {}
        }
        // Chunks are padded to an even length.
        i += 8 + len + (len & 1);
    }
    false
}

/// A face whose OS/2 `fsType` forbids embedding (restricted licence, or
/// bitmap-only embedding).
fn font_licence(data: &[u8], index: u32, role: crate::fonts::Role) -> Option<Diagnostic> {
    use read_fonts::{FontRef, TableProvider};
    let font = FontRef::from_index(data, index).ok()?;
    let fs_type = font.os2().ok()?.fs_type();
    let restricted = fs_type & 0x000F == 0x0002;
    let bitmap_only = fs_type & 0x0200 != 0;
    (restricted || bitmap_only).then(|| {
        Diagnostic::error(format!(
            "the {role:?} face's licence forbids embedding it in a PDF (OS/2 fsType {fs_type:#06x})"
        ))
        .hint("use a face licensed for embedding (the bundled faces are OFL)")
    })
}

/// The CMYK values the layout prints, each against the ink limit.
fn ink(issue: &Issue) -> Vec<Diagnostic> {
    let p = &issue.layout.print;
    if p.standard == PdfStandard::None {
        return Vec::new();
    }
    let total = p.accent_cmyk.iter().sum::<f32>() * 100.0;
    if total <= p.max_ink + 0.5 {
        return Vec::new();
    }
    let pct = p.accent_cmyk.map(|v| (v * 100.0).round());
    let msg = format!(
        "the accent's inks C{} M{} Y{} K{} total {total:.0} %, over the {:.0} % limit",
        pct[0], pct[1], pct[2], pct[3], p.max_ink
    );
    let d = if strict() {
        Diagnostic::error(msg)
    } else {
        Diagnostic::warning(msg)
    };
    let d = d.hint("lower `accent_cmyk` under [print], or raise `max_ink` if the shop allows it");
    vec![match setting_span(issue, "accent_cmyk") {
        Some(at) => d.at(at),
        None => d.in_file(&issue.article),
    }]
}

/// Where `key` is set: the issue's front matter first, then publication.toml.
fn setting_span(issue: &Issue, key: &str) -> Option<Span> {
    let files = [
        issue.article.clone(),
        issue.dir.parent()?.join(crate::source::PUBLICATION),
    ];
    files.into_iter().find_map(|f| {
        let text = std::fs::read_to_string(&f).ok()?;
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let trimmed = line.trim_start();
            if trimmed.starts_with(key) && trimmed[key.len()..].trim_start().starts_with('=') {
                let start = offset + line.len() - trimmed.len();
                return Some(Span::new(&f, start..start + key.len()));
            }
            offset += line.len();
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A WebP container with the given chunks (tag, payload).
    fn webp(chunks: &[(&[u8; 4], Vec<u8>)]) -> Vec<u8> {
        let mut body = b"WEBP".to_vec();
        for (tag, data) in chunks {
            body.extend_from_slice(*tag);
            body.extend_from_slice(&(data.len() as u32).to_le_bytes());
            body.extend_from_slice(data);
            if data.len() % 2 == 1 {
                body.push(0);
            }
        }
        [
            b"RIFF".as_slice(),
            &(body.len() as u32).to_le_bytes(),
            &body,
        ]
        .concat()
    }

    #[test]
    fn a_webp_photo_without_a_profile_is_reported_and_one_with_a_profile_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let mut flags = vec![0u8; 10];
        flags[0] = 0x20;
        for (name, bytes, reported) in [
            (
                "plain.webp",
                webp(&[(b"VP8L", vec![0x2f, 0, 0, 0, 0])]),
                true,
            ),
            (
                "tagged.webp",
                webp(&[
                    (b"VP8X", flags.clone()),
                    (b"ICCP", vec![1, 2, 3]),
                    (b"VP8L", vec![0x2f, 0, 0, 0, 0]),
                ]),
                false,
            ),
            (
                "flag-off.webp",
                webp(&[(b"VP8X", vec![0; 10]), (b"VP8L", vec![0x2f, 0, 0, 0, 0])]),
                true,
            ),
        ] {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            let d = untagged_rgb(name, &path);
            assert_eq!(d.is_some(), reported, "{name}");
            if let Some(d) = d {
                assert!(d.message.contains("printed as sRGB"), "{}", d.message);
            }
        }
    }

    /// The bundled Kai face with its OS/2 `fsType` set to `value`.
    fn kai_with_fs_type(value: u16) -> Vec<u8> {
        let mut b = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/ReportbookKai-Regular.ttf"),
        )
        .unwrap();
        let tables = u16::from_be_bytes([b[4], b[5]]) as usize;
        let os2 = (0..tables)
            .map(|k| 12 + 16 * k)
            .find(|&r| &b[r..r + 4] == b"OS/2")
            .map(|r| u32::from_be_bytes([b[r + 8], b[r + 9], b[r + 10], b[r + 11]]) as usize)
            .expect("an OS/2 table");
        b[os2 + 8..os2 + 10].copy_from_slice(&value.to_be_bytes());
        b
    }

    #[test]
    fn a_face_whose_licence_forbids_embedding_is_an_error() {
        // Installable (0) and editable (8) embedding are fine; restricted
        // (2) and bitmap-only (0x0200) are not.
        for (fs_type, forbidden) in [
            (0x0000, false),
            (0x0008, false),
            (0x0002, true),
            (0x0200, true),
        ] {
            let font = kai_with_fs_type(fs_type);
            let d = font_licence(&font, 0, crate::fonts::Role::Caption);
            assert_eq!(d.is_some(), forbidden, "fsType {fs_type:#06x}");
            if let Some(d) = d {
                assert_eq!(d.severity, crate::diag::Severity::Error);
                assert!(
                    d.message.contains(&format!("{fs_type:#06x}")),
                    "{}",
                    d.message
                );
            }
        }
        // The bundled faces themselves are free to embed.
        let fonts = Fonts::shared().expect("bundled fonts");
        for role in [
            crate::fonts::Role::Body,
            crate::fonts::Role::Heading,
            crate::fonts::Role::Caption,
        ] {
            let face = crate::typeset::face_data(fonts, role);
            assert!(
                font_licence(&face.data, face.index, role).is_none(),
                "{role:?}"
            );
        }
    }
}

//! Photo header probe, run once per asset when the issue is loaded, so both
//! backends only ever see photos known to be whole, of a supported format and
//! of a sane size. Only headers and chunk/segment framing are read: nothing
//! is decoded and no pixel buffer is allocated.
//!
//! Accepted: JPEG (baseline, extended or progressive Huffman, 8-bit, gray /
//! RGB / CMYK), PNG and WebP. Refused with a conversion hint: HEIC/HEIF,
//! AVIF, TIFF (and camera raw files built on it), SVG, GIF, BMP.

use crate::diag::{Diagnostic, Span};
use crate::model::{Asset, PhotoFormat, PhotoHeader};
use std::path::Path;

/// Most pixels a photo may have. 100 megapixels is above any camera an editor
/// will hand in (a 61 MP full-frame sensor, a stitched panorama), while a
/// decoded RGBA buffer of that size is already 400 MB: anything bigger is a
/// mistake or a decompression bomb.
pub const MAX_PIXELS: u64 = 100_000_000;

/// Longest edge a photo may have, in px. At 300 ppi 30,000 px is 2.5 m: no
/// page needs more, and a sliver 100,000 px long would pass [`MAX_PIXELS`].
pub const MAX_EDGE_PX: u32 = 30_000;

/// What is wrong with a photo file, found from its bytes alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The file holds no bytes.
    Empty,
    /// A known format whose data stops early (the detail says where).
    Truncated(&'static str, String),
    /// Not parseable as any accepted format (the detail says why).
    Corrupt(String),
    /// Recognised, but a format reportbook does not accept.
    Unsupported(Unsupported),
    /// Dimensions over [`MAX_PIXELS`] or [`MAX_EDGE_PX`].
    TooLarge(u32, u32),
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Empty => write!(f, "empty file"),
            Problem::Truncated(fmt, why) => write!(f, "truncated {fmt}: {why}"),
            Problem::Corrupt(why) => write!(f, "corrupt: {why}"),
            Problem::Unsupported(Unsupported::JpegCoding(how)) => {
                write!(f, "unsupported: a JPEG that {how}")
            }
            Problem::Unsupported(u) => write!(f, "unsupported: {}", u.name()),
            Problem::TooLarge(w, h) => write!(f, "{w}×{h} px is over the size limits"),
        }
    }
}

/// Formats recognised by their magic bytes and refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsupported {
    /// HEIC/HEIF (iPhone photos).
    Heif,
    /// AVIF.
    Avif,
    /// TIFF, and camera raw files built on it (DNG, CR2, NEF).
    Tiff,
    /// SVG (vector drawing, XML text).
    Svg,
    /// GIF: refused, since it holds at most 256 colours per frame, which is
    /// never a print-quality photo, and is often animated.
    Gif,
    /// Windows bitmap.
    Bmp,
    /// A JPEG coded in a way neither backend handles (lossless, arithmetic,
    /// hierarchical, or 12-bit samples).
    JpegCoding(&'static str),
}

impl Unsupported {
    /// The format's name as printed in messages.
    fn name(self) -> &'static str {
        match self {
            Unsupported::Heif => "a HEIC/HEIF image",
            Unsupported::Avif => "an AVIF image",
            Unsupported::Tiff => "a TIFF image",
            Unsupported::Svg => "an SVG drawing",
            Unsupported::Gif => "a GIF image",
            Unsupported::Bmp => "a BMP bitmap",
            Unsupported::JpegCoding(_) => "a JPEG",
        }
    }
}

/// How much of a file to read before judging its header, so that a large file
/// of the wrong kind (a video named `.jpg`) is refused without reading it all.
/// JPEG headers (EXIF with its thumbnail, then SOF) fit in this almost always;
/// when they do not, the whole file is read.
const HEADER_PREFIX_BYTES: u64 = 256 * 1024;

/// Probe a file: the header from its first bytes, then, for a good header,
/// the whole file for completeness.
pub fn probe_file(path: &Path) -> Result<PhotoHeader, ProbeError> {
    use std::io::Read;
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(HEADER_PREFIX_BYTES).read_to_end(&mut head))
        .map_err(ProbeError::Io)?;
    let whole = (head.len() as u64) < HEADER_PREFIX_BYTES;
    match read_header(&head) {
        Err(Problem::Truncated(..)) if !whole => {}
        Err(p) => return Err(ProbeError::Bad(p)),
        Ok(h) if whole => {
            return check_complete(&head, h.format)
                .map(|()| h)
                .map_err(ProbeError::Bad);
        }
        Ok(_) => {}
    }
    // The whole file, for the completeness check; kept for the outputs,
    // which read it next (see `read_once`).
    let data = crate::read_once::read(path).map_err(ProbeError::Io)?;
    probe_bytes(&data).map_err(ProbeError::Bad)
}

/// Why [`probe_file`] failed.
#[derive(Debug)]
pub enum ProbeError {
    /// The file could not be read.
    Io(std::io::Error),
    /// The bytes are not an acceptable photo.
    Bad(Problem),
}

/// Probe a whole file's bytes: [`read_header`], then the completeness check.
pub fn probe_bytes(data: &[u8]) -> Result<PhotoHeader, Problem> {
    let header = read_header(data)?;
    check_complete(data, header.format)?;
    Ok(header)
}

/// Recognise the format by its magic bytes and read the pixel size (and the
/// EXIF orientation of a JPEG) from the header. `data` may be a prefix of the
/// file; a JPEG whose frame header lies beyond it gives `Truncated`.
pub fn read_header(data: &[u8]) -> Result<PhotoHeader, Problem> {
    if data.is_empty() {
        return Err(Problem::Empty);
    }
    let (format, (w, h), orientation) = if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        let (px, o) = jpeg_header(data)?;
        (PhotoFormat::Jpeg, px, o)
    } else if data.starts_with(PNG_SIGNATURE) {
        (PhotoFormat::Png, png_header(data)?, 1)
    } else if data.starts_with(b"RIFF") && data.get(8..12) == Some(b"WEBP") {
        (PhotoFormat::Webp, webp_header(data)?, 1)
    } else {
        return Err(match unsupported(data) {
            Some(u) => Problem::Unsupported(u),
            None => Problem::Corrupt(format!(
                "not a JPEG, PNG or WebP: it starts with {}",
                hex_prefix(data)
            )),
        });
    };
    check_size(w, h)?;
    Ok(PhotoHeader {
        format,
        pixels: (w, h),
        orientation,
    })
}

/// Refuse a zero edge or a size over the limits (before anything allocates it).
fn check_size(w: u32, h: u32) -> Result<(), Problem> {
    if w == 0 || h == 0 {
        return Err(Problem::Corrupt(format!("the header says {w}×{h} px")));
    }
    if w > MAX_EDGE_PX || h > MAX_EDGE_PX || u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(Problem::TooLarge(w, h));
    }
    Ok(())
}

/// The first bytes in hex, for a message about an unknown file.
fn hex_prefix(data: &[u8]) -> String {
    data.iter()
        .take(8)
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Refused formats, recognised by their magic bytes.
fn unsupported(data: &[u8]) -> Option<Unsupported> {
    if data.get(4..8) == Some(b"ftyp") {
        return iso_brand(data);
    }
    if data.starts_with(b"II*\0") || data.starts_with(b"MM\0*") {
        return Some(Unsupported::Tiff);
    }
    if data.starts_with(b"GIF87a") || data.starts_with(b"GIF89a") {
        return Some(Unsupported::Gif);
    }
    if data.starts_with(b"BM") && data.len() >= 26 {
        return Some(Unsupported::Bmp);
    }
    if looks_like_svg(data) {
        return Some(Unsupported::Svg);
    }
    None
}

/// HEIF or AVIF from an ISO-BMFF `ftyp` box's major and compatible brands
/// (an AVIF may carry the generic `mif1` major brand with `avif` compatible).
fn iso_brand(data: &[u8]) -> Option<Unsupported> {
    let size = u32::from_be_bytes(data.get(0..4)?.try_into().ok()?) as usize;
    let end = size.clamp(12, data.len());
    let brands: Vec<&[u8]> = std::iter::once(data.get(8..12)?)
        .chain(data.get(16..end).unwrap_or(&[]).chunks_exact(4))
        .collect();
    if brands.iter().any(|b| matches!(*b, b"avif" | b"avis")) {
        Some(Unsupported::Avif)
    } else if brands.iter().any(|b| {
        matches!(
            *b,
            b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" | b"mif1" | b"msf1"
        )
    }) {
        Some(Unsupported::Heif)
    } else {
        None
    }
}

/// Text starting (after a BOM and white space) with `<svg`, or with `<?xml`
/// or a comment and naming `<svg` near the top.
fn looks_like_svg(data: &[u8]) -> bool {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let start = data.iter().position(|b| !b.is_ascii_whitespace());
    let Some(text) = start.map(|i| &data[i..]) else {
        return false;
    };
    if text.starts_with(b"<svg") {
        return true;
    }
    let head = &text[..text.len().min(4096)];
    (text.starts_with(b"<?xml") || text.starts_with(b"<!")) && head.windows(4).any(|w| w == b"<svg")
}

// ---------------------------------------------------------------------------
// JPEG
// ---------------------------------------------------------------------------

/// Walk the marker segments from SOI to the frame header: pixel size from
/// SOFn, orientation from an APP1 `Exif` segment read on the way.
fn jpeg_header(data: &[u8]) -> Result<((u32, u32), u8), Problem> {
    let cut = || Problem::Truncated("JPEG", "the file ends inside its headers".into());
    let mut orientation = 1;
    let mut i = 2;
    loop {
        let (marker, body, next) = jpeg_segment(data, i).ok_or_else(cut)??;
        match marker {
            0xE1 if body.starts_with(b"Exif\0\0") => {
                orientation = exif_orientation(&body[6..]).unwrap_or(1);
            }
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                if let Some(how) = unsupported_jpeg_coding(marker) {
                    return Err(Problem::Unsupported(Unsupported::JpegCoding(how)));
                }
                if body.len() < 6 {
                    return Err(Problem::Corrupt("its frame header is too short".into()));
                }
                if body[0] != 8 {
                    return Err(Problem::Unsupported(Unsupported::JpegCoding(
                        "uses 12-bit samples",
                    )));
                }
                let h = u32::from(u16::from_be_bytes([body[1], body[2]]));
                let w = u32::from(u16::from_be_bytes([body[3], body[4]]));
                if !matches!(body[5], 1 | 3 | 4) {
                    return Err(Problem::Corrupt(format!(
                        "its frame header names {} colour components",
                        body[5]
                    )));
                }
                return Ok(((w, h), orientation));
            }
            0xDA | 0xD9 => {
                return Err(Problem::Corrupt("it has no frame header (SOF)".into()));
            }
            _ => {}
        }
        i = next;
    }
}

/// The marker segments of a JPEG's header, `(marker, body)`, from the start
/// marker up to the start of the scan (or the first bytes that are not a
/// segment); empty for data that is not a JPEG.
pub fn jpeg_header_segments(data: &[u8]) -> impl Iterator<Item = (u8, &[u8])> {
    let mut at = if data.starts_with(&[0xFF, 0xD8]) {
        Some(2)
    } else {
        None
    };
    std::iter::from_fn(move || {
        let (marker, body, next) = jpeg_segment(data, at?)?.ok()?;
        at = (marker != 0xDA && marker != 0xD9).then_some(next);
        (marker != 0xDA && marker != 0xD9).then_some((marker, body))
    })
}

/// The number of colour components in a JPEG's frame header (1 grey, 3
/// YCbCr/RGB, 4 CMYK/YCCK), if it has one.
pub fn jpeg_components(data: &[u8]) -> Option<u8> {
    jpeg_header_segments(data)
        .find(|(m, _)| (0xC0..=0xCF).contains(m) && !matches!(m, 0xC4 | 0xC8 | 0xCC))
        .and_then(|(_, body)| body.get(5).copied())
}

/// The bodies of a JPEG's APP2 `ICC_PROFILE` segments, in order.
pub fn jpeg_icc_segments(data: &[u8]) -> Vec<&[u8]> {
    jpeg_header_segments(data)
        .filter(|(m, body)| *m == 0xE2 && body.starts_with(b"ICC_PROFILE\0"))
        .map(|(_, body)| body)
        .collect()
}

/// One marker segment starting at `i`: `(marker, body, offset after it)`.
/// `None` when the data ends first; `Some(Err)` when the bytes are not a marker.
#[allow(clippy::type_complexity, reason = "a private step of one walk")]
fn jpeg_segment(data: &[u8], mut i: usize) -> Option<Result<(u8, &[u8], usize), Problem>> {
    if *data.get(i)? != 0xFF {
        return Some(Err(Problem::Corrupt(format!(
            "byte {i} should start a marker but is {:02X}",
            data[i]
        ))));
    }
    while *data.get(i + 1)? == 0xFF {
        i += 1; // fill bytes before a marker
    }
    let marker = data[i + 1];
    // Standalone markers have no length.
    if matches!(marker, 0x01 | 0xD0..=0xD9) {
        return Some(Ok((marker, &[], i + 2)));
    }
    let len = usize::from(u16::from_be_bytes([*data.get(i + 2)?, *data.get(i + 3)?]));
    if len < 2 {
        return Some(Err(Problem::Corrupt(format!(
            "a segment at byte {i} has length {len}"
        ))));
    }
    let body = data.get(i + 4..i + 2 + len)?;
    Some(Ok((marker, body, i + 2 + len)))
}

/// JPEG codings neither backend reads (the EPUB side decodes with `image`,
/// the PDF side embeds the bytes for DCTDecode): `None` for the Huffman-coded
/// baseline (SOF0), extended (SOF1) and progressive (SOF2) frames.
fn unsupported_jpeg_coding(sof: u8) -> Option<&'static str> {
    match sof {
        0xC0..=0xC2 => None,
        0xC3 => Some("is lossless-coded"),
        0xC5..=0xC7 => Some("is hierarchically coded"),
        _ => Some("is arithmetic-coded"),
    }
}

/// The orientation tag (0x0112) of IFD0 in a TIFF-structured EXIF block.
fn exif_orientation(tiff: &[u8]) -> Option<u8> {
    let le = match tiff.get(0..2)? {
        b"II" => true,
        b"MM" => false,
        _ => return None,
    };
    let u16_at = |o: usize| -> Option<u16> {
        let b = [*tiff.get(o)?, *tiff.get(o + 1)?];
        Some(if le {
            u16::from_le_bytes(b)
        } else {
            u16::from_be_bytes(b)
        })
    };
    let u32_at = |o: usize| -> Option<u32> {
        let b: [u8; 4] = tiff.get(o..o + 4)?.try_into().ok()?;
        Some(if le {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    };
    let ifd = usize::try_from(u32_at(4)?).ok()?;
    let count = usize::from(u16_at(ifd)?);
    (0..count).find_map(|k| {
        let entry = ifd + 2 + 12 * k;
        (u16_at(entry)? == 0x0112)
            .then(|| u16_at(entry + 8))
            .flatten()
            .and_then(|v| u8::try_from(v).ok())
            .filter(|v| (1..=8).contains(v))
    })
}

/// A JPEG is whole when an EOI marker (FF D9) follows its first scan. Bytes
/// after the last EOI (some phones append data there) are allowed. The
/// compressed size is not knowable from the header, so this is as far as a
/// cheap check goes.
fn jpeg_complete(data: &[u8]) -> Result<(), Problem> {
    let mut i = 2;
    let sos = loop {
        match jpeg_segment(data, i) {
            Some(Ok((0xDA, _, next))) => break next,
            Some(Ok((_, _, next))) => i = next,
            Some(Err(p)) => return Err(p),
            None => {
                return Err(Problem::Truncated(
                    "JPEG",
                    "the file ends before the picture data".into(),
                ));
            }
        }
    };
    // Searched from the end, where the marker nearly always is.
    if data[sos..].windows(2).rev().any(|w| w == [0xFF, 0xD9]) {
        Ok(())
    } else {
        Err(Problem::Truncated(
            "JPEG",
            "the picture data has no end marker FF D9".into(),
        ))
    }
}

// ---------------------------------------------------------------------------
// PNG
// ---------------------------------------------------------------------------

/// The eight bytes every PNG starts with.
const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Pixel size from the IHDR chunk, which must come first.
fn png_header(data: &[u8]) -> Result<(u32, u32), Problem> {
    let ihdr = data
        .get(8..8 + 8 + 13)
        .ok_or_else(|| Problem::Truncated("PNG", "the file ends inside its header".into()))?;
    if &ihdr[4..8] != b"IHDR" || ihdr[0..4] != 13u32.to_be_bytes() {
        return Err(Problem::Corrupt(
            "its first chunk is not a 13-byte IHDR".into(),
        ));
    }
    let be = |o: usize| u32::from_be_bytes([ihdr[o], ihdr[o + 1], ihdr[o + 2], ihdr[o + 3]]);
    Ok((be(8), be(12)))
}

/// A PNG is whole when its chunks, each lying inside the file, lead to IEND.
fn png_complete(data: &[u8]) -> Result<(), Problem> {
    let mut i = PNG_SIGNATURE.len();
    while let Some(head) = data.get(i..i + 8) {
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        // IEND carries no data, only its CRC.
        if &head[4..8] == b"IEND" && data.len() >= i + 12 {
            return Ok(());
        }
        // Length, type, data, CRC.
        i = i.saturating_add(12).saturating_add(len);
    }
    Err(Problem::Truncated(
        "PNG",
        "the file ends before its IEND chunk".into(),
    ))
}

// ---------------------------------------------------------------------------
// WebP
// ---------------------------------------------------------------------------

/// Pixel size from the first chunk: VP8X (extended), VP8L (lossless) or VP8 (lossy).
fn webp_header(data: &[u8]) -> Result<(u32, u32), Problem> {
    let cut = || Problem::Truncated("WebP", "the file ends inside its header".into());
    let chunk = data.get(12..16).ok_or_else(cut)?;
    let body = |n: usize| data.get(20..20 + n).ok_or_else(cut);
    let le24 = |b: &[u8]| u32::from(b[0]) | u32::from(b[1]) << 8 | u32::from(b[2]) << 16;
    match chunk {
        b"VP8X" => {
            let b = body(10)?;
            Ok((le24(&b[4..7]) + 1, le24(&b[7..10]) + 1))
        }
        b"VP8L" => {
            let b = body(5)?;
            if b[0] != 0x2F {
                return Err(Problem::Corrupt("its lossless header is damaged".into()));
            }
            let bits = u32::from_le_bytes([b[1], b[2], b[3], b[4]]);
            Ok(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1))
        }
        b"VP8 " => {
            let b = body(10)?;
            if b[3..6] != [0x9D, 0x01, 0x2A] {
                return Err(Problem::Corrupt("its lossy frame header is damaged".into()));
            }
            let w = u32::from(u16::from_le_bytes([b[6], b[7]]) & 0x3FFF);
            let h = u32::from(u16::from_le_bytes([b[8], b[9]]) & 0x3FFF);
            Ok((w, h))
        }
        _ => Err(Problem::Corrupt(
            "its first chunk is not VP8, VP8L or VP8X".into(),
        )),
    }
}

/// A WebP is whole when the file is at least as long as its RIFF header says.
fn webp_complete(data: &[u8]) -> Result<(), Problem> {
    let riff = u32::from_le_bytes([data[4], data[5], data[6], data[7]]) as usize;
    if data.len() < riff.saturating_add(8) {
        return Err(Problem::Truncated(
            "WebP",
            format!(
                "it is {} bytes, its header promises {}",
                data.len(),
                riff + 8
            ),
        ));
    }
    Ok(())
}

/// Whether the data after the header is all there, as far as is cheap to know.
fn check_complete(data: &[u8], format: PhotoFormat) -> Result<(), Problem> {
    match format {
        PhotoFormat::Jpeg => jpeg_complete(data),
        PhotoFormat::Png => png_complete(data),
        PhotoFormat::Webp => webp_complete(data),
    }
}

// ---------------------------------------------------------------------------
// Into diagnostics
// ---------------------------------------------------------------------------

/// File name extensions that fit each accepted format.
fn extensions(format: PhotoFormat) -> &'static [&'static str] {
    match format {
        PhotoFormat::Jpeg => &["jpg", "jpeg", "jpe", "jfif"],
        PhotoFormat::Png => &["png"],
        PhotoFormat::Webp => &["webp"],
    }
}

/// The format's name as printed.
fn format_name(format: PhotoFormat) -> &'static str {
    match format {
        PhotoFormat::Jpeg => "JPEG",
        PhotoFormat::Png => "PNG",
        PhotoFormat::Webp => "WebP",
    }
}

/// Probe a resolved asset (inside the issue folder) and record what is wrong
/// at `at`, the span of the `![…](…)` (or the cover setting) that names it.
/// A good photo's header is stored on the asset.
pub fn probe_asset(asset: &mut Asset, at: Span, diags: &mut Vec<Diagnostic>) {
    let href = asset.href.clone();
    let header = match probe_file(&asset.path) {
        Ok(h) => h,
        Err(e) => {
            diags.push(problem_diagnostic(&href, &asset.path, e).at(at));
            return;
        }
    };
    let ext = asset
        .path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if !extensions(header.format).contains(&ext.as_str()) {
        let real = format_name(header.format);
        let named = if ext.is_empty() {
            "no extension".to_owned()
        } else {
            format!("the .{ext} extension")
        };
        diags.push(
            Diagnostic::warning(format!(
                "photo `{href}` is a {real} file despite {named} (read as {real})"
            ))
            .at(at)
            .hint(format!(
                "rename it to .{} (and the reference in article.md) so other tools read it right",
                extensions(header.format)[0]
            )),
        );
    }
    asset.header = Some(header);
}

/// The error for a photo that failed the probe: what is wrong, then what to do.
fn problem_diagnostic(href: &str, path: &Path, e: ProbeError) -> Diagnostic {
    let file = path.display();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "photo".into());
    let again = "copy the photo again from its original (camera card, phone, e-mail attachment)";
    match e {
        ProbeError::Io(e) => Diagnostic::error(format!("photo `{href}` cannot be read ({e})"))
            .hint("check that it is a file you may read"),
        ProbeError::Bad(Problem::Empty) => {
            Diagnostic::error(format!("photo `{href}` is empty (0 bytes)")).hint(again)
        }
        ProbeError::Bad(Problem::Truncated(fmt, why)) => {
            Diagnostic::error(format!("photo `{href}` is truncated ({fmt}: {why})"))
                .hint(format!("the file was cut short: {again}"))
        }
        ProbeError::Bad(Problem::Corrupt(why)) => {
            Diagnostic::error(format!("photo `{href}` is corrupt or not an image ({why})"))
                .hint("open it in an image editor and save it again as JPEG or PNG, or copy it again from its original")
        }
        ProbeError::Bad(Problem::TooLarge(w, h)) => {
            let mp = u64::from(w) * u64::from(h) / 1_000_000;
            Diagnostic::error(format!(
                "photo `{href}` is {w}×{h} px ({mp} megapixels), over the limit of {} megapixels and {MAX_EDGE_PX} px per edge",
                MAX_PIXELS / 1_000_000
            ))
            .hint(format!(
                "scale it down: a full 185 mm page at 300 ppi needs about 2,200 px across, e.g. `magick {file} -resize 6000x6000 {stem}-small.jpg`"
            ))
        }
        ProbeError::Bad(Problem::Unsupported(u)) => {
            let what = match u {
                Unsupported::JpegCoding(how) => format!("photo `{href}` is a JPEG that {how}"),
                _ => format!("photo `{href}` is {}", u.name()),
            };
            Diagnostic::error(format!(
                "{what}, which reportbook does not accept (use JPEG, PNG or WebP)"
            ))
            .hint(conversion_hint(u, &file.to_string(), &stem))
        }
    }
}

/// How to turn a refused format into an accepted one.
fn conversion_hint(u: Unsupported, file: &str, stem: &str) -> String {
    match u {
        Unsupported::Heif => format!(
            "convert it to JPEG: `heif-convert {file} {stem}.jpg` (or `magick {file} {stem}.jpg`); on an iPhone, Settings › Camera › Formats › Most Compatible takes JPEGs"
        ),
        Unsupported::Avif => format!("convert it to JPEG: `magick {file} {stem}.jpg`"),
        Unsupported::Tiff => format!(
            "convert it to JPEG: `magick {file} -quality 92 {stem}.jpg` (PNG if it must stay lossless)"
        ),
        Unsupported::Svg => format!(
            "render it to PNG at print size (300 ppi): `rsvg-convert -d 300 -p 300 {file} -o {stem}.png`"
        ),
        Unsupported::Gif => format!(
            "GIF holds at most 256 colours: get the original photo, or convert it with `magick {file}[0] {stem}.png`"
        ),
        Unsupported::Bmp => format!("convert it to PNG: `magick {file} {stem}.png`"),
        Unsupported::JpegCoding(_) => format!(
            "save it again as a baseline JPEG: `magick {file} -quality 92 {stem}-baseline.jpg`"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_apply_before_any_decoding() {
        assert_eq!(check_size(30_000, 3_000), Ok(()));
        assert_eq!(check_size(30_001, 10), Err(Problem::TooLarge(30_001, 10)));
        assert_eq!(
            check_size(10_001, 10_000),
            Err(Problem::TooLarge(10_001, 10_000))
        );
        assert!(matches!(check_size(0, 5), Err(Problem::Corrupt(_))));
    }

    #[test]
    fn iso_brands_tell_heif_from_avif() {
        let ftyp = |major: &[u8], compat: &[u8]| {
            let mut v = ((16 + compat.len()) as u32).to_be_bytes().to_vec();
            v.extend(b"ftyp");
            v.extend(major);
            v.extend([0, 0, 0, 0]);
            v.extend(compat);
            v
        };
        assert_eq!(
            unsupported(&ftyp(b"heic", b"mif1")),
            Some(Unsupported::Heif)
        );
        assert_eq!(
            unsupported(&ftyp(b"mif1", b"avif")),
            Some(Unsupported::Avif)
        );
        assert_eq!(unsupported(&ftyp(b"isom", b"mp41")), None);
    }

    #[test]
    fn jpeg_trailing_bytes_after_eoi_are_allowed() {
        let mut j = vec![0xFF, 0xD8, 0xFF, 0xC0, 0, 11, 8, 0, 2, 0, 2, 1, 1, 0x11, 0];
        j.extend([0xFF, 0xDA, 0, 2, 0x12, 0x34]);
        assert!(matches!(probe_bytes(&j), Err(Problem::Truncated(..))));
        j.extend([0xFF, 0xD9, b'x', b'y']);
        assert_eq!(probe_bytes(&j).map(|h| h.pixels), Ok((2, 2)));
    }

    #[test]
    fn jpeg_codings_neither_backend_reads_are_refused() {
        let sof = |marker: u8, precision: u8| {
            vec![
                0xFF, 0xD8, 0xFF, marker, 0, 11, precision, 0, 2, 0, 2, 1, 1, 0x11, 0,
            ]
        };
        assert!(probe_bytes(&sof(0xC2, 8)).is_err(), "no scan: truncated");
        assert!(read_header(&sof(0xC2, 8)).is_ok(), "progressive is fine");
        for (m, how) in [
            (0xC3, "is lossless-coded"),
            (0xC9, "is arithmetic-coded"),
            (0xC5, "is hierarchically coded"),
        ] {
            assert_eq!(
                read_header(&sof(m, 8)),
                Err(Problem::Unsupported(Unsupported::JpegCoding(how)))
            );
        }
        assert_eq!(
            read_header(&sof(0xC1, 12)),
            Err(Problem::Unsupported(Unsupported::JpegCoding(
                "uses 12-bit samples"
            )))
        );
    }
}

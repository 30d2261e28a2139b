//! Photos resampled for print (`[print] max_ppi`, off by default): a photo
//! that would print above the limit is brought to [`PRINT_PPI`] at its
//! printed size and encoded at high quality ([`convert_for_print`]); every
//! other photo, and every photo when the setting is off, goes into the print
//! PDF byte for byte.
//!
//! Kept as they are, with a warning, whatever their resolution: CMYK and
//! greyscale JPEGs (the pipeline works in RGB, and a press should get their
//! inks as the photo desk made them) and PNGs with their own colour profile.

use super::convert::convert_for_print;
use super::screen::{Resampled, cached};
use super::{cache_key, convert::PRINT_JPEG_QUALITY};
use crate::diag::Diagnostic;
use std::path::Path;

/// The resolution a resampled photo gets at its printed size: what offset
/// printing at 150–175 lpi needs.
pub const PRINT_PPI: f32 = 300.0;

/// What the print PDF shows for the photo at `path` (`long_px` pixels on
/// its longest edge, printed `long_pt` points long) under `max_ppi`: `None`
/// for the file as it is, else the resampled photo; and a warning when it is
/// over the limit but kept as it is.
pub fn print_photo(
    path: &Path,
    long_px: u32,
    long_pt: f32,
    max_ppi: f32,
    cache_dir: Option<&Path>,
) -> Result<(Option<Resampled>, Option<Diagnostic>), Vec<Diagnostic>> {
    if long_pt <= 0.0 {
        return Ok((None, None));
    }
    let ppi = long_px as f32 / (long_pt / 72.0);
    // Compared as printed (whole ppi), as the preflight does.
    if ppi.round() <= max_ppi {
        return Ok((None, None));
    }
    let name = path.display().to_string();
    let fail = |e: String| {
        vec![Diagnostic::error(format!("failed to resample {name} for print ({e})")).in_file(path)]
    };
    let bytes = crate::read_once::read(path).map_err(|e| fail(e.to_string()))?;
    if let Some(why) = kept_as_is(&bytes) {
        let note = Diagnostic::warning(format!(
            "photo {name} prints at {ppi:.0} ppi, above `max_ppi = {max_ppi:.0}`, but is kept as it is: it is {why}"
        ))
        .in_file(path)
        .hint("resample it yourself to 300 ppi at its printed size if the file is too large");
        return Ok((None, Some(note)));
    }
    let px = (long_pt / 72.0 * PRINT_PPI).ceil() as u32;
    let key = format!("{}-print-{PRINT_JPEG_QUALITY}", cache_key(&bytes, px));
    let encoded = cached(&key, cache_dir, || convert_for_print(&bytes, px)).map_err(fail)?;
    Ok((Some(encoded.into()), None))
}

/// Why a photo is not resampled for print, if it is not.
fn kept_as_is(b: &[u8]) -> Option<&'static str> {
    if b.starts_with(&[0xFF, 0xD8]) {
        return match crate::probe::jpeg_components(b) {
            Some(4) => Some("a CMYK JPEG"),
            Some(1) => Some("a greyscale JPEG"),
            _ => None,
        };
    }
    if b.starts_with(b"\x89PNG") && png_has_profile(b) {
        return Some("a PNG with its own colour profile");
    }
    None
}

/// Whether a PNG has an `iCCP` chunk before its image data.
fn png_has_profile(b: &[u8]) -> bool {
    let mut i = 8;
    while i + 8 <= b.len() {
        let len = u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]) as usize;
        match &b[i + 4..i + 8] {
            b"iCCP" => return true,
            b"IDAT" | b"IEND" => return false,
            _ => {}
        }
        i += 12 + len;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `w`×`h` RGB JPEG with an APP2 ICC segment holding `profile`.
    fn jpeg_with_profile(w: u32, h: u32, profile: &[u8]) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
        });
        let mut plain = Vec::new();
        image::DynamicImage::ImageRgb8(img)
            .write_to(
                &mut std::io::Cursor::new(&mut plain),
                image::ImageFormat::Jpeg,
            )
            .unwrap();
        let payload = [b"ICC_PROFILE\0\x01\x01".as_slice(), profile].concat();
        let len = (payload.len() + 2) as u16;
        [
            &plain[..2],
            &[0xFF, 0xE2],
            &len.to_be_bytes(),
            &payload,
            &plain[2..],
        ]
        .concat()
    }

    /// The sampling factors of each component in a JPEG's frame header.
    fn sampling(b: &[u8]) -> Vec<u8> {
        let sof = b.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
        let n = b[sof + 9] as usize;
        (0..n).map(|k| b[sof + 11 + 3 * k]).collect()
    }

    #[test]
    fn a_photo_over_the_limit_is_resampled_to_300_ppi_keeping_its_profile() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.jpg");
        let profile: Vec<u8> = (0..200u8).collect();
        std::fs::write(&path, jpeg_with_profile(3000, 2000, &profile)).unwrap();
        // 3000 px across 4 in: 750 ppi.
        let (out, warning) = print_photo(&path, 3000, 4.0 * 72.0, 450.0, None).unwrap();
        assert!(warning.is_none());
        let out = out.expect("resampled");
        assert_eq!(out.pixels, (1200, 800));
        assert!(!out.png);
        let b = &out.data;
        let kept = crate::probe::jpeg_icc_segments(b);
        assert_eq!(kept.len(), 1);
        assert_eq!(
            &kept[0][14..],
            profile.as_slice(),
            "the profile is carried over"
        );
        assert_eq!(sampling(b), [0x11, 0x11, 0x11], "4:4:4");
    }

    #[test]
    fn a_photo_within_the_limit_is_kept_byte_for_byte() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ok.jpg");
        std::fs::write(&path, jpeg_with_profile(1800, 1200, b"p")).unwrap();
        // 1800 px across 4 in: 450 ppi, not over 450.
        let (out, warning) = print_photo(&path, 1800, 4.0 * 72.0, 450.0, None).unwrap();
        assert_eq!(out, None, "kept byte for byte");
        assert!(warning.is_none());
    }

    #[test]
    fn cmyk_and_greyscale_photos_are_kept_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let mut cmyk = mozjpeg::Compress::new(mozjpeg::ColorSpace::JCS_CMYK);
        cmyk.set_size(64, 32);
        let mut started = cmyk.start_compress(Vec::new()).unwrap();
        started.write_scanlines(&vec![40u8; 64 * 32 * 4]).unwrap();
        let cmyk = started.finish().unwrap();
        let mut grey = Vec::new();
        image::DynamicImage::ImageLuma8(image::GrayImage::new(64, 32))
            .write_to(
                &mut std::io::Cursor::new(&mut grey),
                image::ImageFormat::Jpeg,
            )
            .unwrap();
        for (name, bytes, kind) in [("c.jpg", cmyk, "CMYK"), ("g.jpg", grey, "greyscale")] {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            // 64 px across 0.1 in: 640 ppi.
            let (out, warning) = print_photo(&path, 64, 0.1 * 72.0, 450.0, None).unwrap();
            assert_eq!(out, None, "{name} is kept as it is");
            let w = warning.expect("a warning").message;
            assert!(w.contains("640 ppi") && w.contains(kind), "{w}");
        }
    }
}

//! Photos for the screen edition of the PDF (数字报): each resampled to about
//! [`SCREEN_PPI`] at the size it is printed, EXIF orientation applied, JPEG
//! (PNG where there is real transparency), from the same pipeline and caches
//! as the EPUB's photos.
//!
//! A photo smaller than the EPUB's rendition is made from that rendition (a
//! 1600-px JPEG decodes in a few milliseconds), not from the camera file
//! again: in a build of every output the source is decoded once, for the
//! EPUB, and the screen edition costs a small resize and encode per photo.

use super::{Encoded, cache_key, convert, memo_or_convert, read_cache, write_cache};
use crate::diag::Diagnostic;
use std::path::Path;

/// Resolution of the screen edition's photos at their printed size, in
/// pixels per inch: sharp at 100 % on an ordinary screen, and a fifth of the
/// bytes of print resolution.
pub const SCREEN_PPI: f32 = 150.0;

/// A photo resampled for a PDF: its encoded bytes, upright.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resampled {
    /// JPEG or PNG bytes.
    pub data: Vec<u8>,
    /// PNG (real transparency) rather than JPEG.
    pub png: bool,
    /// Pixel size, upright (EXIF orientation applied).
    pub pixels: (u32, u32),
}

impl From<Encoded> for Resampled {
    fn from(e: Encoded) -> Self {
        Resampled {
            png: e.media_type == "image/png",
            pixels: (e.width, e.height),
            data: e.data,
        }
    }
}

/// The screen edition's version of the photo at `path`, printed with its
/// longest edge `long_pt` points long: resampled to [`SCREEN_PPI`] at that
/// size (never enlarged). `epub_px` is the EPUB's longest edge (its
/// rendition is reused), `cache_dir` the photo cache.
pub fn screen_photo(
    path: &Path,
    long_pt: f32,
    epub_px: u32,
    cache_dir: Option<&Path>,
) -> Result<Resampled, Vec<Diagnostic>> {
    let fail = |e: String| {
        vec![
            Diagnostic::error(format!(
                "failed to make the screen edition's photo of {} ({e})",
                path.display()
            ))
            .in_file(path),
        ]
    };
    let bytes = crate::read_once::read(path).map_err(|e| fail(e.to_string()))?;
    let px = target_px(long_pt);
    let from_source = cache_key(&bytes, epub_px.max(1));
    let encoded = if px < epub_px {
        let rendition =
            cached(&from_source, cache_dir, || convert(&bytes, epub_px)).map_err(&fail)?;
        cached(&format!("{from_source}-screen-{px}"), cache_dir, || {
            convert(&rendition.data, px)
        })
    } else {
        cached(&cache_key(&bytes, px), cache_dir, || convert(&bytes, px))
    }
    .map_err(&fail)?;
    Ok(encoded.into())
}

/// The longest edge in pixels that gives [`SCREEN_PPI`] at `long_pt` points.
fn target_px(long_pt: f32) -> u32 {
    ((long_pt / 72.0 * SCREEN_PPI).ceil() as u32).max(16)
}

/// The conversion under `key`: from this process's memo, the disk cache, or
/// `make` (and then kept in both).
pub(super) fn cached(
    key: &str,
    cache_dir: Option<&Path>,
    make: impl FnOnce() -> Result<Encoded, String>,
) -> Result<Encoded, String> {
    let (result, _) = memo_or_convert(key, || {
        if let Some(dir) = cache_dir
            && let Some(hit) = read_cache(dir, key)
        {
            return (Ok(hit), None);
        }
        let made = make();
        if let (Some(dir), Ok(enc)) = (cache_dir, &made) {
            // A cache that cannot be written only costs a conversion next time.
            let _ = write_cache(dir, key, enc);
        }
        (made, None)
    });
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A photo printed 120 mm wide comes out at 150 ppi of that width, in
    /// the photo's proportions, upright, as a JPEG.
    #[test]
    fn a_screen_photo_has_150_ppi_at_its_printed_size() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("source/2023-party-building/photos/village.jpg");
        let w = 120.0 / 25.4 * 72.0;
        let screen = screen_photo(&path, w, 1600, None).unwrap();
        let want = (120.0 / 25.4 * SCREEN_PPI).ceil() as u32;
        assert_eq!(screen.pixels.0, want);
        let ratio = screen.pixels.0 as f32 / screen.pixels.1 as f32;
        assert!((ratio - 1.6).abs() < 0.01, "ratio {ratio}");
        assert!(!screen.png);
        assert_eq!(&screen.data[..2], &[0xFF, 0xD8]);
        assert!(screen.data.len() < 150_000, "{} bytes", screen.data.len());
    }
}

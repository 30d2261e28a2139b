//! JPEG in and out through libjpeg-turbo's code (the `mozjpeg` crate, which
//! builds it from source with `cc`; its SIMD needs `nasm` at build time and is
//! left out, slower but correct, when `nasm` is missing).
//!
//! Decoding uses libjpeg's scaled IDCT: a photo is decoded straight at M/8 of
//! its size, the smallest M whose result still covers the target, so a
//! 2560-px camera photo comes out at 1600 px with no resize at all and a
//! 5640-px one at 3/8 needs only a short Lanczos pass. Encoding is baseline
//! with libjpeg's fastest settings and 4:2:0 chroma.
//!
//! libjpeg reports a fatal error by unwinding out of the C code (the crate's
//! error manager uses `resume_unwind`, so no panic message is printed); every
//! call here is wrapped so that becomes an ordinary error.

use super::size::{MAX_DECODE_BYTES, MAX_DECODE_EDGE, fitted_size};
use image::metadata::Orientation;
use mozjpeg::{ColorSpace, Compress, Decompress, Marker};

/// A JPEG decoded at reduced DCT scale, still in its stored orientation.
pub(super) struct ScaledJpeg {
    /// RGB, 3 bytes a pixel, `width` × `height`.
    pub rgb: Vec<u8>,
    /// The buffer's size: libjpeg rounds each edge of the scaled size up.
    pub width: u32,
    pub height: u32,
    /// The exact area of the picture in the buffer, from the top-left corner:
    /// the stored size × M/8. Where it is fractional, the last row or column
    /// is partly padding, and a resize must use only this area.
    pub area: (f64, f64),
    /// The size to produce, in stored orientation (fitted from the full size).
    pub target: (u32, u32),
    /// What EXIF says to do to show the picture upright.
    pub orientation: Orientation,
}

impl ScaledJpeg {
    /// Whether the buffer is already exactly the target (no resize needed).
    pub fn is_target(&self) -> bool {
        (self.width, self.height) == self.target
            && self.area == (f64::from(self.width), f64::from(self.height))
    }
}

/// Run libjpeg code, turning its fatal errors (an unwind) into `Err` naming
/// what failed (`what`) and libjpeg's own message.
fn guarded<T>(what: &str, f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => {
            let msg = payload
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| payload.downcast_ref::<&str>().copied())
                .unwrap_or("unknown error");
            let msg = msg.strip_prefix("libjpeg fatal error: ").unwrap_or(msg);
            Err(format!("libjpeg could not {what}: {}", msg.trim()))
        }
    }
}

/// The numerator M (of M/8) of the smallest DCT scale whose result covers
/// `target` in both directions: `size × M/8 ≥ target`.
pub(super) fn scale_numerator(size: (u32, u32), target: (u32, u32)) -> u8 {
    let covers = |m: u64| {
        u64::from(size.0) * m >= 8 * u64::from(target.0)
            && u64::from(size.1) * m >= 8 * u64::from(target.1)
    };
    (1..=8u8).find(|&m| covers(u64::from(m))).unwrap_or(8)
}

/// Decode a JPEG at the smallest M/8 scale that still covers the size fitted
/// to `max_px` (0: no limit), as RGB. CMYK (Adobe-inverted or plain ink) and
/// grayscale become RGB; the EXIF orientation is read, not yet applied.
pub(super) fn decode_scaled(bytes: &[u8], max_px: u32) -> Result<ScaledJpeg, String> {
    guarded("decode it", || {
        let mut dec = Decompress::builder()
            .with_markers(&[Marker::APP(1), Marker::APP(14)])
            .from_mem(bytes)
            .map_err(|e| e.to_string())?;
        let (w, h) = (dec.width() as u32, dec.height() as u32);
        if w.max(h) > MAX_DECODE_EDGE || w == 0 || h == 0 {
            return Err(format!(
                "{w}×{h} px is outside the decoding limit of {MAX_DECODE_EDGE} px per edge"
            ));
        }
        let target = if max_px == 0 {
            (w, h)
        } else {
            fitted_size(w, h, max_px)
        };
        let m = scale_numerator((w, h), target);
        dec.scale(m);
        let scaled = |v: u32| (u64::from(v) * u64::from(m)).div_ceil(8);
        // Four bytes a pixel covers the CMYK buffer, the largest one made.
        if scaled(w) * scaled(h) * 4 > MAX_DECODE_BYTES {
            return Err(format!(
                "{w}×{h} px needs more than the decoding limit of {} MB",
                MAX_DECODE_BYTES >> 20
            ));
        }
        let markers = Markers::read(&dec);
        let cmyk = matches!(
            dec.color_space(),
            ColorSpace::JCS_CMYK | ColorSpace::JCS_YCCK
        );
        let (rgb, width, height) = if cmyk {
            let mut started = dec
                .to_colorspace(ColorSpace::JCS_CMYK)
                .map_err(|e| e.to_string())?;
            let (sw, sh) = (started.width() as u32, started.height() as u32);
            let raw: Vec<u8> = started.read_scanlines().map_err(|e| e.to_string())?;
            started.finish().map_err(|e| e.to_string())?;
            (cmyk_to_rgb(&raw, markers.adobe), sw, sh)
        } else {
            let mut started = dec.rgb().map_err(|e| e.to_string())?;
            let (sw, sh) = (started.width() as u32, started.height() as u32);
            let rgb: Vec<u8> = started.read_scanlines().map_err(|e| e.to_string())?;
            started.finish().map_err(|e| e.to_string())?;
            (rgb, sw, sh)
        };
        if rgb.len() != width as usize * height as usize * 3 {
            return Err("the decoder returned fewer rows than the header promises".into());
        }
        let exact = |v: u32| f64::from(v) * f64::from(m) / 8.0;
        Ok(ScaledJpeg {
            rgb,
            width,
            height,
            area: (exact(w), exact(h)),
            target,
            orientation: markers.orientation,
        })
    })
}

/// What the saved APP1 and APP14 segments say.
struct Markers {
    orientation: Orientation,
    /// An APP14 "Adobe" segment: CMYK is then stored inverted.
    adobe: bool,
}

impl Markers {
    fn read<R>(dec: &Decompress<R>) -> Markers {
        let mut m = Markers {
            orientation: Orientation::NoTransforms,
            adobe: false,
        };
        for marker in dec.markers() {
            match marker.marker {
                Marker::APP(1) => {
                    if let Some(tiff) = marker.data.strip_prefix(b"Exif\0\0")
                        && let Some(o) = Orientation::from_exif_chunk(tiff)
                    {
                        m.orientation = o;
                    }
                }
                Marker::APP(14) => m.adobe |= marker.data.starts_with(b"Adobe"),
                _ => {}
            }
        }
        m
    }
}

/// CMYK as libjpeg returns it (the stored values) to RGB by the plain formula
/// `(1 − ink)(1 − K)`, without a colour profile. Adobe's files (those with an
/// APP14 "Adobe" segment, which is nearly all of them) store `1 − ink`; others
/// store the ink itself.
fn cmyk_to_rgb(cmyk: &[u8], adobe: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(cmyk.len() / 4 * 3);
    let paper = |v: u8| u32::from(if adobe { v } else { 255 - v });
    for p in cmyk.chunks_exact(4) {
        let k = paper(p[3]);
        for &v in &p[..3] {
            out.push(((paper(v) * k + 127) / 255) as u8);
        }
    }
    out
}

/// Encode RGB (3 bytes a pixel) as a baseline JPEG at `quality`, 4:2:0.
pub(super) fn encode_rgb(
    rgb: &[u8],
    width: u32,
    height: u32,
    quality: u8,
) -> Result<Vec<u8>, String> {
    encode_rgb_with(rgb, width, height, quality, false, &[])
}

/// [`encode_rgb`], with full-resolution chroma (4:4:4) when `full_chroma`,
/// and the APP2 segments `app2` (an ICC profile, say) written as they are.
pub(super) fn encode_rgb_with(
    rgb: &[u8],
    width: u32,
    height: u32,
    quality: u8,
    full_chroma: bool,
    app2: &[&[u8]],
) -> Result<Vec<u8>, String> {
    guarded("encode it", || {
        let mut c = Compress::new(ColorSpace::JCS_RGB);
        // Resets every parameter, so it comes first.
        c.set_fastest_defaults();
        c.set_size(width as usize, height as usize);
        c.set_quality(f32::from(quality));
        if full_chroma {
            c.set_chroma_sampling_pixel_sizes((1, 1), (1, 1));
        } else {
            c.set_chroma_sampling_pixel_sizes((2, 2), (2, 2));
        }
        let mut started = c
            .start_compress(Vec::with_capacity(rgb.len() / 16))
            .map_err(|e| e.to_string())?;
        for segment in app2 {
            started.write_marker(mozjpeg::Marker::APP(2), segment);
        }
        started.write_scanlines(rgb).map_err(|e| e.to_string())?;
        started.finish().map_err(|e| e.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_is_the_smallest_eighth_that_covers_the_target() {
        // 2560 × 5/8 = 1600 exactly.
        assert_eq!(scale_numerator((2560, 1600), (1600, 1000)), 5);
        // 5640 × 2/8 = 1410 < 1600; 3/8 gives 2115.
        assert_eq!(scale_numerator((5640, 3172), (1600, 900)), 3);
        // Just over the target: full size, then a resize.
        assert_eq!(scale_numerator((1700, 1000), (1600, 941)), 8);
        assert_eq!(scale_numerator((800, 600), (800, 600)), 8);
        // The short edge decides when the long one alone would allow less.
        assert_eq!(scale_numerator((1600, 1600), (200, 1000)), 5);
    }

    #[test]
    fn cmyk_inversion_follows_the_adobe_marker() {
        // Red: no cyan, full magenta and yellow, no black.
        assert_eq!(cmyk_to_rgb(&[0, 255, 255, 0], false), [255, 0, 0]);
        assert_eq!(cmyk_to_rgb(&[255, 0, 0, 255], true), [255, 0, 0]);
        // Half black on white paper.
        assert_eq!(cmyk_to_rgb(&[0, 0, 0, 128], false), [127, 127, 127]);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let bad_marker = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0x12, 0x34];
        for bad in [&b""[..], b"not a jpeg at all", &bad_marker] {
            let e = decode_scaled(bad, 1600).err().expect("refused");
            assert!(!e.is_empty());
        }
        // A libjpeg fatal error (here: a frame header of 0 × 0 px with no
        // components) comes back as its message, not as a panic.
        let empty_frame = [0xFF, 0xD8, 0xFF, 0xC0, 0, 8, 8, 0, 0, 0, 0, 0];
        let e = decode_scaled(&empty_frame, 1600).err().expect("refused");
        assert!(e.starts_with("libjpeg could not decode it: "), "{e}");
    }

    #[test]
    fn a_truncated_jpeg_still_decodes_without_a_panic() {
        // The probe refuses truncated files before any build; should one get
        // here, libjpeg fills the missing rows rather than crash.
        let rgb = vec![90u8; 64 * 48 * 3];
        let jpeg = encode_rgb(&rgb, 64, 48, 82).unwrap();
        for cut in [jpeg.len() / 2, jpeg.len() - 2, 200] {
            let _ = decode_scaled(&jpeg[..cut], 1600);
        }
    }
}

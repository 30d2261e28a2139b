//! Photo headers: pixel size, format and EXIF orientation, read without
//! decoding the picture (the PDF embeds the JPEG bytes untouched). The loader
//! has usually probed every photo already ([`crate::model::Asset::header`]).

use crate::diag::Diagnostic;
use crate::frame::ImageFormat;
use crate::model::{Asset, PhotoFormat, PhotoHeader};
use crate::probe::{self, Problem};
use std::io::Read;
use std::path::Path;

/// How much of a file to read first: JPEG headers (APP1 with EXIF, SOF) sit in
/// the first few tens of KB; a camera's embedded thumbnail can push SOF further,
/// in which case the whole file is read.
const HEADER_PREFIX_BYTES: u64 = 256 * 1024;

/// What the page builder needs to know about a photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PhotoInfo {
    /// Encoded format.
    pub format: ImageFormat,
    /// Pixel size as stored.
    pub pixels: (u32, u32),
    /// EXIF orientation 1–8.
    pub orientation: u8,
}

impl PhotoInfo {
    /// Pixel size as displayed (orientations 5–8 swap the axes).
    pub(crate) fn display_pixels(&self) -> (u32, u32) {
        let (w, h) = self.pixels;
        if (5..=8).contains(&self.orientation) {
            (h, w)
        } else {
            (w, h)
        }
    }
}

/// The header of an asset: the one the load-time probe stored on it, or read
/// now when the model was built without the probe.
pub(crate) fn probe_asset(asset: &Asset) -> Result<PhotoInfo, Diagnostic> {
    match asset.header {
        Some(h) => Ok(info_of(h)),
        None => probe(&asset.path),
    }
}

/// The page builder's view of a probed header.
fn info_of(h: PhotoHeader) -> PhotoInfo {
    PhotoInfo {
        format: match h.format {
            PhotoFormat::Jpeg => ImageFormat::Jpeg,
            PhotoFormat::Png => ImageFormat::Png,
            PhotoFormat::Webp => ImageFormat::Webp,
        },
        pixels: h.pixels,
        orientation: h.orientation,
    }
}

/// Read a photo's header with the source probe's header reader (formats,
/// size limits), from the file's first bytes. Errors name the file and the cause.
pub(crate) fn probe(path: &Path) -> Result<PhotoInfo, Diagnostic> {
    let fail = |why: String| {
        Diagnostic::error(format!("failed to read photo ({why})"))
            .in_file(path)
            .hint("use a JPEG, PNG or WebP file")
    };
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(HEADER_PREFIX_BYTES).read_to_end(&mut head))
        .map_err(|e| fail(e.to_string()))?;
    let header = match probe::read_header(&head) {
        // The frame header may lie past the prefix (a big EXIF thumbnail).
        Err(Problem::Truncated(..)) if head.len() as u64 == HEADER_PREFIX_BYTES => {
            let all = std::fs::read(path).map_err(|e| fail(e.to_string()))?;
            probe::read_header(&all)
        }
        other => other,
    };
    header.map(info_of).map_err(|p| fail(p.to_string()))
}

/// The start of every low-resolution finding's message.
const PREFIX: &str = "photo `";
/// What every low-resolution finding's message holds after the numbers.
const NEEDS: &str = "; print needs ";

/// Points in an inch.
const PT_PER_INCH: f32 = 72.0;

/// The finding for photo `href` of `pixels` (as displayed) printed
/// `width_pt` wide, when that is under `min_ppi` (a warning): the one wording
/// of this finding, for `check`, `build` and the page builder.
pub fn resolution_finding(
    href: &str,
    (w, h): (u32, u32),
    width_pt: f32,
    min_ppi: f32,
) -> Option<Diagnostic> {
    let inches = width_pt / PT_PER_INCH;
    let ppi = w as f32 / inches;
    if ppi.round() >= min_ppi {
        return None;
    }
    let mm = inches * 25.4;
    let msg = format!(
        "{PREFIX}{href}` prints at {ppi:.0} ppi ({w}×{h} px across {mm:.0} mm){NEEDS}{min_ppi:.0}"
    );
    let need = (inches * min_ppi).ceil() as u32;
    Some(Diagnostic::warning(msg).hint(format!(
        "use a photo at least {need} px wide, or accept a soft print"
    )))
}

/// Whether `d` is a finding of [`resolution_finding`].
pub fn is_low_resolution(d: &Diagnostic) -> bool {
    d.message.starts_with(PREFIX) && d.message.contains(" ppi (") && d.message.contains(NEEDS)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A minimal JPEG header: SOI, an APP1 EXIF block with `orientation`, SOF0 of w×h, SOS.
    pub(crate) fn fake_jpeg(w: u16, h: u16, orientation: u16, big_endian: bool) -> Vec<u8> {
        let mut tiff = Vec::new();
        let p16 = |v: u16, out: &mut Vec<u8>| {
            out.extend(if big_endian {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            })
        };
        let p32 = |v: u32, out: &mut Vec<u8>| {
            out.extend(if big_endian {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            })
        };
        tiff.extend(if big_endian { b"MM" } else { b"II" });
        p16(42, &mut tiff);
        p32(8, &mut tiff);
        p16(1, &mut tiff); // one entry
        p16(0x0112, &mut tiff);
        p16(3, &mut tiff); // SHORT
        p32(1, &mut tiff);
        p16(orientation, &mut tiff);
        p16(0, &mut tiff);
        p32(0, &mut tiff);
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend(tiff);
        let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
        out.extend(((app1.len() + 2) as u16).to_be_bytes());
        out.extend(app1);
        out.extend([0xFF, 0xC0, 0, 11, 8]);
        out.extend(h.to_be_bytes());
        out.extend(w.to_be_bytes());
        out.extend([1, 1, 0x11, 0]);
        out.extend([0xFF, 0xDA, 0, 2]);
        out
    }

    #[test]
    fn reads_size_and_orientation_from_headers() {
        for be in [false, true] {
            let j = fake_jpeg(640, 480, 6, be);
            let h = probe::read_header(&j).unwrap();
            assert_eq!((h.pixels, h.orientation), ((640, 480), 6));
        }
        let info = PhotoInfo {
            format: ImageFormat::Jpeg,
            pixels: (640, 480),
            orientation: 6,
        };
        assert_eq!(info.display_pixels(), (480, 640));
    }

    #[test]
    fn missing_or_broken_exif_means_upright() {
        let mut j = fake_jpeg(10, 20, 6, false);
        j[6..12].copy_from_slice(b"Nope\0\0");
        let h = probe::read_header(&j).unwrap();
        assert_eq!((h.pixels, h.orientation), ((10, 20), 1));
        assert!(probe::read_header(&[0xFF, 0xD8, 0xFF]).is_err());
    }

    #[test]
    fn the_finding_says_ppi_width_and_need() {
        // 1707 px across the default 409.5 pt column is 300 ppi.
        assert!(resolution_finding("a.jpg", (1707, 1000), 409.5, 300.0).is_none());
        let d = resolution_finding("a.jpg", (400, 300), 409.5, 300.0).unwrap();
        assert_eq!(
            d.message,
            "photo `a.jpg` prints at 70 ppi (400×300 px across 144 mm); print needs 300"
        );
        assert!(d.hints[0].contains("1707 px"));
        assert!(is_low_resolution(&d));
        assert!(!is_low_resolution(&Diagnostic::warning(
            "photo `a.jpg` not found"
        )));
    }
}

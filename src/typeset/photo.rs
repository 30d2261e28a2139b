//! Photo headers: pixel size, format and EXIF orientation, read without
//! decoding the picture (the PDF embeds the JPEG bytes untouched).

use crate::diag::Diagnostic;
use crate::frame::ImageFormat;
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

/// Read a photo's header. Errors name the file and the cause.
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
    if head.starts_with(&[0xFF, 0xD8]) {
        let parsed = match scan_jpeg(&head) {
            Some(p) => Some(p),
            None => {
                let all = std::fs::read(path).map_err(|e| fail(e.to_string()))?;
                scan_jpeg(&all)
            }
        };
        let (pixels, orientation) = parsed.ok_or_else(|| fail("no JPEG frame header".into()))?;
        return Ok(PhotoInfo {
            format: ImageFormat::Jpeg,
            pixels,
            orientation,
        });
    }
    let format = match image::guess_format(&head) {
        Ok(image::ImageFormat::Png) => ImageFormat::Png,
        Ok(image::ImageFormat::WebP) => ImageFormat::Webp,
        Ok(other) => return Err(fail(format!("unsupported format {other:?}"))),
        Err(e) => return Err(fail(e.to_string())),
    };
    let pixels = image::ImageReader::open(path)
        .and_then(|r| r.with_guessed_format())
        .map_err(|e| fail(e.to_string()))?
        .into_dimensions()
        .map_err(|e| fail(e.to_string()))?;
    Ok(PhotoInfo {
        format,
        pixels,
        orientation: 1,
    })
}

/// Walk JPEG marker segments up to the start of scan: the frame header gives
/// the pixel size, an APP1 `Exif` segment the orientation. `None` when the
/// data ends before a frame header.
fn scan_jpeg(data: &[u8]) -> Option<((u32, u32), u8)> {
    let mut orientation = 1;
    let mut i = 2;
    while i + 4 <= data.len() {
        if data[i] != 0xFF {
            return None;
        }
        let marker = data[i + 1];
        if marker == 0xFF {
            i += 1; // fill byte
            continue;
        }
        let len = usize::from(u16::from_be_bytes([data[i + 2], data[i + 3]]));
        let body = data.get(i + 4..i + 2 + len)?;
        match marker {
            0xE1 if body.starts_with(b"Exif\0\0") => {
                orientation = exif_orientation(&body[6..]).unwrap_or(1);
            }
            // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                let h = u32::from(u16::from_be_bytes([*body.get(1)?, *body.get(2)?]));
                let w = u32::from(u16::from_be_bytes([*body.get(3)?, *body.get(4)?]));
                return Some(((w, h), orientation));
            }
            0xDA => return None,
            _ => {}
        }
        i += 2 + len;
    }
    None
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
        let b = [
            *tiff.get(o)?,
            *tiff.get(o + 1)?,
            *tiff.get(o + 2)?,
            *tiff.get(o + 3)?,
        ];
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

/// Effective resolution in pixels per inch of a photo shown `width_pt` wide.
pub(crate) fn ppi(info: &PhotoInfo, width_pt: f32) -> f32 {
    info.display_pixels().0 as f32 / (width_pt / 72.0)
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
            assert_eq!(scan_jpeg(&j), Some(((640, 480), 6)));
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
        assert_eq!(scan_jpeg(&j), Some(((10, 20), 1)));
        assert_eq!(scan_jpeg(&[0xFF, 0xD8, 0xFF]), None);
    }

    #[test]
    fn ppi_uses_displayed_width() {
        let info = PhotoInfo {
            format: ImageFormat::Jpeg,
            pixels: (600, 300),
            orientation: 1,
        };
        assert!((ppi(&info, 144.0) - 300.0).abs() < 1e-3);
    }
}

//! Photos for the screen: EXIF orientation applied, scaled down to the
//! longest edge the layout allows, JPEG for photographs and PNG where there is
//! real transparency; CMYK and 16-bit sources become 8-bit RGB(A). Re-encoding
//! also drops camera metadata (GPS positions, serial numbers) from the book.
//!
//! Results are cached by content hash, so a text-only edit does not decode
//! the photos again.

use crate::diag::{Diagnostic, Span};
use crate::model::{Asset, Issue};
use fast_image_resize as fr;
use image::{DynamicImage, ImageDecoder, ImageReader};
use rayon::prelude::*;
use std::io::Cursor;
use std::path::Path;

/// JPEG quality for photographs: at 82 photos at reading sizes show no
/// visible blocking while staying near a quarter of quality-95 sizes.
pub(crate) const JPEG_QUALITY: u8 = 82;

/// Bumped whenever the processing changes, so old cache entries are not reused.
const PIPELINE_VERSION: &str = "reportbook-epub-image-1";

/// A processed image ready for the container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EpubImage {
    /// Manifest id.
    pub id: String,
    /// Path relative to the package document (`images/village.jpg`).
    pub href: String,
    /// `image/jpeg` or `image/png`.
    pub media_type: &'static str,
    /// Pixel size.
    pub width: u32,
    pub height: u32,
    /// Encoded bytes.
    pub data: Vec<u8>,
}

/// Encoded output of one photo, before it gets a name.
#[derive(Debug, Clone)]
pub(crate) struct Encoded {
    pub media_type: &'static str,
    pub width: u32,
    pub height: u32,
    pub data: Vec<u8>,
}

impl Encoded {
    fn extension(&self) -> &'static str {
        if self.media_type == "image/png" {
            "png"
        } else {
            "jpg"
        }
    }
}

/// One photo's result: the encoded image and its warnings, or the error.
type Converted = Result<(Encoded, Vec<Diagnostic>), Diagnostic>;
/// Processed images (one per asset) and warnings, or the errors.
type Processed = Result<(Vec<Option<EpubImage>>, Vec<Diagnostic>), Vec<Diagnostic>>;

/// Process every asset the book shows (figures and the cover), in parallel.
/// Returns one entry per asset (None for assets nothing refers to) and warnings.
pub(crate) fn process_assets(
    issue: &Issue,
    used: &[bool],
    max_px: u32,
    cache_dir: Option<&Path>,
) -> Processed {
    let results: Vec<Option<Converted>> = issue
        .assets
        .par_iter()
        .enumerate()
        .map(|(i, asset)| {
            used.get(i)
                .copied()
                .unwrap_or(false)
                .then(|| process_asset(issue, asset, max_px, cache_dir))
        })
        .collect();
    let mut images = Vec::with_capacity(results.len());
    let mut warnings = Vec::new();
    let mut errors = Vec::new();
    let mut taken = std::collections::BTreeSet::new();
    for (i, r) in results.into_iter().enumerate() {
        match r {
            None => images.push(None),
            Some(Err(e)) => {
                errors.push(e);
                images.push(None);
            }
            Some(Ok((enc, w))) => {
                warnings.extend(w);
                let name = unique_name(&issue.assets[i].href, i, enc.extension(), &mut taken);
                images.push(Some(EpubImage {
                    id: format!("img-{}", name.replace('.', "-")),
                    href: format!("images/{name}"),
                    media_type: enc.media_type,
                    width: enc.width,
                    height: enc.height,
                    data: enc.data,
                }));
            }
        }
    }
    if errors.is_empty() {
        Ok((images, warnings))
    } else {
        Err(errors)
    }
}

/// A file name for asset `index`: its stem reduced to ASCII letters, digits
/// and `-` (safe in URLs and in every reading system's ZIP code), made unique.
fn unique_name(
    href: &str,
    index: usize,
    ext: &str,
    taken: &mut std::collections::BTreeSet<String>,
) -> String {
    let stem = Path::new(href)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("");
    let mut clean: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .trim_matches('-')
        .to_string();
    if clean.is_empty() || !clean.starts_with(|c: char| c.is_ascii_alphabetic()) {
        clean = format!(
            "photo{}{}",
            index + 1,
            if clean.is_empty() {
                String::new()
            } else {
                format!("-{clean}")
            }
        );
    }
    let mut name = format!("{clean}.{ext}");
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{clean}-{n}.{ext}");
        n += 1;
    }
    taken.insert(name.clone());
    name
}

fn asset_span(issue: &Issue, asset: &Asset) -> Span {
    Span::new(issue.article.clone(), asset.span.clone())
}

/// Read, and either fetch from the cache or convert, one photo.
fn process_asset(issue: &Issue, asset: &Asset, max_px: u32, cache_dir: Option<&Path>) -> Converted {
    let bytes = std::fs::read(&asset.path).map_err(|e| {
        Diagnostic::error(format!("failed to read photo {} ({e})", asset.href))
            .at(asset_span(issue, asset))
    })?;
    let key = cache_key(&bytes, max_px);
    let mut warnings = Vec::new();
    if let Some(dir) = cache_dir
        && let Some(hit) = read_cache(dir, &key)
    {
        return Ok((hit, warnings));
    }
    let encoded = convert(&bytes, max_px).map_err(|e| {
        Diagnostic::error(format!("failed to decode photo {} ({e})", asset.href))
            .at(asset_span(issue, asset))
            .hint("save it as JPEG or PNG")
    })?;
    if let Some(dir) = cache_dir
        && let Err(e) = write_cache(dir, &key, &encoded)
    {
        warnings.push(Diagnostic::warning(format!(
            "failed to write image cache in {} ({e})",
            dir.display()
        )));
    }
    Ok((encoded, warnings))
}

/// Hash of the source bytes and every setting that shapes the result.
fn cache_key(bytes: &[u8], max_px: u32) -> String {
    let mut h = blake3::Hasher::new();
    h.update(PIPELINE_VERSION.as_bytes());
    h.update(&max_px.to_le_bytes());
    h.update(&[JPEG_QUALITY]);
    h.update(bytes);
    h.finalize().to_hex().to_string()
}

fn read_cache(dir: &Path, key: &str) -> Option<Encoded> {
    for (ext, media_type) in [("jpg", "image/jpeg"), ("png", "image/png")] {
        let path = dir.join(format!("{key}.{ext}"));
        if let Ok(data) = std::fs::read(&path) {
            let (width, height) = ImageReader::new(Cursor::new(&data))
                .with_guessed_format()
                .ok()?
                .into_dimensions()
                .ok()?;
            return Some(Encoded {
                media_type,
                width,
                height,
                data,
            });
        }
    }
    None
}

/// Write atomically (temporary file, then rename) so a crash never leaves half a file.
fn write_cache(dir: &Path, key: &str, enc: &Encoded) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    // Unique per process and call: two jobs may convert the same photo at once.
    static SEQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!("{key}.{}-{n}.tmp", std::process::id()));
    std::fs::write(&tmp, &enc.data)?;
    std::fs::rename(&tmp, dir.join(format!("{key}.{}", enc.extension())))
}

/// Decode, orient, scale and encode one photo.
pub(crate) fn convert(bytes: &[u8], max_px: u32) -> Result<Encoded, String> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    img.apply_orientation(orientation);
    let keep_alpha = has_transparency(&img);
    let img = if keep_alpha {
        DynamicImage::ImageRgba8(img.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(img.into_rgb8())
    };
    let img = scale_down(img, max_px)?;
    if keep_alpha {
        encode_png(&img)
    } else {
        encode_jpeg(&img)
    }
}

/// Whether any pixel is less than opaque (an alpha channel that is all 255 does not count).
fn has_transparency(img: &DynamicImage) -> bool {
    if !img.color().has_alpha() {
        return false;
    }
    img.to_rgba8().pixels().any(|p| p.0[3] < u8::MAX)
}

/// The size that fits `max_px` on the long edge, keeping the aspect ratio.
pub(crate) fn fitted_size(width: u32, height: u32, max_px: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= max_px || max_px == 0 {
        return (width, height);
    }
    let scale = f64::from(max_px) / f64::from(long);
    let fit = |v: u32| ((f64::from(v) * scale).round() as u32).clamp(1, max_px);
    (fit(width), fit(height))
}

/// Lanczos3 downscale with fast_image_resize (an order of magnitude faster than `image`'s).
fn scale_down(img: DynamicImage, max_px: u32) -> Result<DynamicImage, String> {
    let (w, h) = (img.width(), img.height());
    let (nw, nh) = fitted_size(w, h, max_px);
    if (nw, nh) == (w, h) {
        return Ok(img);
    }
    let (pixel_type, alpha) = match &img {
        DynamicImage::ImageRgba8(_) => (fr::PixelType::U8x4, true),
        _ => (fr::PixelType::U8x3, false),
    };
    let src = fr::images::Image::from_vec_u8(w, h, img.into_bytes(), pixel_type)
        .map_err(|e| e.to_string())?;
    let mut dst = fr::images::Image::new(nw, nh, pixel_type);
    let opts = fr::ResizeOptions::new()
        .resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3))
        .use_alpha(alpha);
    fr::Resizer::new()
        .resize(&src, &mut dst, &opts)
        .map_err(|e| e.to_string())?;
    let buf = dst.into_vec();
    let out = if alpha {
        image::RgbaImage::from_raw(nw, nh, buf).map(DynamicImage::ImageRgba8)
    } else {
        image::RgbImage::from_raw(nw, nh, buf).map(DynamicImage::ImageRgb8)
    };
    out.ok_or_else(|| "resized buffer has the wrong size".to_string())
}

fn encode_jpeg(img: &DynamicImage) -> Result<Encoded, String> {
    let mut data = Vec::new();
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut data, JPEG_QUALITY);
    img.write_with_encoder(enc).map_err(|e| e.to_string())?;
    Ok(Encoded {
        media_type: "image/jpeg",
        width: img.width(),
        height: img.height(),
        data,
    })
}

pub(crate) fn encode_png(img: &DynamicImage) -> Result<Encoded, String> {
    let mut data = Vec::new();
    let enc = image::codecs::png::PngEncoder::new_with_quality(
        &mut data,
        image::codecs::png::CompressionType::Best,
        image::codecs::png::FilterType::Adaptive,
    );
    img.write_with_encoder(enc).map_err(|e| e.to_string())?;
    Ok(Encoded {
        media_type: "image/png",
        width: img.width(),
        height: img.height(),
        data,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitted_size_keeps_aspect_and_caps_long_edge() {
        assert_eq!(fitted_size(5640, 3172, 1600), (1600, 900));
        assert_eq!(fitted_size(3000, 4000, 1600), (1200, 1600));
        assert_eq!(fitted_size(800, 600, 1600), (800, 600));
    }

    #[test]
    fn opaque_png_becomes_jpeg_and_transparent_png_stays_png() {
        let mut opaque = image::RgbaImage::from_pixel(40, 20, image::Rgba([10, 200, 30, 255]));
        opaque.put_pixel(0, 0, image::Rgba([0, 0, 0, 255]));
        let png = encode_png(&DynamicImage::ImageRgba8(opaque)).unwrap().data;
        let out = convert(&png, 16).unwrap();
        assert_eq!(
            (out.media_type, out.width, out.height),
            ("image/jpeg", 16, 8)
        );

        let clear = image::RgbaImage::from_pixel(40, 20, image::Rgba([10, 200, 30, 100]));
        let png = encode_png(&DynamicImage::ImageRgba8(clear)).unwrap().data;
        let out = convert(&png, 16).unwrap();
        assert_eq!(
            (out.media_type, out.width, out.height),
            ("image/png", 16, 8)
        );
    }

    /// A JPEG whose EXIF says "rotate 90° clockwise to display" (orientation 6).
    fn rotated_jpeg(w: u32, h: u32) -> Vec<u8> {
        use image::ImageEncoder;
        // Big-endian TIFF header, one IFD entry: Orientation (0x0112), SHORT, 1, value 6.
        let exif: Vec<u8> = [
            b"MM\0\x2a".as_slice(),
            &[
                0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0,
            ],
        ]
        .concat();
        let img = image::RgbImage::from_fn(w, h, |x, _| {
            image::Rgb([if x < w / 2 { 255 } else { 0 }, 0, 0])
        });
        let mut data = Vec::new();
        let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut data, 90);
        enc.set_exif_metadata(exif).unwrap();
        enc.write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
            .unwrap();
        data
    }

    #[test]
    fn exif_orientation_is_applied_and_metadata_dropped() {
        let src = rotated_jpeg(64, 32);
        let out = convert(&src, 1600).unwrap();
        assert_eq!(
            (out.width, out.height),
            (32, 64),
            "rotated to display orientation"
        );
        // Rotated 90° clockwise: the red left half of the source is now the top half.
        let img = image::load_from_memory(&out.data).unwrap().to_rgb8();
        assert!(img.get_pixel(16, 8).0[0] > 200 && img.get_pixel(16, 56).0[0] < 60);
        // The orientation tag is not carried over (it would rotate the photo twice).
        let mut dec = image::ImageReader::new(Cursor::new(&out.data))
            .with_guessed_format()
            .unwrap()
            .into_decoder()
            .unwrap();
        assert_eq!(
            dec.orientation().unwrap(),
            image::metadata::Orientation::NoTransforms
        );
    }

    #[test]
    fn cmyk_jpeg_becomes_rgb_with_its_colours() {
        // 48×24, red left half, blue right half, saved as CMYK by ImageMagick.
        let src = include_bytes!("../../tests/epub/cmyk.jpg");
        let out = convert(src, 1600).unwrap();
        assert_eq!(out.media_type, "image/jpeg");
        let img = image::load_from_memory(&out.data).unwrap();
        assert_eq!(img.color(), image::ColorType::Rgb8);
        let rgb = img.to_rgb8();
        let [r, _, b] = rgb.get_pixel(6, 12).0;
        assert!(
            r > 150 && b < 80,
            "left half is red: {:?}",
            rgb.get_pixel(6, 12)
        );
        let [r, _, b] = rgb.get_pixel(42, 12).0;
        assert!(
            b > 120 && r < 80,
            "right half is blue: {:?}",
            rgb.get_pixel(42, 12)
        );
    }

    #[test]
    fn names_are_ascii_and_unique() {
        let mut taken = Default::default();
        assert_eq!(
            unique_name("photos/Village.JPG", 0, "jpg", &mut taken),
            "village.jpg"
        );
        assert_eq!(
            unique_name("other/village.jpg", 1, "jpg", &mut taken),
            "village-2.jpg"
        );
        assert_eq!(
            unique_name("photos/乡村.jpg", 2, "jpg", &mut taken),
            "photo3.jpg"
        );
    }
}

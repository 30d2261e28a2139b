//! Photos for the screen: EXIF orientation applied, scaled down to the
//! longest edge the layout allows, JPEG for photographs and PNG where there is
//! real transparency; CMYK and 16-bit sources become 8-bit RGB(A). Re-encoding
//! also drops camera metadata (GPS positions, serial numbers) from the book.
//!
//! Results are cached by content hash, so a text-only edit does not decode
//! the photos again: on disk under the output folder, and in memory for the
//! life of the process, so a batch whose issues share a photo converts it
//! once (and two issues asking for it at the same moment wait for one
//! conversion instead of both doing it).
//!
//! JPEGs much larger than the target are decoded at 1/2, 1/4 or 1/8 scale in
//! the DCT domain (`jpeg-decoder`'s scaled IDCT), which skips most of the
//! decoding and resizing work for camera-sized photos.

use crate::diag::{Diagnostic, Span};
use crate::model::{Asset, Issue};
use fast_image_resize as fr;
use image::{DynamicImage, ImageDecoder, ImageReader};
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

/// JPEG quality for photographs: at 82 photos at reading sizes show no
/// visible blocking while staying near a quarter of quality-95 sizes.
pub(crate) const JPEG_QUALITY: u8 = 82;

/// Bumped whenever the processing changes, so old cache entries are not reused.
const PIPELINE_VERSION: &str = "reportbook-epub-image-2";

/// Largest buffer one decode may allocate. A 60-megapixel camera photo needs
/// about 180 MB as RGB; anything claiming more is refused before decoding, so
/// a small crafted file (a "decompression bomb") cannot exhaust memory.
const MAX_DECODE_BYTES: u64 = 256 * 1024 * 1024;

/// Longest edge accepted from a file header, for the same reason.
const MAX_DECODE_EDGE: u32 = 30_000;

/// A JPEG is decoded at reduced scale only when its long edge is at least
/// this many times the target: the scaled IDCT then still leaves at least
/// the target size for the final Lanczos pass, which does the real filtering.
const SCALED_DECODE_MIN_RATIO: u32 = 2;

/// Converted photos kept in memory after their conversion finished, in bytes
/// of encoded output. Enough for every photo of dozens of issues; beyond it
/// results still go to the disk cache but are not held in memory.
const MEMO_BUDGET_BYTES: usize = 64 * 1024 * 1024;

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

/// Read, and either fetch from the caches or convert, one photo.
fn process_asset(issue: &Issue, asset: &Asset, max_px: u32, cache_dir: Option<&Path>) -> Converted {
    let bytes = std::fs::read(&asset.path).map_err(|e| {
        Diagnostic::error(format!("failed to read photo {} ({e})", asset.href))
            .at(asset_span(issue, asset))
    })?;
    let key = cache_key(&bytes, max_px);
    let (result, cache_error) = memo_or_convert(&key, || {
        if let Some(dir) = cache_dir
            && let Some(hit) = read_cache(dir, &key)
        {
            return (Ok(hit), None);
        }
        let encoded = convert(&bytes, max_px);
        let mut cache_error = None;
        if let (Some(dir), Ok(enc)) = (cache_dir, &encoded)
            && let Err(e) = write_cache(dir, &key, enc)
        {
            cache_error = Some(format!(
                "failed to write image cache in {} ({e})",
                dir.display()
            ));
        }
        (encoded, cache_error)
    });
    let warnings = cache_error.into_iter().map(Diagnostic::warning).collect();
    match result {
        Ok(enc) => Ok((enc, warnings)),
        Err(e) => Err(
            Diagnostic::error(format!("failed to decode photo {} ({e})", asset.href))
                .at(asset_span(issue, asset))
                .hint("save it as JPEG or PNG"),
        ),
    }
}

/// A conversion's outcome as the memo holds it, and whether a thread has
/// taken the job of making it.
#[derive(Default)]
struct Slot {
    claimed: std::sync::atomic::AtomicBool,
    result: OnceLock<Result<Encoded, String>>,
}

type MemoEntry = Arc<Slot>;

/// In-process results by cache key, plus the bytes of finished results held.
struct Memo {
    entries: HashMap<String, MemoEntry>,
    held_bytes: usize,
}

fn memo() -> &'static Mutex<Memo> {
    static MEMO: OnceLock<Mutex<Memo>> = OnceLock::new();
    MEMO.get_or_init(|| {
        Mutex::new(Memo {
            entries: HashMap::new(),
            held_bytes: 0,
        })
    })
}

/// The result for `key`: from memory when this process already converted (or
/// is converting) it, else from `work`, run once however many threads ask.
/// The second value is `work`'s warning, seen only by the caller that ran it.
fn memo_or_convert(
    key: &str,
    work: impl FnOnce() -> (Result<Encoded, String>, Option<String>),
) -> (Result<Encoded, String>, Option<String>) {
    let entry = {
        // A poisoned lock only means another thread panicked mid-insert; the map is still usable.
        let mut m = memo().lock().unwrap_or_else(|p| p.into_inner());
        m.entries.entry(key.to_string()).or_default().clone()
    };
    if entry
        .claimed
        .swap(true, std::sync::atomic::Ordering::AcqRel)
    {
        // Another thread is converting it. Meanwhile this core runs other
        // queued work (another issue's PDF, say) rather than sit idle; with
        // nothing queued, it sleeps until the result is there.
        while entry.result.get().is_none() && rayon::yield_now() == Some(rayon::Yield::Executed) {}
        return (entry.result.wait().clone(), None);
    }
    // Should `work` panic, waiting threads get an error rather than wait forever.
    struct FailOnUnwind<'a>(&'a Slot);
    impl Drop for FailOnUnwind<'_> {
        fn drop(&mut self) {
            let _ = self
                .0
                .result
                .set(Err("the conversion stopped unexpectedly".into()));
        }
    }
    let guard = FailOnUnwind(&entry);
    let (r, warning) = work();
    {
        let mut m = memo().lock().unwrap_or_else(|p| p.into_inner());
        let size = r.as_ref().map_or(0, |e| e.data.len());
        if m.held_bytes + size <= MEMO_BUDGET_BYTES {
            m.held_bytes += size;
        } else {
            // Over budget: threads already waiting still get it through
            // their handle; later ones read the disk cache.
            m.entries.remove(key);
        }
    }
    // Only this thread sets it (it claimed the slot); the guard then finds it set.
    let _ = entry.result.set(r.clone());
    drop(guard);
    (r, warning)
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
    let img = match decode_jpeg_scaled(bytes, max_px) {
        Some(img) => img?,
        None => decode_full(bytes)?,
    };
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

/// The decoding limits every photo is read under.
fn decode_limits() -> image::Limits {
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    limits.max_image_width = Some(MAX_DECODE_EDGE);
    limits.max_image_height = Some(MAX_DECODE_EDGE);
    limits
}

/// Decode at full size with `image`, EXIF orientation applied.
fn decode_full(bytes: &[u8]) -> Result<DynamicImage, String> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    reader.limits(decode_limits());
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    decoder
        .set_limits(decode_limits())
        .map_err(|e| e.to_string())?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    img.apply_orientation(orientation);
    Ok(img)
}

/// Decode a JPEG at the smallest DCT scale (1/2, 1/4, 1/8) that still covers
/// `max_px`, EXIF orientation applied. `None` when the file is not a JPEG or
/// not large enough for scaling to help: the caller then decodes it fully.
fn decode_jpeg_scaled(bytes: &[u8], max_px: u32) -> Option<Result<DynamicImage, String>> {
    if max_px == 0 || !bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return None;
    }
    let mut dec = jpeg_decoder::Decoder::new(Cursor::new(bytes));
    dec.read_info().ok()?;
    let info = dec.info()?;
    let (w, h) = (u32::from(info.width), u32::from(info.height));
    if w.max(h) < max_px.saturating_mul(SCALED_DECODE_MIN_RATIO) {
        return None;
    }
    Some(decode_scaled(dec, w, h, max_px))
}

fn decode_scaled(
    mut dec: jpeg_decoder::Decoder<Cursor<&[u8]>>,
    w: u32,
    h: u32,
    max_px: u32,
) -> Result<DynamicImage, String> {
    let (tw, th) = fitted_size(w, h, max_px);
    dec.set_max_decoding_buffer_size(usize::try_from(MAX_DECODE_BYTES).unwrap_or(usize::MAX));
    // Both fit in u16: they are no larger than the header's own u16 size.
    let (sw, sh) = dec.scale(tw as u16, th as u16).map_err(|e| e.to_string())?;
    let pixels = dec.decode().map_err(|e| e.to_string())?;
    let format = dec.info().ok_or("no frame header")?.pixel_format;
    let (sw, sh) = (u32::from(sw), u32::from(sh));
    let img = match format {
        jpeg_decoder::PixelFormat::RGB24 => {
            image::RgbImage::from_raw(sw, sh, pixels).map(DynamicImage::ImageRgb8)
        }
        jpeg_decoder::PixelFormat::L8 => {
            image::GrayImage::from_raw(sw, sh, pixels).map(DynamicImage::ImageLuma8)
        }
        jpeg_decoder::PixelFormat::CMYK32 => {
            image::RgbImage::from_raw(sw, sh, cmyk_to_rgb(&pixels)).map(DynamicImage::ImageRgb8)
        }
        jpeg_decoder::PixelFormat::L16 => None,
    };
    let mut img = img.ok_or("unsupported JPEG pixel format")?;
    img.apply_orientation(exif_orientation(dec.exif_data()));
    Ok(img)
}

/// Ink amounts (the decoder has already undone Adobe's inverted storage) to
/// RGB by the plain formula `(1 − ink)(1 − K)`, without a colour profile, as
/// the full-size path does.
fn cmyk_to_rgb(cmyk: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(cmyk.len() / 4 * 3);
    for p in cmyk.chunks_exact(4) {
        let paper = 255 - u32::from(p[3]);
        for &ink in &p[..3] {
            out.push((((255 - u32::from(ink)) * paper + 127) / 255) as u8);
        }
    }
    out
}

/// The orientation an EXIF block (TIFF header onwards) asks for.
fn exif_orientation(exif: Option<&[u8]>) -> image::metadata::Orientation {
    exif.and_then(image::metadata::Orientation::from_exif_chunk)
        .unwrap_or(image::metadata::Orientation::NoTransforms)
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
    fn exif_orientation_is_applied_when_decoding_at_reduced_scale() {
        // 64 px long edge, 16 px target: taken by the scaled-IDCT path.
        let src = rotated_jpeg(64, 32);
        assert!(decode_jpeg_scaled(&src, 16).is_some());
        let out = convert(&src, 16).unwrap();
        assert_eq!((out.width, out.height), (8, 16));
        let img = image::load_from_memory(&out.data).unwrap().to_rgb8();
        assert!(img.get_pixel(4, 2).0[0] > 200 && img.get_pixel(4, 14).0[0] < 60);
    }

    #[test]
    fn scaled_decode_matches_full_decode() {
        // A smooth gradient: both paths must give nearly the same pixels.
        use image::ImageEncoder;
        let (w, h) = (256, 128);
        let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8, (y * 2) as u8, 128]));
        let mut src = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut src, 95)
            .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
            .unwrap();
        let scaled = decode_jpeg_scaled(&src, 64).unwrap().unwrap().into_rgb8();
        assert!(scaled.width() < w, "decoded at reduced scale");
        let full = decode_full(&src).unwrap();
        let full = scale_down(DynamicImage::ImageRgb8(full.into_rgb8()), 64).unwrap();
        let scaled = scale_down(DynamicImage::ImageRgb8(scaled), 64).unwrap();
        let (a, b) = (full.into_rgb8(), scaled.into_rgb8());
        assert_eq!(a.dimensions(), b.dimensions());
        let worst = a
            .as_raw()
            .iter()
            .zip(b.as_raw())
            .map(|(p, q)| p.abs_diff(*q))
            .max()
            .unwrap();
        assert!(worst <= 12, "largest channel difference {worst}");
    }

    #[test]
    fn oversized_header_is_refused_before_decoding() {
        // A PNG header claiming 40000×40000 pixels (4.8 GB as RGB), no data.
        let mut png = Vec::new();
        let enc = image::codecs::png::PngEncoder::new(&mut png);
        use image::ImageEncoder;
        enc.write_image(&[0; 3], 1, 1, image::ExtendedColorType::Rgb8)
            .unwrap();
        // IHDR width and height sit at bytes 16..24; the CRC is then wrong,
        // which decoders may report instead: either way it must be an error.
        png[16..20].copy_from_slice(&40_000u32.to_be_bytes());
        png[20..24].copy_from_slice(&40_000u32.to_be_bytes());
        assert!(convert(&png, 1600).is_err());
    }

    #[test]
    fn concurrent_requests_for_one_photo_convert_it_once() {
        let runs = std::sync::atomic::AtomicUsize::new(0);
        let key = format!("test-key-{}", std::process::id());
        let results: Vec<_> = (0..8)
            .into_par_iter()
            .map(|_| {
                memo_or_convert(&key, || {
                    runs.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    (Ok(one_pixel()), None)
                })
                .0
                .unwrap()
                .data
            })
            .collect();
        assert_eq!(runs.load(std::sync::atomic::Ordering::SeqCst), 1);
        assert!(results.iter().all(|d| d == &[1, 2, 3]));
    }

    fn one_pixel() -> Encoded {
        Encoded {
            media_type: "image/jpeg",
            width: 1,
            height: 1,
            data: vec![1, 2, 3],
        }
    }

    /// A thread waiting for another's conversion runs other queued work
    /// meanwhile (in a batch: other issues), instead of holding its core idle.
    #[test]
    fn a_thread_waiting_for_a_conversion_does_other_work_meanwhile() {
        use std::time::{Duration, Instant};
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let key = format!("wait-key-{}", std::process::id());
        let converted = Mutex::new(None::<Instant>);
        let other_done = Mutex::new(None::<Instant>);
        let (first, (second, ())) = pool.install(|| {
            rayon::join(
                || {
                    memo_or_convert(&key, || {
                        std::thread::sleep(Duration::from_millis(300));
                        *converted.lock().unwrap() = Some(Instant::now());
                        (Ok(one_pixel()), None)
                    })
                },
                || {
                    rayon::join(
                        || {
                            // Let the other thread claim the conversion first.
                            std::thread::sleep(Duration::from_millis(50));
                            memo_or_convert(&key, || panic!("converted twice"))
                        },
                        || *other_done.lock().unwrap() = Some(Instant::now()),
                    )
                },
            )
        });
        assert!(first.0.is_ok() && second.0.is_ok(), "both get the photo");
        let (converted, other) = (
            converted.into_inner().unwrap(),
            other_done.into_inner().unwrap(),
        );
        assert!(
            other.unwrap() < converted.unwrap(),
            "the other work waited for the conversion"
        );
    }

    /// A conversion that panics leaves an error for the threads waiting on
    /// it, never a wait without end.
    #[test]
    fn a_panicking_conversion_gives_waiters_an_error() {
        let key = format!("panic-key-{}", std::process::id());
        let first = std::panic::catch_unwind(|| memo_or_convert(&key, || panic!("bug")));
        assert!(first.is_err());
        let (later, _) = memo_or_convert(&key, || (Ok(one_pixel()), None));
        assert!(later.is_err_and(|e| e.contains("stopped unexpectedly")));
    }

    #[test]
    fn cmyk_jpeg_becomes_rgb_with_its_colours_at_reduced_scale() {
        let src = include_bytes!("../../tests/epub/cmyk.jpg");
        assert!(decode_jpeg_scaled(src, 12).is_some());
        let rgb = image::load_from_memory(&convert(src, 12).unwrap().data)
            .unwrap()
            .to_rgb8();
        let [r, _, b] = rgb.get_pixel(1, 3).0;
        assert!(r > 150 && b < 80, "left is red: {:?}", rgb.get_pixel(1, 3));
        let [r, _, b] = rgb.get_pixel(10, 3).0;
        assert!(
            b > 120 && r < 80,
            "right is blue: {:?}",
            rgb.get_pixel(10, 3)
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

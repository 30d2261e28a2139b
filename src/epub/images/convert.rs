//! One photo for the screen: decoded (a JPEG at reduced DCT scale), scaled to
//! the longest edge the layout allows, EXIF orientation applied, and encoded
//! as JPEG, or as PNG where there is real transparency.
//!
//! A JPEG is resized in its stored orientation and turned upright afterwards,
//! on the small result: the scaled decode's padding (a fractional last row or
//! column) then always sits at the bottom and right, where the resize crops
//! it off exactly, whatever the orientation.

use super::Encoded;
use super::jpeg::{self, ScaledJpeg};
use super::size::{MAX_DECODE_BYTES, MAX_DECODE_EDGE, fitted_size};
use fast_image_resize as fr;
use image::{DynamicImage, ImageDecoder, ImageReader};
use std::io::Cursor;

/// JPEG quality for photographs: at 82 photos at reading sizes show no
/// visible blocking while staying near a quarter of quality-95 sizes.
pub(crate) const JPEG_QUALITY: u8 = 82;

/// JPEG quality of a photo resampled for print (`[print] max_ppi`): with
/// full-resolution chroma, no loss a press can show.
pub(crate) const PRINT_JPEG_QUALITY: u8 = 92;

/// [`convert`] for print: JPEG at [`PRINT_JPEG_QUALITY`], 4:4:4, with the
/// source JPEG's ICC profile carried over (so an Adobe RGB photo stays Adobe
/// RGB); PNG where there is real transparency.
pub(crate) fn convert_for_print(bytes: &[u8], max_px: u32) -> Result<Encoded, String> {
    let img = render(bytes, max_px)?;
    if let DynamicImage::ImageRgba8(_) = img {
        return encode_png(&img);
    }
    let rgb = img.into_rgb8();
    let icc = crate::probe::jpeg_icc_segments(bytes);
    Ok(Encoded {
        media_type: "image/jpeg",
        width: rgb.width(),
        height: rgb.height(),
        data: jpeg::encode_rgb_with(
            rgb.as_raw(),
            rgb.width(),
            rgb.height(),
            PRINT_JPEG_QUALITY,
            true,
            &icc,
        )?,
    })
}

/// Decode, scale, orient and encode one photo.
pub(crate) fn convert(bytes: &[u8], max_px: u32) -> Result<Encoded, String> {
    let img = render(bytes, max_px)?;
    match img {
        DynamicImage::ImageRgba8(_) => encode_png(&img),
        _ => encode_jpeg(&img.into_rgb8()),
    }
}

/// The pixels [`convert`] encodes: 8-bit RGB, or RGBA when some pixel is
/// transparent; upright and fitted to `max_px`.
pub(super) fn render(bytes: &[u8], max_px: u32) -> Result<DynamicImage, String> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        let scaled = jpeg::decode_scaled(bytes, max_px)?;
        let orientation = scaled.orientation;
        let mut img = DynamicImage::ImageRgb8(fit_scaled(scaled)?);
        img.apply_orientation(orientation);
        return Ok(img);
    }
    let img = decode_full(bytes)?;
    let img = if has_transparency(&img) {
        DynamicImage::ImageRgba8(img.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(img.into_rgb8())
    };
    scale_down(img, max_px)
}

/// A scaled decode brought to its exact target size: as it is when the
/// scale hit the target, else Lanczos3 from exactly the picture's area.
fn fit_scaled(s: ScaledJpeg) -> Result<image::RgbImage, String> {
    let done = s.is_target();
    let (w, h) = (s.width, s.height);
    let rgb = if done {
        s.rgb
    } else {
        resize(s.rgb, (w, h), s.area, s.target, fr::PixelType::U8x3)?
    };
    let (tw, th) = if done { (w, h) } else { s.target };
    image::RgbImage::from_raw(tw, th, rgb).ok_or_else(|| "decoded buffer has the wrong size".into())
}

/// The decoding limits every non-JPEG photo is read under.
fn decode_limits() -> image::Limits {
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    limits.max_image_width = Some(MAX_DECODE_EDGE);
    limits.max_image_height = Some(MAX_DECODE_EDGE);
    limits
}

/// Decode at full size with `image`, EXIF orientation applied (PNG, WebP).
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

/// Whether any pixel is less than opaque (an alpha channel that is all 255 does not count).
fn has_transparency(img: &DynamicImage) -> bool {
    if !img.color().has_alpha() {
        return false;
    }
    img.to_rgba8().pixels().any(|p| p.0[3] < u8::MAX)
}

/// Lanczos3 downscale of a whole RGB or RGBA image to fit `max_px`.
fn scale_down(img: DynamicImage, max_px: u32) -> Result<DynamicImage, String> {
    let (w, h) = (img.width(), img.height());
    let (nw, nh) = fitted_size(w, h, max_px);
    if (nw, nh) == (w, h) {
        return Ok(img);
    }
    let alpha = matches!(img, DynamicImage::ImageRgba8(_));
    let pixel_type = if alpha {
        fr::PixelType::U8x4
    } else {
        fr::PixelType::U8x3
    };
    let area = (f64::from(w), f64::from(h));
    let buf = resize(img.into_bytes(), (w, h), area, (nw, nh), pixel_type)?;
    let out = if alpha {
        image::RgbaImage::from_raw(nw, nh, buf).map(DynamicImage::ImageRgba8)
    } else {
        image::RgbImage::from_raw(nw, nh, buf).map(DynamicImage::ImageRgb8)
    };
    out.ok_or_else(|| "resized buffer has the wrong size".to_string())
}

/// Lanczos3 (fast_image_resize, an order of magnitude faster than `image`'s)
/// from the `area` at the top-left of a `size` buffer to `target`.
pub(super) fn resize(
    pixels: Vec<u8>,
    size: (u32, u32),
    area: (f64, f64),
    target: (u32, u32),
    pixel_type: fr::PixelType,
) -> Result<Vec<u8>, String> {
    let src = fr::images::Image::from_vec_u8(size.0, size.1, pixels, pixel_type)
        .map_err(|e| e.to_string())?;
    let mut dst = fr::images::Image::new(target.0, target.1, pixel_type);
    let opts = fr::ResizeOptions::new()
        .resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3))
        .crop(0.0, 0.0, area.0, area.1)
        .use_alpha(pixel_type == fr::PixelType::U8x4);
    fr::Resizer::new()
        .resize(&src, &mut dst, &opts)
        .map_err(|e| e.to_string())?;
    Ok(dst.into_vec())
}

fn encode_jpeg(img: &image::RgbImage) -> Result<Encoded, String> {
    Ok(Encoded {
        media_type: "image/jpeg",
        width: img.width(),
        height: img.height(),
        data: jpeg::encode_rgb(img.as_raw(), img.width(), img.height(), JPEG_QUALITY)?,
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
mod tests;

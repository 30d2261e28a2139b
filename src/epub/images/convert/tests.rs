//! Every kind of photo through [`render`] and [`convert`], checked against an
//! independent path (`image`'s own decoder, orientation applied first, then a
//! full-size Lanczos resize) or against known colours.

use super::*;
use image::metadata::Orientation;
use image::{ImageEncoder, Rgb, RgbImage};

/// A JPEG of `img` at quality 95 through `image`'s encoder, with an EXIF
/// block whose Orientation tag is `orientation` when given.
fn jpeg_of(img: &RgbImage, orientation: Option<u8>) -> Vec<u8> {
    let mut data = Vec::new();
    let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut data, 95);
    if let Some(o) = orientation {
        // Big-endian TIFF header, one IFD entry: Orientation (0x0112), SHORT, 1, value o.
        let exif: Vec<u8> = [
            b"MM\0\x2a".as_slice(),
            &[
                0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, o, 0, 0, 0, 0, 0, 0,
            ],
        ]
        .concat();
        enc.set_exif_metadata(exif).unwrap();
    }
    enc.write_image(
        img.as_raw(),
        img.width(),
        img.height(),
        image::ExtendedColorType::Rgb8,
    )
    .unwrap();
    data
}

fn orientation(n: u8) -> Orientation {
    Orientation::from_exif(n).unwrap()
}

/// Peak signal-to-noise ratio of `b` against `a`, in dB over all channels.
fn psnr(a: &RgbImage, b: &RgbImage) -> f64 {
    assert_eq!(a.dimensions(), b.dimensions());
    let se: f64 = a
        .as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(&p, &q)| (f64::from(p) - f64::from(q)).powi(2))
        .sum();
    let mse = se / a.as_raw().len() as f64;
    10.0 * (255.0f64 * 255.0 / mse.max(1e-9)).log10()
}

/// The independent reference: `image`'s decoder at full size, orientation
/// applied first, then Lanczos3 over the whole picture to the fitted size.
fn reference(jpeg: &[u8], o: Orientation, max_px: u32) -> RgbImage {
    let mut img = image::load_from_memory(jpeg).unwrap();
    img.apply_orientation(o);
    let img = img.into_rgb8();
    let (w, h) = img.dimensions();
    let target = fitted_size(w, h, max_px);
    let full = (f64::from(w), f64::from(h));
    let px = resize(img.into_raw(), (w, h), full, target, fr::PixelType::U8x3).unwrap();
    RgbImage::from_raw(target.0, target.1, px).unwrap()
}

/// Smooth but detailed (periods of about 40 px): a shift of a fraction of a
/// pixel shows in the PSNR.
fn waves(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| {
        let (x, y) = (f64::from(x), f64::from(y));
        let v = |a: f64| (128.0 + 100.0 * a.sin()) as u8;
        Rgb([v(x * 0.15 + y * 0.02), v(y * 0.17), v((x + y) * 0.09)])
    })
}

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
    let back = image::load_from_memory(&out.data).unwrap().to_rgba8();
    assert_eq!(back.get_pixel(8, 4).0[3], 100, "alpha kept");
}

/// Four quadrants of distinct colours: where each one ends up shows the
/// transform exactly (a mirror is not mistaken for a rotation).
fn quadrants(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| match (x < w / 2, y < h / 2) {
        (true, true) => Rgb([230, 20, 20]),
        (false, true) => Rgb([20, 200, 20]),
        (true, false) => Rgb([20, 20, 230]),
        (false, false) => Rgb([240, 240, 240]),
    })
}

#[test]
fn every_exif_orientation_is_applied_at_full_and_reduced_scale() {
    let src = quadrants(100, 60);
    // 1600: decoded at 8/8, no resize. 30: decoded at 3/8 (37.5 × 22.5 px,
    // so the last row and column are half padding) and resized to 30 × 18.
    for max_px in [1600, 30] {
        for n in 1..=8 {
            let mut expected = DynamicImage::ImageRgb8(src.clone());
            expected.apply_orientation(orientation(n));
            let expected = expected.into_rgb8();
            let out = render(&jpeg_of(&src, Some(n)), max_px).unwrap().into_rgb8();
            let (ew, eh) = fitted_size(expected.width(), expected.height(), max_px);
            assert_eq!(out.dimensions(), (ew, eh), "orientation {n}, max {max_px}");
            for (fx, fy) in [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)] {
                let at = |img: &RgbImage| {
                    let x = (fx * f64::from(img.width())) as u32;
                    let y = (fy * f64::from(img.height())) as u32;
                    img.get_pixel(x, y).0
                };
                let (want, got) = (at(&expected), at(&out));
                let off = want.iter().zip(got).map(|(a, b)| a.abs_diff(b)).max();
                assert!(
                    off.unwrap() < 40,
                    "orientation {n}, max {max_px}, at {fx},{fy}: want {want:?}, got {got:?}"
                );
            }
        }
    }
}

#[test]
fn orientation_tag_is_not_carried_over() {
    let out = convert(&jpeg_of(&quadrants(64, 32), Some(6)), 1600).unwrap();
    assert_eq!(
        (out.width, out.height),
        (32, 64),
        "rotated to display orientation"
    );
    // The tag would rotate the photo twice.
    let mut dec = ImageReader::new(Cursor::new(&out.data))
        .with_guessed_format()
        .unwrap()
        .into_decoder()
        .unwrap();
    assert_eq!(dec.orientation().unwrap(), Orientation::NoTransforms);
}

/// The scaled decode's fractional edge: 603 × 3/8 = 226.125 and
/// 405 × 3/8 = 151.875, so libjpeg returns 227 × 152 with a partly padded last
/// column and row. Resizing exactly the picture's area matches the
/// independent reference in every orientation; resizing the whole buffer
/// (the trap) shifts the picture and is measurably worse.
#[test]
fn scaled_decode_is_cropped_exactly_in_every_orientation() {
    let src = waves(603, 405);
    let max_px = 160;
    for n in 1..=8 {
        let jpeg = jpeg_of(&src, Some(n));
        let scaled = jpeg::decode_scaled(&jpeg, max_px).unwrap();
        assert_eq!((scaled.width, scaled.height), (227, 152), "decoded at 3/8");
        assert_eq!(scaled.area, (226.125, 151.875));
        let want = reference(&jpeg, orientation(n), max_px);
        let got = render(&jpeg, max_px).unwrap().into_rgb8();
        let good = psnr(&want, &got);
        assert!(good >= 45.0, "orientation {n}: {good:.2} dB");

        let whole = (f64::from(scaled.width), f64::from(scaled.height));
        let (size, target) = ((scaled.width, scaled.height), scaled.target);
        let px = resize(scaled.rgb, size, whole, target, fr::PixelType::U8x3).unwrap();
        let mut uncropped =
            DynamicImage::ImageRgb8(RgbImage::from_raw(target.0, target.1, px).unwrap());
        uncropped.apply_orientation(orientation(n));
        let bad = psnr(&want, &uncropped.into_rgb8());
        eprintln!("orientation {n}: cropped {good:.2} dB, whole buffer {bad:.2} dB");
        assert!(
            good > bad + 3.0,
            "orientation {n}: cropped {good:.2} dB, whole buffer {bad:.2} dB"
        );
    }
}

#[test]
fn exact_eighth_scale_needs_no_resize_and_matches_the_reference() {
    // 2560 → 1600 is 5/8 exactly; the same at a test size: 256 → 160.
    let src = waves(256, 160);
    let jpeg = jpeg_of(&src, None);
    let scaled = jpeg::decode_scaled(&jpeg, 160).unwrap();
    assert!(scaled.is_target(), "5/8 gives the target directly");
    let got = render(&jpeg, 160).unwrap().into_rgb8();
    let good = psnr(&reference(&jpeg, Orientation::NoTransforms, 160), &got);
    assert!(good >= 38.0, "{good:.2} dB");
}

#[test]
fn output_is_baseline_4_2_0_and_decodes_with_image() {
    let out = convert(&jpeg_of(&waves(256, 160), None), 1600).unwrap();
    let sof = out
        .data
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("baseline SOF0");
    // SOF0: length(2) precision(1) height(2) width(2) count(1), then id, sampling, table.
    assert_eq!(out.data[sof + 9], 3, "three components");
    assert_eq!(
        out.data[sof + 11],
        0x22,
        "luma 2×2: chroma at half size both ways"
    );
    let back = image::load_from_memory(&out.data).unwrap().into_rgb8();
    assert!(psnr(&waves(256, 160), &back) > 30.0);
}

/// A header claiming 40000 × 40000 px, the rest of a small JPEG after it.
#[test]
fn oversized_jpeg_header_is_refused_before_decoding() {
    let mut jpeg = jpeg_of(&waves(16, 16), None);
    let sof = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    jpeg[sof + 5..sof + 9].copy_from_slice(&[0x9C, 0x40, 0x9C, 0x40]);
    let e = render(&jpeg, 1600).unwrap_err();
    assert!(
        e.contains("40000×40000 px is outside the decoding limit"),
        "{e}"
    );
}

#[test]
fn oversized_png_header_is_refused_before_decoding() {
    // A PNG header claiming 40000×40000 pixels (4.8 GB as RGB), no data.
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(&[0; 3], 1, 1, image::ExtendedColorType::Rgb8)
        .unwrap();
    // IHDR width and height sit at bytes 16..24; the CRC is then wrong,
    // which decoders may report instead: either way it must be an error.
    png[16..20].copy_from_slice(&40_000u32.to_be_bytes());
    png[20..24].copy_from_slice(&40_000u32.to_be_bytes());
    assert!(convert(&png, 1600).is_err());
}

/// The colour at (x, y) of `convert`'s output for `src`.
fn output_colour(src: &[u8], max_px: u32, x: u32, y: u32) -> [u8; 3] {
    let out = convert(src, max_px).unwrap();
    assert_eq!(out.media_type, "image/jpeg");
    let img = image::load_from_memory(&out.data).unwrap();
    assert_eq!(img.color(), image::ColorType::Rgb8);
    img.to_rgb8().get_pixel(x, y).0
}

fn is_red(p: [u8; 3]) -> bool {
    p[0] > 150 && p[2] < 80
}

fn is_blue(p: [u8; 3]) -> bool {
    p[2] > 120 && p[0] < 80
}

#[test]
fn adobe_cmyk_fixture_becomes_rgb_with_its_colours() {
    // 48×24, red left half, blue right half, saved as CMYK (Adobe YCCK) by ImageMagick.
    let src = include_bytes!("../../../../tests/epub/cmyk.jpg");
    assert!(is_red(output_colour(src, 1600, 6, 12)));
    assert!(is_blue(output_colour(src, 1600, 42, 12)));
    // At reduced scale (24 px → 12: decoded at 2/8).
    assert!(is_red(output_colour(src, 12, 1, 3)));
    assert!(is_blue(output_colour(src, 12, 10, 3)));
}

/// A CMYK JPEG of a red left half and a blue right half, written by libjpeg
/// (which adds an Adobe segment); `adobe` false strips that segment and
/// stores plain ink instead of Adobe's inverted values.
fn cmyk_jpeg(adobe: bool) -> Vec<u8> {
    let (w, h) = (32usize, 16usize);
    let mut px = Vec::with_capacity(w * h * 4);
    for _ in 0..h {
        for x in 0..w {
            let ink: [u8; 4] = if x < w / 2 {
                [0, 255, 255, 0]
            } else {
                [255, 160, 0, 0]
            };
            px.extend(ink.map(|v| if adobe { 255 - v } else { v }));
        }
    }
    let mut c = mozjpeg::Compress::new(mozjpeg::ColorSpace::JCS_CMYK);
    c.set_size(w, h);
    c.set_quality(95.0);
    let mut started = c.start_compress(Vec::new()).unwrap();
    started.write_scanlines(&px).unwrap();
    let jpeg = started.finish().unwrap();
    let app14 = jpeg.windows(2).position(|s| s == [0xFF, 0xEE]);
    let app14 = app14.expect("libjpeg writes an Adobe segment for CMYK");
    if adobe {
        return jpeg;
    }
    let len = usize::from(u16::from_be_bytes([jpeg[app14 + 2], jpeg[app14 + 3]]));
    [&jpeg[..app14], &jpeg[app14 + 2 + len..]].concat()
}

#[test]
fn cmyk_with_and_without_the_adobe_segment_keeps_its_colours() {
    for adobe in [true, false] {
        let src = cmyk_jpeg(adobe);
        assert_eq!(src.windows(5).any(|w| w == b"Adobe"), adobe);
        for (max_px, left, right) in [(1600, 4, 28), (8, 1, 6)] {
            let l = output_colour(&src, max_px, left, 2);
            let r = output_colour(&src, max_px, right, 2);
            assert!(
                is_red(l) && is_blue(r),
                "adobe {adobe}, max {max_px}: {l:?} {r:?}"
            );
        }
    }
}

#[test]
fn grayscale_jpeg_becomes_grey_rgb() {
    let (w, h) = (40usize, 20usize);
    let px: Vec<u8> = (0..w * h)
        .map(|i| if i % w < w / 2 { 40 } else { 200 })
        .collect();
    let mut c = mozjpeg::Compress::new(mozjpeg::ColorSpace::JCS_GRAYSCALE);
    c.set_size(w, h);
    c.set_quality(95.0);
    let mut started = c.start_compress(Vec::new()).unwrap();
    started.write_scanlines(&px).unwrap();
    let src = started.finish().unwrap();
    for (x, v) in [(5, 40u8), (35, 200)] {
        let p = output_colour(&src, 1600, x, 10);
        assert!(p.iter().all(|c| c.abs_diff(v) < 8), "{p:?} for {v}");
    }
}

#[test]
fn progressive_jpeg_converts_at_full_and_reduced_scale() {
    let src = waves(256, 160);
    let mut c = mozjpeg::Compress::new(mozjpeg::ColorSpace::JCS_RGB);
    c.set_size(256, 160);
    c.set_quality(95.0);
    c.set_progressive_mode();
    let mut started = c.start_compress(Vec::new()).unwrap();
    started.write_scanlines(src.as_raw()).unwrap();
    let jpeg = started.finish().unwrap();
    assert!(
        jpeg.windows(2).any(|w| w == [0xFF, 0xC2]),
        "progressive SOF2"
    );
    for max_px in [1600, 100] {
        let want = reference(&jpeg, Orientation::NoTransforms, max_px);
        let got = render(&jpeg, max_px).unwrap().into_rgb8();
        assert!(
            psnr(&want, &got) >= 38.0,
            "max {max_px}: {:.2} dB",
            psnr(&want, &got)
        );
    }
}

#[test]
fn sixteen_bit_png_and_webp_become_eight_bit_jpeg() {
    let img16 = image::ImageBuffer::<image::Rgb<u16>, _>::from_fn(40, 20, |x, _| {
        image::Rgb(if x < 20 {
            [60_000, 5_000, 5_000]
        } else {
            [5_000, 5_000, 60_000]
        })
    });
    let mut png = Vec::new();
    DynamicImage::ImageRgb16(img16)
        .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    assert!(is_red(output_colour(&png, 1600, 5, 10)));
    assert!(is_blue(output_colour(&png, 1600, 35, 10)));

    let mut webp = Vec::new();
    let rgba = DynamicImage::ImageRgb8(quadrants(40, 20)).into_rgba8();
    image::codecs::webp::WebPEncoder::new_lossless(&mut webp)
        .write_image(rgba.as_raw(), 40, 20, image::ExtendedColorType::Rgba8)
        .unwrap();
    assert!(is_red(output_colour(&webp, 1600, 5, 5)));
    assert!(is_blue(output_colour(&webp, 1600, 5, 15)));
}

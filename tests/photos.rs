//! Bad photos: every one fails its issue at load time with an error naming
//! the `![…](…)` in article.md, what is wrong and what to do; the binary exits
//! 1 and leaves the issue's earlier good output untouched; `check` reports the
//! same problem. Fixtures are made here (no binary test files).

mod common;

use common::{ARTICLE, Workspace, reportbook, text, write_jpeg};
use reportbook::diag::{Diagnostic, Severity};
use reportbook::model::PhotoFormat;
use reportbook::source::load_issue;
use std::path::Path;

/// The photo every case replaces, as article.md names it.
const PHOTO: &str = "photos/a.jpg";

/// `article.md:LINE:1` of the figure naming the photo in [`ARTICLE`].
fn figure_location() -> String {
    let line = ARTICLE
        .lines()
        .position(|l| l.starts_with("![") && l.contains(PHOTO))
        .expect("the article has the figure")
        + 1;
    format!("article.md:{line}:1")
}

/// Bytes of a small real image in `format`.
fn encoded(format: image::ImageFormat) -> Vec<u8> {
    let img = image::RgbImage::from_fn(64, 48, |x, y| {
        image::Rgb([(x * 4) as u8, (y * 5) as u8, (x ^ y) as u8])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    out.into_inner()
}

/// A PNG made of a signature, an IHDR of `w`×`h` and an IEND: a header only.
fn png_header_only(w: u32, h: u32) -> Vec<u8> {
    let mut v = b"\x89PNG\r\n\x1a\n".to_vec();
    v.extend(13u32.to_be_bytes());
    v.extend(b"IHDR");
    v.extend(w.to_be_bytes());
    v.extend(h.to_be_bytes());
    v.extend([8, 2, 0, 0, 0]);
    v.extend([0; 4]); // CRC (not checked by the probe)
    v.extend(0u32.to_be_bytes());
    v.extend(b"IEND");
    v.extend([0xAE, 0x42, 0x60, 0x82]);
    v
}

/// An ISO-BMFF `ftyp` box with `major` and `compatible` brands, then filler.
fn ftyp(major: &[u8; 4], compatible: &[&[u8; 4]]) -> Vec<u8> {
    let size = 16 + 4 * compatible.len() as u32;
    let mut v = size.to_be_bytes().to_vec();
    v.extend(b"ftyp");
    v.extend(major);
    v.extend([0, 0, 0, 0]);
    for b in compatible {
        v.extend(*b);
    }
    v.extend([0u8; 64]);
    v
}

/// The errors (and warnings) the loader gives for the issue, rendered.
fn load_diagnostics(dir: &Path) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let (result, warnings) = load_issue(dir);
    (result.err().unwrap_or_default(), warnings)
}

/// The whole scenario for one bad photo: build the issue good, replace the
/// photo with `bad`, then (1) the loader's one error names the place, says
/// `what` and gives a hint containing `hint`; (2) `reportbook build` exits 1,
/// prints the same, and leaves the good EPUB and PDF byte-identical; (3)
/// `check` reports it too. Returns the rendered error for extra assertions.
fn assert_refused(bad: &[u8], what: &str, hint: &str) -> String {
    let ws = Workspace::new();
    let dir = ws.issue("i", ARTICLE.as_bytes());
    let o = reportbook(ws.root(), &["build"]);
    assert!(o.status.success(), "good build: {}", text(&o));
    let out = ws.root().join("output/i");
    let epub_before = std::fs::read(out.join("i.epub")).unwrap();
    let pdf_before = std::fs::read(out.join("i.pdf")).unwrap();

    std::fs::write(dir.join(PHOTO), bad).unwrap();

    let (errors, _) = load_diagnostics(&dir);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = errors[0].render();
    assert!(
        e.contains(&format!("photo `{PHOTO}`")),
        "names the file: {e}"
    );
    assert!(e.contains(what), "says {what:?}: {e}");
    assert!(
        e.contains(&format!("{}: ", figure_location())),
        "at {}: {e}",
        figure_location()
    );
    assert!(
        errors[0].hints.iter().any(|h| h.contains(hint)),
        "hint with {hint:?}: {e}"
    );

    let o = reportbook(ws.root(), &["build"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let printed = text(&o);
    assert!(printed.contains(what), "{printed}");
    assert!(printed.contains(&figure_location()), "{printed}");
    assert_eq!(std::fs::read(out.join("i.epub")).unwrap(), epub_before);
    assert_eq!(std::fs::read(out.join("i.pdf")).unwrap(), pdf_before);

    let fonts = reportbook::fonts::Fonts::shared().expect("bundled fonts");
    let checked = reportbook::check::check_issue(&dir, fonts);
    let about: Vec<_> = checked
        .iter()
        .filter(|d| d.message.contains(PHOTO) && d.severity == Severity::Error)
        .collect();
    assert_eq!(about.len(), 1, "check reports it once: {checked:#?}");
    assert!(about[0].message.contains(what), "{:?}", about[0].message);
    e
}

#[test]
fn empty_photo() {
    assert_refused(&[], "is empty (0 bytes)", "copy the photo again");
}

#[test]
fn truncated_jpeg() {
    let jpeg = encoded(image::ImageFormat::Jpeg);
    let e = assert_refused(
        &jpeg[..jpeg.len() * 2 / 3],
        "is truncated (JPEG: the picture data has no end marker FF D9)",
        "cut short",
    );
    assert!(!e.contains("corrupt"), "{e}");
}

#[test]
fn jpeg_cut_inside_its_headers_is_truncated() {
    // A cut between the headers and the scan is covered by `truncated_jpeg`.
    let jpeg = encoded(image::ImageFormat::Jpeg);
    // Cut inside the frame header (SOF0), before the pixel size.
    let sof = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    assert_refused(
        &jpeg[..sof + 5],
        "is truncated (JPEG: the file ends inside its headers)",
        "cut short",
    );
}

#[test]
fn truncated_png() {
    let png = encoded(image::ImageFormat::Png);
    assert_refused(
        &png[..png.len() - 12],
        "is truncated (PNG: the file ends before its IEND chunk)",
        "cut short",
    );
}

#[test]
fn truncated_webp() {
    let webp = encoded(image::ImageFormat::WebP);
    assert_refused(&webp[..webp.len() / 2], "is truncated (WebP:", "cut short");
}

#[test]
fn corrupt_photo_with_bad_magic() {
    assert_refused(
        b"this is a text file, not a photo\n",
        "is corrupt or not an image (not a JPEG, PNG or WebP: it starts with 74 68 69 73",
        "save it again as JPEG or PNG",
    );
}

#[test]
fn corrupt_jpeg_header() {
    // JPEG magic, then bytes that are no marker segment.
    assert_refused(
        &[
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0x12, 0x34, 0x56,
        ],
        "is corrupt or not an image (byte 8 should start a marker but is 12)",
        "save it again",
    );
}

#[test]
fn heic_named_jpg() {
    assert_refused(
        &ftyp(b"heic", &[b"mif1", b"heic"]),
        "is a HEIC/HEIF image, which reportbook does not accept (use JPEG, PNG or WebP)",
        "heif-convert",
    );
}

#[test]
fn avif() {
    assert_refused(
        &ftyp(b"avif", &[b"mif1", b"avif"]),
        "is an AVIF image, which reportbook does not accept",
        "magick",
    );
}

#[test]
fn tiff() {
    for magic in [&b"II*\0"[..], &b"MM\0*"[..]] {
        let mut t = magic.to_vec();
        t.extend([8, 0, 0, 0, 0, 0]);
        assert_refused(
            &t,
            "is a TIFF image, which reportbook does not accept",
            "-quality 92",
        );
    }
}

#[test]
fn svg() {
    for svg in [
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>\n",
        "<?xml version=\"1.0\"?>\n<!-- drawn -->\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
    ] {
        assert_refused(
            svg.as_bytes(),
            "is an SVG drawing, which reportbook does not accept",
            "rsvg-convert",
        );
    }
}

#[test]
fn gif_is_refused() {
    let mut gif = b"GIF89a".to_vec();
    gif.extend([64, 0, 48, 0, 0, 0, 0, 0x3B]);
    assert_refused(
        &gif,
        "is a GIF image, which reportbook does not accept",
        "256 colours",
    );
}

#[test]
fn bmp() {
    let mut bmp = b"BM".to_vec();
    bmp.extend([0u8; 52]);
    assert_refused(
        &bmp,
        "is a BMP bitmap, which reportbook does not accept",
        "to PNG",
    );
}

#[test]
fn decompression_bomb_png_is_refused_from_its_header() {
    let e = assert_refused(
        &png_header_only(100_000, 100_000),
        "is 100000×100000 px (10000 megapixels), over the limit of 100 megapixels and 30000 px per edge",
        "scale it down",
    );
    assert!(e.contains("-resize"), "{e}");
}

#[test]
fn overlong_edge_is_refused_even_under_the_pixel_limit() {
    assert_refused(
        &png_header_only(40_000, 100),
        "is 40000×100 px",
        "scale it down",
    );
}

#[test]
fn png_named_jpg_warns_and_is_read_as_png() {
    let ws = Workspace::new();
    let dir = ws.issue("i", ARTICLE.as_bytes());
    std::fs::write(dir.join(PHOTO), encoded(image::ImageFormat::Png)).unwrap();
    let (issue, warnings) = load_issue(&dir);
    let issue = issue.expect("a misnamed PNG still loads");
    let header = issue.assets[0].header.expect("probed");
    assert_eq!(header.format, PhotoFormat::Png);
    assert_eq!(header.pixels, (64, 48));
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    let w = warnings[0].render();
    assert!(
        w.contains(&format!(
            "photo `{PHOTO}` is a PNG file despite the .jpg extension (read as PNG)"
        )),
        "{w}"
    );
    assert!(w.contains(&figure_location()), "{w}");
    assert!(warnings[0].hints[0].contains("rename it to .png"), "{w}");
    // Both backends take it as PNG: the build succeeds.
    let o = reportbook(ws.root(), &["build"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("despite the .jpg extension"),
        "{}",
        text(&o)
    );
    assert!(ws.root().join("output/i/i.pdf").is_file());
}

#[test]
fn good_photos_are_probed_with_size_and_orientation() {
    let ws = Workspace::new();
    let dir = ws.issue("i", ARTICLE.as_bytes());
    write_jpeg(&dir.join(PHOTO), 640, 480);
    let (issue, warnings) = load_issue(&dir);
    assert!(warnings.is_empty(), "{warnings:#?}");
    let header = issue.unwrap().assets[0].header.expect("probed");
    assert_eq!(header.format, PhotoFormat::Jpeg);
    assert_eq!(header.pixels, (640, 480));
    assert_eq!(header.orientation, 1);
    // Bytes after the last EOI (some phones append data) are allowed, and a
    // WebP named .webp is accepted.
    let mut jpeg = std::fs::read(dir.join(PHOTO)).unwrap();
    jpeg.extend(b"trailing vendor data");
    std::fs::write(dir.join(PHOTO), jpeg).unwrap();
    assert!(load_issue(&dir).0.is_ok());
    let md = ARTICLE.replace(PHOTO, "photos/b.webp");
    std::fs::write(dir.join("article.md"), md).unwrap();
    std::fs::write(dir.join("photos/b.webp"), encoded(image::ImageFormat::WebP)).unwrap();
    let (issue, warnings) = load_issue(&dir);
    assert!(warnings.is_empty(), "{warnings:#?}");
    let header = issue.unwrap().assets[0].header.expect("probed");
    assert_eq!(
        (header.format, header.pixels),
        (PhotoFormat::Webp, (64, 48))
    );
}

#[test]
fn check_command_reports_a_bad_photo_and_exits_1() {
    let ws = Workspace::new();
    let dir = ws.issue("i", ARTICLE.as_bytes());
    std::fs::write(dir.join(PHOTO), ftyp(b"heic", &[b"mif1"])).unwrap();
    let o = reportbook(ws.root(), &["check"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let t = text(&o);
    assert!(t.contains("is a HEIC/HEIF image"), "{t}");
    assert!(t.contains(&figure_location()), "{t}");
    assert!(t.contains("heif-convert"), "{t}");
}

#[test]
fn any_cut_or_flipped_byte_gives_a_diagnostic_never_a_panic() {
    use reportbook::probe::probe_bytes;
    for format in [
        image::ImageFormat::Jpeg,
        image::ImageFormat::Png,
        image::ImageFormat::WebP,
    ] {
        let good = encoded(format);
        assert!(probe_bytes(&good).is_ok(), "{format:?}");
        for cut in 0..good.len() {
            // Every proper prefix is refused (the end marker or length is gone)…
            assert!(
                probe_bytes(&good[..cut]).is_err(),
                "{format:?} cut at {cut}"
            );
        }
        // …and flipping header bytes never panics.
        for i in 0..good.len().min(400) {
            let mut bad = good.clone();
            bad[i] ^= 0xA5;
            let _ = probe_bytes(&bad);
        }
    }
}

#[test]
fn bad_cover_photo_is_reported_at_the_cover_setting() {
    let ws = Workspace::new();
    let md = ARTICLE.replacen("+++\n", "+++\ncover = \"photos/c.jpg\"\n", 1);
    let dir = ws.issue("i", md.as_bytes());
    std::fs::write(
        dir.join("photos/c.jpg"),
        b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
    )
    .unwrap();
    let (errors, _) = load_diagnostics(&dir);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = errors[0].render();
    assert!(e.contains("article.md:2:"), "{e}");
    assert!(e.contains("photo `photos/c.jpg` is a GIF image"), "{e}");
}

// ------------------------------------------- EPUB photo quality vs ImageMagick

/// ImageMagick's `convert`, when the real one is installed (a stand-in may
/// sit earlier on the PATH). Missing: skip with a note, or fail under CI.
fn imagemagick() -> Option<&'static str> {
    for cmd in ["convert", "/usr/bin/convert"] {
        let out = std::process::Command::new(cmd).arg("-version").output();
        if out.is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("ImageMagick")) {
            return Some(cmd);
        }
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "ImageMagick (convert) is required under CI"
    );
    eprintln!("note: ImageMagick not found; quality test skipped");
    None
}

/// `jpeg` with the value of its EXIF Orientation tag (which it must have) set to `o`.
fn with_orientation(mut jpeg: Vec<u8>, o: u16) -> Vec<u8> {
    let exif = jpeg
        .windows(6)
        .position(|w| w == b"Exif\0\0")
        .expect("EXIF")
        + 6;
    let big = &jpeg[exif..exif + 2] == b"MM";
    let u16_at = |d: &[u8], i: usize| {
        let b = [d[i], d[i + 1]];
        if big {
            u16::from_be_bytes(b)
        } else {
            u16::from_le_bytes(b)
        }
    };
    let ifd = {
        let b: [u8; 4] = jpeg[exif + 4..exif + 8].try_into().unwrap();
        exif + if big {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        } as usize
    };
    let entry = (0..usize::from(u16_at(&jpeg, ifd)))
        .map(|k| ifd + 2 + 12 * k)
        .find(|&e| u16_at(&jpeg, e) == 0x0112)
        .expect("an Orientation tag");
    let v = if big {
        o.to_be_bytes()
    } else {
        o.to_le_bytes()
    };
    jpeg[entry + 8..entry + 10].copy_from_slice(&v);
    jpeg
}

fn luma(img: &image::RgbImage) -> Vec<f64> {
    img.pixels()
        .map(|p| 0.299 * f64::from(p[0]) + 0.587 * f64::from(p[1]) + 0.114 * f64::from(p[2]))
        .collect()
}

/// PSNR over all three channels, in dB.
fn psnr(a: &image::RgbImage, b: &image::RgbImage) -> f64 {
    let se: f64 = a
        .as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(&p, &q)| (f64::from(p) - f64::from(q)).powi(2))
        .sum();
    10.0 * (255.0f64.powi(2) / (se / a.as_raw().len() as f64)).log10()
}

/// Mean SSIM of the luma over 8×8 windows every 4 px.
fn ssim(a: &image::RgbImage, b: &image::RgbImage) -> f64 {
    let (w, h) = (a.width() as usize, a.height() as usize);
    let (ya, yb) = (luma(a), luma(b));
    let (c1, c2) = ((0.01f64 * 255.0).powi(2), (0.03f64 * 255.0).powi(2));
    let mut total = 0.0;
    let mut n = 0;
    for y0 in (0..h.saturating_sub(8)).step_by(4) {
        for x0 in (0..w.saturating_sub(8)).step_by(4) {
            let idx = (0..64).map(|k| (y0 + k / 8) * w + x0 + k % 8);
            let (mut sa, mut sb, mut saa, mut sbb, mut sab) = (0.0, 0.0, 0.0, 0.0, 0.0);
            for i in idx {
                let (p, q) = (ya[i], yb[i]);
                (sa, sb, saa, sbb, sab) = (sa + p, sb + q, saa + p * p, sbb + q * q, sab + p * q);
            }
            let (ma, mb) = (sa / 64.0, sb / 64.0);
            let (va, vb, cov) = (
                saa / 64.0 - ma * ma,
                sbb / 64.0 - mb * mb,
                sab / 64.0 - ma * mb,
            );
            total += ((2.0 * ma * mb + c1) * (2.0 * cov + c2))
                / ((ma * ma + mb * mb + c1) * (va + vb + c2));
            n += 1;
        }
    }
    total / f64::from(n)
}

/// The seed photos as the EPUB carries them, against ImageMagick's own
/// orientation and Lanczos resize of the same files. Together they take every
/// route: 5/8 scale with no resize (village, model-village), 3/8 with a
/// fractional last row cropped off before Lanczos (neighborhood), and that in
/// two EXIF orientations (upside down and rotated), where cropping the wrong
/// side would shift the picture. Bounds are about 1 dB and 0.01 below what the
/// pipeline measured (README "Performance"); a wrong orientation, a shift or
/// lost chroma falls far below them.
#[test]
fn epub_photos_match_an_imagemagick_lanczos_reference() {
    let Some(magick) = imagemagick() else { return };
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("source/2023-party-building/photos");
    let neighborhood = std::fs::read(seed.join("neighborhood.jpg")).unwrap();
    let cases: [(&str, Vec<u8>, f64, f64); 5] = [
        (
            "village",
            std::fs::read(seed.join("village.jpg")).unwrap(),
            41.5,
            0.98,
        ),
        (
            "model-village",
            std::fs::read(seed.join("model-village.jpg")).unwrap(),
            40.5,
            0.98,
        ),
        ("neighborhood", neighborhood.clone(), 31.2, 0.935),
        (
            "upside-down",
            with_orientation(neighborhood.clone(), 3),
            31.2,
            0.935,
        ),
        ("rotated", with_orientation(neighborhood, 6), 31.2, 0.935),
    ];
    let ws = Workspace::new();
    for (slug, bytes, ..) in &cases {
        let dir = ws.issue(slug, ARTICLE.as_bytes());
        std::fs::write(dir.join(PHOTO), bytes).unwrap();
    }
    let o = reportbook(ws.root(), &["build", "--format", "epub"]);
    assert!(o.status.success(), "{}", text(&o));
    for (slug, bytes, min_psnr, min_ssim) in &cases {
        let src = ws.root().join(format!("{slug}.jpg"));
        std::fs::write(&src, bytes).unwrap();
        let reference = ws.root().join(format!("{slug}-ref.png"));
        let status = std::process::Command::new(magick)
            .arg(&src)
            .args(["-auto-orient", "-colorspace", "sRGB", "-filter", "Lanczos"])
            .args(["-resize", "1600x1600>"])
            .arg(&reference)
            .status()
            .unwrap();
        assert!(status.success(), "convert failed on {slug}");
        let want = image::open(&reference).unwrap().into_rgb8();
        let epub = std::fs::read(ws.root().join(format!("output/{slug}/{slug}.epub"))).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut zip.by_name("EPUB/images/a.jpg").unwrap(), &mut data)
            .unwrap();
        let got = image::load_from_memory(&data).unwrap().into_rgb8();
        assert_eq!(got.dimensions(), want.dimensions(), "{slug}");
        let (p, s) = (psnr(&want, &got), ssim(&want, &got));
        eprintln!(
            "{slug}: {}×{} PSNR {p:.2} dB, SSIM {s:.4}",
            got.width(),
            got.height()
        );
        assert!(
            p >= *min_psnr && s >= *min_ssim,
            "{slug}: PSNR {p:.2} dB, SSIM {s:.4}"
        );
    }
}

//! The seed issue's PDF, checked with poppler and qpdf: the text comes back
//! exactly, fonts are embedded subsets with ToUnicode, TrimBox and BleedBox
//! are on every page with the right sizes, the file is clean, and two builds
//! are byte-identical.
//!
//! A test whose tool is missing prints a note and passes, except under CI
//! (the `CI` environment variable set), where a missing tool fails it.

use reportbook::fonts::Fonts;
use reportbook::pdf::{PdfOptions, PdfWriter, pdf};
use reportbook::source::load_issue;
use reportbook::typeset::{face_data, typeset, typeset_each};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn seed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("source/2023-party-building")
}

/// The seed's PDF as the builder makes it: typeset and written a page at a time.
fn build(opts: &PdfOptions) -> Vec<u8> {
    let fonts = Fonts::shared().expect("bundled fonts");
    let (issue, _) = load_issue(&seed_dir());
    let issue = issue.expect("seed issue loads");
    let mut writer = PdfWriter::new(opts, |role| Some(face_data(fonts, role)));
    let (done, _) = typeset_each(&issue, fonts, |page| {
        writer.write_page(&page).expect("writes the page")
    })
    .expect("typesets");
    writer.finish(&done.meta).expect("writes a PDF")
}

/// Writing a page at a time changes nothing: the same bytes as typesetting
/// every page first, and the same page count.
#[test]
fn streamed_pdf_equals_the_in_memory_one() {
    let fonts = Fonts::shared().expect("bundled fonts");
    let (issue, _) = load_issue(&seed_dir());
    let (doc, _) = typeset(&issue.expect("seed issue loads"), fonts).expect("typesets");
    let opts = PdfOptions::default();
    let whole = pdf(&doc, &opts).expect("writes a PDF");
    assert!(whole == build(&opts), "streamed PDF differs");
    assert!(doc.pages.len() >= 5, "{} pages", doc.pages.len());
}

/// The seed PDF, built once per test binary and written to a temp file.
fn seed_pdf() -> &'static Path {
    static FILE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = FILE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("seed.pdf");
        std::fs::write(&path, build(&PdfOptions::default())).unwrap();
        (dir, path)
    });
    path
}

/// Run `tool args…`; `None` (test skipped) when the tool is not installed,
/// unless CI is set.
fn run(tool: &str, args: &[&str]) -> Option<String> {
    match Command::new(tool).args(args).output() {
        Ok(out) => {
            assert!(
                out.status.success(),
                "{tool} {args:?} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            Some(String::from_utf8_lossy(&out.stdout).into_owned())
        }
        Err(e) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "{tool} is required under CI ({e})"
            );
            eprintln!("note: {tool} not found ({e}); test skipped");
            None
        }
    }
}

fn strip_ws(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every string in the truth file, with its key path.
fn truth_items() -> Vec<(String, String)> {
    fn walk(v: &serde_json::Value, key: &str, out: &mut Vec<(String, String)>) {
        match v {
            serde_json::Value::String(s) => out.push((key.to_string(), s.clone())),
            serde_json::Value::Array(a) => a
                .iter()
                .enumerate()
                .for_each(|(i, x)| walk(x, &format!("{key}[{i}]"), out)),
            serde_json::Value::Object(o) => o
                .iter()
                .for_each(|(k, x)| walk(x, &format!("{key}.{k}"), out)),
            _ => {}
        }
    }
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/truth.json"),
    )
    .unwrap();
    let mut out = Vec::new();
    walk(&serde_json::from_str(&text).unwrap(), "", &mut out);
    out
}

#[test]
fn text_round_trips_through_pdftotext() {
    let Some(text) = run(
        "pdftotext",
        &["-enc", "UTF-8", seed_pdf().to_str().unwrap(), "-"],
    ) else {
        return;
    };
    let items = truth_items();
    // Lines that stand apart from the running text: captions and pull-quote
    // lines (a figure floated to a page top may sit inside a paragraph that
    // goes on from the previous page), folios and running heads.
    // An attribution line is printed with its dash (——市委组织部), as the
    // source wrote it and as the EPUB shows it.
    let printed = |k: &str, v: &str| {
        if k.starts_with(".pull_quote_attribution") {
            strip_ws(&format!("——{v}"))
        } else {
            strip_ws(v)
        }
    };
    let display: Vec<String> = items
        .iter()
        .filter(|(k, _)| k.starts_with(".captions") || k.starts_with(".pull_quote"))
        .map(|(k, v)| printed(k, v))
        .collect();
    // The running head of pages 2 on: publication, issue number, date.
    let head = strip_ws("十堰日报 第1期 2023年7月1日");
    let mut running = String::new();
    let mut standalone = Vec::new();
    for line in text.lines().map(strip_ws).filter(|l| !l.is_empty()) {
        let folio = line.chars().all(|c| c.is_ascii_digit());
        if folio || head.contains(line.as_str()) {
            continue;
        }
        if display.contains(&line) {
            standalone.push(line);
        } else {
            running.push_str(&line);
        }
    }
    let mut missing = Vec::new();
    for (key, value) in &items {
        let want = printed(key, value);
        // Captions and slogan lines must be lines of their own; everything
        // else must be in the running text, contiguous.
        let found = if display.contains(&want) {
            standalone.contains(&want)
        } else {
            running.contains(&want)
        };
        if !found {
            missing.push(format!("{key}: {value}"));
        }
    }
    assert!(
        missing.is_empty(),
        "not in the PDF text:\n{}",
        missing.join("\n")
    );
    assert!(items.len() >= 40, "truth file has {} items", items.len());
}

#[test]
fn fonts_are_embedded_subset_with_tounicode() {
    let Some(out) = run("pdffonts", &[seed_pdf().to_str().unwrap()]) else {
        return;
    };
    let rows: Vec<&str> = out
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert_eq!(rows.len(), 3, "one font per bundled face:\n{out}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(
            &cols[n - 5..n - 2],
            ["yes", "yes", "yes"],
            "emb/sub/uni: {row}"
        );
    }
}

/// `x0 y0 x1 y1` of a `pdfinfo -box` line, as width and height in mm.
fn box_mm(line: &str) -> (f32, f32) {
    let v: Vec<f32> = line
        .split_whitespace()
        .rev()
        .take(4)
        .filter_map(|t| t.parse().ok())
        .collect();
    let (x1, y1, x0, y0) = (v[1], v[0], v[3], v[2]);
    ((x1 - x0) * 25.4 / 72.0, (y1 - y0) * 25.4 / 72.0)
}

#[test]
fn trim_and_bleed_boxes_on_every_page() {
    let path = seed_pdf().to_str().unwrap();
    let Some(info) = run("pdfinfo", &[path]) else {
        return;
    };
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|v| v.trim().parse().ok())
        .expect("page count");
    assert!(pages >= 3, "{pages} pages");
    let last = pages.to_string();
    let Some(boxes) = run("pdfinfo", &["-box", "-f", "1", "-l", &last, path]) else {
        return;
    };
    let of = |name: &str| {
        boxes
            .lines()
            .filter(|l| l.contains(name))
            .map(box_mm)
            .collect::<Vec<_>>()
    };
    let (trim, bleed, media) = (of("TrimBox:"), of("BleedBox:"), of("MediaBox:"));
    assert_eq!((trim.len(), bleed.len()), (pages, pages));
    for ((t, b), m) in trim.iter().zip(&bleed).zip(&media) {
        assert!(
            (t.0 - 185.0).abs() < 0.1 && (t.1 - 260.0).abs() < 0.1,
            "TrimBox {t:?}"
        );
        assert!(
            (b.0 - 191.0).abs() < 0.1 && (b.1 - 266.0).abs() < 0.1,
            "BleedBox {b:?}"
        );
        assert!(
            m.0 > b.0 && m.1 > b.1,
            "MediaBox {m:?} must hold the bleed and crop marks"
        );
    }
    // pdfinfo prints a default for an absent box: count the real keys too.
    let raw = std::fs::read(seed_pdf()).unwrap();
    let count = |key: &[u8]| raw.windows(key.len()).filter(|w| *w == key).count();
    assert_eq!(count(b"/TrimBox"), pages);
    assert_eq!(count(b"/BleedBox"), pages);
    // Metadata: title, language, and a creation date from the issue date (never the clock).
    assert!(info.contains("党旗高扬分外红"), "{info}");
    assert!(
        info.contains("2023"),
        "creation date from the issue: {info}"
    );
    assert!(
        count(b"/Lang (zh-CN)") + count(b"/Lang(zh-CN)") >= 1,
        "document language"
    );
}

#[test]
fn qpdf_finds_no_errors() {
    let Some(out) = run("qpdf", &["--check", seed_pdf().to_str().unwrap()]) else {
        return;
    };
    assert!(
        out.contains("No syntax or stream encoding errors found"),
        "{out}"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let opts = PdfOptions::default();
    assert!(build(&opts) == build(&opts), "rebuild differs");
    // SOURCE_DATE_EPOCH changes the creation date and nothing random creeps in.
    let dated = PdfOptions {
        creation_epoch: Some(1_700_000_000),
        ..PdfOptions::default()
    };
    let (a, b) = (build(&dated), build(&dated));
    assert!(a == b, "rebuild with SOURCE_DATE_EPOCH differs");
    assert!(a != build(&opts));
}

#[test]
fn photos_are_embedded_byte_identical() {
    let raw = std::fs::read(seed_pdf()).unwrap();
    for name in [
        "village.jpg",
        "lecture.jpg",
        "neighborhood.jpg",
        "model-village.jpg",
        "exchange.jpg",
    ] {
        let jpeg = std::fs::read(seed_dir().join("photos").join(name)).unwrap();
        let found = raw
            .windows(jpeg.len().min(4096))
            .any(|w| w == &jpeg[..jpeg.len().min(4096)]);
        assert!(found, "{name} not embedded as is");
    }
}

#[test]
fn structure_tree_has_headings_paragraphs_and_figures_with_alt_text() {
    let dir = tempfile::tempdir().unwrap();
    let expanded = dir.path().join("qdf.pdf");
    let out = expanded.to_str().unwrap();
    let Some(_) = run(
        "qpdf",
        &[
            "--qdf",
            "--object-streams=disable",
            seed_pdf().to_str().unwrap(),
            out,
        ],
    ) else {
        return;
    };
    let raw = String::from_utf8_lossy(&std::fs::read(&expanded).unwrap()).into_owned();
    let count = |s: &str| raw.matches(s).count();
    assert_eq!(count("/S /Title"), 1);
    assert_eq!(count("/S /H1"), 3, "three section headings");
    assert_eq!(count("/S /H2"), 3, "three sub-headings");
    assert_eq!(count("/S /Figure"), 5);
    assert_eq!(count("/S /Caption"), 5);
    assert_eq!(count("/S /BlockQuote"), 1, "the pull quote");
    // 19 section paragraphs, the intro, lead, subtitle, byline and date line.
    assert!(
        count("/S /P\n") + count("/S /P ") >= 20,
        "paragraph elements"
    );
    assert_eq!(count("/Alt "), 5, "each figure has alt text");
    assert!(raw.contains("/Marked true"), "marked as tagged");
}

/// A real JPEG, red on its left half and blue on its right, stored `w × h`,
/// with an EXIF APP1 segment giving `orientation`.
fn oriented_jpeg(w: u32, h: u32, orientation: u16) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, _| {
        if x < w / 2 {
            image::Rgb([255, 0, 0])
        } else {
            image::Rgb([0, 0, 255])
        }
    });
    let mut jpeg = Vec::new();
    img.write_to(
        &mut std::io::Cursor::new(&mut jpeg),
        image::ImageFormat::Jpeg,
    )
    .unwrap();
    // TIFF header (big endian), IFD0 with one entry: Orientation (SHORT).
    let mut tiff = b"MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01".to_vec();
    tiff.extend(orientation.to_be_bytes());
    tiff.extend([0, 0, 0, 0, 0, 0]);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(tiff);
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend(u16::try_from(app1.len() + 2).unwrap().to_be_bytes());
    out.extend(app1);
    out.extend(&jpeg[2..]);
    out
}

/// Centroids (x, y) of strongly red and strongly blue pixels in a binary PPM.
/// Red centroid, blue centroid, and how many coloured pixels were found.
type Centroids = ((f32, f32), (f32, f32), usize);

fn red_blue_centroids(ppm: &[u8]) -> Option<Centroids> {
    // Header: "P6\n<w> <h>\n255\n".
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while ppm[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !ppm[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&ppm[start..i]).into_owned());
    }
    let w: usize = fields[1].parse().ok()?;
    let px = &ppm[i + 1..];
    let (mut r, mut b) = ((0.0, 0.0, 0usize), (0.0, 0.0, 0usize));
    for (k, p) in px.chunks_exact(3).enumerate() {
        let (x, y) = ((k % w) as f32, (k / w) as f32);
        if p[0] > 180 && p[1] < 80 && p[2] < 80 {
            r = (r.0 + x, r.1 + y, r.2 + 1);
        } else if p[2] > 140 && p[0] < 80 && p[1] < 120 {
            // Blue as poppler proofs it through the PDF/X output intent
            // (FOGRA39 cannot print 0 0 255: about 40 82 171).
            b = (b.0 + x, b.1 + y, b.2 + 1);
        }
    }
    (r.2 > 50 && b.2 > 50).then(|| {
        (
            (r.0 / r.2 as f32, r.1 / r.2 as f32),
            (b.0 / b.2 as f32, b.1 / b.2 as f32),
            r.2 + b.2,
        )
    })
}

#[test]
fn exif_orientation_is_applied_and_the_jpeg_kept_as_is() {
    let dir = tempfile::tempdir().unwrap();
    let issue_dir = dir.path().join("source/rotated");
    std::fs::create_dir_all(issue_dir.join("photos")).unwrap();
    std::fs::write(
        dir.path().join("source/publication.toml"),
        "name = \"测试日报\"\n",
    )
    .unwrap();
    std::fs::write(
        issue_dir.join("article.md"),
        "+++\nissue = 1\ndate = \"2024-05-01\"\n+++\n\n# 测试标题\n\n正文。\n\n![说明](photos/r.jpg)\n\n正文第二段。\n",
    )
    .unwrap();
    // Stored landscape 160×120; orientation 6 = rotate 90° clockwise to show:
    // the red left half ends up on top.
    let jpeg = oriented_jpeg(160, 120, 6);
    std::fs::write(issue_dir.join("photos/r.jpg"), &jpeg).unwrap();
    let fonts = Fonts::shared().unwrap();
    let (issue, _) = load_issue(&issue_dir);
    let (doc, warnings) = typeset(&issue.expect("loads"), fonts).expect("typesets");
    assert!(
        warnings
            .iter()
            .any(|w| w.message.contains("r.jpg") && w.message.contains("ppi")),
        "{warnings:?}"
    );
    let bytes = pdf(&doc, &PdfOptions::default()).unwrap();
    assert!(
        bytes.windows(jpeg.len()).any(|w| w == jpeg.as_slice()),
        "JPEG not embedded byte for byte"
    );
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, &bytes).unwrap();
    let prefix = dir.path().join("page");
    let Some(_) = run(
        "pdftoppm",
        &["-r", "20", path.to_str().unwrap(), prefix.to_str().unwrap()],
    ) else {
        return;
    };
    // The page where the photo is: the one with the most red and blue pixels.
    let best = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ppm"))
        .filter_map(|p| red_blue_centroids(&std::fs::read(&p).unwrap()))
        .max_by_key(|c| c.2);
    let ((rx, ry), (bx, by), _) = best.expect("the photo is on some page");
    assert!(
        ry + 3.0 < by,
        "red half should be above blue (red y {ry}, blue y {by})"
    );
    assert!(
        (rx - bx).abs() < 3.0,
        "halves should be stacked, not side by side ({rx} vs {bx})"
    );
}

/// poppler reads the PDF without a complaint: its tools print nothing on
/// standard error (an explicit `/Suspects false` made poppler 22 report a
/// syntax error on every run).
#[test]
fn poppler_reads_the_pdf_without_a_syntax_error() {
    let path = seed_pdf().to_str().unwrap();
    for tool in ["pdfinfo", "pdffonts"] {
        let out = match Command::new(tool).arg(path).output() {
            Ok(o) => o,
            Err(e) => {
                assert!(
                    std::env::var_os("CI").is_none(),
                    "{tool} is required under CI ({e})"
                );
                eprintln!("note: {tool} not found ({e}); test skipped");
                return;
            }
        };
        assert!(out.status.success(), "{tool} failed");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.trim().is_empty(), "{tool} complains: {err}");
    }
}

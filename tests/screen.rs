//! The screen edition (`--format screen`, `<issue>.screen.pdf`): the trimmed
//! page with no bleed and no marks, sRGB only, photos at about 150 ppi of
//! their printed size, links active, the same text, tags and outline as the
//! print PDF, no PDF/X claim, under 1.5 MB for the seed; the print PDF keeps
//! no links. Read back with poppler (`pdfinfo`, `pdfimages`, `pdftotext`)
//! and qpdf (`--json`, `--qdf`).
//!
//! A test whose tool is missing prints a note and passes, except under CI
//! (the `CI` environment variable set), where a missing tool fails it.

mod common;

use common::{Workspace, have, reportbook, text};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn tools() -> bool {
    have("pdfinfo", "-v") && have("pdfimages", "-v") && have("qpdf", "--version")
}

/// The seed built once per test binary as print and screen PDFs: (print, screen).
fn seed() -> &'static (PathBuf, PathBuf, tempfile::TempDir) {
    static SEED: OnceLock<(PathBuf, PathBuf, tempfile::TempDir)> = OnceLock::new();
    SEED.get_or_init(|| {
        let out = tempfile::tempdir().unwrap();
        let o = reportbook(
            repo(),
            &[
                "build",
                "source/2023-party-building",
                "--format",
                "pdf,screen",
                "--out",
                out.path().to_str().unwrap(),
            ],
        );
        assert!(o.status.success(), "{}", text(&o));
        let dir = out.path().join("2023-party-building");
        (
            dir.join("2023-party-building.pdf"),
            dir.join("2023-party-building.screen.pdf"),
            out,
        )
    })
}

fn run(tool: &str, args: &[&str]) -> String {
    let o = Command::new(tool).args(args).output().expect("tool runs");
    assert!(o.status.success(), "{tool} {args:?}: {}", text(&o));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A page box from `pdfinfo -box`: [x0, y0, x1, y1].
fn page_box(pdf: &Path, name: &str) -> [f32; 4] {
    let info = run("pdfinfo", &["-box", pdf.to_str().unwrap()]);
    let line = info
        .lines()
        .find(|l| l.starts_with(&format!("{name}:")))
        .unwrap_or_else(|| panic!("no {name} in {info}"));
    let v: Vec<f32> = line
        .split_whitespace()
        .skip(1)
        .map(|x| x.parse().unwrap())
        .collect();
    [v[0], v[1], v[2], v[3]]
}

/// The file with its streams uncompressed (qpdf --qdf), as text.
fn qdf(pdf: &Path) -> String {
    let out = tempfile::NamedTempFile::new().unwrap();
    run(
        "qpdf",
        &[
            "--qdf",
            "--object-streams=disable",
            pdf.to_str().unwrap(),
            out.path().to_str().unwrap(),
        ],
    );
    String::from_utf8_lossy(&std::fs::read(out.path()).unwrap()).into_owned()
}

/// The file as qpdf's JSON, and its pages' object ids in order.
fn qpdf_json(pdf: &Path) -> (serde_json::Value, Vec<String>) {
    let json: serde_json::Value =
        serde_json::from_str(&run("qpdf", &["--json=2", pdf.to_str().unwrap()])).unwrap();
    let pages = json["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["object"].as_str().unwrap().to_owned())
        .collect();
    (json, pages)
}

/// Every link annotation: (rect, URI or `None` for a link to a page, page index).
fn links(pdf: &Path) -> Vec<([f32; 4], Option<String>, usize)> {
    let (json, pages) = qpdf_json(pdf);
    let objects = &json["qpdf"][1];
    let mut out = Vec::new();
    for (page, id) in pages.iter().enumerate() {
        let annots = &objects[format!("obj:{id}")]["value"]["/Annots"];
        for a in annots.as_array().into_iter().flatten() {
            let a = &objects[format!("obj:{}", a.as_str().unwrap())]["value"];
            if a["/Subtype"] != "/Link" {
                continue;
            }
            let r: Vec<f32> = a["/Rect"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap() as f32)
                .collect();
            let uri = a["/A"]["/URI"]
                .as_str()
                .map(|u| u.trim_start_matches("u:").to_owned());
            out.push(([r[0], r[1], r[2], r[3]], uri, page));
        }
    }
    out
}

#[test]
fn the_screen_page_is_the_trimmed_page_without_marks() {
    if !tools() {
        return;
    }
    let (print, screen, _) = seed();
    let trim = page_box(print, "TrimBox");
    let media = page_box(screen, "MediaBox");
    assert_eq!(media[0], 0.0);
    assert_eq!(media[1], 0.0);
    assert!(
        (media[2] - (trim[2] - trim[0])).abs() < 0.02,
        "{media:?} vs {trim:?}"
    );
    assert!(
        (media[3] - (trim[3] - trim[1])).abs() < 0.02,
        "{media:?} vs {trim:?}"
    );
    assert_eq!(page_box(screen, "TrimBox"), media);
    assert_eq!(page_box(screen, "BleedBox"), media);
    // No process colour at all (the marks are registration colour, the
    // text K only in print): every colour is RGB.
    let s = qdf(screen);
    let p = qdf(print);
    let cmyk_ops = |t: &str| {
        let w: Vec<&str> = t.split_ascii_whitespace().collect();
        w.windows(5)
            .filter(|v| {
                matches!(v[4], "k" | "K") && v[..4].iter().all(|n| n.parse::<f32>().is_ok())
            })
            .count()
    };
    assert!(cmyk_ops(&p) > 0, "the print file paints in CMYK");
    assert_eq!(cmyk_ops(&s), 0, "the screen file has no CMYK colour");
    assert!(!s.contains("/DeviceCMYK"));
    assert!(!s.contains("/DeviceRGB"), "RGB is ICC-based sRGB");
    // No PDF/X claim.
    assert!(p.contains("/GTS_PDFX"));
    assert!(!s.contains("/GTS_PDFX") && !s.contains("/OutputIntents"));
    assert!(
        run("pdfinfo", &[screen.to_str().unwrap()])
            .lines()
            .any(|l| l.starts_with("PDF version:") && l.ends_with(" 1.7"))
    );
}

#[test]
fn screen_photos_are_150_ppi_and_the_file_is_small() {
    if !tools() {
        return;
    }
    let (print, screen, _) = seed();
    let list = run("pdfimages", &["-list", screen.to_str().unwrap()]);
    let rows: Vec<Vec<&str>> = list
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows.len(), 5, "{list}");
    for r in &rows {
        // page num type width height color comp bpc enc interp object ID x-ppi y-ppi ...
        let (x_ppi, y_ppi): (f32, f32) = (r[12].parse().unwrap(), r[13].parse().unwrap());
        assert!((140.0..=160.0).contains(&x_ppi), "{list}");
        assert!((140.0..=160.0).contains(&y_ppi), "{list}");
        assert_eq!(r[5], "icc", "{list}");
        assert_eq!(r[8], "jpeg", "{list}");
    }
    let size = std::fs::metadata(screen).unwrap().len();
    let print_size = std::fs::metadata(print).unwrap().len();
    assert!(size < 1_500_000, "screen PDF {size} bytes");
    assert!(print_size > 5 * size, "print {print_size}, screen {size}");
}

#[test]
fn screen_and_print_have_the_same_text_tags_and_outline() {
    if !tools() {
        return;
    }
    let (print, screen, _) = seed();
    let txt = |p: &Path| run("pdftotext", &[p.to_str().unwrap(), "-"]);
    assert_eq!(txt(print), txt(screen));
    // The same tree, but for the screen edition's `Link` elements (the seed
    // has no links; `links_are_active_in_the_screen_edition_only` counts them).
    let structure = |p: &Path| {
        run("pdfinfo", &["-struct", p.to_str().unwrap()])
            .lines()
            .filter(|l| {
                !l.trim_start().starts_with("Link") && !l.trim_start().starts_with("Object ")
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let s = structure(screen);
    assert!(s.contains("Figure") && s.contains("H1"), "{s}");
    assert_eq!(structure(print), s);
    let outline = |p: &Path| {
        let json: serde_json::Value =
            serde_json::from_str(&run("qpdf", &["--json=2", p.to_str().unwrap()])).unwrap();
        fn titles(v: &serde_json::Value, out: &mut Vec<String>) {
            for o in v.as_array().into_iter().flatten() {
                out.push(o["title"].as_str().unwrap_or("").to_owned());
                titles(&o["kids"], out);
            }
        }
        let mut out = Vec::new();
        titles(&json["outlines"], &mut out);
        out
    };
    let o = outline(screen);
    assert!(o.len() >= 3, "{o:?}");
    assert_eq!(outline(print), o);
    let lang = |p: &Path| qdf(p).contains("/Lang (zh-CN)");
    assert!(lang(print) && lang(screen));
}

#[test]
fn links_are_active_in_the_screen_edition_only() {
    if !tools() {
        return;
    }
    let ws = Workspace::new();
    let article = common::ARTICLE.replace(
        "正文第二段。",
        "正文第二段，详见[人民网的报道](https://www.people.com.cn/n1/2024/0501/c1001.html)，\
         来信请寄[编辑部](mailto:editor@example.com)。",
    );
    ws.issue("i", article.as_bytes());
    let o = reportbook(ws.root(), &["build", "--format", "all"]);
    assert!(o.status.success(), "{}", text(&o));
    let dir = ws.root().join("output/i");
    let screen = dir.join("i.screen.pdf");
    assert!(dir.join("i.epub").is_file());
    assert!(
        links(&dir.join("i.pdf")).is_empty(),
        "print carries no links"
    );
    let found = links(&screen);
    let uris: Vec<&str> = found.iter().filter_map(|(_, u, _)| u.as_deref()).collect();
    assert_eq!(
        uris,
        [
            "https://www.people.com.cn/n1/2024/0501/c1001.html",
            "mailto:editor@example.com"
        ]
    );
    // Each annotation sits in a `Link` element of the tag tree.
    let tree = run("pdfinfo", &["-struct", screen.to_str().unwrap()]);
    assert_eq!(
        tree.lines()
            .filter(|l| l.trim_start().starts_with("Link"))
            .count(),
        2,
        "{tree}"
    );
    // The text under each link's area is its text (poppler reads a box in
    // pt from the top-left corner).
    let height = page_box(&screen, "MediaBox")[3];
    for ((r, _, page), want) in found.iter().zip(["人民网的报道", "编辑部"]) {
        let n = (page + 1).to_string();
        let under = run(
            "pdftotext",
            &[
                "-f",
                &n,
                "-l",
                &n,
                "-x",
                &(r[0] + 1.0).round().to_string(),
                "-y",
                &(height - r[3] + 2.0).round().to_string(),
                "-W",
                &(r[2] - r[0] - 2.0).round().to_string(),
                "-H",
                &(r[3] - r[1] - 4.0).round().to_string(),
                screen.to_str().unwrap(),
                "-",
            ],
        );
        let under: String = under.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(
            under.contains(want) && under.chars().count() <= want.chars().count() + 2,
            "link area shows {under:?}, not {want:?}"
        );
    }
}

#[test]
fn contents_entries_link_to_their_articles() {
    if !tools() {
        return;
    }
    let ws = Workspace::new();
    let dir = ws.source().join("weekly");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("issue.toml"), "issue = 7\ndate = \"2024-05-01\"\n").unwrap();
    for (k, title) in ["第一篇", "第二篇", "第三篇"].iter().enumerate() {
        let body = "正文段落，内容足够长，用于测试目录链接是否指向文章所在的页面。".repeat(40);
        std::fs::write(
            dir.join(format!("0{k}.md")),
            format!(
                "+++\n[[byline]]\nrole = \"记者\"\nnames = [\"张三\"]\n+++\n\n# {title}\n\n{body}\n"
            ),
        )
        .unwrap();
    }
    let o = reportbook(ws.root(), &["build", "--format", "screen"]);
    assert!(o.status.success(), "{}", text(&o));
    let screen = ws.root().join("output/weekly/weekly.screen.pdf");
    assert!(!ws.root().join("output/weekly/weekly.pdf").exists());
    let found = links(&screen);
    assert_eq!(found.len(), 3, "{found:?}");
    let tree = run("pdfinfo", &["-struct", screen.to_str().unwrap()]);
    assert_eq!(tree.matches("TOCI").count(), 3, "{tree}");
    assert_eq!(
        tree.lines()
            .filter(|l| l.trim_start().starts_with("Link"))
            .count(),
        3,
        "{tree}"
    );
    // Each entry's page number is the page its link leads to, whose text
    // starts with the article's title.
    let (json, pages) = qpdf_json(&screen);
    let objects = &json["qpdf"][1];
    let mut targets = Vec::new();
    for id in &pages {
        for a in objects[format!("obj:{id}")]["value"]["/Annots"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let a = &objects[format!("obj:{}", a.as_str().unwrap())]["value"];
            // The destination array, written as its own object.
            let dest = a["/Dest"].as_str().expect("a page destination");
            let dest = objects[format!("obj:{dest}")]["value"][0]
                .as_str()
                .expect("a page");
            targets.push(pages.iter().position(|p| p == dest).unwrap());
        }
    }
    for (target, title) in targets.iter().zip(["第一篇", "第二篇", "第三篇"]) {
        let n = (target + 1).to_string();
        let page = run(
            "pdftotext",
            &["-f", &n, "-l", &n, screen.to_str().unwrap(), "-"],
        );
        assert!(
            page.contains(title),
            "page {n} does not hold {title}: {page}"
        );
    }
}

#[test]
fn screen_builds_are_reproducible_and_skipped_when_unchanged() {
    let ws = Workspace::new();
    ws.issue("i", common::ARTICLE.as_bytes());
    let build = || {
        let o = reportbook(ws.root(), &["build", "--format", "screen"]);
        assert!(o.status.success(), "{}", text(&o));
        text(&o)
    };
    let first = build();
    assert!(first.contains("screen"), "{first}");
    let path = ws.root().join("output/i/i.screen.pdf");
    let bytes = std::fs::read(&path).unwrap();
    assert!(build().contains("skipped"));
    std::fs::remove_file(&path).unwrap();
    assert!(build().contains("built"));
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    // Without the photo cache too.
    std::fs::remove_dir_all(ws.root().join("output")).unwrap();
    build();
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn formats_combine_with_commas() {
    let ws = Workspace::new();
    ws.issue("i", common::ARTICLE.as_bytes());
    let o = reportbook(ws.root(), &["build", "--format", "EPUB,pdf"]);
    assert!(o.status.success(), "{}", text(&o));
    let out = ws.root().join("output/i");
    assert!(out.join("i.epub").is_file() && out.join("i.pdf").is_file());
    assert!(!out.join("i.screen.pdf").exists());
    assert!(!text(&o).contains("screen"), "{}", text(&o));
    let o = reportbook(ws.root(), &["build", "--format", "paper"]);
    assert!(!o.status.success());
    assert!(
        text(&o).contains("screen"),
        "the error lists the formats: {}",
        text(&o)
    );
}

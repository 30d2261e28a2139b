//! The cost of the PDF/X-4 step (`pdf::identify`: krilla's tail replaced by
//! the output intent, Info, XMP and a new xref) on the seed and on a
//! ~1,000-page issue (the seed's body 220 times, as `bench/scale.sh 220`).
//! `cargo bench --bench pdfx`. `copy-only` is the clone of krilla's bytes
//! each `identify` iteration starts with. The files krilla wrote are left in
//! `target/pdfx-bench/` (bench/lopdf-cost can load them too).

use criterion::{Criterion, criterion_group, criterion_main};
use reportbook::fonts::Fonts;
use reportbook::pdf::{OutputIntent, PdfOptions, PdfWriter, identify};
use reportbook::source::load_issue;
use reportbook::typeset::{face_data, typeset_each};
use std::hint::black_box;
use std::path::Path;

/// krilla's bytes (before the PDF/X step), the document's meta and page count.
fn krilla_bytes(dir: &Path, opts: &PdfOptions) -> (Vec<u8>, reportbook::frame::DocMeta, u32) {
    let fonts = Fonts::shared().expect("bundled fonts");
    let issue = load_issue(dir).0.expect("issue loads");
    let mut writer = PdfWriter::new(opts, |role| Some(face_data(fonts, role)));
    let (done, _) = typeset_each(&issue, fonts, |page| {
        writer.write_page(&page).expect("writes the page")
    })
    .expect("typesets");
    let (bytes, pages) = writer.finish_krilla(&done.meta).expect("writes");
    (bytes, done.meta, pages)
}

/// The seed with its body (from the first `##`) repeated `k` times.
fn long_issue(root: &Path, k: usize) -> tempfile::TempDir {
    let seed = root.join("source/2023-party-building");
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(
        root.join("source/publication.toml"),
        tmp.path().join("publication.toml"),
    )
    .unwrap();
    let dir = tmp.path().join("long");
    std::fs::create_dir_all(dir.join("photos")).unwrap();
    for e in std::fs::read_dir(seed.join("photos")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.join("photos").join(e.file_name())).unwrap();
    }
    let text = std::fs::read_to_string(seed.join("article.md")).unwrap();
    let cut = text.find("\n## ").unwrap() + 1;
    let mut out = text[..cut].to_string();
    for _ in 0..k {
        out.push_str(&text[cut..]);
        out.push_str("\n\n");
    }
    std::fs::write(dir.join("article.md"), out).unwrap();
    tmp
}

fn pdfx_step(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let opts = PdfOptions::default();
    let intent = OutputIntent::bundled();
    let keep = root.join("target/pdfx-bench");
    std::fs::create_dir_all(&keep).unwrap();
    let long = long_issue(root, 220);
    let mut group = c.benchmark_group("pdfx");
    group.sample_size(20);
    for (name, dir) in [
        ("seed", root.join("source/2023-party-building")),
        ("long", long.path().join("long")),
    ] {
        let (bytes, meta, pages) = krilla_bytes(&dir, &opts);
        eprintln!("{name}: {pages} pages, {} bytes from krilla", bytes.len());
        std::fs::write(keep.join(format!("{name}.pdf")), &bytes).unwrap();
        group.bench_function(format!("identify/{name}"), |b| {
            b.iter(|| identify(black_box(bytes.clone()), &intent, &meta, &opts, pages).unwrap())
        });
        group.bench_function(format!("copy-only/{name}"), |b| {
            b.iter(|| black_box(bytes.clone()))
        });
    }
    group.finish();
}

criterion_group!(benches, pdfx_step);
criterion_main!(benches);

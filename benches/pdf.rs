//! Typeset + PDF of the seed issue (load once, outside the timing).
//! `cargo bench --bench pdf`.

use criterion::{Criterion, criterion_group, criterion_main};
use reportbook::fonts::Fonts;
use reportbook::pdf::{PdfOptions, PdfWriter};
use reportbook::source::load_issue;
use reportbook::typeset::{face_data, typeset, typeset_each};
use std::hint::black_box;
use std::path::Path;

fn seed_pdf(c: &mut Criterion) {
    let fonts = Fonts::shared().expect("bundled fonts");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("source/2023-party-building");
    let issue = load_issue(&dir).0.expect("seed issue loads");
    let opts = PdfOptions::default();
    let mut group = c.benchmark_group("seed");
    group.sample_size(20);
    group.bench_function("typeset", |b| {
        b.iter(|| typeset(black_box(&issue), fonts).expect("typesets"))
    });
    // As the builder does it: each page written as soon as it is set.
    group.bench_function("typeset+pdf", |b| {
        b.iter(|| {
            let mut writer = PdfWriter::new(&opts, |role| Some(face_data(fonts, role)));
            let (done, _) = typeset_each(black_box(&issue), fonts, |page| {
                writer.write_page(&page).expect("writes the page")
            })
            .expect("typesets");
            writer.finish(&done.meta).expect("writes")
        })
    });
    group.finish();
}

criterion_group!(benches, seed_pdf);
criterion_main!(benches);

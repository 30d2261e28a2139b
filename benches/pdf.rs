//! Typeset + PDF of the seed issue (load once, outside the timing).
//! `cargo bench --bench pdf`.

use criterion::{Criterion, criterion_group, criterion_main};
use reportbook::fonts::Fonts;
use reportbook::pdf::{PdfOptions, pdf};
use reportbook::source::load_issue;
use reportbook::typeset::typeset;
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
    group.bench_function("typeset+pdf", |b| {
        b.iter(|| {
            let (doc, _) = typeset(black_box(&issue), fonts).expect("typesets");
            pdf(&doc, &opts).expect("writes")
        })
    });
    group.finish();
}

criterion_group!(benches, seed_pdf);
criterion_main!(benches);

//! Paragraph layout speed: every seed paragraph (lead, intro and section body
//! text) at 10.5 pt on a 40 em measure, justified with a 2 em indent, as the
//! page builder sets body text. Run with `cargo bench --bench linebreak`.

use criterion::{Criterion, criterion_group, criterion_main};
use reportbook::fonts::{Fonts, Role};
use reportbook::typeset::inline::{Align, ParInput, StyledText, layout_par};
use std::hint::black_box;

/// Body type size in pt.
const SIZE_PT: f32 = 10.5;
/// Measure in em.
const MEASURE_EM: f32 = 40.0;

fn seed_inputs() -> Vec<ParInput> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/truth.json");
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("tests/data/truth.json"))
            .expect("valid JSON");
    let mut texts = vec![truth["lead"].as_str().unwrap_or_default().to_string()];
    let lists = std::iter::once(&truth["intro_paragraphs"]).chain(
        truth["sections"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|s| &s["paragraphs"]),
    );
    for list in lists {
        texts.extend(
            list.as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| p.as_str())
                .map(str::to_string),
        );
    }
    texts
        .into_iter()
        .map(|text| ParInput {
            runs: vec![StyledText {
                text,
                role: Role::Body,
                size_pt: SIZE_PT,
                rise_pt: 0.0,
            }],
            width_pt: MEASURE_EM * SIZE_PT,
            first_line_indent_em: 2.0,
            align: Align::Justify,
        })
        .collect()
}

fn bench_seed(c: &mut Criterion) {
    let fonts = Fonts::shared().expect("bundled fonts load");
    let inputs = seed_inputs();
    // Build the per-face shaping data once, outside the measurement, as a
    // long-running process would have it.
    for input in &inputs {
        black_box(layout_par(fonts, input));
    }
    c.bench_function("seed paragraphs, 10.5 pt, 40 em", |b| {
        b.iter(|| {
            for input in &inputs {
                black_box(layout_par(fonts, black_box(input)));
            }
        })
    });
}

criterion_group!(benches, bench_seed);
criterion_main!(benches);

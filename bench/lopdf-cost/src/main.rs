//! lopdf load + catalog edit + save of each PDF named on the command line,
//! RUNS times (env, default 5): median milliseconds and output size.
use lopdf::{Document, Object};
use std::time::Instant;

fn main() {
    let runs: usize = std::env::var("RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(5);
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).expect("read");
        let mut times = Vec::new();
        let mut size = 0;
        for _ in 0..runs {
            let t = Instant::now();
            let mut doc = Document::load_mem(&bytes).expect("lopdf loads");
            let root = doc.trailer.get(b"Root").and_then(Object::as_reference).expect("root");
            let catalog = doc.get_object_mut(root).and_then(Object::as_dict_mut).expect("catalog");
            catalog.set("OutputIntents", Object::Array(vec![]));
            let mut out = Vec::with_capacity(bytes.len());
            doc.save_to(&mut out).expect("lopdf saves");
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            size = out.len();
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{path}: lopdf load+save median {:.1} ms over {runs} runs ({} → {} bytes)",
            times[runs / 2],
            bytes.len(),
            size
        );
    }
}

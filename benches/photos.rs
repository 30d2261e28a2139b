//! EPUB photo conversion, per photo and per seed issue, in CPU time.
//!   cargo bench --bench photos [-- RUNS]
//! Converts each of the seed issue's five photos (and any files named on
//! `PHOTOS=a.jpg:b.png`) as a build does, without the caches, RUNS times (default
//! 7) on one thread, and prints the median CPU time of this thread (from
//! /proc/thread-self/schedstat, in ns: steady on a shared machine, where wall
//! time is not), the output size and the pixel size.

use std::path::PathBuf;

/// CPU time this thread has run, in ns (Linux).
fn thread_cpu_ns() -> u64 {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").expect("Linux schedstat");
    s.split_whitespace()
        .next()
        .and_then(|v| v.parse().ok())
        .expect("a number")
}

fn median(mut v: Vec<u64>) -> u64 {
    v.sort_unstable();
    v[v.len() / 2]
}

fn main() {
    let runs: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(7);
    let seed = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("source/2023-party-building/photos");
    let mut files: Vec<PathBuf> = [
        "village",
        "neighborhood",
        "model-village",
        "lecture",
        "exchange",
    ]
    .iter()
    .map(|n| seed.join(format!("{n}.jpg")))
    .collect();
    if let Ok(extra) = std::env::var("PHOTOS") {
        files.extend(
            extra
                .split(':')
                .filter(|s| !s.is_empty())
                .map(PathBuf::from),
        );
    }
    let mut seed_total = 0;
    for (i, path) in files.iter().enumerate() {
        let bytes = std::fs::read(path).expect("photo");
        let mut times = Vec::with_capacity(runs);
        let mut last = None;
        for _ in 0..runs {
            let t = thread_cpu_ns();
            let out = reportbook::epub::convert_photo(&bytes, 1600).expect("converts");
            times.push(thread_cpu_ns() - t);
            last = Some(out);
        }
        let (kind, (w, h), data) = last.expect("at least one run");
        let ns = median(times);
        if i < 5 {
            seed_total += ns;
        }
        let ms = ns as f64 / 1e6;
        println!(
            "{:<24} {ms:8.1} ms CPU  {:>9} bytes  {w}×{h} {kind}",
            path.file_name().unwrap().to_string_lossy(),
            data.len()
        );
    }
    println!(
        "{:<24} {:8.1} ms CPU",
        "seed issue (5 photos)",
        seed_total as f64 / 1e6
    );
}

//! Build the EPUB of one issue folder and write it, with timing:
//! `cargo run --example epub_sample -- source/2023-party-building out.epub [cache-dir]`.
use reportbook::epub::{EpubOptions, epub};
use reportbook::fonts::Fonts;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: epub_sample ISSUE_DIR OUT.epub [CACHE_DIR]");
        std::process::exit(2);
    };
    let fonts = Fonts::shared().unwrap_or_else(|e| panic!("{e:?}"));
    let (issue, warnings) = reportbook::source::load_issue(std::path::Path::new(dir));
    for w in &warnings {
        eprintln!("{}", w.render());
    }
    let mut issue = issue.unwrap_or_else(|e| panic!("{e:?}"));
    // NO_COVER=1 drops the cover photo, to see the generated cover.
    if std::env::var_os("NO_COVER").is_some() {
        issue.meta.cover = None;
    }
    let mut opts = EpubOptions::from_env();
    opts.image_cache_dir = args.get(2).map(Into::into);
    let t = Instant::now();
    match epub(&issue, fonts, &opts) {
        Ok((bytes, warnings)) => {
            eprintln!("epub() took {:?}, {} bytes", t.elapsed(), bytes.len());
            for w in &warnings {
                eprintln!("{}", w.render());
            }
            std::fs::write(out, bytes).expect("write");
        }
        Err(errors) => {
            for e in &errors {
                eprintln!("{}", e.render());
            }
            std::process::exit(1);
        }
    }
}

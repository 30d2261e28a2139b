//! Write the seed issue's PDF for looking at it:
//! `cargo run --example pdf_seed -- OUT.pdf [ISSUE_DIR]`.

use reportbook::fonts::Fonts;
use reportbook::pdf::{PdfOptions, pdf};
use reportbook::source::load_issue;
use reportbook::typeset::typeset;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let out = args
        .next()
        .map_or_else(|| PathBuf::from("seed.pdf"), PathBuf::from);
    let dir = args.next().map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("source/2023-party-building"),
        PathBuf::from,
    );
    let report =
        |diags: &[reportbook::diag::Diagnostic]| diags.iter().for_each(|d| eprintln!("{d}"));
    let fonts = match Fonts::shared() {
        Ok(f) => f,
        Err(e) => {
            report(&e);
            return ExitCode::FAILURE;
        }
    };
    let t0 = std::time::Instant::now();
    let (issue, warnings) = load_issue(&dir);
    report(&warnings);
    let issue = match issue {
        Ok(i) => i,
        Err(e) => {
            report(&e);
            return ExitCode::FAILURE;
        }
    };
    let t1 = std::time::Instant::now();
    let bytes = match typeset(&issue, fonts).and_then(|(doc, warnings)| {
        report(&warnings);
        eprintln!("typeset: {} pages in {:?}", doc.pages.len(), t1.elapsed());
        pdf(&doc, &PdfOptions::from_env())
    }) {
        Ok(b) => b,
        Err(e) => {
            report(&e);
            return ExitCode::FAILURE;
        }
    };
    eprintln!(
        "load {:?}, typeset+pdf {:?}, {} bytes",
        t1 - t0,
        t1.elapsed(),
        bytes.len()
    );
    if let Err(e) = std::fs::write(&out, &bytes) {
        eprintln!("error: failed to write PDF file ({e})");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

//! Validate an issue without building it (the `check` command), on the model.
//!
//! # Public API (the CLI wires `reportbook check`)
//!
//! ```text
//! pub fn check_issue(dir: &Path, fonts: &Fonts) -> Vec<Diagnostic>
//! pub fn check_issue_with(dir: &Path, fonts: &Fonts, opts: &CheckOptions) -> Vec<Diagnostic>
//! pub fn text_findings(issue: &Issue, opts: &CheckOptions) -> Vec<Diagnostic>
//! ```
//!
//! `check_issue` loads the issue with [`crate::source::load_book`], the
//! reader `build` uses, and passes its errors and warnings on (missing or
//! unreadable photos, figures without a caption, every misreading the reader
//! notices). Then it runs [`text_findings`] on each loaded article (the model,
//! never a second parse of the Markdown), the coverage check
//! ([`crate::coverage::warnings`]) and the print preflight. `build` calls the
//! same [`text_findings`] and [`crate::coverage::warnings`] on the issue it
//! loaded, so `check` and `build` report the same text findings, worded the
//! same, at the same place, by construction.
//!
//! [`text_findings`] is:
//!
//! - [`text::check_pairs`]: unbalanced Chinese quotes and brackets, per paragraph;
//! - [`text::check_ascii_punct`]: ASCII `, ; : ? ! ( )` between Han characters;
//! - [`photos::low_resolution`]: photos under 300 ppi at the width they print
//!   at in the issue's layout.
//!
//! Character positions come from [`crate::model::source_map`]. When the issue
//! does not load because of a photo (missing, unreadable), `check` reads it
//! again as a proof (`build --placeholders` does) so the text is still checked;
//! other errors stop the text checks, and the loader's errors say why.
//!
//! Diagnostics come back sorted by position, those without one first.

pub mod photos;
pub mod text;

use crate::diag::Diagnostic;
use crate::fonts::Fonts;
use crate::model::Issue;
use std::path::Path;

pub use crate::model::source_map::{Unit, UnitKind, units};
pub use crate::typeset::{is_low_resolution, resolution_finding};
pub use photos::{PRINT_MIN_PPI, low_resolution};
pub use text::{check_ascii_punct, check_pairs};

/// Settings of the checks that depend on the printed page.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckOptions {
    /// Resolution a photo needs at the width it prints at, in pixels per inch.
    pub min_ppi: f32,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            min_ppi: PRINT_MIN_PPI,
        }
    }
}

/// Check an issue folder with the default options ([`CheckOptions::default`]).
pub fn check_issue(dir: &Path, fonts: &Fonts) -> Vec<Diagnostic> {
    check_issue_with(dir, fonts, &CheckOptions::default())
}

/// Check an issue folder: the loader's diagnostics, then [`text_findings`],
/// the coverage check and the preflight on every article it loaded. Never
/// panics on bad input; a folder that cannot be read at all yields the
/// loader's errors alone.
pub fn check_issue_with(dir: &Path, fonts: &Fonts, opts: &CheckOptions) -> Vec<Diagnostic> {
    let (loaded, warnings) = crate::source::load_book(dir);
    let mut diags = warnings;
    let (book, complete) = match loaded {
        Ok(book) => (Some(book), true),
        Err(errors) => {
            diags.extend(errors);
            // A photo's problem alone stops the load: read the text as a
            // proof does (the photo a placeholder), to check it anyway. Its
            // diagnostics repeat the ones above, so they are dropped.
            let proof = crate::source::LoadOptions { placeholders: true };
            (crate::source::load_book_with(dir, proof).0.ok(), false)
        }
    };
    if let Some(book) = &book {
        for article in book.articles() {
            diags.extend(text_findings(article, opts));
            diags.extend(crate::coverage::warnings(article, fonts));
        }
        if complete {
            diags.extend(crate::preflight::preflight_book(book, fonts));
        }
    }
    crate::diag::sort(&mut diags);
    dedup_diagnostics(&mut diags);
    diags
}

/// The findings on an article's text that both `check` and `build` report
/// (see the module doc): quotes and brackets, ASCII punctuation amid Han, and
/// photos under `opts.min_ppi` at their printed width. Read from the model and
/// the article file (for positions); an article file that cannot be read
/// again gives the findings at their blocks.
pub fn text_findings(issue: &Issue, opts: &CheckOptions) -> Vec<Diagnostic> {
    let source = std::fs::read_to_string(&issue.article).unwrap_or_default();
    let units = units(issue, &source);
    let mut out = check_pairs(&issue.article, &units);
    out.extend(check_ascii_punct(&issue.article, &units));
    out.extend(low_resolution(issue, opts.min_ppi));
    out
}

/// Drop a diagnostic that repeats an earlier one's message at the same place.
fn dedup_diagnostics(diags: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::BTreeSet::new();
    diags.retain(|d| {
        let at = d.span.as_ref().map(|s| (s.file.clone(), s.range.start));
        seen.insert((at, d.message.clone()))
    });
}

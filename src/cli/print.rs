//! Printing diagnostics and progress.

use reportbook::diag::Diagnostic;
use std::io::Write;

/// Print diagnostics to standard error, `error:`/`warning:` first, then `hint:` lines.
pub fn diagnostics(diags: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    for d in diags {
        let _ = writeln!(err, "{}", d.render());
    }
}

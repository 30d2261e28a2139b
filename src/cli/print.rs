//! Printing diagnostics the way rustc and typst do, with annotate-snippets:
//!
//! ```text
//! warning: unknown setting `isue` (ignored)
//!  --> source/2024-05/article.md:3:1
//!   |
//! 3 | isue = 4
//!   | ^^^^ not a setting
//!   |
//!   = hint: did you mean `issue`?
//! ```
//!
//! The caret sits under the exact span, placed by display width (a Han
//! character is two columns wide); the column in `file:line:col` counts
//! characters. Colour only on a terminal, never with `NO_COLOR`, as `--color`
//! says. Paths are shown relative to the current folder when they lie below it.

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use reportbook::diag::{Diagnostic, Severity, display_rel};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// When to colour diagnostics (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always (even when piped).
    Always,
    /// Never.
    Never,
}

static COLOR: OnceLock<bool> = OnceLock::new();

/// Decide once per process whether standard error gets colour.
pub fn set_color(choice: ColorChoice) {
    let on = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
                && std::io::stderr().is_terminal()
        }
    };
    let _ = COLOR.set(on);
}

fn color() -> bool {
    *COLOR.get().unwrap_or(&false)
}

/// The current folder, canonical, for showing paths relative to it.
pub fn cwd() -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    cwd.canonicalize().unwrap_or(cwd)
}

/// Print diagnostics to standard error, each as a snippet with its hints.
pub fn diagnostics(diags: &[Diagnostic]) {
    diagnostics_noted(diags, None);
}

/// [`diagnostics`], adding `note` (e.g. "from the last build") to each.
pub fn diagnostics_noted(diags: &[Diagnostic], note: Option<&str>) {
    let base = cwd();
    let mut err = std::io::stderr().lock();
    for d in diags {
        let _ = writeln!(err, "{}", render(d, &base, color(), note));
    }
}

/// One diagnostic as text, paths relative to `base`, ANSI colour when `styled`.
pub fn render(d: &Diagnostic, base: &Path, styled: bool, note: Option<&str>) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level.primary_title(d.message.as_str());
    let mut group = Group::with_title(title);
    if let Some(span) = &d.span {
        let path = display_rel(&span.file, base);
        group = match excerpt(&span.file, &span.range) {
            Some(ex) if !span.is_whole_file() => {
                let mut ann = AnnotationKind::Primary.span(ex.range.clone());
                if let Some(l) = &span.label {
                    ann = ann.label(l.as_str());
                }
                group.element(
                    Snippet::source(ex.text)
                        .line_start(ex.line)
                        .path(path)
                        .fold(false)
                        .annotation(ann),
                )
            }
            _ => group.element(Origin::path(path)),
        };
    }
    if let Some(n) = note {
        group = group.element(Level::NOTE.message(n));
    }
    for h in &d.hints {
        group = group.element(Level::HELP.with_name("hint").message(h.as_str()));
    }
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&[group])
}

/// The whole lines a span touches, as text, with the span inside them.
struct Excerpt {
    text: String,
    /// 1-based number of the first line.
    line: usize,
    /// The span, relative to `text`.
    range: std::ops::Range<usize>,
}

/// Read the lines of `file` that `range` touches. `None` when the file cannot
/// be read or those lines are not UTF-8 (the origin alone is printed then).
fn excerpt(file: &Path, range: &std::ops::Range<usize>) -> Option<Excerpt> {
    let bytes = std::fs::read(file).ok()?;
    let start = range.start.min(bytes.len());
    let end = range.end.clamp(start, bytes.len());
    let line_start = bytes[..start]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let line_end = bytes[end..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| end + p);
    // A BOM is not shown (and not counted).
    let skip = if line_start == 0 && bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let from = line_start + skip.min(start);
    let text = std::str::from_utf8(&bytes[from..line_end]).ok()?;
    let text = text.trim_end_matches('\r').replace("\r\n", "\n");
    let line = bytes[..line_start].iter().filter(|&&b| b == b'\n').count() + 1;
    let rel_start = start.saturating_sub(from).min(text.len());
    let rel_end = end.saturating_sub(from).clamp(rel_start, text.len());
    Some(Excerpt {
        text,
        line,
        range: rel_start..rel_end,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use reportbook::diag::Span;

    #[test]
    fn caret_under_han_text_by_display_width() {
        let tmp = tempfile::tempdir().unwrap();
        let f = tmp.path().join("a.md");
        std::fs::write(&f, "第一行\n中文,逗号\n").unwrap();
        let at = "第一行\n中文".len();
        let d = Diagnostic::warning("ascii comma")
            .at(Span::new(&f, at..at + 1))
            .label("use ，")
            .hint("type the full-width mark");
        let out = render(&d, tmp.path(), false, None);
        assert_eq!(
            out,
            "warning: ascii comma\n --> a.md:2:3\n  |\n2 | 中文,逗号\n  |     ^ use ，\n  |\n  = hint: type the full-width mark"
        );
    }
}

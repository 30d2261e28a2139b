//! Diagnostics as data: a message, a severity and, where there is one, a span
//! (file + byte range). Byte offsets become `line:col` only when printed
//! ([`Diagnostic::render`]); only `main` turns diagnostics into an exit code.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The build goes on; the output may be less than perfect.
    Warning,
    /// The build of this issue stops; earlier outputs stay as they were.
    Error,
}

/// A place in a source file: the file and a byte range in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// The file, as the user named it or as found under `source/`.
    pub file: PathBuf,
    /// Byte range in the file's text (as read from disk, before any decoding fix-ups).
    pub range: Range<usize>,
    /// A few words printed under the caret (`^^^^ unknown setting`), if any.
    pub label: Option<String>,
}

impl Span {
    /// A span covering `range` of `file`.
    pub fn new(file: impl Into<PathBuf>, range: Range<usize>) -> Self {
        Span {
            file: file.into(),
            range,
            label: None,
        }
    }
    /// A span that names a whole file, with no position in it.
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Span {
            file: file.into(),
            range: 0..0,
            label: None,
        }
    }
    /// Whether the span names a whole file rather than a place in it.
    pub fn is_whole_file(&self) -> bool {
        self.range == (0..0)
    }
}

/// One message for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where, if anywhere.
    pub span: Option<Span>,
    /// What is wrong: lowercase, names the thing, cause in parentheses.
    pub message: String,
    /// What to do about it.
    pub hints: Vec<String>,
}

/// Result of a stage that may fail with one or more diagnostics.
pub type DiagResult<T> = Result<T, Vec<Diagnostic>>;

/// Every value, or the errors of all that failed (not only the first's).
pub fn all_or_errors<T>(results: impl IntoIterator<Item = DiagResult<T>>) -> DiagResult<Vec<T>> {
    let mut values = Vec::new();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(v) => values.push(v),
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(errors)
    }
}

impl Diagnostic {
    /// An error with no position.
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            span: None,
            message: message.into(),
            hints: vec![],
        }
    }
    /// A warning with no position.
    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            span: None,
            message: message.into(),
            hints: vec![],
        }
    }
    /// Attach a span.
    pub fn at(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }
    /// Attach a file (no position in it).
    pub fn in_file(self, file: impl Into<PathBuf>) -> Self {
        self.at(Span::file(file))
    }
    /// Label the span: a few words printed under the caret. No effect without a span.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        if let Some(s) = &mut self.span {
            s.label = Some(label.into());
        }
        self
    }
    /// Add a hint saying what to do.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }
    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col` of the span's start, reading the file to count lines.
    /// Falls back to the file name alone when the file cannot be read.
    pub fn location(&self) -> Option<String> {
        let span = self.span.as_ref()?;
        Some(match self.line_col() {
            Some((line, col)) => format!("{}:{}:{}", span.file.display(), line, col),
            None => span.file.display().to_string(),
        })
    }

    /// 1-based line and column (in characters) of the span's start; `None`
    /// without a span, for a whole-file span, or when the file cannot be read.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        let span = self.span.as_ref().filter(|s| !s.is_whole_file())?;
        let bytes = std::fs::read(&span.file).ok()?;
        Some(line_col(&bytes, span.range.start))
    }

    /// The diagnostic as one JSON object with separate `file`, `line`,
    /// `column`, `severity`, `message` and `hint` fields (each `null` when
    /// absent; `hint` joins several hints with a newline, `hints` lists them).
    /// `file` is shown relative to `base` when it lies under it.
    pub fn to_json(&self, base: &Path) -> serde_json::Value {
        let (line, column) = self.line_col().unzip();
        let hint = (!self.hints.is_empty()).then(|| self.hints.join("\n"));
        serde_json::json!({
            "severity": self.severity,
            "file": self.span.as_ref().map(|s| display_rel(&s.file, base)),
            "line": line,
            "column": column,
            "message": self.message,
            "label": self.span.as_ref().and_then(|s| s.label.clone()),
            "hint": hint,
            "hints": self.hints,
        })
    }

    /// The diagnostic as the CLI prints it:
    /// `error: file:line:col: message` then `  hint: …` lines.
    pub fn render(&self) -> String {
        let head = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = match self.location() {
            Some(loc) => format!("{head}: {loc}: {}", self.message),
            None => format!("{head}: {}", self.message),
        };
        for h in &self.hints {
            out.push_str("\n  hint: ");
            out.push_str(h);
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_col(text: &[u8], offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, col)
}

/// Collects warnings alongside a value.
#[derive(Debug, Default, Clone)]
pub struct Sink {
    /// Warnings (and errors, for stages that collect several before failing).
    pub diags: Vec<Diagnostic>,
}

impl Sink {
    /// Record a diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }
    /// Whether any error has been recorded.
    pub fn has_errors(&self) -> bool {
        self.diags.iter().any(Diagnostic::is_error)
    }
}

/// Sort diagnostics for printing: those without a position first, then by
/// file and offset; ties keep their order (a stable sort), so the same
/// sources give the same listing on every run.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        let key = |d: &Diagnostic| d.span.as_ref().map(|s| (s.file.clone(), s.range.start));
        key(a).cmp(&key(b))
    });
}

/// A path shown relative to `base` when it lies under it.
pub fn display_rel(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "第一行\n中文abc".as_bytes();
        let off = "第一行\n中文".len();
        assert_eq!(line_col(text, off), (2, 3));
        assert_eq!(line_col(text, 0), (1, 1));
    }
}

//! The import log: what was decided about which input lines.

/// What the importer decided, keyed by input line so the list reads in input order.
#[derive(Debug, Default)]
pub struct Decisions(Vec<(usize, String)>);

impl Decisions {
    /// Record a decision about input line `line`.
    pub fn note(&mut self, line: usize, text: String) {
        self.0.push((line, text));
    }

    /// Record that a decision about `line` was close: `what` it became,
    /// `other` it could have been, with both scores.
    pub fn unsure(&mut self, line: usize, what: &str, other: &str, scores: (i32, i32)) {
        self.note(
            line,
            format!(
                "line {line}: unsure: read as {what} (score {}), could be {other} (score {})",
                scores.0, scores.1
            ),
        );
    }

    /// The decisions in input order (a stable sort: notes on one line keep their order).
    pub fn into_sorted(mut self) -> Vec<String> {
        self.0.sort_by_key(|(line, _)| *line);
        self.0.into_iter().map(|(_, t)| t).collect()
    }
}

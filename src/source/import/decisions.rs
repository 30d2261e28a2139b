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

    /// Take back the decisions `wrong` matches, when a later stage read
    /// those lines otherwise (and logs what it made of them itself).
    /// Returns the lines they were about.
    pub fn retract(&mut self, wrong: impl Fn(&str) -> bool) -> Vec<usize> {
        let mut lines = Vec::new();
        self.0.retain(|(line, t)| {
            let keep = !wrong(t);
            if !keep {
                lines.push(*line);
            }
            keep
        });
        lines
    }

    /// The decisions in input order (a stable sort: notes on one line keep their order).
    pub fn into_sorted(mut self) -> Vec<String> {
        self.0.sort_by_key(|(line, _)| *line);
        self.0.into_iter().map(|(_, t)| t).collect()
    }
}

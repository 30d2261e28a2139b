//! Scored readings: each alternative adds up the features that speak for it,
//! the best wins, and two that end close make the decision "unsure".

/// Scores this close (or closer) leave the decision unsure.
pub const UNSURE_MARGIN: i32 = 1;

/// One way to read a line (or a pair of lines), with its score and the
/// features that gave it.
#[derive(Debug, Clone)]
pub struct Reading<K> {
    /// What the reading is.
    pub kind: K,
    /// The sum of its features' weights.
    pub score: i32,
    /// The features that counted, for the log.
    pub why: Vec<&'static str>,
}

impl<K: Copy> Reading<K> {
    /// A reading with no features yet.
    pub fn new(kind: K) -> Self {
        Reading {
            kind,
            score: 0,
            why: Vec::new(),
        }
    }

    /// Add `weight` when `holds`, remembering the feature's name.
    pub fn feature(&mut self, holds: bool, weight: i32, name: &'static str) -> &mut Self {
        if holds {
            self.score += weight;
            self.why.push(name);
        }
        self
    }
}

/// The outcome of a choice between readings.
#[derive(Debug, Clone)]
pub struct Choice<K> {
    /// The reading that won.
    pub best: Reading<K>,
    /// The runner-up, when it came within [`UNSURE_MARGIN`].
    pub close: Option<Reading<K>>,
}

/// Pick the best reading (the first of equals, so callers list the
/// established reading first).
pub fn choose<K: Copy>(readings: Vec<Reading<K>>) -> Choice<K> {
    let mut best_i = 0;
    for (i, r) in readings.iter().enumerate() {
        if r.score > readings[best_i].score {
            best_i = i;
        }
    }
    let mut readings = readings;
    let best = readings.remove(best_i);
    let close = readings
        .into_iter()
        .filter(|r| best.score - r.score <= UNSURE_MARGIN)
        .max_by_key(|r| r.score);
    Choice { best, close }
}

/// The features that counted, each once, for the log.
pub fn because(why: &[&'static str]) -> String {
    let mut seen: Vec<&str> = Vec::with_capacity(why.len());
    for w in why {
        if !seen.contains(w) {
            seen.push(w);
        }
    }
    if seen.is_empty() {
        "no feature".to_string()
    } else {
        seen.join(", ")
    }
}

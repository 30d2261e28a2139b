//! ② Text → units: the non-blank lines, with their line numbers, the blank
//! lines before each and the indent each was printed with.

/// One non-blank input line (after joining, possibly several).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The line's text, trimmed of spaces (ASCII, no-break and ideographic).
    pub text: String,
    /// 1-based input line number of the unit's (first) line.
    pub line: usize,
    /// The line number of the last input line merged into this unit.
    pub last_line: usize,
    /// Blank lines between this line and the previous non-blank one.
    pub gap_before: usize,
    /// Whether the line was indented (two U+3000, or spaces, before its text):
    /// exports that indent paragraphs leave a column's continuation unindented.
    pub indented: bool,
    /// The blank characters before the text, as printed: where a table row
    /// whose first cells are empty starts (`\t合计\t123`, or spaces up to
    /// the column its first cell stands in).
    pub lead: String,
}

impl Unit {
    /// Length in characters (a Han character is one).
    pub fn chars(&self) -> usize {
        self.text.chars().count()
    }
}

/// Split text into non-blank lines with their line numbers and the blank-line
/// gap before each. Lines holding only whitespace (the seed has one holding a
/// lone space) count as blank.
pub fn split_units(text: &str) -> Vec<Unit> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut units = Vec::new();
    let mut gap = 0;
    // A lone CR (old Mac) is rare but costs nothing to honour.
    let normalised;
    let text = if text.contains('\r') {
        normalised = text.replace("\r\n", "\n").replace('\r', "\n");
        normalised.as_str()
    } else {
        text
    };
    for (i, raw) in text.split('\n').enumerate() {
        let t = raw.trim_matches(is_blank_char);
        if t.is_empty() {
            gap += 1;
            continue;
        }
        let lead = raw.trim_start_matches(is_blank_char);
        let indent: usize = raw[..raw.len() - lead.len()]
            .chars()
            .map(|c| if c == '\u{3000}' { 2 } else { 1 })
            .sum();
        units.push(Unit {
            text: t.to_string(),
            line: i + 1,
            last_line: i + 1,
            gap_before: gap,
            indented: indent >= 2,
            lead: raw[..raw.len() - lead.len()].to_string(),
        });
        gap = 0;
    }
    units
}

/// Whitespace an export may pad lines with: ASCII, no-break and ideographic spaces,
/// and the zero-width characters some systems leave behind.
fn is_blank_char(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}' | '\u{00a0}' | '\u{3000}')
}

/// What the report's layout says about its paragraphs, measured once.
#[derive(Debug, Clone, Copy, Default)]
pub struct Layout {
    /// Most paragraph lines are indented, so an unindented line continues one
    /// or stands apart (a caption, a heading).
    pub indents_paragraphs: bool,
    /// The usual number of blank lines between two paragraphs.
    pub paragraph_gap: usize,
}

impl Layout {
    /// Measure on the units that end the way paragraphs end.
    pub fn measure(units: &[Unit]) -> Layout {
        let paras: Vec<&Unit> = units
            .iter()
            .filter(|u| super::punct::ends_closed(&u.text))
            .collect();
        let indented = paras.iter().filter(|u| u.indented).count();
        let mut gaps: Vec<usize> = paras.iter().map(|u| u.gap_before).collect();
        gaps.sort_unstable();
        Layout {
            indents_paragraphs: paras.len() >= 2 && indented * 3 >= paras.len() * 2,
            paragraph_gap: gaps.get(gaps.len() / 2).copied().unwrap_or(1),
        }
    }
}

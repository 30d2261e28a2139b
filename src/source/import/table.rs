//! Tables as raw text prints them: one row a line, cells apart by tabs or by
//! a wide gap (two spaces or more, ASCII or ideographic), a `表1　…` caption
//! line above and `注：…`, `数据来源：…` lines below. They are lifted out of
//! the body before paragraphs are joined, so no row is joined to its
//! neighbours or read as a photo caption, and they are written as Markdown
//! tables (README, "Source format": tables).

use super::{Chunk, Decisions, Unit};

/// A table needs a header and at least one row.
const MIN_ROWS: usize = 2;

/// Lines under a table that are its notes.
const NOTE_PREFIXES: [&str; 10] = [
    "注：",
    "注:",
    "说明：",
    "数据来源：",
    "数据来源:",
    "资料来源：",
    "资料来源:",
    "来源：",
    "制表：",
    "单位：",
];

/// A table read from raw text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTable {
    /// The `表1　…` line, as printed.
    pub caption: Option<String>,
    /// The first row, read as the header.
    pub header: Vec<String>,
    /// The other rows, each as many cells as the header.
    pub rows: Vec<Vec<String>>,
    /// The `注：…` and `数据来源：…` lines under it.
    pub notes: Vec<String>,
}

/// Cut the body at every run of two or more lines with the same number
/// (two or more) of cells, taking a caption line above and note lines below.
pub fn lift(units: Vec<Unit>, decisions: &mut Decisions) -> Vec<Chunk> {
    let cells: Vec<Option<Vec<String>>> = units.iter().map(|u| cells(&u.text)).collect();
    let mut chunks = Vec::new();
    let mut text: Vec<Unit> = Vec::new();
    let mut i = 0;
    while i < units.len() {
        let run = run_len(&units, &cells, i);
        if run < MIN_ROWS {
            text.push(units[i].clone());
            i += 1;
            continue;
        }
        let caption = match text.last() {
            Some(u) if is_caption(&u.text) => text.pop().map(|u| u.text),
            _ => None,
        };
        let first = units[i].line;
        let mut rows: Vec<Vec<String>> = cells[i..i + run].iter().flatten().cloned().collect();
        let header = rows.remove(0);
        i += run;
        let mut notes = Vec::new();
        while let Some(u) = units.get(i).filter(|u| is_note(&u.text)) {
            notes.push(u.text.clone());
            i += 1;
        }
        decisions.note(
            first,
            format!(
                "lines {first}–{}: a table of {} column(s), a header and {} row(s){}{}",
                units[i - 1].last_line,
                header.len(),
                rows.len(),
                if caption.is_some() {
                    ", with the caption line above it"
                } else {
                    ""
                },
                match notes.len() {
                    0 => String::new(),
                    n => format!(", and {n} note line(s) under it"),
                }
            ),
        );
        if !text.is_empty() {
            chunks.push(Chunk::Text(std::mem::take(&mut text)));
        }
        chunks.push(Chunk::Table(RawTable {
            caption,
            header,
            rows,
            notes,
        }));
    }
    if !text.is_empty() || chunks.is_empty() {
        chunks.push(Chunk::Text(text));
    }
    chunks
}

/// How many lines from `i` on have the same number of cells, none of them
/// further from the one before than one blank line.
fn run_len(units: &[Unit], cells: &[Option<Vec<String>>], i: usize) -> usize {
    let Some(n) = cells[i].as_ref().map(Vec::len) else {
        return 0;
    };
    let close = |k: usize| k == i || units[k].gap_before <= 1;
    (i..cells.len())
        .take_while(|&k| close(k) && cells[k].as_ref().is_some_and(|c| c.len() == n))
        .count()
}

/// The cells of a line: apart by tabs, or by two or more spaces (ASCII or
/// ideographic). `None` for a line of one cell. A single ideographic space
/// (`表1　标题`, `王　芳`) does not part cells.
pub fn cells(text: &str) -> Option<Vec<String>> {
    let parts: Vec<String> = if text.contains('\t') {
        text.split('\t')
            .map(|c| c.trim_matches(is_space).to_string())
            .collect()
    } else {
        let mut parts = vec![String::new()];
        let mut gap = String::new();
        for c in text.chars() {
            if is_space(c) {
                gap.push(c);
                continue;
            }
            if !gap.is_empty() {
                if gap.chars().count() >= 2 {
                    parts.push(String::new());
                } else if let Some(last) = parts.last_mut() {
                    last.push_str(&gap);
                }
                gap.clear();
            }
            if let Some(last) = parts.last_mut() {
                last.push(c);
            }
        }
        parts
    };
    let parts: Vec<String> = parts.into_iter().filter(|p| !p.is_empty()).collect();
    (parts.len() >= 2 && !is_caption(text)).then_some(parts)
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{3000}' || c == '\u{a0}'
}

/// `表1　…`, `表一 …`, `续表1`: a table's number line.
fn is_caption(text: &str) -> bool {
    let t = text.strip_prefix("续").unwrap_or(text);
    t.strip_prefix('表').is_some_and(|rest| {
        rest.chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
    })
}

fn is_note(text: &str) -> bool {
    NOTE_PREFIXES.iter().any(|p| text.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_part_at_tabs_and_wide_gaps_only() {
        assert_eq!(
            cells("地区生产总值\t1860.5\t6.8"),
            Some(vec!["地区生产总值".into(), "1860.5".into(), "6.8".into()])
        );
        assert_eq!(
            cells("张湾区    1,860.5　　7.6%"),
            Some(vec!["张湾区".into(), "1,860.5".into(), "7.6%".into()])
        );
        assert_eq!(cells("本报记者 王　芳"), None);
        assert_eq!(cells("表1　主要指标　　单位：亿元"), None);
        assert_eq!(cells("一段普通的文字。"), None);
    }
}

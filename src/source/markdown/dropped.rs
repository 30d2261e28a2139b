//! What CommonMark and GFM drop or misread without a word, read off the
//! source a block came from, so the reader can say so (README, "Nothing is
//! lost"): table cells beyond the header's count (GFM ignores them), a pipe
//! table whose delimiter row does not match its header (then it is a
//! paragraph of pipes), a code fence never closed (it runs to the end of
//! its container, headings and all).

/// The cells of a table row's source line: split at the pipes that are not
/// escaped (`\|`) and not inside a code span, the outer pipes dropped.
pub(super) fn row_cells(line: &str) -> Vec<&str> {
    let line = line.trim();
    let mut cells = Vec::new();
    let (mut start, mut in_code, mut escaped) = (0, false, false);
    for (i, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '`' => in_code = !in_code,
            '|' if !in_code => {
                cells.push(&line[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    cells.push(&line[start..]);
    if line.starts_with('|') {
        cells.remove(0);
    }
    if line.ends_with('|') && !line.ends_with("\\|") && cells.len() > 1 {
        cells.pop();
    }
    cells.into_iter().map(str::trim).collect()
}

/// The text of the cells of `line` past the header's `head` cells that hold
/// any, which GFM drops.
pub(super) fn extra_cells(line: &str, head: usize) -> Vec<String> {
    row_cells(line)
        .into_iter()
        .skip(head)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Whether a delimiter row cell is `---`, `:--`, `--:` or `:-:`.
fn is_delimiter_cell(c: &str) -> bool {
    let c = c.trim();
    let inner = c.strip_prefix(':').unwrap_or(c);
    let inner = inner.strip_suffix(':').unwrap_or(inner);
    !inner.is_empty() && inner.chars().all(|ch| ch == '-')
}

/// A paragraph that was meant as a pipe table: its first line holds pipes
/// and its second is a delimiter row, but their cell counts differ (so GFM
/// read no table). The two counts, header first.
pub(super) fn broken_table(src: &str) -> Option<(usize, usize)> {
    let mut lines = src.lines().map(|l| l.trim_start_matches(['>', ' ']).trim());
    let (head, delim) = (lines.next()?, lines.next()?);
    if !head.contains('|') || !delim.contains('-') {
        return None;
    }
    let delims = row_cells(delim);
    if !delims.iter().all(|c| is_delimiter_cell(c)) {
        return None;
    }
    let heads = row_cells(head).len();
    (heads != delims.len()).then_some((heads, delims.len()))
}

/// Whether a fenced code block's source ends with a closing fence: a line
/// of at least as many of the opener's fence characters and nothing else.
pub(super) fn fence_closed(src: &str) -> bool {
    let mut lines = src.lines().map(|l| l.trim_start_matches(['>', ' ']));
    let Some(open) = lines.next() else {
        return true;
    };
    let open = open.trim_start();
    let Some(fc) = open.chars().next().filter(|c| *c == '`' || *c == '~') else {
        return true;
    };
    let n = open.chars().take_while(|c| *c == fc).count();
    lines
        .filter(|l| !l.trim().is_empty())
        .next_back()
        .is_some_and(|last| {
            let last = last.trim();
            last.chars().all(|c| c == fc) && last.chars().count() >= n
        })
}

/// Whether `text` opens a note or source line under a table.
pub(super) fn is_table_note(text: &str) -> bool {
    let t = text.trim_start();
    [
        "注：",
        "注:",
        "注①",
        "注1",
        "说明：",
        "数据来源",
        "资料来源",
        "来源：",
        "数据来自",
        "资料：",
    ]
    .iter()
    .any(|p| t.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_of_a_row() {
        assert_eq!(row_cells("| a | b | c |"), ["a", "b", "c"]);
        assert_eq!(row_cells("a | b"), ["a", "b"]);
        assert_eq!(row_cells("| a \\| b | `x|y` |"), ["a \\| b", "`x|y`"]);
        assert_eq!(
            extra_cells("| 张湾区 | 1,860 | 2,001 | 7.6% |", 3),
            ["7.6%"]
        );
        assert!(extra_cells("| a | b |  |", 2).is_empty());
    }

    #[test]
    fn broken_tables_and_not() {
        assert_eq!(
            broken_table("| 地区 | 2023 | 2024 |\n|--|--|\n| a | 1 | 2 |"),
            Some((3, 2))
        );
        assert_eq!(broken_table("| a | b |\n|--|--|"), None);
        assert_eq!(broken_table("甲乙丙\n丁戊己"), None);
        assert_eq!(broken_table("a | b\n不是表格 - 正文"), None);
    }

    #[test]
    fn fences_closed_or_not() {
        assert!(fence_closed("```诗\n床前明月光\n```"));
        assert!(fence_closed("````\na\n`````\n"));
        assert!(!fence_closed("```诗\n床前明月光\n## 第二节\n正文。\n"));
        assert!(!fence_closed("````\na\n```\n"));
        assert!(fence_closed("    indented code"));
    }
}

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
        let mut header = Header::of(&printed(&units[i]));
        let lines: Vec<String> = units[i + 1..i + run].iter().map(printed).collect();
        match header.fit(&lines) {
            Fit::Kept => {}
            Fit::Collapsed(n) => decisions.note(
                first,
                format!(
                    "line {first}: the table's header has {n} empty cell(s) its rows do not have \
                     (a double tab): they were dropped, so each value stands under its heading"
                ),
            ),
            Fit::Unsure => decisions.note(
                first,
                format!(
                    "line {first}: unsure: the table's header 「{}」 has empty cells, and its rows are \
                     neither as wide as the header nor as wide as its filled cells: the columns were \
                     kept as the header prints them; check each row against the printed page",
                    super::punct::excerpt(&units[i].text, 24),
                ),
            ),
        }
        let rows: Vec<Vec<String>> = units[i + 1..i + run]
            .iter()
            .filter_map(|u| {
                let (cells, unsure) = header.placed(&printed(u))?;
                for cell in unsure {
                    note_unsure_cell(u, &cell, &header, decisions);
                }
                Some(cells)
            })
            .collect();
        let header = header.cells;
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

/// A line as printed, its leading blanks kept: a row whose first cells are
/// empty starts with their separators (a tab, or spaces up to the column
/// its first cell stands in), which the unit's trimmed text has lost.
fn printed(u: &Unit) -> String {
    format!("{}{}", u.lead, u.text)
}

/// Log a cell of a row with empty cells that stands under no header cell,
/// or under two alike: it was put in the nearest column, which may be wrong.
fn note_unsure_cell(u: &Unit, cell: &Placed, header: &Header, decisions: &mut Decisions) {
    decisions.note(
        u.line,
        format!(
            "line {}: unsure: in the table row 「{}」 the cell 「{}」 stands under no one header cell: \
             it is set in the column of 「{}」, the nearest; check the row against the printed page",
            u.line,
            super::punct::excerpt(&u.text, 24),
            cell.text,
            header.cells.get(cell.column).map_or("", String::as_str),
        ),
    );
}

/// How many lines from `i` on are a table: the header at `i` and the rows
/// under it, none further from the one before than one blank line. A row has
/// the header's cells, or fewer when some are empty (see [`Header::row`]).
fn run_len(units: &[Unit], cells: &[Option<Vec<String>>], i: usize) -> usize {
    if cells[i].is_none() || ends_sentence(&units[i].text) {
        return 0;
    }
    let header = Header::of(&printed(&units[i]));
    let close = |k: usize| k == i || units[k].gap_before <= 1;
    1 + (i + 1..units.len())
        .take_while(|&k| {
            close(k) && !ends_sentence(&units[k].text) && header.row(&printed(&units[k])).is_some()
        })
        .count()
}

/// Whether a line ends a sentence (`。！？`): prose with wide gaps, not a
/// table row (a row's last cell is a number, a name or a term).
fn ends_sentence(text: &str) -> bool {
    text.trim_end().ends_with(['。', '！', '？'])
}

/// A table's first line: its cells, and for a table apart by spaces where
/// each cell stands (the columns a row's cells are placed in when some are
/// blank).
struct Header {
    cells: Vec<String>,
    tabs: bool,
    spans: Vec<Span>,
}

impl Header {
    fn of(text: &str) -> Header {
        let tabs = text.contains('\t');
        let (cells, spans) = if tabs {
            (tab_cells(text), Vec::new())
        } else {
            let spans = spans(text);
            (spans.iter().map(|s| s.text.clone()).collect(), spans)
        };
        Header { cells, tabs, spans }
    }

    /// The cells of a row under this header, as many as the header's, or
    /// `None` when the line is no row of it ([`Header::placed`]).
    fn row(&self, text: &str) -> Option<Vec<String>> {
        self.placed(text).map(|(cells, _)| cells)
    }

    /// The cells of a row under this header (the line as printed, its
    /// leading blanks kept), as many as the header's, and the cells placed
    /// by nearness only; `None` when the line is no row of it. An empty cell
    /// is an empty cell: in a table apart by tabs, two tabs in a row or a tab
    /// the line starts with (a row that ends in empty cells lost its last
    /// tabs when the line was trimmed, so it is filled up at the end); in a
    /// table apart by spaces, a row with fewer cells has each placed in the
    /// header's column it stands under (characters outside ASCII count two
    /// columns, as in the fixed-width exports tables are lined up in, and
    /// the row's leading blanks count, so a row whose first cell is empty
    /// starts under the second column). A cell under no header cell, or
    /// under two alike, goes to the nearest column and is returned as unsure.
    /// A row holds at least two cells with text.
    fn placed(&self, text: &str) -> Option<(Vec<String>, Vec<Placed>)> {
        let n = self.cells.len();
        let filled = |cells: &[String]| cells.iter().filter(|c| !c.is_empty()).count() >= 2;
        if self.tabs {
            if !text.contains('\t') {
                return None;
            }
            let mut cells = tab_cells(text);
            if cells.len() > n || !filled(&cells) || is_caption(text.trim_start()) {
                return None;
            }
            cells.resize(n, String::new());
            return Some((cells, Vec::new()));
        }
        if text.contains('\t') || is_caption(text.trim_start()) {
            return None;
        }
        let spans = spans(text);
        if spans.len() == n {
            return Some((spans.into_iter().map(|s| s.text).collect(), Vec::new()));
        }
        if spans.len() > n || spans.len() < 2 {
            return None;
        }
        let mut cells = vec![String::new(); n];
        let mut unsure = Vec::new();
        let mut next = 0;
        for s in spans {
            let (column, sure) = self.column_of(&s)?;
            if column < next {
                return None;
            }
            if !sure {
                unsure.push(Placed {
                    text: s.text.clone(),
                    column,
                });
            }
            cells[column] = s.text;
            next = column + 1;
        }
        Some((cells, unsure))
    }

    /// The header column a cell stands under: the one it overlaps most, else
    /// the nearest; and whether that is sure (it overlaps that one header
    /// cell more than any other).
    fn column_of(&self, s: &Span) -> Option<(usize, bool)> {
        let overlap = |h: &Span| s.end.min(h.end).saturating_sub(s.start.max(h.start));
        let distance = |h: &Span| {
            if s.end <= h.start {
                h.start - s.end
            } else {
                s.start.saturating_sub(h.end)
            }
        };
        let (column, best) = self.spans.iter().enumerate().max_by(|(_, a), (_, b)| {
            overlap(a)
                .cmp(&overlap(b))
                .then_with(|| distance(b).cmp(&distance(a)))
        })?;
        let most = overlap(best);
        let alike = self.spans.iter().filter(|h| overlap(h) == most).count();
        Some((column, most > 0 && alike == 1))
    }
}

/// What [`Header::fit`] did with a header's empty cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fit {
    /// None, or a row reaches every column: the header stands as printed.
    Kept,
    /// The rows are as wide as the header's filled cells: this many empty
    /// header cells were a double tab and are dropped.
    Collapsed(usize),
    /// Neither: kept, but the columns may be off.
    Unsure,
}

impl Header {
    /// Match a tab header's empty cells to its rows (`rows` as printed). A
    /// header typed with a double tab (`指标\t\t绝对值（元）\t增长（%）`) over
    /// rows of three cells would put every value a column left of its
    /// heading: when no row is as wide as the header and the widest is as
    /// wide as its filled cells, the empty ones are dropped. A row as wide as
    /// the header (a corner cell left empty above the row labels, or rows
    /// typed with the same double tab) keeps the header as printed.
    fn fit(&mut self, rows: &[String]) -> Fit {
        let empty = self.cells.iter().filter(|c| c.is_empty()).count();
        if !self.tabs || empty == 0 {
            return Fit::Kept;
        }
        let n = self.cells.len();
        let widest = rows.iter().map(|r| tab_cells(r).len()).max().unwrap_or(0);
        if widest >= n {
            Fit::Kept
        } else if widest == n - empty {
            self.cells.retain(|c| !c.is_empty());
            Fit::Collapsed(empty)
        } else {
            Fit::Unsure
        }
    }
}

/// A cell of a row with empty cells as it was placed: its text and column.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Placed {
    text: String,
    column: usize,
}

/// A cell of a line apart by spaces, with the display columns it takes.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Span {
    text: String,
    start: usize,
    end: usize,
}

/// Display width: ASCII one column, everything else two (GBK's double-byte
/// characters, the Han and full-width marks of a fixed-width export).
fn width(c: char) -> usize {
    if c.is_ascii() { 1 } else { 2 }
}

/// The cells of a line apart by two or more spaces, with their columns.
fn spans(text: &str) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut col = 0;
    let mut gap = String::new();
    for c in text.chars() {
        if is_space(c) {
            gap.push(c);
            col += width(c);
            continue;
        }
        let apart = gap.chars().count() >= 2;
        match out.last_mut() {
            Some(last) if !apart => {
                last.text.push_str(&gap);
                last.text.push(c);
                last.end = col + width(c);
            }
            _ => out.push(Span {
                text: c.to_string(),
                start: col,
                end: col + width(c),
            }),
        }
        gap.clear();
        col += width(c);
    }
    out
}

/// A line's cells apart by tabs, empty ones kept.
fn tab_cells(text: &str) -> Vec<String> {
    text.split('\t')
        .map(|c| c.trim_matches(is_space).to_string())
        .collect()
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

    /// The rows of the one table `text` holds, and the import log.
    fn table_of(text: &str) -> (Vec<Vec<String>>, Vec<String>) {
        let mut log = Decisions::default();
        let chunks = lift(crate::source::import::split_units(text), &mut log);
        let rows = chunks
            .into_iter()
            .find_map(|c| match c {
                Chunk::Table(t) => Some(t.rows),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no table in {text:?}"));
        (rows, log.into_sorted())
    }

    #[test]
    fn a_row_whose_first_cell_is_empty_keeps_its_columns() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        // Apart by tabs: the row starts with the tab.
        let (rows, _) = table_of("品类\t销售量\t同比增长\n空调\t8.6\t12.4%\n\t13.3\t10.5%\n");
        assert_eq!(rows[1], s(&["", "13.3", "10.5%"]));
        // Apart by spaces: a totals row without its label, and one with the
        // label in the second column.
        let (rows, log) = table_of(
            "区域          销售额（亿元）    同比增长\n张湾区        6.42              15.2%\n              12.29             13.4%\n",
        );
        assert_eq!(rows[1], s(&["", "12.29", "13.4%"]), "{log:?}");
        let (rows, _) = table_of(
            "地区          类别          金额\n张湾区        工业          6.42\n              合计          12.29\n",
        );
        assert_eq!(rows[1], s(&["", "合计", "12.29"]));
        // Indented as every line is: no cell is empty.
        let (rows, _) = table_of(
            "　　地区　　类别　　金额\n　　张湾区　　工业　　6.42\n　　合计　　　　　　12.29\n",
        );
        assert_eq!(rows[1], s(&["合计", "", "12.29"]));
    }

    #[test]
    fn a_cell_under_no_header_cell_is_logged_as_unsure_at_its_line() {
        let (rows, log) = table_of(
            "区域          销售额（亿元）    同比增长\n张湾区        6.42              15.2%\n       6.42                       9.4%\n",
        );
        assert_eq!(rows.len(), 2);
        assert!(
            log.iter()
                .any(|d| d.starts_with("line 3: unsure:") && d.contains("6.42")),
            "{log:?}"
        );
    }

    #[test]
    fn a_header_typed_with_a_double_tab_keeps_each_value_under_its_heading() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let header_of = |text: &str| {
            let mut log = Decisions::default();
            let chunks = lift(crate::source::import::split_units(text), &mut log);
            let t = chunks
                .into_iter()
                .find_map(|c| match c {
                    Chunk::Table(t) => Some(t),
                    _ => None,
                })
                .unwrap_or_else(|| panic!("no table in {text:?}"));
            (t.header, t.rows, log.into_sorted())
        };
        // Rows of three cells under a header of three filled cells.
        let (header, rows, log) = header_of(
            "指标\t\t绝对值（元）\t增长（%）\n全体居民\t31250\t6.1\n城镇居民\t42630\t5.2\n",
        );
        assert_eq!(header, s(&["指标", "绝对值（元）", "增长（%）"]));
        assert_eq!(rows[0], s(&["全体居民", "31250", "6.1"]));
        assert!(log.iter().any(|d| d.contains("dropped")), "{log:?}");
        // A corner cell left empty above the row labels stays.
        let (header, rows, _) = header_of("\t2024年\t2025年\n产值\t12.5\t13.8\n税收\t3.1\t3.4\n");
        assert_eq!(header, s(&["", "2024年", "2025年"]));
        assert_eq!(rows[1], s(&["税收", "3.1", "3.4"]));
        // Rows typed with the same double tab stay as printed.
        let (header, rows, _) =
            header_of("指标\t\t绝对值\t增长\n全体\t\t31250\t6.1\n城镇\t\t42630\t5.2\n");
        assert_eq!(header.len(), 4);
        assert_eq!(rows[0], s(&["全体", "", "31250", "6.1"]));
        // Neither: kept as printed, and said to be unsure.
        let (header, _, log) =
            header_of("指标\t\t\t绝对值\t增长\n全体\t31250\t6.1\t2.0\n城镇\t42630\t5.2\t1.0\n");
        assert_eq!(header.len(), 5);
        assert!(
            log.iter().any(|d| d.starts_with("line 1: unsure:")),
            "{log:?}"
        );
    }

    #[test]
    fn empty_cells_stay_in_their_columns() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let tabs = Header::of("机型\t销量\t同比");
        assert_eq!(
            tabs.row("小米 14\t\t5.0%"),
            Some(s(&["小米 14", "", "5.0%"]))
        );
        // The row's last tabs went with the line's trimmed end.
        assert_eq!(tabs.row("小米 14\t9.8"), Some(s(&["小米 14", "9.8", ""])));
        assert_eq!(
            tabs.row("一行\t二\t三\t四"),
            None,
            "more cells than the header"
        );
        assert_eq!(tabs.row("小米 14\t\t"), None, "one cell with text");
        let spaces = Header::of("区域          销售额（亿元）    同比增长");
        assert_eq!(
            spaces.row("茅箭区        5.87"),
            Some(s(&["茅箭区", "5.87", ""]))
        );
        assert_eq!(
            spaces.row("丹江口市                          9.4%"),
            Some(s(&["丹江口市", "", "9.4%"]))
        );
        assert_eq!(
            spaces.row("张湾区        6.42              15.2%"),
            Some(s(&["张湾区", "6.42", "15.2%"]))
        );
    }
}

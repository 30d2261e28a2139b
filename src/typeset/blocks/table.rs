//! Tables (三线表): the number and caption centred above in Hei, the unit at
//! the top right, a heavy rule above the header, a thin one under it, a heavy
//! one under the last row; notes and source below, smaller.
//!
//! Width: column widths come from the cells' content (see
//! [`column_widths`]); numbers and Latin words never break inside a cell, and
//! an unaligned column's numbers stand on the decimal point (`numbers`). A
//! table wider than its region shrinks its type
//! to no less than [`MIN_SHRINK`] of the table size; if it is still too wide,
//! in a two-column layout it spans both columns at the top of the next page;
//! else it is an error naming the table at its `file:line:col`.
//!
//! Length: rows are unbreakable blocks, so a long table breaks between rows;
//! the caption, header and first body row stay together. A row too tall for
//! a page goes in one-line slices the flow places like rows (`rows`), so it
//! breaks inside at one line boundary of all its cells. A region the table
//! continues in opens with `续表N` and the header row again (a
//! [`Continuation`], drawn as an artifact so the tag tree holds each row
//! once); the part before the break closes with the heavy bottom rule.

use super::{Cx, Region, SMALL_SCALE, content_width, in_face, lines, smaller};
use crate::diag::{Diagnostic, Span};
use crate::fonts::Role;
use crate::frame::{Frame, FrameItem, Point, Size, TagKind};
use crate::model::{Align as ColAlign, Inline, Table, plain_text};
use crate::typeset::flow::{
    Continuation, DISPLAY_SPACE_LINES, Float, Item, KeptBlock, PlacedKind, TablePart,
};
use crate::typeset::inline::{Align, StyledText};
use crate::typeset::style::TextStyle;
use crate::typeset::text::{plain, set_lines, stack, styled_segments};
use numbers::{column_numbers, is_numeric, split_decimal};
use rows::{Cell, Row, Rules};
use std::ops::Range;
use std::sync::Arc;

mod numbers;
mod rows;

/// The least share of its own size a table's type may shrink to (issue 10).
pub(crate) const MIN_SHRINK: f32 = 0.8;
/// Step of the shrinking, as a share of the table's size.
const SHRINK_STEP: f32 = 0.05;
/// Weight of a three-line table's outer rules, in pt.
const TABLE_OUTER_RULE_PT: f32 = 1.5;
/// The rule under a table's header row, in pt.
const TABLE_HEAD_RULE_PT: f32 = 0.5;
/// Space between table columns, in em of the table's text.
const TABLE_CELL_PAD_EM: f32 = 0.5;
/// The continuation mark before the table number (续表1).
pub(crate) const CONTINUED: &str = "续";

/// The type sizes and column widths a table is set with.
struct Fit {
    widths: Vec<f32>,
    ts: TextStyle,
    head_ts: TextStyle,
    /// The least width the columns need, pt (more than the measure when squeezed).
    least: f32,
    /// Per column whose numbers align on the decimal point, the widest
    /// fraction (point, digits, unit) among them, pt.
    fractions: Vec<Option<f32>>,
    /// What the widths let wrap.
    wrap: Wrap,
}

/// Collect a table found at `span`.
pub(crate) fn table(
    cx: &mut Cx<'_>,
    t: &Table,
    span: &Range<usize>,
    region: &Region,
    items: &mut Vec<Item>,
) {
    let style = cx.style;
    let width = region.width(style);
    let table_id = cx.ids.next();
    let in_table = region.within(table_id, TagKind::Table);
    let in_column = fit_at(cx, t, region.text, width);
    // Too wide at the least type, or with its short cells wrapped: both
    // columns of a page, where there are two and the table stands in the
    // column itself (not in a list or a box), if across them its body rows
    // stay whole or it takes at most half the lines, and it fits one page
    // (a spanning table never continues).
    let top_level = region.left <= 0.01 && region.right <= 0.01 && region.parents.is_none();
    let cramped = in_column.as_ref().is_none_or(|f| f.wrap >= Wrap::LongCells);
    if style.columns == 2 && top_level && cramped {
        let page = Region {
            right: style.column_width - style.body.w,
            ..region.clone()
        };
        let page_in_table = Region {
            right: page.right,
            ..in_table.clone()
        };
        let across = fit_at(cx, t, region.text, style.body.w);
        let better = |f: &Fit| {
            in_column.as_ref().is_none_or(|c| {
                let (down, over) = (table_lines(cx, t, c), table_lines(cx, t, f));
                let page_lines = (style.body.h / style.pitch) as usize;
                let fits_page = over + 2 + 2 * t.notes.len() + 3 <= page_lines;
                fits_page && ((f.wrap <= Wrap::Heads && f.wrap < c.wrap) || 2 * over <= down)
            })
        };
        // Too wide for a column, a table that fits across both spans them
        // even when it is longer than a page: `spanning` then says so.
        if let Some(fit) = across.filter(|f| in_column.is_none() || better(f)) {
            return spanning(cx, t, fit, span, &page, &page_in_table, items);
        }
    }
    if let Some(fit) = in_column {
        return flowing(cx, t, fit, span, region, &in_table, table_id, items);
    }
    // Where it could span both columns, the room it lacks is theirs.
    let (room, into, room_name, hint) = if style.columns == 2 && top_level {
        (
            style.body.w,
            "across both columns",
            "the type area",
            "even across both columns it is too wide: split the table, drop or merge columns, or shorten its longest numbers and words",
        )
    } else {
        (
            width,
            "into the column",
            "the column",
            "split the table, drop or merge columns, shorten its longest numbers and words, or set `[layout] columns = 2` so it may span both columns",
        )
    };
    let least = squeezed(cx, t, region.text, width);
    cx.sink.push(
        Diagnostic::error(format!(
            "failed to fit {} {into} ({} columns need {:.0} mm at {:.0} % type, {room_name} is {:.0} mm)",
            name(t),
            columns(t),
            least.least * 25.4 / 72.0,
            MIN_SHRINK * 100.0,
            room * 25.4 / 72.0
        ))
        .at(Span::new(cx.issue.article.clone(), span.clone()))
        .hint(hint),
    );
    flowing(cx, t, least, span, region, &in_table, table_id, items);
}

/// How many lines the header and body rows of `t` take set with `fit`
/// (each row as many as its tallest cell; every table line is one pitch).
fn table_lines(cx: &Cx<'_>, t: &Table, fit: &Fit) -> usize {
    let rows = std::iter::once((&t.head, &fit.head_ts)).chain(t.rows.iter().map(|r| (r, &fit.ts)));
    rows.filter(|(r, _)| !r.is_empty())
        .map(|(row, ts)| {
            let pad = TABLE_CELL_PAD_EM * ts.size;
            fit.widths
                .iter()
                .enumerate()
                .map(|(c, w)| {
                    let inner = (w - 2.0 * pad).max(ts.size);
                    styled_segments(&cell(row, c), ts)
                        .into_iter()
                        .map(|runs| {
                            set_lines(cx.fonts, runs, ts, inner, 0.0, Align::Start, false).len()
                        })
                        .sum::<usize>()
                })
                .max()
                .unwrap_or(1)
                .max(1)
        })
        .sum()
}

/// How a message names the table: its number and caption, else its header.
fn name(t: &Table) -> String {
    let caption = plain_text(&t.caption);
    match (&t.label, caption.is_empty()) {
        (Some(l), false) => format!("table {l}　{caption}"),
        (Some(l), true) => format!("table {l}"),
        (None, false) => format!("table “{caption}”"),
        (None, true) => {
            let head: Vec<String> = t.head.iter().map(|c| plain_text(c)).collect();
            format!("the table with header “{}”", head.join(" | "))
        }
    }
}

fn columns(t: &Table) -> usize {
    t.head
        .len()
        .max(t.rows.iter().map(Vec::len).max().unwrap_or(0))
        .max(1)
}

fn cell(row: &[Vec<Inline>], c: usize) -> Vec<Inline> {
    row.get(c).cloned().unwrap_or_default()
}

/// How much of a table's text a fit lets wrap, from nothing to whatever
/// kinsoku allows. A fit earlier in [`Wrap::ORDER`] wins at any type size down
/// to [`MIN_SHRINK`]: the issue's rule is to shrink a table wider than its
/// column before anything else, and a cell that wraps costs the reader more
/// than a smaller size (a place name split `张/湾区`, a row read in pieces).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Wrap {
    /// Every cell on one line.
    Nothing,
    /// Body cells on one line; headers may wrap at a bracket or in halves.
    Heads,
    /// Short body cells ([`SHORT_CELL_CHARS`]) on one line; longer ones wrap.
    LongCells,
    /// Any text may wrap, at two characters at least.
    Anything,
}

impl Wrap {
    const ORDER: [Wrap; 4] = [Wrap::Nothing, Wrap::Heads, Wrap::LongCells, Wrap::Anything];
}

/// A body cell of at most this many characters (a place or person name, a
/// short term) is kept on one line before longer cells are.
const SHORT_CELL_CHARS: usize = 6;
/// A header of at most this many characters (or a part of one between
/// brackets) stays whole when headers may wrap; a longer one may take two lines.
const WHOLE_HEAD_CHARS: usize = 6;

/// The least width each column needs at one type size, for each [`Wrap`].
struct Measured {
    ts: TextStyle,
    head_ts: TextStyle,
    natural: Vec<f32>,
    floors: [Vec<f32>; 4],
    fractions: Vec<Option<f32>>,
}

impl Measured {
    fn floor(&self, wrap: Wrap) -> &[f32] {
        // The variants are declared in `ORDER`'s order, from 0.
        &self.floors[wrap as usize]
    }

    fn fit(&self, wrap: Wrap, width: f32) -> Fit {
        let floor = self.floor(wrap);
        Fit {
            widths: column_widths(&self.natural, floor, width),
            ts: self.ts,
            head_ts: self.head_ts,
            least: floor.iter().sum(),
            fractions: self.fractions.clone(),
            wrap,
        }
    }
}

/// The type scales a table is tried at, largest first: one size down, then
/// in steps to [`MIN_SHRINK`] of it.
fn scales() -> impl Iterator<Item = f32> {
    let steps = ((1.0 - MIN_SHRINK) / SHRINK_STEP).round() as usize;
    (0..=steps).map(|k| SMALL_SCALE * (1.0 - k as f32 * SHRINK_STEP))
}

/// The fit in `width` that wraps least (see [`Wrap`]), at the largest type
/// that allows it; `None` when even [`Wrap::Anything`] at the least type is too wide.
fn fit_at(cx: &Cx<'_>, t: &Table, text: TextStyle, width: f32) -> Option<Fit> {
    let measured: Vec<Measured> = scales().map(|s| measure(cx, t, text, s)).collect();
    Wrap::ORDER.iter().find_map(|&wrap| {
        measured
            .iter()
            .find(|m| m.floor(wrap).iter().sum::<f32>() <= width + 0.01)
            .map(|m| m.fit(wrap, width))
    })
}

/// The table at its least type, squeezed into `width` (for an error's
/// message, and so the flow can go on to find every other error).
fn squeezed(cx: &Cx<'_>, t: &Table, text: TextStyle, width: f32) -> Fit {
    measure(cx, t, text, SMALL_SCALE * MIN_SHRINK).fit(Wrap::Anything, width)
}

/// Natural and least widths of every column at `scale`.
fn measure(cx: &Cx<'_>, t: &Table, text: TextStyle, scale: f32) -> Measured {
    let ts = smaller(cx.style, text, scale);
    let head_ts = in_face(ts, Role::Heading);
    let cols = columns(t);
    let mut natural = vec![0.0f32; cols];
    let mut least = vec![0.0f32; cols];
    let mut body_natural = vec![0.0f32; cols];
    let mut body_short = vec![0.0f32; cols];
    let mut head_least = vec![0.0f32; cols];
    let head_pad = 2.0 * TABLE_CELL_PAD_EM * head_ts.size;
    for c in 0..cols {
        let content = cell(&t.head, c);
        let (n, l) = cell_widths(cx, &content, &head_ts);
        natural[c] = n + head_pad;
        least[c] = l + head_pad;
        let width_of = |s: &str| text_width(cx, s, &head_ts);
        head_least[c] = head_wrapped(&plain_text(&content), n, width_of).max(l) + head_pad;
    }
    let pad = 2.0 * TABLE_CELL_PAD_EM * ts.size;
    for row in &t.rows {
        for c in 0..cols {
            let content = cell(row, c);
            let (n, l) = cell_widths(cx, &content, &ts);
            natural[c] = natural[c].max(n + pad);
            least[c] = least[c].max(l + pad);
            body_natural[c] = body_natural[c].max(n + pad);
            let short = plain_text(&content).chars().count() <= SHORT_CELL_CHARS;
            body_short[c] = body_short[c].max(if short { n } else { l } + pad);
        }
    }
    // Numbers aligned on their points need the widest integer part and the
    // widest fraction side by side, and never break.
    let mut fractions = vec![None; cols];
    for (c, fraction) in fractions.iter_mut().enumerate() {
        let numbers = column_numbers(t, c);
        if numbers.is_empty() {
            continue;
        }
        let widest = |f: &dyn Fn(&(String, String)) -> &str| {
            numbers
                .iter()
                .map(|n| text_width(cx, f(n), &ts))
                .fold(0.0, f32::max)
        };
        let (int, frac) = (widest(&|n| &n.0), widest(&|n| &n.1));
        let aligned = int + frac + pad;
        for v in [&mut natural, &mut least, &mut body_natural, &mut body_short] {
            v[c] = v[c].max(aligned);
        }
        *fraction = Some(frac);
    }
    let at_least =
        |v: &[f32]| -> Vec<f32> { v.iter().zip(&least).map(|(a, l)| a.max(*l)).collect() };
    let heads = at_least(&head_least);
    let floors = [
        natural.clone(),
        at_least(&body_natural)
            .iter()
            .zip(&heads)
            .map(|(b, h)| b.max(*h))
            .collect(),
        at_least(&body_short)
            .iter()
            .zip(&heads)
            .map(|(b, h)| b.max(*h))
            .collect(),
        least,
    ];
    Measured {
        ts,
        head_ts,
        natural,
        floors,
        fractions,
    }
}

/// The width a header of `natural` width needs when it may wrap, each part
/// measured as set by `width_of`: a short one stays whole; a longer one
/// breaks before an opening bracket (`地区生产总值 / （亿元）`), and a part
/// still longer than [`WHOLE_HEAD_CHARS`] takes two lines of about half its
/// length each. Measured, not counted: digits, Latin and the Han–Latin
/// space make a share of the whole by characters wrong.
fn head_wrapped(text: &str, natural: f32, width_of: impl Fn(&str) -> f32) -> f32 {
    let total = text.chars().count();
    if total <= WHOLE_HEAD_CHARS || natural <= 0.0 {
        return natural;
    }
    let mut widest = 0.0f32;
    for piece in head_parts(text) {
        let chars: Vec<char> = piece.chars().collect();
        let need = if chars.len() <= WHOLE_HEAD_CHARS {
            width_of(piece)
        } else {
            let half = chars.len().div_ceil(2);
            let (a, b): (String, String) = (
                chars[..half].iter().collect(),
                chars[half..].iter().collect(),
            );
            width_of(&a).max(width_of(&b))
        };
        widest = widest.max(need);
    }
    widest.min(natural)
}

/// A header's runs cut into its [`head_parts`], each part's runs keeping
/// their styles.
fn cut_runs(runs: &[StyledText]) -> Vec<Vec<StyledText>> {
    let text: String = runs.iter().map(|r| r.text.as_str()).collect();
    let mut parts = Vec::new();
    let mut start = 0;
    for piece in head_parts(&text) {
        let end = start + piece.len();
        let mut part = Vec::new();
        let mut at = 0;
        for r in runs {
            let (a, b) = (at, at + r.text.len());
            at = b;
            let (from, to) = (a.max(start), b.min(end));
            if from < to {
                part.push(StyledText {
                    text: r.text[from - a..to - a].to_string(),
                    ..r.clone()
                });
            }
        }
        parts.push(part);
        start = end;
    }
    parts
}

/// A header's parts: its text cut before each opening bracket and after
/// each closing one (`地区生产总值`, `（亿元）`).
fn head_parts(text: &str) -> Vec<&str> {
    let mut cuts: Vec<usize> = text
        .char_indices()
        .filter_map(|(i, c)| match c {
            '（' | '(' => Some(i),
            '）' | ')' => Some(i + c.len_utf8()),
            _ => None,
        })
        .filter(|&i| i > 0 && i < text.len())
        .collect();
    cuts.dedup();
    cuts.push(text.len());
    let mut start = 0;
    cuts.into_iter()
        .map(|end| {
            let piece = &text[start..end];
            start = end;
            piece
        })
        .collect()
}

/// The width of `text` set on one line in `ts`, pt.
fn text_width(cx: &Cx<'_>, text: &str, ts: &TextStyle) -> f32 {
    if text.is_empty() {
        return 0.0;
    }
    set_lines(cx.fonts, plain(text, ts), ts, 1e5, 0.0, Align::Start, false)
        .first()
        .map_or(0.0, content_width)
}

/// Natural and least widths of a cell's text, in pt. The least is the widest
/// run that may not break (a number or a Latin word, measured as set), and at
/// least two characters (kinsoku may keep two together).
fn cell_widths(cx: &Cx<'_>, cell: &[Inline], ts: &TextStyle) -> (f32, f32) {
    let width_of = |text: &str| text_width(cx, text, ts);
    let natural = styled_segments(cell, ts)
        .into_iter()
        .flat_map(|runs| set_lines(cx.fonts, runs, ts, 1e5, 0.0, Align::Start, false))
        .map(|f| content_width(&f))
        .fold(0.0, f32::max);
    let unbreakable = unbreakable_runs(&plain_text(cell))
        .iter()
        .map(|r| width_of(r))
        .fold(0.0, f32::max);
    let least = unbreakable
        .max((2.0 * ts.size).min(natural))
        .min(natural.max(ts.size));
    (natural, least.max(unbreakable))
}

/// The runs of a cell's text that never break: numbers (with their
/// separators, signs and units such as `%`) and Latin words.
pub(crate) fn unbreakable_runs(text: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut run = String::new();
    for c in text.chars() {
        let joins = c.is_ascii_graphic() || (!run.is_empty() && matches!(c, '％' | '‰'));
        if joins {
            run.push(c);
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// Column widths from content. When every column's natural (max-content)
/// width fits, each gets it and the spare room is shared in proportion to
/// those widths (a three-line table runs the full measure, and a short
/// number column gains a little where the long text column gains most), as
/// CSS's automatic table layout at 100 % width does. Else each column gets
/// its `floor` (what the chosen [`Wrap`] lets it shrink to); the room left
/// first sets whole the columns it can that are no wider than an even share,
/// those that need least first (a header `社零增速` back on one line), and
/// the rest is shared in proportion
/// to what the others want more, so a column of numbers, which never break,
/// stays as narrow as its widest number.
fn column_widths(natural: &[f32], floor: &[f32], avail: f32) -> Vec<f32> {
    let total: f32 = natural.iter().sum();
    if total <= avail {
        let share = avail / total.max(0.01);
        return natural.iter().map(|w| w * share).collect();
    }
    let floor_total: f32 = floor.iter().sum();
    if floor_total >= avail {
        return floor.iter().map(|w| w * avail / floor_total).collect();
    }
    let mut widths = floor.to_vec();
    let mut spare = avail - floor_total;
    // Only a column no wider than an even share is set whole this way: a
    // long text column taking the room would leave the others at their
    // floor, their rows many lines tall.
    let share = avail / natural.len().max(1) as f32;
    let mut wanting: Vec<usize> = (0..natural.len())
        .filter(|&c| natural[c] > floor[c] && natural[c] <= share)
        .collect();
    wanting.sort_by(|&a, &b| (natural[a] - floor[a]).total_cmp(&(natural[b] - floor[b])));
    for c in wanting {
        let need = natural[c] - widths[c];
        if need <= spare {
            widths[c] = natural[c];
            spare -= need;
        }
    }
    let want: f32 = natural.iter().zip(&widths).map(|(n, w)| n - w).sum();
    for (w, n) in widths.iter_mut().zip(natural) {
        *w += (n - *w) * spare / want.max(0.01);
    }
    widths
}

/// The table's pieces, set at one width.
struct Parts {
    /// Caption and unit lines.
    caption: Vec<Frame>,
    cap_id: u32,
    /// The rows' cells, the header first (when there is one).
    rows: Vec<Row>,
    /// Where the rules run.
    rules: Rules,
    /// Whether the table has a header row.
    has_head: bool,
}

impl Parts {
    /// The header row untagged with the top rule, for continuations.
    fn head_again(&self) -> Option<Frame> {
        let head = self.rows.first().filter(|r| r.head)?;
        let mut f = untagged(head.whole(&self.rules));
        rows::top_rule(&mut f, &self.rules);
        Some(f)
    }
}

/// Set the caption and rows of `t` in `region` (which may be wider than a
/// column: a table spanning both).
fn parts(cx: &mut Cx<'_>, t: &Table, fit: &Fit, region: &Region, in_table: &Region) -> Parts {
    let style = cx.style;
    let width = region.width(style);
    let frame_w = style.column_width.max(region.left + width);
    let (ts, head_ts) = (fit.ts, fit.head_ts);
    let caption = caption_lines(cx, t, ts, width);
    let cap_id = cx.ids.next();
    let head_id = cx.ids.next();
    let body_id = cx.ids.next();
    let has_head = !t.head.is_empty();
    let mut rows: Vec<Row> = Vec::new();
    let all_rows = std::iter::once((true, &t.head)).chain(t.rows.iter().map(|r| (false, r)));
    for (is_head, row) in all_rows {
        if is_head && row.is_empty() {
            continue;
        }
        let group = if is_head {
            (head_id, TagKind::TableHead)
        } else {
            (body_id, TagKind::TableBody)
        };
        let row_id = cx.ids.next();
        let in_row = in_table
            .within(group.0, group.1)
            .within(row_id, TagKind::TableRow);
        let kind = if is_head {
            TagKind::TableHeader
        } else {
            TagKind::TableCell
        };
        let rts = if is_head { head_ts } else { ts };
        let pad = TABLE_CELL_PAD_EM * rts.size;
        let mut cells: Vec<Cell> = Vec::new();
        let mut x = 0.0;
        for (c, &w) in fit.widths.iter().enumerate() {
            let inner = (w - 2.0 * pad).max(rts.size);
            let align = t.aligns.get(c).copied().unwrap_or(ColAlign::None);
            let fraction = fit.fractions[c].filter(|_| !is_head);
            let lines = cell_lines(cx, &cell(row, c), &rts, inner, align, is_head, fraction);
            cells.push(Cell {
                x: region.left + x + pad,
                inner,
                lines,
                tag: in_row.tag(cx.ids.next(), kind.clone()),
            });
            x += w;
        }
        let n_lines = cells
            .iter()
            .map(|c| c.lines.len())
            .max()
            .unwrap_or(1)
            .max(1);
        rows.push(Row {
            cells,
            head: is_head,
            lines: n_lines,
        });
    }
    Parts {
        caption,
        cap_id,
        rows,
        rules: Rules {
            x: region.left,
            width,
            frame_w,
            pitch: style.pitch,
            outer_pt: TABLE_OUTER_RULE_PT,
            head_pt: TABLE_HEAD_RULE_PT,
        },
        has_head,
    }
}

/// A cell's lines at `inner`, aligned as the delimiter row says (numbers to
/// the right when it says nothing; header cells as their column, centred
/// when the row says nothing). A number in a
/// column with `fraction` (its widest fraction) stands on the decimal point.
fn cell_lines(
    cx: &Cx<'_>,
    content: &[Inline],
    rts: &TextStyle,
    inner: f32,
    align: ColAlign,
    is_head: bool,
    fraction: Option<f32>,
) -> Vec<Frame> {
    let text = plain_text(content);
    let numeric = is_numeric(&text);
    // Room left at the right for the fractions wider than this number's.
    let short_by = fraction
        .zip(split_decimal(&text))
        .map_or(0.0, |(widest, (_, f))| {
            (widest - text_width(cx, f, rts)).max(0.0)
        });
    let set =
        |runs: Vec<StyledText>| set_lines(cx.fonts, runs, rts, inner, 0.0, Align::Start, false);
    styled_segments(content, rts)
        .into_iter()
        .flat_map(|runs| {
            let whole = set(runs.clone());
            if !is_head || whole.len() < 2 {
                return whole;
            }
            // A header that wraps breaks at its brackets first, unless that
            // takes more lines (`5G基站数 / （个）`, not `5G基站 / 数（个）`).
            let parted: Vec<Frame> = cut_runs(&runs).into_iter().flat_map(set).collect();
            if parted.len() <= whole.len() {
                parted
            } else {
                whole
            }
        })
        .map(|mut f| {
            let used = content_width(&f);
            let shift = match (align, is_head, numeric) {
                (ColAlign::Right, _, _) => inner - used,
                (ColAlign::None, false, true) => inner - used - short_by,
                (ColAlign::Center, _, _) | (ColAlign::None, true, _) => (inner - used) / 2.0,
                _ => 0.0,
            };
            let mut out = Frame::new(Size::new(inner, f.size.h));
            f.size.w = used;
            out.push_frame(Point::new(shift.max(0.0), 0.0), f, None);
            out
        })
        .collect()
}

/// The caption (number and caption, centred in Hei) and the unit (at the
/// right), at `width`.
fn caption_lines(cx: &Cx<'_>, t: &Table, ts: TextStyle, width: f32) -> Vec<Frame> {
    let style = cx.style;
    let mut frames: Vec<Frame> = Vec::new();
    let mut cap: Vec<Inline> = Vec::new();
    if let Some(l) = &t.label {
        cap.push(Inline::Text(l.clone()));
        if !t.caption.is_empty() {
            // An en space (½ em) between the number and the caption: with a
            // full em, text extraction (poppler: words 1 em apart are two
            // blocks) read a caption centred across two columns in halves,
            // `表3` after the left column's text and `宽表` after the right's.
            cap.push(Inline::Text("\u{2002}".into()));
        }
    }
    cap.extend(t.caption.iter().cloned());
    let cap_ts = caption_style(cx);
    for runs in styled_segments(&cap, &cap_ts) {
        frames.extend(set_lines(
            cx.fonts,
            runs,
            &cap_ts,
            width,
            0.0,
            Align::Center,
            true,
        ));
    }
    if let Some(u) = &t.unit
        && let Some(mut f) = set_lines(
            cx.fonts,
            plain(u, &ts),
            &ts,
            width,
            0.0,
            Align::Start,
            false,
        )
        .into_iter()
        .next()
    {
        let used = content_width(&f);
        let mut line = Frame::new(Size::new(width, f.size.h.max(style.pitch)));
        f.size.w = used;
        line.push_frame(Point::new(width - used, 0.0), f, None);
        frames.push(line);
    }
    frames
}

/// The caption's style: body size in Hei, on the grid.
fn caption_style(cx: &Cx<'_>) -> TextStyle {
    TextStyle {
        pitch: cx.style.pitch,
        ..in_face(cx.style.body_text, Role::Heading)
    }
}

/// A copy of `f` with every structure tag taken off (content drawn again:
/// the PDF marks untagged content as an artifact).
fn untagged(mut f: Frame) -> Frame {
    for (_, item) in &mut f.items {
        if let FrameItem::Group(g) = item {
            g.tag = None;
            g.frame = untagged(std::mem::take(&mut g.frame));
        }
    }
    f
}

/// `续表N` centred in Hei over the header row again.
fn continuation(cx: &Cx<'_>, t: &Table, parts: &Parts, region: &Region, id: u32) -> Continuation {
    let style = cx.style;
    let width = region.width(style);
    let cap_ts = caption_style(cx);
    let label = format!("{CONTINUED}{}", t.label.as_deref().unwrap_or("表"));
    let mut head = Frame::new(Size::new(style.column_width, 0.0));
    let mut y = 0.0;
    for l in set_lines(
        cx.fonts,
        plain(&label, &cap_ts),
        &cap_ts,
        width,
        0.0,
        Align::Center,
        true,
    ) {
        let h = l.size.h;
        head.push_frame(Point::new(region.left, y), l, None);
        y += h;
    }
    if let Some(row) = parts.head_again() {
        let h = row.size.h;
        head.push_frame(Point::new(0.0, y), row, None);
        y += h;
    }
    head.size.h = style.to_grid(y);
    Continuation {
        table: id,
        head,
        rule_x: region.left,
        rule_w: width,
        rule_pt: TABLE_OUTER_RULE_PT,
    }
}

/// A table set in the column: rows as blocks the flow may break between,
/// continuations opening each further region. A row too tall to stand
/// whole on a page (with the continuation over it, or the caption and
/// header with the first row) goes in one-line slices the flow breaks
/// between like rows. A header too tall to leave a line under it (with
/// 续表, or with the caption) is an error.
#[allow(
    clippy::too_many_arguments,
    reason = "the table's pieces, each used once"
)]
fn flowing(
    cx: &mut Cx<'_>,
    t: &Table,
    fit: Fit,
    span: &Range<usize>,
    region: &Region,
    in_table: &Region,
    table_id: u32,
    items: &mut Vec<Item>,
) {
    let style = cx.style;
    let width = region.width(style);
    let parts = parts(cx, t, &fit, region, in_table);
    let cont = Arc::new(continuation(cx, t, &parts, region, table_id));
    items.push(Item::Space(DISPLAY_SPACE_LINES * style.pitch));
    let cap_h: f32 = parts.caption.iter().map(|f| f.size.h).sum();
    let head_h = parts
        .rows
        .first()
        .filter(|r| r.head)
        .map_or(0.0, |r| r.height(style.pitch));
    let first_body = usize::from(parts.has_head);
    // Rows stand whole where they can: the first body row under the caption
    // and header, every other under 续表 and the header.
    let limit = style.body.h + 0.01;
    let pieces = rows::frames(&parts.rows, &parts.rules, |k, row| {
        let over = if k == first_body {
            cap_h + head_h
        } else {
            cont.head.size.h
        };
        style.to_grid(over + row.height(style.pitch)) > limit
    });
    if style.to_grid(cap_h + head_h + style.pitch) > limit || cont.head.size.h + style.pitch > limit
    {
        cx.sink.push(head_too_tall(cx, t, cap_h + head_h, span));
    }
    // Caption + header + first body row (or its first line): one block,
    // never parted.
    let mut pieces = pieces.into_iter().flatten();
    let lead = if parts.has_head { 2 } else { 1 };
    let mut first = Frame::new(Size::new(style.column_width, 0.0));
    let mut y = 0.0;
    if !parts.caption.is_empty() {
        let cf = stack(parts.caption, width);
        let h = cf.size.h;
        first.push_frame(
            Point::new(region.left, 0.0),
            cf,
            in_table.tag(parts.cap_id, TagKind::Caption),
        );
        y += h;
    }
    for rf in pieces.by_ref().take(lead) {
        let h = rf.size.h;
        first.push_frame(Point::new(0.0, y), rf, None);
        y += h;
    }
    first.size.h = style.to_grid(y);
    let mut rows: Vec<Frame> = pieces.collect();
    let body_rows = rows.len() + 1;
    // The notes and source (注, 数据来源) go in the last row's block, so no
    // break parts them from the table; only notes with page-foot note
    // references stay lines of their own (the flow sets those notes).
    let mut notes = Vec::new();
    table_notes(cx, t, in_table, region, &mut notes);
    let refs = notes
        .iter()
        .any(|i| matches!(i, Item::Line(l) if !l.notes.is_empty()));
    if !refs {
        let last = rows.last_mut().unwrap_or(&mut first);
        let mut y = last.size.h;
        for item in notes.drain(..) {
            if let Item::Line(l) = item {
                let h = l.frame.size.h;
                last.push_frame(Point::new(0.0, y), l.frame, None);
                y += h;
            }
        }
        last.size.h = style.to_grid(y);
    }
    let part = |row: usize| {
        Some(TablePart {
            cont: cont.clone(),
            lead: row == 0,
            row,
            rows: body_rows,
        })
    };
    items.push(Item::Block(KeptBlock {
        frame: first,
        keep_lines: 0,
        outline: vec![],
        kind: PlacedKind::TableRow(cont.table, 0, body_rows),
        table: part(0),
    }));
    for (k, rf) in rows.into_iter().enumerate() {
        items.push(Item::Block(KeptBlock {
            frame: rf,
            keep_lines: 0,
            outline: vec![],
            kind: PlacedKind::TableRow(cont.table, k + 1, body_rows),
            table: part(k + 1),
        }));
    }
    items.extend(notes);
    items.push(Item::Space(DISPLAY_SPACE_LINES * style.pitch));
}

/// The error for a table whose caption and header (`h` pt), or 续表 and
/// the header, leave no line of a row room on a page.
fn head_too_tall(cx: &Cx<'_>, t: &Table, h: f32, span: &Range<usize>) -> Diagnostic {
    let style = cx.style;
    Diagnostic::error(format!(
        "failed to fit the header of {} on a page with a line of a row under it (caption and header {:.0} mm tall, the type area {:.0} mm)",
        name(t),
        h * 25.4 / 72.0,
        style.body.h * 25.4 / 72.0
    ))
    .at(Span::new(cx.issue.article.clone(), span.clone()))
    .hint("the header row and the caption stand on every page the table runs on: shorten the header cells or the caption (move the text into the table's notes)")
}

/// Notes and source, smaller, in Kai, flush with the table.
fn table_notes(
    cx: &mut Cx<'_>,
    t: &Table,
    in_table: &Region,
    region: &Region,
    items: &mut Vec<Item>,
) {
    let note_region = Region {
        indent_em: 0.0,
        ..in_table.clone()
    };
    let note_ts = in_face(smaller(cx.style, region.text, SMALL_SCALE), Role::Caption);
    for n in &t.notes {
        lines(cx, n, &note_region, note_ts, 0.0, TagKind::Caption, items);
    }
}

/// A table across both columns: one unbreakable block, floated to the top
/// of a page (the next one, unless nothing is on this one yet). One taller
/// than the type area is an error (it does not continue).
fn spanning(
    cx: &mut Cx<'_>,
    t: &Table,
    fit: Fit,
    span: &Range<usize>,
    page: &Region,
    in_table: &Region,
    items: &mut Vec<Item>,
) {
    let style = cx.style;
    let width = page.width(style);
    let parts = parts(cx, t, &fit, page, in_table);
    let mut all = Frame::new(Size::new(width, 0.0));
    let mut y = 0.0;
    if !parts.caption.is_empty() {
        let cf = stack(parts.caption, width);
        let h = cf.size.h;
        all.push_frame(
            Point::new(0.0, 0.0),
            cf,
            in_table.tag(parts.cap_id, TagKind::Caption),
        );
        y += h;
    }
    for rf in rows::frames(&parts.rows, &parts.rules, |_, _| false)
        .into_iter()
        .flatten()
    {
        let h = rf.size.h;
        all.push_frame(Point::new(0.0, y), rf, None);
        y += h;
    }
    let note_ts = in_face(smaller(style, page.text, SMALL_SCALE), Role::Caption);
    let mut note_items = Vec::new();
    let note_region = Region {
        indent_em: 0.0,
        ..in_table.clone()
    };
    for n in &t.notes {
        lines(
            cx,
            n,
            &note_region,
            note_ts,
            0.0,
            TagKind::Caption,
            &mut note_items,
        );
    }
    for item in note_items {
        if let Item::Line(l) = item {
            let h = l.frame.size.h;
            all.push_frame(Point::new(0.0, y), l.frame, None);
            y += h;
        }
    }
    all.size.h = style.to_grid(y);
    // Room for it and two lines of text under it.
    let room = style.body.h - 3.0 * style.pitch;
    if all.size.h > room {
        cx.sink.push(
            Diagnostic::error(format!(
                "failed to fit {} on one page across both columns (it is {:.0} mm tall, the type area {:.0} mm)",
                name(t),
                all.size.h * 25.4 / 72.0,
                style.body.h * 25.4 / 72.0
            ))
            .at(Span::new(cx.issue.article.clone(), span.clone()))
            .hint("a table too wide for one column spans both and never continues: split it into shorter tables, or drop or merge columns so it fits one column (where it may continue on the next page)"),
        );
    }
    items.push(Item::Float(Float::Span(all)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_words_are_runs_that_never_break() {
        assert_eq!(
            unbreakable_runs("增长12.5%，达1,234.56亿元GDP"),
            ["12.5%", "1,234.56", "GDP"]
        );
        assert!(unbreakable_runs("全市各级").is_empty());
    }

    #[test]
    fn spare_width_goes_by_natural_width_so_a_long_text_column_gets_most() {
        // One text column wanting 120 pt and three number columns of 30 pt
        // in 300 pt: the 90 pt to spare go 120 : 30 : 30 : 30.
        let natural = [120.0, 30.0, 30.0, 30.0];
        let w = column_widths(&natural, &[20.0, 30.0, 30.0, 30.0], 300.0);
        assert!((w.iter().sum::<f32>() - 300.0).abs() < 0.01, "{w:?}");
        assert!((w[0] - 120.0 * 300.0 / 210.0).abs() < 0.01, "{w:?}");
        for n in &w[1..] {
            // An even spread would give each 52.5 pt.
            assert!((n - 30.0 * 300.0 / 210.0).abs() < 0.01, "{w:?}");
        }
    }

    #[test]
    fn a_text_column_that_must_wrap_leaves_number_columns_at_their_need() {
        // The text wants 400 pt, its least is 20 pt; numbers never break.
        let w = column_widths(&[400.0, 40.0, 35.0], &[20.0, 40.0, 35.0], 300.0);
        assert!(
            (w[1] - 40.0).abs() < 0.01 && (w[2] - 35.0).abs() < 0.01,
            "{w:?}"
        );
        assert!((w[0] - 225.0).abs() < 0.01, "{w:?}");
    }

    #[test]
    fn spare_width_first_sets_whole_the_columns_it_can_cheapest_first() {
        // 20 pt to spare: the header that needs 10 more goes back on one
        // line; the long text column, which needs 80, gets the other 10.
        let w = column_widths(&[50.0, 30.0, 100.0], &[50.0, 20.0, 20.0], 110.0);
        assert!((w[1] - 30.0).abs() < 0.01, "{w:?}");
        assert!((w[2] - 30.0).abs() < 0.01, "{w:?}");
        assert!((w.iter().sum::<f32>() - 110.0).abs() < 0.01, "{w:?}");
    }

    #[test]
    fn a_long_header_wraps_before_its_bracket_or_in_halves() {
        // One point a character, so widths read as character counts.
        let chars = |s: &str| s.chars().count() as f32;
        let need = |s: &str| head_wrapped(s, chars(s), chars);
        assert_eq!(need("社零增速"), 4.0, "a short header stays whole");
        assert_eq!(need("地区生产总值（亿元）"), 6.0, "地区生产总值 / （亿元）");
        assert_eq!(need("规上工业增加值增速"), 5.0, "two lines of about half");
        assert_eq!(
            need("一般公共预算收入（亿元）"),
            4.0,
            "一般公共 / 预算收入 / （亿元）"
        );
    }

    #[test]
    fn columns_get_their_least_width_before_anything_is_shared() {
        let w = column_widths(&[100.0, 50.0], &[40.0, 30.0], 100.0);
        assert!((w.iter().sum::<f32>() - 100.0).abs() < 0.01);
        assert!(w[0] >= 40.0 && w[1] >= 30.0, "{w:?}");
    }
}

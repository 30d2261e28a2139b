//! Number columns: which cells hold numbers, and aligning them on the
//! decimal point.
//!
//! A column the delimiter row leaves unaligned (`---`, "numbers as the
//! engine decides") has its numbers set on the decimal point: each number's
//! fraction (the point, its digits and a unit such as `%`) takes the room of
//! the column's widest fraction, so `12%`, `1.5%` and `0.25%` line up on
//! their points with the widest flush at the right. A column aligned right
//! (`--:`) is set flush right as written (the faces' figures are
//! proportional, so the two differ by a fraction of a point even where every
//! number has as many decimals).

use crate::model::{Align as ColAlign, Inline, Table, plain_text};

/// Whether a cell holds a number (one home for it: the EPUB aligns the same cells).
pub(super) use crate::cjk::is_number as is_numeric;

/// A single number split where its decimal point is (or would be): the
/// integer part with its sign and separators, and the fraction with its
/// unit (`"1,107.5%"` → `("1,107", ".5%")`, `"12%"` → `("12", "%")`). `None`
/// for what is not one number (a range `3~5`, text, a product `2×3`).
pub(super) fn split_decimal(text: &str) -> Option<(&str, &str)> {
    let t = text.trim();
    let body = t.trim_start_matches(['+', '-', '−']);
    let int_len = body
        .find(|c: char| !(c.is_ascii_digit() || c == ','))
        .unwrap_or(body.len());
    let (int, rest) = body.split_at(int_len);
    if !int.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let digits = rest.strip_prefix('.').unwrap_or(rest);
    let unit = digits.trim_start_matches(|c: char| c.is_ascii_digit());
    let fraction_ok = rest.starts_with('.') == (digits.len() > unit.len());
    let unit_ok = matches!(unit, "" | "%" | "％" | "‰");
    (fraction_ok && unit_ok).then(|| t.split_at(t.len() - rest.len()))
}

/// Whether column `c` of `t` aligns its numbers on the decimal point: the
/// delimiter row says nothing for it.
pub(super) fn decimal_column(t: &Table, c: usize) -> bool {
    t.aligns.get(c).copied().unwrap_or(ColAlign::None) == ColAlign::None
}

/// The body cells of column `c` that are single numbers, split at the point.
pub(super) fn column_numbers(t: &Table, c: usize) -> Vec<(String, String)> {
    if !decimal_column(t, c) {
        return Vec::new();
    }
    t.rows
        .iter()
        .filter_map(|r| r.get(c))
        .map(|cell: &Vec<Inline>| plain_text(cell))
        .filter_map(|s| split_decimal(&s).map(|(i, f)| (i.to_string(), f.to_string())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_splits_at_its_point_and_text_or_ranges_do_not() {
        assert_eq!(split_decimal("1,107.5"), Some(("1,107", ".5")));
        assert_eq!(split_decimal("1.1%"), Some(("1", ".1%")));
        assert_eq!(split_decimal("12%"), Some(("12", "%")));
        assert_eq!(split_decimal("−3.25"), Some(("−3", ".25")));
        assert_eq!(split_decimal("2024"), Some(("2024", "")));
        assert_eq!(split_decimal("3~5"), None);
        assert_eq!(split_decimal("12.5亿"), None);
        assert_eq!(split_decimal("12."), None);
        assert_eq!(split_decimal("—"), None);
        assert_eq!(split_decimal(".5"), None);
    }
}

//! The page's own lines around the report: the header line a newspaper's
//! export often puts first (版头: `2024年5月8日 星期三　第3版　综合新闻`), a
//! column mark above the title (`【走基层】`), and the page credits after the
//! text (`责任编辑：李四　校对：王五`). None of them is the article's text: the
//! header's date goes into the front matter, the column mark becomes the
//! `column` setting (printed above the title), and the header's page name and
//! the credits are kept as comments of the front matter, each decision noted,
//! so no word is dropped unsaid.

use super::{Decisions, Unit};

/// Longest page name or column mark, in characters (综合新闻, 走基层).
const MAX_NAME_CHARS: usize = 10;
/// Longest page-credit line, in characters.
const MAX_CREDIT_LINE_CHARS: usize = 60;

/// Roles of the page credits printed after a report.
const CREDIT_ROLES: &[&str] = &[
    "责任编辑",
    "责编",
    "编辑",
    "校对",
    "美编",
    "审核",
    "审校",
    "终审",
    "值班编辑",
    "版式",
];

/// What the page's own lines gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageLines {
    /// The header's date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The header line as printed (for the front matter's comment).
    pub header: Option<String>,
    /// The column mark's name, without its brackets.
    pub column: Option<String>,
    /// The page-credit lines as printed.
    pub credits: Vec<String>,
}

/// Take a header line first in the report and a column mark right above the
/// title. Returns the remaining units.
pub fn lift_head(units: Vec<Unit>, page: &mut PageLines, decisions: &mut Decisions) -> Vec<Unit> {
    let mut rest = units.into_iter().peekable();
    if let Some(u) = rest.next_if(|u| header(&u.text).is_some()) {
        let date = header(&u.text).flatten();
        decisions.note(
            u.line,
            format!(
                "line {}: the page's header line 「{}」, not the article's text: {}",
                u.line,
                u.text,
                match &date {
                    Some(d) => format!(
                        "its date {d} goes into the front matter, the line stays as a comment there"
                    ),
                    None => "kept as a comment of the front matter".to_string(),
                }
            ),
        );
        page.date = date;
        page.header = Some(u.text);
    }
    if let Some(u) = rest.next_if(|u| column_mark(&u.text).is_some()) {
        let name = column_mark(&u.text).unwrap_or_default();
        decisions.note(
            u.line,
            format!(
                "line {}: column 「{name}」 (set as `column`, printed above the title)",
                u.line
            ),
        );
        page.column = Some(name);
    }
    rest.collect()
}

/// Take the page-credit lines at the end of the report. Returns the
/// remaining units.
pub fn lift_credits(
    mut units: Vec<Unit>,
    page: &mut PageLines,
    decisions: &mut Decisions,
) -> Vec<Unit> {
    let mut credits = Vec::new();
    while units.len() > 1 && units.last().is_some_and(|u| is_credit_line(&u.text)) {
        credits.push(units.pop().expect("a last unit"));
    }
    for u in credits.into_iter().rev() {
        decisions.note(
            u.line,
            format!(
                "line {}: page credits 「{}」, not the article's text: kept as a comment of the front matter",
                u.line, u.text
            ),
        );
        page.credits.push(u.text);
    }
    units
}

/// Whether `text` is a header line: tokens (split at spaces) that are a
/// written date, a weekday or a page number, at least two of those (or a
/// page number alone), plus at most two short names (the page's name, the
/// paper's). `Some(date)` when it is one, with the date when it has one.
fn header(text: &str) -> Option<Option<String>> {
    let tokens: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '\u{3000}')
        .filter(|t| !t.is_empty())
        .collect();
    let (mut date, mut marks, mut names, mut page) = (None, 0, 0, false);
    for t in &tokens {
        if let Some(d) = iso_date(t) {
            date = Some(d);
            marks += 1;
        } else if is_weekday(t) {
            marks += 1;
        } else if let Some(rest) = page_number(t) {
            page = true;
            marks += 1;
            // `第3版：综合新闻` names the page on the same token.
            if !rest.is_empty() {
                if !is_name(rest) {
                    return None;
                }
                names += 1;
            }
        } else if is_name(t) {
            names += 1;
        } else {
            return None;
        }
    }
    (names <= 2 && (marks >= 2 || page)).then_some(date)
}

/// A written date `2024年5月8日` (also with full-width or Chinese numerals)
/// as `YYYY-MM-DD`.
pub(crate) fn iso_date(t: &str) -> Option<String> {
    let (y, rest) = t.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let d = rest
        .strip_suffix('日')
        .or_else(|| rest.strip_suffix('号'))?;
    let year = digits(y)?;
    let (month, day) = (number(m)?, number(d)?);
    ((1000..=9999).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// The value of a digit string (ASCII, full-width, or 〇一二… digit by digit).
fn digits(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    s.chars().try_fold(0u32, |n, c| {
        Some(n.checked_mul(10)?.checked_add(digit(c)?)?)
    })
}

fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => "〇一二三四五六七八九"
            .chars()
            .position(|d| d == c || (c == '零' && d == '〇'))
            .map(|p| p as u32),
    }
}

/// A month or day: digits, or Chinese numerals up to 三十一 (十, 十二, 二十, 二十三).
fn number(s: &str) -> Option<u32> {
    if let Some(n) = digits(s) {
        return Some(n);
    }
    let (tens, ones) = s.split_once('十')?;
    let tens = if tens.is_empty() {
        1
    } else {
        digit_only(tens)?
    };
    let ones = if ones.is_empty() {
        0
    } else {
        digit_only(ones)?
    };
    Some(tens * 10 + ones)
}

fn digit_only(s: &str) -> Option<u32> {
    let mut cs = s.chars();
    let d = digit(cs.next()?)?;
    cs.next().is_none().then_some(d)
}

/// `星期三`, `周三`, `星期日`.
fn is_weekday(t: &str) -> bool {
    let day = t.strip_prefix("星期").or_else(|| t.strip_prefix('周'));
    matches!(day, Some(d) if d.chars().count() == 1 && "一二三四五六日天".contains(d))
}

/// A page number `第3版`, `A3版`, `3版`, `第三版`, `第03版`; what follows it
/// on the token after a colon (`第3版：要闻` gives `要闻`).
fn page_number(t: &str) -> Option<&str> {
    let (num, rest) = t.split_once('版')?;
    let num = num.strip_prefix('第').unwrap_or(num);
    let num = num.trim_start_matches(|c: char| c.is_ascii_uppercase());
    let ok = !num.is_empty() && num.chars().all(|c| digit(c).is_some() || c == '十');
    ok.then(|| rest.trim_start_matches(['：', ':', '·', '　']))
}

/// A short name of Han characters (a page's or a paper's name).
fn is_name(t: &str) -> bool {
    let n = t.chars().count();
    (2..=MAX_NAME_CHARS).contains(&n) && t.chars().all(crate::cjk::is_han)
}

/// A column mark above the title: a short name in 【】 (`【走基层】`) alone
/// on its line.
fn column_mark(text: &str) -> Option<String> {
    let inner = text.strip_prefix('【')?.strip_suffix('】')?;
    (is_name(inner) && !super::body::is_box_label(text)).then(|| inner.to_string())
}

/// A person's name as credits print it: 2–4 Han characters.
fn is_person(t: &str) -> bool {
    (2..=4).contains(&t.chars().count()) && t.chars().all(crate::cjk::is_han)
}

/// A page-credit line: `责任编辑：李四`, `（责任编辑：李四　校对：王五）`,
/// `编辑 李四`: every part opens with a credit role.
fn is_credit_line(text: &str) -> bool {
    let t = text
        .strip_prefix(['（', '('])
        .and_then(|t| t.strip_suffix(['）', ')']))
        .unwrap_or(text);
    if t.chars().count() > MAX_CREDIT_LINE_CHARS || super::punct::ends_closed(t) {
        return false;
    }
    let parts: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '；' || c == ';')
        .filter(|p| !p.is_empty())
        .collect();
    let mut roles = 0;
    for p in &parts {
        match CREDIT_ROLES.iter().find(|r| p.starts_with(**r)) {
            Some(r) => {
                let names = p[r.len()..].trim_start_matches(['：', ':']);
                if !names.is_empty() && !names.split(['、', '，', ',']).all(is_person) {
                    return false;
                }
                roles += 1;
            }
            // `编辑 李四`: the name after a space.
            None if roles > 0 && is_person(p) => {}
            None => return false,
        }
    }
    roles > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_dates_read_in_every_numeral() {
        assert_eq!(iso_date("2024年5月8日").as_deref(), Some("2024-05-08"));
        assert_eq!(
            iso_date("２０２４年１２月３１日").as_deref(),
            Some("2024-12-31")
        );
        assert_eq!(
            iso_date("二〇二四年十二月三十一日").as_deref(),
            Some("2024-12-31")
        );
        assert_eq!(
            iso_date("二〇二四年五月八日").as_deref(),
            Some("2024-05-08")
        );
        assert_eq!(iso_date("2024年13月8日"), None);
        assert_eq!(iso_date("去年5月8日"), None);
        assert_eq!(iso_date("2024年5月"), None);
    }

    #[test]
    fn header_lines_and_not() {
        let h = |t: &str| header(t);
        assert_eq!(
            h("2024年5月8日 星期三　　第3版　　综合新闻"),
            Some(Some("2024-05-08".into()))
        );
        assert_eq!(h("第3版：要闻"), Some(None));
        assert_eq!(h("A3版 要闻 2024年5月8日"), Some(Some("2024-05-08".into())));
        assert_eq!(
            h("十堰日报 2024年5月8日 星期三"),
            Some(Some("2024-05-08".into()))
        );
        // A title, a dated headline, a sentence: not headers.
        assert_eq!(h("汉江生态环境持续向好"), None);
        assert_eq!(h("2024年5月8日"), None);
        assert_eq!(h("2024年5月8日 全市召开安全生产工作会议"), None);
        assert_eq!(h("周三 我们去看海"), None);
    }

    #[test]
    fn credit_lines_and_not() {
        for t in [
            "责任编辑：李四　　校对：王五",
            "（责任编辑：李四）",
            "编辑 李四",
            "责编：张三；美编：李四",
        ] {
            assert!(is_credit_line(t), "{t}");
        }
        for t in [
            "编辑部的同志们说，这是一件好事。",
            "责任编辑这个岗位很重要",
            "校对工作要细致",
        ] {
            assert!(!is_credit_line(t), "{t}");
        }
    }

    #[test]
    fn column_marks() {
        assert_eq!(column_mark("【走基层】").as_deref(), Some("走基层"));
        assert_eq!(column_mark("【链接】"), None, "a box label");
        assert_eq!(column_mark("【2024年】"), None);
        assert_eq!(column_mark("走基层"), None);
    }
}

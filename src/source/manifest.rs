//! Settings: `source/publication.toml` (shared by every issue) and the TOML
//! front matter between `+++` lines at the top of an issue's `article.md`.
//! The issue's values override the publication's.

use crate::diag::{Diagnostic, Span};
use crate::model::{Credit, LayoutSettings};
use std::ops::Range;
use std::path::Path;
use toml::{Table, Value};

/// Settings after merging publication and issue, before the Markdown is read.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Publication name.
    pub publication: Option<String>,
    /// Publisher.
    pub publisher: Option<String>,
    /// Issue number.
    pub issue: Option<u32>,
    /// Date `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Cover photo path (relative to the issue folder) and where it was named.
    pub cover: Option<(String, Range<usize>)>,
    /// Catalogue description.
    pub description: Option<String>,
    /// Kicker (引题) above the title.
    pub kicker: Option<String>,
    /// Column name (栏目).
    pub column: Option<String>,
    /// Byline.
    pub byline: Vec<Credit>,
    /// Language tag.
    pub lang: Option<String>,
    /// Page and style settings.
    pub layout: LayoutSettings,
}

/// Top-level keys a settings file may hold.
const TOP_KEYS: &[&str] = &[
    "name",
    "publication",
    "publisher",
    "issue",
    "date",
    "cover",
    "description",
    "kicker",
    "column",
    "byline",
    "lang",
    "layout",
];
/// Keys of the `[layout]` table.
const LAYOUT_KEYS: &[&str] = &[
    "page",
    "margins_mm",
    "bleed_mm",
    "columns",
    "body_size_pt",
    "leading",
    "accent",
    "epub_image_max_px",
];

/// A TOML document with where it sits in its file (front matter starts after `+++`).
pub struct TomlSource<'a> {
    /// The file, for messages.
    pub file: &'a Path,
    /// The TOML text.
    pub text: &'a str,
    /// Byte offset of `text` in the file.
    pub offset: usize,
}

impl TomlSource<'_> {
    fn span(&self, r: Range<usize>) -> Span {
        Span::new(self.file, r.start + self.offset..r.end + self.offset)
    }
    /// Span of the first occurrence of `key` as a key in the text (best effort).
    fn key_span(&self, key: &str) -> Span {
        let pos = self
            .text
            .match_indices(key)
            .find(|(i, _)| {
                let line_start = self.text[..*i].rfind('\n').map_or(0, |p| p + 1);
                self.text[line_start..*i].trim().is_empty()
            })
            .map(|(i, _)| i)
            .unwrap_or(0);
        self.span(pos..pos + key.len())
    }
}

/// Parse one settings document into `into`, warning on unknown keys and
/// failing on syntax errors and bad values.
pub fn apply(src: &TomlSource<'_>, into: &mut Settings, diags: &mut Vec<Diagnostic>) {
    let table: Table = match src.text.parse() {
        Ok(t) => t,
        Err(e) => {
            let range = e.span().unwrap_or(0..0);
            diags.push(
                Diagnostic::error(format!("invalid settings ({})", e.message()))
                    .at(src.span(range))
                    .hint("settings are TOML: `key = \"value\"`, one per line; see README.md, \"Source format\""),
            );
            return;
        }
    };
    for (key, value) in &table {
        let mut bad = |what: &str| {
            diags.push(
                Diagnostic::error(format!("invalid value for `{key}` ({what})"))
                    .at(src.key_span(key)),
            )
        };
        match (key.as_str(), value) {
            ("name" | "publication", Value::String(s)) => into.publication = Some(s.clone()),
            ("publisher", Value::String(s)) => into.publisher = Some(s.clone()),
            ("description", Value::String(s)) => into.description = Some(s.clone()),
            ("kicker", Value::String(s)) => into.kicker = Some(s.clone()),
            ("column", Value::String(s)) => into.column = Some(s.clone()),
            ("lang", Value::String(s)) => into.lang = Some(s.clone()),
            ("issue", Value::Integer(n)) if *n >= 0 && *n <= u32::MAX as i64 => {
                into.issue = Some(*n as u32)
            }
            ("issue", _) => bad("expected a whole number such as 12"),
            ("date", v) => match date_string(v) {
                Some(d) => into.date = Some(d),
                None => bad("expected a date such as 2023-07-01"),
            },
            ("cover", Value::String(s)) => {
                let sp = src.key_span(key);
                into.cover = Some((s.clone(), sp.range));
            }
            ("byline", Value::Array(items)) => match parse_byline(items) {
                Ok(b) => into.byline = b,
                Err(m) => bad(&m),
            },
            ("layout", Value::Table(t)) => apply_layout(src, t, &mut into.layout, diags),
            (k, _) if TOP_KEYS.contains(&k) => bad("wrong type"),
            (k, _) => diags.push(unknown_key(src, k, TOP_KEYS)),
        }
    }
}

fn unknown_key(src: &TomlSource<'_>, key: &str, valid: &[&str]) -> Diagnostic {
    let d = Diagnostic::warning(format!("unknown setting `{key}` (ignored)")).at(src.key_span(key));
    match nearest(key, valid) {
        Some(n) => d.hint(format!("did you mean `{n}`?")),
        None => d.hint(format!("valid settings here: {}", valid.join(", "))),
    }
}

/// The valid key closest to `key` by edit distance, if it is close enough to be a typo.
fn nearest<'a>(key: &str, valid: &[&'a str]) -> Option<&'a str> {
    valid
        .iter()
        .map(|v| (edit_distance(key, v), *v))
        .filter(|(d, v)| *d <= 2.max(v.len() / 3))
        .min()
        .map(|(_, v)| v)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

fn date_string(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.clone(),
        Value::Datetime(d) => d.to_string(),
        _ => return None,
    };
    let ok = s.len() == 10
        && s.as_bytes().iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
        && (1..=12).contains(&s[5..7].parse::<u32>().ok()?)
        && (1..=31).contains(&s[8..10].parse::<u32>().ok()?);
    ok.then_some(s)
}

fn parse_byline(items: &[Value]) -> Result<Vec<Credit>, String> {
    items
        .iter()
        .map(|item| {
            let t = item
                .as_table()
                .ok_or("each [[byline]] needs role and names")?;
            let role = t
                .get("role")
                .and_then(Value::as_str)
                .ok_or("a [[byline]] entry has no `role`")?;
            let names = match t.get("names") {
                Some(Value::Array(a)) => a
                    .iter()
                    .map(|n| {
                        n.as_str()
                            .map(str::to_owned)
                            .ok_or("`names` must be strings")
                    })
                    .collect::<Result<Vec<_>, _>>()?,
                Some(Value::String(s)) => vec![s.clone()],
                _ => return Err("a [[byline]] entry has no `names`".into()),
            };
            Ok(Credit {
                role: role.to_owned(),
                names,
            })
        })
        .collect()
}

fn apply_layout(
    src: &TomlSource<'_>,
    t: &Table,
    l: &mut LayoutSettings,
    diags: &mut Vec<Diagnostic>,
) {
    for (key, value) in t {
        let num = value
            .as_float()
            .or_else(|| value.as_integer().map(|i| i as f64));
        let mut bad = |what: &str| {
            diags.push(
                Diagnostic::error(format!("invalid value for `layout.{key}` ({what})"))
                    .at(src.key_span(key)),
            )
        };
        match key.as_str() {
            "page" => match value.as_str().and_then(page_size) {
                Some((w, h)) => (l.trim_width_mm, l.trim_height_mm) = (w, h),
                None => bad(
                    "expected \"16k\", \"a4\", \"a5\" or \"WIDTHxHEIGHT\" in mm between 50 and 1000, e.g. \"185x260\"",
                ),
            },
            "bleed_mm" => match num {
                Some(n) if (0.0..=10.0).contains(&n) => l.bleed_mm = n as f32,
                _ => bad("expected a number of mm from 0 to 10"),
            },
            "columns" => match value.as_integer() {
                Some(n @ 1..=2) => l.columns = n as u8,
                _ => bad("expected 1 or 2"),
            },
            "body_size_pt" => match num {
                Some(n) if (6.0..=24.0).contains(&n) => l.body_size_pt = n as f32,
                _ => bad("expected a type size in pt from 6 to 24"),
            },
            "leading" => match num {
                Some(n) if (1.0..=3.0).contains(&n) => l.leading = n as f32,
                _ => bad("expected a line pitch from 1.0 to 3.0 times the type size"),
            },
            "accent" => match value.as_str().and_then(parse_colour) {
                Some(c) => l.accent = c,
                None => bad("expected a colour such as \"#c8102e\""),
            },
            "epub_image_max_px" => match value.as_integer() {
                Some(n @ 200..=8000) => l.epub_image_max_px = n as u32,
                _ => bad("expected a pixel count from 200 to 8000"),
            },
            "margins_mm" => match value.as_array().map(|a| {
                a.iter()
                    .filter_map(|v| v.as_float().or(v.as_integer().map(|i| i as f64)))
                    .collect::<Vec<_>>()
            }) {
                Some(m) if m.len() == 4 && m.iter().all(|x| (5.0..=80.0).contains(x)) => {
                    l.margins_mm = [m[0] as f32, m[1] as f32, m[2] as f32, m[3] as f32]
                }
                _ => bad("expected [top, bottom, inner, outer] in mm, each from 5 to 80"),
            },
            k => diags.push(unknown_key(src, k, LAYOUT_KEYS)),
        }
    }
    let text_w = l.trim_width_mm - l.margins_mm[2] - l.margins_mm[3];
    let text_h = l.trim_height_mm - l.margins_mm[0] - l.margins_mm[1];
    if text_w < 40.0 || text_h < 60.0 {
        diags.push(
            Diagnostic::error(format!(
                "the type area is too small ({text_w:.0} × {text_h:.0} mm after margins)"
            ))
            .at(src.key_span("layout"))
            .hint("use a larger page or smaller margins"),
        );
    }
}

/// Trim size in mm for a page name or `WxH`.
pub fn page_size(s: &str) -> Option<(f32, f32)> {
    match s.trim().to_ascii_lowercase().as_str() {
        "16k" | "16开" => Some((185.0, 260.0)),
        "a4" => Some((210.0, 297.0)),
        "a5" => Some((148.0, 210.0)),
        "b5" => Some((176.0, 250.0)),
        other => {
            let (w, h) = other.split_once(['x', '×'])?;
            let (w, h): (f32, f32) = (w.trim().parse().ok()?, h.trim().parse().ok()?);
            ((50.0..=1000.0).contains(&w) && (50.0..=1000.0).contains(&h)).then_some((w, h))
        }
    }
}

/// `#rrggbb` or `#rgb` → RGB.
pub fn parse_colour(s: &str) -> Option<[u8; 3]> {
    let h = s.trim().strip_prefix('#')?;
    let h: String = match h.len() {
        3 => h.chars().flat_map(|c| [c, c]).collect(),
        6 => h.to_owned(),
        _ => return None,
    };
    let v = u32::from_str_radix(&h, 16).ok()?;
    Some([(v >> 16) as u8, (v >> 8) as u8, v as u8])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_sizes_and_colours() {
        assert_eq!(page_size("A4"), Some((210.0, 297.0)));
        assert_eq!(page_size("150x220"), Some((150.0, 220.0)));
        assert_eq!(page_size("10x20"), None);
        assert_eq!(parse_colour("#c8102e"), Some([0xc8, 0x10, 0x2e]));
        assert_eq!(parse_colour("#f00"), Some([255, 0, 0]));
        assert_eq!(parse_colour("red"), None);
    }

    #[test]
    fn unknown_key_suggests_nearest() {
        assert_eq!(nearest("isue", TOP_KEYS), Some("issue"));
        assert_eq!(nearest("colums", LAYOUT_KEYS), Some("columns"));
        assert_eq!(nearest("zzzzzzzz", TOP_KEYS), None);
    }
}

//! Settings: `source/publication.toml` (shared by every issue) and the TOML
//! front matter between `+++` lines at the top of an issue's `article.md`.
//! The issue's values override the publication's.

use crate::diag::{Diagnostic, Span};
use crate::model::{Credit, LayoutSettings, OutputProfile, PdfStandard, PrintSettings};
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
    /// Byline.
    pub byline: Vec<Credit>,
    /// Language tag.
    pub lang: Option<String>,
    /// Page and style settings.
    pub layout: LayoutSettings,
    /// Where `layout.accent` was set, when the settings set it.
    pub accent_at: Option<Span>,
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
    "byline",
    "lang",
    "layout",
    "print",
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
/// Keys of the `[print]` table.
const PRINT_KEYS: &[&str] = &["standard", "icc", "condition", "accent_cmyk", "max_ink"];

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
            ("layout", Value::Table(t)) => {
                if t.contains_key("accent") {
                    into.accent_at = Some(src.key_span("accent"));
                }
                apply_layout(src, t, &mut into.layout, diags)
            }
            ("print", Value::Table(t)) => apply_print(src, t, &mut into.layout.print, diags),
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

fn apply_print(
    src: &TomlSource<'_>,
    t: &Table,
    p: &mut PrintSettings,
    diags: &mut Vec<Diagnostic>,
) {
    for (key, value) in t {
        let num = value
            .as_float()
            .or_else(|| value.as_integer().map(|i| i as f64));
        let at = src.key_span(key);
        let bad = |what: &str| {
            Diagnostic::error(format!("invalid value for `print.{key}` ({what})")).at(at.clone())
        };
        match key.as_str() {
            "standard" => match value.as_str().map(str::to_ascii_lowercase).as_deref() {
                Some("x4" | "pdf/x-4") => p.standard = PdfStandard::X4,
                Some("none") => p.standard = PdfStandard::None,
                _ => diags.push(bad("expected \"x4\" (PDF/X-4, the default) or \"none\"")),
            },
            "icc" => match value.as_str() {
                Some(name) => match read_profile(src, name) {
                    Ok(profile) => p.profile = Some(profile),
                    Err(why) => diags.push(
                        Diagnostic::error(format!("output profile `{name}` refused ({why})"))
                            .at(at.clone())
                            .hint("name the print shop's CMYK output (`prtr`) ICC profile, relative to this settings file; without `icc` the bundled FOGRA39 profile is used"),
                    ),
                },
                None => diags.push(bad("expected a file name such as \"shop.icc\"")),
            },
            "condition" => match value.as_str().map(str::trim) {
                Some(c) if !c.is_empty() && c.is_ascii() => p.condition = Some(c.to_owned()),
                _ => diags.push(bad("expected the print condition's name, such as \"FOGRA51\"")),
            },
            "accent_cmyk" => match value.as_array().map(|a| {
                a.iter()
                    .filter_map(|v| v.as_float().or(v.as_integer().map(|i| i as f64)))
                    .collect::<Vec<_>>()
            }) {
                Some(v) if v.len() == 4 && v.iter().all(|x| (0.0..=100.0).contains(x)) => {
                    p.accent_cmyk = [0, 1, 2, 3].map(|i| (v[i] / 100.0) as f32);
                    p.accent_cmyk_given = true;
                }
                _ => diags.push(bad("expected [C, M, Y, K] in percent, each from 0 to 100")),
            },
            "max_ink" => match num {
                Some(n) if (100.0..=400.0).contains(&n) => p.max_ink = n as f32,
                _ => diags.push(bad("expected a total ink limit in percent from 100 to 400")),
            },
            k => diags.push(unknown_key(src, k, PRINT_KEYS)),
        }
    }
}

/// Read and check a shop's output profile named in a settings file.
fn read_profile(src: &TomlSource<'_>, name: &str) -> Result<OutputProfile, String> {
    let base = src.file.parent().unwrap_or(Path::new("."));
    let path = base.join(name);
    let bytes = std::fs::read(&path).map_err(|e| format!("failed to read {} ({e})", path.display()))?;
    let info = crate::icc::check_output_profile(&bytes)?;
    Ok(OutputProfile {
        path,
        bytes: std::sync::Arc::new(bytes),
        description: info.description,
    })
}

/// Settle the print settings once every settings file is read: the accent's
/// inks (converted from its RGB through the output profile unless
/// `accent_cmyk` gives them, with a note of the result when the RGB was set
/// by hand or the profile is the shop's) and a condition that the bundled
/// profile cannot honestly carry.
pub fn resolve_print(s: &mut Settings, diags: &mut Vec<Diagnostic>) {
    let p = &mut s.layout.print;
    if p.standard == PdfStandard::None {
        return;
    }
    if p.profile.is_none()
        && let Some(c) = &p.condition
        && c != crate::icc::BUNDLED_CONDITION
    {
        diags.push(
            Diagnostic::error(format!(
                "`print.condition = \"{c}\"` names a condition the bundled profile does not characterise"
            ))
            .hint("give the print shop's profile for that condition with `icc = \"shop.icc\"` under [print], or leave `condition` out (FOGRA39)"),
        );
        return;
    }
    if p.accent_cmyk_given {
        return;
    }
    let bytes: &[u8] = p.profile.as_ref().map_or(crate::icc::BUNDLED, |x| &x.bytes);
    match crate::icc::srgb_to_cmyk(bytes, s.layout.accent) {
        Ok(cmyk) => {
            p.accent_cmyk = cmyk;
            if s.accent_at.is_some() || p.profile.is_some() {
                let pct = cmyk.map(|v| (v * 100.0).round() as u32);
                let [r, g, b] = s.layout.accent;
                let mut d = Diagnostic::warning(format!(
                    "the accent #{r:02x}{g:02x}{b:02x} prints as C{} M{} Y{} K{} (converted through the output profile)",
                    pct[0], pct[1], pct[2], pct[3]
                ))
                .hint(format!(
                    "to choose the inks yourself, set `accent_cmyk = [{}, {}, {}, {}]` under [print]",
                    pct[0], pct[1], pct[2], pct[3]
                ));
                if let Some(at) = &s.accent_at {
                    d = d.at(at.clone());
                }
                diags.push(d);
            }
        }
        Err(why) => {
            let mut d = Diagnostic::error(format!(
                "failed to convert the accent colour through the output profile ({why})"
            ))
            .hint("set the accent's inks with `accent_cmyk = [C, M, Y, K]` (percent) under [print]");
            if let Some(at) = &s.accent_at {
                d = d.at(at.clone());
            }
            diags.push(d);
        }
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

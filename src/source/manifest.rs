//! Settings: `source/publication.toml` (shared by every issue) and the TOML
//! front matter between `+++` lines at the top of an issue's `article.md`.
//! The issue's values override the publication's.

use crate::diag::{Diagnostic, Span};
use crate::model::{
    ArticleStart, Credit, LayoutSettings, NotePlacement, OutputProfile, PdfStandard, PrintSettings,
    QaStyle, VersePlacement,
};
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use toml::de::DeValue;
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
    /// Where `layout.accent` was set, when the settings set it.
    pub accent_at: Option<Span>,
    /// The issue's own title (`issue.toml`), for its cover, contents and metadata.
    pub title: Option<String>,
    /// The issue's article files in order (`issue.toml`), and where they are listed.
    pub articles: Option<(Vec<String>, Span)>,
    /// Volumes declared by `publication.toml` (`[[volume]]`).
    pub volumes: Vec<VolumeSpec>,
}

/// A volume (合订本) as `[[volume]]` in `publication.toml` declares it.
#[derive(Debug, Clone, PartialEq)]
pub struct VolumeSpec {
    /// Output name: `output/<slug>/<slug>.pdf`.
    pub slug: String,
    /// Title printed on its title page and cover.
    pub title: String,
    /// Issue folder names or glob patterns (`2024-*`), in binding order.
    pub issues: Vec<String>,
    /// Where the entry is written.
    pub at: Span,
    /// Where its `issues` list is written.
    pub issues_at: Span,
}

/// Top-level keys a settings file may hold.
const TOP_KEYS: &[&str] = &[
    "name",
    "title",
    "articles",
    "volume",
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
    "notes",
    "qa",
    "verse",
    "article_start",
    "contents",
    "fit_pages",
];
/// Keys of the `[print]` table.
const PRINT_KEYS: &[&str] = &[
    "standard",
    "icc",
    "condition",
    "accent_cmyk",
    "max_ink",
    "max_ppi",
];

/// Keys of a `[[volume]]` entry.
const VOLUME_KEYS: &[&str] = &["slug", "title", "issues"];

/// Keys of a `[[byline]]` entry.
const BYLINE_KEYS: &[&str] = &["role", "names"];

/// A TOML document with where it sits in its file (front matter starts after `+++`).
pub struct TomlSource<'a> {
    /// The file, for messages.
    pub file: &'a Path,
    /// The TOML text.
    pub text: &'a str,
    /// Byte offset of `text` in the file.
    pub offset: usize,
    /// Line number in the file of the text's first line (1 for a whole file).
    pub first_line: usize,
}

/// Where each key of a document is written: its dotted path (`layout.page`,
/// `byline.0.names`; an array entry as `byline.0`) → byte range in the text.
#[derive(Debug, Default)]
struct KeySpans(HashMap<String, Range<usize>>);

impl KeySpans {
    fn of(text: &str) -> KeySpans {
        let mut map = HashMap::new();
        if let Ok(doc) = toml::de::DeTable::parse(text) {
            walk(doc.get_ref(), "", &mut map);
        }
        KeySpans(map)
    }
}

fn walk(t: &toml::de::DeTable<'_>, prefix: &str, map: &mut HashMap<String, Range<usize>>) {
    for (k, v) in t.iter() {
        let path = format!("{prefix}{}", k.get_ref());
        map.insert(path.clone(), k.span());
        match v.get_ref() {
            DeValue::Table(t) => walk(t, &format!("{path}."), map),
            DeValue::Array(a) => {
                for (i, e) in a.iter().enumerate() {
                    if let DeValue::Table(t) = e.get_ref() {
                        map.entry(format!("{path}.{i}")).or_insert_with(|| e.span());
                        walk(t, &format!("{path}.{i}."), map);
                    }
                }
            }
            _ => {}
        }
    }
}

/// A document being applied: its source and where its keys are.
struct Doc<'a> {
    src: &'a TomlSource<'a>,
    keys: KeySpans,
}

impl Doc<'_> {
    fn span(&self, r: Range<usize>) -> Span {
        Span::new(
            self.src.file,
            r.start + self.src.offset..r.end + self.src.offset,
        )
    }
    /// Span of the key at dotted `path`; the start of the document if unknown.
    fn key_span(&self, path: &str) -> Span {
        self.span(self.keys.0.get(path).cloned().unwrap_or(0..0))
    }
    /// Line in the file of byte `pos` of the text.
    fn line_of(&self, pos: usize) -> usize {
        self.src.first_line
            + self.src.text[..pos.min(self.src.text.len())]
                .matches('\n')
                .count()
    }
    /// Whether the key at `pos` is written as a table header (`[layout]`, `[[byline]]`).
    fn is_header(&self, pos: usize) -> bool {
        let line_start = self.src.text[..pos].rfind('\n').map_or(0, |p| p + 1);
        self.src.text[line_start..pos].trim_start().starts_with('[')
    }
    /// File line of the first table header (`[layout]`, `[[byline]]`), if any.
    fn first_header_line(&self) -> Option<usize> {
        self.keys
            .0
            .iter()
            .filter(|(path, r)| !path.contains('.') && self.is_header(r.start))
            .map(|(_, r)| r.start)
            .min()
            .map(|pos| self.line_of(pos))
    }
    /// A key inside `table` (`[layout]`, `[[byline]]`) that is not one of
    /// `valid`: a misplaced top-level setting gets "move it above line N",
    /// anything else the nearest valid key.
    fn unknown_in_table(&self, table: &str, path: &str, key: &str, valid: &[&str]) -> Diagnostic {
        let at = self.key_span(path);
        if TOP_KEYS.contains(&key) {
            let line = self.first_header_line().unwrap_or(self.src.first_line);
            return Diagnostic::warning(format!(
                "`{key}` is inside `{table}` here: move it above line {line} (ignored)"
            ))
            .at(at)
            .label(format!("read as part of `{table}`"))
            .hint(format!(
                "in TOML every `key = value` line below a `{table}` line belongs to that table; write single settings above the first table"
            ));
        }
        let d = Diagnostic::warning(format!("unknown setting `{key}` in `{table}` (ignored)"))
            .at(at)
            .label("not a setting here");
        match nearest(key, valid) {
            Some(n) => d.hint(format!("did you mean `{n}`?")),
            None => d.hint(format!("valid keys in `{table}`: {}", valid.join(", "))),
        }
    }
}

/// Parse one settings document into `into`, warning on unknown keys (in
/// every table and array entry too) and failing on syntax errors and bad values.
pub fn apply(src: &TomlSource<'_>, into: &mut Settings, diags: &mut Vec<Diagnostic>) {
    let table: Table = match src.text.parse() {
        Ok(t) => t,
        Err(e) => {
            let range = e.span().unwrap_or(0..0);
            diags.push(
                Diagnostic::error(format!("invalid settings ({})", e.message().trim_end()))
                    .at(Span::new(src.file, range.start + src.offset..range.end + src.offset))
                    .hint("settings are TOML: `key = \"value\"`, one per line; see README.md, \"Source format\""),
            );
            return;
        }
    };
    let doc = Doc {
        src,
        keys: KeySpans::of(src.text),
    };
    for (key, value) in &table {
        let mut bad = |what: &str| {
            diags.push(
                Diagnostic::error(format!("invalid value for `{key}` ({what})"))
                    .at(doc.key_span(key)),
            )
        };
        match (key.as_str(), value) {
            ("name" | "publication", Value::String(s)) => into.publication = Some(s.clone()),
            ("publisher", Value::String(s)) => into.publisher = Some(s.clone()),
            ("description", Value::String(s)) => into.description = Some(s.clone()),
            ("kicker", Value::String(s)) => into.kicker = Some(s.clone()),
            ("column", Value::String(s)) => into.column = Some(s.clone()),
            ("lang", Value::String(s)) => into.lang = Some(s.clone()),
            ("title", Value::String(s)) if !s.trim().is_empty() => {
                into.title = Some(s.trim().to_owned())
            }
            ("articles", Value::Array(a)) => {
                let names: Option<Vec<String>> =
                    a.iter().map(|v| v.as_str().map(str::to_owned)).collect();
                match names {
                    Some(n) if !n.is_empty() => into.articles = Some((n, doc.key_span(key))),
                    _ => bad(
                        "expected a list of Markdown file names such as [\"01-头条.md\", \"02-综述.md\"]",
                    ),
                }
            }
            ("issue", Value::Integer(n)) if *n >= 0 && *n <= u32::MAX as i64 => {
                into.issue = Some(*n as u32)
            }
            ("issue", _) => bad("expected a whole number such as 12"),
            ("date", v) => match date_string(v) {
                Some(d) => into.date = Some(d),
                None => bad("expected a date such as 2023-07-01"),
            },
            ("cover", Value::String(s)) => {
                let sp = doc.key_span(key);
                into.cover = Some((s.clone(), sp.range));
            }
            ("volume", Value::Array(items)) => {
                if let Some(v) = parse_volumes(&doc, items, diags) {
                    into.volumes = v;
                }
            }
            ("byline", Value::Array(items)) => {
                if let Some(b) = parse_byline(&doc, items, diags) {
                    into.byline = b;
                }
            }
            ("layout", Value::Table(t)) => {
                if t.contains_key("accent") {
                    into.accent_at = Some(doc.key_span("layout.accent"));
                }
                apply_layout(&doc, t, &mut into.layout, diags)
            }
            ("print", Value::Table(t)) => apply_print(&doc, t, &mut into.layout.print, diags),
            (k, _) if TOP_KEYS.contains(&k) => bad("wrong type"),
            (k, _) => diags.push(unknown_key(&doc, k, TOP_KEYS)),
        }
    }
}

fn unknown_key(doc: &Doc<'_>, key: &str, valid: &[&str]) -> Diagnostic {
    let d = Diagnostic::warning(format!("unknown setting `{key}` (ignored)"))
        .at(doc.key_span(key))
        .label("not a setting");
    match nearest(key, valid) {
        Some(n) => d.hint(format!("did you mean `{n}`?")),
        None => d.hint(format!("valid settings here: {}", valid.join(", "))),
    }
}

/// The valid key closest to `key` by edit distance, if it is close enough to be a typo.
pub(super) fn nearest<'a>(key: &str, valid: &[&'a str]) -> Option<&'a str> {
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

/// The `[[volume]]` entries. `None` when one is unusable (the error says why).
fn parse_volumes(
    doc: &Doc<'_>,
    items: &[Value],
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<VolumeSpec>> {
    let mut out: Vec<VolumeSpec> = vec![];
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        let entry = format!("volume.{i}");
        let at = doc.key_span(&entry);
        let Some(t) = item.as_table() else {
            diags.push(
                Diagnostic::error(
                    "invalid value for `volume` (each [[volume]] needs slug, title and issues)",
                )
                .at(doc.key_span("volume")),
            );
            return None;
        };
        for k in t.keys().filter(|k| !VOLUME_KEYS.contains(&k.as_str())) {
            diags.push(doc.unknown_in_table("[[volume]]", &format!("{entry}.{k}"), k, VOLUME_KEYS));
        }
        let mut bad = |what: &str, key: &str| {
            ok = false;
            let span = if t.contains_key(key) {
                doc.key_span(&format!("{entry}.{key}"))
            } else {
                at.clone()
            };
            diags.push(Diagnostic::error(format!("invalid volume ({what})")).at(span));
        };
        let slug = t
            .get("slug")
            .and_then(Value::as_str)
            .map(str::trim)
            .unwrap_or("");
        let slug_ok = !slug.is_empty()
            && !slug.starts_with('.')
            && !slug.contains(['/', '\\', ':', '*', '?']);
        if !slug_ok {
            bad(
                "`slug` must be a folder name such as \"2024-annual\"",
                "slug",
            );
        } else if out.iter().any(|v| v.slug == slug) {
            bad("two volumes have this `slug`", "slug");
        }
        let title = t
            .get("title")
            .and_then(Value::as_str)
            .map(str::trim)
            .unwrap_or("");
        if title.is_empty() {
            bad(
                "`title` is missing, e.g. title = \"十堰日报·2024年合订本\"",
                "title",
            );
        }
        let issues: Vec<String> = t
            .get("issues")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let patterns_ok =
            !issues.is_empty() && issues.iter().all(|p| glob::Pattern::new(p).is_ok());
        if !patterns_ok {
            bad(
                "`issues` must list issue folder names or patterns, e.g. issues = [\"2024-*\"]",
                "issues",
            );
        }
        out.push(VolumeSpec {
            slug: slug.to_owned(),
            title: title.to_owned(),
            issues,
            issues_at: doc.key_span(&format!("{entry}.issues")),
            at,
        });
    }
    ok.then_some(out)
}

/// The `[[byline]]` entries; errors and warnings at the entry's own lines.
/// `None` when an entry is unusable (the error says why).
fn parse_byline(
    doc: &Doc<'_>,
    items: &[Value],
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<Credit>> {
    let mut out = vec![];
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        let entry = format!("byline.{i}");
        let Some(t) = item.as_table() else {
            diags.push(
                Diagnostic::error(
                    "invalid value for `byline` (each [[byline]] needs role and names)",
                )
                .at(doc.key_span("byline")),
            );
            return None;
        };
        let mut names_typo = None;
        for k in t.keys().filter(|k| !BYLINE_KEYS.contains(&k.as_str())) {
            let path = format!("{entry}.{k}");
            if nearest(k, BYLINE_KEYS) == Some("names") && !t.contains_key("names") {
                names_typo = Some(path);
                continue;
            }
            diags.push(doc.unknown_in_table("[[byline]]", &path, k, BYLINE_KEYS));
        }
        let role = t.get("role").and_then(Value::as_str);
        if role.is_none() {
            let at = match t.get("role") {
                Some(_) => doc.key_span(&format!("{entry}.role")),
                None => doc.key_span(&entry),
            };
            diags.push(
                Diagnostic::error("a [[byline]] entry has no `role` (a string such as \"记者\")")
                    .at(at)
                    .hint("write `role = \"记者\"` (or 通讯员, 摄影 …) in each [[byline]] entry"),
            );
            ok = false;
        }
        let names = match t.get("names") {
            Some(Value::Array(a)) if a.iter().all(Value::is_str) => Some(
                a.iter()
                    .filter_map(|n| n.as_str().map(str::to_owned))
                    .collect::<Vec<_>>(),
            ),
            Some(Value::String(s)) => Some(vec![s.clone()]),
            Some(_) => {
                diags.push(
                    Diagnostic::error(
                        "invalid value for `names` (expected strings, e.g. [\"张三\", \"李四\"])",
                    )
                    .at(doc.key_span(&format!("{entry}.names"))),
                );
                None
            }
            None => {
                let d = match &names_typo {
                    Some(path) => Diagnostic::error(format!(
                        "a [[byline]] entry has no `names`: `{}` is not a key here",
                        path.rsplit('.').next().unwrap_or_default()
                    ))
                    .at(doc.key_span(path))
                    .label("did you mean `names`?")
                    .hint("rename it `names`: `names = [\"张三\", \"李四\"]`"),
                    None => Diagnostic::error("a [[byline]] entry has no `names`")
                        .at(doc.key_span(&entry))
                        .hint("write `names = [\"张三\", \"李四\"]` in each [[byline]] entry"),
                };
                diags.push(d);
                None
            }
        };
        match (role, names) {
            (Some(role), Some(names)) => out.push(Credit {
                role: role.to_owned(),
                names,
            }),
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

fn apply_layout(doc: &Doc<'_>, t: &Table, l: &mut LayoutSettings, diags: &mut Vec<Diagnostic>) {
    for (key, value) in t {
        let num = value
            .as_float()
            .or_else(|| value.as_integer().map(|i| i as f64));
        let mut bad = |what: &str| {
            diags.push(
                Diagnostic::error(format!("invalid value for `layout.{key}` ({what})"))
                    .at(doc.key_span(&format!("layout.{key}"))),
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
                Some(n) if (1.0..=3.0).contains(&n) => l.leading = Some(n as f32),
                _ => bad("expected a line pitch from 1.0 to 3.0 times the type size"),
            },
            "accent" => match value.as_str().and_then(parse_colour) {
                Some(c) => l.accent = c,
                None => bad("expected a colour such as \"#c8102e\""),
            },
            "notes" => match value.as_str() {
                Some("page") => l.notes = NotePlacement::Page,
                Some("end") => l.notes = NotePlacement::End,
                _ => bad(
                    "expected \"page\" (notes at the foot of the page of their reference) or \"end\" (at the article's end)",
                ),
            },
            "qa" => match value.as_str() {
                Some("paragraph") => l.qa = QaStyle::Paragraph,
                Some("hanging") => l.qa = QaStyle::Hanging,
                _ => bad(
                    "expected \"paragraph\" (the speaker at the start of an indented paragraph) or \"hanging\" (the speaker in the hanging indent, 凸排)",
                ),
            },
            "verse" => match value.as_str() {
                Some("indent") => l.verse = VersePlacement::Indent,
                Some("centre" | "center") => l.verse = VersePlacement::Centre,
                _ => bad(
                    "expected \"indent\" (the poem indented 2 em) or \"centre\" (centred on its longest line)",
                ),
            },
            "article_start" => match value.as_str() {
                Some("page") => l.article_start = ArticleStart::Page,
                Some("recto") => l.article_start = ArticleStart::Recto,
                Some("continue") => l.article_start = ArticleStart::Continue,
                _ => bad("expected \"page\", \"recto\" or \"continue\""),
            },
            "fit_pages" => match value.as_integer() {
                Some(n @ 1..=99) => l.fit_pages = Some(n as usize),
                _ => bad("expected a number of pages from 1 to 99"),
            },
            "contents" => match value.as_bool() {
                Some(b) => l.contents = Some(b),
                None => bad("expected true or false"),
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
            k => {
                diags.push(doc.unknown_in_table("[layout]", &format!("layout.{k}"), k, LAYOUT_KEYS))
            }
        }
    }
    let text_w = l.trim_width_mm - l.margins_mm[2] - l.margins_mm[3];
    let text_h = l.trim_height_mm - l.margins_mm[0] - l.margins_mm[1];
    if text_w < 40.0 || text_h < 60.0 {
        diags.push(
            Diagnostic::error(format!(
                "the type area is too small ({text_w:.0} × {text_h:.0} mm after margins)"
            ))
            .at(doc.key_span("layout"))
            .hint("use a larger page or smaller margins"),
        );
    }
}

fn apply_print(doc: &Doc<'_>, t: &Table, p: &mut PrintSettings, diags: &mut Vec<Diagnostic>) {
    for (key, value) in t {
        let num = value
            .as_float()
            .or_else(|| value.as_integer().map(|i| i as f64));
        let at = doc.key_span(&format!("print.{key}"));
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
                Some(name) => match read_profile(doc.src, name) {
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
            "max_ppi" => match num {
                Some(n) if (301.0..=2400.0).contains(&n) => p.max_ppi = Some(n as f32),
                _ => diags.push(bad(
                    "expected a resolution in ppi from 301 to 2400 (photos above it are resampled to 300 ppi); leave it out to keep every photo as it is",
                )),
            },
            k => {
                let d = Diagnostic::warning(format!("unknown setting `{k}` in `[print]` (ignored)"))
                    .at(at.clone())
                    .label("not a setting here");
                diags.push(match nearest(k, PRINT_KEYS) {
                    Some(n) => d.hint(format!("did you mean `{n}`?")),
                    None => d.hint(format!("valid keys in `[print]`: {}", PRINT_KEYS.join(", "))),
                });
            }
        }
    }
}

/// Read and check a shop's output profile named in a settings file.
fn read_profile(src: &TomlSource<'_>, name: &str) -> Result<OutputProfile, String> {
    let base = src.file.parent().unwrap_or(Path::new("."));
    let path = base.join(name);
    let bytes =
        std::fs::read(&path).map_err(|e| format!("failed to read {} ({e})", path.display()))?;
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
            .hint(
                "set the accent's inks with `accent_cmyk = [C, M, Y, K]` (percent) under [print]",
            );
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

//! Validate an issue without building it (the `check` command).
//!
//! # Public API (the CLI wires `reportbook check`)
//!
//! ```text
//! pub fn check_issue(dir: &Path, fonts: &Fonts) -> Vec<Diagnostic>
//! pub fn check_issue_with(dir: &Path, fonts: &Fonts, opts: &CheckOptions) -> Vec<Diagnostic>
//! pub struct CheckOptions { column_width_mm: f32, min_ppi: f32 }
//! ```
//!
//! `check_issue` first loads the issue with [`crate::source::load_book`] and
//! passes its errors and warnings on; then it reads each article's raw text
//! ([`read_article_file`], pulldown-cmark offsets) and runs one small check per
//! concern, each returning diagnostics whose spans point into the article file:
//!
//! - [`check_photos`]: photos missing, unreadable (header probe only), or under
//!   300 ppi at the width they print at;
//! - [`check_captions`]: figures without a caption;
//! - [`check_pairs`]: unbalanced Chinese quotes and brackets, per paragraph;
//! - [`check_ascii_punct`]: ASCII `, ; : ? ! ( )` between Han characters;
//! - [`check_coverage`]: characters no bundled face has a glyph for.
//!
//! Diagnostics come back sorted by position, those without one first.

use crate::diag::{Diagnostic, Severity, Span};
use crate::fonts::{Fonts, Role};
use crate::model::LayoutSettings;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

/// Settings of the checks that depend on the printed page.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckOptions {
    /// Width a figure prints at, in mm: the text column.
    pub column_width_mm: f32,
    /// Resolution a photo needs at that width, in pixels per inch.
    pub min_ppi: f32,
}

/// Offset print needs 300 ppi at the printed size for photos to look sharp
/// (the usual prepress requirement for halftone screens of 150 lpi × 2).
pub const PRINT_MIN_PPI: f32 = 300.0;

/// Millimetres in an inch.
const MM_PER_INCH: f32 = 25.4;

impl Default for CheckOptions {
    /// The column of the default 16开 page: trim width less the inner and
    /// outer margins (185 − 20 − 18 = 147 mm), one column.
    fn default() -> Self {
        let page = LayoutSettings::default();
        let [_, _, inner, outer] = page.margins_mm;
        CheckOptions {
            column_width_mm: page.trim_width_mm - inner - outer,
            min_ppi: PRINT_MIN_PPI,
        }
    }
}

impl CheckOptions {
    /// Pixels a photo needs across to reach [`CheckOptions::min_ppi`] at the column width.
    pub fn min_width_px(&self) -> u32 {
        (self.column_width_mm / MM_PER_INCH * self.min_ppi).ceil() as u32
    }
}

/// Check an issue folder with the default page ([`CheckOptions::default`]).
pub fn check_issue(dir: &Path, fonts: &Fonts) -> Vec<Diagnostic> {
    check_issue_with(dir, fonts, &CheckOptions::default())
}

/// Check an issue folder: the loader's diagnostics, then every check below on
/// the raw article. Never panics on bad input; a folder that cannot be read at
/// all yields the loader's errors alone.
pub fn check_issue_with(dir: &Path, fonts: &Fonts, opts: &CheckOptions) -> Vec<Diagnostic> {
    let (loaded, warnings) = crate::source::load_book(dir);
    let mut diags = warnings;
    if let Err(errors) = loaded {
        diags.extend(errors);
    }
    // Spans from the loader name the canonical article path; name it the same way.
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    for file in crate::source::article_paths(&dir) {
        let Ok(article) = read_article_file(&file) else {
            continue;
        };
        // A photo reference the loader already complained about (not found,
        // outside the folder, a URL) is not reported twice.
        let reported: Vec<Range<usize>> = diags
            .iter()
            .filter_map(|d| d.span.as_ref())
            .filter(|s| s.file == article.file)
            .map(|s| s.range.clone())
            .collect();
        diags.extend(check_photos(&article, opts, &reported));
        diags.extend(check_captions(&article));
        diags.extend(check_pairs(&article));
        diags.extend(check_ascii_punct(&article));
        diags.extend(check_coverage(&article, fonts));
    }
    diags.extend(crate::preflight::preflight(&dir, fonts));
    sort_diagnostics(&mut diags);
    dedup_diagnostics(&mut diags);
    diags
}

/// Drop a diagnostic that repeats an earlier one's message at the same place
/// (the loader and a check may both notice, say, a figure without caption).
fn dedup_diagnostics(diags: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::BTreeSet::new();
    diags.retain(|d| {
        let at = d.span.as_ref().map(|s| (s.file.clone(), s.range.start));
        seen.insert((at, d.message.clone()))
    });
}

/// Order: diagnostics without a position first, then by file and offset; ties
/// keep the order the checks produced them in (a stable sort).
fn sort_diagnostics(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        let key = |d: &Diagnostic| d.span.as_ref().map(|s| (s.file.clone(), s.range.start));
        key(a).cmp(&key(b))
    });
}

// ---------------------------------------------------------------------------
// Reading the article
// ---------------------------------------------------------------------------

/// What a block of text is, for the checks that care (coverage picks the face).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// A body paragraph, the title or the subtitle.
    Para,
    /// A `##`/`###` heading (set in Hei).
    Heading,
    /// A paragraph inside a block quote: the lead or a pull quote.
    Quote,
    /// An image's text: the caption (set in Kai).
    Caption,
    /// A string from the front matter (byline names and roles).
    Meta,
}

/// A run of text with the byte range it came from in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The text as Markdown reads it (escapes and entities resolved).
    pub text: String,
    /// Its source range in the file.
    pub range: Range<usize>,
    /// Whether `text` is exactly `file[range]`, so offsets map char by char.
    pub exact: bool,
    /// Inline code: kept verbatim, exempt from punctuation rules.
    pub code: bool,
}

impl Piece {
    /// File offset of byte `i` of `text`.
    fn offset(&self, i: usize) -> usize {
        if self.exact {
            self.range.start + i
        } else {
            self.range.start
        }
    }
    /// File range of the character at byte `i` of `text`.
    fn char_range(&self, i: usize, c: char) -> Range<usize> {
        let start = self.offset(i);
        if self.exact {
            start..start + c.len_utf8()
        } else {
            self.range.clone()
        }
    }
}

/// One paragraph, heading, quote paragraph or caption, as text pieces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextBlock {
    /// What it is.
    pub kind: TextKind,
    /// Its text runs in order (breaks between lines are not pieces).
    pub pieces: Vec<Piece>,
    /// Source range of the whole block.
    pub range: Range<usize>,
}

impl TextBlock {
    /// The block's text with its pieces' offsets: `(file range, char)` per char.
    fn chars(&self) -> impl Iterator<Item = (Range<usize>, char, bool)> + '_ {
        self.pieces.iter().flat_map(|p| {
            p.text
                .char_indices()
                .map(move |(i, c)| (p.char_range(i, c), c, p.code))
        })
    }
    /// The block's plain text.
    fn text(&self) -> String {
        self.pieces.iter().map(|p| p.text.as_str()).collect()
    }
}

/// A photo the article names: a figure's image or the cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoRef {
    /// Path as written.
    pub href: String,
    /// Source range of the reference (`![…](…)`, or the cover's string).
    pub range: Range<usize>,
    /// The caption text (`None` for the cover).
    pub caption: Option<String>,
}

/// The raw article, read for checking.
#[derive(Debug, Clone)]
pub struct ArticleText {
    /// The issue folder.
    pub dir: PathBuf,
    /// `article.md`.
    pub file: PathBuf,
    /// Text blocks in order.
    pub blocks: Vec<TextBlock>,
    /// Figures' photos (in order), then the cover if the front matter names one.
    pub photos: Vec<PhotoRef>,
}

/// The article file of an issue folder.
const ARTICLE: &str = "article.md";

/// Read `dir/article.md` into text blocks and photo references with file offsets.
/// Fails (with the loader's error already reported) when the file is missing
/// or not UTF-8.
pub fn read_article(dir: &Path) -> Result<ArticleText, Diagnostic> {
    read_article_file(&dir.join(ARTICLE))
}

/// Read one article file (of a one- or many-article issue) the way [`read_article`] does.
pub fn read_article_file(file: &Path) -> Result<ArticleText, Diagnostic> {
    let file = file.to_path_buf();
    let bytes = std::fs::read(&file)
        .map_err(|e| Diagnostic::error(format!("failed to read article ({e})")).in_file(&file))?;
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let text = std::str::from_utf8(&bytes[bom..])
        .map_err(|_| Diagnostic::error("article is not UTF-8").in_file(&file))?;
    let (front, body_start) = split_front_matter(text);
    let mut article = ArticleText {
        dir: file.parent().unwrap_or(Path::new(".")).to_path_buf(),
        file,
        blocks: vec![],
        photos: vec![],
    };
    scan_markdown(&text[body_start..], bom + body_start, &mut article);
    if let Some((front, front_start)) = front {
        scan_front_matter(front, bom + front_start, &mut article);
    }
    Ok(article)
}

/// The `+++` front matter (text and offset) and where the body starts.
fn split_front_matter(text: &str) -> (Option<(&str, usize)>, usize) {
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() != "+++" {
        return (None, 0);
    }
    let mut pos = first_end;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        if text[pos..end].trim_end() == "+++" {
            return (Some((&text[first_end..pos], first_end)), end);
        }
        pos = end;
    }
    // Unclosed: the loader reports it; check the text as body.
    (None, 0)
}

/// Byline strings and the cover from the front matter, located by searching
/// for their quoted text (TOML's parser does not give offsets).
fn scan_front_matter(front: &str, base: usize, article: &mut ArticleText) {
    let Ok(table) = front.parse::<toml::Table>() else {
        return;
    };
    let locate = |s: &str| -> Range<usize> {
        match front.find(&format!("\"{s}\"")) {
            Some(i) => base + i + 1..base + i + 1 + s.len(),
            None => base..base,
        }
    };
    let mut strings = vec![];
    if let Some(credits) = table.get("byline").and_then(|b| b.as_array()) {
        for credit in credits {
            let role = credit.get("role").and_then(|r| r.as_str());
            let names = credit.get("names").and_then(|n| n.as_array());
            strings.extend(role.map(str::to_owned));
            strings.extend(
                names
                    .into_iter()
                    .flatten()
                    .filter_map(|n| n.as_str().map(str::to_owned)),
            );
        }
    }
    for s in strings {
        let range = locate(&s);
        let exact = range.len() == s.len();
        article.blocks.push(TextBlock {
            kind: TextKind::Meta,
            pieces: vec![Piece {
                text: s,
                range: range.clone(),
                exact,
                code: false,
            }],
            range,
        });
    }
    if let Some(cover) = table.get("cover").and_then(|c| c.as_str()) {
        // The whole `cover = "…"` line, so it meets the loader's span on the key.
        let value = locate(cover);
        let line_start = front[..value.start - base].rfind('\n').map_or(0, |i| i + 1);
        article.photos.push(PhotoRef {
            href: cover.to_owned(),
            range: base + line_start..value.end,
            caption: None,
        });
    }
}

/// Walk the Markdown body with pulldown-cmark's offsets, collecting text blocks
/// and images. The options match the loader's (strikethrough only).
fn scan_markdown(body: &str, base: usize, article: &mut ArticleText) {
    let mut current: Option<TextBlock> = None;
    let mut quote_depth = 0usize;
    // An image's caption is its own block; the paragraph around it resumes after.
    let mut caption: Option<(TextBlock, String, Range<usize>)> = None;
    let shift = |r: Range<usize>| base + r.start..base + r.end;
    for (ev, range) in Parser::new_ext(body, Options::ENABLE_STRIKETHROUGH).into_offset_iter() {
        match ev {
            Event::Start(Tag::BlockQuote(_)) => quote_depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => quote_depth = quote_depth.saturating_sub(1),
            Event::Start(Tag::Paragraph) => {
                let kind = if quote_depth > 0 {
                    TextKind::Quote
                } else {
                    TextKind::Para
                };
                current = Some(TextBlock {
                    kind,
                    pieces: vec![],
                    range: shift(range),
                });
            }
            Event::Start(Tag::Heading { level, .. }) => {
                let kind = if level == pulldown_cmark::HeadingLevel::H1 {
                    TextKind::Para
                } else {
                    TextKind::Heading
                };
                current = Some(TextBlock {
                    kind,
                    pieces: vec![],
                    range: shift(range),
                });
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_)) => {
                if let Some(block) = current.take()
                    && !block.pieces.is_empty()
                {
                    article.blocks.push(block);
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let block = TextBlock {
                    kind: TextKind::Caption,
                    pieces: vec![],
                    range: shift(range.clone()),
                };
                caption = Some((block, dest_url.to_string(), shift(range)));
            }
            Event::End(TagEnd::Image) => {
                if let Some((block, href, range)) = caption.take() {
                    let text = block.text();
                    article.photos.push(PhotoRef {
                        href,
                        range,
                        caption: Some(text),
                    });
                    if !block.pieces.is_empty() {
                        article.blocks.push(block);
                    }
                }
            }
            Event::Text(_) | Event::Code(_) => {
                let (t, code) = match ev {
                    Event::Code(t) => (t, true),
                    Event::Text(t) => (t, false),
                    _ => unreachable!("matched above"),
                };
                let r = shift(range.clone());
                let src = &body[range];
                let (r, exact) = if src == &*t {
                    (r, true)
                } else if !code && src.ends_with(&*t) {
                    // An escape (`\*`) or similar prefix: the text is the tail.
                    (r.end - t.len()..r.end, true)
                } else if code && let Some(i) = src.find(&*t) {
                    (r.start + i..r.start + i + t.len(), true)
                } else {
                    (r, false)
                };
                let piece = Piece {
                    text: t.to_string(),
                    range: r,
                    exact,
                    code,
                };
                match (&mut caption, &mut current) {
                    (Some((block, _, _)), _) => block.pieces.push(piece),
                    (None, Some(block)) => block.pieces.push(piece),
                    (None, None) => {}
                }
            }
            _ => {}
        }
    }
}

// ---------------------------------------------------------------------------
// The checks
// ---------------------------------------------------------------------------

/// Photos: each must exist inside the issue folder, be readable as an image
/// (only its header is read), and have enough pixels to print at
/// `opts.min_ppi` across the column. References at a range in `reported` were
/// already flagged by the loader and are skipped.
pub fn check_photos(
    article: &ArticleText,
    opts: &CheckOptions,
    reported: &[Range<usize>],
) -> Vec<Diagnostic> {
    let mut out = vec![];
    let mut seen = std::collections::BTreeSet::new();
    for photo in &article.photos {
        if !seen.insert(photo.href.clone()) {
            continue;
        }
        let at = Span::new(&article.file, photo.range.clone());
        let flagged = reported.iter().any(|r| overlaps(r, &photo.range));
        let rel = Path::new(&photo.href);
        let outside = photo.href.contains("://")
            || rel.is_absolute()
            || rel
                .components()
                .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
        if outside {
            if !flagged {
                out.push(
                    Diagnostic::error(format!(
                        "photo `{}` is not a path inside the issue folder",
                        photo.href
                    ))
                    .at(at)
                    .hint("copy the photo into photos/ and name it by its relative path"),
                );
            }
            continue;
        }
        let path = article.dir.join(rel);
        if !path.is_file() {
            if !flagged {
                out.push(
                    Diagnostic::error(format!("photo `{}` not found", photo.href))
                        .at(at)
                        .hint(format!("put the file at {}", path.display())),
                );
            }
            continue;
        }
        match probe_photo(&path) {
            // The loader's probe already said what is wrong with it.
            Err(_) if flagged => {}
            Err(e) => out.push(
                Diagnostic::error(format!(
                    "photo `{}` cannot be read as an image ({e})",
                    photo.href
                ))
                .at(at)
                .hint("save it again as JPEG, PNG or WebP"),
            ),
            Ok((w, h)) => {
                if photo.caption.is_some()
                    && let Some(d) = check_resolution(&photo.href, w, h, opts)
                {
                    out.push(d.at(at));
                }
            }
        }
    }
    out
}

/// Whether two byte ranges share a byte (or are both the same empty position).
fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end.max(b.start + 1) && b.start < a.end.max(a.start + 1)
}

/// Width and height of a photo as displayed (EXIF rotation applied), reading
/// only its header.
pub fn probe_photo(path: &Path) -> Result<(u32, u32), String> {
    use image::ImageDecoder;
    let reader = image::ImageReader::open(path).map_err(|e| e.to_string())?;
    let reader = reader.with_guessed_format().map_err(|e| e.to_string())?;
    if reader.format().is_none() {
        return Err("unknown image format".into());
    }
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let (w, h) = decoder.dimensions();
    let turned = decoder.orientation().is_ok_and(|o| {
        use image::metadata::Orientation::*;
        matches!(o, Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH)
    });
    Ok(if turned { (h, w) } else { (w, h) })
}

/// A photo `w` px wide printed across the column: its resolution in ppi,
/// warned about when under the minimum.
fn check_resolution(href: &str, w: u32, h: u32, opts: &CheckOptions) -> Option<Diagnostic> {
    let ppi = w as f32 / (opts.column_width_mm / MM_PER_INCH);
    (ppi < opts.min_ppi).then(|| {
        Diagnostic::warning(format!(
            "photo `{href}` is {w}×{h} px: {ppi:.0} ppi at the {:.0} mm column width (print needs {:.0})",
            opts.column_width_mm, opts.min_ppi
        ))
        .hint(format!("use a photo at least {} px wide", opts.min_width_px()))
    })
}

/// Figures must have a caption: news photos are always captioned, and the
/// caption is the photo's text alternative in the EPUB.
pub fn check_captions(article: &ArticleText) -> Vec<Diagnostic> {
    article
        .photos
        .iter()
        .filter(|p| p.caption.as_deref().is_some_and(|c| c.trim().is_empty()))
        .map(|p| {
            Diagnostic::warning(format!("figure `{}` has no caption", p.href))
                .at(Span::new(&article.file, p.range.clone()))
                .hint("write the caption between the brackets: ![图片说明](photos/…)")
        })
        .collect()
}

/// Opening and closing marks that must pair up within a paragraph (clreq
/// §3.1.1 quotation marks, §3.1.2 brackets and title marks).
const PAIRS: [(char, char); 8] = [
    ('“', '”'),
    ('‘', '’'),
    ('《', '》'),
    ('（', '）'),
    ('【', '】'),
    ('「', '」'),
    ('『', '』'),
    ('〈', '〉'),
];

/// Quotes and brackets must balance within each paragraph, heading, quote
/// paragraph and caption. A quotation that runs over several paragraphs opens
/// each with “ and closes only the last (GB/T 15834 §4.1.3.4), so an unclosed
/// “ is accepted when the next paragraph starts with “.
pub fn check_pairs(article: &ArticleText) -> Vec<Diagnostic> {
    let mut out = vec![];
    for (i, block) in article.blocks.iter().enumerate() {
        let next_opens_quote = article
            .blocks
            .get(i + 1)
            .is_some_and(|b| b.kind == block.kind && b.text().starts_with('“'));
        out.extend(unbalanced_in_block(&article.file, block, next_opens_quote));
    }
    out
}

/// The unbalanced marks of one block.
fn unbalanced_in_block(file: &Path, block: &TextBlock, continued: bool) -> Vec<Diagnostic> {
    let chars: Vec<(Range<usize>, char, bool)> = block.chars().collect();
    let mut stack: Vec<(char, Range<usize>)> = vec![];
    let mut out = vec![];
    for (k, (range, c, code)) in chars.iter().enumerate() {
        if *code {
            continue;
        }
        if PAIRS.iter().any(|(o, _)| o == c) {
            stack.push((*c, range.clone()));
            continue;
        }
        let Some(&(open, _)) = PAIRS.iter().find(|(_, cl)| cl == c) else {
            continue;
        };
        // ’ between Latin letters is an apostrophe (don’t), not a closing quote.
        if *c == '’' && is_apostrophe(&chars, k) {
            continue;
        }
        match stack.iter().rposition(|(o, _)| *o == open) {
            Some(pos) => {
                for (o, r) in stack.drain(pos + 1..) {
                    out.push(unclosed(file, o, r));
                }
                stack.pop();
            }
            None => out.push(
                Diagnostic::warning(format!(
                    "closing `{c}` has no opening `{open}` in this paragraph"
                ))
                .at(Span::new(file, range.clone()))
                .hint(format!("add the opening `{open}`, or remove this mark")),
            ),
        }
    }
    for (o, r) in stack {
        if o == '“' && continued {
            continue;
        }
        out.push(unclosed(file, o, r));
    }
    out
}

fn unclosed(file: &Path, open: char, range: Range<usize>) -> Diagnostic {
    let close = PAIRS.iter().find(|(o, _)| *o == open).map_or(open, |p| p.1);
    Diagnostic::warning(format!("`{open}` is not closed in this paragraph"))
        .at(Span::new(file, range))
        .hint(format!(
            "add the closing `{close}` where the quotation or bracket ends"
        ))
}

fn is_apostrophe(chars: &[(Range<usize>, char, bool)], k: usize) -> bool {
    let latin = |i: Option<usize>| {
        i.and_then(|i| chars.get(i))
            .is_some_and(|(_, c, _)| c.is_ascii_alphabetic())
    };
    latin(k.checked_sub(1)) && latin(Some(k + 1))
}

/// Whether `c` is a Han character: CJK ideographs with extensions A–H and
/// compatibility ideographs, plus 〇 and 々.
fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF | 0x3005 | 0x3007)
}

/// Whether `c` is full-width CJK punctuation (CJK Symbols and Punctuation,
/// full-width forms, and the general-punctuation marks Chinese uses).
fn is_cjk_punct(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
        || matches!(c, '“' | '”' | '‘' | '’' | '…' | '—' | '·')
}

/// The full-width mark for an ASCII one (clreq §3.1: Chinese text uses
/// full-width punctuation).
fn full_width(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        _ => return None,
    })
}

/// ASCII `, ; : ? ! ( )` set amid Chinese: a Han character on the side the mark
/// attaches to, and Chinese text (or the paragraph's end) on the other side.
/// Code and Latin text (`Python, Java`, `3:00`) are left alone.
pub fn check_ascii_punct(article: &ArticleText) -> Vec<Diagnostic> {
    let mut out = vec![];
    for block in &article.blocks {
        let chars: Vec<(Range<usize>, char, bool)> = block.chars().collect();
        for (k, (range, c, code)) in chars.iter().enumerate() {
            let Some(wide) = full_width(*c) else { continue };
            if *code {
                continue;
            }
            // Neighbours, skipping one space after the mark (`中文, 中文`).
            let before = k.checked_sub(1).map(|i| chars[i].1);
            let mut j = k + 1;
            if chars.get(j).is_some_and(|x| x.1 == ' ') {
                j += 1;
            }
            let after = chars.get(j).map(|x| x.1);
            let chinese = |c: Option<char>| c.is_some_and(|c| is_han(c) || is_cjk_punct(c));
            let amid = match c {
                '(' => after.is_some_and(is_han) && (before.is_none() || chinese(before)),
                ')' => before.is_some_and(is_han) && (after.is_none() || chinese(after)),
                _ => before.is_some_and(is_han) && (after.is_none() || chinese(after)),
            };
            if amid {
                out.push(
                    Diagnostic::warning(format!("ASCII `{c}` in Chinese text"))
                        .at(Span::new(&article.file, range.clone()))
                        .hint(format!("use the full-width `{wide}`")),
                );
            }
        }
    }
    out
}

/// Characters that no bundled face has a glyph for: warned, with the system
/// font the PDF falls back to (if any). One diagnostic per character, at its first use, with how often it occurs.
pub fn check_coverage(article: &ArticleText, fonts: &Fonts) -> Vec<Diagnostic> {
    // char → (first range, count); a BTreeMap keeps the output order fixed.
    let mut missing: BTreeMap<char, (Range<usize>, usize)> = BTreeMap::new();
    let covered = |c: char| Role::ALL.iter().any(|&r| fonts.face(r).covers(c));
    for block in &article.blocks {
        for (range, c, _) in block.chars() {
            if is_invisible(c) || covered(c) {
                continue;
            }
            missing
                .entry(c)
                .and_modify(|e| e.1 += 1)
                .or_insert((range, 1));
        }
    }
    let mut out: Vec<Diagnostic> = missing
        .into_iter()
        .map(|(c, (range, n))| {
            let times = if n == 1 { String::new() } else { format!(", {n} times") };
            // A warning, as in `build`: the build goes on, with a system font
            // where one has the character and the 〓 mark where none has.
            let (fallback, hint) = match crate::fonts::fallback_info(c) {
                Some(f) => (
                    format!("; the PDF sets it in {} from {}", f.family, f.path.display()),
                    "check that the system font suits it, or replace the character",
                ),
                None => (
                    " and no system font has it: the PDF prints 〓 in its place".to_owned(),
                    "replace it with a common character or a description, or install a font that has it",
                ),
            };
            Diagnostic {
                severity: Severity::Warning,
                span: Some(Span::new(&article.file, range)),
                message: format!(
                    "character `{c}` (U+{:04X}) is in none of the bundled fonts{times}{fallback}",
                    c as u32
                ),
                hints: vec![hint.into()],
            }
        })
        .collect();
    out.sort_by_key(|d| d.span.as_ref().map(|s| s.range.start));
    out
}

/// Characters that draw nothing: spaces, controls, joiners, variation selectors.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c as u32, 0x200B..=0x200F | 0x2060..=0x2064 | 0xFE00..=0xFE0F | 0xFEFF | 0xE0100..=0xE01EF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_column_is_147_mm_and_needs_1737_px() {
        let o = CheckOptions::default();
        assert!((o.column_width_mm - 147.0).abs() < 1e-3);
        // 147 / 25.4 × 300 = 1736.2 → 1737 px.
        assert_eq!(o.min_width_px(), 1737);
        assert!(check_resolution("a.jpg", 1737, 1000, &o).is_none());
        assert!(check_resolution("a.jpg", 1736, 1000, &o).is_some());
    }

    #[test]
    fn front_matter_split_finds_body() {
        let t = "+++\nissue = 1\n+++\n# T\n";
        let (front, body) = split_front_matter(t);
        assert_eq!(front, Some(("issue = 1\n", 4)));
        assert_eq!(&t[body..], "# T\n");
        assert_eq!(split_front_matter("# T\n"), (None, 0));
    }
}

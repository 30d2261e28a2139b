//! Raw newspaper text → an issue's Markdown source (the `import` command).
//!
//! A newspaper system exports a report as plain text: one line per printed
//! paragraph (often with blank lines between), the title block first, photo
//! captions standing alone where the photos were, a banner's slogan as a run of
//! very short lines, section headings as short lines, and paragraphs that a
//! printed column cut in two. This module recovers the structure and writes the
//! Markdown that [`crate::source`] reads (see `source/*/article.md`).
//!
//! # Public API (the CLI wires `reportbook import`)
//!
//! ```text
//! pub fn import_report(bytes: &[u8], opts: &ImportOptions) -> Result<Imported, Diagnostic>
//! pub struct ImportOptions { encoding: Option<String>, issue: Option<u32>,
//!                            date: Option<String>, source_name: Option<PathBuf> }
//! pub struct Imported { markdown: String, decisions: Vec<String>,
//!                       encoding: &'static str, photos: Vec<String> }
//! pub fn write_issue(dir: &Path, imported: &Imported) -> Result<PathBuf, Diagnostic>
//! ```
//!
//! The pipeline reads as its stages: [`decode`] → [`split_units`] →
//! [`recognise`] (title block, then body: [`join_cut_paragraphs`] →
//! [`classify_body`]) → [`render`]. Every guess is written to
//! [`Imported::decisions`] with the input's line numbers, so an editor can check
//! the few places where the text alone does not decide.

use crate::diag::{Diagnostic, Span};
use crate::model::Credit;
use encoding_rs::Encoding;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// How to read the report.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Force the text encoding (a WHATWG label: `utf-8`, `gbk`, `gb18030`, …).
    /// `None` detects it: a byte-order mark, else valid UTF-8, else chardetng's guess.
    pub encoding: Option<String>,
    /// Issue number to write into the front matter (a commented placeholder otherwise).
    pub issue: Option<u32>,
    /// Publication date `YYYY-MM-DD` for the front matter (a commented placeholder otherwise).
    pub date: Option<String>,
    /// The input's file name, for messages and the front-matter comment.
    pub source_name: Option<PathBuf>,
}

/// The result of an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The issue's `article.md`.
    pub markdown: String,
    /// What the importer decided and where it was unsure, citing input line numbers.
    pub decisions: Vec<String>,
    /// Name of the encoding the input was read as (`UTF-8`, `GBK`, …).
    pub encoding: &'static str,
    /// Photo paths the Markdown refers to (relative to the issue folder); the
    /// files must be added by hand, since raw text carries no photos.
    pub photos: Vec<String>,
}

/// Turn a raw text report into an issue's Markdown.
///
/// Fails only when the bytes cannot be read as text (unknown encoding label,
/// malformed bytes in the chosen encoding) or hold no text at all; everything
/// else is a guess recorded in [`Imported::decisions`].
pub fn import_report(bytes: &[u8], opts: &ImportOptions) -> Result<Imported, Diagnostic> {
    let (text, encoding) = decode(bytes, opts)?;
    let units = split_units(&text);
    if units.is_empty() {
        return Err(located(
            Diagnostic::error("report is empty (no line holds any text)"),
            opts,
        ));
    }
    let mut notes = Decisions::default();
    let article = recognise(units, &mut notes);
    let mut decisions = vec![format!("read the report as {}", encoding.name())];
    decisions.extend(notes.into_sorted());
    let photos: Vec<String> = article.figure_hrefs();
    if !photos.is_empty() {
        decisions.push(format!(
            "raw text carries no photos: add {} photo file(s) to the issue folder as {} \
             (or change the paths in article.md)",
            photos.len(),
            photos.join(", ")
        ));
    }
    let markdown = render(&article, opts);
    Ok(Imported {
        markdown,
        decisions,
        encoding: encoding.name(),
        photos,
    })
}

/// Write an import into the issue folder `dir` (the CLI's `--into`): creates
/// `dir` and `dir/photos/` and writes `dir/article.md`. Refuses a folder that
/// already holds an `article.md`, so nothing an editor wrote is overwritten.
pub fn write_issue(dir: &Path, imported: &Imported) -> Result<PathBuf, Diagnostic> {
    let article = dir.join("article.md");
    if article.exists() {
        return Err(
            Diagnostic::error("the issue folder already has an article.md")
                .in_file(&article)
                .hint("import into a new folder, or move the existing article away first"),
        );
    }
    let failed = |what: &str, path: &Path, e: std::io::Error| {
        Diagnostic::error(format!("failed to create {what} ({e})")).in_file(path)
    };
    let photos = dir.join("photos");
    std::fs::create_dir_all(&photos).map_err(|e| failed("the photos folder", &photos, e))?;
    // `create_new` so a file that appeared since the check above is not overwritten.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&article)
        .map_err(|e| failed("article.md", &article, e))?;
    std::io::Write::write_all(&mut file, imported.markdown.as_bytes())
        .map_err(|e| failed("article.md", &article, e))?;
    Ok(article)
}

// ---------------------------------------------------------------------------
// Tuning constants. Lengths count characters (a Han character is one).
// ---------------------------------------------------------------------------

/// An unpunctuated line longer than this is body text, never a caption or heading.
/// Captions in the seed run 19–36 characters; a column fragment runs 45 or more.
const CAPTION_MAX_CHARS: usize = 60;
/// Headings and sub-headings are terse: 8–12 characters in the seed, rarely over 16.
/// Captions are descriptive sentences and usually longer.
const HEADING_MAX_CHARS: usize = 16;
/// Slogan lines (创一流 / 争第一 / 干唯一) are a few characters each.
const SLOGAN_MAX_CHARS: usize = 6;
/// A slogan needs at least this many very short lines in a row.
const SLOGAN_MIN_LINES: usize = 2;
/// A banner carries at most a tagline and an organiser under its slogan.
const ATTRIBUTION_MAX_LINES: usize = 2;
/// Tagline and organiser are short (13 and 5 characters in the seed).
const ATTRIBUTION_MAX_CHARS: usize = 20;
/// The lead (导语) is a short sentence, not a full paragraph.
const LEAD_MAX_CHARS: usize = 60;
/// A line with this many commas is running prose, not a caption, even without a full stop.
const FRAGMENT_MIN_COMMAS: usize = 2;
/// Two or more blank lines mark the boundary between page elements in exports
/// (before each caption in the seed); a banner's attribution never crosses one.
const ELEMENT_GAP_LINES: usize = 2;

// ---------------------------------------------------------------------------
// ① decode
// ---------------------------------------------------------------------------

/// Read the bytes as text: a forced encoding, else a byte-order mark, else
/// valid UTF-8, else chardetng's guess (GBK for Chinese legacy text). Line
/// endings stay as they are; [`split_units`] handles CRLF, CR and LF alike.
pub fn decode(
    bytes: &[u8],
    opts: &ImportOptions,
) -> Result<(String, &'static Encoding), Diagnostic> {
    let encoding = match &opts.encoding {
        Some(label) => Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
            located(
                Diagnostic::error(format!("unknown text encoding `{label}`")),
                opts,
            )
            .hint("use a label such as utf-8, gbk, gb18030 or big5")
        })?,
        None => detect_encoding(bytes),
    };
    // `decode` strips a byte-order mark and lets it override the label, which is
    // what a user forcing GBK on a file saved as UTF-8 with BOM wants.
    let (text, used, had_errors) = encoding.decode(bytes);
    if had_errors {
        let at = first_malformed(bytes, used);
        return Err(located(
            Diagnostic::error(format!(
                "report is not valid {} text (malformed bytes near byte {at})",
                used.name()
            )),
            opts,
        )
        .hint("force the encoding with --encoding (utf-8, gbk, gb18030, big5)"));
    }
    Ok((text.into_owned(), used))
}

/// Guess the encoding of unlabelled bytes.
fn detect_encoding(bytes: &[u8]) -> &'static Encoding {
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return enc;
    }
    if std::str::from_utf8(bytes).is_ok() {
        return encoding_rs::UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Allow)
}

/// Byte offset of the first byte `enc` cannot decode (for the message).
fn first_malformed(bytes: &[u8], enc: &'static Encoding) -> usize {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() * 3 + 16);
    let mut read = 0;
    loop {
        let (result, n) =
            decoder.decode_to_string_without_replacement(&bytes[read..], &mut out, true);
        match result {
            encoding_rs::DecoderResult::Malformed(bad, after) => {
                return (read + n).saturating_sub(bad as usize + after as usize);
            }
            encoding_rs::DecoderResult::InputEmpty => return bytes.len(),
            encoding_rs::DecoderResult::OutputFull => {
                read += n;
                out.reserve(bytes.len());
            }
        }
    }
}

/// Attach the input file, when known, to a diagnostic.
fn located(d: Diagnostic, opts: &ImportOptions) -> Diagnostic {
    match &opts.source_name {
        Some(p) => d.at(Span::file(p)),
        None => d,
    }
}

// ---------------------------------------------------------------------------
// ② split into units
// ---------------------------------------------------------------------------

/// One non-blank input line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The line's text, trimmed of spaces (ASCII, no-break and ideographic).
    pub text: String,
    /// 1-based input line number of the unit's (first) line.
    pub line: usize,
    /// The line number of the last input line merged into this unit.
    pub last_line: usize,
    /// Blank lines between this line and the previous non-blank one.
    pub gap_before: usize,
}

impl Unit {
    fn chars(&self) -> usize {
        self.text.chars().count()
    }
}

/// Split text into non-blank lines with their line numbers and the blank-line
/// gap before each. Lines holding only whitespace (the seed has one holding a
/// lone space) count as blank.
pub fn split_units(text: &str) -> Vec<Unit> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut units = Vec::new();
    let mut gap = 0;
    // `lines()` splits on LF and strips a CR before it; a lone CR (old Mac) is rare
    // but costs nothing to honour.
    let normalised;
    let text = if text.contains('\r') {
        normalised = text.replace("\r\n", "\n").replace('\r', "\n");
        normalised.as_str()
    } else {
        text
    };
    for (i, raw) in text.split('\n').enumerate() {
        let t = raw.trim_matches(is_blank_char);
        if t.is_empty() {
            gap += 1;
            continue;
        }
        units.push(Unit {
            text: t.to_string(),
            line: i + 1,
            last_line: i + 1,
            gap_before: gap,
        });
        gap = 0;
    }
    units
}

/// Whitespace an export may pad lines with: ASCII, no-break and ideographic spaces,
/// and the zero-width characters some systems leave behind.
fn is_blank_char(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}' | '\u{00a0}' | '\u{3000}')
}

// ---------------------------------------------------------------------------
// Punctuation facts
// ---------------------------------------------------------------------------

/// Marks that end a sentence or clause so that a paragraph may end after them.
fn is_final_punct(c: char) -> bool {
    matches!(
        c,
        '。' | '！' | '？' | '…' | '；' | '：' | '.' | '!' | '?' | ';' | ':'
    )
}

/// Closing quotes and brackets that may follow the final mark (`。”`, `！）`).
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '）' | '》' | '」' | '』' | '】' | '〕' | ')' | '"' | '\''
    )
}

/// Whether a line ends the way a complete paragraph ends: a final mark,
/// possibly followed by closing quotes or brackets. A line ending in a closing
/// quote alone (开展“五亮五共”) does not count: captions end that way.
fn ends_closed(text: &str) -> bool {
    text.trim_end_matches(is_closer)
        .chars()
        .next_back()
        .is_some_and(is_final_punct)
}

/// Marks that cannot start a line of Chinese text (clreq §3.1.7, 行首禁则): a
/// line starting with one continues the line before it.
fn starts_continuation(text: &str) -> bool {
    text.chars().next().is_some_and(|c| {
        matches!(
            c,
            '、' | '，'
                | '。'
                | '；'
                | '：'
                | '？'
                | '！'
                | '”'
                | '’'
                | '）'
                | '》'
                | '」'
                | '』'
                | '】'
                | '…'
        )
    })
}

/// Sentence marks inside a line (not at its end): a caption is one phrase and has none.
fn has_inner_sentence_end(text: &str) -> bool {
    let body = text.trim_end_matches(|c: char| is_final_punct(c) || is_closer(c));
    body.chars().any(|c| matches!(c, '。' | '！' | '？' | '；'))
}

// ---------------------------------------------------------------------------
// ③ recognise
// ---------------------------------------------------------------------------

/// A recognised body element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// A body paragraph.
    Para(String),
    /// A photo's caption (the photo itself is missing from raw text).
    Figure(String),
    /// A banner: slogan lines and attribution lines (without the `——`).
    PullQuote {
        /// 创一流 / 争第一 / 干唯一.
        lines: Vec<String>,
        /// Tagline and organiser.
        attribution: Vec<String>,
    },
    /// A section heading with its sub-heading.
    Heading {
        /// The heading.
        title: String,
        /// The sub-heading, when one follows.
        sub: Option<String>,
    },
}

/// The recognised article.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Article {
    /// The headline.
    pub title: String,
    /// The `——` subtitle line, as printed.
    pub subtitle: Option<String>,
    /// The byline's credits.
    pub byline: Vec<Credit>,
    /// The lead (导语).
    pub lead: Option<String>,
    /// Body pieces in reading order.
    pub body: Vec<Piece>,
}

impl Article {
    /// The photo path of each figure, numbered in reading order.
    pub fn figure_hrefs(&self) -> Vec<String> {
        let n = self
            .body
            .iter()
            .filter(|p| matches!(p, Piece::Figure(_)))
            .count();
        (1..=n).map(photo_href).collect()
    }
}

/// Path of the `n`th photo (1-based).
fn photo_href(n: usize) -> String {
    format!("photos/photo-{n}.jpg")
}

/// What the importer decided, keyed by input line so the list reads in input order.
#[derive(Debug, Default)]
pub struct Decisions(Vec<(usize, String)>);

impl Decisions {
    /// Record a decision about input line `line` (0 for the whole report).
    pub fn note(&mut self, line: usize, text: String) {
        self.0.push((line, text));
    }
    /// The decisions in input order (a stable sort: notes on one line keep their order).
    pub fn into_sorted(mut self) -> Vec<String> {
        self.0.sort_by_key(|(line, _)| *line);
        self.0.into_iter().map(|(_, t)| t).collect()
    }
}

/// Recognise the title block, then the body.
pub fn recognise(units: Vec<Unit>, decisions: &mut Decisions) -> Article {
    let mut article = Article::default();
    let mut rest = units.into_iter().peekable();
    let Some(title) = rest.next() else {
        return article;
    };
    decisions.note(
        title.line,
        format!("line {}: title 「{}」", title.line, title.text),
    );
    if title.chars() > CAPTION_MAX_CHARS || ends_closed(&title.text) {
        decisions.note(title.line, format!(
            "line {}: unsure: the title reads like a sentence; check that the report starts with its headline",
            title.line
        ));
    }
    let title_line = title.line;
    article.title = title.text;

    // Subtitle and byline follow the title, in either order.
    for _ in 0..2 {
        let Some(next) = rest.peek() else { break };
        if article.subtitle.is_none() && is_subtitle(&next.text) {
            decisions.note(
                next.line,
                format!("line {}: subtitle 「{}」", next.line, next.text),
            );
            article.subtitle = rest.next().map(|u| u.text);
        } else if article.byline.is_empty() {
            if let Some(credits) = parse_byline(&next.text) {
                decisions.note(
                    next.line,
                    format!(
                        "line {}: byline {}",
                        next.line,
                        credits
                            .iter()
                            .map(|c| format!("{} = {}", c.role, c.names.join("、")))
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                );
                article.byline = credits;
                rest.next();
            } else {
                break;
            }
        } else {
            break;
        }
    }
    if article.byline.is_empty() {
        decisions.note(
            title_line,
            "no byline found after the title (expected e.g. “记者某某 通讯员某某”); add [[byline]] to the front matter"
                .to_string(),
        );
    }

    let body: Vec<Unit> = rest.collect();
    let mut body = join_cut_paragraphs(body, decisions);
    if let Some(first) = body.first()
        && is_lead(first, body.get(1))
    {
        decisions.note(
            first.line,
            format!("line {}: lead (导语) 「{}」", first.line, first.text),
        );
        article.lead = Some(body.remove(0).text);
    } else {
        decisions.note(
            0,
            "no lead found (a short one-sentence paragraph after the byline)".to_string(),
        );
    }
    article.body = classify_body(body, decisions);
    if article.lead.is_none() && matches!(article.body.first(), Some(Piece::PullQuote { .. })) {
        // The source format reads a block quote before any paragraph as the lead.
        decisions.note(
            title_line,
            "unsure: the banner comes before any paragraph, so article.md will read it as the lead; \
             move it below the first paragraph if it is a pull quote"
                .to_string(),
        );
    }
    article
}

/// A subtitle line starts with a dash (——, or one em dash, or a hyphen pair):
/// the same rule the Markdown reader applies.
fn is_subtitle(text: &str) -> bool {
    crate::source::markdown::is_subtitle_line(text)
}

/// Roles a Chinese byline prints, longest first so 本报记者 wins over 记者.
const BYLINE_ROLES: [&str; 16] = [
    "本报特约记者",
    "本报通讯员",
    "本报记者",
    "实习记者",
    "见习记者",
    "特约记者",
    "摄影记者",
    "全媒体记者",
    "融媒记者",
    "通讯员",
    "记者",
    "摄影",
    "文/图",
    "撰稿",
    "图",
    "文",
];

/// Longest role name a byline token starts with.
fn role_prefix(token: &str) -> Option<&'static str> {
    BYLINE_ROLES
        .iter()
        .copied()
        .filter(|r| token.starts_with(r))
        .max_by_key(|r| r.len())
}

/// Names in a byline are 2–4 Han characters (a few compound surnames reach 5).
const NAME_MAX_CHARS: usize = 5;

/// Parse `记者毛以国 吴守全 通讯员乔婷` into credits. `None` when the line is not a
/// byline: it must start with a role, and every name must look like a name.
pub fn parse_byline(text: &str) -> Option<Vec<Credit>> {
    // Names are separated by spaces (ASCII or ideographic), 、 or ，; roles may be
    // glued to the first name (记者毛以国) or stand alone (记者 毛以国).
    let tokens = text
        .split(|c: char| c.is_whitespace() || matches!(c, '、' | '，' | ',' | '\u{3000}'))
        .filter(|t| !t.is_empty());
    let mut credits: Vec<Credit> = Vec::new();
    for token in tokens {
        let token = token.trim_matches(|c| matches!(c, '：' | ':'));
        if let Some(role) = role_prefix(token) {
            let name = token[role.len()..].trim_start_matches(['：', ':']);
            credits.push(Credit {
                role: role.to_string(),
                names: vec![],
            });
            if !name.is_empty() {
                credits.last_mut()?.names.push(name.to_string());
            }
        } else {
            credits.last_mut()?.names.push(token.to_string());
        }
    }
    let plausible = !credits.is_empty()
        && credits.iter().all(|c| {
            !c.names.is_empty()
                && c.names.iter().all(|n| {
                    n.chars().count() <= NAME_MAX_CHARS
                        && n.chars().all(|ch| ch.is_alphabetic() || ch == '·')
                })
        });
    plausible.then_some(credits)
}

/// The lead: a short, complete, single sentence, followed by more text.
fn is_lead(unit: &Unit, next: Option<&Unit>) -> bool {
    unit.chars() <= LEAD_MAX_CHARS
        && ends_closed(&unit.text)
        && !has_inner_sentence_end(&unit.text)
        && next.is_some()
}

/// Join paragraphs that a printed column cut in two. A line that does not end
/// the way a paragraph ends is joined with the next line when the next line
/// starts with a mark that cannot start a line, or when the line is running
/// prose (a sentence mark inside, several commas, or longer than any caption)
/// and the next line is prose too.
pub fn join_cut_paragraphs(units: Vec<Unit>, decisions: &mut Decisions) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::with_capacity(units.len());
    for unit in units {
        if let Some(prev) = out.last_mut()
            && let Some(reason) = cut_reason(prev, &unit)
        {
            decisions.note(
                prev.last_line,
                format!(
                    "lines {} and {}: joined into one paragraph (…{} | {}…: {reason})",
                    prev.last_line,
                    unit.line,
                    tail_chars(&prev.text, 6),
                    head_chars(&unit.text, 6),
                ),
            );
            prev.text.push_str(&unit.text);
            prev.last_line = unit.last_line;
            continue;
        }
        out.push(unit);
    }
    out
}

/// Whether a line ends with a photo credit, `（记者 张三 摄）` or `（张三 供图）`:
/// newspapers print these at the end of captions, and only there.
fn has_photo_credit(text: &str) -> bool {
    let inner = text.trim_end_matches(['）', ')']);
    inner.len() < text.len() && ["摄", "供图", "摄影"].iter().any(|m| inner.ends_with(m))
}

/// Why `next` continues `prev`, if it does.
fn cut_reason(prev: &Unit, next: &Unit) -> Option<&'static str> {
    if ends_closed(&prev.text) || is_subtitle(&next.text) || has_photo_credit(&prev.text) {
        return None;
    }
    if starts_continuation(&next.text) {
        return Some("the second part starts with a mark that cannot start a line");
    }
    let prev_is_prose = has_inner_sentence_end(&prev.text)
        || prev.text.matches(['，', ',']).count() >= FRAGMENT_MIN_COMMAS
        || prev.chars() > CAPTION_MAX_CHARS;
    let next_is_prose = ends_closed(&next.text) || next.chars() > CAPTION_MAX_CHARS;
    (prev_is_prose && next_is_prose)
        .then_some("the first part is running prose that stops without closing punctuation")
}

/// The last `n` characters of `s`.
fn tail_chars(s: &str, n: usize) -> String {
    let count = s.chars().count();
    s.chars().skip(count.saturating_sub(n)).collect()
}

/// The first `n` characters of `s`.
fn head_chars(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// Whether a unit is body prose rather than a standalone short line. A line
/// ending in a photo credit is a caption however long it is.
fn is_prose(unit: &Unit) -> bool {
    !has_photo_credit(&unit.text) && (ends_closed(&unit.text) || unit.chars() > CAPTION_MAX_CHARS)
}

/// Sort body units into paragraphs, figures, the pull quote and headings.
/// Prose lines are paragraphs; each run of short unpunctuated lines between
/// them is read by [`read_short_run`].
pub fn classify_body(units: Vec<Unit>, decisions: &mut Decisions) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut run: Vec<Unit> = Vec::new();
    let mut figures = 0;
    for unit in units {
        if is_prose(&unit) {
            if !run.is_empty() {
                read_short_run(
                    std::mem::take(&mut run),
                    true,
                    &mut figures,
                    &mut pieces,
                    decisions,
                );
            }
            if !ends_closed(&unit.text) {
                decisions.note(unit.line, format!(
                    "line {}: unsure: a long line without closing punctuation, kept as a paragraph",
                    unit.line
                ));
            }
            pieces.push(Piece::Para(unit.text));
        } else {
            run.push(unit);
        }
    }
    if !run.is_empty() {
        read_short_run(run, false, &mut figures, &mut pieces, decisions);
    }
    pieces
}

/// Read a run of short unpunctuated lines. A heading pair is the two lines
/// right before the prose that follows (when both are heading-short); a slogan
/// is two or more very short lines, with up to two attribution lines under
/// it; every other line is a photo caption.
fn read_short_run(
    run: Vec<Unit>,
    prose_follows: bool,
    figures: &mut usize,
    pieces: &mut Vec<Piece>,
    decisions: &mut Decisions,
) {
    let (run, heading) = split_heading(run, prose_follows, decisions);
    let mut i = 0;
    while i < run.len() {
        if let Some((quote, used)) = read_slogan(&run[i..], decisions) {
            pieces.push(quote);
            i += used;
            continue;
        }
        let unit = &run[i];
        *figures += 1;
        decisions.note(
            unit.line,
            format!(
                "line {}: caption → figure {} 「{}」",
                unit.line,
                photo_href(*figures),
                unit.text
            ),
        );
        if unit.chars() <= HEADING_MAX_CHARS {
            decisions.note(
                unit.line,
                format!(
                    "line {}: unsure: this short caption could be a heading",
                    unit.line
                ),
            );
        }
        pieces.push(Piece::Figure(unit.text.clone()));
        i += 1;
    }
    if let Some(h) = heading {
        pieces.push(h);
    }
}

/// Take the heading (pair) off the end of a run that prose follows.
fn split_heading(
    mut run: Vec<Unit>,
    prose_follows: bool,
    decisions: &mut Decisions,
) -> (Vec<Unit>, Option<Piece>) {
    let fits = |u: &Unit| u.chars() <= HEADING_MAX_CHARS;
    if !prose_follows || !run.last().is_some_and(fits) {
        return (run, None);
    }
    let n = run.len();
    // Three or more very short lines before the prose are a slogan, not a
    // heading pair with a stray line before it.
    if n >= 3 && run[n - 3..].iter().all(is_slogan_line) {
        return (run, None);
    }
    let pair = n >= 2 && fits(&run[n - 2]);
    if pair {
        let sub = run.pop().expect("n >= 2");
        let title = run.pop().expect("n >= 2");
        decisions.note(
            title.line,
            format!(
                "lines {} and {}: section heading 「{}」 with sub-heading 「{}」",
                title.line, sub.line, title.text, sub.text
            ),
        );
        return (
            run,
            Some(Piece::Heading {
                title: title.text,
                sub: Some(sub.text),
            }),
        );
    }
    // A lone short line right before prose: a heading without sub-heading, or a
    // short caption. Headings are the likelier reading when it is terse.
    let title = run.pop().expect("run is not empty");
    decisions.note(
        title.line,
        format!(
            "line {}: section heading 「{}」 without sub-heading (unsure: it could be a caption)",
            title.line, title.text
        ),
    );
    (
        run,
        Some(Piece::Heading {
            title: title.text,
            sub: None,
        }),
    )
}

fn is_slogan_line(u: &Unit) -> bool {
    u.chars() <= SLOGAN_MAX_CHARS
}

/// A slogan starting at `run[0]`: the pull quote and how many lines it used.
fn read_slogan(run: &[Unit], decisions: &mut Decisions) -> Option<(Piece, usize)> {
    let n_lines = run.iter().take_while(|u| is_slogan_line(u)).count();
    if n_lines < SLOGAN_MIN_LINES {
        return None;
    }
    let n_attr = run[n_lines..]
        .iter()
        .take(ATTRIBUTION_MAX_LINES)
        .take_while(|u| u.chars() <= ATTRIBUTION_MAX_CHARS && u.gap_before < ELEMENT_GAP_LINES)
        .count();
    let lines: Vec<String> = run[..n_lines].iter().map(|u| u.text.clone()).collect();
    let attribution: Vec<String> = run[n_lines..n_lines + n_attr]
        .iter()
        .map(|u| u.text.trim_start_matches('—').to_string())
        .collect();
    let last = &run[n_lines + n_attr - 1];
    decisions.note(
        run[0].line,
        format!(
            "lines {}–{}: banner → pull quote {}{}",
            run[0].line,
            last.last_line,
            lines.join(" / "),
            if attribution.is_empty() {
                String::new()
            } else {
                format!(", attribution {}", attribution.join(" / "))
            }
        ),
    );
    Some((Piece::PullQuote { lines, attribution }, n_lines + n_attr))
}

// ---------------------------------------------------------------------------
// ④ render
// ---------------------------------------------------------------------------

/// Write the article as the issue's `article.md`.
pub fn render(article: &Article, opts: &ImportOptions) -> String {
    let mut md = String::new();
    md.push_str("+++\n");
    match &opts.source_name {
        Some(name) => {
            let _ = writeln!(
                md,
                "# Imported by `reportbook import` from {}: check it against the printed page.",
                name.display()
            );
        }
        None => {
            md.push_str("# Imported by `reportbook import`: check it against the printed page.\n")
        }
    }
    match opts.issue {
        Some(n) => {
            let _ = writeln!(md, "issue = {n}");
        }
        None => md.push_str("# issue = 1\n"),
    }
    match &opts.date {
        Some(d) => {
            let _ = writeln!(md, "date = {}", toml_string(d));
        }
        None => md.push_str("# date = \"YYYY-MM-DD\"\n"),
    }
    if let Some(first) = article.figure_hrefs().first() {
        let _ = writeln!(md, "# cover = {}", toml_string(first));
    }
    for credit in &article.byline {
        let names: Vec<String> = credit.names.iter().map(|n| toml_string(n)).collect();
        let _ = write!(
            md,
            "\n[[byline]]\nrole = {}\nnames = [{}]\n",
            toml_string(&credit.role),
            names.join(", ")
        );
    }
    md.push_str("+++\n\n");

    let _ = writeln!(md, "# {}\n", escape_inline(&article.title));
    if let Some(sub) = &article.subtitle {
        let _ = writeln!(md, "{}\n", escape_line(sub));
    }
    if let Some(lead) = &article.lead {
        let _ = writeln!(md, "> {}\n", escape_line(lead));
    }
    let mut figure = 0;
    for piece in &article.body {
        match piece {
            Piece::Para(text) => {
                let _ = writeln!(md, "{}\n", escape_line(text));
            }
            Piece::Figure(caption) => {
                figure += 1;
                let _ = writeln!(
                    md,
                    "![{}]({})\n",
                    escape_inline(caption),
                    photo_href(figure)
                );
            }
            Piece::PullQuote { lines, attribution } => {
                render_pull_quote(&mut md, lines, attribution);
            }
            Piece::Heading { title, sub } => {
                let _ = writeln!(md, "## {}\n", escape_inline(title));
                if let Some(sub) = sub {
                    let _ = writeln!(md, "### {}\n", escape_inline(sub));
                }
            }
        }
    }
    while md.ends_with("\n\n") {
        md.pop();
    }
    md
}

/// A pull quote: slogan lines joined by hard breaks (two trailing spaces),
/// then an empty quote line, then `——` attribution lines.
fn render_pull_quote(md: &mut String, lines: &[String], attribution: &[String]) {
    let write_lines = |md: &mut String, lines: &[String], prefix: &str| {
        for (i, line) in lines.iter().enumerate() {
            let brk = if i + 1 < lines.len() { "  " } else { "" };
            // A slogan line must not read as a list item or a nested quote.
            let text = if prefix.is_empty() {
                escape_line(line)
            } else {
                escape_inline(line)
            };
            let _ = writeln!(md, "> {prefix}{text}{brk}");
        }
    };
    write_lines(md, lines, "");
    if !attribution.is_empty() {
        md.push_str(">\n");
        write_lines(md, attribution, "——");
    }
    md.push('\n');
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Escape ASCII characters that Markdown would read as markup anywhere in a line.
fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '&' | '~' | '|' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escape a whole paragraph line: inline markup, plus what Markdown reads as
/// block markup at the start of a line (headings, quotes, lists, rules).
fn escape_line(text: &str) -> String {
    let body = escape_inline(text);
    let first = body.chars().next();
    if matches!(first, Some('>' | '-' | '+' | '=')) {
        return format!("\\{body}");
    }
    // `2023. …` or `1) …` would start an ordered list.
    let digits = body.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) && matches!(body.as_bytes().get(digits), Some(b'.' | b')')) {
        return format!("{}\\{}", &body[..digits], &body[digits..]);
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(text: &str, line: usize) -> Unit {
        Unit {
            text: text.into(),
            line,
            last_line: line,
            gap_before: 1,
        }
    }

    #[test]
    fn closed_endings() {
        assert!(ends_closed("一座堡垒。"));
        assert!(ends_closed("他说：“好。”"));
        assert!(ends_closed("幸福指数……"));
        assert!(!ends_closed("开展“五亮五共”活动"));
        assert!(!ends_closed("开展“五亮五共”"));
        assert!(!ends_closed("抓实“党建+"));
    }

    #[test]
    fn byline_with_glued_and_separate_roles() {
        let c = parse_byline("记者毛以国 吴守全 通讯员乔婷").unwrap();
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].role, "记者");
        assert_eq!(c[0].names, ["毛以国", "吴守全"]);
        assert_eq!(c[1].role, "通讯员");
        assert_eq!(c[1].names, ["乔婷"]);
        let c = parse_byline("本报记者 张三、李四　摄影 王五").unwrap();
        assert_eq!(c[0].role, "本报记者");
        assert_eq!(c[0].names, ["张三", "李四"]);
        assert_eq!(c[1].role, "摄影");
        assert!(parse_byline("今年以来，全市各级党组织牢固树立大抓基层鲜明导向").is_none());
        assert!(parse_byline("记者").is_none());
    }

    #[test]
    fn joins_only_running_prose() {
        let mut d = Decisions::default();
        let units = vec![
            unit(
                "政治上的坚定源于理论上的清醒，全市各级党组织坚持以思想铸魂为统领，进一步筑牢信仰之",
                1,
            ),
            unit("基、补足精神之钙。", 3),
            unit("党的二十大代表翁新强宣讲党的二十大精神", 5),
            unit(
                "实施党的创新理论学习教育计划。把习近平新时代中国特色社会主义思想作为党校培训首课。",
                7,
            ),
        ];
        let out = join_cut_paragraphs(units, &mut d);
        assert_eq!(out.len(), 3);
        assert!(out[0].text.ends_with("信仰之基、补足精神之钙。"));
        assert_eq!(out[0].last_line, 3);
        let d = d.into_sorted();
        assert_eq!(d.len(), 1);
        assert!(d[0].starts_with("lines 1 and 3"));
    }

    #[test]
    fn continuation_mark_forces_join() {
        let mut d = Decisions::default();
        let out = join_cut_paragraphs(vec![unit("分类指导", 1), unit("、精准施策。", 2)], &mut d);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].text, "分类指导、精准施策。");
    }

    fn body(lines: &[&str]) -> Vec<Piece> {
        let units = lines
            .iter()
            .enumerate()
            .map(|(i, t)| unit(t, 2 * i + 1))
            .collect();
        classify_body(units, &mut Decisions::default())
    }

    #[test]
    fn short_heading_pair_is_not_a_slogan() {
        let p = body(&["第一段。", "守正创新", "勇毅前行", "第二段。"]);
        assert_eq!(
            p[1],
            Piece::Heading {
                title: "守正创新".into(),
                sub: Some("勇毅前行".into())
            }
        );
        assert_eq!(p.len(), 3);
    }

    #[test]
    fn slogan_right_before_prose_takes_no_heading() {
        let p = body(&["第一段。", "创一流", "争第一", "干唯一", "第二段。"]);
        let quote = Piece::PullQuote {
            lines: vec!["创一流".into(), "争第一".into(), "干唯一".into()],
            attribution: vec![],
        };
        assert_eq!(
            p,
            [
                Piece::Para("第一段。".into()),
                quote,
                Piece::Para("第二段。".into())
            ]
        );
    }

    #[test]
    fn long_caption_then_heading_pair() {
        let p = body(&[
            "第一段。",
            "茅箭区“两新”组织党组织书记现场观摩交流党建工作经验",
            "凝心铸魂筑牢根基",
            "加强党的创新理论武装",
            "第二段。",
        ]);
        assert!(matches!(&p[1], Piece::Figure(c) if c.starts_with("茅箭区")));
        assert!(matches!(&p[2], Piece::Heading { sub: Some(_), .. }));
    }

    #[test]
    fn caption_with_photo_credit_is_never_joined() {
        let credit = "全市能力作风建设推进会现场。会议总结上半年工作，部署下半年任务，与会人员认真听取报告。（记者 张三 摄）";
        let p = body(&["第一段。", credit, "第二段正文，承接上文继续叙述。"]);
        assert_eq!(p.len(), 3, "{p:?}");
        assert_eq!(p[1], Piece::Figure(credit.into()));
    }

    #[test]
    fn escapes_markdown_markup() {
        assert_eq!(escape_line("# 不是标题"), "\\# 不是标题");
        assert_eq!(escape_line("2023. 年"), "2023\\. 年");
        assert_eq!(escape_line("a*b*c"), "a\\*b\\*c");
        assert_eq!(escape_line("党建+农业"), "党建+农业");
        assert_eq!(toml_string("a\"b"), "\"a\\\"b\"");
    }
}

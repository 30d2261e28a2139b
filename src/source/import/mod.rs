//! Raw newspaper text → an issue's Markdown source (the `import` command).
//!
//! A newspaper system exports a report as plain text: one line per printed
//! paragraph (often with blank lines between), the title block first, photo
//! captions standing alone where the photos were, a banner's slogan as a run of
//! very short lines, section headings as short lines, and paragraphs that a
//! printed column cut in two. This module recovers the structure and writes the
//! Markdown that [`crate::source`] reads (see `source/*/article.md`).
//!
//! The pipeline reads as its stages, one file each:
//!
//! ```text
//! decode ─► units ─► head (title, subtitle, byline) ─► verse (the poet)
//!        ─► notes, table, verse (lifted out whole) ─► join (cut paragraphs)
//!        ─► head (editor's note, lead, dateline) ─► body (boxes, captions,
//!           banner, headings, numbered items) ─► turns (an interview) ─► render
//! ```
//!
//! Where the text allows more than one reading (a heading pair or a caption and
//! a heading, a banner's source line or a photo caption, one paragraph cut in
//! two or two lines), each reading gets a score from several features
//! ([`score`]) and the best one wins. Every decision is written to
//! [`Imported::decisions`] with the input's line numbers, in input order, and
//! says "unsure" where two readings scored close, so an editor can check the
//! few places where the text alone does not decide.

mod author;
mod body;
mod byline;
mod caption;
mod decisions;
mod decode;
mod head;
mod join;
mod notes;
mod page_head;
mod punct;
mod render;
mod score;
mod sign_off;
mod table;
mod turns;
mod units;
mod verse;

#[cfg(test)]
mod tests;

pub use byline::parse_byline;
pub use decisions::Decisions;
pub use decode::decode;
pub use join::join_cut_paragraphs;
pub use render::render;
pub use units::{Unit, split_units};

use crate::diag::{Diagnostic, Span};
use crate::model::Credit;
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
    /// What the importer decided and where it was unsure, citing input line
    /// numbers, in input order (the encoding first, the photos to add last).
    pub decisions: Vec<String>,
    /// Name of the encoding the input was read as (`UTF-8`, `GBK`, `GB18030`, …).
    pub encoding: &'static str,
    /// Photo paths the Markdown refers to (relative to the issue folder); the
    /// files must be added by hand, since raw text carries no photos.
    pub photos: Vec<String>,
}

/// A recognised body element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// A body paragraph.
    Para(String),
    /// The first paragraph opening with a dateline (电头): `本报讯（记者 张三）7月1日，…`.
    Dateline {
        /// The dateline's own words, `本报讯` or `新华社北京7月1日电`.
        dateline: String,
        /// Everything after them, as printed (the parenthesised names included).
        rest: String,
    },
    /// A photo's caption (the photo itself is missing from raw text).
    Figure {
        /// The caption without its photo credit.
        caption: String,
        /// The photo credit (`记者 张三 摄`), without its brackets.
        credit: Option<String>,
    },
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
        /// One level down (`###`): a heading numbered at the report's second
        /// level (（一） under 一、), or a poem's title.
        deeper: bool,
        /// The input line of the heading (of its first line), for the log.
        line: usize,
    },
    /// A table: rows of cells (see [`table`]).
    Table(table::RawTable),
    /// A turn of an interview: the speaker (without the colon) and the words.
    Turn {
        /// 记者, 问, 王明.
        speaker: String,
        /// What was said.
        text: String,
    },
    /// A poem: stanzas of lines.
    Verse(Vec<Vec<String>>),
    /// A notice's sign-off: the issuing body's name, then the date.
    SignOff(Vec<String>),
    /// A labelled box (链接, 背景资料, 记者手记 …) holding paragraphs.
    Box {
        /// The label as printed, without brackets or colon (链接).
        label: String,
        /// The box's paragraphs.
        paras: Vec<String>,
    },
}

/// The body, cut at the forms lifted out before paragraphs are joined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chunk {
    /// Units read as text.
    Text(Vec<Unit>),
    /// A table.
    Table(table::RawTable),
    /// A poem: stanzas of lines.
    Verse(Vec<Vec<String>>),
    /// A poem's title: the short line right above it (`晨渡`), and its input line.
    PoemTitle(String, usize),
}

/// The recognised article.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Article {
    /// The kicker (引题) above the headline.
    pub kicker: Option<String>,
    /// The headline.
    pub title: String,
    /// The `——` subtitle line, as printed.
    pub subtitle: Option<String>,
    /// The byline's credits.
    pub byline: Vec<Credit>,
    /// The editor's note (编者按), without its label.
    pub editor_note: Option<String>,
    /// The lead (导语).
    pub lead: Option<String>,
    /// Body pieces in reading order.
    pub body: Vec<Piece>,
    /// The notes whose circled numbers the text refers to, in source order.
    pub notes: Vec<notes::Note>,
    /// The page's own lines: header, column mark, page credits.
    pub page: page_head::PageLines,
}

impl Article {
    /// The photo path of each figure, numbered in reading order.
    pub fn figure_hrefs(&self) -> Vec<String> {
        let n = self
            .body
            .iter()
            .filter(|p| matches!(p, Piece::Figure { .. }))
            .count();
        (1..=n).map(photo_href).collect()
    }
}

/// Path of the `n`th photo (1-based).
pub(crate) fn photo_href(n: usize) -> String {
    format!("photos/photo-{n}.jpg")
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
        )
        .hint(
            "check that this is the report's text file; an export that failed writes an empty file",
        ));
    }
    let mut notes = Decisions::default();
    let article = recognise(units, &mut notes);
    let mut decisions = vec![format!("read the report as {encoding}")];
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
        encoding,
        photos,
    })
}

/// Recognise the title block, then the body.
pub fn recognise(units: Vec<Unit>, decisions: &mut Decisions) -> Article {
    let mut article = Article::default();
    let Some(first_line) = units.first().map(|u| u.line) else {
        return article;
    };
    let units = page_head::lift_head(units, &mut article.page, decisions);
    let units = page_head::lift_credits(units, &mut article.page, decisions);
    let rest = head::title_block(units, &mut article, decisions);
    let rest = author::name_line(rest, &mut article, decisions);
    let (rest, notes) = notes::lift(rest, decisions);
    article.notes = notes;
    let (rest, sign_off) = sign_off::lift(rest, decisions);
    let mut dateline = None;
    let mut figures = 0;
    let chunks = verse::lift(table::lift(rest, decisions), decisions);
    for (i, chunk) in chunks.into_iter().enumerate() {
        match chunk {
            Chunk::Text(units) => {
                let body = join_cut_paragraphs(units, decisions);
                let body = if i == 0 {
                    let body = head::after_byline(body, &mut article, decisions);
                    dateline = head::has_dateline(&body);
                    body
                } else {
                    body
                };
                let pieces = body::classify(body, &mut figures, decisions);
                article.body.extend(pieces);
            }
            Chunk::Table(t) => article.body.push(Piece::Table(t)),
            Chunk::Verse(stanzas) => article.body.push(Piece::Verse(stanzas)),
            Chunk::PoemTitle(title, line) => article.body.push(Piece::Heading {
                title,
                sub: None,
                deeper: true,
                line,
            }),
        }
    }
    if !sign_off.is_empty() {
        article.body.push(Piece::SignOff(sign_off));
    }
    body::number_levels(&mut article.body, decisions);
    head::dateline(&mut article, decisions, dateline);
    turns::mark(&mut article, decisions, first_line);
    if article.byline.is_empty() {
        decisions.note(
            first_line,
            "no byline found after the title (expected e.g. “记者某某 通讯员某某”); add [[byline]] to the front matter"
                .to_string(),
        );
    }
    if article.lead.is_none()
        && article.editor_note.is_none()
        && matches!(article.body.first(), Some(Piece::PullQuote { .. }))
    {
        // The source format reads a block quote before any paragraph as the lead.
        decisions.note(
            first_line,
            "unsure: the banner comes before any paragraph, so article.md will read it as the lead; \
             move it below the first paragraph if it is a pull quote"
                .to_string(),
        );
    }
    article
}

/// Refuse an issue folder that already holds an `article.md`, so nothing an
/// editor wrote is overwritten. The CLI calls this before it reads the report.
pub fn check_target(dir: &Path) -> Result<(), Diagnostic> {
    let article = dir.join("article.md");
    if article.exists() {
        return Err(
            Diagnostic::error("the issue folder already has an article.md")
                .in_file(&article)
                .hint("import into a new folder, or move the existing article away first"),
        );
    }
    Ok(())
}

/// Write an import into the issue folder `dir` (the CLI's `--into`): creates
/// `dir` and `dir/photos/` and writes `dir/article.md`. Refuses a folder that
/// already holds an `article.md` ([`check_target`]).
pub fn write_issue(dir: &Path, imported: &Imported) -> Result<PathBuf, Diagnostic> {
    check_target(dir)?;
    let article = dir.join("article.md");
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

/// Attach the input file, when known, to a diagnostic.
fn located(d: Diagnostic, opts: &ImportOptions) -> Diagnostic {
    match &opts.source_name {
        Some(p) => d.at(Span::file(p)),
        None => d,
    }
}

//! The recognised article as the issue's `article.md`, with everything
//! Markdown would read as markup escaped.

use super::notes::with_references;
use super::table::RawTable;
use super::{Article, ImportOptions, Piece, photo_href};
use std::fmt::Write as _;

/// Write the article as the issue's `article.md`.
pub fn render(article: &Article, opts: &ImportOptions) -> String {
    let mut md = String::new();
    write_article(&mut md, article, opts);
    // Circled note numbers in the text become footnote references once
    // everything is escaped (the `[^n]` must not be).
    let mut md = if article.notes.is_empty() {
        md
    } else {
        with_references(&md, &article.notes)
    };
    if !article.notes.is_empty() {
        md.push('\n');
        for note in &article.notes {
            let _ = writeln!(md, "[^{}]: {}", note.number, escape_inline(&note.text));
        }
    }
    md
}

fn write_article(md: &mut String, article: &Article, opts: &ImportOptions) {
    let md: &mut String = md;
    front_matter(md, article, opts);
    let _ = writeln!(md, "# {}\n", escape_inline(&article.title));
    if let Some(sub) = &article.subtitle {
        let _ = writeln!(md, "{}\n", escape_line(sub));
    }
    if let Some(lead) = &article.lead {
        let _ = writeln!(md, "> {}\n", escape_line(lead));
    }
    if let Some(note) = &article.editor_note {
        // elements.md §4: the editor's note as the first body paragraph. A
        // closing `**` after `：` cannot close before a digit or a Latin
        // letter (CommonMark flanking), so then the colon goes outside.
        let label = if note.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            "**编者按**："
        } else {
            "**编者按：**"
        };
        let _ = writeln!(md, "{label}{}\n", escape_inline(note));
    }
    let mut figure = 0;
    for piece in &article.body {
        match piece {
            Piece::Para(text) => {
                let _ = writeln!(md, "{}\n", escape_line(text));
            }
            Piece::Dateline { dateline, rest } => {
                let _ = writeln!(
                    md,
                    "**{}**{}\n",
                    escape_inline(dateline),
                    escape_inline(rest)
                );
            }
            Piece::Figure { caption, credit } => {
                figure += 1;
                let title = credit
                    .as_ref()
                    .map_or(String::new(), |c| format!(" \"{}\"", escape_title(c)));
                let _ = writeln!(
                    md,
                    "![{}]({}{title})\n",
                    escape_inline(caption),
                    photo_href(figure)
                );
            }
            Piece::PullQuote { lines, attribution } => {
                render_pull_quote(md, lines, attribution);
            }
            Piece::Table(t) => render_table(md, t),
            // Each stanza a paragraph of hard-broken lines; adjacent ones
            // are read as the stanzas of one poem.
            Piece::Verse(stanzas) => stanzas.iter().for_each(|s| hard_broken(md, s)),
            Piece::SignOff(lines) => hard_broken(md, lines),
            Piece::Turn { speaker, text } => {
                // As for the editor's note: `**` after `：` cannot close
                // before a digit or a Latin letter.
                let label = if text.starts_with(|c: char| c.is_ascii_alphanumeric()) {
                    format!("**{}**：", escape_inline(speaker))
                } else {
                    format!("**{}：**", escape_inline(speaker))
                };
                let _ = writeln!(md, "{label}{}\n", escape_inline(text));
            }
            Piece::Heading {
                title, sub, deeper, ..
            } => {
                let marks = if *deeper { "###" } else { "##" };
                let _ = writeln!(md, "{marks} {}\n", escape_inline(title));
                if let Some(sub) = sub {
                    let _ = writeln!(md, "{marks}# {}\n", escape_inline(sub));
                }
            }
            Piece::Box { label, paras } => {
                let _ = writeln!(md, "> **{}**", escape_inline(label));
                for p in paras {
                    let _ = writeln!(md, ">\n> {}", escape_line(p));
                }
                md.push('\n');
            }
        }
    }
    while md.ends_with("\n\n") {
        md.pop();
    }
}

/// One paragraph of lines joined by hard breaks (two trailing spaces).
fn hard_broken(md: &mut String, lines: &[String]) {
    for (i, line) in lines.iter().enumerate() {
        let brk = if i + 1 < lines.len() { "  " } else { "" };
        let _ = writeln!(md, "{}{brk}", escape_line(line));
    }
    md.push('\n');
}

/// A cell that holds no figure: empty, or a dash or slash printed for one.
fn is_no_figure(c: &str) -> bool {
    matches!(
        c,
        "" | "—" | "——" | "–" | "-" | "－" | "/" | "／" | "…" | "……"
    )
}

/// A table: its caption line, the rows as a Markdown table (columns of
/// numbers set right, others left), then its note lines.
fn render_table(md: &mut String, t: &RawTable) {
    if let Some(caption) = &t.caption {
        let _ = writeln!(md, "{}\n", escape_line(caption));
    }
    let row = |cells: &[String]| {
        let cells: Vec<String> = cells.iter().map(|c| escape_inline(c)).collect();
        format!("| {} |", cells.join(" | "))
    };
    let _ = writeln!(md, "{}", row(&t.header));
    let align: Vec<&str> = (0..t.header.len())
        .map(|i| {
            // Empty cells and dashes (no figure) do not make a column of
            // numbers text.
            let cells = || t.rows.iter().map(|r| r.get(i).map_or("", |c| c.trim()));
            let numbers = cells().any(crate::cjk::is_number)
                && cells().all(|c| crate::cjk::is_number(c) || is_no_figure(c));
            if numbers { "--:" } else { ":--" }
        })
        .collect();
    let _ = writeln!(md, "|{}|", align.join("|"));
    for r in &t.rows {
        let _ = writeln!(md, "{}", row(r));
    }
    md.push('\n');
    for note in &t.notes {
        let _ = writeln!(md, "{}\n", escape_line(note));
    }
}

/// The `+++` settings block: provenance comment, issue, date, cover, byline.
fn front_matter(md: &mut String, article: &Article, opts: &ImportOptions) {
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
    match opts.date.as_ref().or(article.page.date.as_ref()) {
        Some(d) => {
            let _ = writeln!(md, "date = {}", toml_string(d));
        }
        None => md.push_str("# date = \"YYYY-MM-DD\"\n"),
    }
    if let Some(kicker) = &article.kicker {
        let _ = writeln!(md, "kicker = {}", toml_string(kicker));
    }
    if let Some(column) = &article.page.column {
        let _ = writeln!(md, "column = {}", toml_string(column));
    }
    // The page's own lines, kept for the editor but not printed.
    if let Some(header) = &article.page.header {
        let _ = writeln!(md, "# page header: {}", one_line(header));
    }
    for credit in &article.page.credits {
        let _ = writeln!(md, "# page credits: {}", one_line(credit));
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
}
/// A line for a TOML comment (no line break can end the comment early).
fn one_line(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
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
pub(super) fn toml_string(s: &str) -> String {
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
pub(super) fn escape_line(text: &str) -> String {
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

/// Escape a link title (the photo credit) for `"…"`.
fn escape_title(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

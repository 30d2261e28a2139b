//! Markdown → model blocks, with the Chinese-specific fixes pulldown-cmark
//! does not make by itself:
//!
//! - a soft line break next to a Han character or Chinese punctuation joins the
//!   lines with no space (CSS Text 3's segment-break rule); between Latin words
//!   it stays one space;
//! - emphasis delimiters between a Han character and punctuation work
//!   (`这是**《书名》**。` is bold), see [`prepare_emphasis`].
//!
//! The structure of a report is read from plain Markdown conventions (README,
//! "Source format"): `#` title, a `——` line after it as the subtitle, a block
//! quote before the body as the lead, `##` + `###` as heading pairs, an image
//! alone in a paragraph as a figure, later block quotes as pull quotes.

use crate::diag::{Diagnostic, Span};
use crate::model::{Block, Figure, Heading, Inline, PullQuote, plain_text};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::ops::Range;
use std::path::Path;

/// An invisible stand-in that CommonMark counts as punctuation (U+FFFC is a
/// symbol, So), put between a Han character and an emphasis run so the run
/// can open or close; removed again from every text event.
const EMPHASIS_SENTINEL: char = '\u{FFFC}';

/// A figure as the Markdown names it, before the photo path is resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureRef {
    /// Path as written.
    pub href: String,
    /// Where, in the file.
    pub span: Range<usize>,
}

/// What the Markdown says, with figures still pointing at [`FigureRef`]s.
#[derive(Debug, Default)]
pub struct Article {
    /// The `#` title.
    pub title: Option<String>,
    /// The `——` subtitle.
    pub subtitle: Option<String>,
    /// The lead.
    pub lead: Option<Vec<Inline>>,
    /// Blocks; `Figure::asset` indexes [`Article::figures`].
    pub blocks: Vec<Block>,
    /// Figure sources in order of appearance.
    pub figures: Vec<FigureRef>,
}

/// Whether a line right after the title is its subtitle: it starts with a
/// dash (`——` as printed, or one `—`, `--` or `─` as typed). `import` uses the
/// same rule, so what it calls a subtitle is read back as one.
pub fn is_subtitle_line(text: &str) -> bool {
    text.starts_with('—') || text.starts_with("--") || text.starts_with('─')
}

/// Whether `c` is a Han character (or kana): text that Chinese line layout
/// treats as ideographic.
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF | 0x3040..=0x30FF | 0x3005..=0x3007)
}

/// Whether `c` is wide East Asian text or punctuation, for the soft-break rule.
fn is_wide(c: char) -> bool {
    is_han(c)
        || matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x2014 | 0x2026 | 0x201C..=0x201D | 0x2018..=0x2019 | 0x00B7)
}

/// Whether CommonMark counts `c` as punctuation (approximately: ASCII
/// punctuation, General Punctuation, CJK punctuation, full-width forms).
fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c as u32, 0x2010..=0x206F | 0x3000..=0x303F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 | 0x00A1..=0x00BF)
}

/// Insert [`EMPHASIS_SENTINEL`] where a `*` run sits between a Han character
/// and punctuation, on the Han side, so that CommonMark's flanking rules let
/// the run open or close. Returns the new text and the byte positions (in the
/// new text) of each insertion, to map offsets back.
pub fn prepare_emphasis(text: &str) -> (String, Vec<usize>) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = String::with_capacity(text.len());
    let mut inserted = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (_, c) = chars[i];
        if c != '*' {
            out.push(c);
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && chars[j].1 == '*' {
            j += 1;
        }
        let prev = i.checked_sub(1).map(|k| chars[k].1);
        let next = chars.get(j).map(|x| x.1);
        let before = matches!((prev, next), (Some(p), Some(n)) if is_han(p) && is_punct(n));
        let after = matches!((prev, next), (Some(p), Some(n)) if is_punct(p) && is_han(n));
        if before {
            inserted.push(out.len());
            out.push(EMPHASIS_SENTINEL);
        }
        out.extend(std::iter::repeat_n('*', j - i));
        if after {
            inserted.push(out.len());
            out.push(EMPHASIS_SENTINEL);
        }
        i = j;
    }
    (out, inserted)
}

/// A frame of inline content being built.
struct InlineFrame {
    kind: FrameKind,
    content: Vec<Inline>,
}

enum FrameKind {
    Root,
    Emph,
    Strong,
    Link(String),
    /// Content kept without markup (an unsafe link's text).
    Group,
    Image {
        href: String,
        title: String,
        start: usize,
    },
}

/// Builds inline content from events, resolving soft breaks.
struct InlineBuilder {
    stack: Vec<InlineFrame>,
    pending_soft: bool,
    soft_as_hard: bool,
    last_char: Option<char>,
    images: Vec<ImageRef>,
}

/// An image found in a paragraph: href, title, alt/caption inlines, start offset.
type ImageRef = (String, String, Vec<Inline>, usize);

impl InlineBuilder {
    fn new(soft_as_hard: bool) -> Self {
        InlineBuilder {
            stack: vec![InlineFrame {
                kind: FrameKind::Root,
                content: vec![],
            }],
            pending_soft: false,
            soft_as_hard,
            last_char: None,
            images: vec![],
        }
    }

    fn push(&mut self, i: Inline) {
        self.stack.last_mut().expect("root frame").content.push(i);
    }

    fn text(&mut self, t: &str) {
        let t: String = t.chars().filter(|&c| c != EMPHASIS_SENTINEL).collect();
        let Some(first) = t.chars().next() else {
            return;
        };
        if self.pending_soft {
            self.pending_soft = false;
            let join = self.last_char.is_some_and(is_wide) || is_wide(first);
            if !join {
                self.push_text(" ");
            }
        }
        self.last_char = t.chars().last();
        self.push_text(&t);
    }

    fn push_text(&mut self, t: &str) {
        let top = self.stack.last_mut().expect("root frame");
        if let Some(Inline::Text(prev)) = top.content.last_mut() {
            prev.push_str(t);
        } else {
            top.content.push(Inline::Text(t.to_owned()));
        }
    }

    fn soft_break(&mut self) {
        if self.soft_as_hard {
            self.hard_break();
        } else {
            self.pending_soft = true;
        }
    }

    fn hard_break(&mut self) {
        self.pending_soft = false;
        self.last_char = None;
        self.push(Inline::LineBreak);
    }

    fn open(&mut self, kind: FrameKind) {
        self.stack.push(InlineFrame {
            kind,
            content: vec![],
        });
    }

    fn close(&mut self) {
        if self.stack.len() < 2 {
            return;
        }
        let f = self.stack.pop().expect("checked");
        match f.kind {
            FrameKind::Root => {}
            FrameKind::Emph => self.push(Inline::Emph(f.content)),
            FrameKind::Strong => self.push(Inline::Strong(f.content)),
            FrameKind::Link(url) => self.push(Inline::Link {
                url,
                content: f.content,
            }),
            FrameKind::Group => f.content.into_iter().for_each(|i| self.push(i)),
            FrameKind::Image { href, title, start } => {
                self.images.push((href, title, f.content, start));
            }
        }
    }

    fn finish(mut self) -> (Vec<Inline>, Vec<ImageRef>) {
        while self.stack.len() > 1 {
            self.close();
        }
        let mut content = self.stack.pop().expect("root").content;
        trim_inlines(&mut content);
        (content, self.images)
    }
}

/// Drop leading and trailing white space and line breaks.
fn trim_inlines(v: &mut Vec<Inline>) {
    while matches!(v.last(), Some(Inline::LineBreak)) {
        v.pop();
    }
    while matches!(v.first(), Some(Inline::LineBreak)) {
        v.remove(0);
    }
    if let Some(Inline::Text(t)) = v.first_mut() {
        *t = t.trim_start().to_owned();
    }
    if let Some(Inline::Text(t)) = v.last_mut() {
        *t = t.trim_end().to_owned();
    }
    v.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
}

/// Where the parser is in the report's structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QuoteMode {
    None,
    Lead,
    Pull,
}

/// Parse the Markdown body of an article. `base` is the byte offset of `body`
/// in `file` (after the front matter), for spans.
pub fn parse(file: &Path, body: &str, base: usize, diags: &mut Vec<Diagnostic>) -> Article {
    let (text, inserted) = prepare_emphasis(body);
    let to_file = |off: usize| -> usize {
        let before = inserted.partition_point(|&p| p < off);
        base + off - before * EMPHASIS_SENTINEL.len_utf8()
    };
    let span = |r: Range<usize>| to_file(r.start)..to_file(r.end);
    let opts = Options::ENABLE_STRIKETHROUGH;
    let mut art = Article::default();
    let mut builder: Option<(InlineBuilder, Range<usize>)> = None;
    let mut heading_level: Option<HeadingLevel> = None;
    let mut quote = QuoteMode::None;
    let mut quote_depth = 0usize;
    let mut quote_start = 0usize;
    let mut quote_paras: Vec<Vec<Inline>> = vec![];
    let mut seen_body = false;
    let mut warned_list = false;
    let mut html_skip = false;

    for (ev, range) in Parser::new_ext(&text, opts).into_offset_iter() {
        match ev {
            Event::Start(Tag::Paragraph) | Event::Start(Tag::Heading { .. }) => {
                if let Event::Start(Tag::Heading { level, .. }) = &ev {
                    heading_level = Some(*level);
                }
                builder = Some((InlineBuilder::new(quote == QuoteMode::Pull), range));
            }
            Event::Start(Tag::BlockQuote(_)) => {
                quote_depth += 1;
                if quote_depth == 1 {
                    quote = if art.title.is_some() && !seen_body && art.lead.is_none() {
                        QuoteMode::Lead
                    } else {
                        QuoteMode::Pull
                    };
                    quote_start = range.start;
                    quote_paras.clear();
                }
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                quote_depth = quote_depth.saturating_sub(1);
                if quote_depth == 0 {
                    let paras = std::mem::take(&mut quote_paras);
                    let sp = span(quote_start..range.end);
                    match quote {
                        QuoteMode::Lead => {
                            let mut lead = vec![];
                            for (i, p) in paras.into_iter().enumerate() {
                                if i > 0 {
                                    lead.push(Inline::LineBreak);
                                }
                                lead.extend(p);
                            }
                            art.lead = Some(lead);
                        }
                        _ => {
                            art.blocks
                                .push(Block::PullQuote(pull_quote(paras, sp.clone())));
                            seen_body = true;
                        }
                    }
                    quote = QuoteMode::None;
                }
            }
            Event::Start(Tag::List(_)) if !warned_list => {
                warned_list = true;
                diags.push(
                    Diagnostic::warning("lists are set as plain paragraphs")
                        .at(Span::new(file, span(range)))
                        .hint("write list items as paragraphs, e.g. with 一是…二是…"),
                );
            }
            Event::Start(Tag::CodeBlock(_)) => {
                builder = Some((InlineBuilder::new(true), range));
            }
            Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Heading(_))
            | Event::End(TagEnd::CodeBlock) => {
                let Some((b, start)) = builder.take() else {
                    continue;
                };
                let sp = span(start.start..range.end);
                let (content, images) = b.finish();
                if let Some(level) = heading_level.take() {
                    handle_heading(
                        &mut art,
                        level,
                        plain_text(&content),
                        sp,
                        file,
                        diags,
                        &mut seen_body,
                    );
                    continue;
                }
                if quote != QuoteMode::None {
                    quote_paras.push(content);
                    continue;
                }
                handle_para(&mut art, content, images, sp, file, diags, &mut seen_body);
            }
            Event::Start(Tag::Emphasis) => open(&mut builder, FrameKind::Emph),
            Event::Start(Tag::Strong) => open(&mut builder, FrameKind::Strong),
            Event::Start(Tag::Strikethrough) => {}
            Event::Start(Tag::Link { dest_url, .. }) => {
                let url = dest_url.to_string();
                let safe = ["http://", "https://", "mailto:"]
                    .iter()
                    .any(|p| url.starts_with(p));
                if !safe {
                    diags.push(
                        Diagnostic::warning(format!(
                            "link target `{url}` is not a web or mail address (kept as text)"
                        ))
                        .at(Span::new(file, span(range))),
                    );
                }
                open(
                    &mut builder,
                    if safe {
                        FrameKind::Link(url)
                    } else {
                        FrameKind::Group
                    },
                );
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => open(
                &mut builder,
                FrameKind::Image {
                    href: dest_url.to_string(),
                    title: title.to_string(),
                    start: span(range).start,
                },
            ),
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link | TagEnd::Image) => {
                if let Some((b, _)) = builder.as_mut() {
                    b.close();
                }
            }
            Event::Text(_) if html_skip => {}
            Event::Text(t) => {
                if let Some((b, _)) = builder.as_mut() {
                    b.text(&t);
                }
            }
            Event::Code(t) => {
                if let Some((b, _)) = builder.as_mut() {
                    b.push(Inline::Code(
                        t.chars().filter(|&c| c != EMPHASIS_SENTINEL).collect(),
                    ));
                }
            }
            Event::SoftBreak => {
                if let Some((b, _)) = builder.as_mut() {
                    b.soft_break();
                }
            }
            Event::HardBreak => {
                if let Some((b, _)) = builder.as_mut() {
                    b.hard_break();
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                let lower = h.to_ascii_lowercase();
                if lower.trim_start().starts_with("<br") {
                    if let Some((b, _)) = builder.as_mut() {
                        b.hard_break();
                    }
                    continue;
                }
                if lower.contains("<script") || lower.contains("<style") {
                    html_skip = !(lower.contains("</script") || lower.contains("</style"));
                } else if html_skip && (lower.contains("</script") || lower.contains("</style")) {
                    html_skip = false;
                    continue;
                }
                diags.push(
                    Diagnostic::warning(
                        "raw HTML is not copied into the outputs (tags dropped, text kept)",
                    )
                    .at(Span::new(file, span(range.clone())))
                    .hint("write the content in Markdown instead"),
                );
                if !html_skip {
                    let stripped = strip_tags(&h);
                    if !stripped.trim().is_empty() {
                        match builder.as_mut() {
                            Some((b, _)) => b.text(&stripped),
                            None => art.blocks.push(Block::Para {
                                content: vec![Inline::Text(stripped.trim().to_owned())],
                                span: span(range),
                            }),
                        }
                    }
                }
            }
            _ => {}
        }
    }
    art
}

fn open(builder: &mut Option<(InlineBuilder, Range<usize>)>, kind: FrameKind) {
    if let Some((b, _)) = builder.as_mut() {
        b.open(kind);
    }
}

/// Remove `<…>` tags and decode the few entities editors paste.
fn strip_tags(h: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in h.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn handle_heading(
    art: &mut Article,
    level: HeadingLevel,
    text: String,
    sp: Range<usize>,
    file: &Path,
    diags: &mut Vec<Diagnostic>,
    seen_body: &mut bool,
) {
    let text = text.trim().to_owned();
    if level == HeadingLevel::H1 && art.title.is_none() && !*seen_body {
        art.title = Some(text);
        return;
    }
    if level == HeadingLevel::H1 {
        diags.push(
            Diagnostic::warning("a second `#` title; set as a section heading")
                .at(Span::new(file, sp.clone()))
                .hint("use `##` for section headings and `###` for their sub-headings"),
        );
    }
    *seen_body = true;
    if level >= HeadingLevel::H3
        && let Some(Block::Heading(h)) = art.blocks.last_mut()
        && h.subtitle.is_none()
    {
        h.subtitle = Some(text);
        return;
    }
    art.blocks.push(Block::Heading(Heading {
        title: text,
        subtitle: None,
        span: sp,
    }));
}

fn handle_para(
    art: &mut Article,
    content: Vec<Inline>,
    images: Vec<ImageRef>,
    sp: Range<usize>,
    file: &Path,
    diags: &mut Vec<Diagnostic>,
    seen_body: &mut bool,
) {
    let has_text = !plain_text(&content).trim().is_empty();
    if !images.is_empty() {
        if has_text {
            diags.push(
                Diagnostic::warning("a photo inside a paragraph is set as a figure after it")
                    .at(Span::new(file, sp.clone()))
                    .hint("put `![caption](photo.jpg)` in a paragraph of its own"),
            );
            art.blocks.push(Block::Para {
                content,
                span: sp.clone(),
            });
        }
        for (href, title, caption, start) in images {
            let caption_text = plain_text(&caption);
            if caption_text.trim().is_empty() {
                diags.push(
                    Diagnostic::warning(format!("figure `{href}` has no caption"))
                        .at(Span::new(file, start..sp.end))
                        .hint("write the caption between the brackets: `![caption](photo.jpg)`"),
                );
            }
            let alt = if title.trim().is_empty() {
                caption_text
            } else {
                title
            };
            art.figures.push(FigureRef {
                href,
                span: start..sp.end,
            });
            art.blocks.push(Block::Figure(Figure {
                asset: art.figures.len() - 1,
                caption,
                alt,
                span: start..sp.end,
            }));
        }
        *seen_body = true;
        return;
    }
    if !has_text {
        return;
    }
    if art.title.is_some() && art.subtitle.is_none() && !*seen_body && art.lead.is_none() {
        let t = plain_text(&content);
        if is_subtitle_line(&t) {
            art.subtitle = Some(t.trim().to_owned());
            return;
        }
    }
    *seen_body = true;
    art.blocks.push(Block::Para { content, span: sp });
}

/// Split a pull quote's paragraphs into slogan lines and attribution lines
/// (lines starting with a dash).
fn pull_quote(paras: Vec<Vec<Inline>>, span: Range<usize>) -> PullQuote {
    let mut lines = vec![];
    let mut attribution = vec![];
    for p in paras {
        for line in plain_text(&p).split('\n') {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let stripped = line.trim_start_matches(['—', '-', '―', '–']).trim_start();
            if stripped.len() != line.len() {
                attribution.push(stripped.to_owned());
            } else {
                lines.push(line.to_owned());
            }
        }
    }
    PullQuote {
        lines,
        attribution,
        span,
    }
}

#[cfg(test)]
mod tests;

//! Model → XHTML content documents: the article, the cover page and the
//! navigation document. Semantic markup only (header, section, figure, aside);
//! the look lives in the stylesheet ([`super::css`]).
//!
//! Text is written exactly as the model holds it, one `<p>` per paragraph and
//! no whitespace inside it, so the text a reader extracts is the text edited.

use super::images::EpubImage;
use super::xml::{Usage, Xml};
use crate::fonts::Role;
use crate::model::{Block, Figure, Heading, Inline, Issue, PullQuote};

/// File names inside the package folder.
pub(crate) const TEXT_FILE: &str = "text.xhtml";
pub(crate) const COVER_FILE: &str = "cover.xhtml";
pub(crate) const NAV_FILE: &str = "nav.xhtml";
pub(crate) const CSS_FILE: &str = "style.css";
/// Name of the cover page in the table of contents and landmarks.
pub(crate) const COVER_LABEL: &str = "封面";
/// Id of the title, where reading starts (the `bodymatter` landmark).
const START_ID: &str = "start";

/// One entry of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TocEntry {
    /// `text.xhtml#s1`.
    pub href: String,
    /// The heading text.
    pub label: String,
}

/// The written article document and what its table of contents holds.
#[derive(Debug)]
pub(crate) struct Article {
    pub xhtml: String,
    pub toc: Vec<TocEntry>,
}

/// The language tag of the book: the model's, `zh-CN` when it names none.
pub(crate) fn lang(issue: &Issue) -> &str {
    let l = issue.meta.lang.trim();
    if l.is_empty() { "zh-CN" } else { l }
}

/// The XML prologue, `<html>` and `<head>` of a content document.
fn head(x: &mut Xml<'_>, lang: &str, title: &str, body_attrs: &[(&str, &str)]) {
    x.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n");
    x.open(
        "html",
        &[
            ("xmlns", "http://www.w3.org/1999/xhtml"),
            ("xmlns:epub", "http://www.idpf.org/2007/ops"),
            ("lang", lang),
            ("xml:lang", lang),
        ],
    )
    .nl();
    x.open("head", &[]).nl();
    x.empty("meta", &[("charset", "UTF-8")]).nl();
    // The title is not shown on the page: no face needs its characters.
    x.open_in(None, "title", &[])
        .text(title)
        .close_in("title")
        .nl();
    x.empty(
        "link",
        &[
            ("rel", "stylesheet"),
            ("type", "text/css"),
            ("href", CSS_FILE),
        ],
    )
    .nl();
    x.close("head").nl();
    x.open("body", body_attrs).nl();
}

fn tail(x: &mut Xml<'_>) {
    x.close("body").nl().close("html").nl();
}

/// Write the article: title block, lead, intro, sections with figures and pull quotes.
pub(crate) fn article(issue: &Issue, images: &[Option<EpubImage>], usage: &mut Usage) -> Article {
    let mut x = Xml::new(Role::Body, usage);
    let meta = &issue.meta;
    head(&mut x, lang(issue), &meta.title, &[]);
    x.open("article", &[("epub:type", "bodymatter")]).nl();
    title_block(&mut x, issue);
    if let Some(lead) = &issue.lead {
        x.open_in(Some(Role::Caption), "p", &[("class", "standfirst")]);
        inlines(&mut x, lead);
        x.close_in("p").nl();
    }
    let mut toc = vec![
        TocEntry {
            href: COVER_FILE.to_string(),
            label: COVER_LABEL.to_string(),
        },
        TocEntry {
            href: format!("{TEXT_FILE}#{START_ID}"),
            label: meta.title.clone(),
        },
    ];
    let mut in_section = false;
    for block in &issue.blocks {
        match block {
            Block::Heading(h) => {
                if in_section {
                    x.close("section").nl();
                }
                let id = format!("s{}", toc.len() - 1);
                section_start(&mut x, h, &id);
                // A nav link needs text: an untitled section gets its number.
                let label = if h.title.trim().is_empty() {
                    format!("第{}节", toc.len() - 1)
                } else {
                    h.title.clone()
                };
                toc.push(TocEntry {
                    href: format!("{TEXT_FILE}#{id}"),
                    label,
                });
                in_section = true;
            }
            Block::Para { content, span } => {
                x.span = Some(span.clone());
                x.open("p", &[]);
                inlines(&mut x, content);
                x.close("p").nl();
            }
            Block::Figure(f) => figure(&mut x, f, images.get(f.asset).and_then(Option::as_ref)),
            Block::PullQuote(q) => pull_quote(&mut x, q),
        }
    }
    if in_section {
        x.close("section").nl();
    }
    x.close("article").nl();
    tail(&mut x);
    Article {
        xhtml: x.finish(),
        toc,
    }
}

/// The title block: h1 title, subtitle, byline with roles, date.
fn title_block(x: &mut Xml<'_>, issue: &Issue) {
    let meta = &issue.meta;
    x.span = None;
    x.open("header", &[("class", "titleblock")]).nl();
    x.open_in(Some(Role::Heading), "h1", &[("id", START_ID)])
        .text(&meta.title)
        .close_in("h1")
        .nl();
    if let Some(sub) = &meta.subtitle {
        x.open_in(Some(Role::Caption), "p", &[("class", "subtitle")])
            .text(sub)
            .close_in("p")
            .nl();
    }
    if !meta.byline.is_empty() {
        // Same text as `Meta::byline_text()`, with each role marked up.
        x.open_in(Some(Role::Caption), "p", &[("class", "byline")]);
        for (i, credit) in meta.byline.iter().enumerate() {
            if i > 0 {
                x.text(" ");
            }
            x.element("span", &[("class", "role")], &credit.role);
            x.text(&credit.names.join(" "));
        }
        x.close_in("p").nl();
    }
    if let Some(date) = &meta.date {
        x.open_in(Some(Role::Caption), "p", &[("class", "dateline")]);
        match chinese_date(date) {
            Some(shown) => {
                let ymd = super::zip::Stamp::from_date(date)
                    .map(|s| s.ymd())
                    .unwrap_or_default();
                x.element("time", &[("datetime", &ymd)], &shown);
            }
            None => {
                x.text(date);
            }
        }
        x.close_in("p").nl();
    }
    x.close("header").nl();
}

/// `2023-07-01` → `2023年7月1日`, the way Chinese dates are printed.
pub(crate) fn chinese_date(date: &str) -> Option<String> {
    let mut it = date.trim().splitn(3, '-');
    let y: u32 = it.next()?.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    let d: u32 = it.next()?.parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y}年{m}月{d}日"))
}

/// `<section>` with a `<header>` holding the h2 and the sub-heading.
fn section_start(x: &mut Xml<'_>, h: &Heading, id: &str) {
    x.span = Some(h.span.clone());
    let title_id = format!("{id}-title");
    x.open("section", &[("id", id), ("aria-labelledby", &title_id)])
        .nl();
    x.open("header", &[]).nl();
    x.open_in(Some(Role::Heading), "h2", &[("id", &title_id)])
        .text(&h.title)
        .close_in("h2")
        .nl();
    if let Some(sub) = &h.subtitle {
        x.open_in(Some(Role::Heading), "p", &[("class", "subhead")])
            .text(sub)
            .close_in("p")
            .nl();
    }
    x.close("header").nl();
}

/// `<figure>` with the photo and its caption.
fn figure(x: &mut Xml<'_>, f: &Figure, image: Option<&EpubImage>) {
    x.span = Some(f.span.clone());
    x.open("figure", &[]).nl();
    if let Some(img) = image {
        let alt = if f.alt.trim().is_empty() {
            crate::model::plain_text(&f.caption)
        } else {
            f.alt.clone()
        };
        let (w, h) = (img.width.to_string(), img.height.to_string());
        x.empty(
            "img",
            &[
                ("src", &img.href),
                ("alt", &alt),
                ("width", &w),
                ("height", &h),
            ],
        )
        .nl();
    }
    if !f.caption.is_empty() {
        x.open_in(Some(Role::Caption), "figcaption", &[]);
        inlines(x, &f.caption);
        x.close_in("figcaption").nl();
    }
    x.close("figure").nl();
}

/// The pull quote: an aside a screen reader meets once, in reading order;
/// each slogan line a paragraph of its own, then the smaller attribution lines.
fn pull_quote(x: &mut Xml<'_>, q: &PullQuote) {
    x.span = Some(q.span.clone());
    x.open_in(
        Some(Role::Heading),
        "aside",
        &[
            ("class", "pullquote"),
            ("epub:type", "pullquote"),
            ("role", "doc-pullquote"),
        ],
    )
    .nl();
    for line in &q.lines {
        x.element("p", &[("class", "slogan")], line).nl();
    }
    for line in &q.attribution {
        x.open_in(Some(Role::Caption), "p", &[("class", "attribution")]);
        // The attribution dash is part of how the line is printed (GB/T 15834 §4.8);
        // add it where the source left it out.
        if !line.starts_with('—') {
            x.text("——");
        }
        x.text(line).close_in("p").nl();
    }
    x.close_in("aside").nl();
}

/// Whether a link target may become a live link: web and mail only.
pub(crate) fn is_safe_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|p| lower.starts_with(p))
}

/// Inline content in the current element.
fn inlines(x: &mut Xml<'_>, content: &[Inline]) {
    for inline in content {
        match inline {
            Inline::Text(t) => {
                x.text(t);
            }
            Inline::Emph(c) => {
                x.open_in(Some(Role::Caption), "em", &[]);
                inlines(x, c);
                x.close_in("em");
            }
            Inline::Strong(c) => {
                x.open_in(Some(Role::Heading), "strong", &[]);
                inlines(x, c);
                x.close_in("strong");
            }
            Inline::Code(t) => {
                x.open_in(None, "code", &[]).text(t).close_in("code");
            }
            Inline::Link { url, content } if is_safe_url(url) => {
                x.open("a", &[("href", url.trim())]);
                inlines(x, content);
                x.close("a");
            }
            // Other schemes (javascript:, file:, relative paths) keep their text only.
            Inline::Link { content, .. } => inlines(x, content),
            Inline::LineBreak => {
                x.empty("br", &[]);
            }
        }
    }
}

/// The cover page: the cover image, full page.
pub(crate) fn cover(issue: &Issue, image: &EpubImage, usage: &mut Usage) -> String {
    let mut x = Xml::new(Role::Body, usage);
    head(
        &mut x,
        lang(issue),
        &issue.meta.title,
        &[("class", "cover")],
    );
    let alt = format!("封面：{}", issue.meta.title);
    x.open("section", &[("epub:type", "cover"), ("class", "cover")])
        .nl();
    let (w, h) = (image.width.to_string(), image.height.to_string());
    x.empty(
        "img",
        &[
            ("src", &image.href),
            ("alt", &alt),
            ("role", "doc-cover"),
            ("width", &w),
            ("height", &h),
        ],
    )
    .nl();
    x.close("section").nl();
    tail(&mut x);
    x.finish()
}

/// The navigation document: table of contents and landmarks.
pub(crate) fn nav(issue: &Issue, toc: &[TocEntry], usage: &mut Usage) -> String {
    let mut x = Xml::new(Role::Body, usage);
    head(&mut x, lang(issue), "目录", &[]);
    x.open(
        "nav",
        &[("epub:type", "toc"), ("id", "toc"), ("role", "doc-toc")],
    )
    .nl();
    x.open_in(Some(Role::Heading), "h1", &[])
        .text("目录")
        .close_in("h1")
        .nl();
    x.open("ol", &[]).nl();
    for entry in toc {
        x.open("li", &[])
            .element("a", &[("href", &entry.href)], &entry.label)
            .close("li")
            .nl();
    }
    x.close("ol").nl().close("nav").nl();
    x.open("nav", &[("epub:type", "landmarks"), ("hidden", "hidden")])
        .nl();
    x.element("h2", &[], "导览").nl();
    x.open("ol", &[]).nl();
    let landmarks = [
        ("cover", COVER_FILE.to_string(), COVER_LABEL),
        ("bodymatter", format!("{TEXT_FILE}#{START_ID}"), "正文"),
    ];
    for (kind, href, label) in &landmarks {
        x.open("li", &[])
            .element("a", &[("epub:type", kind), ("href", href)], label)
            .close("li")
            .nl();
    }
    x.close("ol").nl().close("nav").nl();
    tail(&mut x);
    x.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_mail_links_are_live() {
        assert!(is_safe_url("https://example.org/a?b=1&c=2"));
        assert!(is_safe_url("MAILTO:someone@example.org"));
        assert!(!is_safe_url("javascript:alert(1)"));
        assert!(!is_safe_url("file:///etc/passwd"));
        assert!(!is_safe_url("../text.xhtml"));
    }

    #[test]
    fn dates_print_the_chinese_way() {
        assert_eq!(chinese_date("2023-07-01").as_deref(), Some("2023年7月1日"));
        assert_eq!(chinese_date("July 2023"), None);
    }
}

//! Model → XHTML content documents: the article, the cover page and the
//! navigation document. Semantic markup only (header, section, figure, aside);
//! the look lives in the stylesheet ([`super::css`]).
//!
//! Text is written exactly as the model holds it, one `<p>` per paragraph and
//! no whitespace inside it, so the text a reader extracts is the text edited.

mod elements;

use super::images::EpubImage;
use super::xml::{Usage, Xml};
use crate::fonts::Role;
use crate::model::{Block, BlockKind, Figure, Heading, Inline, Issue, PullQuote};

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
    /// Depth in the table of contents (1 = top).
    pub level: u8,
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

/// Write the article: photos above the title, title block, lead, the body
/// blocks (sections nest as `<section>`s), then the notes, as the content
/// document `file` (its table of contents links into `file`; its first
/// entry is the cover's).
pub(crate) fn article_as(
    issue: &Issue,
    file: &str,
    images: &[Option<EpubImage>],
    usage: &mut Usage,
) -> Article {
    let mut x = Xml::new(Role::Body, usage);
    let meta = &issue.meta;
    head(&mut x, lang(issue), &meta.title, &[]);
    x.open("article", &[("epub:type", "bodymatter")]).nl();
    let mut w = Writer {
        x,
        images,
        toc: vec![
            TocEntry {
                href: COVER_FILE.to_string(),
                label: COVER_LABEL.to_string(),
                level: 1,
            },
            TocEntry {
                href: format!("{file}#{START_ID}"),
                label: meta.title.clone(),
                level: 1,
            },
        ],
        file,
        notes: &issue.notes,
        boxes: 0,
        layout: &issue.layout,
        depth: 0,
        boxed: 0,
        inner_headings: 0,
    };
    for b in &issue.before_title {
        block(&mut w, b);
    }
    title_block(&mut w.x, issue);
    if let Some(lead) = &issue.lead {
        w.x.open_in(Some(Role::Caption), "p", &[("class", "standfirst")]);
        inlines(&mut w.x, lead);
        w.x.close_in("p").nl();
    }
    for b in &issue.blocks {
        block(&mut w, b);
    }
    elements::notes(&mut w);
    let Writer { mut x, toc, .. } = w;
    x.close("article").nl();
    tail(&mut x);
    Article {
        xhtml: x.finish(),
        toc,
    }
}

/// What the article writer carries from block to block.
pub(crate) struct Writer<'a, 'u> {
    /// The document.
    pub x: Xml<'u>,
    /// The converted photos, by asset.
    pub images: &'a [Option<EpubImage>],
    /// The table of contents so far.
    pub toc: Vec<TocEntry>,
    /// The document's file name, for the links of the table of contents.
    pub file: &'a str,
    /// The article's notes.
    pub notes: &'a [crate::model::Note],
    /// Boxes written so far (for their label ids).
    pub boxes: usize,
    /// The layout settings (how Q&A turns and poems are set).
    pub layout: &'a crate::model::LayoutSettings,
    /// Sections open around the current block (0 at the article's top).
    pub depth: u8,
    /// Boxes and quotations open around the current block: their headings
    /// are headings of the box, not entries of the contents.
    pub boxed: u8,
    /// Headings inside boxes written so far (for their ids).
    pub inner_headings: usize,
}

/// One block, by kind.
pub(crate) fn block(w: &mut Writer<'_, '_>, b: &Block) {
    use elements as el;
    w.x.span = Some(b.span.clone());
    match &b.kind {
        BlockKind::Para(p) => el::para(w, p),
        BlockKind::Section(s) => {
            let id = if w.boxed > 0 {
                // A heading inside a box or quotation is the box's, not the article's.
                w.inner_headings += 1;
                format!("box-h{}", w.inner_headings)
            } else {
                // A nav link needs text: an untitled section gets its number.
                let n = w.toc.len() - 1;
                let id = format!("s{n}");
                let label = if s.heading.title.trim().is_empty() {
                    format!("第{n}节")
                } else {
                    s.heading.title.clone()
                };
                w.toc.push(TocEntry {
                    href: format!("{}#{id}", w.file),
                    label,
                    level: s.heading.level.saturating_sub(1).max(1),
                });
                id
            };
            let poem = match s.body.first() {
                Some(Block {
                    kind: BlockKind::Verse(v),
                    span,
                }) if v.titled => Some((v, span)),
                _ => None,
            };
            let rest = if let Some((v, span)) = poem {
                // The heading is the poem's title: it opens the poem's group.
                section_open(&mut w.x, &s.heading, &id);
                w.x.span = Some(span.clone());
                el::verse(w, v, Some((&s.heading, &id)));
                &s.body[1..]
            } else {
                section_start(&mut w.x, &s.heading, &id, w.depth);
                &s.body[..]
            };
            w.depth += 1;
            for child in rest {
                block(w, child);
            }
            w.depth -= 1;
            w.x.close("section").nl();
        }
        BlockKind::Figure(f) => {
            let img = w.images.get(f.asset).and_then(Option::as_ref);
            figure(&mut w.x, f, img)
        }
        BlockKind::PullQuote(q) => pull_quote(&mut w.x, q),
        BlockKind::PhotoGroup(g) => el::photo_group(w, g),
        BlockKind::List(l) => el::list(w, l),
        BlockKind::Table(t) => el::table(w, t),
        BlockKind::Verse(v) => el::verse(w, v, None),
        BlockKind::Aside(a) => el::aside(w, a),
        BlockKind::Quote(q) => el::quote(w, q),
        BlockKind::Turn(t) => el::turn(w, t),
        BlockKind::Code(c) => el::code(w, c),
        BlockKind::Break(br) => el::section_break(w, br),
    }
}

/// The title block: h1 title, subtitle, byline with roles, date.
fn title_block(x: &mut Xml<'_>, issue: &Issue) {
    let meta = &issue.meta;
    x.span = None;
    x.open("header", &[("class", "titleblock")]).nl();
    if let Some(c) = &meta.column {
        x.open_in(Some(Role::Heading), "p", &[("class", "column")])
            .text(c)
            .close_in("p")
            .nl();
    }
    if let Some(k) = &meta.kicker {
        x.open_in(Some(Role::Caption), "p", &[("class", "kicker")])
            .text(k)
            .close_in("p")
            .nl();
    }
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

/// `<section>` with a `<header>` holding the heading and the sub-heading.
/// The heading's rank follows the nesting (`depth` sections around it), so
/// headings never skip a level after the h1 title (a poem page of `###`
/// sections gets h2s); its class keeps the source level for the look.
pub(crate) fn section_start(x: &mut Xml<'_>, h: &Heading, id: &str, depth: u8) {
    section_open(x, h, id);
    x.open("header", &[]).nl();
    heading(x, h, id, depth, None);
    x.close("header").nl();
}

/// `<section>` labelled by its heading (written after it), at the heading's span.
pub(crate) fn section_open(x: &mut Xml<'_>, h: &Heading, id: &str) {
    x.span = Some(h.span.clone());
    let title_id = format!("{id}-title");
    x.open("section", &[("id", id), ("aria-labelledby", &title_id)])
        .nl();
}

/// A section's heading element (`h2`–`h4` by depth, the id `<id>-title` the
/// section is labelled by) and its sub-heading; `extra` is one more class.
pub(crate) fn heading(x: &mut Xml<'_>, h: &Heading, id: &str, depth: u8, extra: Option<&str>) {
    x.span = Some(h.span.clone());
    let title_id = format!("{id}-title");
    let level = h.level.clamp(2, 4);
    let tag = format!("h{}", (depth + 2).min(level));
    let mut classes: Vec<String> = Vec::new();
    if level > 2 {
        classes.push(format!("h{level}"));
    }
    classes.extend(extra.map(str::to_owned));
    let class = classes.join(" ");
    let mut attrs = vec![("id", title_id.as_str())];
    if !class.is_empty() {
        attrs.push(("class", &class));
    }
    x.open_in(Some(Role::Heading), &tag, &attrs)
        .text(&h.title)
        .close_in(&tag)
        .nl();
    if let Some(sub) = &h.subtitle {
        x.open_in(Some(Role::Heading), "p", &[("class", "subhead")])
            .text(sub)
            .close_in("p")
            .nl();
    }
}

/// `<figure>` with the photo and its caption.
pub(crate) fn figure(x: &mut Xml<'_>, f: &Figure, image: Option<&EpubImage>) {
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
    caption(x, &f.caption, f.credit.as_deref());
    x.close("figure").nl();
}

/// A `<figcaption>` with the credit after the caption text, when there is either.
pub(crate) fn caption(x: &mut Xml<'_>, caption: &[Inline], credit: Option<&str>) {
    if caption.is_empty() && credit.is_none() {
        return;
    }
    x.open_in(Some(Role::Caption), "figcaption", &[]);
    inlines(x, caption);
    if let Some(c) = credit {
        if !caption.is_empty() && !c.starts_with(['（', '(']) {
            x.text("\u{3000}");
        }
        x.element("span", &[("class", "credit"), ("role", "doc-credit")], c);
    }
    x.close_in("figcaption").nl();
}

/// The pull quote: an aside a screen reader meets once, in reading order;
/// each slogan line a paragraph of its own, then the smaller attribution lines.
fn pull_quote(x: &mut Xml<'_>, q: &PullQuote) {
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
    // Each line opens with its dash, as in print (GB/T 15834 §4.8).
    for line in q.printed_attribution() {
        x.open_in(Some(Role::Caption), "p", &[("class", "attribution")]);
        x.text(&line).close_in("p").nl();
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
pub(crate) fn inlines(x: &mut Xml<'_>, content: &[Inline]) {
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
            Inline::NoteRef(i) => elements::note_ref(x, *i),
        }
    }
}

/// The cover page: the cover image, full page.
/// The cover page of a book titled `title`.
pub(crate) fn cover_page(lang: &str, title: &str, image: &EpubImage, usage: &mut Usage) -> String {
    let mut x = Xml::new(Role::Body, usage);
    head(&mut x, lang, title, &[("class", "cover")]);
    let alt = format!("封面：{title}");
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

/// The entries of one level of the table of contents; deeper entries that
/// follow one nest in an `<ol>` inside its `<li>`.
fn toc_list(x: &mut Xml<'_>, entries: &[TocEntry]) {
    let mut i = 0;
    while i < entries.len() {
        let e = &entries[i];
        let mut j = i + 1;
        while j < entries.len() && entries[j].level > e.level {
            j += 1;
        }
        x.open("li", &[])
            .element("a", &[("href", &e.href)], &e.label);
        if j > i + 1 {
            x.nl().open("ol", &[]).nl();
            toc_list(x, &entries[i + 1..j]);
            x.close("ol").nl();
        }
        x.close("li").nl();
        i = j;
    }
}

/// The navigation document: table of contents and landmarks.
/// The title page of an issue inside a volume: the publication over the
/// issue's number and date.
pub(crate) fn issue_page(
    lang: &str,
    publication: &str,
    heading: &str,
    usage: &mut Usage,
) -> String {
    let mut x = Xml::new(Role::Body, usage);
    head(&mut x, lang, heading, &[]);
    x.open("section", &[("epub:type", "part"), ("class", "issuetitle")])
        .nl();
    if !publication.is_empty() {
        x.open_in(Some(Role::Caption), "p", &[("class", "kicker")])
            .text(publication)
            .close_in("p")
            .nl();
    }
    x.open_in(Some(Role::Heading), "h1", &[("id", START_ID)])
        .text(heading)
        .close_in("h1")
        .nl();
    x.close("section").nl();
    tail(&mut x);
    x.finish()
}

/// Where an article document's reading starts: `file#start`.
pub(crate) fn start_of(file: &str) -> String {
    format!("{file}#{START_ID}")
}

/// The navigation document of a book whose body matter starts at `start`.
pub(crate) fn nav_as(lang: &str, toc: &[TocEntry], start: &str, usage: &mut Usage) -> String {
    let mut x = Xml::new(Role::Body, usage);
    head(&mut x, lang, "目录", &[]);
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
    toc_list(&mut x, toc);
    x.close("ol").nl().close("nav").nl();
    x.open("nav", &[("epub:type", "landmarks"), ("hidden", "hidden")])
        .nl();
    x.element("h2", &[], "导览").nl();
    x.open("ol", &[]).nl();
    let landmarks = [
        ("cover", COVER_FILE.to_string(), COVER_LABEL),
        ("bodymatter", start.to_string(), "正文"),
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

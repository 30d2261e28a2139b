//! A book's pages: an issue of several articles, or a volume of issues.
//!
//! Each article is set on its own pages by [`super::typeset_part`], exactly
//! as it would be alone; only the furniture knows where it sits (folios run
//! through the book, the running head names the issue and the article). In
//! front come the contents (目录) and, in a volume, its title page; each
//! issue of a volume opens on a right-hand page with a title page of its own.
//!
//! The contents need every article's page count before the first page is
//! written. An article's page count does not depend on where it starts, so
//! the counts come first ([`count_pages`], in parallel, or from a cache the
//! caller keeps), then the pages are set once more and handed out one at a
//! time: memory stays that of one page however long the book. The last
//! article is not counted: nothing follows it, so no page number depends on
//! its length (a one-article issue is set once, not twice).

use super::pages;
use super::style::Style;
use super::text::{plain, set_lines, stack};
use super::{Placement, Typeset, typeset_each, typeset_run};
use crate::diag::{DiagResult, Diagnostic};
use crate::fonts::Fonts;
use crate::frame::{
    Color, DocMeta, Frame, FrameItem, Geometry, OutlineEntry, Page, Point, Shape, Size, Tag,
    TagKind,
};
use crate::model::{ArticleStart, Book, BookKind, Issue, Meta};
use rayon::prelude::*;
use std::sync::Arc;

/// Width kept for a page number at the right of a contents entry, in em.
const NUMBER_EM: f32 = 3.0;
/// Indent of an article under its issue in a volume's contents, in em.
const ARTICLE_INDENT_EM: f32 = 2.0;
/// Space between contents entries, in body lines.
const ENTRY_GAP_LINES: f32 = 0.5;
/// Distance between the dots of a leader, in em of the entry's size.
const LEADER_STEP_EM: f32 = 0.5;
/// Side of one leader dot, in pt.
const LEADER_DOT_PT: f32 = 0.8;
pub use crate::model::CONTENTS_LABEL;
/// How the error of an article that set to another page count than
/// counted begins (the caller counts again and retries).
pub const MISCOUNT: &str = "internal: the article took";

/// The page count of every article of `book` but the last when set alone,
/// in reading order, counted in parallel (see [`counted_articles`]). Errors
/// are those articles' errors.
pub fn count_pages(book: &Book, fonts: &Fonts) -> DiagResult<Vec<usize>> {
    count_pages_of(&counted_articles(book), fonts)
}

/// The articles whose page counts [`typeset_book`] needs: all but the last in
/// reading order, since nothing after the last depends on its length.
pub fn counted_articles(book: &Book) -> Vec<&Issue> {
    let mut articles: Vec<&Issue> = book.articles().collect();
    articles.pop();
    articles
}

/// The page count of each of `articles` when set alone, counted in parallel.
pub fn count_pages_of(articles: &[&Issue], fonts: &Fonts) -> DiagResult<Vec<usize>> {
    let counted: Vec<DiagResult<usize>> = articles
        .par_iter()
        .map(|a| typeset_each(a, fonts, |_| {}).map(|(t, _)| t.pages))
        .collect();
    crate::diag::all_or_errors(counted)
}

/// With `article_start = "continue"`: each issue's articles set as one run,
/// in parallel, for its page count and the page each article starts on.
fn count_runs(book: &Book, fonts: &Fonts) -> DiagResult<Vec<(usize, Vec<usize>)>> {
    let counted: Vec<DiagResult<(usize, Vec<usize>)>> = book
        .issues
        .par_iter()
        .map(|issue| {
            let run: Vec<&Issue> = issue.articles.iter().collect();
            let Some(first) = run.first() else {
                return Ok((0, Vec::new()));
            };
            let (t, _) = typeset_run(&run, fonts, &Placement::alone(first), |_| {})?;
            let starts = t
                .meta
                .outline
                .iter()
                .filter(|e| e.level == 0)
                .map(|e| e.page)
                .collect();
            Ok((t.pages, starts))
        })
        .collect();
    crate::diag::all_or_errors(counted)
}

/// What goes on each stretch of the book's pages, in order.
#[derive(Debug, Clone, PartialEq)]
enum Slot {
    /// The volume's title page.
    Title,
    /// Contents page `k`.
    Contents(usize),
    /// A page left blank so what follows opens on a recto.
    Blank,
    /// Issue `i`'s title page (volumes).
    IssueTitle(usize),
    /// Articles `a..a + count` (in book order) set one after another,
    /// `pages` long, each starting `starts[k]` pages in (one article, or an
    /// issue's articles with `article_start = "continue"`).
    Articles {
        a: usize,
        count: usize,
        pages: usize,
        starts: Vec<usize>,
    },
}

/// The book's page plan: every slot with its first page index.
#[derive(Debug, Clone)]
struct Plan {
    slots: Vec<(usize, Slot)>,
}

impl Plan {
    /// `counts`: each article's pages; `runs`: with `article_start =
    /// "continue"`, each issue's pages and its articles' start offsets.
    fn make(
        book: &Book,
        counts: &[usize],
        runs: Option<&[(usize, Vec<usize>)]>,
        contents_pages: usize,
    ) -> Plan {
        let mut slots = Vec::new();
        let mut at = 0;
        let mut put = |slot: Slot, len: usize, at: &mut usize| {
            slots.push((*at, slot));
            *at += len;
        };
        let volume = book.kind == BookKind::Volume;
        if volume {
            put(Slot::Title, 1, &mut at);
        }
        for k in 0..contents_pages {
            put(Slot::Contents(k), 1, &mut at);
        }
        let mut a = 0;
        for (i, issue) in book.issues.iter().enumerate() {
            if volume {
                if at % 2 == 1 {
                    put(Slot::Blank, 1, &mut at);
                }
                put(Slot::IssueTitle(i), 1, &mut at);
                // The title page's back stays blank: the first article opens on a recto.
                put(Slot::Blank, 1, &mut at);
            }
            if let Some((pages, starts)) = runs.and_then(|r| r.get(i)) {
                let count = issue.articles.len();
                let slot = Slot::Articles {
                    a,
                    count,
                    pages: *pages,
                    starts: starts.clone(),
                };
                put(slot, *pages, &mut at);
                a += count;
                continue;
            }
            for _ in &issue.articles {
                let pages = counts.get(a).copied().unwrap_or(1);
                if book.layout.article_start == ArticleStart::Recto && at % 2 == 1 {
                    put(Slot::Blank, 1, &mut at);
                }
                let slot = Slot::Articles {
                    a,
                    count: 1,
                    pages,
                    starts: vec![0],
                };
                put(slot, pages, &mut at);
                a += 1;
            }
        }
        Plan { slots }
    }

    /// First page index of article `a`.
    fn article_page(&self, a: usize) -> Option<usize> {
        self.slots.iter().find_map(|(p, s)| match s {
            Slot::Articles {
                a: x,
                count,
                starts,
                ..
            } if (*x..*x + *count).contains(&a) => starts.get(a - x).map(|d| p + d),
            _ => None,
        })
    }

    fn issue_page(&self, i: usize) -> Option<usize> {
        self.slots.iter().find_map(|(p, s)| match s {
            Slot::IssueTitle(x) if *x == i => Some(*p),
            _ => None,
        })
    }
}

/// One line of the contents: an article (with its byline), or an issue in a volume.
#[derive(Debug, Clone)]
struct Entry {
    title: String,
    byline: Option<String>,
    /// 0: an issue of a volume; 1: an article.
    level: u8,
    /// Set in from the left (an article under its issue).
    indented: bool,
    /// What the page number is of.
    target: Target,
}

#[derive(Debug, Clone, Copy)]
enum Target {
    Issue(usize),
    Article(usize),
}

fn entries(book: &Book) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut a = 0;
    for (i, issue) in book.issues.iter().enumerate() {
        if book.kind == BookKind::Volume {
            out.push(Entry {
                title: issue.meta.issue_heading(),
                byline: None,
                level: 0,
                indented: false,
                target: Target::Issue(i),
            });
        }
        for article in &issue.articles {
            let byline = article.meta.byline_text();
            out.push(Entry {
                title: article.meta.title.clone(),
                byline: (!byline.is_empty()).then_some(byline),
                level: 1,
                indented: book.kind == BookKind::Volume,
                target: Target::Article(a),
            });
            a += 1;
        }
    }
    out
}

/// The running head of an article in a book: the publication and its issue
/// on the left, the article's title on the right.
fn running_head(book: &Book, issue: &Meta, article: &Meta) -> (String, String) {
    let publication = if issue.publication.is_empty() {
        book.meta.publication.clone()
    } else {
        issue.publication.clone()
    };
    let left = [publication, issue.issue_heading()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\u{3000}");
    (left, article.title.clone())
}

/// Set the book, handing each page to `page_done` in order. `counts` are the
/// articles' page counts from [`count_pages`] (or a cache of them); the last
/// article's may be left out.
pub fn typeset_book(
    book: &Book,
    fonts: &Fonts,
    counts: &[usize],
    mut page_done: impl FnMut(Page),
) -> DiagResult<(Typeset, Vec<Diagnostic>)> {
    let style = Style::resolve(&book.layout);
    let mut warnings = Vec::new();
    let runs = if book.layout.article_start == ArticleStart::Continue {
        Some(count_runs(book, fonts)?)
    } else {
        None
    };
    let entries = entries(book);
    let contents = book.has_contents();
    let contents_pages = if contents {
        contents_frames(&entries, &|_| 0, &style, fonts, &mut 0).len()
    } else {
        0
    };
    let plan = Plan::make(book, counts, runs.as_deref(), contents_pages);
    let page_of = |t: Target| match t {
        Target::Issue(i) => plan.issue_page(i).unwrap_or(0),
        Target::Article(a) => plan.article_page(a).unwrap_or(0),
    };
    let mut outline = Vec::new();
    let mut last_id = 0u32;
    let articles: Vec<(usize, &Issue)> = book
        .issues
        .iter()
        .enumerate()
        .flat_map(|(i, issue)| issue.articles.iter().map(move |a| (i, a)))
        .collect();
    let depth = u8::from(book.kind == BookKind::Volume);
    let mut errors = Vec::new();
    let mut contents_frames_out = if contents {
        contents_frames(&entries, &|t| page_of(t) + 1, &style, fonts, &mut last_id)
    } else {
        Vec::new()
    };
    contents_frames_out.reverse();
    let mut handed = 0;
    for (first, slot) in &plan.slots {
        debug_assert_eq!(handed, *first);
        match slot {
            Slot::Title => {
                let f = title_page(book, &style, fonts, &mut last_id);
                page_done(pages::furnished_page(f, *first, None, &style, fonts));
                handed += 1;
            }
            Slot::Contents(k) => {
                if *k == 0 {
                    outline.push(OutlineEntry {
                        title: CONTENTS_LABEL.into(),
                        level: 0,
                        page: *first,
                        y: style.body.y,
                    });
                }
                let f = contents_frames_out.pop().unwrap_or_default();
                page_done(pages::furnished_page(f, *first, None, &style, fonts));
                handed += 1;
            }
            Slot::Blank => {
                page_done(pages::empty_page(&style, *first));
                handed += 1;
            }
            Slot::IssueTitle(i) => {
                let meta = &book.issues[*i].meta;
                outline.push(OutlineEntry {
                    title: meta.issue_heading(),
                    level: 0,
                    page: *first,
                    y: style.body.y,
                });
                let own_title = book.issues[*i].articles.len() > 1;
                let f = issue_title_page(meta, own_title, &style, fonts, &mut last_id);
                page_done(pages::furnished_page(f, *first, None, &style, fonts));
                handed += 1;
            }
            Slot::Articles {
                a, count, pages, ..
            } => {
                let (i, article) = articles[*a];
                let run: Vec<&Issue> = articles[*a..*a + *count].iter().map(|x| x.1).collect();
                let head = if *count == 1 {
                    running_head(book, &book.issues[i].meta, &article.meta)
                } else {
                    // Articles run on: the head names the publication and the issue.
                    let m = &book.issues[i].meta;
                    (m.publication.clone(), m.issue_heading())
                };
                let at = Placement {
                    first_page: *first,
                    first_id: last_id,
                    head,
                    outline_depth: depth,
                };
                let mut n = 0;
                match typeset_run(&run, fonts, &at, |p| {
                    n += 1;
                    page_done(p)
                }) {
                    Ok((t, w)) => {
                        warnings.extend(w);
                        outline.extend(t.meta.outline);
                        last_id = t.last_id;
                    }
                    Err(e) => errors.extend(e),
                }
                // The last article's count may be left out: nothing follows it.
                let counted = runs.is_some() || *a < counts.len() || *a + *count < articles.len();
                if counted && n != *pages {
                    errors.push(
                        Diagnostic::error(format!(
                            "{MISCOUNT} {n} pages, not the {pages} counted for the contents"
                        ))
                        .in_file(&article.article)
                        .hint("build again with --force; if it persists, report it"),
                    );
                }
                handed += n;
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let meta = DocMeta {
        title: book.meta.title.clone(),
        authors: book
            .meta
            .byline
            .iter()
            .flat_map(|c| c.names.iter().cloned())
            .collect(),
        lang: if book.meta.lang.is_empty() {
            "zh-CN".into()
        } else {
            book.meta.lang.clone()
        },
        date: book.meta.date.clone(),
        description: book.meta.description.clone(),
        outline,
    };
    Ok((
        Typeset {
            meta,
            pages: handed,
            last_id,
        },
        warnings,
    ))
}

/// The contents pages: `目录` at the head of the first, then the entries, as
/// many pages as they need. `number` gives an entry's folio: its page's
/// index plus one (the entry links to that page).
fn contents_frames(
    entries: &[Entry],
    number: &dyn Fn(Target) -> usize,
    style: &Style,
    fonts: &Fonts,
    ids: &mut u32,
) -> Vec<Frame> {
    let width = style.body.w;
    let height = style.body.h;
    let mut next_id = || {
        *ids += 1;
        *ids
    };
    let toc_id = next_id();
    let parents: crate::frame::Parents = Some(Arc::from([(toc_id, TagKind::Contents)]));
    let mut pages = Vec::new();
    let mut page = Frame::new(Size::new(width, height));
    let head_style = &style.heading;
    let head = stack(
        set_lines(
            fonts,
            plain(CONTENTS_LABEL, head_style),
            head_style,
            width,
            0.0,
            super::inline::Align::Center,
            true,
        ),
        width,
    );
    let mut y = head.size.h + style.pitch;
    page.push_frame(
        Point::new(0.0, 0.0),
        head,
        Some(Tag {
            id: next_id(),
            kind: TagKind::Heading(1),
            parents: parents.clone(),
        }),
    );
    for e in entries {
        let folio = number(e.target);
        let mut f = entry_frame(e, folio, style, fonts);
        // The whole entry leads to its page (in the screen edition).
        let size = f.size;
        f.push(
            Point::new(0.0, 0.0),
            FrameItem::Link(crate::frame::LinkArea {
                size,
                target: crate::frame::LinkTarget::Page(folio.saturating_sub(1)),
            }),
        );
        if y + f.size.h > height && y > 0.0 {
            pages.push(std::mem::replace(
                &mut page,
                Frame::new(Size::new(width, height)),
            ));
            y = 0.0;
        }
        let h = f.size.h;
        page.push_frame(
            Point::new(0.0, y),
            f,
            Some(Tag {
                id: next_id(),
                kind: TagKind::ContentsItem,
                parents: parents.clone(),
            }),
        );
        y += h + ENTRY_GAP_LINES * style.pitch;
    }
    pages.push(page);
    pages
}

/// One contents entry: the title (wrapping short of the number column), a
/// dotted leader to the page number on its last line, the byline under it.
fn entry_frame(e: &Entry, number: usize, style: &Style, fonts: &Fonts) -> Frame {
    let width = style.body.w;
    let ts = if e.level == 0 {
        &style.heading
    } else {
        &style.subheading
    };
    let indent = if e.indented {
        ARTICLE_INDENT_EM * style.body_text.size
    } else {
        0.0
    };
    let num_w = NUMBER_EM * ts.size;
    let lines = set_lines(
        fonts,
        plain(&e.title, ts),
        ts,
        width - indent - num_w,
        0.0,
        super::inline::Align::Start,
        false,
    );
    let mut f = Frame::new(Size::new(width, 0.0));
    let mut y = 0.0;
    let count = lines.len();
    for (k, line) in lines.into_iter().enumerate() {
        let h = line.size.h;
        if k + 1 == count {
            let end = indent + used_width(&line);
            let num = set_lines(
                fonts,
                plain(&number.to_string(), ts),
                ts,
                num_w,
                0.0,
                super::inline::Align::Start,
                false,
            )
            .into_iter()
            .next();
            let num_used = num.as_ref().map_or(0.0, used_width);
            let num_x = width - num_used;
            leader(&mut f, end, num_x, y + h / 2.0 + 0.25 * ts.size, ts.size);
            if let Some(n) = num {
                f.push_frame(Point::new(num_x, y), n, None);
            }
        }
        f.push_frame(Point::new(indent, y), line, None);
        y += h;
    }
    if let Some(b) = &e.byline {
        let bs = &style.byline;
        for line in set_lines(
            fonts,
            plain(b, bs),
            bs,
            width - indent - num_w,
            0.0,
            super::inline::Align::Start,
            false,
        ) {
            let h = line.size.h;
            f.push_frame(Point::new(indent + ts.size, y), line, None);
            y += h;
        }
    }
    f.size.h = y;
    f
}

/// How far the text of a line frame reaches.
fn used_width(line: &Frame) -> f32 {
    line.items
        .iter()
        .filter_map(|(p, i)| match i {
            FrameItem::Text(t) => Some(p.x + t.width()),
            _ => None,
        })
        .fold(0.0, f32::max)
}

/// A row of small dots from `from` to `to` (with a gap at each end) at height `y`.
fn leader(f: &mut Frame, from: f32, to: f32, y: f32, size: f32) {
    let step = LEADER_STEP_EM * size;
    let mut x = from + step;
    while x + step < to {
        f.push(
            Point::new(x, y - LEADER_DOT_PT),
            FrameItem::Shape(Shape {
                geometry: Geometry::Rect(Size::new(LEADER_DOT_PT, LEADER_DOT_PT)),
                fill: Some(Color::Black),
                stroke: None,
            }),
        );
        x += step;
    }
}

/// Lines of text centred one under another from `y`; returns where they end.
fn centred(
    f: &mut Frame,
    text: &str,
    ts: &super::style::TextStyle,
    y: f32,
    kind: TagKind,
    fonts: &Fonts,
    ids: &mut u32,
) -> f32 {
    if text.is_empty() {
        return y;
    }
    let w = f.size.w;
    let lines = stack(
        set_lines(
            fonts,
            plain(text, ts),
            ts,
            w,
            0.0,
            super::inline::Align::Center,
            true,
        ),
        w,
    );
    let h = lines.size.h;
    *ids += 1;
    f.push_frame(
        Point::new(0.0, y),
        lines,
        Some(Tag {
            id: *ids,
            kind,
            parents: None,
        }),
    );
    y + h
}

/// A volume's title page: publication, the volume's title, the publisher.
fn title_page(book: &Book, style: &Style, fonts: &Fonts, ids: &mut u32) -> Frame {
    let mut f = Frame::new(Size::new(style.body.w, style.body.h));
    let m = &book.meta;
    let mut y = style.body.h * 0.25;
    y = centred(
        &mut f,
        &m.title,
        &style.title,
        y,
        TagKind::Title,
        fonts,
        ids,
    );
    y += 2.0 * style.pitch;
    if !m.publication.is_empty() && !m.title.contains(&m.publication) {
        y = centred(
            &mut f,
            &m.publication,
            &style.subtitle,
            y,
            TagKind::Para,
            fonts,
            ids,
        );
    }
    if let Some(p) = &m.publisher {
        let y = style.body.h * 0.85;
        centred(&mut f, p, &style.byline, y, TagKind::Para, fonts, ids);
    }
    let _ = y;
    f
}

/// An issue's title page in a volume: the publication, the issue number
/// and date, and the issue's own title (`own_title`: not a one-article
/// issue, whose title is its article's).
fn issue_title_page(
    m: &Meta,
    own_title: bool,
    style: &Style,
    fonts: &Fonts,
    ids: &mut u32,
) -> Frame {
    let mut f = Frame::new(Size::new(style.body.w, style.body.h));
    let mut y = style.body.h * 0.3;
    if !m.publication.is_empty() {
        y = centred(
            &mut f,
            &m.publication,
            &style.subtitle,
            y,
            TagKind::Para,
            fonts,
            ids,
        );
        y += style.pitch;
    }
    let heading = m.issue_heading();
    y = centred(
        &mut f,
        &heading,
        &style.title,
        y,
        TagKind::Heading(1),
        fonts,
        ids,
    );
    if own_title && heading != m.title && !m.title.contains(&heading) {
        y += style.pitch;
        centred(
            &mut f,
            &m.title,
            &style.subtitle,
            y,
            TagKind::Para,
            fonts,
            ids,
        );
    }
    f
}

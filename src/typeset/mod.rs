//! Model → frames: the Chinese page builder. No krilla, no file I/O beyond
//! reading photo headers.
//!
//! [`typeset`] runs four stages:
//! 1. [`style`]: page geometry and type styles from the issue's layout settings;
//! 2. [`blocks`]: blocks → flow items ([`flow::items`]: paragraph lines via
//!    [`inline::layout_par`], kept blocks, floats), one layout file per kind,
//!    and [`collect`]: the title block;
//! 3. [`flow::distribute`]: items → columns of pages with the keep rules of
//!    [`flow::keep`], the last page's two columns evened out by `flow::balance`;
//! 4. [`pages`]: page frames with running heads, folios and crop marks.

pub mod inline;

mod blocks;
pub mod book;
mod collect;
mod figure;
pub mod fit;
mod flow;
mod footnotes;
mod pages;
mod photo;
mod placeholder;
mod style;
mod text;

#[cfg(test)]
mod tests;

use crate::diag::{DiagResult, Diagnostic, Sink};
use crate::fonts::{Fonts, Role};
use crate::frame::{DocMeta, FaceData, OutlineEntry, Page, PagedDoc};
use crate::model::Issue;

/// The resolution print needs at a photo's printed size, in ppi.
pub const MIN_PRINT_PPI: f32 = flow::distribute::MIN_PRINT_PPI;
pub use photo::{is_low_resolution, resolution_finding};

/// The width in pt a figure is set at in `layout`: one text column (the
/// whole type area on a one-column page), the page builder's own measure.
pub fn figure_width_pt(layout: &crate::model::LayoutSettings) -> f32 {
    style::Style::resolve(layout).column_width
}

/// The widths in pt of the photos of a group (pixel sizes as displayed)
/// across `width`, as upper bounds: side by side, the page builder's row
/// before any cap on its height (which can only make them narrower); when
/// that row would be lower than the stacking threshold, the column's width,
/// as the page builder then sets them one under another (at most that wide).
pub fn photo_group_widths_pt(width: f32, pixels: &[(u32, u32)]) -> Vec<f32> {
    let gaps = blocks::PHOTO_GROUP_GAP_PT * (pixels.len() as f32 - 1.0).max(0.0);
    let ratio = |&(w, h): &(u32, u32)| w as f32 / h.max(1) as f32;
    let sum: f32 = pixels.iter().map(ratio).sum::<f32>().max(0.01);
    let row_height = (width - gaps) / sum;
    if pixels.len() > 1 && row_height < blocks::PHOTO_GROUP_MIN_ROW_PT {
        return vec![width; pixels.len()];
    }
    pixels
        .iter()
        .map(|p| (width - gaps) * ratio(p) / sum)
        .collect()
}

/// Typeset an issue into pages, all held in memory. Returns the pages and
/// warnings (e.g. photos below 300 ppi at their printed size); errors when
/// nothing can be set. [`typeset_each`] does the same a page at a time.
pub fn typeset(issue: &Issue, fonts: &Fonts) -> DiagResult<(PagedDoc, Vec<Diagnostic>)> {
    let mut pages = Vec::new();
    let (done, warnings) = typeset_each(issue, fonts, |page| pages.push(page))?;
    let mut roles: Vec<Role> = Role::ALL.to_vec();
    for page in &pages {
        fallback_roles(&page.frame, &mut roles);
    }
    let faces = roles.iter().map(|&role| face_data(fonts, role)).collect();
    Ok((
        PagedDoc {
            pages,
            meta: done.meta,
            faces,
        },
        warnings,
    ))
}

/// What [`typeset_each`] knows once every page is out.
#[derive(Debug, Clone)]
pub struct Typeset {
    /// Title, authors, language, date and the outline (its page numbers are
    /// only known at the end).
    pub meta: DocMeta,
    /// Number of pages handed out.
    pub pages: usize,
    /// The last structure element id used.
    pub last_id: u32,
}

/// Typeset an issue, handing each page to `page_done` as soon as nothing
/// more can go on it, in order. Only the pages not yet finished and the
/// next paragraph's lines are ever held, so memory does not grow with the
/// issue's length. Returns the document facts and warnings; errors when
/// nothing can be set (the pages handed out are then to be thrown away).
pub fn typeset_each(
    issue: &Issue,
    fonts: &Fonts,
    page_done: impl FnMut(Page),
) -> DiagResult<(Typeset, Vec<Diagnostic>)> {
    typeset_part(issue, fonts, &Placement::alone(issue), page_done)
}

/// Where an article's pages go: alone, or as a part of a book ([`book`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    /// Index in the book of the article's first page (its folio is one more).
    pub first_page: usize,
    /// Structure element ids the article uses start above this one.
    pub first_id: u32,
    /// Running head: left and right texts.
    pub head: (String, String),
    /// Levels the article's outline sits below (0 alone or in an issue, 1 in a volume).
    pub outline_depth: u8,
}

impl Placement {
    /// A lone article: page 1, the publication and issue in the running head.
    pub fn alone(issue: &Issue) -> Placement {
        Placement {
            first_page: 0,
            first_id: 0,
            head: pages::running_head_text(&issue.meta),
            outline_depth: 0,
        }
    }
}

/// [`typeset_each`] for an article placed in a book: folios count from
/// `at.first_page`, ids from `at.first_id`, outline entries point at book
/// pages. The returned [`Typeset::last_id`] is where the next part starts.
pub fn typeset_part(
    issue: &Issue,
    fonts: &Fonts,
    at: &Placement,
    page_done: impl FnMut(Page),
) -> DiagResult<(Typeset, Vec<Diagnostic>)> {
    typeset_run(&[issue], fonts, at, page_done)
}

/// Space above an article that follows another on the same page
/// (`article_start = "continue"`), in body lines.
const RUN_ON_SPACE_LINES: f32 = 2.0;

/// Articles set one after another in one flow (`article_start =
/// "continue"`): each after the last, on the same page when there is room,
/// its title block (at the column's width) kept with its first lines. The
/// first article's settings shape the pages. Outline entries of level
/// `at.outline_depth` are the articles' titles, in order.
pub fn typeset_run(
    articles: &[&Issue],
    fonts: &Fonts,
    at: &Placement,
    mut page_done: impl FnMut(Page),
) -> DiagResult<(Typeset, Vec<Diagnostic>)> {
    let Some(issue) = articles.first().copied() else {
        return Err(vec![Diagnostic::error("nothing to set (no article)")]);
    };
    let mut style = style::Style::resolve(&issue.layout);
    if articles.len() > 1 {
        style.notes = crate::model::NotePlacement::End;
    }
    let mut ids = collect::Ids::starting_at(at.first_id);
    let mut collect_sink = Sink::default();
    let title = title_block(issue, fonts, &style, &mut ids, &mut collect_sink);
    let mut place_sink = Sink::default();
    // One article streams its items; in a run, each article's items are
    // gathered in turn (the next one's title needs the id counter).
    let items: Box<dyn Iterator<Item = collect::Item> + '_> = if articles.len() == 1 {
        Box::new(flow_items(
            issue,
            fonts,
            &style,
            &mut ids,
            &mut collect_sink,
        ))
    } else {
        Box::new(run_items(
            articles,
            fonts,
            &style,
            &mut ids,
            &mut collect_sink,
        ))
    };
    // Page-foot notes belong to one article's numbering: a run sets each
    // article's notes at its end (see `style` above).
    let notes = if articles.len() == 1 {
        foot_notes(issue, fonts, &style)
    } else {
        None
    };
    let (marks, pages) = flow::distribute::distribute_each(
        &style,
        Some(title),
        items,
        notes,
        &mut place_sink,
        |n, placed| page_done(pages::build_page(n, at, placed, &style, fonts)),
    );
    let last_id = ids.last();
    let mut sink = collect_sink;
    sink.diags.extend(place_sink.diags);
    if sink.has_errors() {
        return Err(sink.diags);
    }
    let outline = marks
        .into_iter()
        .map(|m| OutlineEntry {
            title: m.title,
            level: m.level + at.outline_depth,
            page: m.page + at.first_page,
            y: m.y,
        })
        .collect();
    let meta = DocMeta {
        title: issue.meta.title.clone(),
        authors: issue
            .meta
            .byline
            .iter()
            .flat_map(|c| c.names.iter().cloned())
            .collect(),
        lang: if issue.meta.lang.is_empty() {
            "zh-CN".into()
        } else {
            issue.meta.lang.clone()
        },
        date: issue.meta.date.clone(),
        description: issue.meta.description.clone(),
        outline,
    };
    Ok((
        Typeset {
            meta,
            pages,
            last_id,
        },
        sink.diags,
    ))
}

/// The page-foot note setter, when notes go to the page foot.
fn foot_notes<'a>(
    issue: &'a Issue,
    fonts: &'a Fonts,
    style: &'a style::Style,
) -> Option<footnotes::FootNotes<'a>> {
    (style.notes == crate::model::NotePlacement::Page && !issue.notes.is_empty())
        .then(|| footnotes::FootNotes::new(issue, fonts, style))
}

/// The bytes of the face `role` names, for a backend to embed.
pub fn face_data(fonts: &Fonts, role: Role) -> FaceData {
    let f = fonts.face(role);
    FaceData {
        role,
        data: f.data.clone(),
        index: f.index,
    }
}

/// Add the system fallback faces the frame's text runs use to `roles`, each
/// once, in order of first use (so the PDF is the same on the same machine).
fn fallback_roles(frame: &crate::frame::Frame, roles: &mut Vec<Role>) {
    use crate::frame::FrameItem;
    for (_, item) in &frame.items {
        match item {
            FrameItem::Group(g) => fallback_roles(&g.frame, roles),
            FrameItem::Text(run) if !roles.contains(&run.face) => roles.push(run.face),
            _ => {}
        }
    }
}

/// The flow items of articles set one after another: the first's, then
/// for each next one a space, its title block at the column's width (kept
/// with its first lines) and its items.
fn run_items<'a>(
    articles: &'a [&'a Issue],
    fonts: &'a Fonts,
    style: &'a style::Style,
    ids: &'a mut collect::Ids,
    sink: &'a mut Sink,
) -> impl Iterator<Item = collect::Item> + 'a {
    let mut narrow = style.clone();
    narrow.body.w = style.column_width;
    articles.iter().enumerate().flat_map(move |(k, a)| {
        let mut v = Vec::new();
        if k > 0 {
            let (frame, outline) = title_block(a, fonts, &narrow, ids, sink);
            v.push(collect::Item::Space(RUN_ON_SPACE_LINES * style.pitch));
            v.push(collect::Item::Block(collect::KeptBlock {
                frame,
                keep_lines: flow::keep::MIN_LINES_AFTER_BREAK,
                outline,
                kind: flow::PlacedKind::ArticleTitle,
                table: None,
            }));
        }
        v.extend(flow_items(a, fonts, style, ids, sink));
        v
    })
}

/// An article's title block at `style.body.w`, the photos above its title
/// (题图) at its head.
fn title_block(
    issue: &Issue,
    fonts: &Fonts,
    style: &style::Style,
    ids: &mut collect::Ids,
    sink: &mut Sink,
) -> (crate::frame::Frame, Vec<flow::OutlineMark>) {
    let photos = blocks::title_photos(issue, fonts, style, style.body.w, ids, sink);
    collect::collect_title_block(issue, fonts, style, ids, photos)
}

/// The article's flow items, set block by block as distribution asks for them.
fn flow_items<'a>(
    issue: &'a Issue,
    fonts: &'a Fonts,
    style: &'a style::Style,
    ids: &'a mut collect::Ids,
    sink: &'a mut Sink,
) -> impl Iterator<Item = collect::Item> + 'a {
    enum Next<'b> {
        Block(&'b crate::model::Block),
        Notes,
    }
    // A photo above the title (题图) is set in the title block.
    issue
        .before_title
        .iter()
        .filter(|b| !matches!(b.kind, crate::model::BlockKind::Figure(_)))
        .chain(issue.blocks.iter())
        .map(Next::Block)
        .chain(std::iter::once(Next::Notes))
        .flat_map(move |next| {
            let mut items = Vec::new();
            match next {
                Next::Block(block) => {
                    blocks::collect_block(issue, block, fonts, style, ids, sink, &mut items)
                }
                Next::Notes => {
                    let mut cx = blocks::Cx {
                        issue,
                        fonts,
                        style,
                        ids,
                        sink,
                    };
                    blocks::end_notes(&mut cx, &mut items);
                }
            }
            items
        })
}

/// Stages 1–3 (style, collect, distribute) with everything placed held in
/// memory, for the page-building tests.
#[cfg(test)]
fn lay_out(
    issue: &Issue,
    fonts: &Fonts,
    sink: &mut Sink,
) -> (style::Style, flow::distribute::Distribution) {
    let style = style::Style::resolve(&issue.layout);
    let mut ids = collect::Ids::default();
    let mut collect_sink = Sink::default();
    let title = title_block(issue, fonts, &style, &mut ids, &mut collect_sink);
    let items: Vec<_> = flow_items(issue, fonts, &style, &mut ids, &mut collect_sink).collect();
    sink.diags.extend(collect_sink.diags);
    let notes = foot_notes(issue, fonts, &style);
    let dist = flow::distribute::distribute(&style, Some(title), items, notes, sink);
    (style, dist)
}

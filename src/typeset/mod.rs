//! Model → frames: the Chinese page builder. No krilla, no file I/O beyond
//! reading photo headers.
//!
//! [`typeset`] runs four stages:
//! 1. [`style`]: page geometry and type styles from the issue's layout settings;
//! 2. [`collect`]: blocks → flow items (paragraph lines via [`inline::layout_par`],
//!    heading blocks, figures, the pull quote);
//! 3. [`distribute`]: items → columns of pages with the keep rules;
//! 4. [`pages`]: page frames with running heads, folios and crop marks.

pub mod inline;

mod collect;
mod distribute;
mod pages;
mod photo;
mod style;
mod text;

#[cfg(test)]
mod tests;

use crate::diag::{DiagResult, Diagnostic, Sink};
use crate::fonts::{Fonts, Role};
use crate::frame::{DocMeta, FaceData, OutlineEntry, PagedDoc};
use crate::model::Issue;

/// Typeset an issue into pages. Returns the pages and warnings (e.g. photos
/// below 300 ppi at their printed size); errors when nothing can be set.
pub fn typeset(issue: &Issue, fonts: &Fonts) -> DiagResult<(PagedDoc, Vec<Diagnostic>)> {
    let mut sink = Sink::default();
    let (style, dist) = lay_out(issue, fonts, &mut sink);
    let outline = dist
        .marks
        .iter()
        .map(|m| OutlineEntry {
            title: m.title.clone(),
            level: m.level,
            page: m.page,
            y: m.y,
        })
        .collect();
    let pages = pages::build_pages(dist, &style, &issue.meta, fonts);
    if sink.has_errors() {
        return Err(sink.diags);
    }
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
    let mut roles: Vec<Role> = Role::ALL.to_vec();
    for page in &pages {
        fallback_roles(&page.frame, &mut roles);
    }
    let faces = roles
        .iter()
        .map(|&role| {
            let f = fonts.face(role);
            FaceData {
                role,
                data: f.data.clone(),
                index: f.index,
            }
        })
        .collect();
    Ok((PagedDoc { pages, meta, faces }, sink.diags))
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

/// Stages 1–3: style, collect, distribute.
fn lay_out(
    issue: &Issue,
    fonts: &Fonts,
    sink: &mut Sink,
) -> (style::Style, distribute::Distribution) {
    let style = style::Style::resolve(&issue.layout);
    let mut ids = collect::Ids::default();
    let title = collect::collect_title_block(issue, fonts, &style, &mut ids);
    let items = collect::collect_blocks(issue, fonts, &style, &mut ids, sink);
    let dist = distribute::distribute(&style, Some(title), items, sink);
    (style, dist)
}

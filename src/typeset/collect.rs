//! Collect: the title block of page 1 and the tag ids handed out in reading
//! order. The blocks' layouters are in [`super::blocks`] (one file per
//! kind); the items they make are [`super::flow::items`], named here too for
//! the layouters outside `blocks/`.

use super::inline::Align;
use super::style::{Style, TextStyle};
use super::text::{plain, set_lines, stack, styled_segments};
use crate::fonts::Fonts;
use crate::frame::{Frame, FrameItem, Point, Size, Tag, TagKind};
use crate::model::Issue;

pub(crate) use super::flow::{Item, KeptBlock, OutlineMark};

/// First-line indent of every paragraph, in em (clreq §3.4.1: 2 em, also after headings).
const PARA_INDENT_EM: f32 = 2.0;

/// Hands out tag ids in reading order.
#[derive(Debug, Default)]
pub(crate) struct Ids(u32);

impl Ids {
    /// Ids that go up from `n` (the last id of what came before).
    pub(crate) fn starting_at(n: u32) -> Ids {
        Ids(n)
    }
    /// The last id handed out.
    pub(crate) fn last(&self) -> u32 {
        self.0
    }
    /// The next id.
    pub(crate) fn next(&mut self) -> u32 {
        self.0 += 1;
        self.0
    }
}

/// Space under a photo above the title (题图), in body lines.
const TITLE_PHOTO_SPACE_LINES: f32 = 1.0;

/// Space after each line of the headline group, in body lines: the title
/// stands apart, subtitle and byline/date group together.
mod title_space {
    pub const TITLE: f32 = 0.4;
    pub const SUBTITLE: f32 = 0.6;
    pub const BYLINE: f32 = 0.15;
    /// Around the accent rule under the headline group.
    pub const RULE: f32 = 0.6;
    /// At least this much after the lead before the body starts.
    pub const AFTER_LEAD: f32 = 0.6;
}

/// The title block of page 1 (full type-area width): the photos above the
/// title (题图, set by `blocks::title_photos` at this width, their ids
/// taken first), title, subtitle, byline, date, an accent rule, the lead; a
/// whole number of body lines high.
pub(crate) fn collect_title_block(
    issue: &Issue,
    fonts: &Fonts,
    style: &Style,
    ids: &mut Ids,
    photos: Vec<Frame>,
) -> (Frame, Vec<OutlineMark>) {
    let width = style.body.w;
    let m = &issue.meta;
    let byline = m.byline_text();
    let date = m.date.as_deref().map(display_date);
    let column = m.column.as_deref().map(|c| format!("【{c}】"));
    let headline: [(Option<&str>, &TextStyle, TagKind, f32); 6] = [
        (
            column.as_deref(),
            &style.byline,
            TagKind::Para,
            title_space::BYLINE,
        ),
        (
            m.kicker.as_deref(),
            &style.subtitle,
            TagKind::Para,
            title_space::BYLINE,
        ),
        (
            Some(m.title.as_str()),
            &style.title,
            TagKind::Title,
            title_space::TITLE,
        ),
        (
            m.subtitle.as_deref(),
            &style.subtitle,
            TagKind::Para,
            title_space::SUBTITLE,
        ),
        (
            (!byline.is_empty()).then_some(byline.as_str()),
            &style.byline,
            TagKind::Para,
            title_space::BYLINE,
        ),
        (date.as_deref(), &style.date, TagKind::Para, 0.0),
    ];
    let mut out = Frame::new(Size::new(width, 0.0));
    let mut y = 0.0;
    for photo in photos {
        let h = photo.size.h;
        out.push_frame(Point::new(0.0, y), photo, None);
        y += h + TITLE_PHOTO_SPACE_LINES * style.pitch;
    }
    let mut title_y = y;
    for (text, ts, kind, space_after) in headline {
        let Some(text) = text.filter(|t| !t.is_empty()) else {
            continue;
        };
        let lines = set_lines(fonts, plain(text, ts), ts, width, 0.0, Align::Center, true);
        let f = stack(lines, width);
        let h = f.size.h;
        if kind == TagKind::Title {
            title_y = y;
        }
        out.push_frame(
            Point::new(0.0, y),
            f,
            Some(Tag {
                id: ids.next(),
                kind,
                parents: None,
            }),
        );
        y += h + space_after * style.pitch;
    }
    // An accent rule closes the headline group.
    y += style.pitch * title_space::RULE;
    out.push(
        Point::new(0.0, y),
        FrameItem::hrule(width, 1.0, style.accent),
    );
    y += style.pitch * title_space::RULE;
    if let Some(lead) = &issue.lead {
        let lines: Vec<Frame> = styled_segments(lead, &style.lead)
            .into_iter()
            .enumerate()
            .flat_map(|(k, runs)| {
                let indent = if k == 0 { PARA_INDENT_EM } else { 0.0 };
                set_lines(
                    fonts,
                    runs,
                    &style.lead,
                    width,
                    indent,
                    Align::Justify,
                    false,
                )
            })
            .collect();
        if !lines.is_empty() {
            let f = stack(lines, width);
            let h = f.size.h;
            out.push_frame(
                Point::new(0.0, y),
                f,
                Some(Tag {
                    id: ids.next(),
                    kind: TagKind::Para,
                    parents: None,
                }),
            );
            y += h;
        }
    }
    out.size.h = style.to_grid(y + title_space::AFTER_LEAD * style.pitch);
    (out, vec![(m.title.clone(), 0, title_y)])
}

pub(crate) use crate::model::display_date;

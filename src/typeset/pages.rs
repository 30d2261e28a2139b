//! Pages: placed content → page frames with running heads, folios and crop
//! marks (clreq §2.3.1: trim size, type area, running head and folio positions).

use super::flow::Placed;
use super::inline::Align;
use super::style::{CROP_MARK_GAP_MM, CROP_MARK_LEN_MM, CROP_MARK_WIDTH_PT, Style};
use super::text::{plain, set_lines};
use crate::fonts::Fonts;
use crate::frame::{
    Artifact, Color, Frame, FrameItem, Geometry, Page, Point, Shape, Size, Tag, TagKind,
};
use crate::geom::mm;
use crate::model::Meta;

/// Distance of the running head's rule above the type area, in body lines
/// (enough that a pull quote's rule at the top of the type area stays apart).
const HEAD_RULE_ABOVE_BODY_LINES: f32 = 1.0;
/// Gap between the running head's text and its rule, in pt.
const HEAD_RULE_GAP_PT: f32 = 2.0;
/// Distance of the folio's baseline above the trimmed foot, in mm.
const FOLIO_FROM_FOOT_MM: f32 = 11.0;
/// Weight of the running head's rule, in pt.
const HEAD_RULE_PT: f32 = 0.5;

/// Build page `n` (from 0) from what was placed on it. `head` is the running
/// head's text (see [`running_head_text`]).
pub(crate) fn build_page(
    n: usize,
    at: &super::Placement,
    placed: Vec<Placed>,
    style: &Style,
    fonts: &Fonts,
) -> Page {
    let index = at.first_page + n;
    let mut page = blank_page(style, index);
    let dx = style.page_dx(index);
    for Placed { pos, frame, .. } in placed {
        page.frame
            .push_frame(Point::new(pos.x + dx, pos.y), frame, None);
    }
    // The running head and the folio on every page, the article's opening
    // page too, as a newspaper page carries its 报眉 and 版次. (A book leaves
    // them off a chapter's opening page; here that made the head of a
    // two-page article stand on one page only, so tools that drop text
    // repeated at every page's top, pdftotext-based checks among them, read
    // it into a paragraph that runs from page 1 to page 2.)
    add_running_head(&mut page, &at.head, style, fonts);
    add_folio(&mut page, index + 1, style, fonts);
    add_crop_marks(&mut page, style);
    page
}

/// Page `index` (from 0) of the book's size, empty, without marks: its
/// type area where the margins put it on a recto or a verso.
pub(crate) fn blank_page(style: &Style, index: usize) -> Page {
    let mut body = style.body;
    body.x += style.page_dx(index);
    Page {
        frame: Frame::new(style.media),
        trim: style.trim,
        bleed: style.bleed,
        body,
    }
}

/// A page that is left blank (before an article that opens on a recto): crop marks only.
pub(crate) fn empty_page(style: &Style, index: usize) -> Page {
    let mut page = blank_page(style, index);
    add_crop_marks(&mut page, style);
    page
}

/// Page `index` of the book's front matter or an issue's title page:
/// `content` in the type area, the folio `number` (when given), crop marks.
pub(crate) fn furnished_page(
    content: Frame,
    index: usize,
    number: Option<usize>,
    style: &Style,
    fonts: &Fonts,
) -> Page {
    let mut page = blank_page(style, index);
    page.frame
        .push_frame(Point::new(page.body.x, page.body.y), content, None);
    if let Some(n) = number {
        add_folio(&mut page, n, style, fonts);
    }
    add_crop_marks(&mut page, style);
    page
}

/// Publication name (left) and issue and date (right): `十堰日报` … `第1期　2023年7月1日`.
pub(crate) fn running_head_text(meta: &Meta) -> (String, String) {
    let mut right = Vec::new();
    if let Some(n) = meta.issue_number {
        right.push(format!("第{n}期"));
    }
    if let Some(d) = &meta.date {
        right.push(super::collect::display_date(d));
    }
    // An ideographic space (1 em), the usual separator in Chinese running heads.
    (meta.publication.clone(), right.join("\u{3000}"))
}

/// Page furniture: outside the logical structure.
fn artifact(frame: Frame, kind: Artifact) -> FrameItem {
    FrameItem::Group(crate::frame::Group {
        frame,
        tag: Some(Tag {
            id: 0,
            kind: TagKind::Artifact(kind),
            parents: None,
        }),
    })
}

/// Publication name flush left, issue and date flush right, a hairline under them.
fn add_running_head(
    page: &mut Page,
    (left, right): &(String, String),
    style: &Style,
    fonts: &Fonts,
) {
    let ts = &style.running_head;
    let w = style.body.w;
    let mut head = Frame::new(Size::new(w, ts.pitch + HEAD_RULE_GAP_PT));
    if let Some(l) = set_lines(fonts, plain(left, ts), ts, w, 0.0, Align::Start, false)
        .into_iter()
        .next()
    {
        head.push_frame(Point::new(0.0, 0.0), l, None);
    }
    if let Some(mut r) = set_lines(fonts, plain(right, ts), ts, w, 0.0, Align::Start, false)
        .into_iter()
        .next()
    {
        let used: f32 = r
            .items
            .iter()
            .filter_map(|(p, i)| match i {
                FrameItem::Text(t) => Some(p.x + t.width()),
                _ => None,
            })
            .fold(0.0, f32::max);
        r.size.w = used;
        head.push_frame(Point::new(w - used, 0.0), r, None);
    }
    head.push(
        Point::new(0.0, ts.pitch + HEAD_RULE_GAP_PT / 2.0),
        FrameItem::Shape(Shape {
            geometry: Geometry::Line(w, 0.0),
            fill: None,
            stroke: Some((Color::Black, HEAD_RULE_PT)),
        }),
    );
    let rule_y = style.body.y - HEAD_RULE_ABOVE_BODY_LINES * style.pitch;
    let y = rule_y - (ts.pitch + HEAD_RULE_GAP_PT / 2.0);
    page.frame
        .push(Point::new(page.body.x, y), artifact(head, Artifact::Header));
}

/// The page number, centred under the type area.
fn add_folio(page: &mut Page, number: usize, style: &Style, fonts: &Fonts) {
    let ts = &style.folio;
    let w = style.body.w;
    if let Some(line) = set_lines(
        fonts,
        plain(&number.to_string(), ts),
        ts,
        w,
        0.0,
        Align::Center,
        true,
    )
    .into_iter()
    .next()
    {
        let y = style.trim.bottom() - mm(FOLIO_FROM_FOOT_MM) - line.size.h / 2.0;
        page.frame
            .push(Point::new(page.body.x, y), artifact(line, Artifact::Footer));
    }
}

/// Crop marks at the four trim corners, in registration colour, starting
/// outside the bleed so they never reach the trimmed page.
fn add_crop_marks(page: &mut Page, style: &Style) {
    let t = style.trim;
    let off = (t.x - style.bleed.x) + mm(CROP_MARK_GAP_MM);
    let len = mm(CROP_MARK_LEN_MM);
    let mut marks = Frame::new(style.media);
    let line = |dx, dy| {
        FrameItem::Shape(Shape {
            geometry: Geometry::Line(dx, dy),
            fill: None,
            stroke: Some((Color::Registration, CROP_MARK_WIDTH_PT)),
        })
    };
    for (cx, sx) in [(t.x, -1.0), (t.right(), 1.0)] {
        for (cy, sy) in [(t.y, -1.0), (t.bottom(), 1.0)] {
            // Horizontal mark on the trim line, out from the corner.
            marks.push(Point::new(cx + sx * off, cy), line(sx * len, 0.0));
            // Vertical mark.
            marks.push(Point::new(cx, cy + sy * off), line(0.0, sy * len));
        }
    }
    page.frame.push(
        Point::new(0.0, 0.0),
        artifact(marks, Artifact::PrinterMarks),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::{Rect, TagKind};
    use crate::model::LayoutSettings;

    #[test]
    fn crop_marks_lie_outside_the_bleed_and_inside_the_media_box() {
        let style = Style::resolve(&LayoutSettings::default());
        let mut page = Page {
            frame: Frame::new(style.media),
            trim: style.trim,
            bleed: style.bleed,
            body: style.body,
        };
        add_crop_marks(&mut page, &style);
        let media = Rect::new(0.0, 0.0, style.media.w, style.media.h);
        let FrameItem::Group(g) = &page.frame.items[0].1 else {
            panic!("marks group")
        };
        assert_eq!(
            g.tag.as_ref().map(|t| t.kind.clone()),
            Some(TagKind::Artifact(Artifact::PrinterMarks))
        );
        assert_eq!(g.frame.items.len(), 8, "two marks at each corner");
        for (p, item) in &g.frame.items {
            let FrameItem::Shape(s) = item else {
                panic!("marks are lines")
            };
            assert_eq!(s.stroke.map(|s| s.0), Some(Color::Registration));
            let b = s.geometry.bbox();
            let r = Rect::new(p.x + b.x, p.y + b.y, b.w, b.h);
            assert!(media.contains_rect(&r, 0.01), "{r:?} outside the media box");
            let clear = r.right() <= style.bleed.x
                || r.x >= style.bleed.right()
                || r.bottom() <= style.bleed.y
                || r.y >= style.bleed.bottom();
            assert!(clear, "{r:?} reaches into the bleed {:?}", style.bleed);
        }
    }
}

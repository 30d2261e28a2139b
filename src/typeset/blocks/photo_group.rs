//! Photo groups: two or three photos side by side at one height (or
//! stacked), one caption under them; a fixed float.

use super::Cx;
use super::caption::caption_lines;
use super::figure::asset_info;
use crate::diag::Span;
use crate::frame::{Frame, Point, Size, Tag, TagKind};
use crate::model::{Block, plain_text};
use crate::typeset::figure::{CAPTION_GAP_LINES, photo_frame};
use crate::typeset::flow::{Float, Item, PlacedKind};
use crate::typeset::text::stack;

/// The steps a photo group side by side in a column may be set lower, as a
/// share of its photos' full height, when it does not fit where it stands.
const GROUP_SHRINK_STEPS: [f32; 2] = [0.85, 0.7];

/// Gap between the photos of a group, pt.
pub(crate) const PHOTO_GROUP_GAP_PT: f32 = 6.0;

/// Photos of a group side by side lower than this (25 mm, in pt: thumbnails)
/// are stacked instead, each at the column's width.
pub(crate) const PHOTO_GROUP_MIN_ROW_PT: f32 = 25.0 * 72.0 / 25.4;

/// Photos of a group side by side at one height across the column (at most
/// a share of the type area high); in two columns, where the column is too
/// narrow for that (lower than 25 mm) but the page is not, side by side
/// across both columns (a spanning float); else stacked at the column's
/// width. One caption under them; a fixed float.
pub(crate) fn collect_photo_group(
    cx: &mut Cx<'_>,
    g: &crate::model::PhotoGroup,
    b: &Block,
    items: &mut Vec<Item>,
) {
    const GAP_PT: f32 = PHOTO_GROUP_GAP_PT;
    /// Highest share of the type area a group may take.
    const MAX_HEIGHT: f32 = 0.45;
    /// Highest share of the type area stacked photos may take.
    const MAX_STACK_HEIGHT: f32 = 0.75;
    let style = cx.style;
    let at = Span::new(cx.issue.article.clone(), b.span.clone());
    let mut photos = Vec::new();
    for f in &g.photos {
        let Some(asset) = cx.issue.assets.get(f.asset) else {
            continue;
        };
        match asset_info(
            asset,
            cx.fonts,
            style,
            style.column_width / g.photos.len() as f32,
        ) {
            Ok((info, label)) => photos.push((info, asset, label, f)),
            Err(mut d) => {
                d.span = Some(at.clone());
                cx.sink.push(d);
            }
        }
    }
    if photos.is_empty() {
        return;
    }
    let gaps = GAP_PT * (photos.len() as f32 - 1.0);
    let ratio: f32 = photos
        .iter()
        .map(|(i, ..)| {
            let (w, h) = i.display_pixels();
            w as f32 / h.max(1) as f32
        })
        .sum();
    let row_height = |width: f32| ((width - gaps) / ratio.max(0.01)).min(style.body.h * MAX_HEIGHT);
    // Too narrow a column for the photos side by side: in two columns they
    // stand side by side across both (a spanning float, as a wide table
    // does) rather than one under another down one column (QA D20).
    let spans = style.columns == 2
        && photos.len() > 1
        && row_height(style.column_width) < PHOTO_GROUP_MIN_ROW_PT
        && row_height(style.body.w) >= PHOTO_GROUP_MIN_ROW_PT;
    let width = if spans {
        style.body.w
    } else {
        style.column_width
    };
    let h = row_height(width);
    let aspects: Vec<f32> = photos
        .iter()
        .map(|(i, ..)| {
            let (w, ph) = i.display_pixels();
            w as f32 / ph.max(1) as f32
        })
        .collect();
    // Each photo's box (x, y, width, height): side by side at one height,
    // or one under another at the column's width when that height would
    // make a strip (a narrow column).
    let boxes: Vec<(f32, f32, f32, f32)> = if h < PHOTO_GROUP_MIN_ROW_PT && photos.len() > 1 {
        let most = style.body.h * MAX_STACK_HEIGHT - gaps;
        let natural: f32 = aspects.iter().map(|a| width / a.max(0.01)).sum();
        let scale = (most / natural.max(0.01)).min(1.0);
        let mut y = 0.0;
        aspects
            .iter()
            .map(|a| {
                let (w, bh) = (width * scale, width * scale / a.max(0.01));
                let b = ((width - w) / 2.0, y, w, bh);
                y += bh + GAP_PT;
                b
            })
            .collect()
    } else {
        let row_w: f32 = aspects.iter().map(|a| h * a).sum::<f32>() + gaps;
        let mut x = ((width - row_w) / 2.0).max(0.0);
        aspects
            .iter()
            .map(|a| {
                let b = (x, 0.0, h * a, h);
                x += h * a + GAP_PT;
                b
            })
            .collect()
    };
    let stacked = h < PHOTO_GROUP_MIN_ROW_PT && photos.len() > 1;
    // Resolution at the full size (a smaller rendition prints more finely).
    for ((info, asset, label, _), &(_, _, w, _)) in photos.iter().zip(&boxes) {
        if label.is_none()
            && let Some(d) = crate::typeset::photo::resolution_finding(
                &asset.href,
                info.display_pixels(),
                w,
                crate::typeset::flow::distribute::MIN_PRINT_PPI,
            )
        {
            cx.sink.push(d.at(at.clone()));
        }
    }
    let alts: Vec<String> = photos
        .iter()
        .map(|(_, asset, label, f)| {
            let alt = if f.alt.is_empty() {
                plain_text(&g.caption)
            } else {
                f.alt.clone()
            };
            if label.is_some() {
                crate::typeset::placeholder::alt(&asset.href, &alt)
            } else {
                alt
            }
        })
        .collect();
    let photo_ids: Vec<u32> = photos.iter().map(|_| cx.ids.next()).collect();
    let lines = caption_lines(cx.fonts, style, &g.caption, g.credit.as_deref(), width);
    let caption_id = (!lines.is_empty()).then(|| cx.ids.next());
    // One rendition: the photos in `boxes` (centred across the width),
    // the caption under them.
    let build = |boxes: &[(f32, f32, f32, f32)]| {
        let mut out = Frame::new(Size::new(width, 0.0));
        let mut y = 0.0;
        for (k, ((info, asset, label, _), &(x, top, w, h))) in photos.iter().zip(boxes).enumerate()
        {
            let fig = photo_frame(info, &asset.path, label.as_deref(), w, h);
            out.push_frame(
                Point::new(x, top),
                fig,
                Some(Tag {
                    id: photo_ids[k],
                    kind: TagKind::Figure(alts[k].clone()),
                    parents: None,
                }),
            );
            y = f32::max(y, top + h);
        }
        if let Some(id) = caption_id {
            y += CAPTION_GAP_LINES * style.caption.pitch;
            let cap = stack(lines.clone(), width);
            let ch = cap.size.h;
            out.push_frame(
                Point::new(0.0, y),
                cap,
                Some(Tag {
                    id,
                    kind: TagKind::Caption,
                    parents: None,
                }),
            );
            y += ch;
        }
        out.size.h = style.to_grid(y);
        out
    };
    let out = build(&boxes);
    if spans {
        items.push(Item::Float(Float::Span(out)));
    } else if stacked {
        items.push(Item::Float(Float::Fixed(out, PlacedKind::PhotoGroup)));
    } else {
        // Side by side in the column: lower renditions, so a group that
        // does not fit under the text before it stands there a step
        // smaller rather than alone at the next page's top (QA).
        let mut renditions = vec![out];
        for step in GROUP_SHRINK_STEPS {
            let row = h * step;
            if row < PHOTO_GROUP_MIN_ROW_PT {
                break;
            }
            let scaled: Vec<(f32, f32, f32, f32)> = boxes
                .iter()
                .map(|&(_, _, w, _)| w * step)
                .scan(0.0, |x, w| {
                    let b = (*x, 0.0, w, row);
                    *x += w + GAP_PT;
                    Some(b)
                })
                .collect();
            let row_w = scaled.last().map_or(0.0, |b| b.0 + b.2);
            let shift = ((width - row_w) / 2.0).max(0.0);
            let centred: Vec<_> = scaled
                .iter()
                .map(|b| (b.0 + shift, b.1, b.2, b.3))
                .collect();
            renditions.push(build(&centred));
        }
        items.push(Item::Float(Float::Group(renditions)));
    }
}

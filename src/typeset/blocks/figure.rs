//! A figure: the photo's header probed, the caption set; a float sized
//! where it is placed ([`crate::typeset::figure::FigureSpec`]).

use super::Cx;
use crate::diag::{Diagnostic, Sink, Span};
use crate::fonts::Fonts;
use crate::frame::Frame;
use crate::model::{Block, BlockKind, Figure, Issue, plain_text};
use crate::typeset::collect::Ids;
use crate::typeset::figure::FigureSpec;
use crate::typeset::flow::{Float, Item};
use crate::typeset::photo::{self, PhotoInfo};
use crate::typeset::style::Style;

/// The header facts of an asset (a placeholder's 3:2), and for a placeholder
/// its label set at `width`.
pub(super) fn asset_info(
    asset: &crate::model::Asset,
    fonts: &Fonts,
    style: &Style,
    width: f32,
) -> Result<(PhotoInfo, Option<Vec<Frame>>), Diagnostic> {
    if asset.placeholder {
        let label = crate::typeset::placeholder::label(fonts, style, &asset.href, width);
        return Ok((crate::typeset::placeholder::info(), Some(label)));
    }
    photo::probe_asset(asset).map(|i| (i, None))
}

/// A figure: probe the photo's header, set the caption in Kai (smaller,
/// centred when it fits on one line, else justified).
fn collect_figure(
    issue: &Issue,
    f: &Figure,
    at: &std::ops::Range<usize>,
    fonts: &Fonts,
    style: &Style,
    width: f32,
    ids: &mut Ids,
    sink: &mut Sink,
) -> Option<FigureSpec> {
    let span = Some(Span::new(issue.article.clone(), at.clone()));
    let Some(asset) = issue.assets.get(f.asset) else {
        let d = Diagnostic::warning(format!(
            "figure refers to missing asset #{} (left out)",
            f.asset
        ));
        sink.push(match &span {
            Some(s) => d.at(s.clone()),
            None => d,
        });
        return None;
    };
    let (info, placeholder) = match asset_info(asset, fonts, style, width) {
        Ok(i) => i,
        Err(mut d) => {
            d.span = Some(Span::new(issue.article.clone(), at.clone()));
            sink.push(d);
            return None;
        }
    };
    let caption =
        super::caption::caption_lines(fonts, style, &f.caption, f.credit.as_deref(), width);
    let mut alt = if f.alt.is_empty() {
        plain_text(&f.caption)
    } else {
        f.alt.clone()
    };
    if placeholder.is_some() {
        alt = crate::typeset::placeholder::alt(&asset.href, &alt);
    }
    let tag_ids = (ids.next(), ids.next());
    Some(FigureSpec {
        info,
        path: asset.path.clone(),
        href: asset.href.clone(),
        caption,
        alt,
        tag_ids,
        span,
        placeholder,
    })
}

/// A figure block as a float.
pub(crate) fn collect_figure_item(cx: &mut Cx<'_>, f: &Figure, b: &Block, items: &mut Vec<Item>) {
    let width = cx.style.column_width;
    if let Some(spec) = collect_figure(
        cx.issue, f, &b.span, cx.fonts, cx.style, width, cx.ids, cx.sink,
    ) {
        items.push(Item::Float(Float::Figure(spec)));
    }
}

/// The share of the type area's height a photo above the title (题图) may
/// take at most, so the title block stays on its page with text under it.
const TITLE_PHOTO_MAX_SHARE: f32 = 0.45;

/// The photos above the title (题图), as the source has them: each set
/// across `width` (the title block's) for the head of the title block, its
/// caption under it; before the title in reading order too (their tags'
/// ids are taken before the title's).
pub(crate) fn title_photos(
    issue: &Issue,
    fonts: &Fonts,
    style: &Style,
    width: f32,
    ids: &mut Ids,
    sink: &mut Sink,
) -> Vec<Frame> {
    issue
        .before_title
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Figure(f) => title_photo(issue, f, b, fonts, style, width, ids, sink),
            _ => None,
        })
        .collect()
}

/// One photo above the title, set across `width`.
fn title_photo(
    issue: &Issue,
    f: &Figure,
    b: &Block,
    fonts: &Fonts,
    style: &Style,
    width: f32,
    ids: &mut Ids,
    sink: &mut Sink,
) -> Option<Frame> {
    let spec = collect_figure(issue, f, &b.span, fonts, style, width, ids, sink)?;
    let scale = spec
        .scale_to_fit(style, width, TITLE_PHOTO_MAX_SHARE * style.body.h)
        .unwrap_or(1.0);
    let printed = spec.printed_width(style, width, scale);
    if let Some(d) = spec.check_resolution(printed, crate::typeset::MIN_PRINT_PPI) {
        sink.push(d);
    }
    Some(spec.build(style, width, scale))
}

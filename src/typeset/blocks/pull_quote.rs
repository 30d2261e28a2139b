//! The pull quote (a banner slogan between two accent rules): a fixed float.

use super::rule;
use crate::fonts::Fonts;
use crate::frame::{Frame, Point, Size, Tag, TagKind};
use crate::model::PullQuote;
use crate::typeset::collect::Ids;
use crate::typeset::inline::Align;
use crate::typeset::style::Style;
use crate::typeset::text::{plain, set_lines};

/// Weight of the pull quote's rules, in pt (top rule heavier, as on the printed page).
const QUOTE_RULE_TOP_PT: f32 = 2.0;
const QUOTE_RULE_BOTTOM_PT: f32 = 0.75;

/// The pull quote: slogan lines large, bold and in the accent colour between
/// two accent rules, attribution lines smaller under them; a whole number of
/// body lines high (clreq §3.4.2).
pub(crate) fn collect_pull_quote(
    q: &PullQuote,
    fonts: &Fonts,
    style: &Style,
    ids: &mut Ids,
) -> Frame {
    let width = style.column_width;
    let mut body = Frame::new(Size::new(width, 0.0));
    let mut y = style.pitch * 0.5;
    // Slogan lines, then the smaller attribution lines, each centred.
    let mut set = |lines: &[String], ts, y: &mut f32| {
        for line in lines {
            for f in set_lines(fonts, plain(line, ts), ts, width, 0.0, Align::Center, true) {
                let h = f.size.h;
                body.push_frame(Point::new(0.0, *y), f, None);
                *y += h;
            }
        }
    };
    set(&q.lines, &style.slogan, &mut y);
    if !q.attribution.is_empty() {
        y += style.pitch * 0.25;
    }
    set(&q.printed_attribution(), &style.attribution, &mut y);
    y += style.pitch * 0.5;
    let grid_h = style.to_grid(y);
    let shift = (grid_h - y) / 2.0;
    for (p, _) in &mut body.items {
        p.y += shift;
    }
    body.size.h = grid_h;
    let mut out = Frame::new(Size::new(width, grid_h));
    out.push(
        Point::new(0.0, QUOTE_RULE_TOP_PT / 2.0),
        rule(width, QUOTE_RULE_TOP_PT, style.accent),
    );
    out.push(
        Point::new(0.0, grid_h - QUOTE_RULE_BOTTOM_PT / 2.0),
        rule(width, QUOTE_RULE_BOTTOM_PT, style.accent),
    );
    out.push_frame(
        Point::new(0.0, 0.0),
        body,
        Some(Tag {
            id: ids.next(),
            kind: TagKind::Quote,
            parents: None,
        }),
    );
    out
}

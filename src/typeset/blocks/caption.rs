//! A photo's caption with its credit: the credit a size smaller after the
//! caption, and never broken across lines when it fits one (a photographer's
//! name parted over two lines, `（记者 张 / 伟 摄）`, is a typesetting error).

use super::content_width;
use crate::fonts::Fonts;
use crate::frame::{Frame, Point, Size};
use crate::model::Inline;
use crate::typeset::inline::Align;
use crate::typeset::style::{Style, TextStyle};
use crate::typeset::text::{plain, set_lines, styled_segments};

/// A photo credit's size as a share of the caption's.
const CREDIT_SCALE: f32 = 0.85;

/// A photo's or a photo group's caption lines at `width`, justified, with the credit
/// after it a size smaller: at the end of the caption's last line when it
/// fits there whole, else on a line of its own, flush right (a credit never
/// breaks across lines when it fits one).
pub(super) fn caption_lines(
    fonts: &Fonts,
    style: &Style,
    caption: &[Inline],
    credit: Option<&str>,
    width: f32,
) -> Vec<Frame> {
    let cap = &style.caption;
    let set = |segments: Vec<Vec<crate::typeset::inline::StyledText>>| -> Vec<Frame> {
        segments
            .into_iter()
            .flat_map(|runs| set_lines(fonts, runs, cap, width, 0.0, Align::Justify, true))
            .collect()
    };
    let mut segments = styled_segments(caption, cap);
    let mut lines = set(segments.clone());
    let Some(credit) = credit else {
        return lines;
    };
    let small = TextStyle {
        size: cap.size * CREDIT_SCALE,
        ..*cap
    };
    let one_line = |runs| set_lines(fonts, runs, &small, 1e5, 0.0, Align::Start, false);
    let credit_w = one_line(plain(credit, &small))
        .first()
        .map_or(0.0, content_width);
    let sep = if credit.starts_with(['（', '(']) {
        ""
    } else {
        "\u{3000}"
    };
    let last_w = lines.last().map_or(width, content_width);
    if !lines.is_empty() && last_w + cap.size + credit_w <= width {
        if let Some(last) = segments.last_mut() {
            last.extend(plain(sep, cap));
            last.extend(plain(credit, &small));
        }
        return set(segments);
    }
    for mut f in set_lines(
        fonts,
        plain(credit, &small),
        &small,
        width,
        0.0,
        Align::Start,
        false,
    ) {
        let used = content_width(&f);
        let mut line = Frame::new(Size::new(width, cap.pitch.max(f.size.h)));
        f.size.w = used;
        line.push_frame(Point::new((width - used).max(0.0), 0.0), f, None);
        lines.push(line);
    }
    lines
}

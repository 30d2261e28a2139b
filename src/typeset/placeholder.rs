//! A proof's stand-in for a photo that is not there yet (`build
//! --placeholders`): a light grey box at the photo's place, 3:2, with the
//! photo's file name and 照片待补 ("photo to come") centred in it. The caption
//! is set under it as under a photo.

use super::inline::Align;
use super::photo::PhotoInfo;
use super::style::Style;
use super::text::{set_lines, stack, styled_segments};
use crate::fonts::Fonts;
use crate::frame::{Color, Frame, FrameItem, Geometry, ImageFormat, Point, Shape, Size};
use crate::model::Inline;

/// What the box says under the file name.
pub(crate) const TO_COME: &str = "照片待补";

/// The box's fill: 15 % black, a light grey on paper and on screen.
const FILL: Color = Color::Process {
    cmyk: [0, 0, 0, 38],
    rgb: [217, 217, 217],
};

/// The box's outline: 50 % black, 0.5 pt.
const OUTLINE: (Color, f32) = (
    Color::Process {
        cmyk: [0, 0, 0, 128],
        rgb: [128, 128, 128],
    },
    0.5,
);

/// The header facts a placeholder is laid out by: a 3:2 landscape photo.
pub(crate) fn info() -> PhotoInfo {
    PhotoInfo {
        format: ImageFormat::Jpeg,
        pixels: (3000, 2000),
        orientation: 1,
    }
}

/// The box's text, the file name over [`TO_COME`], each line centred at
/// `width` in the body face.
pub(crate) fn label(fonts: &Fonts, style: &Style, href: &str, width: f32) -> Vec<Frame> {
    [href, TO_COME]
        .into_iter()
        .flat_map(|text| styled_segments(&[Inline::Text(text.to_owned())], &style.body_text))
        .flat_map(|runs| {
            set_lines(
                fonts,
                runs,
                &style.body_text,
                width,
                0.0,
                Align::Center,
                true,
            )
        })
        .collect()
}

/// The alternative text of a placeholder: what it stands for, then the
/// photo's own alternative text.
pub(crate) fn alt(href: &str, alt: &str) -> String {
    format!("{TO_COME}（{href}）：{alt}")
}

/// The grey box of `size` with `label` centred in it.
pub(crate) fn frame(label: &[Frame], size: Size) -> Frame {
    let mut out = Frame::new(size);
    out.push(
        Point::new(0.0, 0.0),
        FrameItem::Shape(Shape {
            geometry: Geometry::Rect(size),
            fill: Some(FILL),
            stroke: Some(OUTLINE),
        }),
    );
    let text = stack(label.to_vec(), label.first().map_or(size.w, |l| l.size.w));
    let at = Point::new(
        (size.w - text.size.w) / 2.0,
        ((size.h - text.size.h) / 2.0).max(0.0),
    );
    out.push_frame(at, text, None);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_box_is_three_by_two_and_grey() {
        let (w, h) = info().display_pixels();
        assert_eq!(w * 2, h * 3);
        let f = frame(&[], Size::new(150.0, 100.0));
        let FrameItem::Shape(s) = &f.items[0].1 else {
            panic!("the box comes first");
        };
        assert_eq!(s.geometry, Geometry::Rect(Size::new(150.0, 100.0)));
        assert!(
            matches!(s.fill, Some(Color::Process { cmyk: [0, 0, 0, k], .. }) if k > 0 && k < 64)
        );
    }

    #[test]
    fn alt_names_the_file_and_keeps_the_photos_own() {
        assert_eq!(
            alt("photos/x.jpg", "村口"),
            "照片待补（photos/x.jpg）：村口"
        );
    }
}

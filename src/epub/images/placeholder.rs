//! A proof's stand-in for a photo that is not there yet (`build
//! --placeholders`): a small SVG, a light grey 3:2 box with the photo's file
//! name and 照片待补 ("photo to come") centred in it. SVG is a core media type
//! of EPUB 3, so the book stays valid; the figure's caption is written as
//! for a photo.

use super::Encoded;
use crate::epub::xml::escape;

/// Width and height of the box, in SVG pixels: 3:2, as the PDF's.
pub(crate) const SIZE: (u32, u32) = (1500, 1000);

/// What the box says under the file name.
const TO_COME: &str = "照片待补";

/// The SVG image standing in for the photo `href`.
pub(crate) fn svg(href: &str) -> Encoded {
    let (w, h) = SIZE;
    let name = escape(href);
    let data = format!(
        r##"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">
<title>{TO_COME}（{name}）</title>
<rect x="2" y="2" width="{rw}" height="{rh}" fill="#d9d9d9" stroke="#808080" stroke-width="4"/>
<text x="{cx}" y="{y1}" font-family="sans-serif" font-size="56" text-anchor="middle" fill="#000000">{name}</text>
<text x="{cx}" y="{y2}" font-family="sans-serif" font-size="56" text-anchor="middle" fill="#000000">{TO_COME}</text>
</svg>
"##,
        rw = w - 4,
        rh = h - 4,
        cx = w / 2,
        y1 = h / 2 - 10,
        y2 = h / 2 + 70,
    );
    Encoded {
        media_type: "image/svg+xml",
        width: w,
        height: h,
        data: data.into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_file_escaped_at_three_by_two() {
        let e = svg("photos/a&b.jpg");
        let text = String::from_utf8(e.data).unwrap();
        assert_eq!((e.width * 2, e.media_type), (e.height * 3, "image/svg+xml"));
        assert!(text.contains(">photos/a&#38;b.jpg</text>"), "{text}");
        assert!(text.contains(TO_COME));
    }
}

//! A figure float: a photo with its caption, sized when the flow places it
//! (it may shrink a little to stay where it stands).

use super::photo::PhotoInfo;
use super::style::Style;
use super::text::stack;
use crate::diag::{Diagnostic, Span};
use crate::frame::{Frame, FrameItem, ImageItem, ImageSource, Point, Size, Tag, TagKind};

/// Gap between a photo and its caption, in caption lines.
pub(crate) const CAPTION_GAP_LINES: f32 = 0.4;

/// Tallest a photo is set, as a share of the type area's height: a portrait
/// photo at the full column width would fill a page, so it is set narrower
/// (centred), as newspapers set portraits.
pub(crate) const MAX_PHOTO_SHARE: f32 = 0.55;

/// A figure, built at a size chosen when it is placed.
#[derive(Debug, Clone)]
pub(crate) struct FigureSpec {
    /// The photo's header facts.
    pub info: PhotoInfo,
    /// Its file.
    pub path: std::path::PathBuf,
    /// Its path as the source writes it (for messages).
    pub href: String,
    /// Its caption lines, set at the column width.
    pub caption: Vec<Frame>,
    /// Alt text.
    pub alt: String,
    /// Tag ids of the figure and its caption.
    pub tag_ids: (u32, u32),
    /// Where the figure is in the source, for warnings.
    pub span: Option<Span>,
    /// For a proof's placeholder ([`crate::model::Asset::placeholder`]): the
    /// lines set in the grey box instead of the photo.
    pub placeholder: Option<Vec<Frame>>,
}

impl FigureSpec {
    /// Natural photo height at `width`.
    fn photo_height(&self, width: f32) -> f32 {
        let (pw, ph) = self.info.display_pixels();
        width * ph as f32 / pw.max(1) as f32
    }

    /// The photo's height at full size in a column `width` wide: its
    /// natural height, at most [`MAX_PHOTO_SHARE`] of the type area.
    fn full_height(&self, style: &Style, width: f32) -> f32 {
        self.photo_height(width).min(MAX_PHOTO_SHARE * style.body.h)
    }

    /// The photo's printed width at `scale` in a column `width` wide.
    pub(crate) fn printed_width(&self, style: &Style, width: f32, scale: f32) -> f32 {
        let natural = self.photo_height(width).max(f32::MIN_POSITIVE);
        width * scale * self.full_height(style, width) / natural
    }

    fn caption_height(&self) -> f32 {
        self.caption.iter().map(|f| f.size.h).sum()
    }

    fn gap(&self, style: &Style) -> f32 {
        if self.caption.is_empty() {
            0.0
        } else {
            CAPTION_GAP_LINES * style.caption.pitch
        }
    }

    /// Grid height of the figure with the photo at `scale` of its full size.
    pub(crate) fn height_at(&self, style: &Style, width: f32, scale: f32) -> f32 {
        style.to_grid(
            self.full_height(style, width) * scale + self.gap(style) + self.caption_height(),
        )
    }

    /// The largest scale (≤ 1) at which the figure fits in `max_h`, if any is positive.
    pub(crate) fn scale_to_fit(&self, style: &Style, width: f32, max_h: f32) -> Option<f32> {
        if self.height_at(style, width, 1.0) <= max_h + 0.01 {
            return Some(1.0);
        }
        // Whole body lines: the photo fills what the grid leaves after the caption.
        let room =
            (max_h / style.pitch).floor() * style.pitch - self.gap(style) - self.caption_height();
        let scale = room / self.full_height(style, width);
        (scale > 0.0).then_some(scale.min(1.0))
    }

    /// Build the figure frame: photo centred in the column at `scale`, caption
    /// directly under it, the whole centred in a grid-high box.
    pub(crate) fn build(&self, style: &Style, width: f32, scale: f32) -> Frame {
        let total_h = self.height_at(style, width, scale);
        let pw = self.printed_width(style, width, scale);
        let ph = self.full_height(style, width) * scale;
        let content_h = ph + self.gap(style) + self.caption_height();
        let top = ((total_h - content_h) / 2.0).max(0.0);
        let mut out = Frame::new(Size::new(width, total_h));

        let fig = photo_frame(&self.info, &self.path, self.placeholder.as_deref(), pw, ph);
        out.push_frame(
            Point::new((width - pw) / 2.0, top),
            fig,
            Some(Tag {
                id: self.tag_ids.0,
                kind: TagKind::Figure(self.alt.clone()),
                parents: None,
            }),
        );
        if !self.caption.is_empty() {
            let cap = stack(self.caption.clone(), width);
            out.push_frame(
                Point::new(0.0, top + ph + self.gap(style)),
                cap,
                Some(Tag {
                    id: self.tag_ids.1,
                    kind: TagKind::Caption,
                    parents: None,
                }),
            );
        }
        out
    }

    /// A warning when the photo prints below `min_ppi` at `width_pt`.
    pub(crate) fn check_resolution(&self, width_pt: f32, min_ppi: f32) -> Option<Diagnostic> {
        if self.placeholder.is_some() {
            return None;
        }
        let d = super::photo::resolution_finding(
            &self.href,
            self.info.display_pixels(),
            width_pt,
            min_ppi,
        )?;
        Some(match &self.span {
            Some(s) => d.at(s.clone()),
            None => d.in_file(&self.path),
        })
    }
}

/// A photo of `w` × `h` pt: the image, or a proof's placeholder box with `label`.
pub(crate) fn photo_frame(
    info: &PhotoInfo,
    path: &std::path::Path,
    label: Option<&[Frame]>,
    w: f32,
    h: f32,
) -> Frame {
    if let Some(label) = label {
        return super::placeholder::frame(label, Size::new(w, h));
    }
    let mut fig = Frame::new(Size::new(w, h));
    fig.push(
        Point::new(0.0, 0.0),
        FrameItem::Image(ImageItem {
            source: ImageSource::Path(path.to_path_buf()),
            format: info.format,
            pixels: info.pixels,
            orientation: info.orientation,
            size: Size::new(w, h),
        }),
    );
    fig
}

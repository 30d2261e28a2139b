//! The photos each PDF edition shows: the print file's byte for byte (or
//! resampled above `[print] max_ppi`), the screen edition's at 150 ppi. The
//! resampling is the EPUB's photo pipeline (`epub::print_photo`,
//! `epub::screen_photo`); this file turns a placed photo of the frames into
//! its arguments and the result back into a placed photo.

use crate::diag::{DiagResult, Diagnostic};
use crate::epub::Resampled;
use crate::frame::{ImageFormat, ImageItem, ImageSource};
use std::path::Path;
use std::sync::Arc;

/// The print PDF's version of `item` under `max_ppi`, with a warning when
/// it is kept over the limit.
pub(super) fn for_print(
    item: &ImageItem,
    max_ppi: f32,
    cache_dir: Option<&Path>,
) -> DiagResult<(ImageItem, Option<Diagnostic>)> {
    let ImageSource::Path(path) = &item.source else {
        return Ok((item.clone(), None));
    };
    let long_px = item.pixels.0.max(item.pixels.1);
    let (resampled, warning) =
        crate::epub::print_photo(path, long_px, long_edge(item), max_ppi, cache_dir)?;
    Ok((
        resampled.map_or_else(|| item.clone(), |r| placed(item, r)),
        warning,
    ))
}

/// The screen edition's version of `item` (see `epub::screen_photo`).
pub(super) fn for_screen(
    item: &ImageItem,
    epub_px: u32,
    cache_dir: Option<&Path>,
) -> DiagResult<(ImageItem, Option<Diagnostic>)> {
    let ImageSource::Path(path) = &item.source else {
        return Ok((item.clone(), None));
    };
    let r = crate::epub::screen_photo(path, long_edge(item), epub_px, cache_dir)?;
    Ok((placed(item, r), None))
}

/// The printed length of the photo's longest edge, in pt.
fn long_edge(item: &ImageItem) -> f32 {
    item.size.w.max(item.size.h)
}

/// `item` showing the resampled photo `r` at the same place and size.
fn placed(item: &ImageItem, r: Resampled) -> ImageItem {
    ImageItem {
        format: if r.png {
            ImageFormat::Png
        } else {
            ImageFormat::Jpeg
        },
        pixels: r.pixels,
        // The resampling has turned the pixels upright.
        orientation: 1,
        size: item.size,
        source: ImageSource::Bytes(Arc::new(r.data)),
    }
}

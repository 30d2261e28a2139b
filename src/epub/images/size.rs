//! How large a photo may be to be decoded at all, and the size it is made:
//! shared by the JPEG path (`jpeg`) and every other format (`convert`).

/// Largest buffer one decode may allocate. A 60-megapixel camera photo needs
/// about 180 MB as RGB; anything claiming more is refused before decoding, so
/// a small crafted file (a "decompression bomb") cannot exhaust memory.
pub(super) const MAX_DECODE_BYTES: u64 = 256 * 1024 * 1024;

/// Longest edge accepted from a file header, for the same reason.
pub(super) const MAX_DECODE_EDGE: u32 = 30_000;

/// The size that fits `max_px` on the long edge, keeping the aspect ratio.
pub(crate) fn fitted_size(width: u32, height: u32, max_px: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= max_px || max_px == 0 {
        return (width, height);
    }
    let scale = f64::from(max_px) / f64::from(long);
    let fit = |v: u32| ((f64::from(v) * scale).round() as u32).clamp(1, max_px);
    (fit(width), fit(height))
}

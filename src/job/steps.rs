//! The steps of a build as `--verbose` shows them: each a name and its wall
//! time. A photo of the EPUB is a step of its own, named by what happened to
//! it, so the slow photo of an issue can be found.

use crate::epub::PhotoTime;

/// How the name of a photo's step starts; such steps are printed in milliseconds.
pub const PHOTO_STEP: &str = "photo ";

/// Whether the step named `name` is one photo's.
pub fn is_photo_step(name: &str) -> bool {
    name.starts_with(PHOTO_STEP)
}

/// The step of one EPUB photo: `photo photos/a.jpg 2560×1600 → 1600×1000`,
/// then `, cached` when it came from the image cache, or `photo photos/x.jpg
/// placeholder → 1500×1000` for a proof's placeholder.
pub fn photo_step(t: &PhotoTime) -> (String, f64) {
    let size = |(w, h): (u32, u32)| format!("{w}×{h}");
    let source = match (t.placeholder, t.pixels_in) {
        (true, _) => "placeholder".to_owned(),
        (false, Some(p)) => size(p),
        (false, None) => "?".to_owned(),
    };
    let cached = if t.cached { ", cached" } else { "" };
    (
        format!(
            "{PHOTO_STEP}{} {source} → {}{cached}",
            t.href,
            size(t.pixels_out)
        ),
        t.seconds,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_photo_step_names_file_sizes_and_the_cache() {
        let mut t = PhotoTime {
            href: "photos/a.jpg".into(),
            pixels_in: Some((2560, 1600)),
            pixels_out: (1600, 1000),
            seconds: 0.026,
            cached: false,
            placeholder: false,
        };
        assert_eq!(
            photo_step(&t),
            ("photo photos/a.jpg 2560×1600 → 1600×1000".to_owned(), 0.026)
        );
        t.cached = true;
        assert!(photo_step(&t).0.ends_with("1600×1000, cached"));
        assert!(is_photo_step(&photo_step(&t).0) && !is_photo_step("pdf (typeset)"));
        t.placeholder = true;
        t.pixels_in = None;
        t.cached = false;
        assert_eq!(
            photo_step(&t).0,
            "photo photos/a.jpg placeholder → 1600×1000"
        );
    }
}

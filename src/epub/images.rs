//! Photos for the screen: EXIF orientation applied, scaled down to the
//! longest edge the layout allows, JPEG for photographs and PNG where there is
//! real transparency; CMYK and 16-bit sources become 8-bit RGB(A). Re-encoding
//! also drops camera metadata (GPS positions, serial numbers) from the book.
//! The conversion itself is in `convert` (JPEG through libjpeg-turbo's code in
//! `jpeg`, decoded at reduced DCT scale); this file names, caches and shares
//! the results.
//!
//! Results are cached by content hash, so a text-only edit does not decode
//! the photos again: on disk under the output folder, and in memory for the
//! life of the process, so a batch whose issues share a photo converts it
//! once (and two issues asking for it at the same moment wait for one
//! conversion instead of both doing it).

mod convert;
mod jpeg;
mod placeholder;
mod print;
mod screen;
mod size;

use crate::diag::{Diagnostic, Span};
use crate::model::Asset;
pub(crate) use convert::{JPEG_QUALITY, convert, encode_png};
use image::ImageReader;
pub use print::print_photo;
use rayon::prelude::*;
pub use screen::{Resampled, screen_photo};
use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

/// Bumped whenever the processing changes, so old cache entries are not reused.
const PIPELINE_VERSION: &str = "reportbook-epub-image-3";

/// Converted photos kept in memory after their conversion finished, in bytes
/// of encoded output. Enough for every photo of dozens of issues; beyond it
/// results still go to the disk cache but are not held in memory.
const MEMO_BUDGET_BYTES: usize = 64 * 1024 * 1024;

/// A processed image ready for the container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EpubImage {
    /// Manifest id.
    pub id: String,
    /// Path relative to the package document (`images/village.jpg`).
    pub href: String,
    /// `image/jpeg` or `image/png`.
    pub media_type: &'static str,
    /// Pixel size.
    pub width: u32,
    pub height: u32,
    /// Encoded bytes.
    pub data: Vec<u8>,
}

/// Encoded output of one photo, before it gets a name.
#[derive(Debug, Clone)]
pub(crate) struct Encoded {
    pub media_type: &'static str,
    pub width: u32,
    pub height: u32,
    pub data: Vec<u8>,
}

impl Encoded {
    fn extension(&self) -> &'static str {
        match self.media_type {
            "image/png" => "png",
            "image/svg+xml" => "svg",
            _ => "jpg",
        }
    }
}

/// How one photo was made for the book, for `build --verbose`.
#[derive(Debug, Clone, PartialEq)]
pub struct PhotoTime {
    /// The photo as the source names it (`photos/village.jpg`).
    pub href: String,
    /// Its pixel size as displayed (EXIF orientation applied), when its
    /// header was read (not for a placeholder).
    pub pixels_in: Option<(u32, u32)>,
    /// The pixel size stored in the book.
    pub pixels_out: (u32, u32),
    /// Wall time of reading it and converting it (or fetching it from a cache), in seconds.
    pub seconds: f64,
    /// True when the result came from the image cache (on disk, or converted
    /// earlier by this process) rather than from a conversion now.
    pub cached: bool,
    /// True for a proof's placeholder (no photo was read).
    pub placeholder: bool,
}

/// One photo's result: the encoded image, its warnings and how it was made, or the error.
type Converted = Result<(Encoded, Vec<Diagnostic>, PhotoTime), Diagnostic>;
/// Processed images (one per asset), warnings and each photo's time, or the errors.
type Processed = Result<(Vec<Option<EpubImage>>, Vec<Diagnostic>, Vec<PhotoTime>), Vec<Diagnostic>>;

/// Process every asset the book shows (figures and the cover), in parallel.
/// Returns one entry per asset (None for assets nothing refers to) and warnings.
pub(crate) fn process_assets(
    assets: &[Asset],
    used: &[bool],
    max_px: u32,
    cache_dir: Option<&Path>,
) -> Processed {
    let results: Vec<Option<Converted>> = assets
        .par_iter()
        .enumerate()
        .map(|(i, asset)| {
            used.get(i)
                .copied()
                .unwrap_or(false)
                .then(|| process_asset(asset, max_px, cache_dir))
        })
        .collect();
    let mut images = Vec::with_capacity(results.len());
    let mut warnings = Vec::new();
    let mut times = Vec::new();
    let mut errors = Vec::new();
    let mut taken = std::collections::BTreeSet::new();
    for (i, r) in results.into_iter().enumerate() {
        match r {
            None => images.push(None),
            Some(Err(e)) => {
                errors.push(e);
                images.push(None);
            }
            Some(Ok((enc, w, time))) => {
                warnings.extend(w);
                times.push(time);
                let name = unique_name(&assets[i].href, i, enc.extension(), &mut taken);
                images.push(Some(EpubImage {
                    id: format!("img-{}", name.replace('.', "-")),
                    href: format!("images/{name}"),
                    media_type: enc.media_type,
                    width: enc.width,
                    height: enc.height,
                    data: enc.data,
                }));
            }
        }
    }
    if errors.is_empty() {
        Ok((images, warnings, times))
    } else {
        Err(errors)
    }
}

/// A file name for asset `index`: its stem reduced to ASCII letters, digits
/// and `-` (safe in URLs and in every reading system's ZIP code), made unique.
fn unique_name(
    href: &str,
    index: usize,
    ext: &str,
    taken: &mut std::collections::BTreeSet<String>,
) -> String {
    let stem = Path::new(href)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("");
    let mut clean: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .trim_matches('-')
        .to_string();
    if clean.is_empty() || !clean.starts_with(|c: char| c.is_ascii_alphabetic()) {
        clean = format!(
            "photo{}{}",
            index + 1,
            if clean.is_empty() {
                String::new()
            } else {
                format!("-{clean}")
            }
        );
    }
    let mut name = format!("{clean}.{ext}");
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{clean}-{n}.{ext}");
        n += 1;
    }
    taken.insert(name.clone());
    name
}

fn asset_span(asset: &Asset) -> Span {
    Span::new(asset.file.clone(), asset.span.clone())
}

/// One photo converted as a build converts it, without the caches: its media
/// type, pixel size and bytes. Public for `benches/photos.rs` only.
#[doc(hidden)]
pub fn convert_photo(
    bytes: &[u8],
    max_px: u32,
) -> Result<(&'static str, (u32, u32), Vec<u8>), String> {
    convert(bytes, max_px).map(|e| (e.media_type, (e.width, e.height), e.data))
}

/// Read, and either fetch from the caches or convert, one photo (a proof's
/// placeholder is drawn instead), timed.
fn process_asset(asset: &Asset, max_px: u32, cache_dir: Option<&Path>) -> Converted {
    let start = std::time::Instant::now();
    let (enc, warnings, cached) = if asset.placeholder {
        (placeholder::svg(&asset.href), Vec::new(), false)
    } else {
        convert_asset(asset, max_px, cache_dir)?
    };
    let time = PhotoTime {
        href: asset.href.clone(),
        pixels_in: asset.header.map(|h| {
            let (w, h2) = h.pixels;
            if (5..=8).contains(&h.orientation) {
                (h2, w)
            } else {
                (w, h2)
            }
        }),
        pixels_out: (enc.width, enc.height),
        seconds: start.elapsed().as_secs_f64(),
        cached,
        placeholder: asset.placeholder,
    };
    Ok((enc, warnings, time))
}

/// Read one photo and fetch it from the caches or convert it; true with it
/// when it came from a cache.
fn convert_asset(
    asset: &Asset,
    max_px: u32,
    cache_dir: Option<&Path>,
) -> Result<(Encoded, Vec<Diagnostic>, bool), Diagnostic> {
    let bytes = crate::read_once::read(&asset.path).map_err(|e| {
        Diagnostic::error(format!("failed to read photo {} ({e})", asset.href))
            .at(asset_span(asset))
    })?;
    let key = cache_key(&bytes, max_px);
    let mut converted = false;
    let (result, cache_error) = memo_or_convert(&key, || {
        if let Some(dir) = cache_dir
            && let Some(hit) = read_cache(dir, &key)
        {
            return (Ok(hit), None);
        }
        converted = true;
        let encoded = convert(&bytes, max_px);
        let mut cache_error = None;
        if let (Some(dir), Ok(enc)) = (cache_dir, &encoded)
            && let Err(e) = write_cache(dir, &key, enc)
        {
            cache_error = Some(format!(
                "failed to write image cache in {} ({e})",
                dir.display()
            ));
        }
        (encoded, cache_error)
    });
    let warnings = cache_error.into_iter().map(Diagnostic::warning).collect();
    match result {
        Ok(enc) => Ok((enc, warnings, !converted)),
        Err(e) => Err(
            Diagnostic::error(format!("failed to decode photo {} ({e})", asset.href))
                .at(asset_span(asset))
                .hint("save it as JPEG or PNG"),
        ),
    }
}

/// A conversion's outcome as the memo holds it, and whether a thread has
/// taken the job of making it.
#[derive(Default)]
struct Slot {
    claimed: std::sync::atomic::AtomicBool,
    result: OnceLock<Result<Encoded, String>>,
}

type MemoEntry = Arc<Slot>;

/// In-process results by cache key, plus the bytes of finished results held.
struct Memo {
    entries: HashMap<String, MemoEntry>,
    held_bytes: usize,
}

fn memo() -> &'static Mutex<Memo> {
    static MEMO: OnceLock<Mutex<Memo>> = OnceLock::new();
    MEMO.get_or_init(|| {
        Mutex::new(Memo {
            entries: HashMap::new(),
            held_bytes: 0,
        })
    })
}

/// The result for `key`: from memory when this process already converted (or
/// is converting) it, else from `work`, run once however many threads ask.
/// The second value is `work`'s warning, seen only by the caller that ran it.
fn memo_or_convert(
    key: &str,
    work: impl FnOnce() -> (Result<Encoded, String>, Option<String>),
) -> (Result<Encoded, String>, Option<String>) {
    let entry = {
        // A poisoned lock only means another thread panicked mid-insert; the map is still usable.
        let mut m = memo().lock().unwrap_or_else(|p| p.into_inner());
        m.entries.entry(key.to_string()).or_default().clone()
    };
    if entry
        .claimed
        .swap(true, std::sync::atomic::Ordering::AcqRel)
    {
        // Another thread is converting it. Meanwhile this core runs other
        // queued work (another issue's PDF, say) rather than sit idle; with
        // nothing queued, it sleeps until the result is there.
        while entry.result.get().is_none() && rayon::yield_now() == Some(rayon::Yield::Executed) {}
        return (entry.result.wait().clone(), None);
    }
    // Should `work` panic, waiting threads get an error rather than wait forever.
    struct FailOnUnwind<'a>(&'a Slot);
    impl Drop for FailOnUnwind<'_> {
        fn drop(&mut self) {
            let _ = self
                .0
                .result
                .set(Err("the conversion stopped unexpectedly".into()));
        }
    }
    let guard = FailOnUnwind(&entry);
    let (r, warning) = work();
    {
        let mut m = memo().lock().unwrap_or_else(|p| p.into_inner());
        let size = r.as_ref().map_or(0, |e| e.data.len());
        if m.held_bytes + size <= MEMO_BUDGET_BYTES {
            m.held_bytes += size;
        } else {
            // Over budget: threads already waiting still get it through
            // their handle; later ones read the disk cache.
            m.entries.remove(key);
        }
    }
    // Only this thread sets it (it claimed the slot); the guard then finds it set.
    let _ = entry.result.set(r.clone());
    drop(guard);
    (r, warning)
}

/// Hash of the source bytes and every setting that shapes the result.
fn cache_key(bytes: &[u8], max_px: u32) -> String {
    let mut h = blake3::Hasher::new();
    h.update(PIPELINE_VERSION.as_bytes());
    h.update(&max_px.to_le_bytes());
    h.update(&[JPEG_QUALITY]);
    h.update(bytes);
    h.finalize().to_hex().to_string()
}

fn read_cache(dir: &Path, key: &str) -> Option<Encoded> {
    for (ext, media_type) in [("jpg", "image/jpeg"), ("png", "image/png")] {
        let path = dir.join(format!("{key}.{ext}"));
        if let Ok(data) = std::fs::read(&path) {
            let (width, height) = ImageReader::new(Cursor::new(&data))
                .with_guessed_format()
                .ok()?
                .into_dimensions()
                .ok()?;
            return Some(Encoded {
                media_type,
                width,
                height,
                data,
            });
        }
    }
    None
}

/// Write atomically (temporary file, then rename) so a crash never leaves half a file.
fn write_cache(dir: &Path, key: &str, enc: &Encoded) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    // Past the page cache: on a virtual machine fresh cache pages are dear,
    // and copying a batch's renditions into them cost 3 % of its CPU time
    // (`perf record` on `bench/batch.sh`'s build). A temporary file and a
    // rename, so two jobs converting the same photo at once do not mix.
    let path = dir.join(format!("{key}.{}", enc.extension()));
    crate::files::write_renamed(&path, &enc.data, crate::files::Flush::Uncached)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concurrent_requests_for_one_photo_convert_it_once() {
        let runs = std::sync::atomic::AtomicUsize::new(0);
        let key = format!("test-key-{}", std::process::id());
        let results: Vec<_> = (0..8)
            .into_par_iter()
            .map(|_| {
                memo_or_convert(&key, || {
                    runs.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    (Ok(one_pixel()), None)
                })
                .0
                .unwrap()
                .data
            })
            .collect();
        assert_eq!(runs.load(std::sync::atomic::Ordering::SeqCst), 1);
        assert!(results.iter().all(|d| d == &[1, 2, 3]));
    }

    fn one_pixel() -> Encoded {
        Encoded {
            media_type: "image/jpeg",
            width: 1,
            height: 1,
            data: vec![1, 2, 3],
        }
    }

    /// A thread waiting for another's conversion runs other queued work
    /// meanwhile (in a batch: other issues), instead of holding its core idle.
    #[test]
    fn a_thread_waiting_for_a_conversion_does_other_work_meanwhile() {
        use std::time::{Duration, Instant};
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let key = format!("wait-key-{}", std::process::id());
        let converted = Mutex::new(None::<Instant>);
        let other_done = Mutex::new(None::<Instant>);
        let (first, (second, ())) = pool.install(|| {
            rayon::join(
                || {
                    memo_or_convert(&key, || {
                        std::thread::sleep(Duration::from_millis(300));
                        *converted.lock().unwrap() = Some(Instant::now());
                        (Ok(one_pixel()), None)
                    })
                },
                || {
                    rayon::join(
                        || {
                            // Let the other thread claim the conversion first.
                            std::thread::sleep(Duration::from_millis(50));
                            memo_or_convert(&key, || panic!("converted twice"))
                        },
                        || *other_done.lock().unwrap() = Some(Instant::now()),
                    )
                },
            )
        });
        assert!(first.0.is_ok() && second.0.is_ok(), "both get the photo");
        let (converted, other) = (
            converted.into_inner().unwrap(),
            other_done.into_inner().unwrap(),
        );
        assert!(
            other.unwrap() < converted.unwrap(),
            "the other work waited for the conversion"
        );
    }

    /// A conversion that panics leaves an error for the threads waiting on
    /// it, never a wait without end.
    #[test]
    fn a_panicking_conversion_gives_waiters_an_error() {
        let key = format!("panic-key-{}", std::process::id());
        let first = std::panic::catch_unwind(|| memo_or_convert(&key, || panic!("bug")));
        assert!(first.is_err());
        let (later, _) = memo_or_convert(&key, || (Ok(one_pixel()), None));
        assert!(later.is_err_and(|e| e.contains("stopped unexpectedly")));
    }

    #[test]
    fn names_are_ascii_and_unique() {
        let mut taken = Default::default();
        assert_eq!(
            unique_name("photos/Village.JPG", 0, "jpg", &mut taken),
            "village.jpg"
        );
        assert_eq!(
            unique_name("other/village.jpg", 1, "jpg", &mut taken),
            "village-2.jpg"
        );
        assert_eq!(
            unique_name("photos/乡村.jpg", 2, "jpg", &mut taken),
            "photo3.jpg"
        );
    }
}

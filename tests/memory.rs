//! Memory stays flat with length: the PDF is typeset and written a page at a
//! time, so a long issue holds only the pages not yet finished, never all of
//! them.
//!
//! This binary counts every heap allocation (its own global allocator) and
//! compares the peak of building the seed's body 4 times with 40 times. The
//! extra pages may only cost what their share of the finished PDF costs,
//! never their frames (glyph runs), which are about ten times bigger.
//! One test only, so no other test allocates at the same time.

use reportbook::fonts::Fonts;
use reportbook::job::{Formats, render};
use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is to the system allocator.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(now, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded as is to the system allocator.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded as is to the system allocator.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let now =
                    LIVE.fetch_add(new_size - layout.size(), Relaxed) + new_size - layout.size();
                PEAK.fetch_max(now, Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// An issue folder with the seed's front matter and title block once and its
/// body (from the first `##` on) `k` times, as `bench/scale.sh` makes.
fn long_issue(root: &Path, k: usize) -> std::path::PathBuf {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("source/2023-party-building");
    let dir = root.join(format!("long-{k}"));
    std::fs::create_dir_all(dir.join("photos")).unwrap();
    for e in std::fs::read_dir(seed.join("photos")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.join("photos").join(e.file_name())).unwrap();
    }
    let article = std::fs::read_to_string(seed.join("article.md")).unwrap();
    let body_at = article.find("\n## ").expect("the seed has sections") + 1;
    let mut text = article[..body_at].to_string();
    for _ in 0..k {
        text.push_str(&article[body_at..]);
        text.push_str("\n\n");
    }
    std::fs::write(dir.join("article.md"), text).unwrap();
    dir
}

/// Peak heap above the start while rendering the issue's PDF, with its page
/// count and PDF size.
fn peak_of_pdf(dir: &Path, fonts: &Fonts) -> (usize, usize, usize) {
    let (issue, _) = reportbook::source::load_issue(dir);
    let issue = issue.expect("issue loads");
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let formats = Formats {
        epub: false,
        pdf: true,
        screen: false,
    };
    let out = render(&issue, fonts, formats, None)
        .pdf
        .expect("asked for")
        .expect("PDF builds");
    let peak = PEAK.load(Relaxed) - base;
    (peak, out.pages.expect("a page count"), out.bytes.len())
}

#[test]
fn pdf_memory_does_not_grow_with_the_frames_of_every_page() {
    let tmp = tempfile::tempdir().unwrap();
    let fonts = Fonts::shared().expect("bundled fonts");
    let (short, long) = (long_issue(tmp.path(), 4), long_issue(tmp.path(), 40));
    // Warm up once: the first build loads lazily kept state (fallback faces,
    // segmenter data) that is not per page.
    peak_of_pdf(&short, fonts);
    let (peak_short, pages_short, bytes_short) = peak_of_pdf(&short, fonts);
    let (peak_long, pages_long, bytes_long) = peak_of_pdf(&long, fonts);
    assert!(
        pages_long > pages_short * 8,
        "{pages_short} → {pages_long} pages"
    );
    let extra_pages = (pages_long - pages_short) as f64;
    let per_page = (peak_long as f64 - peak_short as f64) / extra_pages;
    let pdf_per_page = (bytes_long - bytes_short) as f64 / extra_pages;
    eprintln!(
        "{pages_short} pages: peak {:.1} MB; {pages_long} pages: peak {:.1} MB; \
         {per_page:.0} B per extra page (PDF {pdf_per_page:.0} B per page)",
        peak_short as f64 / 1e6,
        peak_long as f64 / 1e6,
    );
    // Each finished page is held twice at most (krilla's encoded stream, then
    // the file's bytes, which may be over-allocated by doubling): 4× its share
    // of the file bounds it. A page's frames alone take ten times more.
    assert!(
        per_page < 4.0 * pdf_per_page,
        "memory grows {per_page:.0} B per page; the PDF only {pdf_per_page:.0} B per page"
    );
}

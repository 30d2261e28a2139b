//! Photo files that several steps of a build read, read from disk once.
//!
//! A photo is read by the load-time probe (which checks that the whole file
//! is there), by the EPUB's conversion and by the print PDF, which embeds it.
//! Reading a 20-issue batch's photos three times each copied 440 MB out of the
//! page cache into fresh memory, which on a virtual machine costs page faults
//! as well as the copy. [`read`] keeps the bytes of the files it read lately,
//! shared, so the later steps take the same bytes.
//!
//! The store is small and bounded ([`BUDGET`]): a batch builds two or three
//! issues at once, and an issue's photos are read by its own steps within
//! seconds, so the recent few are what is asked for again. A file is known by
//! its path, length and modification time, so a photo saved again between two
//! steps is read again.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// Bytes kept at most, over all files (the oldest go first).
pub const BUDGET: usize = 64 << 20;

/// Files larger than this are read every time (one would crowd out the rest).
const LARGEST: usize = BUDGET / 4;

/// A file as it was when read.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    path: PathBuf,
    len: u64,
    modified: Option<SystemTime>,
}

/// The files kept, oldest first.
static KEPT: Mutex<VecDeque<(Stamp, Arc<Vec<u8>>)>> = Mutex::new(VecDeque::new());

/// The bytes of the file at `path`: those kept from an earlier read when the
/// file is unchanged since, else read now (and kept, if small enough).
pub fn read(path: &Path) -> std::io::Result<Arc<Vec<u8>>> {
    let meta = std::fs::metadata(path)?;
    let stamp = Stamp {
        path: path.to_path_buf(),
        len: meta.len(),
        modified: meta.modified().ok(),
    };
    {
        let kept = KEPT.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((_, bytes)) = kept.iter().find(|(s, _)| *s == stamp) {
            return Ok(bytes.clone());
        }
    }
    let bytes = Arc::new(std::fs::read(path)?);
    // Kept only when the read matches the stamp (the file did not change
    // while it was read) and it is not too large to keep.
    if bytes.len() as u64 == stamp.len && bytes.len() <= LARGEST {
        let mut kept = KEPT.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        kept.retain(|(s, _)| s.path != stamp.path);
        kept.push_back((stamp, bytes.clone()));
        let mut total: usize = kept.iter().map(|(_, b)| b.len()).sum();
        while total > BUDGET {
            let Some((_, old)) = kept.pop_front() else {
                break;
            };
            total -= old.len();
        }
    }
    Ok(bytes)
}

/// Let go of the kept bytes of `paths` (a build is done with its photos):
/// the memory goes back to the allocator while it is warm, for the next
/// issue's photos, instead of new memory being faulted in for them while the
/// old bytes wait their turn to be evicted.
pub fn forget<'a>(paths: impl IntoIterator<Item = &'a Path>) {
    let paths: Vec<&Path> = paths.into_iter().collect();
    let mut kept = KEPT.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    kept.retain(|(s, _)| !paths.contains(&s.path.as_path()));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The store is one per process: tests that fill or empty it take turns.
    static TURN: Mutex<()> = Mutex::new(());

    fn turn() -> std::sync::MutexGuard<'static, ()> {
        TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    #[test]
    fn a_second_read_shares_the_bytes_until_the_file_changes() {
        let _turn = turn();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("photo.jpg");
        std::fs::write(&path, b"first").unwrap();
        let a = read(&path).unwrap();
        let b = read(&path).unwrap();
        assert!(Arc::ptr_eq(&a, &b), "the second read is the kept bytes");
        // A new length (and modification time) is a new file.
        std::fs::write(&path, b"second version").unwrap();
        let c = read(&path).unwrap();
        assert_eq!(&c[..], b"second version");
        assert!(read(&path).is_ok_and(|d| Arc::ptr_eq(&c, &d)));
    }

    #[test]
    fn forgotten_bytes_are_read_again() {
        let _turn = turn();
        let dir = tempfile::tempdir().unwrap();
        let (p, q) = (dir.path().join("p.jpg"), dir.path().join("q.jpg"));
        std::fs::write(&p, b"p").unwrap();
        std::fs::write(&q, b"q").unwrap();
        let (a, b) = (read(&p).unwrap(), read(&q).unwrap());
        forget([p.as_path()]);
        assert!(!Arc::ptr_eq(&a, &read(&p).unwrap()), "p is read anew");
        assert!(Arc::ptr_eq(&b, &read(&q).unwrap()), "q is still kept");
    }

    #[test]
    fn a_missing_file_is_an_error() {
        let _turn = turn();
        let dir = tempfile::tempdir().unwrap();
        let e = read(&dir.path().join("none.jpg")).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::NotFound);
    }

    #[test]
    fn the_store_stays_within_its_budget() {
        let _turn = turn();
        let dir = tempfile::tempdir().unwrap();
        let size = LARGEST;
        let paths: Vec<PathBuf> = (0..6)
            .map(|i| {
                let p = dir.path().join(format!("big-{i}.jpg"));
                std::fs::write(&p, vec![i as u8; size]).unwrap();
                p
            })
            .collect();
        for p in &paths {
            read(p).unwrap();
        }
        let kept = KEPT.lock().unwrap();
        let total: usize = kept.iter().map(|(_, b)| b.len()).sum();
        assert!(total <= BUDGET, "{total} bytes kept");
        // The newest is kept, the oldest is gone.
        assert!(kept.iter().any(|(s, _)| s.path == paths[5]));
        assert!(!kept.iter().any(|(s, _)| s.path == paths[0]));
    }
}

//! Writing files: atomically (a temporary file in the same folder, then a
//! rename) and, for the outputs themselves, flushed to disk and written past
//! the page cache.
//!
//! Why past the cache: an output is written once and flushed at once, so the
//! copy into the page cache buys nothing, and on a virtual machine it is
//! dear. Memory the guest has not touched lately is mapped in again by the
//! host page by page, so copying 20 print PDFs (154 MB) into fresh cache pages
//! cost 17 % of a 20-issue batch's CPU time (`perf record` on
//! `bench/batch.sh`'s build). With direct I/O (Linux `O_DIRECT`) the disk
//! reads the bytes from a small reused buffer: 20 writes of 8 MiB, each
//! flushed, took 0.02 s CPU and 0.20 s wall instead of 1.3 s and 1.9 s.

use std::fs::File;
use std::io::Write;
use std::path::Path;

/// Write `bytes` to `path` through a temporary file in the same folder and a
/// rename, so `path` is always either the old file or the whole new one, even
/// when the process is killed midway or another build writes at the same time.
/// The data is on disk before the rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_renamed(path, bytes, Flush::Durable)
}

/// How [`write_renamed`] hands the bytes to the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flush {
    /// Past the page cache, and on disk before the rename (outputs).
    Durable,
    /// Past the page cache, not waited for (the photo cache: megabytes
    /// written once, read again only by a later build; a copy lost in a crash
    /// is converted again).
    Uncached,
    /// Through the page cache, not waited for (small files: records, counts).
    Cached,
}

/// [`write_atomic`] with the given [`Flush`]: a flush costs a disk round trip,
/// milliseconds per file.
pub fn write_renamed(path: &Path, bytes: &[u8], how: Flush) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new().prefix(".tmp-").tempfile_in(dir)?;
    match how {
        Flush::Durable => {
            write_uncached(tmp.as_file_mut(), bytes)?;
            tmp.as_file().sync_data()?;
        }
        Flush::Uncached => write_uncached(tmp.as_file_mut(), bytes)?,
        Flush::Cached => tmp.write_all(bytes)?,
    }
    // Temporary files are private (0600); outputs are ordinary files.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Alignment of direct transfers: buffer address, length and file offset
/// (4 KiB covers devices with 512-byte and 4 KiB blocks).
#[cfg(target_os = "linux")]
const BLOCK: usize = 4096;

/// Bytes written per direct transfer (a multiple of [`BLOCK`]).
#[cfg(target_os = "linux")]
const CHUNK: usize = 1 << 20;

/// Write `bytes` to the empty `file` from its start, the whole blocks by
/// direct I/O where the file system allows it, the rest (and everything, on
/// a file system without direct I/O) through the cache.
#[cfg(target_os = "linux")]
fn write_uncached(file: &mut File, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::{Seek, SeekFrom};
    use std::os::fd::AsRawFd;
    let whole = bytes.len() / BLOCK * BLOCK;
    if whole == 0 {
        return file.write_all(bytes);
    }
    let fd = file.as_raw_fd();
    // SAFETY: fcntl on a descriptor this function borrows, with integer
    // arguments only.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if flags < 0 || unsafe { libc::fcntl(fd, libc::F_SETFL, flags | libc::O_DIRECT) } < 0 {
        // A file system without direct I/O (tmpfs, say).
        return file.write_all(bytes);
    }
    let direct = write_aligned(file, &bytes[..whole]);
    // SAFETY: as above; the original flags are put back.
    let restored = unsafe { libc::fcntl(fd, libc::F_SETFL, flags) } >= 0;
    if direct.is_ok() && restored {
        return file.write_all(&bytes[whole..]);
    }
    // The file system took the flag but refused a transfer: write it all
    // again through the cache.
    if !restored {
        return Err(std::io::Error::last_os_error());
    }
    file.set_len(0)?;
    file.seek(SeekFrom::Start(0))?;
    file.write_all(bytes)
}

/// Write `bytes` (a whole number of blocks) through a block-aligned buffer
/// that each thread keeps for its next file.
#[cfg(target_os = "linux")]
fn write_aligned(file: &mut File, bytes: &[u8]) -> std::io::Result<()> {
    thread_local! {
        static SCRATCH: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    SCRATCH.with(|scratch| {
        let mut scratch = scratch.borrow_mut();
        if scratch.is_empty() {
            scratch.resize(CHUNK + BLOCK, 0);
        }
        let start = scratch.as_ptr().align_offset(BLOCK);
        let buf = &mut scratch[start..start + CHUNK];
        for chunk in bytes.chunks(CHUNK) {
            buf[..chunk.len()].copy_from_slice(chunk);
            file.write_all(&buf[..chunk.len()])?;
        }
        Ok(())
    })
}

#[cfg(not(target_os = "linux"))]
fn write_uncached(file: &mut File, bytes: &[u8]) -> std::io::Result<()> {
    file.write_all(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every length around the block and chunk sizes comes back byte for
    /// byte, on whatever file system the temporary folder has.
    #[test]
    fn written_files_hold_exactly_the_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let here = std::env::current_dir().unwrap();
        // Both a tmpfs (often /tmp) and the disk the checkout is on.
        let disk = tempfile::tempdir_in(here.join("target")).ok();
        for root in std::iter::once(dir.path()).chain(disk.as_ref().map(|d| d.path())) {
            for len in [
                0,
                1,
                4095,
                4096,
                4097,
                (1 << 20) - 1,
                1 << 20,
                (3 << 20) + 517,
            ] {
                let bytes: Vec<u8> = (0..len).map(|i| (i * 7 + i / 4096) as u8).collect();
                let path = root.join(format!("out-{len}.pdf"));
                write_atomic(&path, &bytes).unwrap();
                assert_eq!(std::fs::read(&path).unwrap(), bytes, "length {len}");
                // Written again over the old file.
                write_atomic(&path, &bytes[..len / 2]).unwrap();
                assert_eq!(std::fs::read(&path).unwrap(), &bytes[..len / 2]);
                for how in [Flush::Uncached, Flush::Cached] {
                    write_renamed(&path, &bytes, how).unwrap();
                    assert_eq!(
                        std::fs::read(&path).unwrap(),
                        bytes,
                        "length {len}, {how:?}"
                    );
                }
            }
        }
    }
}

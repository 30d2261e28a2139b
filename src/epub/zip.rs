//! The OCF container: a ZIP whose first entry is `mimetype`, stored
//! uncompressed with no extra field (EPUB 3.3 OCF §4.2.2), then the other
//! entries in the order given. Every entry gets the same fixed time, so two
//! builds of the same book are byte-identical.

use crate::diag::Diagnostic;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// The media type an EPUB's `mimetype` entry must hold, verbatim.
pub(crate) const EPUB_MIMETYPE: &str = "application/epub+zip";

/// How one entry is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Packing {
    /// Deflate: text, fonts.
    Deflate,
    /// Store: JPEG and PNG are compressed already; deflating them wastes time.
    Store,
}

/// One file of the container.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// Path inside the container (`EPUB/text.xhtml`).
    pub path: String,
    /// The bytes.
    pub data: Vec<u8>,
    /// Compression.
    pub packing: Packing,
}

impl Entry {
    /// An entry that is deflated.
    pub fn deflated(path: impl Into<String>, data: Vec<u8>) -> Entry {
        Entry {
            path: path.into(),
            data,
            packing: Packing::Deflate,
        }
    }
    /// An entry that is stored as is.
    pub fn stored(path: impl Into<String>, data: Vec<u8>) -> Entry {
        Entry {
            path: path.into(),
            data,
            packing: Packing::Store,
        }
    }
}

/// A calendar timestamp (UTC) for the entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    pub year: u16,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
}

impl Stamp {
    /// 1980-01-01 00:00:00, the earliest time a ZIP entry can carry.
    pub const ZIP_EPOCH: Stamp = Stamp {
        year: 1980,
        month: 1,
        day: 1,
        hour: 0,
        minute: 0,
        second: 0,
    };

    /// The stamp for `secs` seconds after 1970-01-01 UTC (SOURCE_DATE_EPOCH).
    pub fn from_unix(secs: i64) -> Stamp {
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (year, month, day) = crate::date::civil_from_days(days);
        Stamp {
            year: year.clamp(0, u16::MAX as i64) as u16,
            month,
            day,
            hour: (rem / 3600) as u8,
            minute: (rem % 3600 / 60) as u8,
            second: (rem % 60) as u8,
        }
    }

    /// The stamp at midnight of a `YYYY-MM-DD` date, if it is one.
    pub fn from_date(date: &str) -> Option<Stamp> {
        let mut it = date.trim().splitn(3, '-');
        let year: u16 = it.next()?.parse().ok()?;
        let month: u8 = it.next()?.parse().ok()?;
        let day: u8 = it.next()?.parse().ok()?;
        ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(Stamp {
            year,
            month,
            day,
            hour: 0,
            minute: 0,
            second: 0,
        })
    }

    /// `YYYY-MM-DD`, zero-padded (the form `dc:date` and HTML `datetime` take).
    pub fn ymd(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `CCYY-MM-DDThh:mm:ssZ`, the form `dcterms:modified` requires.
    pub fn to_w3c(self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    /// The ZIP (DOS) time of this stamp; times outside 1980–2107 are clamped
    /// to the nearest end, since DOS time cannot hold them.
    fn to_zip(self) -> DateTime {
        if self.year < 1980 {
            return DateTime::default();
        }
        DateTime::from_date_and_time(
            self.year.min(2107),
            self.month,
            self.day,
            self.hour,
            self.minute,
            self.second,
        )
        .unwrap_or_default()
    }
}

/// Pack `entries` after the `mimetype` entry into an EPUB container.
pub(crate) fn pack(entries: &[Entry], stamp: Stamp) -> Result<Vec<u8>, Diagnostic> {
    let fail = |e: &dyn std::fmt::Display| {
        Diagnostic::error(format!("failed to write EPUB container ({e})"))
    };
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let base = SimpleFileOptions::default()
        .last_modified_time(stamp.to_zip())
        .unix_permissions(0o644)
        .large_file(false);
    let stored = base.compression_method(CompressionMethod::Stored);
    // Level 2: the deflated parts are mostly the font subsets, whose CFF and
    // glyf data compress little whatever the effort. On the seed's parts
    // level 2 takes 5.5 ms of CPU against 7.9 for level 6 and 2.9 for level
    // 1, for 2.6 KB more than level 6 (0.24 % of its 1.1 MB EPUB); level 1
    // (zlib-rs's quick strategy) adds 31 KB. Level 9 saves a further 1.4 KB
    // at twice level 6's time. See README, "Performance".
    let deflated = base
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(2));
    zip.start_file("mimetype", stored).map_err(|e| fail(&e))?;
    zip.write_all(EPUB_MIMETYPE.as_bytes())
        .map_err(|e| fail(&e))?;
    for entry in entries {
        let opts = match entry.packing {
            Packing::Deflate => deflated,
            Packing::Store => stored,
        };
        zip.start_file(entry.path.as_str(), opts)
            .map_err(|e| fail(&e))?;
        zip.write_all(&entry.data).map_err(|e| fail(&e))?;
    }
    let cursor = zip.finish().map_err(|e| fail(&e))?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u16_at(b: &[u8], i: usize) -> usize {
        u16::from_le_bytes([b[i], b[i + 1]]) as usize
    }

    #[test]
    fn mimetype_is_first_stored_and_without_extra_field() {
        let bytes = pack(
            &[Entry::deflated(
                "EPUB/a.xhtml",
                b"<p>hello hello hello</p>".to_vec(),
            )],
            Stamp::ZIP_EPOCH,
        )
        .unwrap();
        // Local file header: signature, then method at 8, name length at 26, extra length at 28.
        assert_eq!(&bytes[0..4], b"PK\x03\x04");
        assert_eq!(u16_at(&bytes, 8), 0, "mimetype must be stored");
        assert_eq!(u16_at(&bytes, 26), "mimetype".len());
        assert_eq!(u16_at(&bytes, 28), 0, "mimetype must have no extra field");
        assert_eq!(&bytes[30..38], b"mimetype");
        assert_eq!(
            &bytes[38..38 + EPUB_MIMETYPE.len()],
            EPUB_MIMETYPE.as_bytes()
        );
    }

    #[test]
    fn entry_order_and_times_are_fixed() {
        let entries = [
            Entry::deflated("META-INF/container.xml", b"x".to_vec()),
            Entry::stored("EPUB/b.jpg", vec![1, 2, 3]),
        ];
        let stamp = Stamp::from_date("2023-07-01").unwrap();
        let a = pack(&entries, stamp).unwrap();
        let b = pack(&entries, stamp).unwrap();
        assert_eq!(a, b);
        let mut archive = zip::ZipArchive::new(Cursor::new(a)).unwrap();
        let names: Vec<String> = (0..archive.len())
            .map(|i| archive.by_index(i).unwrap().name().unwrap().to_string())
            .collect();
        assert_eq!(names, ["mimetype", "META-INF/container.xml", "EPUB/b.jpg"]);
        let t = archive.by_index(2).unwrap().last_modified().unwrap();
        assert_eq!((t.year(), t.month(), t.day()), (2023, 7, 1));
    }

    #[test]
    fn dates_are_normalised_for_metadata() {
        assert_eq!(Stamp::from_date("2023-7-1").unwrap().ymd(), "2023-07-01");
        assert_eq!(Stamp::from_date("2023-13-01"), None);
        assert_eq!(Stamp::from_date("七月"), None);
    }

    #[test]
    fn unix_time_converts_to_civil_date() {
        assert_eq!(Stamp::from_unix(0).to_w3c(), "1970-01-01T00:00:00Z");
        // 2023-07-01T12:34:56Z
        assert_eq!(
            Stamp::from_unix(1_688_214_896).to_w3c(),
            "2023-07-01T12:34:56Z"
        );
        assert_eq!(
            Stamp::from_unix(951_782_400).to_w3c(),
            "2000-02-29T00:00:00Z"
        );
    }
}

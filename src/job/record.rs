//! The record of inputs behind incremental builds. An issue is skipped when
//! the fingerprint of everything it reads (its folder, the publication
//! settings, the fonts, the tool's version and the formats asked for) equals
//! the one recorded after its last good build. A record that is missing,
//! unreadable or from another version simply does not match: a rebuild,
//! never a crash.

use crate::diag::{Diagnostic, Span};
use crate::job::Formats;
use std::path::Path;

const HEADER: &str = "reportbook-inputs 2";

/// Fingerprint of an issue's inputs, or `None` when they cannot be read (the
/// build then runs and reports the real error).
pub fn fingerprint(dir: &Path, fonts_hash: &str, formats: Formats) -> Option<String> {
    let mut h = blake3::Hasher::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(fonts_hash.as_bytes());
    h.update(&[formats.epub as u8, formats.pdf as u8, formats.screen as u8]);
    hash_tree(dir, dir, &mut h).ok()?;
    if let Some(p) = dir.parent().map(|p| p.join(crate::source::PUBLICATION))
        && let Ok(bytes) = std::fs::read(&p)
    {
        h.update(b"publication");
        h.update(&bytes);
    }
    // A shop's output profile named by publication.toml lives beside it.
    if let Some(parent) = dir.parent()
        && let Ok(entries) = std::fs::read_dir(parent)
    {
        let mut profiles: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "icc" || x == "icm"))
            .collect();
        profiles.sort();
        for p in profiles {
            h.update(p.file_name().unwrap_or_default().as_encoded_bytes());
            h.update(&std::fs::read(&p).unwrap_or_default());
        }
    }
    // Output dates come from it, so a change must rebuild.
    h.update(
        std::env::var("SOURCE_DATE_EPOCH")
            .unwrap_or_default()
            .as_bytes(),
    );
    Some(h.finalize().to_hex().to_string())
}

/// The fingerprint recorded for a build with these options: a proof's
/// (`--placeholders`) differs from a normal build's of the same inputs, so a
/// normal build after a proof never skips (it rebuilds, and fails while a
/// photo is still missing), and a proof after a normal build rebuilds too.
pub fn for_options(fingerprint: String, placeholders: bool) -> String {
    if placeholders {
        format!("{fingerprint}+placeholders")
    } else {
        fingerprint
    }
}

/// Fingerprint of a volume's inputs: its entry in `publication.toml`, the
/// fingerprint of each issue it binds (in order), the fonts and formats.
pub fn volume_fingerprint(
    source_dir: &Path,
    spec: &crate::source::manifest::VolumeSpec,
    issues: &[std::path::PathBuf],
    fonts_hash: &str,
    formats: Formats,
) -> Option<String> {
    let mut h = blake3::Hasher::new();
    h.update(b"volume");
    h.update(spec.slug.as_bytes());
    h.update(&[0]);
    h.update(spec.title.as_bytes());
    h.update(&[0]);
    for p in &spec.issues {
        h.update(p.as_bytes());
        h.update(&[0]);
    }
    for dir in issues {
        h.update(dir.file_name()?.as_encoded_bytes());
        h.update(fingerprint(dir, fonts_hash, formats)?.as_bytes());
    }
    // Settings of the issues all live in publication.toml, already hashed by
    // each issue's fingerprint; an empty volume still depends on it.
    if let Ok(bytes) = std::fs::read(source_dir.join(crate::source::PUBLICATION)) {
        h.update(&bytes);
    }
    Some(h.finalize().to_hex().to_string())
}

/// Files up to this size are hashed by content; larger ones (photos) by
/// size and modification time, which keeps a no-op check of many issues
/// far below a millisecond per photo.
const CONTENT_HASH_LIMIT: u64 = 256 * 1024;

fn hash_tree(root: &Path, dir: &Path, h: &mut blake3::Hasher) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        let name = e.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let meta = std::fs::metadata(&path)?;
        let rel = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .into_owned();
        h.update(rel.as_bytes());
        h.update(&[0]);
        if meta.is_dir() {
            hash_tree(root, &path, h)?;
        } else if meta.len() <= CONTENT_HASH_LIMIT {
            h.update(&std::fs::read(&path)?);
        } else {
            let mtime = meta
                .modified()?
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default();
            h.update(&meta.len().to_le_bytes());
            h.update(&mtime.as_nanos().to_le_bytes());
        }
    }
    Ok(())
}

/// Fingerprint of the font files (name, size, modification time), computed
/// once per process; for faces embedded in the binary, of their description.
pub fn fonts_fingerprint(dir: &Path) -> String {
    let mut h = blake3::Hasher::new();
    h.update(dir.to_string_lossy().as_bytes());
    let _ = hash_tree(dir, dir, &mut h);
    h.finalize().to_hex().to_string()
}

/// The record's text: the fingerprint, the page count, the photos a proof
/// set as placeholders and the build's warnings (one JSON value a line), so a
/// skipped rebuild can show them again.
pub fn render(
    fingerprint: &str,
    pages: Option<usize>,
    warnings: &[Diagnostic],
    placeholders: &[String],
) -> String {
    let mut s = format!("{HEADER}\ninputs {fingerprint}\n");
    if let Some(p) = pages {
        s.push_str(&format!("pages {p}\n"));
    }
    for href in placeholders {
        s.push_str(&format!("placeholder {}\n", serde_json::json!(href)));
    }
    for w in warnings {
        let span = w.span.as_ref();
        let j = serde_json::json!({
            "file": span.map(|s| s.file.to_string_lossy()),
            "start": span.map(|s| s.range.start),
            "end": span.map(|s| s.range.end),
            "label": span.and_then(|s| s.label.clone()),
            "message": w.message,
            "hints": w.hints,
        });
        s.push_str(&format!("warning {j}\n"));
    }
    s
}

/// The warnings kept in the record (empty when it has none or cannot be read).
pub fn recorded_warnings(path: &Path) -> Vec<Diagnostic> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return vec![];
    };
    text.lines()
        .filter_map(|l| l.strip_prefix("warning "))
        .filter_map(|j| serde_json::from_str::<serde_json::Value>(j).ok())
        .filter_map(|j| warning_from_json(&j))
        .collect()
}

/// The photos the recorded build set as placeholders (empty for a normal
/// build, or when the record cannot be read).
pub fn recorded_placeholders(path: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return vec![];
    };
    text.lines()
        .filter_map(|l| l.strip_prefix("placeholder "))
        .filter_map(|j| serde_json::from_str::<String>(j).ok())
        .collect()
}

fn warning_from_json(j: &serde_json::Value) -> Option<Diagnostic> {
    let mut d = Diagnostic::warning(j["message"].as_str()?);
    if let Some(file) = j["file"].as_str() {
        let start = j["start"].as_u64().unwrap_or(0) as usize;
        let end = j["end"].as_u64().unwrap_or(start as u64) as usize;
        d = d.at(Span::new(file, start..end.max(start)));
        if let Some(l) = j["label"].as_str() {
            d = d.label(l);
        }
    }
    for h in j["hints"].as_array().into_iter().flatten() {
        d = d.hint(h.as_str().unwrap_or_default());
    }
    Some(d)
}

fn field<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(' '))
}

/// Whether the record at `path` holds `fingerprint`.
pub fn matches(path: &Path, fingerprint: &str) -> bool {
    std::fs::read_to_string(path)
        .ok()
        .is_some_and(|t| t.starts_with(HEADER) && field(&t, "inputs") == Some(fingerprint))
}

/// The page count kept in the record, if any.
pub fn recorded_pages(path: &Path) -> Option<usize> {
    field(&std::fs::read_to_string(path).ok()?, "pages")?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_round_trip_and_corruption() {
        let dir = tempfile::tempdir().unwrap();
        let rec = dir.path().join("r");
        let w = Diagnostic::warning("a “warning”\nwith a line break")
            .at(Span::new("/x/article.md", 3..9))
            .label("here")
            .hint("do this");
        let proof = ["photos/a \"b\".jpg".to_owned()];
        std::fs::write(
            &rec,
            render("abc", Some(7), std::slice::from_ref(&w), &proof),
        )
        .unwrap();
        assert!(matches(&rec, "abc"));
        assert_eq!(recorded_placeholders(&rec), proof);
        assert!(!matches(&rec, "abd"));
        assert_eq!(recorded_pages(&rec), Some(7));
        assert_eq!(recorded_warnings(&rec), vec![w]);
        std::fs::write(&rec, b"\xff\xfe garbage").unwrap();
        assert!(!matches(&rec, "abc"));
        assert_eq!(recorded_pages(&rec), None);
        assert!(recorded_warnings(&rec).is_empty());
        assert!(recorded_placeholders(&rec).is_empty());
        assert!(!matches(&dir.path().join("missing"), "abc"));
    }

    #[test]
    fn fingerprint_changes_with_text() {
        let dir = tempfile::tempdir().unwrap();
        let issue = dir.path().join("i");
        std::fs::create_dir(&issue).unwrap();
        std::fs::write(issue.join("article.md"), "# A\n").unwrap();
        let f = Formats::ALL;
        let a = fingerprint(&issue, "f", f).unwrap();
        assert_eq!(a, fingerprint(&issue, "f", f).unwrap());
        std::fs::write(issue.join("article.md"), "# B\n").unwrap();
        assert_ne!(a, fingerprint(&issue, "f", f).unwrap());
        assert_ne!(fingerprint(&issue, "f", f), fingerprint(&issue, "g", f));
        assert_ne!(for_options(a.clone(), true), for_options(a.clone(), false));
        assert_eq!(for_options(a.clone(), false), a);
    }
}

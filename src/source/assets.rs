//! Photo paths: resolved inside the issue folder, never outside it, never a URL.
//! A photo that resolves is then probed ([`super::probe`]): once per asset,
//! so both backends only see photos known to be good. For a proof
//! (`build --placeholders`) a missing or unreadable photo becomes a
//! placeholder with a warning instead of an error; a path that leaves the
//! folder or is a URL stays an error.

use crate::diag::{Diagnostic, Span};
use crate::model::Asset;
use std::ops::Range;
use std::path::{Component, Path};

/// What a proof says after a photo's own problem, and what to do about it.
pub const PLACEHOLDER_SET: &str = "a placeholder is set (proof only)";

/// The hint every placeholder warning ends with.
const PLACEHOLDER_HINT: &str =
    "a build without --placeholders fails until the photo is there and readable";

/// Resolve `href` (as written in `article`) against the issue folder `dir`.
/// Problems are recorded as errors; the asset is returned either way so the
/// caller can report every bad path at once. With `placeholders`, a photo
/// that is missing or fails the probe is marked [`Asset::placeholder`] and
/// warned about instead.
pub fn resolve(
    dir: &Path,
    article: &Path,
    href: &str,
    span: Range<usize>,
    placeholders: bool,
    diags: &mut Vec<Diagnostic>,
) -> Asset {
    let at = Span::new(article, span.clone());
    let asset = |path| Asset {
        href: href.to_owned(),
        file: article.to_path_buf(),
        path,
        span: span.clone(),
        header: None,
        placeholder: false,
    };
    if href.contains("://") || href.starts_with("//") || href.starts_with("data:") {
        diags.push(
            Diagnostic::error(format!("photo `{href}` is a URL (reportbook never fetches from the network)"))
                .at(at)
                .hint("download the photo into the issue's photos/ folder and name it by its relative path"),
        );
        return asset(dir.join("invalid"));
    }
    let rel = Path::new(href);
    let escapes = rel.is_absolute()
        || rel.components().any(|c| {
            matches!(
                c,
                Component::ParentDir | Component::RootDir | Component::Prefix(_)
            )
        });
    if escapes {
        diags.push(
            Diagnostic::error(format!("photo path `{href}` leaves the issue folder"))
                .at(at)
                .hint("copy the photo into the issue folder (e.g. photos/) and use a relative path without `..`"),
        );
        return asset(dir.join("invalid"));
    }
    let path = dir.join(rel);
    match path.canonicalize() {
        Ok(real) if real.starts_with(dir) => {
            let mut found = asset(real);
            if placeholders {
                probe_or_placeholder(&mut found, at, diags);
            } else {
                crate::probe::probe_asset(&mut found, at, diags);
            }
            found
        }
        Ok(_) => {
            diags.push(
                Diagnostic::error(format!(
                    "photo `{href}` is a link to a file outside the issue folder"
                ))
                .at(at)
                .hint("copy the photo itself into the issue folder"),
            );
            asset(path)
        }
        Err(_) if placeholders => {
            diags.push(
                Diagnostic::warning(format!("photo `{href}` is missing: {PLACEHOLDER_SET}"))
                    .at(at)
                    .hint(format!("put the file at {}", path.display()))
                    .hint(PLACEHOLDER_HINT),
            );
            Asset {
                placeholder: true,
                ..asset(path)
            }
        }
        Err(_) => {
            let d = Diagnostic::error(format!("photo `{href}` not found")).at(at);
            let d = match near_miss(href, &path) {
                Some(near) => d.hint(format!("did you mean `{near}`?")),
                None => d,
            };
            diags.push(d.hint(format!("put the file at {}", path.display())));
            asset(path)
        }
    }
}

/// A file beside the missing `path` whose name is a likely typo of it (a
/// letter or two off, or another case), as `href` would name it.
fn near_miss(href: &str, path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let names: Vec<String> = std::fs::read_dir(path.parent()?)
        .ok()?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    let found = names
        .iter()
        .find(|n| n.to_lowercase() == name.to_lowercase())
        .map(String::as_str)
        .or_else(|| {
            let valid: Vec<&str> = names.iter().map(String::as_str).collect();
            super::manifest::nearest(name, &valid)
        })?;
    let prefix = &href[..href.len() - href.rsplit('/').next().map_or(0, str::len)];
    Some(format!("{prefix}{found}"))
}

/// Probe `asset` for a proof: a photo the probe refuses (unreadable, empty,
/// cut short, corrupt, of a refused format, too large) becomes a placeholder,
/// its errors turned into warnings that keep what is wrong and what to do.
fn probe_or_placeholder(asset: &mut Asset, at: Span, diags: &mut Vec<Diagnostic>) {
    let mut found = Vec::new();
    crate::probe::probe_asset(asset, at, &mut found);
    if asset.header.is_none() {
        asset.placeholder = true;
        for d in &mut found {
            if d.is_error() {
                d.severity = crate::diag::Severity::Warning;
                d.message = format!("{}: {PLACEHOLDER_SET}", d.message);
                d.hints.push(PLACEHOLDER_HINT.into());
            }
        }
    }
    diags.extend(found);
}

/// Whether two assets are one photo: the same file, or two files with the
/// same bytes (a photo copied into two issue folders is stored once).
pub fn same_photo(a: &Asset, b: &Asset) -> bool {
    if a.path == b.path {
        return true;
    }
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).ok();
    match (size(&a.path), size(&b.path)) {
        (Some(x), Some(y)) if x == y => {
            matches!((std::fs::read(&a.path), std::fs::read(&b.path)), (Ok(x), Ok(y)) if x == y)
        }
        _ => false,
    }
}

//! Photo paths: resolved inside the issue folder, never outside it, never a URL.
//! A photo that resolves is then probed ([`super::probe`]): once per asset,
//! so both backends only see photos known to be good.

use crate::diag::{Diagnostic, Span};
use crate::model::Asset;
use std::ops::Range;
use std::path::{Component, Path};

/// Resolve `href` (as written in `article`) against the issue folder `dir`.
/// Problems are recorded as errors; the asset is returned either way so the
/// caller can report every bad path at once.
pub fn resolve(
    dir: &Path,
    article: &Path,
    href: &str,
    span: Range<usize>,
    diags: &mut Vec<Diagnostic>,
) -> Asset {
    let at = Span::new(article, span.clone());
    let asset = |path| Asset {
        href: href.to_owned(),
        file: article.to_path_buf(),
        path,
        span: span.clone(),
        header: None,
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
            crate::probe::probe_asset(&mut found, at, diags);
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
        Err(_) => {
            diags.push(
                Diagnostic::error(format!("photo `{href}` not found"))
                    .at(at)
                    .hint(format!("put the file at {}", path.display())),
            );
            asset(path)
        }
    }
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

//! Volumes (合订本): `[[volume]]` entries of `source/publication.toml` bind
//! issues, named by folder or glob pattern, into one book.

use super::manifest::{self, Settings, TomlSource, VolumeSpec};
use super::{PUBLICATION, discover_issues, read_text, stable_identifier};
use crate::diag::{DiagResult, Diagnostic};
use crate::model::{Book, BookKind, Meta};
use std::path::{Path, PathBuf};

/// The volumes `source_dir/publication.toml` declares, and the problems met
/// reading it (an unreadable file declares none).
pub fn volume_specs(source_dir: &Path) -> (Vec<VolumeSpec>, Vec<Diagnostic>) {
    let file = source_dir.join(PUBLICATION);
    let mut diags = Vec::new();
    if !file.is_file() {
        return (Vec::new(), diags);
    }
    let Some(text) = read_text(&file, &mut diags) else {
        return (Vec::new(), diags);
    };
    let mut settings = Settings::default();
    let src = TomlSource {
        file: &file,
        text: &text.text,
        offset: text.bom,
        first_line: 1,
    };
    manifest::apply(&src, &mut settings, &mut diags);
    (settings.volumes, diags)
}

/// The issue folders a volume binds: each pattern's matches among the
/// issues of `source_dir` in name order, patterns in the order written, each
/// issue once. A pattern that matches nothing is an error.
pub fn volume_issues(source_dir: &Path, spec: &VolumeSpec) -> DiagResult<Vec<PathBuf>> {
    let all = discover_issues(source_dir).map_err(|e| {
        vec![
            Diagnostic::error(format!("failed to read the folder of issues ({e})"))
                .in_file(source_dir),
        ]
    })?;
    let mut out: Vec<PathBuf> = Vec::new();
    let mut errors = Vec::new();
    for pattern in &spec.issues {
        let Ok(p) = glob::Pattern::new(pattern) else {
            continue;
        };
        let found: Vec<&PathBuf> = all
            .iter()
            .filter(|d| {
                d.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| p.matches(n))
            })
            .collect();
        if found.is_empty() {
            errors.push(
                Diagnostic::error(format!(
                    "volume `{}`: no issue folder matches `{pattern}`",
                    spec.slug
                ))
                .at(spec.issues_at.clone())
                .hint("name issue folders of source/ (e.g. \"2024-05-weekly\") or a pattern such as \"2024-*\""),
            );
        }
        for d in found {
            if !out.contains(d) {
                out.push(d.clone());
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Read a volume: every issue it binds, loaded as for its own build, in
/// order, with one list of photos for all of them. An error in any issue
/// fails the volume (the errors name their files).
pub fn load_volume(source_dir: &Path, spec: &VolumeSpec) -> (DiagResult<Book>, Vec<Diagnostic>) {
    load_volume_with(source_dir, spec, super::LoadOptions::default())
}

/// [`load_volume`] with `opts` for every issue (placeholders for a proof).
pub fn load_volume_with(
    source_dir: &Path,
    spec: &VolumeSpec,
    opts: super::LoadOptions,
) -> (DiagResult<Book>, Vec<Diagnostic>) {
    let dirs = match volume_issues(source_dir, spec) {
        Ok(d) => d,
        Err(e) => return (Err(e), Vec::new()),
    };
    let mut warnings = Vec::new();
    let loaded = dirs.iter().map(|dir| {
        let (b, w) = super::load_book_with(dir, opts);
        warnings.extend(w);
        b
    });
    let books = match crate::diag::all_or_errors(loaded.collect::<Vec<_>>()) {
        Ok(b) => b,
        Err(e) => return (Err(e), warnings),
    };
    let mut errors = Vec::new();
    let Some(first) = books.first() else {
        return (
            Err(vec![
                Diagnostic::error("the volume binds no issue").at(spec.at.clone()),
            ]),
            warnings,
        );
    };
    let layout = first.layout.clone();
    let page = |l: &crate::model::LayoutSettings| (l.trim_width_mm, l.trim_height_mm, l.bleed_mm);
    for b in &books {
        if page(&b.layout) != page(&layout) {
            errors.push(
                Diagnostic::error(format!(
                    "volume `{}`: issue `{}` has another page size or bleed than `{}`",
                    spec.slug, b.slug, first.slug
                ))
                .at(spec.at.clone())
                .hint("a bound volume has one page size: set `page` and `bleed_mm` in publication.toml"),
            );
        }
    }
    if !errors.is_empty() {
        return (Err(errors), warnings);
    }
    let first_meta = first.meta.clone();
    let last_date = books.iter().rev().find_map(|b| b.meta.date.clone());
    let mut files = Vec::new();
    let mut issues = Vec::new();
    for b in books {
        files.extend(b.files);
        issues.extend(b.issues);
    }
    let assets = crate::model::share_assets(
        issues.iter_mut().flat_map(|i| i.articles.iter_mut()),
        super::assets::same_photo,
    );
    crate::model::hand_out_assets(
        issues.iter_mut().flat_map(|i| i.articles.iter_mut()),
        &assets,
    );
    let byline = crate::model::merge_credits(issues.iter().flat_map(|i| i.meta.byline.iter()));
    let meta = Meta {
        title: spec.title.clone(),
        subtitle: None,
        kicker: None,
        column: None,
        byline,
        date: last_date,
        identifier: stable_identifier(
            &first_meta.publication,
            None,
            &format!("volume\0{}", spec.slug),
        ),
        publication: first_meta.publication,
        publisher: first_meta.publisher,
        issue_number: None,
        lang: first_meta.lang,
        cover: None,
        description: None,
    };
    files.insert(0, source_dir.join(PUBLICATION));
    (
        Ok(Book {
            slug: spec.slug.clone(),
            kind: BookKind::Volume,
            meta,
            layout,
            issues,
            assets,
            files,
        }),
        warnings,
    )
}

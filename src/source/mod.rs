//! ① Files → model. [`load_issue`] reads an issue folder (its `article.md`
//! with TOML front matter, and `source/publication.toml` above it) into an
//! [`Issue`]. Every diagnostic carries a span into the file it is about.

pub mod assets;
pub mod import;
pub mod manifest;
pub mod markdown;

use crate::diag::{DiagResult, Diagnostic, Span};
use crate::model::{Issue, Meta};
use manifest::{Settings, TomlSource};
use std::path::{Path, PathBuf};

/// Name of the article file in an issue folder.
pub const ARTICLE: &str = "article.md";
/// Name of the publication-wide settings file in `source/`.
pub const PUBLICATION: &str = "publication.toml";

/// Read an issue folder into the model. Returns the issue (or the errors that
/// stop it) and, separately, the warnings found on the way.
pub fn load_issue(dir: &Path) -> (DiagResult<Issue>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let result = load(dir, &mut diags);
    let (errors, warnings): (Vec<_>, Vec<_>) = diags.into_iter().partition(Diagnostic::is_error);
    match result {
        Some(issue) if errors.is_empty() => (Ok(issue), warnings),
        _ => {
            let mut errors = errors;
            if errors.is_empty() {
                errors.push(Diagnostic::error("failed to read the issue").in_file(dir));
            }
            (Err(errors), warnings)
        }
    }
}

fn load(dir: &Path, diags: &mut Vec<Diagnostic>) -> Option<Issue> {
    let dir = match dir.canonicalize() {
        Ok(d) if d.is_dir() => d,
        _ => {
            diags.push(
                Diagnostic::error("issue folder not found")
                    .in_file(dir)
                    .hint("name a folder under source/ that holds article.md, or run `reportbook new <slug>`"),
            );
            return None;
        }
    };
    let slug = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "issue".into());
    let article = dir.join(ARTICLE);
    let mut settings = Settings::default();
    if let Some(parent) = dir.parent() {
        let pub_file = parent.join(PUBLICATION);
        if pub_file.is_file() {
            let text = read_text(&pub_file, diags)?;
            let src = TomlSource {
                file: &pub_file,
                text: &text.text,
                offset: text.bom,
                first_line: 1,
            };
            manifest::apply(&src, &mut settings, diags);
        }
    }
    if !article.is_file() {
        diags.push(
            Diagnostic::error(format!("no {ARTICLE} in the issue folder"))
                .in_file(&dir)
                .hint("write the report in article.md (see README.md, \"Source format\"), or run `reportbook new <slug>`"),
        );
        return None;
    }
    let text = read_text(&article, diags)?;
    let (front, body, body_offset) = split_front_matter(&text.text, &article, diags)?;
    if let Some((ftext, foff)) = front {
        let src = TomlSource {
            file: &article,
            text: ftext,
            offset: foff + text.bom,
            first_line: 1 + text.text[..foff].matches('\n').count(),
        };
        manifest::apply(&src, &mut settings, diags);
    }
    manifest::resolve_print(&mut settings, diags);
    if body.trim().is_empty() {
        diags.push(
            Diagnostic::error("the article is empty")
                .at(Span::new(
                    &article,
                    text.bom + body_offset..text.bom + body_offset,
                ))
                .hint("write the report below the settings: `# Title`, then its paragraphs"),
        );
        return None;
    }
    let art = markdown::parse(&article, body, text.bom + body_offset, diags);
    let Some(title) = art.title.clone() else {
        diags.push(
            Diagnostic::error("the article has no title")
                .at(Span::new(
                    &article,
                    text.bom + body_offset..text.bom + body_offset,
                ))
                .hint("start the article with a `# 标题` line"),
        );
        return None;
    };
    // One asset per distinct photo: a photo used twice is read, converted
    // and embedded once.
    let mut assets: Vec<crate::model::Asset> = Vec::new();
    let mut remap = Vec::with_capacity(art.figures.len());
    for f in &art.figures {
        let i = match assets.iter().position(|a| a.href == f.href) {
            Some(i) => i,
            None => {
                assets.push(assets::resolve(
                    &dir,
                    &article,
                    &f.href,
                    f.span.clone(),
                    diags,
                ));
                assets.len() - 1
            }
        };
        remap.push(i);
    }
    let mut blocks = art.blocks;
    let mut before_title = art.before_title;
    let mut notes = art.notes;
    let mut remap_figures = |b: &mut crate::model::Block| match &mut b.kind {
        crate::model::BlockKind::Figure(f) => f.asset = remap[f.asset],
        crate::model::BlockKind::PhotoGroup(g) => {
            for f in &mut g.photos {
                f.asset = remap[f.asset];
            }
        }
        _ => {}
    };
    crate::model::walk_mut(&mut blocks, &mut remap_figures);
    crate::model::walk_mut(&mut before_title, &mut remap_figures);
    for n in &mut notes {
        crate::model::walk_mut(&mut n.body, &mut remap_figures);
    }
    let cover = settings.cover.as_ref().map(|(href, span)| {
        match assets.iter().position(|a| &a.href == href) {
            Some(i) => i,
            None => {
                assets.push(assets::resolve(&dir, &article, href, span.clone(), diags));
                assets.len() - 1
            }
        }
    });
    let publication = settings.publication.clone().unwrap_or_default();
    let identifier = stable_identifier(&publication, settings.issue, &slug);
    let meta = Meta {
        title,
        subtitle: art.subtitle.clone(),
        kicker: settings.kicker.clone().or(art.kicker),
        column: settings.column.clone().or(art.column),
        byline: settings.byline.clone(),
        date: settings.date.clone(),
        publication,
        publisher: settings.publisher.clone(),
        issue_number: settings.issue,
        lang: settings.lang.clone().unwrap_or_else(|| "zh-CN".into()),
        identifier,
        cover,
        description: settings.description.clone(),
    };
    Some(Issue {
        slug,
        dir: dir.clone(),
        article,
        meta,
        layout: settings.layout,
        lead: art.lead,
        before_title,
        blocks,
        notes,
        assets,
    })
}

/// A text file decoded as UTF-8, with the length of a byte-order mark that was removed.
struct Text {
    text: String,
    bom: usize,
}

/// Read a UTF-8 text file. A BOM is accepted (and skipped); GB18030/GBK and
/// other encodings are refused with the command that converts them.
fn read_text(path: &Path, diags: &mut Vec<Diagnostic>) -> Option<Text> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diagnostic::error(format!("failed to read file ({e})")).in_file(path));
            return None;
        }
    };
    let (bytes, bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest.to_vec(), 3),
        None => (bytes, 0),
    };
    match String::from_utf8(bytes) {
        Ok(text) => Some(Text { text, bom }),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let (_, _, gb_errors) = encoding_rs::GB18030.decode(&bytes);
            let what = if gb_errors {
                "not UTF-8"
            } else {
                "not UTF-8 (it looks like GB18030/GBK)"
            };
            diags.push(
                Diagnostic::error(format!("the file is {what}"))
                    .at(Span::new(path, at + bom..at + bom + 1))
                    .hint(format!(
                        "convert it: `iconv -f GB18030 -t UTF-8 {0} > {0}.utf8 && mv {0}.utf8 {0}`, or `reportbook import` a raw report",
                        path.display()
                    )),
            );
            None
        }
    }
}

/// Front matter (text, offset) if any, then the body and its offset.
type FrontMatterSplit<'a> = (Option<(&'a str, usize)>, &'a str, usize);

/// Split `+++` TOML front matter from the Markdown body. Returns the front
/// matter with its offset, the body and the body's offset.
fn split_front_matter<'a>(
    text: &'a str,
    file: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<FrontMatterSplit<'a>> {
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_line_end].trim_end() != "+++" {
        if let Some(end) = yaml_front_matter_end(text, first_line_end) {
            // Skipped whole, so its lines do not also read as a title or a
            // heading: the one warning says what happened.
            diags.push(
                Diagnostic::warning("the article starts with `---`: YAML front matter is not read (its settings are ignored)")
                    .at(Span::new(file, 0..3))
                    .hint("write settings as TOML between `+++` lines, e.g. `title: 标题` as the `# 标题` line and `date: 2024-05-01` as `date = \"2024-05-01\"` (see README.md, \"Source format\")"),
            );
            return Some((None, &text[end..], end));
        }
        return Some((None, text, 0));
    }
    let mut pos = first_line_end;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        if text[pos..end].trim_end() == "+++" {
            return Some((
                Some((&text[first_line_end..pos], first_line_end)),
                &text[end..],
                end,
            ));
        }
        pos = end;
    }
    diags.push(
        Diagnostic::error("the settings block opened with `+++` is never closed")
            .at(Span::new(file, 0..3))
            .hint("end the settings with a line holding only `+++`"),
    );
    None
}

/// Where YAML front matter (`---`, `key: value` lines, `---`) ends, if the
/// text opens with it: the byte after the closing `---` line.
fn yaml_front_matter_end(text: &str, first_line_end: usize) -> Option<usize> {
    if text[..first_line_end].trim_end() != "---" {
        return None;
    }
    let mut pos = first_line_end;
    let mut saw_key = false;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        let line = text[pos..end].trim_end();
        if line == "---" || line == "..." {
            return saw_key.then_some(end);
        }
        saw_key |= line.contains(':');
        pos = end;
    }
    None
}

/// A `urn:uuid:` that depends only on the publication and the issue, so
/// every build of an issue carries the same identifier (EPUB readers use it
/// to recognise a book they already have).
pub fn stable_identifier(publication: &str, issue: Option<u32>, slug: &str) -> String {
    let key = match issue {
        Some(n) => format!("reportbook\0{publication}\0issue\0{n}"),
        None => format!("reportbook\0{publication}\0slug\0{slug}"),
    };
    crate::model::urn_uuid(key.as_bytes())
}

/// Every issue folder under `source_dir` (folders holding an article.md), sorted.
pub fn discover_issues(source_dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(source_dir)? {
        let p = entry?.path();
        if p.is_dir() && p.join(ARTICLE).is_file() {
            out.push(p);
        }
    }
    out.sort();
    Ok(out)
}

//! ① Files → model. [`load_issue`] reads an issue folder (its `article.md`
//! with TOML front matter, and `source/publication.toml` above it) into an
//! [`Issue`]. Every diagnostic carries a span into the file it is about.

pub mod assets;
pub mod import;
pub mod manifest;
pub mod markdown;
pub mod volume;

use crate::diag::{DiagResult, Diagnostic, Span};
use crate::model::{Book, BookIssue, BookKind, Issue, Meta};
use manifest::{Settings, TomlSource};
use std::path::{Path, PathBuf};

/// Name of the article file in an issue folder.
pub const ARTICLE: &str = "article.md";
/// Name of the publication-wide settings file in `source/`.
pub const PUBLICATION: &str = "publication.toml";

/// Name of the issue-level settings file of a multi-article issue folder.
pub const ISSUE_SETTINGS: &str = "issue.toml";

/// Read a one-article issue folder into the model. Returns the issue (or
/// the errors that stop it) and, separately, the warnings found on the way.
/// A folder of several articles is an error here: read it with [`load_book`].
pub fn load_issue(dir: &Path) -> (DiagResult<Issue>, Vec<Diagnostic>) {
    let (book, warnings) = load_book(dir);
    let result = book.and_then(|b| {
        let many = b.article_count();
        b.single().cloned().ok_or_else(|| {
            vec![
                Diagnostic::error(format!("the issue holds {many} articles, not one"))
                    .in_file(dir)
                    .hint("build it with `reportbook build`, which sets every article"),
            ]
        })
    });
    (result, warnings)
}

/// Read an issue folder into a book: its articles (`article.md` alone, the
/// files `issue.toml` lists, or every `*.md` in file-name order), each with
/// the settings of `publication.toml`, then `issue.toml`, then its own front
/// matter. Returns the book (or the errors that stop it: an error in any
/// article fails the issue) and the warnings found on the way.
pub fn load_book(dir: &Path) -> (DiagResult<Book>, Vec<Diagnostic>) {
    load_book_with(dir, LoadOptions::default())
}

/// How an issue is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// A proof (`build --placeholders`): a missing or unreadable photo is a
    /// placeholder ([`crate::model::Asset::placeholder`]) with a warning at
    /// its reference instead of an error.
    pub placeholders: bool,
}

/// [`load_book`] with `opts`.
pub fn load_book_with(dir: &Path, opts: LoadOptions) -> (DiagResult<Book>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let result = load_book_into(dir, opts, &mut diags);
    finish(result, dir, diags)
}

/// Split diagnostics into errors and warnings; the value stands only without errors.
fn finish<T>(
    result: Option<T>,
    dir: &Path,
    diags: Vec<Diagnostic>,
) -> (DiagResult<T>, Vec<Diagnostic>) {
    // Settings shared by every article are read once per article: say each finding once.
    let mut seen = std::collections::HashSet::new();
    let diags = diags.into_iter().filter(|d| {
        let at = d.span.as_ref().map(|s| (s.file.clone(), s.range.clone()));
        seen.insert((d.message.clone(), at))
    });
    let (errors, warnings): (Vec<_>, Vec<_>) = diags.partition(Diagnostic::is_error);
    match result {
        Some(v) if errors.is_empty() => (Ok(v), warnings),
        _ => {
            let mut errors = errors;
            if errors.is_empty() {
                errors.push(Diagnostic::error("failed to read the issue").in_file(dir));
            }
            (Err(errors), warnings)
        }
    }
}

/// Whether `dir` is an issue folder: it holds `article.md` or `issue.toml`,
/// or it sits in a folder of issues (named `source` or holding
/// `publication.toml`) and holds an article (`*.md` not starting with `_`
/// or `.`, other than `README.md`). A folder holding `publication.toml` is
/// a folder of issues, never an issue.
pub fn is_issue_folder(dir: &Path) -> bool {
    let in_folder_of_issues = || {
        let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        dir.parent().is_some_and(|p| {
            p.join(PUBLICATION).is_file() || p.file_name().is_some_and(|n| n == "source")
        })
    };
    dir.is_dir()
        && !dir.join(PUBLICATION).is_file()
        && (dir.join(ARTICLE).is_file()
            || dir.join(ISSUE_SETTINGS).is_file()
            || (in_folder_of_issues() && article_files(dir).is_ok_and(|v| !v.is_empty())))
}

/// The Markdown files of an issue folder in file-name order (byte order of
/// the names, so `01-…` before `02-…`), skipping `_draft.md`, hidden files
/// and `README.md`.
pub fn article_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension().is_some_and(|x| x == "md")
                && p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                    !n.starts_with('_')
                        && !n.starts_with('.')
                        && !n.eq_ignore_ascii_case("readme.md")
                })
        })
        .collect();
    out.sort();
    Ok(out)
}

/// The article files of an issue folder, for the checks that read each
/// file's text: `article.md` when it is there, else every article file.
pub fn article_paths(dir: &Path) -> Vec<PathBuf> {
    if dir.join(ARTICLE).is_file() {
        vec![dir.join(ARTICLE)]
    } else {
        article_files(dir).unwrap_or_default()
    }
}

/// The settings every article of the issue in `dir` starts from:
/// `publication.toml` above it, then its `issue.toml`.
fn issue_settings(dir: &Path, diags: &mut Vec<Diagnostic>) -> Option<Settings> {
    let mut settings = Settings::default();
    let pub_file = dir.parent().map(|p| p.join(PUBLICATION));
    let issue_file = dir.join(ISSUE_SETTINGS);
    for file in pub_file.into_iter().chain([issue_file]) {
        if file.is_file() {
            let text = read_text(&file, diags)?;
            let src = TomlSource {
                file: &file,
                text: &text.text,
                offset: text.bom,
                first_line: 1,
            };
            manifest::apply(&src, &mut settings, diags);
        }
    }
    Some(settings)
}

fn load_book_into(dir: &Path, opts: LoadOptions, diags: &mut Vec<Diagnostic>) -> Option<Book> {
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
    let base = issue_settings(&dir, diags)?;
    let files = issue_articles(&dir, &base, diags)?;
    let many = files.len() > 1;
    let mut articles = Vec::with_capacity(files.len());
    for file in &files {
        if let Some(a) = load_article(&dir, &slug, file, &base, many, opts, diags) {
            articles.push(a);
        }
    }
    if articles.len() != files.len() {
        return None;
    }
    if !many {
        let article = articles.pop()?;
        return Some(Book {
            slug: slug.clone(),
            kind: BookKind::Issue,
            meta: article.meta.clone(),
            layout: article.layout.clone(),
            assets: article.assets.clone(),
            issues: vec![BookIssue {
                slug,
                meta: article.meta.clone(),
                articles: vec![article],
            }],
            files,
        });
    }
    let mut settings = base;
    manifest::resolve_print(&mut settings, diags);
    check_same_page(&articles, &settings.layout, diags)?;
    let mut assets = crate::model::share_assets(articles.iter_mut(), assets::same_photo);
    let cover = settings.cover.as_ref().map(|(href, span)| {
        let file = dir.join(ISSUE_SETTINGS);
        let a = assets::resolve(&dir, &file, href, span.clone(), opts.placeholders, diags);
        match assets.iter().position(|s| s.path == a.path) {
            Some(i) => i,
            None => {
                assets.push(a);
                assets.len() - 1
            }
        }
    });
    crate::model::hand_out_assets(articles.iter_mut(), &assets);
    let meta = Meta {
        cover,
        ..issue_meta(&settings, &slug, &articles)
    };
    Some(Book {
        slug: slug.clone(),
        kind: BookKind::Issue,
        meta: meta.clone(),
        layout: settings.layout,
        issues: vec![BookIssue {
            slug,
            meta,
            articles,
        }],
        assets,
        files,
    })
}

/// The article files of an issue: the `articles` setting's, else
/// `article.md` alone when it is there, else every `*.md` in name order.
fn issue_articles(
    dir: &Path,
    settings: &Settings,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<PathBuf>> {
    if let Some((names, at)) = &settings.articles {
        let mut files = Vec::new();
        for name in names {
            let file = dir.join(name);
            let inside = !name.contains("..") && !Path::new(name).is_absolute();
            if !inside || !file.is_file() {
                diags.push(
                    Diagnostic::error(format!("article `{name}` is not in the issue folder"))
                        .at(at.clone())
                        .hint("list Markdown files of this folder by name, e.g. `articles = [\"01-头条.md\", \"02-综述.md\"]`"),
                );
            } else if files.contains(&file) {
                diags.push(
                    Diagnostic::error(format!("article `{name}` is listed twice"))
                        .at(at.clone())
                        .hint("list each article once"),
                );
            } else {
                files.push(file);
            }
        }
        return (files.len() == names.len()).then_some(files);
    }
    if dir.join(ARTICLE).is_file() {
        return Some(vec![dir.join(ARTICLE)]);
    }
    match article_files(dir) {
        Ok(v) if !v.is_empty() => Some(v),
        Ok(_) => {
            diags.push(
                Diagnostic::error(format!("no {ARTICLE} in the issue folder"))
                    .in_file(dir)
                    .hint("write the report in article.md (see README.md, \"Source format\"), or several articles as 01-….md, 02-….md, or run `reportbook new <slug>`"),
            );
            None
        }
        Err(e) => {
            diags.push(
                Diagnostic::error(format!("failed to read the issue folder ({e})")).in_file(dir),
            );
            None
        }
    }
}

/// Every article of an issue prints on the same paper: a page size or
/// bleed set in one article's front matter that differs from the issue's is an error.
fn check_same_page(
    articles: &[Issue],
    issue: &crate::model::LayoutSettings,
    diags: &mut Vec<Diagnostic>,
) -> Option<()> {
    let mut ok = true;
    for a in articles {
        let l = &a.layout;
        if (l.trim_width_mm, l.trim_height_mm, l.bleed_mm)
            != (issue.trim_width_mm, issue.trim_height_mm, issue.bleed_mm)
        {
            ok = false;
            diags.push(
                Diagnostic::error("this article's page size or bleed differs from its issue's")
                    .in_file(&a.article)
                    .hint("set `page` and `bleed_mm` under [layout] in issue.toml (or publication.toml), not in one article"),
            );
        }
    }
    ok.then_some(())
}

/// The metadata of a multi-article issue: its settings, its title (the
/// `title` setting, else the publication with the issue number or date),
/// and every article's contributors.
fn issue_meta(settings: &Settings, slug: &str, articles: &[Issue]) -> Meta {
    let publication = settings.publication.clone().unwrap_or_default();
    let title = settings.title.clone().unwrap_or_else(|| {
        let named = if publication.is_empty() {
            slug.to_owned()
        } else {
            publication.clone()
        };
        match (settings.issue, &settings.date) {
            (Some(n), _) => format!("{named}　第{n}期"),
            (None, Some(d)) => format!("{named}　{}", crate::model::display_date(d)),
            (None, None) => named,
        }
    });
    let byline = crate::model::merge_credits(articles.iter().flat_map(|a| a.meta.byline.iter()));
    Meta {
        title,
        subtitle: None,
        kicker: None,
        column: None,
        byline,
        date: settings.date.clone(),
        identifier: stable_identifier(&publication, settings.issue, slug),
        publication,
        publisher: settings.publisher.clone(),
        issue_number: settings.issue,
        lang: settings.lang.clone().unwrap_or_else(|| "zh-CN".into()),
        cover: None,
        description: settings.description.clone(),
    }
}

/// Read one article file with the issue's settings under its own front
/// matter. In a multi-article issue (`many`) the cover is the issue's
/// (`issue.toml`), not an article's.
fn load_article(
    dir: &Path,
    slug: &str,
    article: &Path,
    base: &Settings,
    many: bool,
    opts: LoadOptions,
    diags: &mut Vec<Diagnostic>,
) -> Option<Issue> {
    let dir = dir.to_path_buf();
    let slug = slug.to_owned();
    let article = article.to_path_buf();
    let mut settings = base.clone();
    if many {
        settings.cover = None;
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
        diags.push(empty_article(
            &article,
            &text.text,
            front.is_some(),
            text.bom + body_offset,
        ));
        return None;
    }
    let art = markdown::parse(&article, body, text.bom + body_offset, diags);
    let Some(title) = art.title.clone() else {
        diags.push(no_title(&article, body, text.bom + body_offset));
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
                    opts.placeholders,
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
                assets.push(assets::resolve(
                    &dir,
                    &article,
                    href,
                    span.clone(),
                    opts.placeholders,
                    diags,
                ));
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

/// Every issue folder under `source_dir` (see [`is_issue_folder`]), sorted.
pub fn discover_issues(source_dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(source_dir)? {
        let p = entry?.path();
        if is_issue_folder(&p) {
            out.push(p);
        }
    }
    out.sort();
    Ok(out)
}

/// The error for an article with no text: what the file holds instead
/// (nothing, blank lines, only its settings), at the place text should start.
fn empty_article(article: &Path, text: &str, has_front: bool, at: usize) -> Diagnostic {
    let (message, hint) = if has_front {
        (
            "the article has its settings but no text below them",
            "write the report after the closing `+++`: a `# 标题` line, then its paragraphs",
        )
    } else if text.is_empty() {
        (
            "the article is empty (the file has 0 bytes)",
            "write the report in it: a `# 标题` line, then its paragraphs",
        )
    } else {
        (
            "the article is empty (the file has only blank lines)",
            "write the report in it: a `# 标题` line, then its paragraphs",
        )
    };
    Diagnostic::error(message)
        .at(Span::new(article, at..at))
        .hint(hint)
}

/// The error for an article with no `#` title, pointing at its first line of
/// text, with a hint fitted to that line: a heading of another level, a
/// short line that reads as a title, or a paragraph.
fn no_title(article: &Path, body: &str, offset: usize) -> Diagnostic {
    let start = body.len() - body.trim_start().len();
    let line = body[start..].lines().next().unwrap_or("").trim_end();
    let span = Span::new(article, offset + start..offset + start + line.len());
    let hashes = line.chars().take_while(|&c| c == '#').count();
    let text = line.trim_start_matches('#').trim();
    let hint = if hashes > 1 && line[hashes..].starts_with([' ', '\t']) {
        format!(
            "the first heading is `{line}` (level {hashes}); the title is the one `#` heading: `# {text}`"
        )
    } else if hashes == 0
        && text.chars().count() <= 40
        && !text.ends_with(['。', '！', '？', '.', '!', '?', '；', '：'])
    {
        format!(
            "if this line is the title, write it as `# {text}`; else start the article with a `# 标题` line"
        )
    } else {
        "start the article with a `# 标题` line; the title is the one `#` heading".to_string()
    };
    Diagnostic::error("the article has no title")
        .at(span)
        .hint(hint)
}

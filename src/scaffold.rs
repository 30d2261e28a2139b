//! A new, empty issue (the `new` command).
//!
//! # Public API (the CLI wires `reportbook new <slug>`)
//!
//! ```text
//! pub fn scaffold_issue(source_dir: &Path, slug: &str) -> Result<PathBuf, Diagnostic>
//! pub fn validate_slug(slug: &str) -> Result<(), Diagnostic>
//! pub const ARTICLE_TEMPLATE: &str
//! pub fn scaffold_publication(source_dir: &Path) -> Result<bool, Diagnostic>
//! pub const PUBLICATION_TEMPLATE: &str
//! ```
//!
//! The new folder holds `article.md` (commented settings and a short example
//! article that shows every element of the source format) and an empty
//! `photos/`. The example loads without errors or warnings, so `reportbook
//! build` works on it straight away; figures are shown in the comments only,
//! since a figure needs a photo file.

use crate::diag::Diagnostic;
use std::path::{Path, PathBuf};

/// The `article.md` of a new issue. Kept free of dates and names that would
/// have to be true: every setting that needs a real value is commented out.
pub const ARTICLE_TEMPLATE: &str = r#"+++
# Settings of this issue, in TOML. Anything set in ../publication.toml
# (publication name, publisher, page layout) can be overridden here.
#
# issue = 1                      # number of the issue in its publication
# date = "YYYY-MM-DD"            # publication date
# cover = "photos/cover.jpg"     # photo for the EPUB cover
# description = "一句话简介"
#
# Below the closing +++ comes the article in Markdown:
#   # 标题                        the title (one, first)
#   ——副标题                      a paragraph starting with —— right after the title
#   > 导语                        a block quote before the first paragraph: the lead
#   ![图片说明](photos/x.jpg)     an image alone in its paragraph: a figure with
#                                 its caption (put the photo in photos/)
#   > 口号第一行  (two spaces     any later block quote: a pull quote; its lines
#   > 口号第二行   end a line)    starting with —— are the attribution
#   >
#   > ——主办单位
#   ## 小标题 then ### 副小标题     a section heading and its sub-heading
#
# Tables come LAST: every `key = value` line below a [[byline]] or [layout]
# line belongs to that table (TOML's rule), so a plain setting written
# there would not be read. Keep single settings above this comment.
#
# The byline, one [[byline]] table per role, as printed: 记者 张三 李四 通讯员 王五
# [[byline]]
# role = "记者"
# names = ["张三", "李四"]
#
# [[byline]]
# role = "通讯员"
# names = ["王五"]
#
# [layout]                       # page layout of this issue only
# columns = 2
+++

# 标题写在这里

——副标题写在这里

> 用一两句话概括全文：这段引文就是导语。

第一段正文。段落之间空一行；同一段内换行不会在中文之间留下空格。

> 口号第一行  
> 口号第二行
>
> ——口号说明  
> ——主办单位

## 小标题

### 副小标题

小标题下的正文段落。
"#;

/// The `publication.toml` written by `new` when the folder of issues has none:
/// every setting commented, with its default.
pub const PUBLICATION_TEMPLATE: &str = r##"# Settings every issue of the publication shares, in TOML. An issue's own
# settings (between the +++ lines at the top of its article.md) override them.
#
# name = "某某日报"               # publication name: running heads, EPUB series
# publisher = "某某日报社"
# lang = "zh-CN"
#
# Tables come LAST: every `key = value` line below a [layout] line belongs to
# the table, so a plain setting written there would not be read.
#
# [layout]
# page = "16k"                   # "16k" (185 × 260 mm), "a4", "a5", "b5" or "WxH" in mm
# margins_mm = [20, 22, 20, 18]  # top, bottom, inner, outer
# bleed_mm = 3
# columns = 1                    # 1 or 2
# body_size_pt = 10.5
# leading = 1.75                 # line pitch × type size (default 1.75; 1.45 in two columns)
# accent = "#c8102e"             # colour of the pull quote and rules
# epub_image_max_px = 1600       # longest edge of EPUB photos
# notes = "page"                 # print notes: "page" (foot of the page) or "end" (article's end)
# fit_pages = 1                  # tighten the pitch, then the type, until the print PDF fits
#
# [print]
# accent_cmyk = [0, 100, 80, 15] # the accent's inks in the print PDF (PDF/X-4)
# standard = "x4"                # "x4" (PDF/X-4) or "none"
"##;

/// Write a commented `publication.toml` into `source_dir` unless one exists.
/// Returns whether it was written.
pub fn scaffold_publication(source_dir: &Path) -> Result<bool, Diagnostic> {
    let path = source_dir.join(crate::source::PUBLICATION);
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path);
    match file {
        Ok(mut f) => {
            use std::io::Write;
            f.write_all(PUBLICATION_TEMPLATE.as_bytes()).map_err(|e| {
                Diagnostic::error(format!("failed to write publication.toml ({e})")).in_file(&path)
            })?;
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(
            Diagnostic::error(format!("failed to create publication.toml ({e})")).in_file(&path),
        ),
    }
}

/// Characters no file name on a common system may hold, besides `/`.
const FORBIDDEN_IN_SLUG: [char; 8] = ['\\', ':', '*', '?', '"', '<', '>', '|'];

/// Check that `slug` can name an issue folder (and its output files).
pub fn validate_slug(slug: &str) -> Result<(), Diagnostic> {
    let bad = |why: &str| {
        Err(
            Diagnostic::error(format!("invalid issue name `{slug}` ({why})"))
                .hint("use letters, digits and hyphens, e.g. `2024-05-new-energy`"),
        )
    };
    if slug.is_empty() {
        return bad("it is empty");
    }
    if slug.contains('/') {
        return bad("`/` is not allowed: the issue is one folder directly under source/");
    }
    if slug.contains("..") {
        return bad("`..` is not allowed");
    }
    if slug.chars().any(char::is_whitespace) {
        return bad("spaces are not allowed");
    }
    if slug.starts_with('.') || slug.starts_with('-') {
        return bad("it may not start with `.` or `-`");
    }
    if let Some(c) = slug
        .chars()
        .find(|c| FORBIDDEN_IN_SLUG.contains(c) || c.is_control())
    {
        return bad(&format!(
            "`{}` is not allowed in a file name",
            c.escape_default()
        ));
    }
    Ok(())
}

/// Create `source_dir/<slug>/` with `article.md` and `photos/`, and return the
/// new folder. Refuses an invalid slug and a folder that already exists
/// (nothing is overwritten); creates `source_dir` itself if needed.
pub fn scaffold_issue(source_dir: &Path, slug: &str) -> Result<PathBuf, Diagnostic> {
    validate_slug(slug)?;
    let dir = source_dir.join(slug);
    let failed = |what: &str, path: &Path, e: std::io::Error| {
        Diagnostic::error(format!("failed to create {what} ({e})")).in_file(path)
    };
    std::fs::create_dir_all(source_dir).map_err(|e| failed("the source folder", source_dir, e))?;
    // `create_dir` (not `_all`) fails if the folder exists, even when another
    // process made it a moment ago.
    if let Err(e) = std::fs::create_dir(&dir) {
        return Err(if e.kind() == std::io::ErrorKind::AlreadyExists {
            Diagnostic::error(format!("issue `{slug}` already exists"))
                .in_file(&dir)
                .hint("choose another name, or edit the existing issue's article.md")
        } else {
            failed("the issue folder", &dir, e)
        });
    }
    let photos = dir.join("photos");
    std::fs::create_dir(&photos).map_err(|e| failed("the photos folder", &photos, e))?;
    let article = dir.join("article.md");
    std::fs::write(&article, ARTICLE_TEMPLATE).map_err(|e| failed("article.md", &article, e))?;
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, BlockKind};

    #[test]
    fn new_issue_loads_without_errors_or_warnings() {
        let tmp = tempfile::tempdir().unwrap();
        let source = tmp.path().join("source");
        let dir = scaffold_issue(&source, "2024-05-new").unwrap();
        assert_eq!(dir, source.join("2024-05-new"));
        assert!(dir.join("photos").is_dir());
        let (issue, warnings) = crate::source::load_issue(&dir);
        let issue = issue.expect("the example loads");
        assert!(warnings.is_empty(), "{warnings:?}");
        // The example shows each element of the format.
        assert!(issue.meta.subtitle.is_some());
        assert!(issue.lead.is_some());
        let has = |f: fn(&Block) -> bool| {
            let mut any = false;
            crate::model::walk(&issue.blocks, &mut |b| any |= f(b));
            any
        };
        assert!(has(
            |b| matches!(&b.kind, BlockKind::PullQuote(q) if q.lines.len() == 2 && q.attribution.len() == 2)
        ));
        assert!(has(
            |b| matches!(&b.kind, BlockKind::Section(s) if s.heading.subtitle.is_some())
        ));
        assert!(has(|b| matches!(b.kind, BlockKind::Para(_))));
        assert!(!ARTICLE_TEMPLATE.contains("导语："));
    }

    #[test]
    fn uncommented_templates_load_without_warnings() {
        // Every commented setting, uncommented, is read as a setting (the
        // tables come last, so nothing falls into them by mistake).
        let uncomment = |t: &str| {
            t.lines()
                .map(|l| match l.strip_prefix("# ") {
                    Some(r)
                        if (r.starts_with(|c: char| c.is_ascii_lowercase())
                            && r.contains(" = "))
                            || r.starts_with('[') =>
                    {
                        r.split("  #").next().unwrap().to_owned()
                    }
                    _ => l.to_owned(),
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        let tmp = tempfile::tempdir().unwrap();
        let source = tmp.path().join("source");
        let dir = scaffold_issue(&source, "x").unwrap();
        assert!(scaffold_publication(&source).unwrap());
        assert!(!scaffold_publication(&source).unwrap(), "never overwrites");
        std::fs::write(
            source.join("publication.toml"),
            uncomment(PUBLICATION_TEMPLATE),
        )
        .unwrap();
        let art = uncomment(ARTICLE_TEMPLATE).replace("photos/cover.jpg", "");
        let art = art
            .replace("cover = \"\"", "")
            .replace("YYYY-MM-DD", "2024-06-01");
        std::fs::write(dir.join("article.md"), art).unwrap();
        let (issue, warnings) = crate::source::load_issue(&dir);
        let issue = issue.expect("loads");
        assert!(warnings.is_empty(), "{warnings:#?}");
        assert_eq!(issue.meta.byline.len(), 2);
        assert_eq!(issue.meta.publication, "某某日报");
        assert_eq!(issue.layout.columns, 2);
    }

    #[test]
    fn refuses_an_existing_folder_and_keeps_it() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = scaffold_issue(tmp.path(), "a").unwrap();
        std::fs::write(dir.join("article.md"), "# 我的稿子\n").unwrap();
        let e = scaffold_issue(tmp.path(), "a").unwrap_err();
        assert_eq!(e.message, "issue `a` already exists");
        assert_eq!(
            std::fs::read_to_string(dir.join("article.md")).unwrap(),
            "# 我的稿子\n"
        );
    }

    #[test]
    fn refuses_bad_slugs_with_the_reason() {
        let tmp = tempfile::tempdir().unwrap();
        for (slug, why) in [
            ("", "empty"),
            ("a/b", "`/`"),
            ("..", "`..`"),
            ("a..b", "`..`"),
            ("my issue", "spaces"),
            ("第一\u{3000}期", "spaces"),
            (".hidden", "start with"),
            ("a:b", "`:`"),
        ] {
            let e = scaffold_issue(tmp.path(), slug).unwrap_err();
            assert!(e.message.contains(why), "{slug:?}: {}", e.message);
            assert!(!e.hints.is_empty());
        }
        // Nothing was created for any of them.
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
        assert!(validate_slug("2023-党建").is_ok());
    }
}

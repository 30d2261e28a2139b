//! The package document (OPF): metadata, manifest and spine, plus the
//! container file that points to it.

use super::xml::{escape, escape_attr};
use crate::model::Meta;
use std::fmt::Write;

/// Path of the package document inside the container.
pub(crate) const OPF_PATH: &str = "EPUB/package.opf";
/// Folder of the package document; manifest hrefs are relative to it.
pub(crate) const PACKAGE_DIR: &str = "EPUB/";

/// `META-INF/container.xml`.
pub(crate) fn container_xml() -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n  <rootfiles>\n    <rootfile full-path=\"{OPF_PATH}\" media-type=\"application/oebps-package+xml\"/>\n  </rootfiles>\n</container>\n"
    )
}

/// One manifest entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Item {
    pub id: String,
    pub href: String,
    pub media_type: String,
    /// `nav`, `cover-image`, … when the item has a special role.
    pub properties: Option<&'static str>,
}

/// Everything the package document needs besides the model's metadata.
#[derive(Debug, Clone)]
pub(crate) struct Package<'a> {
    pub meta: &'a Meta,
    pub lang: &'a str,
    /// `dcterms:modified`, `CCYY-MM-DDThh:mm:ssZ`.
    pub modified: String,
    pub items: Vec<Item>,
    /// Manifest ids in reading order.
    pub spine: Vec<String>,
    /// Manifest id of the cover image.
    pub cover_image_id: Option<String>,
}

/// The MARC relator code for a byline role as Chinese papers print it
/// (<https://id.loc.gov/vocabulary/relators>). Reporters and authors write the
/// text (`aut`), photographers take the photos (`pht`); a 通讯员 (local
/// correspondent) supplies material the reporters write up, a contribution
/// (`ctb`), as does any role not listed.
pub(crate) fn marc_relator(role: &str) -> &'static str {
    match role.trim() {
        "记者" | "本报记者" | "作者" | "文" | "撰文" | "撰稿" | "特约记者" => {
            "aut"
        }
        "摄影" | "摄" | "图" | "图片" | "摄影记者" => "pht",
        "编辑" | "责任编辑" | "责编" | "主编" => "edt",
        "翻译" | "译" | "译者" => "trl",
        "插图" | "绘" | "绘图" | "漫画" => "ill",
        _ => "ctb",
    }
}

/// A stable `urn:uuid:` for a book that has no identifier: derived from its
/// publication, number, date and title, never random.
pub(crate) fn fallback_identifier(meta: &Meta) -> String {
    let mut key = Vec::new();
    for part in [
        meta.publication.as_str(),
        &meta.issue_number.map(|n| n.to_string()).unwrap_or_default(),
        meta.date.as_deref().unwrap_or(""),
        meta.title.as_str(),
    ] {
        key.extend_from_slice(part.as_bytes());
        key.push(0);
    }
    crate::model::urn_uuid(&key)
}

/// The EPUB 2 table of contents (NCX), kept for older reading systems;
/// EPUB 3.3 §5.4.1.2 allows it as a legacy feature next to the nav document.
pub(crate) fn ncx(identifier: &str, title: &str, toc: &[super::xhtml::TocEntry]) -> String {
    let mut o = String::with_capacity(2048);
    let _ = writeln!(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    let _ = writeln!(
        o,
        "<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\">"
    );
    let _ = writeln!(o, "  <head>");
    let _ = writeln!(
        o,
        "    <meta name=\"dtb:uid\" content=\"{}\"/>",
        escape_attr(identifier)
    );
    let _ = writeln!(o, "    <meta name=\"dtb:depth\" content=\"1\"/>");
    let _ = writeln!(o, "    <meta name=\"dtb:totalPageCount\" content=\"0\"/>");
    let _ = writeln!(o, "    <meta name=\"dtb:maxPageNumber\" content=\"0\"/>");
    let _ = writeln!(o, "  </head>");
    let _ = writeln!(o, "  <docTitle><text>{}</text></docTitle>", escape(title));
    let _ = writeln!(o, "  <navMap>");
    for (i, e) in toc.iter().enumerate() {
        let n = i + 1;
        let _ = writeln!(
            o,
            "    <navPoint id=\"np-{n}\" playOrder=\"{n}\"><navLabel><text>{}</text></navLabel><content src=\"{}\"/></navPoint>",
            escape(&e.label),
            escape_attr(&e.href)
        );
    }
    let _ = writeln!(o, "  </navMap>");
    let _ = writeln!(o, "</ncx>");
    o
}

/// The book's identifier: the model's, or a stable one derived from its metadata.
pub(crate) fn identifier(meta: &Meta) -> String {
    if meta.identifier.trim().is_empty() {
        fallback_identifier(meta)
    } else {
        meta.identifier.trim().to_string()
    }
}

/// What the accessibility summary says (EPUB Accessibility 1.1 §5.1).
const ACCESSIBILITY_SUMMARY: &str = "本书是一篇新闻报道，以标题、小标题划分章节，附目录导航；每张照片都有替代文字和图片说明；阅读顺序与报纸原文一致，文字可由阅读软件调整字体与字号。没有已知的闪烁、声音或动作危害。";

/// The package document.
pub(crate) fn package_document(p: &Package<'_>) -> String {
    let meta = p.meta;
    let mut o = String::with_capacity(8 * 1024);
    let _ = writeln!(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    let lang = escape_attr(p.lang);
    let _ = writeln!(
        o,
        "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"pub-id\" xml:lang=\"{lang}\" dir=\"ltr\">"
    );
    let _ = writeln!(
        o,
        "  <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
    );
    let id = identifier(meta);
    let _ = writeln!(
        o,
        "    <dc:identifier id=\"pub-id\">{}</dc:identifier>",
        escape(&id)
    );
    titles(&mut o, meta);
    creators(&mut o, meta);
    let publisher = meta
        .publisher
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or(&meta.publication);
    if !publisher.trim().is_empty() {
        let _ = writeln!(o, "    <dc:publisher>{}</dc:publisher>", escape(publisher));
    }
    if let Some(date) = meta.date.as_deref().and_then(super::zip::Stamp::from_date) {
        let _ = writeln!(o, "    <dc:date>{}</dc:date>", date.ymd());
    }
    let _ = writeln!(o, "    <dc:language>{lang}</dc:language>");
    if let Some(desc) = meta.description.as_deref().filter(|s| !s.trim().is_empty()) {
        let _ = writeln!(o, "    <dc:description>{}</dc:description>", escape(desc));
    }
    let _ = writeln!(
        o,
        "    <meta property=\"dcterms:modified\">{}</meta>",
        p.modified
    );
    collection(&mut o, meta);
    accessibility(&mut o);
    if let Some(cover) = &p.cover_image_id {
        // For EPUB 2 reading systems, which look for the cover this way.
        let _ = writeln!(
            o,
            "    <meta name=\"cover\" content=\"{}\"/>",
            escape_attr(cover)
        );
    }
    let _ = writeln!(o, "  </metadata>");
    let _ = writeln!(o, "  <manifest>");
    for item in &p.items {
        let props = item
            .properties
            .map(|v| format!(" properties=\"{v}\""))
            .unwrap_or_default();
        let _ = writeln!(
            o,
            "    <item id=\"{}\" href=\"{}\" media-type=\"{}\"{props}/>",
            escape_attr(&item.id),
            escape_attr(&item.href),
            escape_attr(&item.media_type)
        );
    }
    let _ = writeln!(o, "  </manifest>");
    let _ = writeln!(
        o,
        "  <spine toc=\"ncx\" page-progression-direction=\"ltr\">"
    );
    for id in &p.spine {
        let _ = writeln!(o, "    <itemref idref=\"{}\"/>", escape_attr(id));
    }
    let _ = writeln!(o, "  </spine>");
    let _ = writeln!(o, "</package>");
    o
}

/// The title, and the subtitle as a second title refined as `subtitle`.
fn titles(o: &mut String, meta: &Meta) {
    let _ = writeln!(
        o,
        "    <dc:title id=\"title\">{}</dc:title>",
        escape(&meta.title)
    );
    let _ = writeln!(
        o,
        "    <meta refines=\"#title\" property=\"title-type\">main</meta>"
    );
    let _ = writeln!(
        o,
        "    <meta refines=\"#title\" property=\"display-seq\">1</meta>"
    );
    // The printed lead-in dash of a subtitle (——) is typography, not part of the title.
    if let Some(sub) = meta
        .subtitle
        .as_deref()
        .map(|s| s.trim_start_matches(['—', '-', ' ']).trim())
        && !sub.is_empty()
    {
        let _ = writeln!(
            o,
            "    <dc:title id=\"subtitle\">{}</dc:title>",
            escape(sub)
        );
        let _ = writeln!(
            o,
            "    <meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>"
        );
        let _ = writeln!(
            o,
            "    <meta refines=\"#subtitle\" property=\"display-seq\">2</meta>"
        );
    }
}

/// One `dc:creator` per person, with the MARC role and the role as printed.
fn creators(o: &mut String, meta: &Meta) {
    let mut n = 0;
    for credit in &meta.byline {
        for name in credit.names.iter().filter(|s| !s.trim().is_empty()) {
            n += 1;
            let id = format!("creator-{n}");
            let _ = writeln!(
                o,
                "    <dc:creator id=\"{id}\">{}</dc:creator>",
                escape(name.trim())
            );
            let _ = writeln!(
                o,
                "    <meta refines=\"#{id}\" property=\"role\" scheme=\"marc:relators\">{}</meta>",
                marc_relator(&credit.role)
            );
            if !credit.role.trim().is_empty() {
                // The role in the words of the byline, for display.
                let _ = writeln!(
                    o,
                    "    <meta refines=\"#{id}\" property=\"role\">{}</meta>",
                    escape(credit.role.trim())
                );
            }
            let _ = writeln!(
                o,
                "    <meta refines=\"#{id}\" property=\"display-seq\">{n}</meta>"
            );
        }
    }
}

/// The publication as a series, with the issue's number in it.
fn collection(o: &mut String, meta: &Meta) {
    if meta.publication.trim().is_empty() {
        return;
    }
    let _ = writeln!(
        o,
        "    <meta property=\"belongs-to-collection\" id=\"series\">{}</meta>",
        escape(meta.publication.trim())
    );
    let _ = writeln!(
        o,
        "    <meta refines=\"#series\" property=\"collection-type\">series</meta>"
    );
    if let Some(n) = meta.issue_number {
        let _ = writeln!(
            o,
            "    <meta refines=\"#series\" property=\"group-position\">{n}</meta>"
        );
    }
}

/// schema.org accessibility metadata (EPUB Accessibility 1.1 §5.1).
fn accessibility(o: &mut String) {
    let props: [(&str, &str); 11] = [
        ("schema:accessMode", "textual"),
        ("schema:accessMode", "visual"),
        ("schema:accessModeSufficient", "textual,visual"),
        ("schema:accessModeSufficient", "textual"),
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "alternativeText"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "readingOrder"),
        ("schema:accessibilityFeature", "displayTransformability"),
        ("schema:accessibilityHazard", "none"),
        ("schema:accessibilitySummary", ACCESSIBILITY_SUMMARY),
    ];
    for (property, value) in props {
        let _ = writeln!(
            o,
            "    <meta property=\"{property}\">{}</meta>",
            escape(value)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_map_to_marc_relators() {
        assert_eq!(marc_relator("记者"), "aut");
        assert_eq!(marc_relator("摄影"), "pht");
        assert_eq!(marc_relator("通讯员"), "ctb");
    }

    #[test]
    fn fallback_identifier_is_stable_and_well_formed() {
        let meta = Meta {
            title: "标题".into(),
            publication: "十堰日报".into(),
            ..Meta::default()
        };
        let a = fallback_identifier(&meta);
        assert_eq!(a, fallback_identifier(&meta.clone()));
        assert_eq!(a.len(), "urn:uuid:".len() + 36);
        let other = Meta {
            title: "另一个".into(),
            ..meta
        };
        assert_ne!(a, fallback_identifier(&other));
    }
}

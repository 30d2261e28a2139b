//! Outline and document metadata.

use super::PdfOptions;
use crate::frame::{DocMeta, OutlineEntry};
use krilla::destination::XyzDestination;
use krilla::metadata::{DateTime, Metadata};
use krilla::outline::{Outline, OutlineNode};

/// The outline, nested by level: the title at the top, sections under it,
/// sub-headings under their section.
pub(super) fn outline(meta: &DocMeta) -> Outline {
    fn node(e: &OutlineEntry) -> OutlineNode {
        OutlineNode::new(
            e.title.clone(),
            XyzDestination::new(e.page, krilla::geom::Point::from_xy(0.0, e.y)),
        )
        .with_open(true)
    }
    // Build bottom-up: each entry takes the following deeper entries as children.
    fn build(entries: &[OutlineEntry]) -> Vec<OutlineNode> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < entries.len() {
            let level = entries[i].level;
            let end = entries[i + 1..]
                .iter()
                .position(|e| e.level <= level)
                .map_or(entries.len(), |p| i + 1 + p);
            let mut n = node(&entries[i]);
            for child in build(&entries[i + 1..end]) {
                n.push_child(child);
            }
            out.push(n);
            i = end;
        }
        out
    }
    let mut o = Outline::new();
    for n in build(&meta.outline) {
        o.push_child(n);
    }
    o
}

/// Title, authors, language, creation date.
pub(super) fn metadata(meta: &DocMeta, opts: &PdfOptions) -> Metadata {
    let mut m = Metadata::new()
        .title(meta.title.clone())
        .language(meta.lang.clone())
        .creator(format!("reportbook {}", env!("CARGO_PKG_VERSION")));
    if !meta.authors.is_empty() {
        m = m.authors(meta.authors.clone());
    }
    if let Some(d) = &meta.description {
        m = m.description(d.clone());
    }
    if let Some(date) = creation_date(meta, opts) {
        m = m.creation_date(date);
    }
    m
}

/// `SOURCE_DATE_EPOCH` if given, else the issue date at midnight UTC; never the clock.
fn creation_date(meta: &DocMeta, opts: &PdfOptions) -> Option<DateTime> {
    if let Some(secs) = opts.creation_epoch {
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (y, mo, d) = crate::date::civil_from_days(days);
        return Some(
            DateTime::new(u16::try_from(y).ok()?)
                .month(mo)
                .day(d)
                .hour((rem / 3600) as u8)
                .minute((rem % 3600 / 60) as u8)
                .second((rem % 60) as u8)
                .utc_offset_hour(0),
        );
    }
    let date = meta.date.as_deref()?;
    let mut it = date.split('-').map(|p| p.parse::<u16>().ok());
    let (y, mo, d) = (it.next()??, it.next()??, it.next()??);
    Some(
        DateTime::new(y)
            .month(u8::try_from(mo).ok()?)
            .day(u8::try_from(d).ok()?)
            .utc_offset_hour(0),
    )
}

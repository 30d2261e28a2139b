//! Outline and document metadata.

use super::PdfOptions;
use crate::frame::{DocMeta, OutlineEntry};
use krilla::destination::XyzDestination;
use krilla::metadata::{DateTime, Metadata};
use krilla::outline::{Outline, OutlineNode};

/// The outline, nested by level: the title at the top, sections under it,
/// sub-headings under their section. `dy` is added to every entry's height
/// (the screen edition's pages start at the trim, `dy` above the media box's
/// top).
pub(super) fn outline(meta: &DocMeta, dy: f32) -> Outline {
    let node = |e: &OutlineEntry| {
        OutlineNode::new(
            e.title.clone(),
            XyzDestination::new(
                e.page,
                krilla::geom::Point::from_xy(0.0, (e.y + dy).max(0.0)),
            ),
        )
        .with_open(true)
    };
    // Build bottom-up: each entry takes the following deeper entries as children.
    fn build(
        entries: &[OutlineEntry],
        node: &dyn Fn(&OutlineEntry) -> OutlineNode,
    ) -> Vec<OutlineNode> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < entries.len() {
            let level = entries[i].level;
            let end = entries[i + 1..]
                .iter()
                .position(|e| e.level <= level)
                .map_or(entries.len(), |p| i + 1 + p);
            let mut n = node(&entries[i]);
            for child in build(&entries[i + 1..end], node) {
                n.push_child(child);
            }
            out.push(n);
            i = end;
        }
        out
    }
    let mut o = Outline::new();
    for n in build(&meta.outline, &node) {
        o.push_child(n);
    }
    o
}

/// The creating tool, as Info and XMP name it.
pub(super) fn creator() -> String {
    format!("reportbook {}", env!("CARGO_PKG_VERSION"))
}

/// Title, authors, language, creation date.
pub(super) fn metadata(meta: &DocMeta, opts: &PdfOptions) -> Metadata {
    let mut m = Metadata::new()
        .title(meta.title.clone())
        .language(meta.lang.clone())
        .creator(creator());
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

/// `SOURCE_DATE_EPOCH` if given, else the issue date at midnight UTC, else
/// 1980-01-01 (the EPUB's ZIP epoch): never the clock, and never none, since
/// PDF/X-4 requires the creation and modification dates.
fn creation_date(meta: &DocMeta, opts: &PdfOptions) -> Option<DateTime> {
    let [y, mo, d, h, mi, s] = date_parts(meta, opts)?;
    Some(
        DateTime::new(y)
            .month(mo as u8)
            .day(d as u8)
            .hour(h as u8)
            .minute(mi as u8)
            .second(s as u8)
            .utc_offset_hour(0),
    )
}

/// The creation date as year, month, day, hour, minute, second (UTC).
pub(super) fn date_parts(meta: &DocMeta, opts: &PdfOptions) -> Option<[u16; 6]> {
    if let Some(secs) = opts.creation_epoch {
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (y, mo, d) = crate::date::civil_from_days(days);
        return Some([
            u16::try_from(y).ok()?,
            u16::from(mo),
            u16::from(d),
            (rem / 3600) as u16,
            (rem % 3600 / 60) as u16,
            (rem % 60) as u16,
        ]);
    }
    let issue_date = meta.date.as_deref().and_then(|date| {
        let mut it = date.split('-').map(|p| p.parse::<u16>().ok());
        let (y, mo, d) = (it.next()??, it.next()??, it.next()??);
        ((1..=12).contains(&mo) && (1..=31).contains(&d)).then_some([y, mo, d, 0, 0, 0])
    });
    Some(issue_date.unwrap_or(NO_DATE))
}

/// The creation date of an issue without a date (and no `SOURCE_DATE_EPOCH`):
/// 1980-01-01 00:00 UTC, the date the EPUB's ZIP entries then carry.
const NO_DATE: [u16; 6] = [1980, 1, 1, 0, 0, 0];

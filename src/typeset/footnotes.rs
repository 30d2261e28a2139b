//! Page-foot notes (脚注, `[layout] notes = "page"`): what the page builder
//! needs to set a note at the foot of the column that holds its reference.
//!
//! The Chinese book convention: under a short rule, one size smaller, each
//! note hanging on its mark ①②…, numbered anew on every page, the number in
//! the text and at the foot the same. Body lines are set before their page is
//! known, with marks numbered through the article; [`FootNotes::renumber`]
//! gives a placed line's mark its page number, and a note's own lines are set
//! when its first reference is placed ([`FootNotes::entry`]).
//!
//! Which notes go to the foot: those whose first reference stands in running
//! text (a paragraph or an interview turn, in any list, box or quotation). A
//! note first referenced from a table, a poem, a caption or the lead is set
//! at the article's end, as with `notes = "end"`, so it is never lost.

use super::inline::{Align, ParInput, StyledText, layout_par};
use super::style::{Style, TextStyle};
use super::text::{NoteRefAt, noted_segments, plain, set_lines};
use crate::fonts::Fonts;
use crate::frame::{
    Color, Frame, FrameItem, Geometry, Glyph, Parents, Point, Shape, Size, Tag, TagKind, TextRun,
};
use crate::model::{Block, BlockKind, Inline, Issue, Text};
use std::sync::Arc;

/// Hanging indent of a foot note's text, in em of the note size: the mark
/// and a little space.
const NOTE_HANG_EM: f32 = 1.5;
/// Height of the space above the foot holding the short rule, in body pitches.
pub(crate) const FOOT_HEAD_PITCHES: f32 = 0.75;
/// The rule's distance from the top of that space, in body pitches.
const FOOT_RULE_AT_PITCHES: f32 = 0.45;
/// Length of the rule above the foot notes, as a share of the column.
const FOOT_RULE_SHARE: f32 = 0.25;
/// Weight of the foot rule, in pt.
const FOOT_RULE_PT: f32 = 0.5;
/// Tag ids of foot notes start here, apart from the ids collection hands
/// out (the PDF's structure tree lists the notes after the body, as it
/// lists end notes).
const NOTE_ID_BASE: u32 = 1 << 30;

/// For each note: whether its first reference stands in running text, so
/// `notes = "page"` sets it at the page foot.
pub(crate) fn at_foot(issue: &Issue) -> Vec<bool> {
    let mut first: Vec<Option<bool>> = vec![None; issue.notes.len()];
    let mut mark = |inlines: &[Inline], running: bool| {
        note_refs(inlines, &mut |n| {
            if let Some(slot) = first.get_mut(n) {
                slot.get_or_insert(running);
            }
        })
    };
    if let Some(lead) = &issue.lead {
        mark(lead, false);
    }
    let mut visit = |b: &Block| {
        let running = matches!(b.kind, BlockKind::Para(_) | BlockKind::Turn(_));
        for t in b.texts() {
            if let Text::Inlines(i) = t {
                mark(i, running);
            }
        }
    };
    crate::model::walk(&issue.before_title, &mut visit);
    crate::model::walk(&issue.blocks, &mut visit);
    first.into_iter().map(|f| f == Some(true)).collect()
}

/// The paragraphs a note is set as at the foot: its paragraphs, and the text
/// of any other block a paragraph per piece (nothing lost).
fn note_paras(issue: &Issue, note: usize) -> Vec<Vec<Inline>> {
    let mut paras: Vec<Vec<Inline>> = Vec::new();
    for b in issue.notes.get(note).map_or(&[][..], |n| &n.body[..]) {
        match &b.kind {
            BlockKind::Para(p) => paras.push(p.content.clone()),
            _ => crate::model::walk(std::slice::from_ref(b), &mut |b: &Block| {
                for t in b.texts() {
                    paras.push(match t {
                        Text::Inlines(i) => i.to_vec(),
                        Text::Plain(s) => vec![Inline::Text(s.to_string())],
                    });
                }
            }),
        }
    }
    paras
}

/// How many tag ids a reference to `note` reserves for its foot entry (the
/// `Note` and a `P` per paragraph, at least one; a pointer entry needs two).
pub(crate) fn ids_for_reference(issue: &Issue, note: usize) -> u32 {
    1 + note_paras(issue, note).len().max(1) as u32
}

/// Call `f` with every note reference in `inlines`, in order.
fn note_refs(inlines: &[Inline], f: &mut impl FnMut(usize)) {
    for i in inlines {
        match i {
            Inline::NoteRef(n) => f(*n),
            Inline::Emph(c) | Inline::Strong(c) => note_refs(c, f),
            Inline::Link { content, .. } => note_refs(content, f),
            _ => {}
        }
    }
}

/// The foot-note setter the page builder asks.
pub(crate) struct FootNotes<'a> {
    issue: &'a Issue,
    fonts: &'a Fonts,
    style: &'a Style,
    /// See [`at_foot`].
    at_foot: Vec<bool>,
    /// Where each note was set: (page, its number there).
    set_on: Vec<Option<(usize, usize)>>,
    next_id: u32,
}

impl<'a> FootNotes<'a> {
    /// The setter for `issue`'s notes.
    pub(crate) fn new(issue: &'a Issue, fonts: &'a Fonts, style: &'a Style) -> Self {
        FootNotes {
            issue,
            fonts,
            style,
            at_foot: at_foot(issue),
            set_on: vec![None; issue.notes.len()],
            next_id: NOTE_ID_BASE,
        }
    }

    /// Whether a reference to `note` is handled at the page foot.
    pub(crate) fn is_foot_note(&self, note: usize) -> bool {
        self.at_foot.get(note).copied().unwrap_or(false)
    }

    /// Where `note` was set, if it was: (page, number there).
    pub(crate) fn set_on(&self, note: usize) -> Option<(usize, usize)> {
        self.set_on.get(note).copied().flatten()
    }

    /// Record that `note` was set on `page` as number `number`.
    pub(crate) fn record(&mut self, note: usize, page: usize, number: usize) {
        if let Some(slot) = self.set_on.get_mut(note) {
            *slot = Some((page, number));
        }
    }

    /// The foot style: one size down, a tighter pitch.
    pub(crate) fn text_style(&self) -> TextStyle {
        self.style.foot_note
    }

    fn id(&mut self) -> u32 {
        self.next_id += 1;
        self.next_id
    }

    /// The lines of `note` at a column's foot, marked `number`: column-wide
    /// frames, the mark in the hanging indent of the first, tagged as one
    /// `Note` element.
    /// `first_id` is the first of the tag ids reserved for the reference
    /// (see [`ids_for_reference`]).
    pub(crate) fn entry(&mut self, note: usize, number: usize, first_id: u32) -> Vec<Frame> {
        if note >= self.issue.notes.len() {
            return Vec::new();
        }
        let paras = note_paras(self.issue, note);
        self.set_entry(number, &paras, first_id)
    }

    /// A later reference to a note already set on an earlier page: an entry
    /// that points there (`②　见第3页注①。`), so the note's text is printed once.
    pub(crate) fn cross_reference(
        &mut self,
        number: usize,
        page: usize,
        there: usize,
        first_id: u32,
    ) -> Vec<Frame> {
        let text = format!("见第{}页注{}。", page + 1, crate::cjk::note_mark(there));
        self.set_entry(number, &[vec![Inline::Text(text)]], first_id)
    }

    fn set_entry(&mut self, number: usize, paras: &[Vec<Inline>], first_id: u32) -> Vec<Frame> {
        if first_id > 0 {
            // The ids reserved where the reference was collected: the note
            // follows its paragraph in the tag tree, and a book's articles
            // never share ids.
            self.next_id = first_id - 1;
        }
        let ts = self.text_style();
        let cw = self.style.column_width;
        let hang = NOTE_HANG_EM * ts.size;
        let note_id = self.id();
        let parents: Parents = Some(Arc::from(vec![(note_id, TagKind::Note)]));
        let mut out = Vec::new();
        for content in paras {
            let id = self.id();
            let tag = Some(Tag {
                id,
                kind: TagKind::Para,
                parents: parents.clone(),
            });
            for (runs, _) in noted_segments(content, &ts) {
                for f in set_lines(self.fonts, runs, &ts, cw - hang, 0.0, Align::Justify, false) {
                    let mut line = Frame::new(Size::new(cw, f.size.h));
                    if out.is_empty() {
                        // The mark, in the same element as the text it opens.
                        let mark = crate::cjk::note_mark(number);
                        if let Some(m) = set_lines(
                            self.fonts,
                            plain(&mark, &ts),
                            &ts,
                            hang,
                            0.0,
                            Align::Start,
                            false,
                        )
                        .into_iter()
                        .next()
                        {
                            line.push_frame(Point::new(0.0, 0.0), m, tag.clone());
                        }
                    }
                    line.push_frame(Point::new(hang, 0.0), f, tag.clone());
                    out.push(line);
                }
            }
        }
        if out.is_empty() {
            // A note with no text: its mark alone.
            let id = self.id();
            let mark = crate::cjk::note_mark(number);
            if let Some(m) = set_lines(
                self.fonts,
                plain(&mark, &ts),
                &ts,
                cw,
                0.0,
                Align::Start,
                false,
            )
            .into_iter()
            .next()
            {
                let mut line = Frame::new(Size::new(cw, m.size.h));
                line.push_frame(
                    Point::new(0.0, 0.0),
                    m,
                    Some(Tag {
                        id,
                        kind: TagKind::Para,
                        parents,
                    }),
                );
                out.push(line);
            }
        }
        out
    }

    /// The short rule over a column's foot notes, in a frame the height of
    /// the space above the foot.
    pub(crate) fn rule(&self) -> Frame {
        let s = self.style;
        let mut f = Frame::new(Size::new(s.column_width, FOOT_HEAD_PITCHES * s.pitch));
        f.push(
            Point::new(0.0, FOOT_RULE_AT_PITCHES * s.pitch),
            FrameItem::Shape(Shape {
                geometry: Geometry::Line(s.column_width * FOOT_RULE_SHARE, 0.0),
                fill: None,
                stroke: Some((Color::Black, FOOT_RULE_PT)),
            }),
        );
        f
    }

    /// Give the mark of reference `r` in a placed line its page number.
    /// The mark keeps the width the line was justified with (①–⑳ are all
    /// one width in the bundled faces; a wider mark is centred on it).
    pub(crate) fn renumber(&self, frame: &mut Frame, r: &NoteRefAt, number: usize) {
        let mark = crate::cjk::note_mark(number);
        if mark == crate::cjk::note_mark(r.note + 1) {
            return;
        }
        renumber_in(self.fonts, frame, r, &mark);
    }
}

/// Find the raised run showing `r`'s mark in `frame` and rewrite it to `mark`.
fn renumber_in(fonts: &Fonts, frame: &mut Frame, r: &NoteRefAt, mark: &str) -> bool {
    for (_, item) in frame.items.iter_mut() {
        match item {
            FrameItem::Group(g) => {
                if renumber_in(fonts, &mut g.frame, r, mark) {
                    return true;
                }
            }
            FrameItem::Text(run) => {
                let in_mark = |g: &Glyph| {
                    g.offset_em.1 > 0.0
                        && g.text_range.start >= r.range.start
                        && g.text_range.end <= r.range.end
                };
                if run
                    .glyphs
                    .iter()
                    .any(|g| in_mark(g) && !g.text_range.is_empty())
                {
                    rewrite_run(fonts, run, r, mark);
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// Rebuild `run` with the glyphs of `r`'s mark replaced by `mark`'s, the
/// run getting its own text so the PDF's text is the new mark.
fn rewrite_run(fonts: &Fonts, run: &mut TextRun, r: &NoteRefAt, mark: &str) {
    let size = run.size_pt;
    let rise_em = run
        .glyphs
        .iter()
        .find(|g| g.text_range.start >= r.range.start && g.text_range.end <= r.range.end)
        .map_or(0.0, |g| g.offset_em.1);
    let par = layout_par(
        fonts,
        &ParInput {
            runs: vec![StyledText {
                text: mark.to_string(),
                role: run.face,
                size_pt: size,
                rise_pt: rise_em * size,
            }],
            width_pt: 1e5,
            first_line_indent_em: 0.0,
            align: Align::Start,
        },
    );
    let mut fresh: Vec<Glyph> = par
        .lines
        .iter()
        .flat_map(|l| l.runs.iter())
        .filter(|gr| gr.role == run.face)
        .flat_map(|gr| gr.glyphs.iter())
        .map(|g| Glyph {
            id: g.id,
            advance_em: g.advance_pt / size,
            offset_em: (g.offset_pt.0 / size, g.offset_pt.1 / size),
            text_range: g.text_range.clone(),
        })
        .collect();
    if fresh.is_empty() {
        return;
    }
    let old_width: f32 = run
        .glyphs
        .iter()
        .filter(|g| g.text_range.start >= r.range.start && g.text_range.end <= r.range.end)
        .map(|g| g.advance_em)
        .sum();
    // Keep the old width: centre the new mark on it.
    let diff = old_width - fresh.iter().map(|g| g.advance_em).sum::<f32>();
    if let Some(first) = fresh.first_mut() {
        first.offset_em.0 += diff / 2.0;
    }
    if let Some(last) = fresh.last_mut() {
        last.advance_em += diff;
    }
    let mut text = String::new();
    let mut out = Vec::with_capacity(run.glyphs.len() + fresh.len());
    let mut in_mark = false;
    let mut emitted = false;
    for g in &run.glyphs {
        let inside = g.text_range.start >= r.range.start
            && g.text_range.end <= r.range.end
            && (!g.text_range.is_empty() || in_mark);
        in_mark = inside;
        if inside {
            if !emitted {
                emitted = true;
                let base = text.len();
                text.push_str(mark);
                out.extend(fresh.iter().cloned().map(|mut f| {
                    f.text_range = f.text_range.start + base..f.text_range.end + base;
                    f
                }));
            }
            continue;
        }
        let base = text.len();
        text.push_str(&run.text[g.text_range.clone()]);
        let mut g = g.clone();
        g.text_range = base..text.len();
        out.push(g);
    }
    run.glyphs = out;
    run.text = Arc::from(text.as_str());
}

#[cfg(test)]
mod tests {
    use super::super::flow::PlacedKind;
    use super::super::flow::distribute::Distribution;
    use super::*;
    use crate::diag::Sink;
    use crate::model::{LayoutSettings, Meta, Note, NotePlacement};
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    const HAN: &str = "基层治理是国家治理的基石做好关键在于把工作做细做实各地探索网格化管理积分制等做法正是这一思路的体现";

    fn han(seed: &mut u64, chars: usize) -> String {
        let han: Vec<char> = HAN.chars().collect();
        let mut s = String::new();
        for k in 0..chars {
            *seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            s.push(han[((*seed >> 33) % han.len() as u64) as usize]);
            if k % 13 == 12 {
                s.push('，');
            }
        }
        s.push('。');
        s
    }

    /// An article of `paras` paragraphs, most with a note reference or
    /// two, notes from one line to a dozen; note 0 is referenced again near
    /// the end (a later page).
    fn issue(paras: usize, layout: LayoutSettings) -> Issue {
        let mut seed = 7u64;
        let mut blocks = Vec::new();
        let mut notes = Vec::new();
        for p in 0..paras {
            let mut content = vec![Inline::Text(han(&mut seed, 30 + (p * 37) % 160))];
            for _ in 0..(p % 3) {
                content.push(Inline::NoteRef(notes.len()));
                let len = [20, 60, 150, 500][notes.len() % 4];
                notes.push(Note {
                    label: notes.len().to_string(),
                    body: vec![Block::para(vec![Inline::Text(han(&mut seed, len))], 0..0)],
                    span: 0..0,
                });
                content.push(Inline::Text(han(&mut seed, 20)));
            }
            if p + 2 == paras {
                content.push(Inline::NoteRef(0));
                content.push(Inline::Text("同上。".into()));
            }
            if p % 6 == 5 {
                // A heading whose next lines refer to a note at once: kept
                // together with those lines and their note.
                let mut first = vec![
                    Inline::Text("基层治理".into()),
                    Inline::NoteRef(notes.len()),
                ];
                notes.push(Note {
                    label: notes.len().to_string(),
                    body: vec![Block::para(vec![Inline::Text(han(&mut seed, 40))], 0..0)],
                    span: 0..0,
                });
                first.extend(content);
                blocks.push(Block::new(
                    BlockKind::Section(crate::model::Section {
                        heading: crate::model::Heading {
                            level: 2,
                            title: format!("第{p}节"),
                            subtitle: None,
                            span: 0..0,
                        },
                        body: vec![Block::para(first, 0..0)],
                    }),
                    0..0,
                ));
                continue;
            }
            blocks.push(Block::para(content, 0..0));
        }
        Issue {
            slug: "notes".into(),
            dir: PathBuf::from("."),
            article: PathBuf::from("article.md"),
            meta: Meta {
                title: "以绣花功夫推进基层治理".into(),
                ..Meta::default()
            },
            layout,
            lead: None,
            before_title: vec![],
            blocks,
            notes,
            assets: vec![],
        }
    }

    fn lay(issue: &Issue) -> (Style, Distribution) {
        let fonts = Fonts::shared().expect("bundled fonts");
        let mut sink = Sink::default();
        super::super::lay_out(issue, fonts, &mut sink)
    }

    /// The raised runs (note marks) of a frame, with their x and y offsets.
    fn marks(f: &Frame, ox: f32, oy: f32, out: &mut Vec<(f32, f32, String)>) {
        for (p, item) in &f.items {
            match item {
                FrameItem::Group(g) => marks(&g.frame, ox + p.x, oy + p.y, out),
                FrameItem::Text(t) if t.glyphs.iter().all(|g| g.offset_em.1 > 0.0) => {
                    let text: String = t
                        .glyphs
                        .iter()
                        .map(|g| &t.text[g.text_range.clone()])
                        .collect();
                    out.push((ox + p.x, oy + p.y, text));
                }
                _ => {}
            }
        }
    }

    fn text_of(f: &Frame, out: &mut String) {
        for (_, item) in &f.items {
            match item {
                FrameItem::Group(g) => text_of(&g.frame, out),
                FrameItem::Text(t) => {
                    for g in &t.glyphs {
                        out.push_str(&t.text[g.text_range.clone()]);
                    }
                }
                _ => {}
            }
        }
    }

    fn layouts() -> Vec<LayoutSettings> {
        vec![
            LayoutSettings::default(),
            LayoutSettings {
                columns: 2,
                ..LayoutSettings::default()
            },
            LayoutSettings {
                trim_width_mm: 148.0,
                trim_height_mm: 210.0,
                ..LayoutSettings::default()
            },
        ]
    }

    #[test]
    fn every_note_is_at_the_foot_of_its_reference_numbered_anew_on_each_page() {
        for layout in layouts() {
            let what = format!("{} col, {} mm", layout.columns, layout.trim_width_mm);
            let issue = issue(40, layout);
            let (style, dist) = lay(&issue);
            assert!(dist.pages >= 3, "{what}: a few pages ({})", dist.pages);
            // Body marks per page, in reading order (column, then y).
            let mut body: BTreeMap<usize, Vec<(f32, f32, String)>> = BTreeMap::new();
            // Entries per page: number → (note, column x, y of the entry's first line).
            let mut entries: BTreeMap<usize, BTreeMap<usize, (usize, f32, f32)>> = BTreeMap::new();
            let mut first_page: BTreeMap<usize, usize> = BTreeMap::new();
            let mut rules: Vec<(usize, f32, f32)> = Vec::new();
            for p in &dist.placed {
                match p.kind {
                    PlacedKind::Line(..) => {
                        let mut m = Vec::new();
                        marks(&p.frame, p.pos.x, p.pos.y, &mut m);
                        body.entry(p.page).or_default().extend(m);
                    }
                    PlacedKind::FootNote(note, Some(number)) => {
                        let e = entries.entry(p.page).or_default();
                        assert!(
                            e.insert(number, (note, p.pos.x, p.pos.y)).is_none(),
                            "{what}: number {number} twice on page {}",
                            p.page
                        );
                        first_page.entry(note).or_insert(p.page);
                    }
                    PlacedKind::FootRule => rules.push((p.page, p.pos.x, p.pos.y)),
                    _ => {}
                }
                // Nothing leaves the type area.
                assert!(
                    p.pos.y + p.frame.size.h <= style.body.bottom() + 0.01,
                    "{what}: {:?} below the type area",
                    p.kind
                );
            }
            // Every foot note is set, the first time on its first reference's page.
            assert_eq!(
                first_page.len(),
                issue.notes.len(),
                "{what}: every note set"
            );
            for (page, mut ms) in body {
                let col = |x: f32| usize::from(x > style.body.x + style.column_width);
                ms.sort_by(|a, b| {
                    col(a.0)
                        .cmp(&col(b.0))
                        .then(a.1.total_cmp(&b.1))
                        .then(a.0.total_cmp(&b.0))
                });
                let e = entries.get(&page).cloned().unwrap_or_default();
                // Numbers restart at ① on every page and run without a gap.
                let numbers: Vec<usize> = e.keys().copied().collect();
                assert_eq!(
                    numbers,
                    (1..=numbers.len()).collect::<Vec<_>>(),
                    "{what}: page {page}"
                );
                let mut next = 1;
                for (x, y, mark) in ms {
                    let k = (1..=50)
                        .find(|&k| crate::cjk::note_mark(k) == mark)
                        .unwrap_or_else(|| panic!("{what}: mark {mark} on page {page}"));
                    // Marks take numbers in reading order (a repeat reuses one).
                    assert!(k <= next, "{what}: page {page} mark {mark} out of order");
                    next = next.max(k + 1);
                    let &(note, ex, ey) = e.get(&k).unwrap_or_else(|| {
                        panic!("{what}: mark {mark} on page {page} has no note there")
                    });
                    // In the reference's column, below it.
                    assert_eq!(col(ex), col(x), "{what}: note {note} in another column");
                    assert!(ey > y, "{what}: note {note} above its reference");
                    if first_page[&note] != page {
                        // A repeat: the entry points to where the note is.
                        let entry_text = dist
                            .placed
                            .iter()
                            .find(|p| {
                                p.page == page && p.kind == PlacedKind::FootNote(note, Some(k))
                            })
                            .map(|p| {
                                let mut s = String::new();
                                text_of(&p.frame, &mut s);
                                s
                            })
                            .unwrap_or_default();
                        assert!(
                            entry_text.contains(&format!("见第{}页", first_page[&note] + 1)),
                            "{what}: {entry_text}"
                        );
                    }
                }
            }
            // A heading is never the last thing in its column.
            for (k, p) in dist.placed.iter().enumerate() {
                if p.kind == PlacedKind::Heading {
                    let next = dist.placed[k + 1..]
                        .iter()
                        .find(|q| matches!(q.kind, PlacedKind::Line(..)))
                        .expect("text after a heading");
                    assert!(
                        next.page == p.page && (next.pos.x - p.pos.x).abs() < 1.0,
                        "{what}: heading on page {} stranded",
                        p.page
                    );
                }
            }
            // Body lines stay above their column's foot rule.
            for p in &dist.placed {
                if let PlacedKind::Line(..) = p.kind {
                    for &(page, x, y) in &rules {
                        if page == p.page && (x - p.pos.x).abs() < 1.0 {
                            assert!(
                                p.pos.y + p.frame.size.h <= y + 0.01,
                                "{what}: body over the foot"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_long_note_runs_on_to_the_next_foot() {
        // A note longer than a page's foot: its first line on its reference's
        // page, the rest at the top of the following feet, every character once.
        let mut seed = 3u64;
        let mut issue = issue(0, LayoutSettings::default());
        let note_text = han(&mut seed, 2500);
        issue.notes.push(Note {
            label: "1".into(),
            body: vec![Block::para(vec![Inline::Text(note_text.clone())], 0..0)],
            span: 0..0,
        });
        issue.blocks.push(Block::para(
            vec![
                Inline::Text(han(&mut seed, 300)),
                Inline::NoteRef(0),
                Inline::Text(han(&mut seed, 2000)),
            ],
            0..0,
        ));
        let (_, dist) = lay(&issue);
        let ref_page = dist
            .placed
            .iter()
            .find(|p| {
                let mut m = Vec::new();
                marks(&p.frame, 0.0, 0.0, &mut m);
                !m.is_empty()
            })
            .map(|p| p.page)
            .expect("the reference is placed");
        let mut text = String::new();
        let mut pages = Vec::new();
        for (k, p) in dist.placed.iter().enumerate() {
            if let PlacedKind::FootNote(0, number) = p.kind {
                if number.is_some() {
                    assert_eq!(p.page, ref_page, "the note starts on its reference's page");
                } else if p.page != ref_page && !pages.contains(&p.page) {
                    // A continuation opens its foot, right under the rule.
                    assert_eq!(dist.placed[k - 1].kind, PlacedKind::FootRule);
                }
                if !pages.contains(&p.page) {
                    pages.push(p.page);
                }
                text_of(&p.frame, &mut text);
            }
        }
        assert!(pages.len() >= 2, "the note runs on: {pages:?}");
        assert_eq!(
            text,
            format!("①{note_text}"),
            "every character once, in order"
        );
        // The body still has lines on the pages the note runs on to.
        for page in &pages[1..] {
            assert!(
                dist.placed
                    .iter()
                    .any(|p| p.page == *page && matches!(p.kind, PlacedKind::Line(..))),
                "page {page} keeps body text"
            );
        }
    }

    /// Every tagged piece's (id, kind), parents included.
    fn tags(f: &Frame, out: &mut Vec<(u32, TagKind)>) {
        for (_, item) in &f.items {
            if let FrameItem::Group(g) = item {
                if let Some(t) = &g.tag {
                    out.push((t.id, t.kind.clone()));
                    out.extend(t.parents.iter().flat_map(|p| p.iter().cloned()));
                }
                tags(&g.frame, out);
            }
        }
    }

    #[test]
    fn foot_notes_take_tag_ids_of_their_own_after_their_paragraph() {
        let issue = issue(40, LayoutSettings::default());
        let (_, dist) = lay(&issue);
        let mut kinds: BTreeMap<u32, TagKind> = BTreeMap::new();
        let mut notes_of: BTreeMap<u32, usize> = BTreeMap::new();
        for p in &dist.placed {
            let mut t = Vec::new();
            tags(&p.frame, &mut t);
            for (id, kind) in t {
                if matches!(kind, TagKind::Artifact(_)) {
                    continue;
                }
                // One id, one element.
                let was = kinds.entry(id).or_insert(kind.clone());
                assert_eq!(*was, kind, "id {id} names two elements");
                if let (TagKind::Note, PlacedKind::FootNote(n, _)) = (&kind, p.kind) {
                    assert_eq!(*notes_of.entry(id).or_insert(n), n, "id {id} in two notes");
                }
            }
        }
        // Below the ids collection hands out next (no separate range).
        assert!(kinds.keys().all(|&id| id < NOTE_ID_BASE));
        assert!(notes_of.len() >= issue.notes.len());
    }

    #[test]
    fn end_notes_leave_the_page_foot_empty() {
        let issue = issue(
            40,
            LayoutSettings {
                notes: NotePlacement::End,
                ..LayoutSettings::default()
            },
        );
        let (_, dist) = lay(&issue);
        assert!(
            !dist
                .placed
                .iter()
                .any(|p| matches!(p.kind, PlacedKind::FootNote(..) | PlacedKind::FootRule))
        );
        // The marks keep their article-wide numbers.
        let mut ms = Vec::new();
        for p in &dist.placed {
            marks(&p.frame, 0.0, 0.0, &mut ms);
        }
        let last = ms.iter().map(|m| m.2.clone()).max().unwrap_or_default();
        assert!(ms.len() > issue.notes.len() && last >= crate::cjk::note_mark(20));
    }
}

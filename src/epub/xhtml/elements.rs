//! XHTML for the kinds of block beyond the seed's: one function per kind,
//! semantic markup only (the look lives in [`crate::epub::css`]).
//!
//! - lists: `ol`/`ul`; Chinese markers (（一）, 一、, ①) written as text;
//! - tables: `table` with `caption`, `thead`/`th scope`, notes after it, in one `figure`;
//! - notes: `a epub:type="noteref"` and `aside epub:type="footnote"` in the same
//!   file with a back link, plus Duokan's `duokan-footnote` classes;
//! - boxes: a labelled `aside`; quotations: `blockquote`; verse: stanzas of
//!   lines; turns: the speaker in `strong`; photo groups: one `figure`;
//!   breaks: `hr`.

use super::{Writer, block, caption, inlines};
use crate::cjk::note_mark;
use crate::epub::xml::Xml;
use crate::fonts::Role;
use crate::model::{
    Align, Aside, AsideKind, BlockKind, Break, Code, Heading, Inline, List, Para, ParaRole,
    PhotoGroup, QaStyle, Quote, Table, Turn, Verse, VersePlacement,
};

/// A paragraph: body, dateline paragraph or author note.
pub(crate) fn para(w: &mut Writer<'_, '_>, p: &Para) {
    match p.role {
        ParaRole::Body => {
            w.x.open("p", &[]);
            inlines(&mut w.x, &p.content);
            w.x.close("p").nl();
        }
        ParaRole::Dateline => {
            w.x.open("p", &[("class", "has-dateline")]);
            inlines(&mut w.x, &p.content);
            w.x.close("p").nl();
        }
        ParaRole::AuthorNote => {
            w.x.open_in(Some(Role::Caption), "p", &[("class", "author-note")]);
            inlines(&mut w.x, &p.content);
            w.x.close_in("p").nl();
        }
        ParaRole::Salutation => {
            w.x.open("p", &[("class", "salutation")]);
            inlines(&mut w.x, &p.content);
            w.x.close("p").nl();
        }
        ParaRole::SignOff => {
            w.x.open("p", &[("class", "signoff")]);
            inlines(&mut w.x, &p.content);
            w.x.close("p").nl();
        }
    }
}

/// `<a epub:type="noteref">` with the note's mark; the first reference carries
/// the id the note links back to.
pub(crate) fn note_ref(x: &mut Xml<'_>, i: usize) {
    if x.note_refs.len() <= i {
        x.note_refs.resize(i + 1, 0);
    }
    x.note_refs[i] += 1;
    let n = i + 1;
    let href = format!("#fn{n}");
    let id = match x.note_refs[i] {
        1 => format!("fnref{n}"),
        k => format!("fnref{n}-{k}"),
    };
    x.open(
        "a",
        &[
            ("epub:type", "noteref"),
            ("role", "doc-noteref"),
            ("class", "noteref duokan-footnote"),
            ("href", &href),
            ("id", &id),
        ],
    );
    x.element("sup", &[], &note_mark(n));
    x.close("a");
}

/// The notes, after the body: each an `aside` a reading system can pop up.
pub(crate) fn notes(w: &mut Writer<'_, '_>) {
    if w.notes.is_empty() {
        return;
    }
    w.x.span = None;
    w.x.open(
        "section",
        &[("class", "notes"), ("aria-labelledby", "notes-title")],
    )
    .nl();
    w.x.open_in(
        Some(Role::Heading),
        "h2",
        &[("id", "notes-title"), ("class", "notes-title")],
    )
    .text("注释")
    .close_in("h2")
    .nl();
    let notes = w.notes;
    for (i, note) in notes.iter().enumerate() {
        let n = i + 1;
        let id = format!("fn{n}");
        w.x.span = Some(note.span.clone());
        w.x.open(
            "aside",
            &[
                ("epub:type", "footnote"),
                ("role", "doc-footnote"),
                ("id", &id),
                ("class", "footnote"),
            ],
        )
        .nl();
        w.x.open("ol", &[("class", "duokan-footnote-content footnote")])
            .nl();
        w.x.open("li", &[("class", "duokan-footnote-item")]);
        let back = if w.x.note_refs.get(i).copied().unwrap_or(0) > 0 {
            Some(format!("#fnref{n}"))
        } else {
            None
        };
        match &back {
            Some(href) => {
                w.x.element(
                    "a",
                    &[
                        ("href", href),
                        ("role", "doc-backlink"),
                        ("class", "note-mark"),
                    ],
                    &note_mark(n),
                );
            }
            None => {
                w.x.element("span", &[("class", "note-mark")], &note_mark(n));
            }
        }
        // A note of one paragraph is written inline; longer notes keep their blocks.
        if matches!(note.body.as_slice(), [only] if matches!(only.kind, BlockKind::Para(_))) {
            w.x.text(" ");
        }
        inline_or_blocks(w, &note.body, true);
        w.x.close("li").nl();
        w.x.close("ol").nl();
        w.x.close("aside").nl();
    }
    w.x.close("section").nl();
}

/// A body of one paragraph as inline content (when `inline`), else its blocks.
fn inline_or_blocks(w: &mut Writer<'_, '_>, body: &[crate::model::Block], inline: bool) {
    match body {
        [] => {}
        [only] if inline && matches!(only.kind, BlockKind::Para(_)) => {
            if let BlockKind::Para(p) = &only.kind {
                inlines(&mut w.x, &p.content);
            }
        }
        blocks => {
            w.x.nl();
            for b in blocks {
                block(w, b);
            }
        }
    }
}

/// A list; a tight item of one paragraph holds its text directly.
pub(crate) fn list(w: &mut Writer<'_, '_>, l: &List) {
    let cjk = l.items.iter().any(|i| i.marker.is_some());
    let start = l.start.map(|s| s.to_string());
    let mut attrs: Vec<(&str, &str)> =
        vec![("class", if cjk { "list cjk-markers" } else { "list" })];
    let tag = match &start {
        Some(s) => {
            if s != "1" {
                attrs.push(("start", s));
            }
            "ol"
        }
        None => "ul",
    };
    w.x.open(tag, &attrs).nl();
    for item in &l.items {
        w.x.open("li", &[]);
        if let Some(m) = &item.marker {
            w.x.element("span", &[("class", "marker")], m);
        }
        inline_or_blocks(w, &item.body, l.tight);
        w.x.close("li").nl();
    }
    w.x.close(tag).nl();
}

fn align_class(a: Align) -> Option<&'static str> {
    match a {
        Align::None => None,
        Align::Left => Some("al-l"),
        Align::Center => Some("al-c"),
        Align::Right => Some("al-r"),
    }
}

/// A table in a `figure` with its caption, unit, and notes below it.
pub(crate) fn table(w: &mut Writer<'_, '_>, t: &Table) {
    w.x.open("figure", &[("class", "table")]).nl();
    w.x.open("table", &[]).nl();
    if t.label.is_some() || !t.caption.is_empty() || t.unit.is_some() {
        w.x.open_in(Some(Role::Heading), "caption", &[]);
        if let Some(l) = &t.label {
            w.x.element("span", &[("class", "table-label")], l);
            if !t.caption.is_empty() {
                w.x.text("\u{3000}");
            }
        }
        inlines(&mut w.x, &t.caption);
        if let Some(u) = &t.unit {
            w.x.open_in(Some(Role::Body), "span", &[("class", "unit")])
                .text(u)
                .close_in("span");
        }
        w.x.close_in("caption").nl();
    }
    let cols = t.aligns.len().max(t.head.len());
    if !t.head.is_empty() {
        w.x.open("thead", &[]).nl();
        w.x.open("tr", &[]);
        for (c, cell) in t.head.iter().enumerate() {
            let mut attrs = vec![("scope", "col")];
            if let Some(cl) = t.aligns.get(c).copied().and_then(align_class) {
                attrs.push(("class", cl));
            }
            w.x.open_in(Some(Role::Heading), "th", &attrs);
            inlines(&mut w.x, cell);
            w.x.close_in("th");
        }
        w.x.close("tr").nl();
        w.x.close("thead").nl();
    }
    w.x.open("tbody", &[]).nl();
    for row in &t.rows {
        w.x.open("tr", &[]);
        for (c, cell) in row.iter().enumerate().take(cols.max(row.len())) {
            // A column the delimiter row leaves unaligned sets its numbers
            // right, as print sets them (on the decimal point there).
            let cl = match t.aligns.get(c).copied() {
                Some(a) if a != Align::None => align_class(a),
                _ => crate::cjk::is_number(&crate::model::plain_text(cell)).then_some("al-r"),
            };
            let attrs: Vec<(&str, &str)> = cl.map(|cl| ("class", cl)).into_iter().collect();
            w.x.open("td", &attrs);
            inlines(&mut w.x, cell);
            w.x.close("td");
        }
        w.x.close("tr").nl();
    }
    w.x.close("tbody").nl();
    w.x.close("table").nl();
    for note in &t.notes {
        w.x.open_in(Some(Role::Caption), "p", &[("class", "table-note")]);
        inlines(&mut w.x, note);
        w.x.close_in("p").nl();
    }
    w.x.close("figure").nl();
}

/// A poem: stanzas of lines, each line its own element. A titled poem's
/// group opens with its section's heading (`title`: the heading and the
/// section's id; `h3.poem-title`, in Hei) and the author (`p.poem-author`, in Kai).
pub(crate) fn verse(w: &mut Writer<'_, '_>, v: &Verse, title: Option<(&Heading, &str)>) {
    let class = match w.layout.verse {
        VersePlacement::Indent => "poem",
        VersePlacement::Centre => "poem centred",
    };
    let span = w.x.span.clone();
    w.x.open("div", &[("class", class)]).nl();
    if let Some((h, id)) = title {
        super::heading(&mut w.x, h, id, w.depth, Some("poem-title"));
        w.x.span = span;
    }
    if let Some(a) = &v.author {
        w.x.open_in(Some(Role::Caption), "p", &[("class", "poem-author")]);
        inlines(&mut w.x, a);
        w.x.close_in("p").nl();
    }
    for stanza in &v.stanzas {
        w.x.open("div", &[("class", "stanza")]).nl();
        for line in stanza {
            let style = format!("margin-left:{}em", line.indent);
            let mut attrs = vec![("class", "line")];
            if line.indent > 0 {
                attrs.push(("style", &style));
            }
            w.x.open("p", &attrs);
            inlines(&mut w.x, &line.content);
            w.x.close("p").nl();
        }
        w.x.close("div").nl();
    }
    w.x.close("div").nl();
}

/// A box: a labelled `aside` holding its blocks.
pub(crate) fn aside(w: &mut Writer<'_, '_>, a: &Aside) {
    w.boxes += 1;
    let id = format!("box{}", w.boxes);
    let class = match a.kind {
        AsideKind::EditorsNote => "box editors-note",
        AsideKind::Notebook => "box notebook",
        AsideKind::Sidebar => "box sidebar",
    };
    let role = match a.kind {
        AsideKind::EditorsNote | AsideKind::Notebook => Role::Caption,
        AsideKind::Sidebar => Role::Body,
    };
    w.x.open_in(
        Some(role),
        "aside",
        &[("class", class), ("aria-labelledby", &id)],
    )
    .nl();
    w.x.open_in(
        Some(Role::Heading),
        "p",
        &[("class", "box-label"), ("id", &id)],
    )
    .text(&a.label)
    .close_in("p")
    .nl();
    w.boxed += 1;
    for b in &a.body {
        block(w, b);
    }
    w.boxed -= 1;
    w.x.close_in("aside").nl();
}

/// A quotation (引文).
pub(crate) fn quote(w: &mut Writer<'_, '_>, q: &Quote) {
    w.x.open_in(Some(Role::Caption), "blockquote", &[("class", "quotation")])
        .nl();
    w.boxed += 1;
    for b in &q.body {
        block(w, b);
    }
    w.boxed -= 1;
    w.x.close_in("blockquote").nl();
}

/// A turn of an interview: the speaker in bold, then the words.
pub(crate) fn turn(w: &mut Writer<'_, '_>, t: &Turn) {
    if w.layout.qa == QaStyle::Hanging {
        // 凸排: the label in the indent, as wide as the label in whole em.
        let em = t.speaker.chars().count().max(1);
        let style = format!("margin-left:{em}em;text-indent:-{em}em");
        w.x.open("p", &[("class", "turn hanging"), ("style", &style)]);
    } else {
        w.x.open("p", &[("class", "turn")]);
    }
    w.x.open_in(Some(Role::Heading), "strong", &[("class", "speaker")])
        .text(&t.speaker)
        .close_in("strong");
    inlines(&mut w.x, &t.content);
    w.x.close("p").nl();
}

/// Preformatted text.
pub(crate) fn code(w: &mut Writer<'_, '_>, c: &Code) {
    w.x.open_in(None, "pre", &[("class", "code")])
        .open("code", &[]);
    w.x.text(&c.text);
    w.x.close("code").close_in("pre").nl();
}

/// A section break: `hr`, and the ornament as written when there is one.
pub(crate) fn section_break(w: &mut Writer<'_, '_>, b: &Break) {
    match &b.glyph {
        Some(g) => {
            w.x.open("div", &[("class", "break")]).nl();
            w.x.empty("hr", &[]).nl();
            w.x.element("p", &[("class", "ornament")], g).nl();
            w.x.close("div").nl();
        }
        None => {
            w.x.empty("hr", &[("class", "break")]).nl();
        }
    }
}

/// Several photos with one caption.
pub(crate) fn photo_group(w: &mut Writer<'_, '_>, g: &PhotoGroup) {
    let n = g.photos.len().to_string();
    w.x.open("figure", &[("class", "group"), ("data-photos", &n)])
        .nl();
    for f in &g.photos {
        let img = w.images.get(f.asset).and_then(Option::as_ref);
        let own: &[Inline] = &f.caption;
        if own.is_empty() && f.credit.is_none() {
            if let Some(img) = img {
                let alt = if f.alt.trim().is_empty() {
                    crate::model::plain_text(&g.caption)
                } else {
                    f.alt.clone()
                };
                let (wd, ht) = (img.width.to_string(), img.height.to_string());
                w.x.empty(
                    "img",
                    &[
                        ("src", &img.href),
                        ("alt", &alt),
                        ("width", &wd),
                        ("height", &ht),
                    ],
                )
                .nl();
            }
        } else {
            super::figure(&mut w.x, f, img);
        }
    }
    caption(&mut w.x, &g.caption, g.credit.as_deref());
    w.x.close("figure").nl();
}

//! The reader's second pass: the report conventions, read off the raw tree
//! (README, "Source format"). Each rule is a small function; the order in
//! which they are tried is the documented order:
//!
//! - before any body text: a `#` title; a photo above it (题图); a short line
//!   above it as the kicker (引题) or, in 【】, the column name; a `——` line after
//!   it as the subtitle;
//! - a block quotation is a **box** when it is a GFM alert or opens with a bold
//!   label (编者按, 记者手记, 链接 …), else the **lead** when it is the first
//!   thing after the title, else a **pull quote** when it is short lines
//!   ending in `——` lines, else a **quotation** (引文);
//! - a paragraph is a **figure** or **photo group** when it holds photos, a
//!   **section break** when it is only an ornament (※ ※ ※), an **editor's
//!   note** or box when it opens with a bold box label, a **turn** of an
//!   interview when it opens with a bold `某某：` (or `问：`/`答：`), a
//!   **dateline paragraph** when it opens with a bold `本报讯`/`…电`, an
//!   **author note** when it is `（作者系……）`, **verse** when every line ends in a
//!   hard break; else a body paragraph;
//! - a ```` ```诗 ```` fence is verse; other fences are code;
//! - a `表1　…` line directly above a table is its number and caption
//!   (`单位：…` at its end or on its own line is the unit); `注：…` and
//!   `数据来源：…` paragraphs directly below it are its notes;
//! - a heading opens a section that runs to the next heading of the same or a
//!   higher level; a deeper heading directly under a heading is its sub-heading;
//! - a heading directly above a poem is the poem's title, and one short name
//!   line between them its author ([`poem`]).

use super::FigureRef;
use super::inline::ImageRef;
use super::poem;
use super::tree::{Raw, RawDoc, RawKind};
use crate::cjk::NOT_SPEAKERS;
use crate::diag::{Diagnostic, Span};
use crate::model::{
    Aside, AsideKind, Block, BlockKind, Break, Code, Figure, Heading, Inline, List, ListItem, Note,
    Para, ParaRole, PhotoGroup, PullQuote, Quote, Section, Table, Turn, Verse, VerseLine,
    plain_text,
};
use pulldown_cmark::BlockQuoteKind;
use std::ops::Range;
use std::path::Path;

/// What the Markdown says, with figures still pointing at [`FigureRef`]s:
/// what the conventions pass makes of a raw document.
#[derive(Debug, Default)]
pub struct Article {
    /// The `#` title.
    pub title: Option<String>,
    /// The `——` subtitle.
    pub subtitle: Option<String>,
    /// A short line above the title (引题).
    pub kicker: Option<String>,
    /// A 【…】 line above the title (栏目).
    pub column: Option<String>,
    /// The lead.
    pub lead: Option<Vec<Inline>>,
    /// Photos above the title.
    pub before_title: Vec<Block>,
    /// The body.
    pub blocks: Vec<Block>,
    /// Notes, in order of first reference.
    pub notes: Vec<Note>,
    /// Figure sources in order of appearance; `Figure::asset` indexes this.
    pub figures: Vec<FigureRef>,
}

/// Where a block list stands: which conventions apply in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    /// The article body (and sections).
    Body,
    /// Inside a box or a quotation.
    Inner,
    /// Inside a list item or a note: paragraphs stay paragraphs.
    Plain,
}

/// Box labels the reader knows, and their kinds. Others still make a box, with a warning.
const BOX_LABELS: &[(&str, AsideKind)] = &[
    ("编者按", AsideKind::EditorsNote),
    ("编后", AsideKind::EditorsNote),
    ("编后语", AsideKind::EditorsNote),
    ("编者的话", AsideKind::EditorsNote),
    ("记者手记", AsideKind::Notebook),
    ("采访手记", AsideKind::Notebook),
    ("记者观察", AsideKind::Notebook),
    ("记者札记", AsideKind::Notebook),
    ("链接", AsideKind::Sidebar),
    ("相关链接", AsideKind::Sidebar),
    ("新闻链接", AsideKind::Sidebar),
    ("知识链接", AsideKind::Sidebar),
    ("背景", AsideKind::Sidebar),
    ("背景资料", AsideKind::Sidebar),
    ("背景链接", AsideKind::Sidebar),
    ("延伸阅读", AsideKind::Sidebar),
    ("相关阅读", AsideKind::Sidebar),
    ("小贴士", AsideKind::Sidebar),
    ("小知识", AsideKind::Sidebar),
    ("温馨提示", AsideKind::Sidebar),
    ("提示", AsideKind::Sidebar),
    ("资料", AsideKind::Sidebar),
    ("数据", AsideKind::Sidebar),
    ("声音", AsideKind::Sidebar),
    ("短评", AsideKind::Sidebar),
    ("评论", AsideKind::Sidebar),
];

/// Labels that make a box even when written as a paragraph (not a quotation).
const PARA_BOX_LABELS: &[&str] = &["编者按", "编后", "编后语", "编者的话"];

/// The printed label of a GFM alert.
fn alert_label(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "说明",
        BlockQuoteKind::Tip => "提示",
        BlockQuoteKind::Important => "重要",
        BlockQuoteKind::Warning => "警告",
        BlockQuoteKind::Caution => "注意",
    }
}

/// Fence info strings that mark verse.
const VERSE_FENCES: &[&str] = &["诗", "诗歌", "verse", "poem", "poetry"];

/// Speakers of an interview recognised without bold.
const PLAIN_SPEAKERS: &[&str] = &["问", "答", "记者", "主持人"];

/// The speakers that make a turn by themselves, with no other turn around.
const QA_SPEAKERS: &[&str] = &["问", "答"];

/// Exchanges (the asker's turn, then another speaker's) it takes before
/// speaker names typed without bold (`王明：…`) are read as an interview:
/// one exchange is as likely a labelled line or two (`时间：…` `地点：…`).
const MIN_PLAIN_EXCHANGES: usize = 2;

/// Shortest speaker name typed without bold, in characters: one Han
/// character before a colon is 注, 附, 图 more often than a name.
const MIN_PLAIN_NAME_CHARS: usize = 2;

/// Longest speaker label of a turn, in characters (记者, 王某某, 市委书记张某某).
const MAX_SPEAKER_CHARS: usize = 12;
/// Longest box label, in characters.
const MAX_LABEL_CHARS: usize = 10;
/// Longest line of a pull quote, in characters.
const MAX_PULL_LINE_CHARS: usize = 24;
/// Longest kicker or column line above the title, in characters.
const MAX_KICKER_CHARS: usize = 40;

/// Apply the conventions to the first pass's result.
pub(crate) fn read(file: &Path, doc: RawDoc, diags: &mut Vec<Diagnostic>) -> Article {
    let mut r = Reader {
        file,
        diags,
        out: Article::default(),
        seen_body: false,
        para_verses: Default::default(),
        plain_turns: Default::default(),
        plain_names: Default::default(),
    };
    let mut blocks = r.body(doc.blocks);
    confirm_turns(&mut blocks, &r.plain_turns, &r.plain_names);
    if mark_sign_off(&mut blocks, &r.para_verses) {
        mark_salutation(&mut blocks);
    }
    poem::heads(&mut blocks);
    r.out.blocks = blocks;
    r.notes(doc.notes, doc.refs, &doc.undefined);
    r.out
}

struct Reader<'a> {
    file: &'a Path,
    diags: &'a mut Vec<Diagnostic>,
    out: Article,
    seen_body: bool,
    /// Where verse made from hard-broken paragraphs starts (only those merge into stanzas).
    para_verses: std::collections::BTreeSet<usize>,
    /// Where turns with a label typed without bold (`记者：…`) start.
    plain_turns: std::collections::BTreeSet<usize>,
    /// Where turns with a name typed without bold (`王明：…`) start: they
    /// stand only in an interview of alternating speakers ([`confirm_turns`]).
    plain_names: std::collections::BTreeSet<usize>,
}

impl Reader<'_> {
    fn warn(&mut self, msg: impl Into<String>, span: Range<usize>, hint: &str) {
        self.diags.push(
            Diagnostic::warning(msg.into())
                .at(Span::new(self.file, span))
                .hint(hint.to_string()),
        );
    }

    /// The top level: title block conventions first, then body blocks.
    fn body(&mut self, raws: Vec<Raw>) -> Vec<Block> {
        let mut flat = Vec::new();
        let mut raws = raws.into_iter().peekable();
        while let Some(raw) = raws.next() {
            if !self.seen_body && self.title_part(&raw, raws.peek()) {
                continue;
            }
            let blocks = self.block(raw, Ctx::Body);
            if !blocks.is_empty() {
                self.seen_body = true;
            }
            flat.extend(blocks);
        }
        self.finish_list(flat)
    }

    /// The list-level passes: table parts, verse stanzas, sections.
    fn finish_list(&self, blocks: Vec<Block>) -> Vec<Block> {
        group_sections(merge_verse(attach_table_parts(blocks), &self.para_verses))
    }

    /// Title, subtitle, kicker, column, lead and 题图, before any body text.
    /// Returns whether `raw` was taken.
    fn title_part(&mut self, raw: &Raw, next: Option<&Raw>) -> bool {
        let titled = self.out.title.is_some();
        match &raw.kind {
            RawKind::Heading { level: 1, content } if !titled => {
                let title = plain_text(content).trim().to_owned();
                if title.is_empty() {
                    // A bare `#` would print an article without a title.
                    let line = next.and_then(|n| match &n.kind {
                        RawKind::Para { content, .. } => plain_text(content)
                            .lines()
                            .next()
                            .map(|l| l.trim().to_owned()),
                        _ => None,
                    });
                    let hint = match line {
                        Some(l) if !l.is_empty() && l.chars().count() <= 40 => format!(
                            "write the title after the `# ` on this line; if the next line `{l}` is the title, join them: `# {l}`"
                        ),
                        _ => "write the title after the `# ` on this line: `# 标题`".to_string(),
                    };
                    self.diags.push(
                        Diagnostic::error("the title line `#` has no text")
                            .at(Span::new(self.file, raw.span.clone()))
                            .hint(hint),
                    );
                }
                self.out.title = Some(title);
                true
            }
            RawKind::Para {
                content, images, ..
            } if !titled && !images.is_empty() => {
                let blocks = self.para(
                    content.clone(),
                    images.clone(),
                    false,
                    raw.span.clone(),
                    Ctx::Plain,
                );
                self.out.before_title.extend(blocks);
                true
            }
            RawKind::Para {
                content, images, ..
            } if !titled && images.is_empty() => {
                // A short line directly above the title: kicker or column name.
                let text = plain_text(content).trim().to_owned();
                let above_title = matches!(
                    next.map(|n| &n.kind),
                    Some(RawKind::Heading { level: 1, .. }) | Some(RawKind::Para { .. })
                );
                if text.is_empty()
                    || text.chars().count() > MAX_KICKER_CHARS
                    || text.contains('\n')
                    || !above_title
                {
                    return false;
                }
                if let Some(col) = text.strip_prefix('【').and_then(|t| t.strip_suffix('】')) {
                    if self.out.column.is_none() {
                        self.out.column = Some(col.to_owned());
                        return true;
                    }
                } else if self.out.kicker.is_none()
                    && matches!(
                        next.map(|n| &n.kind),
                        Some(RawKind::Heading { level: 1, .. })
                    )
                {
                    self.out.kicker = Some(text);
                    return true;
                }
                false
            }
            RawKind::Para {
                content, images, ..
            } if titled
                && self.out.subtitle.is_none()
                && self.out.lead.is_none()
                && images.is_empty() =>
            {
                let t = plain_text(content);
                if super::is_subtitle_line(&t) {
                    self.out.subtitle = Some(t.trim().to_owned());
                    return true;
                }
                false
            }
            RawKind::Quote { alert: None, body } if titled && self.out.lead.is_none() => {
                if self.box_label(body).is_some() || literal_alert(body).is_some() {
                    return false;
                }
                let mut lead = vec![];
                for (i, p) in body.iter().enumerate() {
                    if let RawKind::Para { content, .. } = &p.kind {
                        if i > 0 && !lead.is_empty() {
                            lead.push(Inline::LineBreak);
                        }
                        lead.extend(content.iter().cloned());
                    } else {
                        return false;
                    }
                }
                if lead.is_empty() {
                    return false;
                }
                self.out.lead = Some(lead);
                true
            }
            _ => false,
        }
    }

    /// Convert a list of raw blocks in context `ctx`, then the list-level passes.
    fn blocks(&mut self, raws: Vec<Raw>, ctx: Ctx) -> Vec<Block> {
        let mut flat = Vec::new();
        for raw in raws {
            flat.extend(self.block(raw, ctx));
        }
        self.finish_list(flat)
    }

    fn block(&mut self, raw: Raw, ctx: Ctx) -> Vec<Block> {
        let span = raw.span.clone();
        match raw.kind {
            RawKind::Para {
                content,
                images,
                soft,
                ..
            } => self.para(content, images, soft, span, ctx),
            RawKind::Heading { level, content } => {
                let mut level = level;
                if level == 1 {
                    let msg = if self.out.title.is_some() {
                        "a second `#` title; set as a section heading"
                    } else {
                        "a `#` title after the body has begun; set as a section heading"
                    };
                    self.warn(
                        msg,
                        span.clone(),
                        "use `##` for section headings and `###` for their sub-headings",
                    );
                    level = 2;
                }
                vec![Block::new(
                    BlockKind::Section(Section {
                        heading: Heading {
                            level: level.min(4),
                            title: plain_text(&content).trim().to_owned(),
                            subtitle: None,
                            span: span.clone(),
                        },
                        body: vec![],
                    }),
                    span,
                )]
            }
            RawKind::Code { info, text } => {
                let first = info.split_whitespace().next().unwrap_or("");
                if VERSE_FENCES.contains(&first) {
                    vec![Block::new(BlockKind::Verse(verse_from_text(&text)), span)]
                } else {
                    let text = text.strip_suffix('\n').unwrap_or(&text).to_owned();
                    vec![Block::new(BlockKind::Code(Code { info, text }), span)]
                }
            }
            RawKind::Rule => vec![Block::new(BlockKind::Break(Break { glyph: None }), span)],
            RawKind::Quote { alert, body } => self.quote(alert, body, span, ctx),
            RawKind::List {
                start,
                tight,
                items,
            } => {
                let mut list = List {
                    start,
                    tight,
                    items: items
                        .into_iter()
                        .map(|raws| ListItem {
                            marker: None,
                            body: self.blocks(raws, Ctx::Plain),
                        })
                        .collect(),
                };
                if start.is_none() {
                    take_nested_numbers(&mut list);
                    take_cjk_markers(&mut list);
                }
                vec![Block::new(BlockKind::List(list), span)]
            }
            RawKind::Table {
                aligns,
                head,
                rows,
                mut row_spans,
            } => {
                let mut table = Table {
                    label: None,
                    caption: vec![],
                    unit: None,
                    aligns,
                    head,
                    rows,
                    notes: vec![],
                };
                // A `数据来源：…` line typed right under the table becomes a row.
                while let Some(last) = table.rows.last() {
                    let first = last.first().map(|c| plain_text(c)).unwrap_or_default();
                    let rest_empty = last.iter().skip(1).all(|c| plain_text(c).trim().is_empty());
                    if rest_empty && super::dropped::is_table_note(&first) {
                        let row = table.rows.pop().expect("checked");
                        // At the note's own line, not the table's first.
                        let at = row_spans.pop().unwrap_or_else(|| span.clone());
                        self.warn(
                            "a note line directly under a table was read as a table row; set as the table's note",
                            at,
                            "leave a blank line between the table and its `数据来源：`/`注：` lines",
                        );
                        table
                            .notes
                            .insert(0, row.into_iter().next().unwrap_or_default());
                    } else {
                        break;
                    }
                }
                vec![Block::new(BlockKind::Table(table), span)]
            }
        }
    }

    fn para(
        &mut self,
        mut content: Vec<Inline>,
        images: Vec<ImageRef>,
        soft: bool,
        span: Range<usize>,
        ctx: Ctx,
    ) -> Vec<Block> {
        if !images.is_empty() {
            return self.photos(content, images, span);
        }
        let text = plain_text(&content);
        if text.trim().is_empty() {
            return vec![];
        }
        if let Some(glyph) = ornament(&text) {
            return vec![Block::new(
                BlockKind::Break(Break { glyph: Some(glyph) }),
                span,
            )];
        }
        if ctx == Ctx::Plain {
            return vec![Block::para(content, span)];
        }
        if let Some((label, rest)) = lead_label(&content)
            && PARA_BOX_LABELS.contains(&label.as_str())
        {
            let body = if plain_text(&rest).trim().is_empty() {
                vec![]
            } else {
                vec![Block::para(rest, span.clone())]
            };
            return vec![Block::new(
                BlockKind::Aside(Aside {
                    kind: AsideKind::EditorsNote,
                    label,
                    body,
                }),
                span,
            )];
        }
        let turn = turn_speaker(&content)
            .map(|(speaker, rest)| (speaker, rest, false))
            .or_else(|| {
                let (speaker, rest) = plain_name_turn(&content).filter(|_| ctx == Ctx::Body)?;
                Some((speaker, rest, true))
            });
        if let Some((speaker, rest, named)) = turn {
            if !matches!(content.first(), Some(Inline::Strong(_))) {
                self.plain_turns.insert(span.start);
            }
            if named {
                self.plain_names.insert(span.start);
            }
            return vec![Block::new(
                BlockKind::Turn(Turn {
                    speaker,
                    content: rest,
                }),
                span,
            )];
        }
        if is_dateline(&content) {
            return vec![Block::new(
                BlockKind::Para(Para {
                    content,
                    role: ParaRole::Dateline,
                }),
                span,
            )];
        }
        if crate::cjk::is_author_note(&text) {
            return vec![Block::new(
                BlockKind::Para(Para {
                    content,
                    role: ParaRole::AuthorNote,
                }),
                span,
            )];
        }
        if !soft && content.iter().any(|i| matches!(i, Inline::LineBreak)) {
            let lines = split_lines(std::mem::take(&mut content));
            let stanza = lines
                .into_iter()
                .map(|l| {
                    let (indent, content) = take_indent(l);
                    VerseLine { indent, content }
                })
                .collect();
            self.para_verses.insert(span.start);
            return vec![Block::new(BlockKind::Verse(Verse::new(vec![stanza])), span)];
        }
        vec![Block::para(content, span)]
    }

    /// A paragraph holding photos: one figure, a photo group, or a paragraph
    /// with its photos set after it.
    fn photos(
        &mut self,
        content: Vec<Inline>,
        images: Vec<ImageRef>,
        span: Range<usize>,
    ) -> Vec<Block> {
        let text = plain_text(&content);
        let has_text = !text.trim().is_empty();
        if images.len() >= 2 {
            let mut photos: Vec<Figure> =
                images.into_iter().map(|i| self.figure(i, vec![])).collect();
            let mut caption = content;
            let credit = split_credit(&mut caption);
            // Each photo its own text alternative: its own words, else its
            // place in the group with the group's caption.
            let shared = plain_text(&caption).trim().to_owned();
            for (n, f) in photos.iter_mut().enumerate() {
                if f.alt.trim().is_empty() {
                    f.alt = group_alt(n + 1, &shared);
                }
            }
            if !has_text
                && photos
                    .iter()
                    .all(|f| plain_text(&f.caption).trim().is_empty())
            {
                self.warn(
                    "photo group has no caption",
                    span.clone(),
                    "write the caption after the photos, in the same paragraph",
                );
            }
            return vec![Block::new(
                BlockKind::PhotoGroup(PhotoGroup {
                    photos,
                    caption,
                    credit,
                }),
                span,
            )];
        }
        let image = images.into_iter().next().expect("one image");
        let alt_empty = plain_text(&image.alt).trim().is_empty();
        if !has_text {
            let caption = image.alt.clone();
            if alt_empty {
                self.warn(
                    format!("figure `{}` has no caption", image.href),
                    image.start..span.end,
                    "write the caption between the brackets: `![caption](photo.jpg)`",
                );
            }
            let f = self.figure(image, caption);
            return vec![Block::new(BlockKind::Figure(f), span)];
        }
        if alt_empty && !image.after_text {
            // `![](photo.jpg)` then the caption on the next line.
            let f = self.figure(image, content);
            return vec![Block::new(BlockKind::Figure(f), span)];
        }
        self.warn(
            "a photo inside a paragraph is set as a figure after it",
            span.clone(),
            "put `![caption](photo.jpg)` in a paragraph of its own",
        );
        let start = image.start;
        let caption = image.alt.clone();
        let f = self.figure(image, caption);
        vec![
            Block::para(content, span.clone()),
            Block::new(BlockKind::Figure(f), start..span.end),
        ]
    }

    /// A figure for `image` with `caption` (its credit split off).
    fn figure(&mut self, image: ImageRef, mut caption: Vec<Inline>) -> Figure {
        let title = image.title.trim().to_owned();
        let mut credit = split_credit(&mut caption);
        let mut alt = plain_text(&caption).trim().to_owned();
        if !title.is_empty() {
            if is_credit(&title) && credit.is_none() {
                credit = Some(title);
            } else {
                alt = title;
            }
        }
        if alt.is_empty() {
            alt = plain_text(&image.alt).trim().to_owned();
        }
        self.out.figures.push(FigureRef {
            href: image.href,
            span: image.start..image.end.max(image.start),
        });
        Figure {
            asset: self.out.figures.len() - 1,
            caption,
            alt,
            credit,
        }
    }

    /// The bold label opening a quotation's first paragraph, if it names a box.
    fn box_label(&self, body: &[Raw]) -> Option<(String, Vec<Inline>)> {
        let first = body.first()?;
        let RawKind::Para { content, .. } = &first.kind else {
            return None;
        };
        let (label, rest) = lead_label(content)?;
        let known = BOX_LABELS.iter().any(|(l, _)| *l == label);
        let alone =
            plain_text(&rest).trim().is_empty() || matches!(rest.first(), Some(Inline::LineBreak));
        (known || alone).then_some((label, rest))
    }

    fn quote(
        &mut self,
        alert: Option<BlockQuoteKind>,
        mut body: Vec<Raw>,
        span: Range<usize>,
        ctx: Ctx,
    ) -> Vec<Block> {
        // A box: a GFM alert, a literal `[!NOTE] 标签` line, or a bold label.
        let mut label = None;
        if let Some((l, rest)) = self.box_label(&body) {
            label = Some(l);
            replace_first_para(&mut body, rest);
        } else if let Some((kind_label, rest)) = literal_alert(&body) {
            label = Some(kind_label);
            replace_first_para(&mut body, rest);
        }
        if let Some(kind) = alert {
            let label = label.unwrap_or_else(|| alert_label(kind).to_owned());
            return self.aside(label, AsideKind::Sidebar, body, span);
        }
        if let Some(label) = label {
            let kind = match BOX_LABELS.iter().find(|(l, _)| *l == label) {
                Some((_, k)) => *k,
                None => {
                    self.warn(
                        format!("`{label}` is not a box label the reader knows; set as a sidebar box"),
                        span.clone(),
                        "known labels: 编者按, 记者手记, 链接, 背景资料, 延伸阅读, 相关链接 … (README, \"Source format\")",
                    );
                    AsideKind::Sidebar
                }
            };
            return self.aside(label, kind, body, span);
        }
        if let Some(q) = pull_quote(&body) {
            return vec![Block::new(BlockKind::PullQuote(q), span)];
        }
        let _ = ctx;
        let body = self.blocks(body, Ctx::Inner);
        vec![Block::new(BlockKind::Quote(Quote { body }), span)]
    }

    fn aside(
        &mut self,
        label: String,
        kind: AsideKind,
        body: Vec<Raw>,
        span: Range<usize>,
    ) -> Vec<Block> {
        let body = self.blocks(body, Ctx::Inner);
        vec![Block::new(
            BlockKind::Aside(Aside { kind, label, body }),
            span,
        )]
    }

    /// Notes in order of first reference, then unreferenced ones (with a warning).
    /// `undefined` are the labels referred to but never defined: an
    /// unreferenced note is likely one of them mistyped.
    fn notes(&mut self, raws: Vec<super::tree::RawNote>, refs: Vec<String>, undefined: &[String]) {
        // A label defined twice: the references can only mean one of them,
        // and printing the other as an unreferenced note would mislead.
        let mut seen: Vec<&str> = Vec::new();
        for def in &raws {
            if seen.contains(&def.label.as_str()) {
                self.diags.push(
                    Diagnostic::error(format!("note `[^{}]` is defined twice", def.label))
                        .at(Span::new(self.file, def.span.clone()))
                        .hint(format!(
                            "an earlier `[^{0}]:` line defines it too: give this note a label of its own (and refer to it with that label) or delete one of the two",
                            def.label
                        )),
                );
            } else {
                seen.push(&def.label);
            }
        }
        let mut defs: Vec<Option<super::tree::RawNote>> = raws.into_iter().map(Some).collect();
        let mut notes = Vec::new();
        for label in &refs {
            let found = defs
                .iter_mut()
                .find(|d| d.as_ref().is_some_and(|d| &d.label == label));
            match found.and_then(Option::take) {
                Some(def) => {
                    let body = self.blocks(def.body, Ctx::Plain);
                    notes.push(Note {
                        label: def.label,
                        body,
                        span: def.span,
                    });
                }
                None => notes.push(Note {
                    label: label.clone(),
                    body: vec![],
                    span: 0..0,
                }),
            }
        }
        for def in defs.into_iter().flatten() {
            if refs.contains(&def.label) || notes.iter().any(|n: &Note| n.label == def.label) {
                // A second definition of a label: an error above.
                continue;
            }
            self.warn(
                format!(
                    "note `[^{}]` is never referenced; printed after the others",
                    def.label
                ),
                def.span.clone(),
                "put `[^label]` in the text where the note belongs, or delete the note",
            );
            if let Some(d) = self.diags.last_mut() {
                for u in undefined {
                    d.hints.push(format!(
                        "the text refers to `[^{u}]`, which has no definition: if this is that note, label it `[^{u}]`"
                    ));
                }
            }
            let body = self.blocks(def.body, Ctx::Plain);
            notes.push(Note {
                label: def.label,
                body,
                span: def.span,
            });
        }
        self.out.notes = notes;
    }
}

/// Whether a paragraph is a table's number and caption (`表1　…`).
fn table_label(text: &str) -> Option<(String, String)> {
    let rest = text.trim().strip_prefix('表')?;
    let n: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || "一二三四五六七八九十-－.．".contains(*c))
        .collect();
    if n.is_empty() {
        return None;
    }
    let caption = rest[n.len()..]
        .trim_start_matches([' ', '\u{3000}', '：', ':'])
        .to_owned();
    Some((format!("表{n}"), caption))
}

/// Split `单位：…` off the end of a caption line.
fn split_unit(caption: &str) -> (String, Option<String>) {
    match caption.find("单位：").or_else(|| caption.find("单位:")) {
        Some(i) => (
            caption[..i]
                .trim_end_matches([' ', '\u{3000}', '（', '('])
                .to_owned(),
            Some(caption[i..].trim_end_matches(['）', ')']).trim().to_owned()),
        ),
        None => (caption.to_owned(), None),
    }
}

fn body_para_text(b: &Block) -> Option<String> {
    match &b.kind {
        BlockKind::Para(p) if p.role == ParaRole::Body => Some(plain_text(&p.content)),
        _ => None,
    }
}

/// Move a caption line above a table, and note lines below it, into the table.
fn attach_table_parts(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut after_table = false;
    for mut b in blocks {
        if let BlockKind::Table(t) = &mut b.kind {
            // 单位 on its own line, then (or instead) the 表N line.
            for _ in 0..2 {
                let Some(prev) = out.last().and_then(body_para_text) else {
                    break;
                };
                let prev = prev.trim().to_owned();
                if t.unit.is_none() && (prev.starts_with("单位：") || prev.starts_with("单位:"))
                {
                    t.unit = Some(prev);
                    let p = out.pop().expect("checked");
                    b.span.start = b.span.start.min(p.span.start);
                } else if t.label.is_none()
                    && let Some((label, caption)) = table_label(&prev)
                {
                    let (caption, unit) = split_unit(&caption);
                    t.label = Some(label);
                    t.caption = if caption.is_empty() {
                        vec![]
                    } else {
                        vec![Inline::Text(caption)]
                    };
                    if t.unit.is_none() {
                        t.unit = unit;
                    }
                    let p = out.pop().expect("checked");
                    b.span.start = b.span.start.min(p.span.start);
                } else {
                    break;
                }
            }
            out.push(b);
            after_table = true;
            continue;
        }
        if after_table
            && let Some(text) = body_para_text(&b)
            && super::dropped::is_table_note(&text)
            && let Some(Block {
                kind: BlockKind::Table(t),
                span,
            }) = out.last_mut()
            && let BlockKind::Para(p) = b.kind
        {
            t.notes.push(p.content);
            span.end = span.end.max(b.span.end);
            continue;
        }
        after_table = false;
        out.push(b);
    }
    out
}

/// Adjacent verse paragraphs (hard-broken lines) are the stanzas of one poem.
fn merge_verse(blocks: Vec<Block>, para_verses: &std::collections::BTreeSet<usize>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    for b in blocks {
        if let BlockKind::Verse(v) = &b.kind
            && para_verses.contains(&b.span.start)
            && out
                .last()
                .is_some_and(|p| para_verses.contains(&p.span.start))
            && let Some(Block {
                kind: BlockKind::Verse(prev),
                span,
            }) = out.last_mut()
        {
            prev.stanzas.extend(v.stanzas.iter().cloned());
            span.end = b.span.end;
            continue;
        }
        out.push(b);
    }
    out
}

/// Headings become sections holding what follows them; a deeper heading
/// directly under a heading without a sub-heading becomes its sub-heading,
/// unless a poem follows it (then it is the poem's title, [`poem::heads`])
/// or it is numbered (`### （一）…` under `## 一、…` is a subsection).
fn group_sections(blocks: Vec<Block>) -> Vec<Block> {
    // First the sub-headings.
    let mut merged: Vec<Block> = Vec::with_capacity(blocks.len());
    let poem_titles: Vec<bool> = (0..blocks.len())
        .map(|i| poem::follows(blocks[i + 1..].iter()))
        .collect();
    for (b, poem_title) in blocks.into_iter().zip(poem_titles) {
        if let BlockKind::Section(s) = &b.kind
            && s.body.is_empty()
            && !poem_title
            // A numbered deeper heading (`（一）…` under `一、…`) opens a
            // subsection: a sub-heading carries no numbering.
            && crate::cjk::enumerator(&s.heading.title).is_none()
            && let Some(Block {
                kind: BlockKind::Section(prev),
                span,
            }) = merged.last_mut()
            && prev.body.is_empty()
            && prev.heading.subtitle.is_none()
            && s.heading.level > prev.heading.level
        {
            prev.heading.subtitle = Some(s.heading.title.clone());
            prev.heading.span.end = s.heading.span.end;
            span.end = b.span.end;
            continue;
        }
        merged.push(b);
    }
    // Then nest: a stack of open sections by level.
    let mut root: Vec<Block> = Vec::new();
    let mut open: Vec<Block> = Vec::new();
    fn close(open: &mut Vec<Block>, root: &mut Vec<Block>) {
        let b = open.pop().expect("an open section");
        match open.last_mut() {
            Some(Block {
                kind: BlockKind::Section(parent),
                span,
            }) => {
                span.end = span.end.max(b.span.end);
                parent.body.push(b);
            }
            _ => root.push(b),
        }
    }
    for b in merged {
        let level = match &b.kind {
            BlockKind::Section(s) if s.body.is_empty() => Some(s.heading.level),
            _ => None,
        };
        match level {
            Some(level) => {
                while let Some(Block {
                    kind: BlockKind::Section(s),
                    ..
                }) = open.last()
                {
                    if s.heading.level >= level {
                        close(&mut open, &mut root);
                    } else {
                        break;
                    }
                }
                open.push(b);
            }
            None => match open.last_mut() {
                Some(Block {
                    kind: BlockKind::Section(s),
                    span,
                }) => {
                    span.end = span.end.max(b.span.end);
                    s.body.push(b);
                }
                _ => root.push(b),
            },
        }
    }
    while !open.is_empty() {
        close(&mut open, &mut root);
    }
    root
}

/// The text of a paragraph that is only an ornament (※ ※ ※, ＊＊＊, ◆ ◆ ◆).
fn ornament(text: &str) -> Option<String> {
    let t = text.trim();
    let marks = t
        .chars()
        .filter(|c| "※＊*◆◇○●■□☆★❖✻✽⁂·～~".contains(*c))
        .count();
    let others = t
        .chars()
        .filter(|c| !"※＊*◆◇○●■□☆★❖✻✽⁂·～~".contains(*c) && !c.is_whitespace())
        .count();
    let strong_mark = t.chars().any(|c| "※＊◆◇○●■□☆★❖✻✽⁂".contains(c));
    (marks >= 1 && others == 0 && strong_mark && t.chars().count() <= 12).then(|| t.to_owned())
}

/// A bold label at the start of `content` (`**编者按：**…`, `**链接**`), with
/// the content after it (a full-width space or colon after the label dropped).
fn lead_label(content: &[Inline]) -> Option<(String, Vec<Inline>)> {
    let Some(Inline::Strong(inner)) = content.first() else {
        return None;
    };
    let raw = plain_text(inner);
    let label = raw
        .trim()
        .trim_end_matches(['：', ':', ' ', '\u{3000}'])
        .trim()
        .to_owned();
    if label.is_empty() || label.chars().count() > MAX_LABEL_CHARS || label.contains('\n') {
        return None;
    }
    let mut rest: Vec<Inline> = content[1..].to_vec();
    if let Some(Inline::Text(t)) = rest.first_mut() {
        let trimmed = t.trim_start_matches(['：', ':', ' ', '\u{3000}']);
        if trimmed.len() != t.len() {
            *t = trimmed.to_owned();
        }
    }
    super::inline::trim_inlines(&mut rest);
    Some((label, rest))
}

/// `> [!NOTE] 编者按` written on one line (GFM does not make it an alert):
/// the label after the tag, and the rest of the paragraph.
fn literal_alert(body: &[Raw]) -> Option<(String, Vec<Inline>)> {
    let RawKind::Para {
        content,
        first_line,
        ..
    } = &body.first()?.kind
    else {
        return None;
    };
    let Some(Inline::Text(t)) = content.first() else {
        return None;
    };
    // The first source line ends where the first line break was (soft breaks
    // between Han characters leave no mark in the text).
    let mut t = t.clone();
    if let Some(n) = *first_line
        && n < t.len()
        && t.is_char_boundary(n)
        && !t[..n].contains('\n')
    {
        t.insert(n, '\n');
    }
    let rest = t.strip_prefix("[!")?;
    let close = rest.find(']')?;
    let kind = &rest[..close];
    let kind_label = match kind.to_ascii_uppercase().as_str() {
        "NOTE" => alert_label(BlockQuoteKind::Note),
        "TIP" => alert_label(BlockQuoteKind::Tip),
        "IMPORTANT" => alert_label(BlockQuoteKind::Important),
        "WARNING" => alert_label(BlockQuoteKind::Warning),
        "CAUTION" => alert_label(BlockQuoteKind::Caution),
        _ => return None,
    };
    let after = rest[close + 1..].trim_start();
    let mut tail: Vec<Inline> = content[1..].to_vec();
    // The label is the rest of the first line when it is short.
    let (line, more) = match after.find('\n') {
        Some(i) => (&after[..i], Some(after[i + 1..].to_owned())),
        None => (after, None),
    };
    let line_is_label = !line.trim().is_empty()
        && line.trim().chars().count() <= MAX_LABEL_CHARS
        && (more.is_some() || matches!(tail.first(), Some(Inline::LineBreak) | None));
    let (label, lead_text) = if line_is_label {
        (line.trim().to_owned(), more.unwrap_or_default())
    } else {
        (kind_label.to_owned(), after.to_owned())
    };
    if !lead_text.is_empty() {
        tail.insert(0, Inline::Text(lead_text));
    }
    super::inline::trim_inlines(&mut tail);
    Some((label, tail))
}

/// Put `rest` in place of the first paragraph of `body` (or drop it when empty).
fn replace_first_para(body: &mut Vec<Raw>, rest: Vec<Inline>) {
    let Some(first) = body.first_mut() else {
        return;
    };
    if plain_text(&rest).trim().is_empty() {
        body.remove(0);
    } else if let RawKind::Para { content, .. } = &mut first.kind {
        *content = rest;
    }
}

/// Most lines a sign-off has, and the longest of them, in characters.
const MAX_SIGN_OFF_LINES: usize = 3;
const MAX_SIGN_OFF_CHARS: usize = 30;

/// A notice's sign-off (署名/日期): the article's last block (or the last
/// before the author note) when it is a paragraph of hard-broken lines, at
/// most three short ones, the last of them a date (`2026年5月1日`,
/// `二〇二六年五月一日`). It is read as verse until here; it becomes a
/// paragraph set flush right, its lines kept.
/// Says whether it found one.
fn mark_sign_off(blocks: &mut [Block], para_verses: &std::collections::BTreeSet<usize>) -> bool {
    let Some(b) = last_body_block(blocks) else {
        return false;
    };
    let BlockKind::Verse(v) = &b.kind else {
        return false;
    };
    let [lines] = v.stanzas.as_slice() else {
        return false;
    };
    let texts: Vec<String> = lines
        .iter()
        .map(|l| plain_text(&l.content).trim().to_owned())
        .collect();
    let short = texts
        .iter()
        .all(|t| !t.is_empty() && t.chars().count() <= MAX_SIGN_OFF_CHARS);
    if !para_verses.contains(&b.span.start)
        || lines.len() > MAX_SIGN_OFF_LINES
        || !short
        || !texts.last().is_some_and(|t| crate::cjk::is_written_date(t))
    {
        return false;
    }
    let mut content = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            content.push(Inline::LineBreak);
        }
        content.extend(l.content.iter().cloned());
    }
    b.kind = BlockKind::Para(Para {
        content,
        role: ParaRole::SignOff,
    });
    true
}

/// Longest salutation (主送机关), in characters.
const MAX_SALUTATION_CHARS: usize = 60;

/// A notice's salutation (`各区（县）人民政府，市直各部门：`): in an article
/// that has a sign-off, its first block when that is a short body paragraph
/// of plain text ending in a colon, with no full stop in it and not an
/// announcement of what follows (`经研究，决定如下：`).
fn mark_salutation(blocks: &mut [Block]) {
    let Some(Block {
        kind: BlockKind::Para(p),
        ..
    }) = blocks.first_mut()
    else {
        return;
    };
    let text = plain_text(&p.content);
    let text = text.trim();
    let salutation = p.role == ParaRole::Body
        && p.content.iter().all(|i| matches!(i, Inline::Text(_)))
        && text.chars().count() <= MAX_SALUTATION_CHARS
        && (text.ends_with('：') || text.ends_with(':'))
        && !text.contains(['。', '！', '？', '\n'])
        && !text.contains("如下");
    if salutation {
        p.role = ParaRole::Salutation;
    }
}

/// The last block of the article's reading order, inside the last section,
/// passing over a closing author note.
fn last_body_block(blocks: &mut [Block]) -> Option<&mut Block> {
    let n = blocks.len();
    let author_note =
        |b: &Block| matches!(&b.kind, BlockKind::Para(p) if p.role == ParaRole::AuthorNote);
    let k = match blocks.last() {
        Some(b) if author_note(b) => n.checked_sub(2)?,
        Some(_) => n - 1,
        None => return None,
    };
    if matches!(blocks[k].kind, BlockKind::Section(_)) {
        let BlockKind::Section(s) = &mut blocks[k].kind else {
            return None;
        };
        return last_body_block(&mut s.body);
    }
    Some(&mut blocks[k])
}

/// A paragraph opening with a speaker label is only a turn in a real
/// interview: `问：`/`答：` always are; a name typed without bold (`王明：`)
/// only when it is one of the speakers of [`interview_speakers`]; any other
/// label when the article holds at least two such paragraphs by at least two
/// distinct speakers. Otherwise the paragraphs are body paragraphs again, the
/// label in bold (or plain) as written.
fn confirm_turns(
    blocks: &mut [Block],
    plain: &std::collections::BTreeSet<usize>,
    plain_names: &std::collections::BTreeSet<usize>,
) {
    let mut seq = Vec::new();
    crate::model::walk(blocks, &mut |b| {
        if let BlockKind::Turn(t) = &b.kind {
            let asks = plain_text(&t.content).contains(['？', '?']);
            seq.push((crate::cjk::speaker_person(t.name()).to_owned(), asks));
        }
    });
    let speakers = interview_speakers(&seq);
    crate::model::walk_mut(blocks, &mut |b| {
        if let BlockKind::Turn(t) = &b.kind
            && plain_names.contains(&b.span.start)
            && !speakers.contains(crate::cjk::speaker_person(t.name()))
        {
            undo_turn(b, true);
        }
    });
    let mut names = std::collections::BTreeSet::new();
    let mut count = 0;
    crate::model::walk(blocks, &mut |b| {
        if let BlockKind::Turn(t) = &b.kind {
            count += 1;
            names.insert(crate::cjk::speaker_person(t.name()).to_owned());
        }
    });
    if count >= 2 && names.len() >= 2 {
        return;
    }
    crate::model::walk_mut(blocks, &mut |b| {
        if let BlockKind::Turn(t) = &b.kind
            && !QA_SPEAKERS.contains(&t.name())
        {
            undo_turn(b, plain.contains(&b.span.start));
        }
    });
}

/// The speakers of an interview, read off the turns in reading order (each
/// speaker's name and whether the turn asks a question): the asker (the
/// first of [`crate::cjk::ASKERS`] to speak, else the first speaker, who must
/// then ask something) and everyone who answers right after the asker, when
/// that happens at least [`MIN_PLAIN_EXCHANGES`] times. Empty when the turns
/// do not read as an interview.
fn interview_speakers(seq: &[(String, bool)]) -> std::collections::BTreeSet<String> {
    let mut speakers = std::collections::BTreeSet::new();
    let Some(asker) = seq
        .iter()
        .map(|(n, _)| n)
        .find(|n| crate::cjk::ASKERS.contains(&n.as_str()))
        .or_else(|| seq.first().map(|(n, _)| n))
    else {
        return speakers;
    };
    let asks =
        crate::cjk::ASKERS.contains(&asker.as_str()) || seq.iter().any(|(n, q)| n == asker && *q);
    let mut exchanges = 0;
    for w in seq.windows(2) {
        if &w[0].0 == asker && &w[1].0 != asker {
            exchanges += 1;
            speakers.insert(w[1].0.clone());
        }
    }
    if !asks || exchanges < MIN_PLAIN_EXCHANGES {
        return std::collections::BTreeSet::new();
    }
    speakers.insert(asker.clone());
    speakers
}

/// A turn made a body paragraph again, its label back at its start: in bold
/// as written, or plain (`plain`).
fn undo_turn(b: &mut Block, plain: bool) {
    let BlockKind::Turn(t) = &mut b.kind else {
        return;
    };
    let mut content = std::mem::take(&mut t.content);
    if !plain {
        content.insert(0, Inline::Strong(vec![Inline::Text(t.speaker.clone())]));
    } else if let Some(Inline::Text(first)) = content.first_mut() {
        first.insert_str(0, &t.speaker);
    } else {
        content.insert(0, Inline::Text(t.speaker.clone()));
    }
    b.kind = BlockKind::Para(Para {
        content,
        role: ParaRole::Body,
    });
}

/// A turn whose speaker's name is typed without bold at the paragraph's
/// start, `王明：我认为……`: a name of 2–6 Han characters (or an asker's
/// label, `本报记者：`), maybe with the speaker's title in brackets after it
/// (`王明（市住建局局长）：`, `记者（本报）：`, as a bold label may carry it),
/// directly followed by a full-width colon, and words after it. Labels that
/// never name a speaker (`时间：`, `电话：`, `说明（二）：` …) are not.
/// Whether it stays a turn is decided by [`confirm_turns`].
fn plain_name_turn(content: &[Inline]) -> Option<(String, Vec<Inline>)> {
    let Inline::Text(t) = content.first()? else {
        return None;
    };
    let (i, _) = t
        .char_indices()
        .take(crate::cjk::MAX_TITLED_SPEAKER_CHARS + 1)
        .find(|&(_, c)| c == '：')?;
    let name = &t[..i];
    let person = crate::cjk::speaker_person(name);
    let named = crate::cjk::ASKERS.contains(&person)
        || (person.chars().count() >= MIN_PLAIN_NAME_CHARS && crate::cjk::is_speaker_name(person));
    if !named || NOT_SPEAKERS.contains(&person) {
        return None;
    }
    let mut rest = content.to_vec();
    rest[0] = Inline::Text(t[i + '：'.len_utf8()..].trim_start().to_owned());
    super::inline::trim_inlines(&mut rest);
    if plain_text(&rest).trim().is_empty() {
        return None;
    }
    Some((format!("{name}："), rest))
}

/// A turn of an interview: `**记者：**…`, `**王某某**：…`, `问：…`.
fn turn_speaker(content: &[Inline]) -> Option<(String, Vec<Inline>)> {
    match content.first()? {
        Inline::Strong(inner) => {
            let s = plain_text(inner).trim().to_owned();
            let mut rest: Vec<Inline> = content[1..].to_vec();
            let speaker = if s.ends_with('：') || s.ends_with(':') {
                s
            } else if let Some(Inline::Text(t)) = rest.first_mut()
                && (t.starts_with('：') || t.starts_with(':'))
            {
                let colon = t.chars().next().expect("checked");
                *t = t[colon.len_utf8()..].to_owned();
                format!("{s}{colon}")
            } else {
                return None;
            };
            let name = speaker.trim_end_matches(['：', ':']);
            if name.is_empty()
                || NOT_SPEAKERS.contains(&crate::cjk::speaker_person(name))
                || name.chars().count() > MAX_SPEAKER_CHARS
                || plain_text(&rest).trim().is_empty()
            {
                return None;
            }
            super::inline::trim_inlines(&mut rest);
            Some((speaker, rest))
        }
        Inline::Text(t) => {
            for s in PLAIN_SPEAKERS {
                for colon in ['：', ':'] {
                    let label = format!("{s}{colon}");
                    if let Some(after) = t.strip_prefix(&label) {
                        let mut rest = content.to_vec();
                        rest[0] = Inline::Text(after.trim_start().to_owned());
                        super::inline::trim_inlines(&mut rest);
                        if plain_text(&rest).trim().is_empty() {
                            return None;
                        }
                        return Some((label, rest));
                    }
                }
            }
            None
        }
        _ => None,
    }
}

/// The text alternative of photo `n` (1-based) of a group without words of
/// its own: `组图之一：<the group's caption>` (`组图之一` without one).
fn group_alt(n: usize, caption: &str) -> String {
    const DIGITS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    let place = DIGITS
        .get(n.wrapping_sub(1))
        .map_or_else(|| n.to_string(), |d| (*d).to_owned());
    if caption.is_empty() {
        format!("组图之{place}")
    } else {
        format!("组图之{place}：{caption}")
    }
}

/// Whether the paragraph opens with a bold dateline (`**本报讯**`, `**新华社北京7月1日电**`).
fn is_dateline(content: &[Inline]) -> bool {
    let Some(Inline::Strong(inner)) = content.first() else {
        return false;
    };
    let t = plain_text(inner);
    let t = t.trim();
    t.chars().count() <= 24 && (t.ends_with('讯') || t.ends_with('电') || t.starts_with("本报"))
}

/// Whether `s` is a photo credit (记者 张三 摄, 受访者供图, 资料图片, 新华社发).
pub(crate) fn is_credit(s: &str) -> bool {
    let s = s
        .trim()
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')'])
        .trim();
    let n = s.chars().count();
    n >= 2
        && n <= 30
        && (s.ends_with('摄')
            || s.ends_with("供图")
            || s.ends_with("提供")
            || s.ends_with("资料图片")
            || s.ends_with("资料图")
            || s.ends_with("新华社发")
            || s.ends_with("社发")
            || s.starts_with("摄影")
            || s.starts_with("图片来源")
            || s.starts_with("图片由"))
}

/// Take a credit off the end of a caption: `……（记者 张三 摄）` or `……　记者 张三 摄`.
/// The credit keeps its brackets as written.
fn split_credit(caption: &mut Vec<Inline>) -> Option<String> {
    let Some(Inline::Text(t)) = caption.last_mut() else {
        return None;
    };
    let trimmed = t.trim_end();
    // Bracketed at the end.
    if trimmed.ends_with('）') || trimmed.ends_with(')') {
        let open = trimmed.rfind(['（', '('])?;
        let credit = &trimmed[open..];
        if is_credit(credit) {
            let credit = credit.to_owned();
            *t = trimmed[..open].trim_end().to_owned();
            if t.is_empty() {
                caption.pop();
            }
            return Some(credit);
        }
        return None;
    }
    // After a space: the credit starts at a role word.
    for word in [
        "新华社记者",
        "本报记者",
        "记者",
        "通讯员",
        "摄影",
        "新华社",
        "受访者",
        "资料图片",
        "图片来源",
        "特约",
    ] {
        let mut search_end = trimmed.len();
        while let Some(i) = trimmed[..search_end].rfind(word) {
            let before = trimmed[..i].chars().last();
            if before.is_some_and(|c| c == ' ' || c == '\u{3000}') && is_credit(&trimmed[i..]) {
                let credit = trimmed[i..].to_owned();
                *t = trimmed[..i].trim_end().to_owned();
                if t.is_empty() {
                    caption.pop();
                }
                return Some(credit);
            }
            search_end = i;
        }
    }
    None
}

/// Split inline content at its hard line breaks.
fn split_lines(content: Vec<Inline>) -> Vec<Vec<Inline>> {
    let mut lines = vec![vec![]];
    for i in content {
        if matches!(i, Inline::LineBreak) {
            lines.push(vec![]);
        } else {
            lines.last_mut().expect("one line").push(i);
        }
    }
    lines
}

/// The indent of a verse line in em (full-width spaces; two ASCII spaces =
/// 1 em), taken off its text.
fn take_indent(mut line: Vec<Inline>) -> (u8, Vec<Inline>) {
    let mut indent = 0u32;
    if let Some(Inline::Text(t)) = line.first_mut() {
        let mut halves = 0u32;
        let mut cut = 0;
        for (i, c) in t.char_indices() {
            match c {
                '\u{3000}' => halves += 2,
                ' ' => halves += 1,
                _ => {
                    cut = i;
                    break;
                }
            }
            cut = i + c.len_utf8();
        }
        indent = halves / 2;
        *t = t[cut..].to_owned();
    }
    super::inline::trim_inlines(&mut line);
    (indent.min(20) as u8, line)
}

/// A fenced poem: lines kept, blank lines between stanzas, indents from
/// leading spaces.
fn verse_from_text(text: &str) -> Verse {
    let mut stanzas: Vec<Vec<VerseLine>> = vec![];
    let mut current: Vec<VerseLine> = vec![];
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                stanzas.push(std::mem::take(&mut current));
            }
            continue;
        }
        let (indent, content) = take_indent(vec![Inline::Text(line.trim_end().to_owned())]);
        current.push(VerseLine { indent, content });
    }
    if !current.is_empty() {
        stanzas.push(current);
    }
    Verse::new(stanzas)
}

/// A pull quote: every line short, the last ones `——` attribution lines.
fn pull_quote(body: &[Raw]) -> Option<PullQuote> {
    let mut lines = vec![];
    let mut attribution = vec![];
    for raw in body {
        let RawKind::Para {
            content, images, ..
        } = &raw.kind
        else {
            return None;
        };
        if !images.is_empty() {
            return None;
        }
        for line in plain_text(content).split('\n') {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            if line.chars().count() > MAX_PULL_LINE_CHARS {
                return None;
            }
            let stripped = line.trim_start_matches(['—', '-', '―', '–']).trim_start();
            if stripped.len() != line.len() {
                attribution.push(stripped.to_owned());
            } else {
                if !attribution.is_empty() || holds_two_sentences(line) {
                    // Slogan text after an attribution line, or a line of
                    // prose (两句话): not the banner shape.
                    return None;
                }
                lines.push(line.to_owned());
            }
        }
    }
    (!lines.is_empty() && !attribution.is_empty()).then_some(PullQuote { lines, attribution })
}

/// Whether a line ends a sentence (。！？) before its last character: prose,
/// never a slogan line (诗歌是时间的见证。这首小诗写于……).
fn holds_two_sentences(line: &str) -> bool {
    let body = line.trim_end_matches(['。', '！', '？', '”', '’', '!', '?']);
    body.contains(['。', '！', '？'])
}

/// The length in bytes of a Chinese list marker at the start of `t`
/// (（一）, 一、, ①, （1）, (1)), with the space after it.
fn cjk_marker(t: &str) -> Option<usize> {
    const NUMS: &str = "一二三四五六七八九十百零〇";
    let mut chars = t.char_indices();
    let (_, first) = chars.next()?;
    let end = if first == '（' || first == '(' {
        let close = t.find(['）', ')'])?;
        let inner = &t[first.len_utf8()..close];
        if inner.is_empty()
            || !inner
                .chars()
                .all(|c| NUMS.contains(c) || c.is_ascii_digit())
        {
            return None;
        }
        close + t[close..].chars().next()?.len_utf8()
    } else if ('①'..='⑳').contains(&first)
        || ('㉑'..='㉟').contains(&first)
        || ('㊱'..='㊿').contains(&first)
    {
        first.len_utf8()
    } else if first.is_ascii_digit() {
        // 1．, 1、 and 1. (not 1.5亿元, a number): at most three digits.
        let n = t.bytes().take_while(u8::is_ascii_digit).count();
        let rest = &t[n..];
        let mark = rest.chars().next()?;
        let after = rest[mark.len_utf8()..].chars().next();
        let ok = n <= 3
            && match mark {
                '．' | '、' => true,
                '.' => !after.is_some_and(|c| c.is_ascii_digit()),
                _ => false,
            };
        if !ok {
            return None;
        }
        n + mark.len_utf8()
    } else if NUMS.contains(first) {
        let n: usize = t
            .chars()
            .take_while(|c| NUMS.contains(*c))
            .map(char::len_utf8)
            .sum();
        if !t[n..].starts_with('、') {
            return None;
        }
        n + '、'.len_utf8()
    } else {
        return None;
    };
    let spaces: usize = t[end..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\u{3000}')
        .map(char::len_utf8)
        .sum();
    Some(end + spaces)
}

/// `- 1. text` is, to CommonMark, a bullet item holding a numbered list of
/// one item: the editor's numbered item typed with a bullet. When every item
/// of a bullet list is such a one-item list, its numbers become the items'
/// printed markers (`1.`), so no item prints both `•` and `1.`.
fn take_nested_numbers(list: &mut List) {
    let number = |item: &ListItem| match item.body.as_slice() {
        [
            Block {
                kind: BlockKind::List(inner),
                ..
            },
        ] if inner.items.len() == 1 => inner.start,
        _ => None,
    };
    if list.items.is_empty() || !list.items.iter().all(|i| number(i).is_some()) {
        return;
    }
    for item in &mut list.items {
        let n = number(item).expect("checked");
        let Some(Block {
            kind: BlockKind::List(inner),
            ..
        }) = item.body.pop()
        else {
            continue;
        };
        let inner_item = inner.items.into_iter().next().expect("checked");
        item.marker = Some(inner_item.marker.unwrap_or_else(|| format!("{n}.")));
        item.body = inner_item.body;
    }
}

/// When every item of a bullet list opens with a Chinese marker (or a
/// number typed as text: `1．`, `1、`, `1.`), the markers become the items'
/// printed markers.
fn take_cjk_markers(list: &mut List) {
    let first_text = |item: &ListItem| -> Option<String> {
        match item.body.first().map(|b| &b.kind) {
            Some(BlockKind::Para(p)) => match p.content.first() {
                Some(Inline::Text(t)) => Some(t.clone()),
                _ => None,
            },
            _ => None,
        }
    };
    let all = !list.items.is_empty()
        && list
            .items
            .iter()
            .all(|i| first_text(i).is_some_and(|t| cjk_marker(&t).is_some()));
    if !all {
        return;
    }
    for item in &mut list.items {
        let Some(Block {
            kind: BlockKind::Para(p),
            ..
        }) = item.body.first_mut()
        else {
            continue;
        };
        let Some(Inline::Text(t)) = p.content.first_mut() else {
            continue;
        };
        let n = cjk_marker(t).expect("checked");
        item.marker = Some(t[..n].trim_end().to_owned());
        *t = t[n..].to_owned();
        if t.is_empty() {
            p.content.remove(0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credits_are_recognised_at_the_caption_end() {
        let mut c = vec![Inline::Text("村民在田间劳作（记者 张三 摄）".into())];
        assert_eq!(split_credit(&mut c).as_deref(), Some("（记者 张三 摄）"));
        assert_eq!(plain_text(&c), "村民在田间劳作");
        let mut c = vec![Inline::Text("村民在田间劳作　新华社记者 李四 摄".into())];
        assert_eq!(split_credit(&mut c).as_deref(), Some("新华社记者 李四 摄"));
        let mut c = vec![Inline::Text("游客在景区拍摄".into())];
        assert_eq!(split_credit(&mut c), None);
        let mut c = vec![Inline::Text("大桥合龙（右一为项目经理）".into())];
        assert_eq!(split_credit(&mut c), None);
    }

    #[test]
    fn chinese_markers() {
        assert_eq!(cjk_marker("（一）坚持"), Some("（一）".len()));
        assert_eq!(cjk_marker("十二、坚持"), Some("十二、".len()));
        assert_eq!(cjk_marker("① 坚持"), Some("① ".len()));
        assert_eq!(cjk_marker("一是坚持"), None);
        assert_eq!(cjk_marker("1．坚持"), Some("1．".len()));
        assert_eq!(cjk_marker("12、坚持"), Some("12、".len()));
        assert_eq!(cjk_marker("3.坚持"), Some("3.".len()));
        assert_eq!(cjk_marker("1.5亿元"), None);
        assert_eq!(cjk_marker("2024年"), None);
        assert_eq!(cjk_marker("（注）"), None);
    }

    #[test]
    fn ornaments_are_breaks_and_words_are_not() {
        assert_eq!(ornament("※ ※ ※").as_deref(), Some("※ ※ ※"));
        assert_eq!(ornament("◆◆◆").as_deref(), Some("◆◆◆"));
        assert_eq!(ornament("※注"), None);
        assert_eq!(ornament("~~"), None);
    }

    #[test]
    fn table_labels() {
        assert_eq!(
            table_label("表1　各县市区主要指标　单位：亿元"),
            Some(("表1".into(), "各县市区主要指标　单位：亿元".into()))
        );
        assert_eq!(
            split_unit("各县市区主要指标　单位：亿元"),
            ("各县市区主要指标".into(), Some("单位：亿元".into()))
        );
        assert_eq!(table_label("表彰大会召开"), None);
    }
}

//! The reader's first pass: pulldown-cmark events → a raw block tree, built
//! with a stack of open containers (as mdBook's HTML tree builder does).
//! Nothing here knows the report conventions; [`super::conventions`] reads
//! them off the finished tree.

use super::inline::{EMPHASIS_SENTINEL, FrameKind, ImageRef, InlineBuilder, strip_tags};
use crate::diag::{Diagnostic, Span};
use crate::model::{Align, Inline};
use pulldown_cmark::{
    Alignment, BlockQuoteKind, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};
use std::ops::Range;
use std::path::Path;

/// The pulldown-cmark options the reader uses. Never SMART_PUNCTUATION (it
/// turns `"你好"` into two opening quotes), MATH (`$5和$6`) or
/// DEFINITION_LIST: they damage Chinese text.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_GFM
}

/// A block as Markdown has it, before the report conventions.
#[derive(Debug, Clone)]
pub(crate) struct Raw {
    pub kind: RawKind,
    /// File byte range.
    pub span: Range<usize>,
}

/// The kinds of raw block.
#[derive(Debug, Clone)]
pub(crate) enum RawKind {
    Para {
        content: Vec<Inline>,
        images: Vec<ImageRef>,
        /// Whether a soft line break joined two source lines.
        soft: bool,
        /// Byte length of the plain text's first source line, when there are several.
        first_line: Option<usize>,
    },
    Heading {
        level: u8,
        content: Vec<Inline>,
    },
    Code {
        info: String,
        text: String,
    },
    Rule,
    Quote {
        alert: Option<BlockQuoteKind>,
        body: Vec<Raw>,
    },
    List {
        start: Option<u64>,
        tight: bool,
        items: Vec<Vec<Raw>>,
    },
    Table {
        aligns: Vec<Align>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
        /// Each body row's byte range in the file (a row's own line, for messages).
        row_spans: Vec<Range<usize>>,
    },
}

/// A footnote definition as read.
#[derive(Debug, Clone)]
pub(crate) struct RawNote {
    pub label: String,
    pub body: Vec<Raw>,
    pub span: Range<usize>,
}

/// What the first pass returns.
#[derive(Debug, Default)]
pub(crate) struct RawDoc {
    pub blocks: Vec<Raw>,
    pub notes: Vec<RawNote>,
    /// Note labels in order of first reference; [`Inline::NoteRef`] indexes this.
    pub refs: Vec<String>,
    /// Labels written as references (`[^2]`) that no note defines.
    pub undefined: Vec<String>,
}

/// An open container.
enum Container {
    Root,
    Quote {
        alert: Option<BlockQuoteKind>,
    },
    List {
        start: Option<u64>,
        tight: bool,
        items: Vec<Vec<Raw>>,
    },
    Item,
    Note {
        label: String,
    },
    Table {
        aligns: Vec<Align>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
        row: Vec<Vec<Inline>>,
        row_spans: Vec<Range<usize>>,
    },
}

struct Open {
    container: Container,
    blocks: Vec<Raw>,
    start: usize,
}

enum LeafKind {
    Para,
    Heading(u8),
    Code(String),
    Cell,
}

struct Leaf {
    kind: LeafKind,
    builder: InlineBuilder,
    start: usize,
    /// A tight list item's text, which has no Paragraph event around it.
    implicit: bool,
    end: usize,
}

struct TreeBuilder<'a> {
    file: &'a Path,
    /// The body as written and its offset in the file, to read a leaf's source.
    source: &'a str,
    base: usize,
    diags: &'a mut Vec<Diagnostic>,
    stack: Vec<Open>,
    leaf: Option<Leaf>,
    doc: RawDoc,
    html_skip: bool,
    /// References with no definition: each `[^label]`'s file range and label.
    undefined: Vec<(Range<usize>, String)>,
}

/// Run the first pass over `text` (the emphasis-prepared body); `span` maps
/// a range of `text` to file offsets.
pub(crate) fn build(
    file: &Path,
    source: &str,
    base: usize,
    text: &str,
    span: &dyn Fn(Range<usize>) -> Range<usize>,
    diags: &mut Vec<Diagnostic>,
) -> RawDoc {
    let mut t = TreeBuilder {
        file,
        source,
        base,
        diags,
        stack: vec![Open {
            container: Container::Root,
            blocks: vec![],
            start: 0,
        }],
        leaf: None,
        doc: RawDoc::default(),
        html_skip: false,
        undefined: Vec::new(),
    };
    for (ev, range) in Parser::new_ext(text, options()).into_offset_iter() {
        let range = span(range);
        t.event(ev, range);
    }
    t.close_leaf();
    while t.stack.len() > 1 {
        let end = t.stack.last().map_or(0, |o| o.start);
        t.close_container(end);
    }
    let root = t.stack.pop().expect("root");
    t.doc.blocks = root.blocks;
    t.warn_undefined();
    t.doc
}

/// Whether inline content holds a note reference, at any depth.
fn has_note_ref(content: &[Inline]) -> bool {
    content.iter().any(|i| match i {
        Inline::NoteRef(_) => true,
        Inline::Emph(c) | Inline::Strong(c) | Inline::Link { content: c, .. } => has_note_ref(c),
        _ => false,
    })
}

fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

impl TreeBuilder<'_> {
    fn push_block(&mut self, raw: Raw) {
        let top = self.stack.last_mut().expect("root");
        top.blocks.push(raw);
    }

    fn open_container(&mut self, container: Container, start: usize) {
        self.close_leaf();
        self.stack.push(Open {
            container,
            blocks: vec![],
            start,
        });
    }

    fn close_container(&mut self, end: usize) {
        self.close_leaf();
        if self.stack.len() < 2 {
            return;
        }
        let open = self.stack.pop().expect("checked");
        let span = open.start..end.max(open.start);
        match open.container {
            Container::Root => {}
            Container::Quote { alert } => self.push_block(Raw {
                kind: RawKind::Quote {
                    alert,
                    body: open.blocks,
                },
                span,
            }),
            Container::List {
                start,
                tight,
                mut items,
            } => {
                // Blocks outside an item cannot happen in CommonMark; keep them anyway.
                if !open.blocks.is_empty() {
                    items.push(open.blocks);
                }
                self.push_block(Raw {
                    kind: RawKind::List {
                        start,
                        tight,
                        items,
                    },
                    span,
                });
            }
            Container::Item => {
                if let Some(Open {
                    container: Container::List { items, .. },
                    ..
                }) = self.stack.last_mut()
                {
                    items.push(open.blocks);
                }
            }
            Container::Note { label } => self.doc.notes.push(RawNote {
                label,
                body: open.blocks,
                span,
            }),
            Container::Table {
                aligns,
                head,
                rows,
                row_spans,
                ..
            } => self.push_block(Raw {
                kind: RawKind::Table {
                    aligns,
                    head,
                    rows,
                    row_spans,
                },
                span,
            }),
        }
    }

    fn open_leaf(&mut self, kind: LeafKind, start: usize, soft_as_hard: bool) {
        self.close_leaf();
        self.leaf = Some(Leaf {
            kind,
            builder: InlineBuilder::new(soft_as_hard),
            start,
            implicit: false,
            end: start,
        });
    }

    fn close_leaf_at(&mut self, end: usize) {
        if let Some(l) = self.leaf.as_mut() {
            l.end = end;
        }
        self.close_leaf();
    }

    fn close_leaf(&mut self) {
        let Some(leaf) = self.leaf.take() else {
            return;
        };
        let span = leaf.start..leaf.end.max(leaf.start);
        let soft = leaf.builder.soft_breaks > 0;
        let first_line = leaf.builder.first_break;
        let (content, images) = leaf.builder.finish();
        if !matches!(leaf.kind, LeafKind::Code(_)) {
            let found = self.undefined_refs(&span, &content);
            self.undefined.extend(found);
        }
        self.check_dropped(&leaf.kind, &span, &content);
        match leaf.kind {
            LeafKind::Para => self.push_block(Raw {
                kind: RawKind::Para {
                    content,
                    images,
                    soft,
                    first_line,
                },
                span,
            }),
            LeafKind::Heading(level) => self.push_block(Raw {
                kind: RawKind::Heading { level, content },
                span,
            }),
            LeafKind::Code(info) => {
                let text = crate::model::plain_text(&content);
                self.push_block(Raw {
                    kind: RawKind::Code { info, text },
                    span,
                });
            }
            LeafKind::Cell => {
                if let Some(Open {
                    container: Container::Table { row, .. },
                    ..
                }) = self.stack.last_mut()
                {
                    row.push(content);
                }
            }
        }
    }

    /// Whether the source of a leaf holds an unescaped `[^label]` that did not
    /// become a note reference (pulldown-cmark leaves an undefined one as text).
    /// An error for a table row with more cells than its header: GFM
    /// drops the cells past the header's count.
    fn check_row(&mut self, range: &Range<usize>, head: usize) {
        let Some(line) = self.src(range).and_then(|s| s.lines().next()) else {
            return;
        };
        let extra = super::dropped::extra_cells(line, head);
        let have = super::dropped::row_cells(line).len();
        let lazy = !line.contains('|');
        if lazy && super::dropped::is_table_note(line) {
            // A `数据来源：` line right under the table: the reader makes it
            // the table's note and says so.
            return;
        }
        if lazy {
            self.diags.push(
                Diagnostic::warning(
                    "this line directly under a table was read as a row of it (one cell, the rest empty)",
                )
                .at(Span::new(self.file, range.start..range.start + line.len()))
                .hint("leave a blank line between the table and the text after it"),
            );
            return;
        }
        if extra.is_empty() && have < head {
            // GFM fills a short row with empty cells: say so, as an editor
            // who dropped a pipe or a value would want to know.
            self.diags.push(
                Diagnostic::warning(format!(
                    "this table row has {have} cell(s), its header {head}: the last {} cell(s) are left empty",
                    head - have
                ))
                .at(Span::new(self.file, range.start..range.start + line.len()))
                .hint("add the missing cells (an empty one as `|  |`), so each value stands under its header"),
            );
            return;
        }
        if extra.is_empty() {
            return;
        }
        self.diags.push(
            Diagnostic::error(format!(
                "this table row has {} cell(s) more than its header ({head}): Markdown drops {}",
                extra.len(),
                extra
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .at(Span::new(self.file, range.start..range.start + line.len()))
            .hint(
                "add the missing header cells (and `---` in the delimiter row), or join the cells",
            ),
        );
    }

    /// The source a file range holds.
    fn src(&self, span: &Range<usize>) -> Option<&str> {
        self.source
            .get(span.start.saturating_sub(self.base)..span.end.saturating_sub(self.base))
    }

    /// Errors for what Markdown would drop or misread silently in a leaf
    /// ([`super::dropped`]): a note mark in a heading, a pipe table that
    /// reads as a paragraph, a fence never closed.
    fn check_dropped(&mut self, kind: &LeafKind, span: &Range<usize>, content: &[Inline]) {
        let at = Span::new(self.file, span.clone());
        let error = match kind {
            LeafKind::Heading(_) if has_note_ref(content) => Some(
                Diagnostic::error(
                    "a note reference in a heading: a heading or the title carries no note mark, so the mark would be lost",
                )
                .at(at)
                .hint("put the reference (`[^1]`) in the paragraph under the heading"),
            ),
            LeafKind::Para => self.src(span).and_then(super::dropped::broken_table).map(
                |(head, delim)| {
                    // The header and delimiter lines.
                    let two: usize = self.src(span).map_or(0, |s| {
                        s.split_inclusive('\n').take(2).map(str::len).sum::<usize>()
                    });
                    let at = Span::new(self.file, span.start..span.start + two.saturating_sub(1));
                    Diagnostic::error(format!(
                        "this looks like a table, but its delimiter row has {delim} cell(s) for a header of {head}: Markdown reads it as a paragraph of pipes"
                    ))
                    .at(at)
                    .hint(format!(
                        "give the second line one `---` per header cell ({head} in all), e.g. `|{}`",
                        "---|".repeat(head)
                    ))
                },
            ),
            LeafKind::Code(_) if self.src(span).is_some_and(|s| !super::dropped::fence_closed(s)) => Some(
                Diagnostic::error(
                    "this code or poem fence is never closed: everything after it to the end of the file (or of its quotation or list) would be set as its lines",
                )
                .at(Span::new(self.file, span.start..span.start))
                .hint("close it with a line of ``` (as many backticks as open it) after its last line"),
            ),
            _ => None,
        };
        self.diags.extend(error);
    }

    /// The unescaped `[^label]`s in the source of a leaf that did not become
    /// note references (pulldown-cmark leaves an undefined one as text): each
    /// one's file range and label.
    fn undefined_refs(
        &self,
        span: &Range<usize>,
        content: &[Inline],
    ) -> Vec<(Range<usize>, String)> {
        if !crate::model::plain_text(content).contains("[^") {
            return vec![];
        }
        let Some(src) = self.src(span) else {
            return vec![];
        };
        src.match_indices("[^")
            .filter_map(|(i, _)| {
                let escaped = src[..i].ends_with('\\');
                let rest = &src[i + 2..];
                let j = rest.find(']')?;
                let closed = j > 0
                    && !rest[..j].contains(char::is_whitespace)
                    && !rest[j + 1..].starts_with(':');
                let label = &rest[..j];
                let defined = self.doc.refs.iter().any(|l| l == label);
                (!escaped && closed && !defined)
                    .then(|| (span.start + i..span.start + i + 3 + j, label.to_owned()))
            })
            .collect()
    }

    /// A warning at each reference with no definition; a note defined but
    /// never referenced is named in the hint, as the likely typo.
    fn warn_undefined(&mut self) {
        let unused: Vec<&str> = self
            .doc
            .notes
            .iter()
            .map(|n| n.label.as_str())
            .filter(|l| !self.doc.refs.iter().any(|r| r == l))
            .collect();
        for (range, label) in std::mem::take(&mut self.undefined) {
            let mut d = Diagnostic::warning(format!(
                "the note reference `[^{label}]` has no definition (kept as text)"
            ))
            .at(Span::new(self.file, range))
            .hint(format!(
                "define the note on a line of its own: `[^{label}]: 注释文字`"
            ));
            for u in &unused {
                d = d.hint(format!(
                    "`[^{u}]` is defined but never referenced: if it is this note, write `[^{u}]` here (a typo?)"
                ));
            }
            self.diags.push(d);
            if !self.doc.undefined.contains(&label) {
                self.doc.undefined.push(label);
            }
        }
    }

    /// The leaf inline content goes to, opening a tight item's implicit paragraph.
    fn inline_leaf(&mut self, range: &Range<usize>) -> Option<&mut InlineBuilder> {
        if self.leaf.is_none()
            && matches!(
                self.stack.last().map(|o| &o.container),
                Some(Container::Item | Container::Note { .. } | Container::Quote { .. })
            )
        {
            self.leaf = Some(Leaf {
                kind: LeafKind::Para,
                builder: InlineBuilder::new(false),
                start: range.start,
                implicit: true,
                end: range.end,
            });
        }
        let leaf = self.leaf.as_mut()?;
        if leaf.implicit {
            leaf.end = leaf.end.max(range.end);
        }
        Some(&mut leaf.builder)
    }

    fn event(&mut self, ev: Event<'_>, range: Range<usize>) {
        match ev {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(_) if self.html_skip => {}
            Event::Text(t) => {
                let t: String = t.chars().filter(|&c| c != EMPHASIS_SENTINEL).collect();
                if let Some(b) = self.inline_leaf(&range) {
                    b.text(&t);
                } else if !t.trim().is_empty() {
                    self.push_block(Raw {
                        kind: RawKind::Para {
                            content: vec![Inline::Text(t.trim().to_owned())],
                            images: vec![],
                            soft: false,
                            first_line: None,
                        },
                        span: range,
                    });
                }
            }
            Event::Code(t) => {
                let t: String = t.chars().filter(|&c| c != EMPHASIS_SENTINEL).collect();
                if let Some(b) = self.inline_leaf(&range) {
                    b.push(Inline::Code(t));
                }
            }
            Event::FootnoteReference(label) => {
                let label = label.to_string();
                let idx = match self.doc.refs.iter().position(|l| *l == label) {
                    Some(i) => i,
                    None => {
                        self.doc.refs.push(label);
                        self.doc.refs.len() - 1
                    }
                };
                if let Some(b) = self.inline_leaf(&range) {
                    b.push(Inline::NoteRef(idx));
                }
            }
            Event::SoftBreak => {
                if let Some(b) = self.inline_leaf(&range) {
                    b.soft_break();
                }
            }
            Event::HardBreak => {
                if let Some(b) = self.inline_leaf(&range) {
                    b.hard_break();
                }
            }
            Event::Rule => {
                self.close_leaf();
                self.push_block(Raw {
                    kind: RawKind::Rule,
                    span: range,
                });
            }
            Event::Html(h) | Event::InlineHtml(h) => self.html(&h, range),
            Event::TaskListMarker(done) => {
                if let Some(b) = self.inline_leaf(&range) {
                    b.text(if done { "☑ " } else { "☐ " });
                }
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                if let Some(b) = self.inline_leaf(&range) {
                    b.text(&t);
                }
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Paragraph => {
                if let Some(Open {
                    container: Container::Item,
                    ..
                }) = self.stack.last()
                {
                    let n = self.stack.len();
                    if let Some(Open {
                        container: Container::List { tight, .. },
                        ..
                    }) = self.stack.get_mut(n - 2)
                    {
                        *tight = false;
                    }
                }
                self.open_leaf(LeafKind::Para, range.start, false)
            }
            Tag::Heading { level, .. } => {
                self.open_leaf(LeafKind::Heading(heading_level(level)), range.start, false)
            }
            Tag::CodeBlock(kind) => {
                let info = match kind {
                    CodeBlockKind::Fenced(i) => i.trim().to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.open_leaf(LeafKind::Code(info), range.start, true)
            }
            Tag::BlockQuote(alert) => self.open_container(Container::Quote { alert }, range.start),
            Tag::List(start) => self.open_container(
                Container::List {
                    start,
                    tight: true,
                    items: vec![],
                },
                range.start,
            ),
            Tag::Item => self.open_container(Container::Item, range.start),
            Tag::FootnoteDefinition(label) => self.open_container(
                Container::Note {
                    label: label.to_string(),
                },
                range.start,
            ),
            Tag::Table(aligns) => self.open_container(
                Container::Table {
                    aligns: aligns.iter().map(align).collect(),
                    head: vec![],
                    rows: vec![],
                    row: vec![],
                    row_spans: vec![],
                },
                range.start,
            ),
            Tag::TableHead | Tag::TableRow => {
                if let Some(Open {
                    container: Container::Table { row, .. },
                    ..
                }) = self.stack.last_mut()
                {
                    row.clear();
                }
            }
            Tag::TableCell => self.open_leaf(LeafKind::Cell, range.start, false),
            Tag::Emphasis => self.open_inline(FrameKind::Emph, &range),
            Tag::Strong => self.open_inline(FrameKind::Strong, &range),
            Tag::Strikethrough => {
                self.diags.push(
                    Diagnostic::warning(
                        "strikethrough is not drawn: the struck text is printed as ordinary text",
                    )
                    .at(Span::new(self.file, range.clone()))
                    .hint("delete text that should not be printed, or drop the `~~`"),
                );
                self.open_inline(FrameKind::Group, &range)
            }
            Tag::Superscript | Tag::Subscript => self.open_inline(FrameKind::Group, &range),
            Tag::Link { dest_url, .. } => {
                let url = dest_url.to_string();
                let safe = ["http://", "https://", "mailto:"]
                    .iter()
                    .any(|p| url.starts_with(p));
                if !safe {
                    self.diags.push(
                        Diagnostic::warning(format!(
                            "link target `{url}` is not a web or mail address (kept as text)"
                        ))
                        .at(Span::new(self.file, range.clone())),
                    );
                }
                let kind = if safe {
                    FrameKind::Link(url)
                } else {
                    FrameKind::Group
                };
                self.open_inline(kind, &range)
            }
            Tag::Image {
                dest_url, title, ..
            } => {
                let kind = FrameKind::Image {
                    href: dest_url.to_string(),
                    title: title.to_string(),
                    start: range.start,
                };
                self.open_inline(kind, &range)
            }
            Tag::HtmlBlock
            | Tag::MetadataBlock(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => {}
        }
    }

    fn open_inline(&mut self, kind: FrameKind, range: &Range<usize>) {
        if let Some(b) = self.inline_leaf(range) {
            b.open(kind);
        }
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock => {
                self.close_leaf_at(range.end)
            }
            TagEnd::TableCell => self.close_leaf_at(range.end),
            TagEnd::TableHead | TagEnd::TableRow => {
                self.close_leaf();
                if let Some(Open {
                    container:
                        Container::Table {
                            head,
                            rows,
                            row,
                            row_spans,
                            ..
                        },
                    ..
                }) = self.stack.last_mut()
                {
                    let cells = std::mem::take(row);
                    let head_len = head.len();
                    if matches!(tag, TagEnd::TableHead) {
                        *head = cells;
                    } else {
                        rows.push(cells);
                        row_spans.push(range.clone());
                        self.check_row(&range, head_len);
                    }
                }
            }
            TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::FootnoteDefinition
            | TagEnd::Table => self.close_container(range.end),
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript => {
                if let Some(l) = self.leaf.as_mut() {
                    l.builder.close(range.end);
                    if l.implicit {
                        l.end = l.end.max(range.end);
                    }
                }
            }
            TagEnd::HtmlBlock
            | TagEnd::MetadataBlock(_)
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition => {}
        }
    }

    /// Raw HTML: `<br>` is a line break; `<script>`/`<style>` are dropped
    /// whole; other tags are dropped with a warning and their text kept.
    fn html(&mut self, h: &str, range: Range<usize>) {
        let lower = h.to_ascii_lowercase();
        if lower.trim_start().starts_with("<br") {
            if let Some(b) = self.inline_leaf(&range) {
                b.hard_break();
            }
            return;
        }
        if lower.contains("<script") || lower.contains("<style") {
            self.html_skip = !(lower.contains("</script") || lower.contains("</style"));
        } else if self.html_skip && (lower.contains("</script") || lower.contains("</style")) {
            self.html_skip = false;
            return;
        }
        if lower.trim_start().starts_with("<!--") {
            self.diags.push(
                Diagnostic::warning("an HTML comment is not printed")
                    .at(Span::new(self.file, range))
                    .hint("delete it, or write its text as a paragraph if it should be printed"),
            );
            return;
        }
        self.diags.push(
            Diagnostic::warning(
                "raw HTML is not copied into the outputs (tags dropped, text kept)",
            )
            .at(Span::new(self.file, range.clone()))
            .hint("write the content in Markdown instead"),
        );
        if self.html_skip {
            return;
        }
        let stripped = strip_tags(h);
        if stripped.trim().is_empty() {
            return;
        }
        if let Some(l) = self.leaf.as_mut() {
            l.builder.text(&stripped);
        } else {
            self.push_block(Raw {
                kind: RawKind::Para {
                    content: vec![Inline::Text(stripped.trim().to_owned())],
                    images: vec![],
                    soft: false,
                    first_line: None,
                },
                span: range,
            });
        }
    }
}

fn align(a: &Alignment) -> Align {
    match a {
        Alignment::None => Align::None,
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}

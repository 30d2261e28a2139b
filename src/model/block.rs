//! Block content of an article: a tree. Every block carries its byte span in
//! the article file once ([`Block::span`]); kinds that hold blocks (sections,
//! list items, boxes, quotations) hold [`Block`]s, so the tree nests as the
//! source does. [`super::walk`] is the one traversal every consumer uses.

use super::Inline;
use std::ops::Range;

/// One block of the article, with where it stands in the source.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// What it is.
    pub kind: BlockKind,
    /// Byte range in the article file.
    pub span: Range<usize>,
}

impl Block {
    /// A block of `kind` at `span`.
    pub fn new(kind: BlockKind, span: Range<usize>) -> Block {
        Block { kind, span }
    }

    /// A body paragraph.
    pub fn para(content: Vec<Inline>, span: Range<usize>) -> Block {
        Block::new(
            BlockKind::Para(Para {
                content,
                role: ParaRole::Body,
            }),
            span,
        )
    }
}

/// The kinds of block a report holds.
#[derive(Debug, Clone, PartialEq)]
pub enum BlockKind {
    /// A paragraph (body text, a dateline paragraph, an author note).
    Para(Para),
    /// A section: its heading (`##`, `###`, `####`) and the blocks up to the
    /// next heading of the same or a higher level.
    Section(Section),
    /// A photo with its caption.
    Figure(Figure),
    /// Several photos with one caption (组图).
    PhotoGroup(PhotoGroup),
    /// A displayed slogan (the banner of the printed page).
    PullQuote(PullQuote),
    /// A bullet or numbered list.
    List(List),
    /// A table with its number, caption, unit, notes and source.
    Table(Table),
    /// A poem: stanzas of lines.
    Verse(Verse),
    /// A box: editor's note, reporter's notebook, sidebar (链接, 背景资料 …).
    Aside(Aside),
    /// A quotation (引文) that is not a pull quote.
    Quote(Quote),
    /// One turn of an interview: the speaker, then what they said.
    Turn(Turn),
    /// Preformatted text, kept line for line.
    Code(Code),
    /// A section break (※ ※ ※ or `***`).
    Break(Break),
}

/// A paragraph and what kind of paragraph it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    /// Its content.
    pub content: Vec<Inline>,
    /// Body paragraph, dateline paragraph, author note.
    pub role: ParaRole,
}

/// What a paragraph is for; each role keeps the text as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParaRole {
    /// An ordinary paragraph: 2 em first-line indent.
    Body,
    /// A paragraph that opens with a dateline in bold (`**本报讯**（记者 张三）…`).
    Dateline,
    /// The author note at the end (`（作者系湖北医药学院教授）`): smaller, Kai.
    AuthorNote,
    /// A notice's sign-off (署名/日期): its lines set flush right, as written
    /// (`某某委员会` / `2026年5月1日`, hard line breaks between them).
    SignOff,
    /// A notice's salutation (主送机关, `各有关单位：`): the first paragraph of
    /// an article that has a sign-off, short and ending in a colon; set flush
    /// left, as official documents set it (GB/T 9704 §7.2.3).
    Salutation,
}

/// A section heading pair and the section's blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// The heading.
    pub heading: Heading,
    /// The section's blocks, nested sections included.
    pub body: Vec<Block>,
}

/// A section heading, with its sub-heading when a deeper heading follows it directly.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    /// 2 for `##`, 3 for `###`, 4 for `####` (and deeper).
    pub level: u8,
    /// The heading (凝心铸魂筑牢根基).
    pub title: String,
    /// The sub-heading that belongs to it (加强党的创新理论武装), if any.
    pub subtitle: Option<String>,
    /// Byte range of the heading lines in the article file.
    pub span: Range<usize>,
}

/// A captioned photo.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Index into [`super::Issue::assets`].
    pub asset: usize,
    /// The caption, with inline markup.
    pub caption: Vec<Inline>,
    /// Text alternative for screen readers; defaults to the caption's text.
    pub alt: String,
    /// The photo credit (记者 张三 摄), from the image title or the caption's end.
    pub credit: Option<String>,
}

/// Photos shown together with one caption.
#[derive(Debug, Clone, PartialEq)]
pub struct PhotoGroup {
    /// The photos; each caption holds the photo's own alt text (often empty).
    pub photos: Vec<Figure>,
    /// The group's caption.
    pub caption: Vec<Inline>,
    /// The group's credit.
    pub credit: Option<String>,
}

/// A pull quote: slogan lines, then smaller attribution lines.
#[derive(Debug, Clone, PartialEq)]
pub struct PullQuote {
    /// The slogan, one entry per displayed line (创一流 / 争第一 / 干唯一).
    pub lines: Vec<String>,
    /// Tagline and source, one entry per line (全市能力作风建设半年晒成效 / 市委组织部).
    pub attribution: Vec<String>,
}

impl PullQuote {
    /// The attribution lines as both outputs print them: each opens with the
    /// dash `——` (GB/T 15834 §4.8). The source always wrote one (a line is an
    /// attribution because it opens with a dash, which the reader takes off
    /// and keeps here), so this prints what the source has, in one form.
    pub fn printed_attribution(&self) -> Vec<String> {
        self.attribution
            .iter()
            .map(|l| format!("{ATTRIBUTION_DASH}{l}"))
            .collect()
    }
}

/// The dash that opens a pull quote's attribution line.
const ATTRIBUTION_DASH: &str = "——";

/// A list.
#[derive(Debug, Clone, PartialEq)]
pub struct List {
    /// The first number of a numbered list; `None` for bullets.
    pub start: Option<u64>,
    /// Items without blank lines between them.
    pub tight: bool,
    /// The items.
    pub items: Vec<ListItem>,
}

/// One list item.
#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    /// A Chinese marker written as text at the item's start (（一）, 一、, ①),
    /// taken out of the text and printed as the marker.
    pub marker: Option<String>,
    /// The item's blocks (paragraphs, nested lists …).
    pub body: Vec<Block>,
}

/// Column alignment from the table's delimiter row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// No colon: text to the start, numbers as the engine decides.
    None,
    /// `:--`.
    Left,
    /// `:-:`.
    Center,
    /// `--:`.
    Right,
}

/// A table (GFM pipe table) with what Chinese tables carry around them.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// `表1` (from a `表1　…` line directly above).
    pub label: Option<String>,
    /// The caption after the label.
    pub caption: Vec<Inline>,
    /// `单位：亿元`, printed at the top right.
    pub unit: Option<String>,
    /// One entry per column.
    pub aligns: Vec<Align>,
    /// The header row's cells.
    pub head: Vec<Vec<Inline>>,
    /// The body rows.
    pub rows: Vec<Vec<Vec<Inline>>>,
    /// Notes and source lines below the table (`注：…`, `数据来源：…`), in order.
    pub notes: Vec<Vec<Inline>>,
}

/// A poem.
///
/// Its title is not held here: a poem's title is the heading of the section
/// the poem opens (`### 乡愁` directly above it), and it stays that
/// section's heading so the EPUB nav, the PDF contents and the outline list
/// poems like any heading and every consumer of sections still sees it.
/// `titled` says that the heading belongs to the poem, so both outputs set it
/// with the poem (aligned with it, kept with its first lines). The author
/// line between the heading and the lines (`余光中`) has no place in the
/// section but beside the title, so it moves here, into the poem.
#[derive(Debug, Clone, PartialEq)]
pub struct Verse {
    /// The poem opens its section: the section's heading is its title.
    pub titled: bool,
    /// The author line under the title (`余光中`, `[唐] 李白`, `作者：…`), as written.
    pub author: Option<Vec<Inline>>,
    /// Stanzas, each a run of lines.
    pub stanzas: Vec<Vec<VerseLine>>,
}

impl Verse {
    /// A poem of these stanzas, with no title or author.
    pub fn new(stanzas: Vec<Vec<VerseLine>>) -> Verse {
        Verse {
            titled: false,
            author: None,
            stanzas,
        }
    }
}

/// One line of verse.
#[derive(Debug, Clone, PartialEq)]
pub struct VerseLine {
    /// Indent in em, from leading full-width spaces (two ASCII spaces = 1 em).
    pub indent: u8,
    /// The line.
    pub content: Vec<Inline>,
}

/// Which kind of box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsideKind {
    /// 编者按, 编后: the editors speak (Kai).
    EditorsNote,
    /// 记者手记, 采访手记 (Kai).
    Notebook,
    /// 链接, 背景资料, 延伸阅读 … and GFM alerts (one size down).
    Sidebar,
}

/// A box with a label and its own blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Aside {
    /// Which kind.
    pub kind: AsideKind,
    /// The label as printed (编者按, 链接 …).
    pub label: String,
    /// The box's blocks.
    pub body: Vec<Block>,
}

/// A quotation (引文).
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    /// The quoted blocks.
    pub body: Vec<Block>,
}

/// One turn of an interview (`**记者：**您怎么看？`, `问：…`).
#[derive(Debug, Clone, PartialEq)]
pub struct Turn {
    /// The speaker label as written, colon included (`记者：`).
    pub speaker: String,
    /// What follows the label.
    pub content: Vec<Inline>,
}

impl Turn {
    /// The speaker's name without the colon.
    pub fn name(&self) -> &str {
        self.speaker.trim_end_matches(['：', ':', ' ', '\u{3000}'])
    }
}

/// Preformatted text.
#[derive(Debug, Clone, PartialEq)]
pub struct Code {
    /// The fence's info string (may be empty).
    pub info: String,
    /// The text, lines separated by `\n`.
    pub text: String,
}

/// A section break.
#[derive(Debug, Clone, PartialEq)]
pub struct Break {
    /// The ornament as written (`※ ※ ※`); `None` for `***`.
    pub glyph: Option<String>,
}

/// A note (footnote or endnote) of the article.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// The label as written (`1` for `[^1]`).
    pub label: String,
    /// The note's blocks.
    pub body: Vec<Block>,
    /// Byte range of the definition.
    pub span: Range<usize>,
}

//! Inline content from pulldown-cmark events, with the Chinese-specific fixes
//! pulldown-cmark does not make by itself:
//!
//! - a soft line break next to a Han character or Chinese punctuation joins the
//!   lines with no space (CSS Text 3's segment-break rule); between Latin words
//!   it stays one space;
//! - emphasis delimiters between a Han character and punctuation work
//!   (`这是**《书名》**。` is bold, `**编者按：**6月` too), see [`prepare_emphasis`].

use crate::cjk::{is_cjk_letter, is_wide};
use crate::model::Inline;

/// An invisible stand-in that CommonMark counts as punctuation (U+FFFC is a
/// symbol, So), put between a Han character and an emphasis run so the run
/// can open or close; removed again from every text event.
pub(crate) const EMPHASIS_SENTINEL: char = '\u{FFFC}';

/// Whether CommonMark counts `c` as punctuation (approximately: ASCII
/// punctuation, General Punctuation, CJK punctuation, full-width forms).
fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c as u32, 0x2010..=0x206F | 0x3000..=0x303F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 | 0x00A1..=0x00BF)
}

/// Insert [`EMPHASIS_SENTINEL`] where a `*` run sits between a Han character
/// and punctuation (on the Han side), or between punctuation and a letter or
/// digit (`**编者按：**6月`), so that CommonMark's flanking rules let the run
/// open or close. Returns the new text and the byte positions (in the new
/// text) of each insertion, to map offsets back.
pub fn prepare_emphasis(text: &str) -> (String, Vec<usize>) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = String::with_capacity(text.len());
    let mut inserted = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (_, c) = chars[i];
        if c != '*' {
            out.push(c);
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && chars[j].1 == '*' {
            j += 1;
        }
        let prev = i.checked_sub(1).map(|k| chars[k].1);
        let next = chars.get(j).map(|x| x.1);
        let before = matches!((prev, next), (Some(p), Some(n)) if is_cjk_letter(p) && is_punct(n));
        let after = matches!((prev, next), (Some(p), Some(n))
            if is_punct(p) && p != '*' && (is_cjk_letter(n) || (n.is_alphanumeric() && is_wide(p))));
        if before {
            inserted.push(out.len());
            out.push(EMPHASIS_SENTINEL);
        }
        out.extend(std::iter::repeat_n('*', j - i));
        if after {
            inserted.push(out.len());
            out.push(EMPHASIS_SENTINEL);
        }
        i = j;
    }
    (out, inserted)
}

/// A frame of inline content being built.
struct InlineFrame {
    kind: FrameKind,
    content: Vec<Inline>,
}

/// What an open inline frame becomes when it closes.
pub(crate) enum FrameKind {
    Root,
    Emph,
    Strong,
    Link(String),
    /// Content kept without markup (an unsafe link's text, struck-through text).
    Group,
    Image {
        href: String,
        title: String,
        start: usize,
    },
}

/// An image found in a paragraph.
#[derive(Debug, Clone)]
pub(crate) struct ImageRef {
    /// Path as written.
    pub href: String,
    /// The Markdown title (`"记者 张三 摄"`).
    pub title: String,
    /// The alt text as inline content.
    pub alt: Vec<Inline>,
    /// File offset of the `![`.
    pub start: usize,
    /// File offset just past the image.
    pub end: usize,
    /// Whether text came before it in the paragraph.
    pub after_text: bool,
}

/// Builds inline content from events, resolving soft breaks.
pub(crate) struct InlineBuilder {
    stack: Vec<InlineFrame>,
    pending_soft: bool,
    soft_as_hard: bool,
    last_char: Option<char>,
    images: Vec<ImageRef>,
    /// Soft breaks seen (a paragraph of hard-broken lines has none: verse).
    pub(crate) soft_breaks: usize,
    /// Length of the plain text before the first line break, soft or hard.
    pub(crate) first_break: Option<usize>,
}

impl InlineBuilder {
    /// A builder; `soft_as_hard` keeps every source line a line (code).
    pub(crate) fn new(soft_as_hard: bool) -> Self {
        InlineBuilder {
            stack: vec![InlineFrame {
                kind: FrameKind::Root,
                content: vec![],
            }],
            pending_soft: false,
            soft_as_hard,
            last_char: None,
            images: vec![],
            soft_breaks: 0,
            first_break: None,
        }
    }

    /// Add a finished inline item.
    pub(crate) fn push(&mut self, i: Inline) {
        self.stack.last_mut().expect("root frame").content.push(i);
    }

    /// Add text (sentinels removed, a pending soft break resolved).
    pub(crate) fn text(&mut self, t: &str) {
        let t: String = t.chars().filter(|&c| c != EMPHASIS_SENTINEL).collect();
        let Some(first) = t.chars().next() else {
            return;
        };
        if self.pending_soft {
            self.pending_soft = false;
            let join = self.last_char.is_some_and(is_wide) || is_wide(first);
            if !join {
                self.push_text(" ");
            }
        }
        self.last_char = t.chars().last();
        self.push_text(&t);
    }

    fn push_text(&mut self, t: &str) {
        let top = self.stack.last_mut().expect("root frame");
        if let Some(Inline::Text(prev)) = top.content.last_mut() {
            prev.push_str(t);
        } else {
            top.content.push(Inline::Text(t.to_owned()));
        }
    }

    /// A soft line break.
    pub(crate) fn soft_break(&mut self) {
        self.soft_breaks += 1;
        self.note_break();
        if self.soft_as_hard {
            self.hard_break();
        } else {
            self.pending_soft = true;
        }
    }

    /// A hard line break.
    pub(crate) fn hard_break(&mut self) {
        self.note_break();
        self.pending_soft = false;
        self.last_char = None;
        self.push(Inline::LineBreak);
    }

    fn note_break(&mut self) {
        if self.first_break.is_none() && self.stack.len() == 1 {
            let text = crate::model::plain_text(&self.stack[0].content);
            self.first_break = Some(text.trim_start().len());
        }
    }

    /// Open an inline frame.
    pub(crate) fn open(&mut self, kind: FrameKind) {
        self.stack.push(InlineFrame {
            kind,
            content: vec![],
        });
    }

    /// Close the innermost frame; `end` is the file offset of the closing event.
    pub(crate) fn close(&mut self, end: usize) {
        if self.stack.len() < 2 {
            return;
        }
        let f = self.stack.pop().expect("checked");
        match f.kind {
            FrameKind::Root => {}
            FrameKind::Emph => self.push(Inline::Emph(f.content)),
            FrameKind::Strong => self.push(Inline::Strong(f.content)),
            FrameKind::Link(url) => self.push(Inline::Link {
                url,
                content: f.content,
            }),
            FrameKind::Group => f.content.into_iter().for_each(|i| self.push(i)),
            FrameKind::Image { href, title, start } => {
                let after_text = self.stack.len() > 1
                    || !crate::model::plain_text(&self.stack[0].content)
                        .trim()
                        .is_empty();
                self.images.push(ImageRef {
                    href,
                    title,
                    alt: f.content,
                    start,
                    end,
                    after_text,
                });
            }
        }
    }

    /// The content (trimmed) and the images found in it.
    pub(crate) fn finish(mut self) -> (Vec<Inline>, Vec<ImageRef>) {
        while self.stack.len() > 1 {
            self.close(0);
        }
        let mut content = self.stack.pop().expect("root").content;
        trim_inlines(&mut content);
        (content, self.images)
    }
}

/// Drop leading and trailing white space and line breaks.
pub(crate) fn trim_inlines(v: &mut Vec<Inline>) {
    while matches!(v.last(), Some(Inline::LineBreak)) {
        v.pop();
    }
    while matches!(v.first(), Some(Inline::LineBreak)) {
        v.remove(0);
    }
    if let Some(Inline::Text(t)) = v.first_mut() {
        *t = t.trim_start().to_owned();
    }
    if let Some(Inline::Text(t)) = v.last_mut() {
        *t = t.trim_end().to_owned();
    }
    v.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
}

/// Remove `<…>` tags and decode the few entities editors paste.
pub(crate) fn strip_tags(h: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in h.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

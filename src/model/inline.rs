//! Inline content of paragraphs, captions and headings.

/// A run of inline content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    /// Plain text (soft breaks already resolved: none between Han characters,
    /// one space between Latin words).
    Text(String),
    /// Emphasis (`*…*`): set in Kai in print, `<em>` on screen.
    Emph(Vec<Inline>),
    /// Strong emphasis (`**…**`): set in Hei (bold sans) in print, `<strong>` on screen.
    Strong(Vec<Inline>),
    /// Inline code: kept verbatim.
    Code(String),
    /// A link: text shown, target kept for the EPUB (PDF shows the text).
    Link {
        /// Link target (http/https/mailto only).
        url: String,
        /// Link text.
        content: Vec<Inline>,
    },
    /// A hard line break.
    LineBreak,
    /// A reference to the article's note with this index
    /// ([`super::Issue::notes`]); printed as its number.
    NoteRef(usize),
}

/// The text of inline content with all markup dropped (line breaks become `\n`).
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    fn walk(v: &[Inline], out: &mut String) {
        for i in v {
            match i {
                Inline::Text(t) | Inline::Code(t) => out.push_str(t),
                Inline::Emph(c) | Inline::Strong(c) => walk(c, out),
                Inline::Link { content, .. } => walk(content, out),
                Inline::LineBreak => out.push('\n'),
                Inline::NoteRef(_) => {}
            }
        }
    }
    walk(inlines, &mut out);
    out
}

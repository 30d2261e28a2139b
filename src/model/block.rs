//! Block content of an article.

use super::Inline;
use std::ops::Range;

/// One block of the article body, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A section heading with its sub-heading (`##` followed by `###`).
    Heading(Heading),
    /// A body paragraph (2 em first-line indent everywhere).
    Para {
        /// Its content.
        content: Vec<Inline>,
        /// Byte range in the article file.
        span: Range<usize>,
    },
    /// A photo with its caption.
    Figure(Figure),
    /// A displayed slogan (the banner of the printed page).
    PullQuote(PullQuote),
}

/// A section heading pair.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    /// The heading (凝心铸魂筑牢根基).
    pub title: String,
    /// The sub-heading that belongs to it (加强党的创新理论武装), if any.
    pub subtitle: Option<String>,
    /// Byte range of the heading in the article file.
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
    /// Byte range in the article file.
    pub span: Range<usize>,
}

/// A pull quote: slogan lines, then smaller attribution lines.
#[derive(Debug, Clone, PartialEq)]
pub struct PullQuote {
    /// The slogan, one entry per displayed line (创一流 / 争第一 / 干唯一).
    pub lines: Vec<String>,
    /// Tagline and source, one entry per line (全市能力作风建设半年晒成效 / 市委组织部).
    pub attribution: Vec<String>,
    /// Byte range in the article file.
    pub span: Range<usize>,
}

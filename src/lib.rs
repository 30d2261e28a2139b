//! reportbook: Chinese newspaper reports in Markdown → EPUB 3 and print PDF.
pub mod diag;
pub mod model;
pub mod fonts;
pub mod typeset;
pub mod epub;

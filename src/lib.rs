//! reportbook: Chinese newspaper reports in Markdown → EPUB 3 and print PDF.
pub mod batch;
pub mod check;
pub mod diag;
pub mod fonts;
pub mod job;
pub mod model;
pub mod scaffold;
pub mod source;
pub mod typeset;
pub mod epub;

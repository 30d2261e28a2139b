//! reportbook: Chinese newspaper reports in Markdown → EPUB 3 and print PDF.
pub mod batch;
pub mod check;
pub mod cjk;
pub mod coverage;
pub mod date;
pub mod diag;
pub mod epub;
pub mod fonts;
pub mod frame;
pub mod geom;
pub mod job;
pub mod model;
pub mod pdf;
pub mod probe;
pub mod scaffold;
pub mod source;
pub mod typeset;

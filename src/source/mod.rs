//! Sources → model. (The lead owns this file; this branch only declares `import`.)
pub mod import;

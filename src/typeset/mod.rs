//! Model → frames: the Chinese typesetting engine. No krilla, no file I/O.
pub mod inline;

//! A small XML writer that escapes everything it is given and remembers,
//! for every character of text, which bundled face the stylesheet sets it in
//! (so the font subsets hold exactly what the book shows).

use crate::fonts::Role;
use std::collections::{BTreeMap, BTreeSet};

/// Characters each face must carry, and where they first occur.
#[derive(Debug, Default, Clone)]
pub(crate) struct Usage {
    /// Characters per face role.
    pub chars: BTreeMap<Role, BTreeSet<char>>,
    /// For each character, the byte range in the article of its first use, when known.
    pub first_use: BTreeMap<char, Option<std::ops::Range<usize>>>,
}

impl Usage {
    /// Record that `text` is shown in `role`, from article bytes `span` if known.
    pub fn record(&mut self, role: Role, text: &str, span: Option<&std::ops::Range<usize>>) {
        let set = self.chars.entry(role).or_default();
        for c in text
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
        {
            set.insert(c);
            self.first_use.entry(c).or_insert_with(|| span.cloned());
        }
    }
}

/// An XML document being written.
#[derive(Debug)]
pub(crate) struct Xml<'u> {
    out: String,
    /// The face of the element being written (None: a face we do not bundle, e.g. code).
    roles: Vec<Option<Role>>,
    /// The article byte range of the block being written.
    pub span: Option<std::ops::Range<usize>>,
    /// How many references to each note have been written (ids must be unique).
    pub note_refs: Vec<u32>,
    usage: &'u mut Usage,
}

impl<'u> Xml<'u> {
    /// A document whose text is set in `role` unless an element says otherwise.
    pub fn new(role: Role, usage: &'u mut Usage) -> Xml<'u> {
        Xml {
            out: String::with_capacity(16 * 1024),
            roles: vec![Some(role)],
            span: None,
            note_refs: Vec::new(),
            usage,
        }
    }

    /// Write raw markup (never user text).
    pub fn raw(&mut self, markup: &str) -> &mut Self {
        self.out.push_str(markup);
        self
    }

    /// Open `<tag attr="value" …>`; attribute values are escaped.
    pub fn open(&mut self, tag: &str, attrs: &[(&str, &str)]) -> &mut Self {
        self.start_tag(tag, attrs);
        self.out.push('>');
        self
    }

    /// Open an element whose text is set in `role` (None: not in a bundled face).
    pub fn open_in(&mut self, role: Option<Role>, tag: &str, attrs: &[(&str, &str)]) -> &mut Self {
        self.roles.push(role);
        self.open(tag, attrs)
    }

    /// Close an element opened with [`Xml::open_in`].
    pub fn close_in(&mut self, tag: &str) -> &mut Self {
        self.roles.pop();
        self.close(tag)
    }

    /// `</tag>`.
    pub fn close(&mut self, tag: &str) -> &mut Self {
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
        self
    }

    /// An empty element `<tag …/>`.
    pub fn empty(&mut self, tag: &str, attrs: &[(&str, &str)]) -> &mut Self {
        self.start_tag(tag, attrs);
        self.out.push_str("/>");
        self
    }

    /// Escaped text, recorded as set in the current face.
    pub fn text(&mut self, text: &str) -> &mut Self {
        if let Some(Some(role)) = self.roles.last() {
            self.usage.record(*role, text, self.span.as_ref());
        }
        escape_into(&mut self.out, text, false);
        self
    }

    /// `<tag …>text</tag>` in the current face.
    pub fn element(&mut self, tag: &str, attrs: &[(&str, &str)], text: &str) -> &mut Self {
        self.open(tag, attrs).text(text).close(tag)
    }

    /// A newline between blocks, for people reading the source (never inside text).
    pub fn nl(&mut self) -> &mut Self {
        self.out.push('\n');
        self
    }

    /// The document.
    pub fn finish(self) -> String {
        self.out
    }

    fn start_tag(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in attrs {
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            escape_into(&mut self.out, value, true);
            self.out.push('"');
        }
    }
}

/// Whether `c` may appear in an XML 1.0 document (XML 1.0 §2.2 `Char`).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Append `text` with `&`, `<`, `>` (and in attributes `"`) escaped as
/// numeric references: EPUBCheck 4 reports even XML's own named entities
/// (`&amp;`) as a usage message (HTM-006). Characters
/// XML cannot carry at all (C0 controls, U+FFFE/U+FFFF) are left out: there is
/// no way to write them.
pub(crate) fn escape_into(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&#38;"),
            '<' => out.push_str("&#60;"),
            '>' => out.push_str("&#62;"),
            '"' if attribute => out.push_str("&#34;"),
            // A newline in an attribute would be normalised to a space by parsers.
            '\n' | '\t' | '\r' if attribute => out.push_str(&format!("&#{};", c as u32)),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// `text` escaped for element content.
pub(crate) fn escape(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    escape_into(&mut s, text, false);
    s
}

/// `text` escaped for an attribute value.
pub(crate) fn escape_attr(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    escape_into(&mut s, text, true);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_characters_and_drops_non_xml_ones() {
        assert_eq!(escape("a<b>&c\"d"), "a&#60;b&#62;&#38;c\"d");
        assert_eq!(escape("x\u{0}\u{1b}y\u{FFFE}"), "xy");
        let mut s = String::new();
        escape_into(&mut s, "\"<script>\"\n", true);
        assert_eq!(s, "&#34;&#60;script&#62;&#34;&#10;");
    }

    /// Undo [`escape_into`]'s references.
    fn unescape(s: &str) -> String {
        s.replace("&#60;", "<")
            .replace("&#62;", ">")
            .replace("&#34;", "\"")
            .replace("&#10;", "\n")
            .replace("&#9;", "\t")
            .replace("&#13;", "\r")
            .replace("&#38;", "&")
    }

    proptest::proptest! {
        #[test]
        fn escaping_round_trips_and_leaves_no_markup(text in "\\PC*|[<>&\"a-z\u{0}-\u{1f}\u{4e00}-\u{4e10}]*") {
            for attribute in [false, true] {
                let mut out = String::new();
                escape_into(&mut out, &text, attribute);
                proptest::prop_assert!(!out.contains('<') && !out.contains('>'));
                if attribute {
                    proptest::prop_assert!(!out.contains('"'));
                }
                // Every & starts a character reference.
                for (i, _) in out.match_indices('&') {
                    proptest::prop_assert!(out[i..].starts_with("&#"));
                }
                let kept: String = text.chars().filter(|&c| is_xml_char(c)).collect();
                proptest::prop_assert_eq!(unescape(&out), kept);
            }
        }
    }

    #[test]
    fn text_is_recorded_in_the_face_of_its_element() {
        let mut usage = Usage::default();
        let mut x = Xml::new(Role::Body, &mut usage);
        x.open("p", &[]).text("正文");
        x.open_in(Some(Role::Heading), "strong", &[])
            .text("强调")
            .close_in("strong");
        x.open_in(None, "code", &[]).text("码").close_in("code");
        x.close("p");
        let doc = x.finish();
        assert_eq!(doc, "<p>正文<strong>强调</strong><code>码</code></p>");
        assert!(usage.chars[&Role::Body].contains(&'正'));
        assert!(!usage.chars[&Role::Body].contains(&'强'));
        assert!(usage.chars[&Role::Heading].contains(&'强'));
        assert!(!usage.chars.values().any(|s| s.contains(&'码')));
    }
}

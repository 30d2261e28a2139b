//! The stylesheet for Chinese reading. Every length is in em (or %), so the
//! layout holds when a reading system swaps the body font or the size; every
//! font stack ends in a generic family for the same reason.

use super::fonts::EmbeddedFont;
use crate::fonts::Role;
use std::collections::BTreeSet;
use std::fmt::Write;

/// Font stacks per role: the embedded face, common system faces of the same
/// style, then the generic family. Kai and Hei list the embedded Song face
/// right after their own, as [`super::fonts::fallback_chain`] assumes: what
/// their subset leaves out (e.g. Kai's proportional quotes) is in the Song
/// subset. System faces follow for reading systems that turn embedded fonts
/// off. (LXGW WenKai is not listed: its quotation marks are proportional.)
fn stack(role: Role) -> &'static str {
    match role {
        // The EPUB never sets text in a system fallback face.
        Role::Body | Role::Fallback(_) => {
            "\"Reportbook Song\", \"Noto Serif CJK SC\", \"Source Han Serif SC\", \"Songti SC\", \"SimSun\", serif"
        }
        Role::Heading => {
            "\"Reportbook Hei\", \"Reportbook Song\", \"Noto Sans CJK SC\", \"Source Han Sans SC\", \"PingFang SC\", \"Microsoft YaHei\", sans-serif"
        }
        Role::Caption => {
            "\"Reportbook Kai\", \"Reportbook Song\", \"Kaiti SC\", \"STKaiti\", \"KaiTi\", serif"
        }
    }
}

/// The `@font-face` rule of an embedded face.
fn font_face(font: &EmbeddedFont) -> String {
    let (format, weight) = match (font.media_type, font.role) {
        ("font/otf", Role::Heading) => ("opentype", "bold"),
        ("font/otf", _) => ("opentype", "normal"),
        (_, Role::Heading) => ("truetype", "bold"),
        _ => ("truetype", "normal"),
    };
    format!(
        "@font-face {{\n  font-family: \"{}\";\n  src: url(\"{}\") format(\"{format}\");\n  font-weight: {weight};\n  font-style: normal;\n}}\n",
        font.family, font.href
    )
}

/// The stylesheet, with the accent colour of the issue.
pub(crate) fn stylesheet(fonts: &[EmbeddedFont], accent: [u8; 3]) -> String {
    let mut css = String::from(
        "@charset \"UTF-8\";\n/* reportbook: Chinese reading stylesheet (clreq). */\n",
    );
    for f in fonts {
        css.push_str(&font_face(f));
    }
    let accent = format!("#{:02x}{:02x}{:02x}", accent[0], accent[1], accent[2]);
    let body = stack(Role::Body);
    let hei = stack(Role::Heading);
    let kai = stack(Role::Caption);
    let _ = write!(
        css,
        r#"
/* Body: justified (clreq §3.4), 1.8 line pitch for Han text, strict kinsoku (§3.1.7). */
html {{ line-height: 1.8; }}
body {{
  font-family: {body};
  line-height: 1.8;
  text-align: justify;
  line-break: strict;
  word-break: normal;
  overflow-wrap: break-word;
  text-autospace: normal;
  text-spacing-trim: normal;
  font-kerning: none;
  margin: 0 0.5em;
}}
/* Every body paragraph is indented two characters, also after a heading (clreq §3.4.1). */
p {{ margin: 0; text-indent: 2em; }}
em {{ font-family: {kai}; font-style: normal; }}
strong {{ font-family: {hei}; font-weight: bold; }}
code {{ font-family: monospace; }}
a {{ color: inherit; text-decoration: underline; }}

/* Title block. */
header.titleblock {{ margin: 1.5em 0 1em 0; text-align: center; }}
h1 {{
  font-family: {hei};
  font-weight: bold;
  font-size: 1.75em;
  line-height: 1.35;
  margin: 0 0 0.4em 0;
  text-align: center;
  letter-spacing: 0.05em;
}}
header.titleblock p {{ text-indent: 0; text-align: center; }}
p.subtitle {{ font-family: {kai}; font-size: 1.15em; line-height: 1.5; margin: 0 0 0.8em 0; }}
p.byline {{ font-family: {kai}; font-size: 0.95em; }}
p.byline .role {{ color: #555; margin-right: 0.25em; }}
p.dateline {{ font-family: {kai}; font-size: 0.9em; color: #555; }}
p.standfirst {{
  font-family: {kai};
  font-size: 1.05em;
  margin: 0 0 1.2em 0;
  padding: 0.6em 0.8em;
  border-top: 1px solid {accent};
  border-bottom: 1px solid {accent};
}}

/* Sections: Hei heading, the sub-heading below it, kept with what follows. */
section {{ margin-top: 1.8em; }}
section > header {{ margin: 0 0 0.8em 0; page-break-after: avoid; break-after: avoid; }}
h2 {{
  font-family: {hei};
  font-weight: bold;
  font-size: 1.3em;
  line-height: 1.4;
  margin: 0;
  padding-left: 0.5em;
  border-left: 0.25em solid {accent};
  text-align: left;
  page-break-after: avoid;
  break-after: avoid;
}}
p.subhead {{
  font-family: {hei};
  font-size: 1.05em;
  line-height: 1.5;
  text-indent: 0;
  margin: 0.3em 0 0 0.75em;
  color: #444;
}}

/* Figures: the photo, its caption in Kai below it, kept together. */
figure {{ margin: 1.2em 0; text-align: center; page-break-inside: avoid; break-inside: avoid; }}
figure img {{ display: block; max-width: 100%; height: auto; margin: 0 auto; }}
figcaption {{
  font-family: {kai};
  font-size: 0.9em;
  line-height: 1.6;
  text-indent: 0;
  text-align: center;
  color: #444;
  margin-top: 0.4em;
}}

/* Pull quote: large centred slogan lines in the accent colour between rules,
   attribution lines smaller. */
aside.pullquote {{
  font-family: {hei};
  margin: 1.5em 10%;
  padding: 0.8em 0;
  border-top: 0.15em solid {accent};
  border-bottom: 0.15em solid {accent};
  text-align: center;
  page-break-inside: avoid;
  break-inside: avoid;
}}
aside.pullquote p {{ text-indent: 0; text-align: center; }}
p.slogan {{ font-size: 1.6em; font-weight: bold; line-height: 1.4; color: {accent}; letter-spacing: 0.2em; }}
p.attribution {{ font-family: {kai}; font-size: 0.9em; line-height: 1.6; color: #444; }}
p.slogan + p.attribution {{ margin-top: 0.6em; }}

p.kicker {{ font-family: {kai}; font-size: 1.05em; margin: 0 0 0.3em 0; }}
p.column {{ display: inline-block; font-family: {hei}; font-size: 0.85em; color: #ffffff; background-color: {accent}; padding: 0.1em 0.6em; margin: 0 0 0.6em 0; }}
h2.h3, h3.h3 {{ font-family: {hei}; font-weight: bold; font-size: 1.15em; line-height: 1.4; margin: 0; padding-left: 0; border-left: none; text-align: left; }}
h2.h4, h3.h4, h4.h4 {{ font-family: {hei}; font-weight: bold; font-size: 1.05em; line-height: 1.4; margin: 0; padding-left: 0; border-left: none; text-align: left; }}
ul.list, ol.list {{ margin: 0.5em 0; padding-left: 2em; }}
ul.list li, ol.list li {{ margin: 0.15em 0; }}
ul.list li p, ol.list li p {{ text-indent: 0; }}
ul.cjk-markers {{ list-style: none; padding-left: 0; }}
ul.cjk-markers li {{ padding-left: 3em; text-indent: -3em; }}
ul.cjk-markers li p {{ text-indent: 0; }}
figure.table {{ margin: 1.2em 0; text-align: center; }}
figure.table table {{ border-collapse: collapse; width: 100%; font-size: 0.9em; line-height: 1.5; border-top: 2px solid #000000; border-bottom: 2px solid #000000; }}
figure.table caption {{ font-family: {hei}; font-weight: bold; margin: 0 0 0.3em 0; }}
span.unit {{ display: block; text-align: right; font-family: {body}; font-weight: normal; font-size: 0.9em; }}
figure.table th {{ font-family: {hei}; font-weight: bold; border-bottom: 1px solid #000000; padding: 0.2em 0.4em; text-align: center; }}
figure.table td {{ padding: 0.2em 0.4em; text-align: left; }}
figure.table .al-l {{ text-align: left; }}
figure.table .al-c {{ text-align: center; }}
figure.table .al-r {{ text-align: right; }}
p.table-note {{ font-family: {kai}; font-size: 0.85em; text-indent: 0; text-align: left; margin-top: 0.2em; }}
a.noteref {{ text-decoration: none; }}
a.noteref sup {{ font-size: 0.75em; line-height: 0; vertical-align: super; }}
section.notes {{ margin-top: 2em; padding-top: 0.5em; border-top: 1px solid #999999; font-size: 0.9em; }}
h2.notes-title {{ font-size: 1em; border-left: none; padding-left: 0; }}
aside.footnote {{ margin: 0.4em 0; }}
ol.duokan-footnote-content {{ list-style: none; margin: 0; padding: 0; }}
li.duokan-footnote-item {{ text-indent: 0; }}
li.duokan-footnote-item p {{ text-indent: 0; }}
/* A note of several paragraphs: the first runs on after the mark. */
li.duokan-footnote-item > .note-mark + p {{ display: inline; }}
a.note-mark, span.note-mark {{ text-decoration: none; margin-right: 0.3em; }}
aside.box {{ margin: 1.2em 0; padding: 0.6em 1em; border-top: 2px solid {accent}; border-bottom: 1px solid {accent}; page-break-inside: avoid; break-inside: avoid; }}
aside.editors-note, aside.notebook {{ font-family: {kai}; }}
aside.sidebar {{ font-size: 0.92em; background-color: #f6f4f0; }}
p.box-label {{ font-family: {hei}; font-weight: bold; text-indent: 0; color: {accent}; margin: 0 0 0.3em 0; page-break-after: avoid; break-after: avoid; }}
blockquote.quotation {{ font-family: {kai}; margin: 1em 2em; }}
div.poem {{ margin: 1em 0 1em 2em; }}
div.poem.centred {{ display: table; margin: 1em auto; }}
p.turn.hanging {{ text-align: justify; }}
div.stanza {{ margin: 0 0 1em 0; }}
p.line {{ text-indent: -2em; padding-left: 2em; text-align: left; }}
div.poem .poem-title {{ font-family: {hei}; font-weight: bold; font-size: 1.15em; line-height: 1.4; margin: 0; padding-left: 0; border-left: none; text-align: left; text-indent: 0; page-break-after: avoid; break-after: avoid; }}
div.poem p.subhead {{ margin: 0.2em 0 0 0; }}
p.poem-author {{ font-family: {kai}; font-size: 0.9em; text-indent: 0; text-align: left; margin: 0.2em 0 0.8em 0; page-break-after: avoid; break-after: avoid; }}
div.poem.centred .poem-title, div.poem.centred p.subhead, div.poem.centred p.poem-author {{ text-align: center; }}
p.author-note {{ font-family: {kai}; font-size: 0.9em; }}
p.signoff {{ text-indent: 0; text-align: right; }}
p.salutation {{ text-indent: 0; }}
pre.code {{ white-space: pre-wrap; font-size: 0.9em; margin: 0.8em 0 0.8em 2em; }}
hr.break {{ border: 0; border-top: 1px solid #999999; width: 30%; margin: 1.2em auto; }}
div.break hr {{ display: none; }}
p.ornament {{ text-indent: 0; text-align: center; margin: 1em 0; letter-spacing: 0.5em; }}
figure.group img {{ display: inline-block; max-width: 48%; height: auto; margin: 0 1%; vertical-align: top; }}
figure.group figure {{ display: inline-block; max-width: 48%; margin: 0 1%; vertical-align: top; }}
figure.group figure img {{ max-width: 100%; }}
span.credit {{ font-size: 0.85em; color: #666666; }}

/* Navigation document. */
nav ol {{ list-style: none; padding: 0; }}
nav li {{ margin: 0.4em 0; }}

/* Cover page. */
body.cover {{ margin: 0; padding: 0; text-align: center; }}
section.cover {{ margin: 0; padding: 0; }}
section.issuetitle {{ margin-top: 30vh; text-align: center; }}
section.issuetitle p {{ text-indent: 0; text-align: center; }}
section.cover img {{ max-width: 100%; max-height: 100vh; height: auto; }}
"#
    );
    // The rules above for the kinds beyond the seed's (kicker and column,
    // deeper headings, hanging lists, three-line tables, notes, boxes,
    // quotations, verse, author notes, code, breaks, photo groups) carry no
    // comments: a book without the kind drops the rules whole.
    css
}

/// The class names used in `docs` (`class="a b"` attributes).
pub(crate) fn used_classes<'a>(docs: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for doc in docs {
        for part in doc.split(" class=\"").skip(1) {
            let value = part.split('"').next().unwrap_or("");
            used.extend(value.split_whitespace().map(str::to_string));
        }
    }
    used
}

/// Drop the rules whose selector names a class no document uses: a book
/// without a pull quote needs no pull-quote rules, and EPUBCheck notes
/// unused class selectors (CSS-024). The stylesheet is ours, so rules are
/// flat `selector { … }` blocks with no nesting.
pub(crate) fn prune_unused(css: &str, used: &BTreeSet<String>) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let (Some(open), Some(close)) = (rest.find('{'), rest.find('}')) {
        let end = close + 1;
        let head = &rest[..open];
        // The selector follows any comment before it.
        let selector_start = head.rfind("*/").map_or(0, |i| i + 2);
        let selector = &head[selector_start..];
        if selector_classes(selector).all(|c| used.contains(c)) {
            out.push_str(&rest[..end]);
        } else {
            out.push_str(&head[..selector_start]);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The class names in a selector (`p.byline .role` → `byline`, `role`).
fn selector_classes(selector: &str) -> impl Iterator<Item = &str> {
    selector.split('.').skip(1).map(|s| {
        let end = s
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(s.len());
        &s[..end]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_for_unused_classes_are_dropped() {
        let css = "@font-face { src: url(\"fonts/a.otf\"); }\n/* c */\np.slogan { color: red; }\np { margin: 0; }\np.byline .role { color: grey; }\n";
        let used = used_classes(["<p class=\"byline x\"><span class=\"role\">记者</span></p>"]);
        let out = prune_unused(css, &used);
        assert!(out.contains("@font-face"));
        assert!(out.contains("p { margin: 0; }"));
        assert!(out.contains("p.byline .role"));
        assert!(!out.contains("slogan"));
        assert!(out.contains("/* c */"));
    }

    #[test]
    fn every_class_the_seed_markup_can_use_has_a_rule() {
        let css = stylesheet(&[], [0xC8, 0x10, 0x2E]);
        for class in [
            "titleblock",
            "subtitle",
            "byline",
            "role",
            "dateline",
            "standfirst",
            "subhead",
            "pullquote",
            "slogan",
            "attribution",
            "cover",
        ] {
            assert!(css.contains(&format!(".{class}")), "no rule for .{class}");
        }
    }
}

//! The stylesheet for Chinese reading. Every length is in em (or %), so the
//! layout holds when a reading system swaps the body font or the size; every
//! font stack ends in a generic family for the same reason.

use super::fonts::EmbeddedFont;
use crate::fonts::Role;
use std::fmt::Write;

/// Font stacks per role: the embedded face, common system faces of the same
/// style, then the generic family. Kai and Hei list the embedded Song face
/// right after their own, as [`super::fonts::fallback_chain`] assumes: what
/// their subset leaves out (e.g. Kai's proportional quotes) is in the Song
/// subset. System faces follow for reading systems that turn embedded fonts
/// off. (LXGW WenKai is not listed: its quotation marks are proportional.)
fn stack(role: Role) -> &'static str {
    match role {
        Role::Body => {
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

/* Navigation document. */
nav ol {{ list-style: none; padding: 0; }}
nav li {{ margin: 0.4em 0; }}

/* Cover page. */
body.cover {{ margin: 0; padding: 0; text-align: center; }}
section.cover {{ margin: 0; padding: 0; }}
section.cover img {{ max-width: 100%; max-height: 100vh; height: auto; }}
"#
    );
    css
}

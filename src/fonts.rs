//! The bundled faces, loaded once per process and shared read-only by
//! `typeset`, `pdf` and `epub`.
//!
//! Three roles, as clreq §2.2 assigns them: a Song (Ming) serif for body text,
//! a Hei sans for headings and strong emphasis, a Kai for captions and
//! emphasis. The files live in `fonts/` at the top of the repository (see its
//! README for where they came from); `REPORTBOOK_FONTS` points elsewhere.

use crate::diag::{DiagResult, Diagnostic};
use read_fonts::{FontRef, TableProvider};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// What a face is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Body text: Noto Serif CJK SC (Song).
    Body,
    /// Headings, sub-headings, strong emphasis, the pull quote: Noto Sans CJK SC Bold (Hei).
    Heading,
    /// Captions, emphasis, byline: Reportbook Kai (LXGW WenKai subset).
    Caption,
}

impl Role {
    /// Every role, in a fixed order.
    pub const ALL: [Role; 3] = [Role::Body, Role::Heading, Role::Caption];
}

/// One font face: its bytes, face index and a few metrics.
#[derive(Debug, Clone)]
pub struct Face {
    /// Role in the document.
    pub role: Role,
    /// Family name used in CSS and PDF (`Reportbook Song` …).
    pub family: &'static str,
    /// File name in `fonts/`.
    pub file_name: &'static str,
    /// The whole font file.
    pub data: Arc<Vec<u8>>,
    /// Face index in a collection (0 for the bundled single-face files).
    pub index: u32,
    /// Design units per em.
    pub units_per_em: u16,
    /// Typographic ascender, in font units.
    pub ascender: i16,
    /// Typographic descender (negative), in font units.
    pub descender: i16,
}

impl Face {
    /// Parse `data` as a face for `role`.
    pub fn from_data(
        role: Role,
        family: &'static str,
        file_name: &'static str,
        data: Vec<u8>,
        index: u32,
    ) -> Result<Face, String> {
        let font = FontRef::from_index(&data, index).map_err(|e| format!("{e}"))?;
        let head = font.head().map_err(|e| format!("no head table ({e})"))?;
        let hhea = font.hhea().map_err(|e| format!("no hhea table ({e})"))?;
        font.cmap().map_err(|e| format!("no cmap table ({e})"))?;
        let units_per_em = head.units_per_em();
        let (ascender, descender) = (hhea.ascender().to_i16(), hhea.descender().to_i16());
        Ok(Face {
            role,
            family,
            file_name,
            data: Arc::new(data),
            index,
            units_per_em,
            ascender,
            descender,
        })
    }

    /// A read-fonts view of the face.
    pub fn font_ref(&self) -> FontRef<'_> {
        FontRef::from_index(&self.data, self.index).expect("face was parsed when loaded")
    }

    /// The glyph for `c`, if the face has one.
    pub fn glyph(&self, c: char) -> Option<u32> {
        let gid = self.font_ref().cmap().ok()?.map_codepoint(c)?;
        (gid.to_u32() != 0).then_some(gid.to_u32())
    }

    /// Whether the face has a glyph for `c`. Controls and spaces count as covered.
    pub fn covers(&self, c: char) -> bool {
        c.is_control() || c == ' ' || self.glyph(c).is_some()
    }
}

/// The set of bundled faces.
#[derive(Debug, Clone)]
pub struct Fonts {
    /// Body serif.
    pub body: Face,
    /// Heading sans (bold).
    pub heading: Face,
    /// Caption Kai.
    pub caption: Face,
    /// Folder they were read from.
    pub dir: PathBuf,
}

/// (role, CSS/PDF family name, file name) of each bundled face.
const BUNDLED: [(Role, &str, &str); 3] = [
    (Role::Body, "Reportbook Song", "NotoSerifSC-Regular.otf"),
    (Role::Heading, "Reportbook Hei", "NotoSansSC-Bold.otf"),
    (Role::Caption, "Reportbook Kai", "ReportbookKai-Regular.ttf"),
];

impl Fonts {
    /// The folder the bundled faces are read from: `REPORTBOOK_FONTS` if set,
    /// else `fonts/` beside the executable's repository checkout.
    pub fn default_dir() -> PathBuf {
        if let Some(dir) = std::env::var_os("REPORTBOOK_FONTS") {
            return PathBuf::from(dir);
        }
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fonts")
    }

    /// Load the three bundled faces from `dir`.
    pub fn load(dir: &Path) -> DiagResult<Fonts> {
        let mut faces = Vec::new();
        let mut errors = Vec::new();
        for (role, family, file) in BUNDLED {
            let path = dir.join(file);
            match std::fs::read(&path) {
                Ok(data) => match Face::from_data(role, family, file, data, 0) {
                    Ok(face) => faces.push(face),
                    Err(e) => errors.push(
                        Diagnostic::error(format!("failed to parse font ({e})"))
                            .in_file(&path)
                            .hint("regenerate the bundled faces with `sh fonts/prepare.sh`"),
                    ),
                },
                Err(e) => errors.push(
                    Diagnostic::error(format!("failed to read font ({e})"))
                        .in_file(&path)
                        .hint("run from a checkout of reportbook, or set REPORTBOOK_FONTS to the folder holding the bundled faces"),
                ),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut it = faces.into_iter();
        Ok(Fonts {
            body: it.next().unwrap(),
            heading: it.next().unwrap(),
            caption: it.next().unwrap(),
            dir: dir.to_path_buf(),
        })
    }

    /// The bundled faces, parsed once per process and shared by every issue.
    pub fn shared() -> DiagResult<&'static Fonts> {
        static FONTS: OnceLock<DiagResult<Fonts>> = OnceLock::new();
        FONTS
            .get_or_init(|| Fonts::load(&Self::default_dir()))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The face for a role.
    pub fn face(&self, role: Role) -> &Face {
        match role {
            Role::Body => &self.body,
            Role::Heading => &self.heading,
            Role::Caption => &self.caption,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_faces_cover_gbk_samples_and_punctuation() {
        let fonts = Fonts::load(&Fonts::default_dir()).expect("bundled fonts load");
        for role in Role::ALL {
            let face = fonts.face(role);
            for c in "党旗高扬分外红踔厉奋发，。、；：？！“”‘’《》（）——……·Aa09%".chars()
            {
                assert!(face.covers(c), "{} lacks {c}", face.file_name);
            }
            assert!(
                !face.covers('😀'),
                "{} unexpectedly has an emoji",
                face.file_name
            );
        }
    }
}

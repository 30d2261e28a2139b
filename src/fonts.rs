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
    /// A system face found for characters no bundled face has: index into
    /// this process's list of fallback faces (see [`fallback_role`]).
    Fallback(u16),
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
    pub data: Arc<FontBytes>,
    /// Face index in a collection (0 for the bundled single-face files).
    pub index: u32,
    /// Design units per em.
    pub units_per_em: u16,
    /// Typographic ascender, in font units.
    pub ascender: i16,
    /// Typographic descender (negative), in font units.
    pub descender: i16,
}

/// The bytes of a font file: those compiled into the binary, used where they
/// lie, or a file read from disk.
///
/// The bundled faces are 38 MB. Copying them out of the binary into fresh
/// memory cost every run 9 300 page faults (a quarter of a 20-issue batch's;
/// `perf record -e page-faults` on `bench/batch.sh`'s build), so the
/// embedded faces are borrowed, never copied.
#[derive(Debug)]
pub enum FontBytes {
    /// Bytes in the binary.
    Static(&'static [u8]),
    /// Bytes read from a file.
    Owned(Vec<u8>),
}

impl std::ops::Deref for FontBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            FontBytes::Static(b) => b,
            FontBytes::Owned(v) => v,
        }
    }
}

impl AsRef<[u8]> for FontBytes {
    fn as_ref(&self) -> &[u8] {
        self
    }
}

impl From<Vec<u8>> for FontBytes {
    fn from(v: Vec<u8>) -> Self {
        FontBytes::Owned(v)
    }
}

impl FontBytes {
    /// The bytes as a shared blob, for the crates that take one (harfrust, krilla).
    pub fn blob(self: &Arc<Self>) -> Arc<dyn AsRef<[u8]> + Send + Sync> {
        self.clone()
    }
}

impl Face {
    /// Parse `data` as a face for `role`.
    pub fn from_data(
        role: Role,
        family: &'static str,
        file_name: &'static str,
        data: impl Into<FontBytes>,
        index: u32,
    ) -> Result<Face, String> {
        let data = data.into();
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
    /// Folder they were read from (a description for embedded faces).
    pub dir: PathBuf,
}

/// (role, CSS/PDF family name, file name) of each bundled face.
const BUNDLED: [(Role, &str, &str); 3] = [
    (Role::Body, "Reportbook Song", "NotoSerifSC-Regular.otf"),
    (Role::Heading, "Reportbook Hei", "NotoSansSC-Bold.otf"),
    (Role::Caption, "Reportbook Kai", "ReportbookKai-Regular.ttf"),
];

/// The bundled faces compiled into the binary, if it did so ([`set_embedded`]).
static EMBEDDED: OnceLock<&'static [(&'static str, &'static [u8])]> = OnceLock::new();

/// Hand the library the bundled faces the binary carries (file name, bytes),
/// used when no `fonts/` folder is found (see [`Fonts::shared`]).
pub fn set_embedded(faces: &'static [(&'static str, &'static [u8])]) {
    let _ = EMBEDDED.set(faces);
}

impl Fonts {
    /// The folder the bundled faces are read from, if there is one:
    /// `REPORTBOOK_FONTS` if set, else `fonts/` next to the executable (or
    /// `../share/reportbook/fonts` from it), else, for a binary without
    /// embedded faces (the tests), the checkout's `fonts/`.
    pub fn default_dir() -> Option<PathBuf> {
        if let Some(dir) = std::env::var_os("REPORTBOOK_FONTS") {
            return Some(PathBuf::from(dir));
        }
        if let Some(exe_dir) = std::env::current_exe()
            .ok()
            .and_then(|e| e.parent().map(Path::to_path_buf))
        {
            for dir in [
                exe_dir.join("fonts"),
                exe_dir.join("../share/reportbook/fonts"),
            ] {
                if dir.join(BUNDLED[0].2).is_file() {
                    return Some(dir);
                }
            }
        }
        if EMBEDDED.get().is_some() {
            return None;
        }
        Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fonts"))
    }

    /// The three bundled faces from the bytes compiled into the binary.
    fn load_embedded(files: &[(&str, &'static [u8])]) -> DiagResult<Fonts> {
        let mut faces = Vec::new();
        for (role, family, file) in BUNDLED {
            let data = files
                .iter()
                .find(|(name, _)| *name == file)
                .map_or(FontBytes::Static(&[]), |&(_, d)| FontBytes::Static(d));
            let face = Face::from_data(role, family, file, data, 0).map_err(|e| {
                vec![Diagnostic::error(format!(
                    "failed to parse the embedded font {file} ({e})"
                ))]
            })?;
            faces.push(face);
        }
        let total: usize = files.iter().map(|(_, d)| d.len()).sum();
        let mut it = faces.into_iter();
        Ok(Fonts {
            body: it.next().unwrap(),
            heading: it.next().unwrap(),
            caption: it.next().unwrap(),
            dir: PathBuf::from(format!("<embedded fonts, {total} bytes>")),
        })
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
            .get_or_init(|| match (Self::default_dir(), EMBEDDED.get()) {
                (Some(dir), _) => Fonts::load(&dir),
                (None, Some(files)) => Fonts::load_embedded(files),
                (None, None) => Err(vec![Diagnostic::error("no bundled fonts found")]),
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The face for a role.
    pub fn face(&self, role: Role) -> &Face {
        match role {
            Role::Body => &self.body,
            Role::Heading => &self.heading,
            Role::Caption => &self.caption,
            Role::Fallback(i) => fallback_face(i),
        }
    }

    /// Whether any bundled face has a glyph for `c`.
    pub fn bundled_covers(&self, c: char) -> bool {
        Role::ALL.iter().any(|&r| self.face(r).covers(c))
    }
}

// ---------------------------------------------------------------------------
// System fallback faces.

/// Environment variable naming where to look for fallback faces: unset means
/// the system's font folders, `none` means nowhere (every uncovered character
/// prints as a blank box), anything else is a folder to search instead.
pub const SYSTEM_FONTS_ENV: &str = "REPORTBOOK_SYSTEM_FONTS";

/// Where a fallback face came from, for warnings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FallbackInfo {
    /// Its role (`Role::Fallback(i)`).
    pub role: Role,
    /// Family name as the font file gives it.
    pub family: String,
    /// The font file.
    pub path: PathBuf,
}

/// The system faces, scanned once per process on first need, and the faces
/// chosen from them so far.
struct SystemFonts {
    /// Scanned faces, in a fixed order (path, then face index), so the same
    /// machine always picks the same face.
    db: fontdb::Database,
    ids: Vec<fontdb::ID>,
    /// Faces chosen so far; `Role::Fallback(i)` is `chosen[i]`.
    chosen: Vec<(fontdb::ID, &'static Face, FallbackInfo)>,
    /// Answers already given, by character.
    answers: std::collections::BTreeMap<char, Option<u16>>,
}

fn system_fonts() -> &'static std::sync::Mutex<SystemFonts> {
    static SYSTEM: OnceLock<std::sync::Mutex<SystemFonts>> = OnceLock::new();
    SYSTEM.get_or_init(|| {
        let mut db = fontdb::Database::new();
        match std::env::var_os(SYSTEM_FONTS_ENV) {
            None => db.load_system_fonts(),
            Some(v) if v == "none" => {}
            Some(dir) => db.load_fonts_dir(dir),
        }
        let mut faces: Vec<(PathBuf, u32, fontdb::ID)> = db
            .faces()
            .filter_map(|f| match &f.source {
                fontdb::Source::File(p) | fontdb::Source::SharedFile(p, _) => {
                    Some((p.clone(), f.index, f.id))
                }
                fontdb::Source::Binary(_) => None,
            })
            .collect();
        faces.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        std::sync::Mutex::new(SystemFonts {
            db,
            ids: faces.into_iter().map(|f| f.2).collect(),
            chosen: Vec::new(),
            answers: Default::default(),
        })
    })
}

/// Whether a face draws with outlines krilla can embed: TrueType or CFF, and
/// no colour bitmaps (CBDT/sbix emoji faces come out blank in the PDF).
fn has_outlines(font: &FontRef<'_>) -> bool {
    use read_fonts::types::Tag;
    let has = |t: &[u8; 4]| font.table_data(Tag::new(t)).is_some();
    (has(b"glyf") || has(b"CFF ") || has(b"CFF2")) && !has(b"CBDT") && !has(b"sbix")
}

/// Ranking of a system face for a character (lower is better), see [`preference`].
type Rank = (bool, bool, u16, bool, bool);

/// How well a system face suits `c`; lower is better. Han characters prefer a
/// face made for Chinese (one that has common hanzi), and among those the
/// Simplified Chinese member of a collection (`… SC`, so the glyph follows the
/// mainland standard forms); every character prefers an upright, regular,
/// normal-width face.
fn preference(info: &fontdb::FaceInfo, font: &FontRef<'_>, c: char) -> Rank {
    let han = crate::cjk::is_han(c);
    let simplified = info
        .families
        .iter()
        .any(|(name, _)| name.ends_with(" SC") || name.ends_with(" CN") || name.contains("GB"));
    let cjk_face = || {
        font.cmap()
            .ok()
            .and_then(|m| m.map_codepoint('中'))
            .is_some_and(|g| g.to_u32() != 0)
    };
    (
        han && !cjk_face(),
        han && !simplified,
        info.weight.0.abs_diff(fontdb::Weight::NORMAL.0),
        info.style != fontdb::Style::Normal,
        info.stretch != fontdb::Stretch::Normal,
    )
}

/// The fallback face for `c`, choosing and loading one on first need: the
/// best-suited system face with an outline glyph for `c`. `None` when no
/// system face has one (or system faces are turned off, see [`SYSTEM_FONTS_ENV`]).
/// The scan of system fonts happens at most once per process, and only when
/// some character needs it.
pub fn fallback_role(c: char) -> Option<Role> {
    fallback_info(c).map(|f| f.role)
}

/// Like [`fallback_role`], with the family and file of the face.
pub fn fallback_info(c: char) -> Option<FallbackInfo> {
    let mut sys = system_fonts().lock().unwrap_or_else(|e| e.into_inner());
    if let Some(answer) = sys.answers.get(&c) {
        return answer.map(|i| sys.chosen[usize::from(i)].2.clone());
    }
    let answer = choose(&mut sys, c);
    sys.answers.insert(c, answer);
    answer.map(|i| sys.chosen[usize::from(i)].2.clone())
}

fn choose(sys: &mut SystemFonts, c: char) -> Option<u16> {
    // The choice depends on the character and the installed faces only, never
    // on which characters came first (issues are built in parallel).
    let mut best: Option<(Rank, fontdb::ID)> = None;
    for &id in &sys.ids {
        let Some(info) = sys.db.face(id) else {
            continue;
        };
        let rank = sys.db.with_face_data(id, |data, index| {
            let font = FontRef::from_index(data, index).ok()?;
            let gid = font.cmap().ok()?.map_codepoint(c)?;
            (gid.to_u32() != 0 && has_outlines(&font)).then(|| preference(info, &font, c))
        });
        if let Some(Some(rank)) = rank
            && best.as_ref().is_none_or(|b| rank < b.0)
        {
            best = Some((rank, id));
        }
    }
    let (_, id) = best?;
    if let Some(i) = sys.chosen.iter().position(|f| f.0 == id) {
        return u16::try_from(i).ok();
    }
    let index = u16::try_from(sys.chosen.len()).ok()?;
    let role = Role::Fallback(index);
    let info = sys.db.face(id)?;
    let path = match &info.source {
        fontdb::Source::File(p) | fontdb::Source::SharedFile(p, _) => p.clone(),
        fontdb::Source::Binary(_) => return None,
    };
    let family = info
        .families
        .first()
        .map(|f| f.0.clone())
        .unwrap_or_else(|| info.post_script_name.clone());
    let data = std::fs::read(&path).ok()?;
    // Fallback faces live for the rest of the process, like the bundled ones.
    let family_static: &'static str = Box::leak(family.clone().into_boxed_str());
    let file_static: &'static str = Box::leak(
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
            .into_boxed_str(),
    );
    let face = Face::from_data(role, family_static, file_static, data, info.index).ok()?;
    face.glyph(c)?;
    let face: &'static Face = Box::leak(Box::new(face));
    sys.chosen
        .push((id, face, FallbackInfo { role, family, path }));
    Some(index)
}

/// The fallback face `i` (see [`fallback_role`]).
///
/// # Panics
/// When no such face was chosen: roles of this kind only come from
/// [`fallback_role`], so that is a bug.
pub fn fallback_face(i: u16) -> &'static Face {
    let sys = system_fonts().lock().unwrap_or_else(|e| e.into_inner());
    sys.chosen[usize::from(i)].1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_faces_cover_gbk_samples_and_punctuation() {
        let fonts = Fonts::shared().expect("bundled fonts load");
        for role in Role::ALL {
            let face = fonts.face(role);
            for c in "党旗高扬分外红踔厉奋发，。、；：？！“”‘’《》（）——……·Aa09%".chars()
            {
                assert!(face.covers(c), "{} lacks {c}", face.file_name);
            }
            // The geta mark stands in for characters no face has (typeset::inline::shaping).
            assert!(face.covers('〓'), "{} lacks the geta mark", face.file_name);
            assert!(
                !face.covers('😀'),
                "{} unexpectedly has an emoji",
                face.file_name
            );
        }
    }
}

//! One small article per block kind (`tests/kinds/<kind>.md`), each with two
//! reviewed snapshots: the model the reader makes of it (`<kind>.model.txt`,
//! a readable dump of the block tree, the notes and the warnings) and the
//! article as the EPUB writes it (`<kind>.xhtml`, the `<article>` element of
//! the content document). A change in the reader or the EPUB writer that
//! alters either shows up here as a line diff.
//!
//! `BLESS=1 cargo test --release --test kinds` rewrites the snapshots; read
//! the diff (`git diff tests/kinds`) before committing them.

mod common;

use reportbook::diag::{Diagnostic, line_col};
use reportbook::epub::{EpubOptions, epub};
use reportbook::fonts::Fonts;
use reportbook::model::{
    Align, AsideKind, Block, BlockKind, Figure, Inline, Issue, ParaRole, VerseLine,
};
use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};

fn kinds_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/kinds")
}

/// The fixture names (`<kind>.md`), sorted.
fn kinds() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(kinds_dir())
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".md").map(str::to_owned)
        })
        .collect();
    v.sort();
    v
}

/// A fixture as an issue folder of its own: the article, the shared photos.
struct Loaded {
    issue: Issue,
    warnings: Vec<Diagnostic>,
    text: String,
    _tmp: tempfile::TempDir,
}

fn load(kind: &str) -> Loaded {
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("source");
    let dir = source.join(kind);
    std::fs::create_dir_all(dir.join("photos")).unwrap();
    std::fs::write(source.join("publication.toml"), "name = \"测试日报\"\n").unwrap();
    let text = std::fs::read_to_string(kinds_dir().join(format!("{kind}.md"))).unwrap();
    std::fs::write(dir.join("article.md"), &text).unwrap();
    for e in std::fs::read_dir(kinds_dir().join("photos")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.join("photos").join(e.file_name())).unwrap();
    }
    let (issue, warnings) = reportbook::source::load_issue(&dir);
    let issue = issue.unwrap_or_else(|e| panic!("{kind} loads: {e:?}"));
    Loaded {
        issue,
        warnings,
        text,
        _tmp: tmp,
    }
}

/// Inline content on one line: text as it is, markup in braces.
fn inl(v: &[Inline]) -> String {
    let mut out = String::new();
    for i in v {
        match i {
            Inline::Text(t) => out.push_str(t),
            Inline::Emph(c) => write!(out, "{{em {}}}", inl(c)).unwrap(),
            Inline::Strong(c) => write!(out, "{{strong {}}}", inl(c)).unwrap(),
            Inline::Code(t) => write!(out, "{{code {t}}}").unwrap(),
            Inline::Link { url, content } => {
                write!(out, "{{link {url} {}}}", inl(content)).unwrap()
            }
            Inline::LineBreak => out.push_str("{br}"),
            Inline::NoteRef(n) => write!(out, "{{ref {}}}", n + 1).unwrap(),
        }
    }
    out
}

/// Writes the dump: one line per block, children indented by two spaces.
struct Dump<'a> {
    issue: &'a Issue,
    text: &'a str,
    out: String,
}

impl Dump<'_> {
    fn line(&mut self, depth: usize, s: &str) {
        self.out.push_str(&"  ".repeat(depth));
        self.out.push_str(s.trim_end());
        self.out.push('\n');
    }

    /// `@line` of a byte offset in the article.
    fn at(&self, offset: usize) -> String {
        format!("@{}", line_col(self.text.as_bytes(), offset).0)
    }

    fn blocks(&mut self, depth: usize, blocks: &[Block]) {
        for b in blocks {
            self.block(depth, b);
        }
    }

    fn figure(&mut self, depth: usize, head: &str, f: &Figure) {
        let href = &self.issue.assets[f.asset].href;
        let mut s = format!("{head} {href}");
        if !f.caption.is_empty() {
            write!(s, " caption=\"{}\"", inl(&f.caption)).unwrap();
        }
        write!(s, " alt=\"{}\"", f.alt).unwrap();
        if let Some(c) = &f.credit {
            write!(s, " credit=\"{c}\"").unwrap();
        }
        self.line(depth, &s);
    }

    fn verse_line(&mut self, depth: usize, l: &VerseLine) {
        let s = match l.indent {
            0 => format!("line: {}", inl(&l.content)),
            n => format!("line indent={n}: {}", inl(&l.content)),
        };
        self.line(depth, &s);
    }

    fn block(&mut self, d: usize, b: &Block) {
        let at = self.at(b.span.start);
        match &b.kind {
            BlockKind::Para(p) => {
                let kind = match p.role {
                    ParaRole::Body => "para",
                    ParaRole::Dateline => "dateline-para",
                    ParaRole::AuthorNote => "author-note",
                    ParaRole::SignOff => "sign-off",
                    ParaRole::Salutation => "salutation",
                };
                self.line(d, &format!("{kind} {at}: {}", inl(&p.content)));
            }
            BlockKind::Section(s) => {
                let h = &s.heading;
                let mut l = format!("section h{} {at}: {}", h.level, h.title);
                if let Some(sub) = &h.subtitle {
                    write!(l, " / sub: {sub}").unwrap();
                }
                self.line(d, &l);
                self.blocks(d + 1, &s.body);
            }
            BlockKind::Figure(f) => self.figure(d, &format!("figure {at}:"), f),
            BlockKind::PhotoGroup(g) => {
                let mut l = format!("photo-group {at}: caption=\"{}\"", inl(&g.caption));
                if let Some(c) = &g.credit {
                    write!(l, " credit=\"{c}\"").unwrap();
                }
                self.line(d, &l);
                for f in &g.photos {
                    self.figure(d + 1, "photo", f);
                }
            }
            BlockKind::PullQuote(q) => {
                self.line(d, &format!("pull-quote {at}"));
                for l in &q.lines {
                    self.line(d + 1, &format!("line: {l}"));
                }
                for l in &q.attribution {
                    self.line(d + 1, &format!("attribution: {l}"));
                }
            }
            BlockKind::List(l) => {
                let kind = match l.start {
                    Some(n) => format!("ordered start={n}"),
                    None => "bullet".to_owned(),
                };
                let tight = if l.tight { "tight" } else { "loose" };
                self.line(d, &format!("list {at}: {kind} {tight}"));
                for item in &l.items {
                    match &item.marker {
                        Some(m) => self.line(d + 1, &format!("item marker=\"{m}\"")),
                        None => self.line(d + 1, "item"),
                    }
                    self.blocks(d + 2, &item.body);
                }
            }
            BlockKind::Table(t) => {
                let mut l = format!("table {at}:");
                if let Some(label) = &t.label {
                    write!(l, " label=\"{label}\"").unwrap();
                }
                if !t.caption.is_empty() {
                    write!(l, " caption=\"{}\"", inl(&t.caption)).unwrap();
                }
                if let Some(u) = &t.unit {
                    write!(l, " unit=\"{u}\"").unwrap();
                }
                self.line(d, &l);
                let aligns: Vec<&str> = t
                    .aligns
                    .iter()
                    .map(|a| match a {
                        Align::None => "none",
                        Align::Left => "left",
                        Align::Center => "center",
                        Align::Right => "right",
                    })
                    .collect();
                self.line(d + 1, &format!("aligns: {}", aligns.join(" ")));
                let row = |cells: &[Vec<Inline>]| {
                    cells.iter().map(|c| inl(c)).collect::<Vec<_>>().join(" | ")
                };
                self.line(d + 1, &format!("head: {}", row(&t.head)));
                for r in &t.rows {
                    self.line(d + 1, &format!("row: {}", row(r)));
                }
                for n in &t.notes {
                    self.line(d + 1, &format!("note: {}", inl(n)));
                }
            }
            BlockKind::Verse(v) => {
                let titled = if v.titled { " titled" } else { "" };
                self.line(d, &format!("verse{titled} {at}"));
                if let Some(a) = &v.author {
                    self.line(d + 1, &format!("author: {}", inl(a)));
                }
                for stanza in &v.stanzas {
                    self.line(d + 1, "stanza");
                    for l in stanza {
                        self.verse_line(d + 2, l);
                    }
                }
            }
            BlockKind::Aside(a) => {
                let kind = match a.kind {
                    AsideKind::EditorsNote => "editors-note",
                    AsideKind::Notebook => "notebook",
                    AsideKind::Sidebar => "sidebar",
                };
                self.line(d, &format!("box {kind} {at}: label=\"{}\"", a.label));
                self.blocks(d + 1, &a.body);
            }
            BlockKind::Quote(q) => {
                self.line(d, &format!("quotation {at}"));
                self.blocks(d + 1, &q.body);
            }
            BlockKind::Turn(t) => {
                self.line(
                    d,
                    &format!("turn {at}: speaker=\"{}\" {}", t.speaker, inl(&t.content)),
                );
            }
            BlockKind::Code(c) => {
                self.line(d, &format!("code {at}: info=\"{}\"", c.info));
                for l in c.text.split('\n') {
                    self.line(d + 1, &format!("| {l}"));
                }
            }
            BlockKind::Break(br) => match &br.glyph {
                Some(g) => self.line(d, &format!("break {at}: {g}")),
                None => self.line(d, &format!("break {at}: rule")),
            },
        }
    }
}

/// The model of a fixture as text: the title block, the photos above the
/// title, the body, the notes and the reader's warnings.
fn dump(l: &Loaded) -> String {
    let issue = &l.issue;
    let mut d = Dump {
        issue,
        text: &l.text,
        out: String::new(),
    };
    let m = &issue.meta;
    for (k, v) in [
        ("column", m.column.as_deref()),
        ("kicker", m.kicker.as_deref()),
        ("title", Some(m.title.as_str())),
        ("subtitle", m.subtitle.as_deref()),
    ] {
        if let Some(v) = v {
            d.line(0, &format!("{k}: {v}"));
        }
    }
    if let Some(lead) = &issue.lead {
        d.line(0, &format!("lead: {}", inl(lead)));
    }
    if !issue.before_title.is_empty() {
        d.line(0, "before-title:");
        d.blocks(1, &issue.before_title);
    }
    d.line(0, "body:");
    d.blocks(1, &issue.blocks);
    if !issue.notes.is_empty() {
        d.line(0, "notes:");
        for (i, n) in issue.notes.iter().enumerate() {
            let at = d.at(n.span.start);
            d.line(1, &format!("note {} [^{}] {at}", i + 1, n.label));
            d.blocks(2, &n.body);
        }
    }
    let mut warnings: Vec<String> = l
        .warnings
        .iter()
        .map(|w| {
            let at = w.span.as_ref().map_or(String::new(), |s| {
                let (line, col) = line_col(l.text.as_bytes(), s.range.start);
                format!(" @{line}:{col}")
            });
            format!("warning{at}: {}", w.message)
        })
        .collect();
    warnings.sort();
    if !warnings.is_empty() {
        d.line(0, "warnings:");
        for w in warnings {
            d.line(1, &w);
        }
    }
    d.out
}

/// The file `name` of the fixture's EPUB, as text.
fn epub_file(l: &Loaded, name: &str) -> String {
    let fonts = Fonts::shared().expect("bundled fonts");
    let opts = EpubOptions {
        image_cache_dir: None,
        source_date_epoch: Some(1_700_000_000),
    };
    let (bytes, _) = epub(&l.issue, fonts, &opts).expect("the EPUB builds");
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The `<article>` element of the fixture's EPUB content document.
fn article_xhtml(l: &Loaded) -> String {
    let s = epub_file(l, "EPUB/text.xhtml");
    let start = s.find("<article").expect("an article element");
    let end = s.find("</article>").expect("its end") + "</article>".len();
    format!("{}\n", &s[start..end])
}

/// Compare `got` with the snapshot at `path` (or rewrite it under `BLESS=1`);
/// the first differing line on a mismatch.
fn check(path: &Path, got: &str, failures: &mut Vec<String>) {
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(path, got).unwrap();
        return;
    }
    let name = path.file_name().unwrap().to_string_lossy();
    let Ok(want) = std::fs::read_to_string(path) else {
        failures.push(format!(
            "{name}: no snapshot (run with BLESS=1 and review it)"
        ));
        return;
    };
    if want == got {
        return;
    }
    let (w, g): (Vec<&str>, Vec<&str>) = (want.lines().collect(), got.lines().collect());
    let i = (0..w.len().max(g.len()))
        .find(|&i| w.get(i) != g.get(i))
        .unwrap_or(0);
    failures.push(format!(
        "{name}:{}: expected\n    {}\n  got\n    {}",
        i + 1,
        w.get(i).unwrap_or(&"<end>"),
        g.get(i).unwrap_or(&"<end>")
    ));
}

#[test]
fn every_kind_matches_its_model_and_xhtml_snapshots() {
    let kinds = kinds();
    assert!(kinds.len() >= 18, "{kinds:?}");
    let mut failures = Vec::new();
    for kind in &kinds {
        let l = load(kind);
        check(
            &kinds_dir().join(format!("{kind}.model.txt")),
            &dump(&l),
            &mut failures,
        );
        check(
            &kinds_dir().join(format!("{kind}.xhtml")),
            &article_xhtml(&l),
            &mut failures,
        );
    }
    assert!(
        failures.is_empty(),
        "snapshots differ (BLESS=1 rewrites them):\n{}",
        failures.join("\n")
    );
}

/// The XHTML snapshots are not empty shells: every piece of each fixture's
/// model text is in its XHTML text (tags dropped, entities decoded).
#[test]
fn the_xhtml_holds_all_of_the_models_text() {
    for kind in kinds() {
        let l = load(&kind);
        let text = visible(&common::unmarked(&article_xhtml(&l)));
        l.issue.visit_text(&mut |t, _| {
            for piece in t.split('\n') {
                // Note marks (①) are left out on both sides: the XHTML's
                // note references are marks the model does not hold as text.
                let p = common::unmarked(&common::squeeze(piece));
                assert!(text.contains(&p), "{kind}: XHTML lacks {p:?}");
            }
        });
    }
}

/// Text of markup: tags dropped, the five XML entities decoded, whitespace removed.
fn visible(markup: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in markup.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag && !c.is_whitespace() => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Every `<img>` carries the photo's pixel size, so readers reserve its space
/// before it loads (a.jpg is 64×48, b.jpg 48×64, c.jpg 80×40).
#[test]
fn epub_images_carry_their_pixel_size() {
    for (kind, sizes) in [
        (
            "photo-group",
            &[(64, 48), (48, 64), (64, 48), (48, 64), (80, 40)][..],
        ),
        (
            "credit",
            &[(80, 40), (64, 48), (48, 64), (64, 48), (48, 64)][..],
        ),
    ] {
        let x = article_xhtml(&load(kind));
        let imgs: Vec<&str> = x.split("<img ").skip(1).collect();
        assert_eq!(imgs.len(), sizes.len(), "{kind}: {x}");
        for (img, (w, h)) in imgs.iter().zip(sizes) {
            let tag = &img[..img.find("/>").unwrap()];
            assert!(
                tag.contains(&format!("width=\"{w}\" height=\"{h}\"")),
                "{kind}: <img {tag}> is not {w}×{h}"
            );
        }
    }
}

/// The EPUB's navigation document and the print outline's titles of a fixture.
fn contents(l: &Loaded) -> (String, Vec<String>) {
    let nav = epub_file(l, "EPUB/nav.xhtml");
    let fonts = Fonts::shared().expect("bundled fonts");
    let (doc, _) = reportbook::typeset::typeset(&l.issue, fonts).expect("it typesets");
    let outline = doc.meta.outline.iter().map(|o| o.title.clone()).collect();
    (nav, outline)
}

#[test]
fn headings_inside_boxes_are_not_in_the_contents() {
    let boxed = load("box");
    let (nav, outline) = contents(&boxed);
    assert!(!nav.contains("工程概况"), "{nav}");
    assert!(!outline.iter().any(|t| t == "工程概况"), "{outline:?}");
    // Still a heading in its box.
    let x = article_xhtml(&boxed);
    assert!(x.contains(">工程概况</h"), "{x}");
    // Headings of the article itself are there.
    let (nav, outline) = contents(&load("headings"));
    let first = load("headings")
        .issue
        .flat_blocks()
        .into_iter()
        .find_map(|b| match &b.kind {
            BlockKind::Section(s) => Some(s.heading.title.clone()),
            _ => None,
        });
    let first = first.expect("a section");
    assert!(nav.contains(&first), "{nav}");
    assert!(outline.contains(&first), "{outline:?}");
}

/// Every text run of `frame` with its x position on the page.
fn placed_runs(frame: &reportbook::frame::Frame, x0: f32, out: &mut Vec<(f32, String, f32)>) {
    use reportbook::frame::FrameItem;
    for (p, item) in &frame.items {
        match item {
            FrameItem::Group(g) => placed_runs(&g.frame, x0 + p.x, out),
            FrameItem::Text(t) => out.push((x0 + p.x, t.text.to_string(), t.width())),
            _ => {}
        }
    }
}

#[test]
fn a_sign_off_is_set_flush_right_in_print() {
    let l = load("sign-off");
    let fonts = Fonts::shared().expect("bundled fonts");
    let (doc, _) = reportbook::typeset::typeset(&l.issue, fonts).expect("it typesets");
    let mut runs = vec![];
    placed_runs(&doc.pages[0].frame, 0.0, &mut runs);
    let end = |needle: &str| {
        runs.iter()
            .find(|(_, t, _)| t.contains(needle))
            .map(|(x, _, w)| x + w)
            .unwrap_or_else(|| panic!("no `{needle}` in {runs:?}"))
    };
    let start = |needle: &str| runs.iter().find(|(_, t, _)| t.contains(needle)).unwrap().0;
    // Both lines end at the column's end edge, where a full body line ends;
    // the body paragraph starts at the column's start (indent aside).
    let (name, date) = (end("委员会办公室"), end("2026"));
    assert!((name - date).abs() < 1.0, "{name} vs {date}");
    assert!(start("2026") > start("各有关单位") + 100.0, "{runs:?}");
}

//! Walk page frames with a transform stack: one `handle_*` per frame item.

use crate::diag::Diagnostic;
use crate::fonts::Role;
use crate::frame::{
    Artifact, Color, FaceData, Frame, FrameItem, Geometry, Glyph, ImageFormat, ImageItem,
    ImageSource, LinkTarget, Page, Point, Rect, Shape, Tag, TagKind, TextRun,
};
use krilla::color::{cmyk, rgb};
use krilla::geom::{PathBuilder, Transform};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{ArtifactType, ContentTag, Identifier, Node, TagGroup, TagTree};
use std::collections::BTreeMap;
use std::num::NonZeroU16;
use std::ops::Range;
use std::path::PathBuf;

/// A frame glyph as krilla sees it. `#[repr(transparent)]` so a run's glyph
/// slice is handed over without copying.
#[repr(transparent)]
struct PdfGlyph(Glyph);

impl PdfGlyph {
    fn slice(glyphs: &[Glyph]) -> &[PdfGlyph] {
        // SAFETY: PdfGlyph is a transparent wrapper around Glyph, so the two
        // slices have the same layout.
        unsafe { std::slice::from_raw_parts(glyphs.as_ptr().cast::<PdfGlyph>(), glyphs.len()) }
    }
}

impl krilla::text::Glyph for PdfGlyph {
    fn glyph_id(&self) -> krilla::text::GlyphId {
        krilla::text::GlyphId::new(self.0.id)
    }
    /// The glyph's source bytes: krilla builds ToUnicode (and ActualText where
    /// one glyph shows different text in different places) from them, so text
    /// copied out of the PDF is the source text.
    fn text_range(&self) -> Range<usize> {
        self.0.text_range.clone()
    }
    fn x_advance(&self, size: f32) -> f32 {
        self.0.advance_em * size
    }
    fn x_offset(&self, size: f32) -> f32 {
        self.0.offset_em.0 * size
    }
    fn y_offset(&self, size: f32) -> f32 {
        self.0.offset_em.1 * size
    }
    fn y_advance(&self, _size: f32) -> f32 {
        0.0
    }
    fn location(&self) -> Option<krilla::surface::Location> {
        None
    }
}

/// Where a text run's face comes from, by the role it names.
pub(super) type FaceSource<'a> = Box<dyn Fn(Role) -> Option<FaceData> + 'a>;

/// What a file shows for a photo: the same item, its bytes resampled (see
/// `PdfWriter::with_photos`), and a warning.
pub(super) type PhotoSource<'a> =
    Box<dyn Fn(&ImageItem) -> Result<(ImageItem, Option<Diagnostic>), Vec<Diagnostic>> + 'a>;

/// How colours are painted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Palette {
    /// PDF/X print: process colours with their inks, text K only.
    Inks,
    /// Print without a standard: process colours in RGB, text K only.
    RgbAccent,
    /// The screen edition: everything RGB (ICC-based sRGB in the file).
    Screen,
}

/// State across pages: fonts, images, and the tagged pieces of each element.
pub(super) struct Context<'a> {
    faces: FaceSource<'a>,
    /// Each face converted to a krilla font once, when a page first uses it.
    fonts: BTreeMap<Role, krilla::text::Font>,
    images: BTreeMap<PathBuf, krilla::image::Image>,
    /// Element id → (kind, marked-content pieces in reading order).
    elements: BTreeMap<u32, (TagKind, Vec<Identifier>)>,
    /// Element id → the id of the element it sits in (absent at the top level).
    parent_of: BTreeMap<u32, u32>,
    page_index: usize,
    /// How colours are painted.
    pub(super) palette: Palette,
    /// The screen edition: pages cut at the trim, no printer's marks, active
    /// links, photos from `photos`.
    pub(super) screen: bool,
    /// Resampled photos (the screen edition's, or print's over `max_ppi`).
    pub(super) photos: Option<PhotoSource<'a>>,
    /// Warnings met while writing (a photo kept as it is), each once.
    pub(super) warnings: Vec<Diagnostic>,
    /// Link areas of the page being written, in page coordinates, with the
    /// element each sits in.
    links: Vec<(Rect, LinkTarget, Option<u32>)>,
    /// Element id → the link annotations in it (each becomes a `Link`
    /// element holding its annotation).
    links_of: BTreeMap<u32, Vec<Identifier>>,
    /// How far the written pages are shifted up from the frames' media box
    /// (the bleed, in the screen edition).
    pub(super) dy: f32,
}

impl<'a> Context<'a> {
    pub(super) fn new(faces: FaceSource<'a>) -> Self {
        Context {
            faces,
            fonts: BTreeMap::new(),
            images: BTreeMap::new(),
            elements: BTreeMap::new(),
            parent_of: BTreeMap::new(),
            page_index: 0,
            palette: Palette::Inks,
            screen: false,
            photos: None,
            warnings: Vec::new(),
            links: Vec::new(),
            links_of: BTreeMap::new(),
            dy: 0.0,
        }
    }

    /// The krilla font for `role`, loaded on first use.
    fn font(&mut self, role: Role) -> Result<krilla::text::Font, Vec<Diagnostic>> {
        if let Some(font) = self.fonts.get(&role) {
            return Ok(font.clone());
        }
        let font = (self.faces)(role)
            .and_then(|face| krilla::text::Font::new(face.data.blob().into(), face.index))
            .ok_or_else(|| {
                vec![Diagnostic::error(format!(
                    "failed to load font for {role:?} into the PDF writer"
                ))]
            })?;
        self.fonts.insert(role, font.clone());
        Ok(font)
    }

    /// Pages written so far.
    pub(super) fn pages(&self) -> u32 {
        self.page_index as u32
    }

    /// Note that the tagged piece `tag` was written: its element and the
    /// elements around it (outermost first) are registered once each.
    fn register(&mut self, tag: &Tag, id: Identifier) {
        let mut parent: Option<u32> = None;
        for (pid, kind) in tag.parents.iter().flat_map(|p| p.iter()) {
            self.elements
                .entry(*pid)
                .or_insert_with(|| (kind.clone(), Vec::new()));
            if let Some(pp) = parent {
                self.parent_of.entry(*pid).or_insert(pp);
            }
            parent = Some(*pid);
        }
        self.elements
            .entry(tag.id)
            .or_insert_with(|| (tag.kind.clone(), Vec::new()))
            .1
            .push(id);
        if let Some(pp) = parent {
            self.parent_of.entry(tag.id).or_insert(pp);
        }
    }

    /// The tag tree: one element per tag id, nested as the tags' parents say,
    /// siblings in id (= reading) order.
    pub(super) fn tag_tree(&mut self, lang: &str) -> TagTree {
        let mut tree = TagTree::new().with_lang(Some(lang.to_string()));
        let elements = std::mem::take(&mut self.elements);
        let parent_of = std::mem::take(&mut self.parent_of);
        let mut children: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
        let mut roots = Vec::new();
        for id in elements.keys() {
            match parent_of.get(id) {
                Some(p) => children.entry(*p).or_default().push(*id),
                None => roots.push(*id),
            }
        }
        let mut elements: BTreeMap<u32, Option<(TagKind, Vec<Identifier>)>> =
            elements.into_iter().map(|(k, v)| (k, Some(v))).collect();
        let links = std::mem::take(&mut self.links_of);
        for id in roots {
            if let Some(node) = build_group(id, &mut elements, &children, &links) {
                tree.push(node);
            }
        }
        tree
    }
}

/// The tag group of element `id` with its content, its links (a `Link`
/// element around each annotation) and its child elements.
fn build_group(
    id: u32,
    elements: &mut BTreeMap<u32, Option<(TagKind, Vec<Identifier>)>>,
    children: &BTreeMap<u32, Vec<u32>>,
    links: &BTreeMap<u32, Vec<Identifier>>,
) -> Option<TagGroup> {
    use krilla::tagging::Tag as K;
    let (kind, ids) = elements.get_mut(&id)?.take()?;
    let mut nodes: Vec<Node> = ids.into_iter().map(Node::from).collect();
    for annotation in links.get(&id).into_iter().flatten() {
        nodes.push(Node::from(TagGroup::with_children(
            K::Link,
            vec![Node::from(*annotation)],
        )));
    }
    for child in children.get(&id).into_iter().flatten() {
        if let Some(g) = build_group(*child, elements, children, links) {
            nodes.push(Node::from(g));
        }
    }
    Some(match kind {
        TagKind::Title => TagGroup::with_children(K::Title, nodes),
        TagKind::Heading(level) => TagGroup::with_children(
            K::Hn(NonZeroU16::new(u16::from(level.max(1))).expect("≥ 1"), None),
            nodes,
        ),
        TagKind::Para => TagGroup::with_children(K::P, nodes),
        TagKind::Quote => TagGroup::with_children(K::BlockQuote, nodes),
        TagKind::Figure(alt) => TagGroup::with_children(K::Figure(Some(alt)), nodes),
        TagKind::Caption => TagGroup::with_children(K::Caption, nodes),
        TagKind::List => TagGroup::with_children(K::L(krilla::tagging::ListNumbering::None), nodes),
        TagKind::ListItem => TagGroup::with_children(K::LI, nodes),
        TagKind::Label => TagGroup::with_children(K::Lbl, nodes),
        TagKind::ListBody => TagGroup::with_children(K::LBody, nodes),
        TagKind::Table => TagGroup::with_children(K::Table, nodes),
        TagKind::TableHead => TagGroup::with_children(K::THead, nodes),
        TagKind::TableBody => TagGroup::with_children(K::TBody, nodes),
        TagKind::TableRow => TagGroup::with_children(K::TR, nodes),
        TagKind::TableHeader => {
            TagGroup::with_children(K::TH(krilla::tagging::TableHeaderScope::Column), nodes)
        }
        TagKind::TableCell => TagGroup::with_children(K::TD, nodes),
        TagKind::Note => TagGroup::with_children(K::Note, nodes),
        TagKind::Division => TagGroup::with_children(K::Div, nodes),
        TagKind::Contents => TagGroup::with_children(K::TOC, nodes),
        TagKind::ContentsItem => TagGroup::with_children(K::TOCI, nodes),
        TagKind::Artifact(_) => return None,
    })
}

/// Write one page: boxes, then its frame. The screen edition's page is the
/// trimmed page (MediaBox = TrimBox) without printer's marks, with its links.
pub(super) fn write_page(
    document: &mut krilla::Document,
    ctx: &mut Context<'_>,
    page: &Page,
) -> Result<(), Vec<Diagnostic>> {
    let rect = |r: Rect| krilla::geom::Rect::from_xywh(r.x, r.y, r.w, r.h);
    let (settings, origin) = if ctx.screen {
        let t = page.trim;
        let whole = Rect::new(0.0, 0.0, t.w, t.h);
        let settings = PageSettings::from_wh(t.w, t.h)
            .ok_or_else(|| vec![Diagnostic::error("page has no area")])?
            .with_trim_box(rect(whole));
        ctx.dy = -t.y;
        (settings, Point::new(-t.x, -t.y))
    } else {
        let size = page.frame.size;
        let settings = PageSettings::from_wh(size.w, size.h)
            .ok_or_else(|| vec![Diagnostic::error("page has no area")])?
            .with_bleed_box(rect(page.bleed))
            .with_trim_box(rect(page.trim));
        (settings, Point::new(0.0, 0.0))
    };
    ctx.links.clear();
    let mut kpage = document.start_page_with(settings);
    let mut surface = kpage.surface();
    surface.push_transform(&Transform::from_translate(origin.x, origin.y));
    let result = handle_frame(&mut surface, ctx, &page.frame, origin, None);
    surface.pop();
    surface.finish();
    for (area, target, element) in std::mem::take(&mut ctx.links) {
        if let Some(id) = add_link(&mut kpage, area, target, page.trim, element.is_some())
            && let Some(element) = element
        {
            ctx.links_of.entry(element).or_default().push(id);
        }
    }
    kpage.finish();
    ctx.page_index += 1;
    result
}

/// An active link over `area` (page coordinates), kept within the page,
/// with its address as the alternate text; tagged (its structure identifier
/// returned) when `tagged`.
fn add_link(
    kpage: &mut krilla::page::Page<'_>,
    area: Rect,
    target: LinkTarget,
    trim: Rect,
    tagged: bool,
) -> Option<Identifier> {
    use krilla::action::{Action, LinkAction};
    use krilla::annotation::{Annotation, LinkAnnotation, Target};
    use krilla::destination::{Destination, XyzDestination};
    let (x0, y0) = (area.x.max(0.0), area.y.max(0.0));
    let (x1, y1) = ((area.x + area.w).min(trim.w), (area.y + area.h).min(trim.h));
    let r = krilla::geom::Rect::from_ltrb(x0, y0, x1, y1)?;
    let alt = match &target {
        LinkTarget::Url(url) => url.to_string(),
        LinkTarget::Page(page) => format!("第{}页", page + 1),
    };
    let target = match target {
        LinkTarget::Url(url) => Target::Action(Action::Link(LinkAction::new(url.to_string()))),
        LinkTarget::Page(page) => Target::Destination(Destination::Xyz(XyzDestination::new(
            page,
            krilla::geom::Point::from_xy(0.0, 0.0),
        ))),
    };
    let annotation = Annotation::new_link(LinkAnnotation::new(r, target), Some(alt));
    if tagged {
        Some(kpage.add_tagged_annotation(annotation))
    } else {
        kpage.add_annotation(annotation);
        None
    }
}

/// Write `frame`, whose top-left corner is at `at` on the page.
fn handle_frame(
    surface: &mut Surface<'_>,
    ctx: &mut Context<'_>,
    frame: &Frame,
    at: Point,
    tagged: Option<&Tag>,
) -> Result<(), Vec<Diagnostic>> {
    for (pos, item) in &frame.items {
        match item {
            FrameItem::Group(g) => {
                let marks = matches!(
                    &g.tag,
                    Some(Tag {
                        kind: TagKind::Artifact(Artifact::PrinterMarks),
                        ..
                    })
                );
                if marks && ctx.screen {
                    // The screen edition is cut at the trim: no marks.
                    continue;
                }
                let inner = Point::new(at.x + pos.x, at.y + pos.y);
                surface.push_transform(&Transform::from_translate(pos.x, pos.y));
                let result = match (&g.tag, tagged) {
                    (Some(tag), None) => {
                        let content = match tag.kind {
                            TagKind::Artifact(a) => ContentTag::Artifact(
                                krilla::tagging::Artifact::with_kind(match a {
                                    Artifact::Header => ArtifactType::Header,
                                    Artifact::Footer => ArtifactType::Footer,
                                    Artifact::PrinterMarks => ArtifactType::Page,
                                }),
                            ),
                            _ => ContentTag::Other,
                        };
                        let id = surface.start_tagged(content);
                        let r = handle_frame(surface, ctx, &g.frame, inner, Some(tag));
                        surface.end_tagged();
                        if !matches!(tag.kind, TagKind::Artifact(_)) {
                            ctx.register(tag, id);
                        }
                        r
                    }
                    _ => handle_frame(surface, ctx, &g.frame, inner, tagged),
                };
                surface.pop();
                result?;
            }
            FrameItem::Text(t) => {
                if tagged.is_none() {
                    // Untagged content would break the structure: mark it as an artifact.
                    surface.start_tagged(ContentTag::Artifact(
                        krilla::tagging::Artifact::with_kind(ArtifactType::Other),
                    ));
                    let r = handle_text(surface, ctx, *pos, t);
                    surface.end_tagged();
                    r?;
                } else {
                    handle_text(surface, ctx, *pos, t)?;
                }
            }
            FrameItem::Image(img) => handle_image(surface, ctx, *pos, img)?,
            FrameItem::Shape(s) => {
                if tagged.is_none() {
                    // Rules outside any element are decoration.
                    surface.start_tagged(ContentTag::Artifact(
                        krilla::tagging::Artifact::with_kind(ArtifactType::Layout),
                    ));
                    handle_shape(surface, *pos, s, ctx.palette);
                    surface.end_tagged();
                } else {
                    handle_shape(surface, *pos, s, ctx.palette);
                }
            }
            FrameItem::Link(link) => {
                // Print files carry no links (PDF/X forbids annotations in the
                // bleed, and paper cannot follow them).
                if ctx.screen {
                    let area = Rect::new(at.x + pos.x, at.y + pos.y, link.size.w, link.size.h);
                    ctx.links
                        .push((area, link.target.clone(), tagged.map(|t| t.id)));
                }
            }
        }
    }
    Ok(())
}

fn paint(c: Color, palette: Palette) -> krilla::paint::Paint {
    match c {
        Color::Rgb([r, g, b]) => rgb::Color::new(r, g, b).into(),
        Color::Process {
            cmyk: [c, m, y, k], ..
        } if palette == Palette::Inks => cmyk::Color::new(c, m, y, k).into(),
        Color::Process { rgb: [r, g, b], .. } => rgb::Color::new(r, g, b).into(),
        Color::Black | Color::Registration if palette == Palette::Screen => {
            rgb::Color::new(0, 0, 0).into()
        }
        Color::Black => cmyk::Color::new(0, 0, 0, 255).into(),
        Color::Registration => cmyk::Color::new(255, 255, 255, 255).into(),
    }
}

fn handle_text(
    surface: &mut Surface<'_>,
    ctx: &mut Context<'_>,
    pos: Point,
    t: &TextRun,
) -> Result<(), Vec<Diagnostic>> {
    let font = ctx.font(t.face)?;
    surface.set_fill(Some(Fill {
        paint: paint(t.fill, ctx.palette),
        ..Fill::default()
    }));
    surface.set_stroke(None);
    surface.draw_glyphs(
        krilla::geom::Point::from_xy(pos.x, pos.y),
        PdfGlyph::slice(&t.glyphs),
        font,
        &t.text,
        t.size_pt,
        false,
    );
    Ok(())
}

fn handle_shape(surface: &mut Surface<'_>, pos: Point, s: &Shape, palette: Palette) {
    let mut pb = PathBuilder::new();
    match s.geometry {
        Geometry::Rect(size) => {
            if let Some(r) = krilla::geom::Rect::from_xywh(pos.x, pos.y, size.w, size.h) {
                pb.push_rect(r);
            }
        }
        Geometry::Line(dx, dy) => {
            pb.move_to(pos.x, pos.y);
            pb.line_to(pos.x + dx, pos.y + dy);
        }
    }
    let Some(path) = pb.finish() else { return };
    surface.set_fill(s.fill.map(|c| Fill {
        paint: paint(c, palette),
        ..Fill::default()
    }));
    surface.set_stroke(s.stroke.map(|(c, w)| Stroke {
        paint: paint(c, palette),
        width: w,
        ..Stroke::default()
    }));
    surface.draw_path(&path);
}

/// The transform that shows a photo stored `sw × sh` (pt, after scaling) in
/// its EXIF orientation inside a `w × h` box at the origin.
fn orientation_transform(orientation: u8, w: f32, h: f32) -> Transform {
    // x' = a·x + c·y + e, y' = b·x + d·y + f  (from_row takes a, b, c, d, e, f).
    match orientation {
        2 => Transform::from_row(-1.0, 0.0, 0.0, 1.0, w, 0.0),
        3 => Transform::from_row(-1.0, 0.0, 0.0, -1.0, w, h),
        4 => Transform::from_row(1.0, 0.0, 0.0, -1.0, 0.0, h),
        5 => Transform::from_row(0.0, 1.0, 1.0, 0.0, 0.0, 0.0),
        6 => Transform::from_row(0.0, 1.0, -1.0, 0.0, w, 0.0),
        7 => Transform::from_row(0.0, -1.0, -1.0, 0.0, w, h),
        8 => Transform::from_row(0.0, -1.0, 1.0, 0.0, 0.0, h),
        _ => Transform::identity(),
    }
}

fn handle_image(
    surface: &mut Surface<'_>,
    ctx: &mut Context<'_>,
    pos: Point,
    img: &ImageItem,
) -> Result<(), Vec<Diagnostic>> {
    let resampled;
    let img = match &ctx.photos {
        Some(photos) => {
            let (item, warning) = photos(img)?;
            if let Some(w) = warning
                && !ctx.warnings.contains(&w)
            {
                ctx.warnings.push(w);
            }
            resampled = item;
            &resampled
        }
        None => img,
    };
    let key = match &img.source {
        ImageSource::Path(p) => p.clone(),
        ImageSource::Bytes(b) => PathBuf::from(format!("<memory:{}>", blake3::hash(b))),
    };
    let image = match ctx.images.get(&key) {
        Some(i) => i.clone(),
        None => {
            let data: std::sync::Arc<Vec<u8>> = match &img.source {
                ImageSource::Path(p) => crate::read_once::read(p).map_err(|e| {
                    vec![Diagnostic::error(format!("failed to read photo ({e})")).in_file(p)]
                })?,
                ImageSource::Bytes(b) => b.clone(),
            };
            let made = match img.format {
                // JPEG goes in as is (DCTDecode): no recompression, CMYK kept.
                ImageFormat::Jpeg => krilla::image::Image::from_jpeg(data.into(), true),
                ImageFormat::Png => krilla::image::Image::from_png(data.into(), true),
                ImageFormat::Webp => krilla::image::Image::from_webp(data.into(), true),
            };
            let image = made.map_err(|e| {
                vec![Diagnostic::error(format!("failed to embed photo ({e})")).in_file(&key)]
            })?;
            ctx.images.insert(key.clone(), image.clone());
            image
        }
    };
    let (w, h) = (img.size.w, img.size.h);
    let (sw, sh) = if (5..=8).contains(&img.orientation) {
        (h, w)
    } else {
        (w, h)
    };
    let Some(size) = krilla::geom::Size::from_wh(sw, sh) else {
        return Ok(());
    };
    surface.push_transform(&Transform::from_translate(pos.x, pos.y));
    surface.push_transform(&orientation_transform(img.orientation, w, h));
    surface.draw_image(image, size);
    surface.pop();
    surface.pop();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Map the stored image's corners through the transform and check they
    /// land on the display box's corners as EXIF prescribes.
    #[test]
    fn orientation_transforms_map_corners() {
        let (w, h) = (30.0_f32, 20.0_f32); // displayed box
        let apply = |t: &Transform, x: f32, y: f32| {
            (
                t.sx() * x + t.kx() * y + t.tx(),
                t.ky() * x + t.sy() * y + t.ty(),
            )
        };
        for o in 1..=8u8 {
            let (sw, sh) = if o >= 5 { (h, w) } else { (w, h) };
            let t = orientation_transform(o, w, h);
            // Stored top-left pixel goes to: 1 TL, 2 TR, 3 BR, 4 BL, 5 TL, 6 TR, 7 BR, 8 BL.
            let want = match o {
                1 | 5 => (0.0, 0.0),
                2 | 6 => (w, 0.0),
                3 | 7 => (w, h),
                _ => (0.0, h),
            };
            assert_eq!(apply(&t, 0.0, 0.0), want, "orientation {o}");
            // And the whole stored box stays inside the display box.
            for (x, y) in [(sw, 0.0), (0.0, sh), (sw, sh)] {
                let (px, py) = apply(&t, x, y);
                assert!(
                    (0.0..=w).contains(&px) && (0.0..=h).contains(&py),
                    "orientation {o}"
                );
            }
        }
    }
}

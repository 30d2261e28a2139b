//! Collect: the issue's blocks → flow items (lines, unbreakable blocks,
//! floats, spaces) set at the column width. No page decisions here.

use super::inline::Align;
use super::photo::{self, PhotoInfo};
use super::style::{Style, TextStyle};
use super::text::{plain, set_lines, stack, styled_segments};
use crate::diag::{Diagnostic, Sink, Span};
use crate::fonts::Fonts;
use crate::frame::{
    Color, Frame, FrameItem, Geometry, ImageItem, ImageSource, Point, Shape, Size, Tag, TagKind,
};
use crate::model::{Block, Figure, Heading, Inline, Issue, PullQuote, plain_text};

/// First-line indent of every paragraph, in em (clreq §3.4.1: 2 em, also after headings).
const PARA_INDENT_EM: f32 = 2.0;
/// Space above a section heading, in body lines (clreq §3.4.1: a blank line ends a section).
pub(crate) const HEADING_SPACE_ABOVE_LINES: f32 = 1.0;
/// Lines of the following paragraph a heading must keep on its page (clreq §4.1.3, keep-with-next).
pub(crate) const HEADING_KEEP_LINES: usize = 2;
/// Space above and below a pull quote or figure set in the flow, in body lines
/// (clreq §3.4.2: whole multiples of the body line pitch).
pub(crate) const DISPLAY_SPACE_LINES: f32 = 1.0;
/// Gap between a photo and its caption, in caption lines.
const CAPTION_GAP_LINES: f32 = 0.4;
/// Weight of the pull quote's rules, in pt (top rule heavier, as on the printed page).
const QUOTE_RULE_TOP_PT: f32 = 2.0;
const QUOTE_RULE_BOTTOM_PT: f32 = 0.75;

/// One flow item.
#[derive(Debug, Clone)]
pub(crate) enum Item {
    /// Vertical space: dropped at the top and foot of a region.
    Space(f32),
    /// One line of a paragraph.
    Line(ParLine),
    /// An unbreakable block kept with lines of the next paragraph.
    Block(KeptBlock),
    /// A figure or pull quote: placed where it stands if it fits, else moved
    /// to the top of the next region while the text goes on.
    Float(Float),
}

/// A line of a paragraph, with its place in the paragraph for widow/orphan rules.
#[derive(Debug, Clone)]
pub(crate) struct ParLine {
    /// The line (height = body pitch).
    pub frame: Frame,
    /// Paragraph id (also its tag id).
    pub par: u32,
    /// Index of the line in its paragraph.
    pub index: usize,
    /// Number of lines in the paragraph.
    pub count: usize,
    /// The note references on the line (for page-foot notes).
    pub notes: Vec<super::text::NoteRefAt>,
}

/// A bookmark inside a block: (title, level, y within the block).
pub(crate) type OutlineMark = (String, u8, f32);

/// A heading pair or similar block.
#[derive(Debug, Clone)]
pub(crate) struct KeptBlock {
    /// The content, a whole number of body lines high.
    pub frame: Frame,
    /// Lines of the next paragraph that must follow on the same page/column.
    pub keep_lines: usize,
    /// Bookmarks: (title, level, y within the block).
    pub outline: Vec<OutlineMark>,
    /// The table this block is rows of, if any.
    pub table: Option<super::table::TablePart>,
}

/// A float.
#[derive(Debug, Clone)]
pub(crate) enum Float {
    /// A block of fixed size (the pull quote).
    Fixed(Frame),
    /// A photo with its caption, which can shrink.
    Figure(FigureSpec),
    /// A block across both columns (a table too wide for one), placed at
    /// the top of a page.
    Span(Frame),
}

/// A figure, built at a size chosen when it is placed.
#[derive(Debug, Clone)]
pub(crate) struct FigureSpec {
    /// The photo's header facts.
    pub info: PhotoInfo,
    /// Its file.
    pub path: std::path::PathBuf,
    /// Its path as the source writes it (for messages).
    pub href: String,
    /// Its caption lines, set at the column width.
    pub caption: Vec<Frame>,
    /// Alt text.
    pub alt: String,
    /// Tag ids of the figure and its caption.
    pub tag_ids: (u32, u32),
    /// Where the figure is in the source, for warnings.
    pub span: Option<Span>,
    /// For a proof's placeholder ([`crate::model::Asset::placeholder`]): the
    /// lines set in the grey box instead of the photo.
    pub placeholder: Option<Vec<Frame>>,
}

impl FigureSpec {
    /// Natural photo height at `width`.
    fn photo_height(&self, width: f32) -> f32 {
        let (pw, ph) = self.info.display_pixels();
        width * ph as f32 / pw.max(1) as f32
    }

    fn caption_height(&self) -> f32 {
        self.caption.iter().map(|f| f.size.h).sum()
    }

    fn gap(&self, style: &Style) -> f32 {
        if self.caption.is_empty() {
            0.0
        } else {
            CAPTION_GAP_LINES * style.caption.pitch
        }
    }

    /// Grid height of the figure with the photo at `scale` of the column width.
    pub(crate) fn height_at(&self, style: &Style, width: f32, scale: f32) -> f32 {
        style.to_grid(self.photo_height(width) * scale + self.gap(style) + self.caption_height())
    }

    /// The largest scale (≤ 1) at which the figure fits in `max_h`, if any is positive.
    pub(crate) fn scale_to_fit(&self, style: &Style, width: f32, max_h: f32) -> Option<f32> {
        if self.height_at(style, width, 1.0) <= max_h + 0.01 {
            return Some(1.0);
        }
        // Whole body lines: the photo fills what the grid leaves after the caption.
        let room =
            (max_h / style.pitch).floor() * style.pitch - self.gap(style) - self.caption_height();
        let scale = room / self.photo_height(width);
        (scale > 0.0).then_some(scale.min(1.0))
    }

    /// Build the figure frame: photo centred in the column at `scale`, caption
    /// directly under it, the whole centred in a grid-high box.
    pub(crate) fn build(&self, style: &Style, width: f32, scale: f32) -> Frame {
        let total_h = self.height_at(style, width, scale);
        let pw = width * scale;
        let ph = self.photo_height(width) * scale;
        let content_h = ph + self.gap(style) + self.caption_height();
        let top = ((total_h - content_h) / 2.0).max(0.0);
        let mut out = Frame::new(Size::new(width, total_h));

        let fig = photo_frame(&self.info, &self.path, self.placeholder.as_deref(), pw, ph);
        out.push_frame(
            Point::new((width - pw) / 2.0, top),
            fig,
            Some(Tag {
                id: self.tag_ids.0,
                kind: TagKind::Figure(self.alt.clone()),
                parents: None,
            }),
        );
        if !self.caption.is_empty() {
            let cap = stack(self.caption.clone(), width);
            out.push_frame(
                Point::new(0.0, top + ph + self.gap(style)),
                cap,
                Some(Tag {
                    id: self.tag_ids.1,
                    kind: TagKind::Caption,
                    parents: None,
                }),
            );
        }
        out
    }

    /// A warning when the photo prints below `min_ppi` at `width_pt`.
    pub(crate) fn check_resolution(&self, width_pt: f32, min_ppi: f32) -> Option<Diagnostic> {
        if self.placeholder.is_some() {
            return None;
        }
        let d = super::photo::resolution_finding(
            &self.href,
            self.info.display_pixels(),
            width_pt,
            min_ppi,
        )?;
        Some(match &self.span {
            Some(s) => d.at(s.clone()),
            None => d.in_file(&self.path),
        })
    }
}

/// Hands out tag ids in reading order.
#[derive(Debug, Default)]
pub(crate) struct Ids(u32);

impl Ids {
    /// Ids that go up from `n` (the last id of what came before).
    pub(crate) fn starting_at(n: u32) -> Ids {
        Ids(n)
    }
    /// The last id handed out.
    pub(crate) fn last(&self) -> u32 {
        self.0
    }
    /// The next id.
    pub(crate) fn next(&mut self) -> u32 {
        self.0 += 1;
        self.0
    }
}

/// Space after each line of the headline group, in body lines: the title
/// stands apart, subtitle and byline/date group together.
mod title_space {
    pub const TITLE: f32 = 0.4;
    pub const SUBTITLE: f32 = 0.6;
    pub const BYLINE: f32 = 0.15;
    /// Around the accent rule under the headline group.
    pub const RULE: f32 = 0.6;
    /// At least this much after the lead before the body starts.
    pub const AFTER_LEAD: f32 = 0.6;
}

/// The title block of page 1 (full type-area width): title, subtitle, byline,
/// date, an accent rule, the lead; a whole number of body lines high.
pub(crate) fn collect_title_block(
    issue: &Issue,
    fonts: &Fonts,
    style: &Style,
    ids: &mut Ids,
) -> (Frame, Vec<OutlineMark>) {
    let width = style.body.w;
    let m = &issue.meta;
    let byline = m.byline_text();
    let date = m.date.as_deref().map(display_date);
    let column = m.column.as_deref().map(|c| format!("【{c}】"));
    let headline: [(Option<&str>, &TextStyle, TagKind, f32); 6] = [
        (
            column.as_deref(),
            &style.byline,
            TagKind::Para,
            title_space::BYLINE,
        ),
        (
            m.kicker.as_deref(),
            &style.subtitle,
            TagKind::Para,
            title_space::BYLINE,
        ),
        (
            Some(m.title.as_str()),
            &style.title,
            TagKind::Title,
            title_space::TITLE,
        ),
        (
            m.subtitle.as_deref(),
            &style.subtitle,
            TagKind::Para,
            title_space::SUBTITLE,
        ),
        (
            (!byline.is_empty()).then_some(byline.as_str()),
            &style.byline,
            TagKind::Para,
            title_space::BYLINE,
        ),
        (date.as_deref(), &style.date, TagKind::Para, 0.0),
    ];
    let mut out = Frame::new(Size::new(width, 0.0));
    let mut y = 0.0;
    for (text, ts, kind, space_after) in headline {
        let Some(text) = text.filter(|t| !t.is_empty()) else {
            continue;
        };
        let lines = set_lines(fonts, plain(text, ts), ts, width, 0.0, Align::Center, true);
        let f = stack(lines, width);
        let h = f.size.h;
        out.push_frame(
            Point::new(0.0, y),
            f,
            Some(Tag {
                id: ids.next(),
                kind,
                parents: None,
            }),
        );
        y += h + space_after * style.pitch;
    }
    // An accent rule closes the headline group.
    y += style.pitch * title_space::RULE;
    out.push(Point::new(0.0, y), rule(width, 1.0, style.accent));
    y += style.pitch * title_space::RULE;
    if let Some(lead) = &issue.lead {
        let lines: Vec<Frame> = styled_segments(lead, &style.lead)
            .into_iter()
            .enumerate()
            .flat_map(|(k, runs)| {
                let indent = if k == 0 { PARA_INDENT_EM } else { 0.0 };
                set_lines(
                    fonts,
                    runs,
                    &style.lead,
                    width,
                    indent,
                    Align::Justify,
                    false,
                )
            })
            .collect();
        if !lines.is_empty() {
            let f = stack(lines, width);
            let h = f.size.h;
            out.push_frame(
                Point::new(0.0, y),
                f,
                Some(Tag {
                    id: ids.next(),
                    kind: TagKind::Para,
                    parents: None,
                }),
            );
            y += h;
        }
    }
    out.size.h = style.to_grid(y + title_space::AFTER_LEAD * style.pitch);
    (out, vec![(m.title.clone(), 0, 0.0)])
}

pub(crate) use crate::model::display_date;

/// A horizontal rule item.
fn rule(width: f32, weight: f32, color: Color) -> FrameItem {
    FrameItem::Shape(Shape {
        geometry: Geometry::Line(width, 0.0),
        fill: None,
        stroke: Some((color, weight)),
    })
}

/// Turn one of the article's blocks into flow items at the column width
/// (each kind's layout is in [`super::blocks`]).
pub(crate) fn collect_block(
    issue: &Issue,
    block: &Block,
    fonts: &Fonts,
    style: &Style,
    ids: &mut Ids,
    sink: &mut Sink,
    items: &mut Vec<Item>,
) {
    let mut cx = super::blocks::Cx {
        issue,
        fonts,
        style,
        ids,
        sink,
    };
    super::blocks::block(&mut cx, block, &super::blocks::Region::column(style), items);
}

/// A section heading and its sub-heading, centred in Hei (clreq §4.1.2), kept
/// as one block with the next lines (§4.1.3).
pub(crate) fn collect_heading(
    h: &Heading,
    fonts: &Fonts,
    style: &Style,
    ids: &mut Ids,
    region: &super::blocks::Region,
    items: &mut Vec<Item>,
) {
    let width = region.width(style);
    let mut out = Frame::new(Size::new(style.column_width, 0.0));
    let mut y = 0.0;
    let mut outline = Vec::new();
    let mut add = |text: &str, ts: &TextStyle, level: u8, out: &mut Frame, y: &mut f32| {
        let lines = set_lines(fonts, plain(text, ts), ts, width, 0.0, Align::Center, true);
        if lines.is_empty() {
            return;
        }
        let f = stack(lines, width);
        let fh = f.size.h;
        if !region.in_box {
            outline.push((text.to_string(), level, *y));
        }
        out.push_frame(
            Point::new(region.left, *y),
            f,
            Some(Tag {
                id: ids.next(),
                kind: TagKind::Heading(level),
                parents: region.parents.clone(),
            }),
        );
        *y += fh;
    };
    // clreq §4.1.2: each level one size step down; `##` is the section heading.
    let level = h.level.max(2) - 1;
    let deeper = TextStyle {
        size: style.body_text.size * 1.05,
        pitch: style.pitch,
        ..style.subheading
    };
    let (title_ts, sub_ts) = match level {
        1 => (&style.heading, &style.subheading),
        2 => (&style.subheading, &deeper),
        _ => (&deeper, &deeper),
    };
    add(&h.title, title_ts, level, &mut out, &mut y);
    if let Some(sub) = &h.subtitle {
        add(sub, sub_ts, level + 1, &mut out, &mut y);
    }
    // Centre the pair in whole body lines.
    let grid_h = style.to_grid(y);
    let shift = (grid_h - y) / 2.0;
    for (p, _) in &mut out.items {
        p.y += shift;
    }
    for o in &mut outline {
        o.2 += shift;
    }
    out.size.h = grid_h;
    items.push(Item::Space(HEADING_SPACE_ABOVE_LINES * style.pitch));
    items.push(Item::Block(KeptBlock {
        frame: out,
        keep_lines: HEADING_KEEP_LINES,
        outline,
        table: None,
    }));
}

/// The pull quote: slogan lines large, bold and in the accent colour between
/// two accent rules, attribution lines smaller under them; a whole number of
/// body lines high (clreq §3.4.2).
pub(crate) fn collect_pull_quote(
    q: &PullQuote,
    fonts: &Fonts,
    style: &Style,
    ids: &mut Ids,
) -> Frame {
    let width = style.column_width;
    let mut body = Frame::new(Size::new(width, 0.0));
    let mut y = style.pitch * 0.5;
    // Slogan lines, then the smaller attribution lines, each centred.
    let mut set = |lines: &[String], ts, y: &mut f32| {
        for line in lines {
            for f in set_lines(fonts, plain(line, ts), ts, width, 0.0, Align::Center, true) {
                let h = f.size.h;
                body.push_frame(Point::new(0.0, *y), f, None);
                *y += h;
            }
        }
    };
    set(&q.lines, &style.slogan, &mut y);
    if !q.attribution.is_empty() {
        y += style.pitch * 0.25;
    }
    set(&q.printed_attribution(), &style.attribution, &mut y);
    y += style.pitch * 0.5;
    let grid_h = style.to_grid(y);
    let shift = (grid_h - y) / 2.0;
    for (p, _) in &mut body.items {
        p.y += shift;
    }
    body.size.h = grid_h;
    let mut out = Frame::new(Size::new(width, grid_h));
    out.push(
        Point::new(0.0, QUOTE_RULE_TOP_PT / 2.0),
        rule(width, QUOTE_RULE_TOP_PT, style.accent),
    );
    out.push(
        Point::new(0.0, grid_h - QUOTE_RULE_BOTTOM_PT / 2.0),
        rule(width, QUOTE_RULE_BOTTOM_PT, style.accent),
    );
    out.push_frame(
        Point::new(0.0, 0.0),
        body,
        Some(Tag {
            id: ids.next(),
            kind: TagKind::Quote,
            parents: None,
        }),
    );
    out
}

/// A photo of `w` × `h` pt: the image, or a proof's placeholder box with `label`.
fn photo_frame(
    info: &PhotoInfo,
    path: &std::path::Path,
    label: Option<&[Frame]>,
    w: f32,
    h: f32,
) -> Frame {
    if let Some(label) = label {
        return super::placeholder::frame(label, Size::new(w, h));
    }
    let mut fig = Frame::new(Size::new(w, h));
    fig.push(
        Point::new(0.0, 0.0),
        FrameItem::Image(ImageItem {
            source: ImageSource::Path(path.to_path_buf()),
            format: info.format,
            pixels: info.pixels,
            orientation: info.orientation,
            size: Size::new(w, h),
        }),
    );
    fig
}

/// The header facts of an asset (a placeholder's 3:2), and for a placeholder
/// its label set at `width`.
fn asset_info(
    asset: &crate::model::Asset,
    fonts: &Fonts,
    style: &Style,
    width: f32,
) -> Result<(PhotoInfo, Option<Vec<Frame>>), Diagnostic> {
    if asset.placeholder {
        let label = super::placeholder::label(fonts, style, &asset.href, width);
        return Ok((super::placeholder::info(), Some(label)));
    }
    photo::probe_asset(asset).map(|i| (i, None))
}

/// A figure: probe the photo's header, set the caption in Kai (smaller,
/// centred when it fits on one line, else justified).
fn collect_figure(
    issue: &Issue,
    f: &Figure,
    at: &std::ops::Range<usize>,
    fonts: &Fonts,
    style: &Style,
    ids: &mut Ids,
    sink: &mut Sink,
) -> Option<FigureSpec> {
    let span = Some(Span::new(issue.article.clone(), at.clone()));
    let Some(asset) = issue.assets.get(f.asset) else {
        let d = Diagnostic::warning(format!(
            "figure refers to missing asset #{} (left out)",
            f.asset
        ));
        sink.push(match &span {
            Some(s) => d.at(s.clone()),
            None => d,
        });
        return None;
    };
    let (info, placeholder) = match asset_info(asset, fonts, style, style.column_width) {
        Ok(i) => i,
        Err(mut d) => {
            d.span = Some(Span::new(issue.article.clone(), at.clone()));
            sink.push(d);
            return None;
        }
    };
    let caption_inlines = with_credit(&f.caption, f.credit.as_deref());
    let caption = styled_segments(&caption_inlines, &style.caption)
        .into_iter()
        .flat_map(|runs| {
            set_lines(
                fonts,
                runs,
                &style.caption,
                style.column_width,
                0.0,
                Align::Justify,
                true,
            )
        })
        .collect();
    let mut alt = if f.alt.is_empty() {
        plain_text(&f.caption)
    } else {
        f.alt.clone()
    };
    if placeholder.is_some() {
        alt = super::placeholder::alt(&asset.href, &alt);
    }
    let tag_ids = (ids.next(), ids.next());
    Some(FigureSpec {
        info,
        path: asset.path.clone(),
        href: asset.href.clone(),
        caption,
        alt,
        tag_ids,
        span,
        placeholder,
    })
}

/// A caption with its credit after it (a full-width space between them
/// unless the credit is bracketed).
pub(crate) fn with_credit(caption: &[Inline], credit: Option<&str>) -> Vec<Inline> {
    let mut out = caption.to_vec();
    if let Some(c) = credit {
        let sep = if caption.is_empty() || c.starts_with(['（', '(']) {
            ""
        } else {
            "\u{3000}"
        };
        out.push(Inline::Text(format!("{sep}{c}")));
    }
    out
}

/// A figure block as a float.
pub(crate) fn collect_figure_item(
    cx: &mut super::blocks::Cx<'_>,
    f: &Figure,
    b: &Block,
    items: &mut Vec<Item>,
) {
    if let Some(spec) = collect_figure(cx.issue, f, &b.span, cx.fonts, cx.style, cx.ids, cx.sink) {
        items.push(Item::Float(Float::Figure(spec)));
    }
}

/// A photo credit's size as a share of the caption's.
const CREDIT_SCALE: f32 = 0.85;

/// A photo group's caption lines at `width`, justified, with the credit
/// after it a size smaller: at the end of the caption's last line when it
/// fits there whole, else on a line of its own, flush right (a credit never
/// breaks across lines when it fits one).
fn group_caption_lines(
    fonts: &Fonts,
    style: &Style,
    caption: &[Inline],
    credit: Option<&str>,
    width: f32,
) -> Vec<Frame> {
    let cap = &style.caption;
    let set = |segments: Vec<Vec<super::inline::StyledText>>| -> Vec<Frame> {
        segments
            .into_iter()
            .flat_map(|runs| set_lines(fonts, runs, cap, width, 0.0, Align::Justify, true))
            .collect()
    };
    let mut segments = styled_segments(caption, cap);
    let mut lines = set(segments.clone());
    let Some(credit) = credit else {
        return lines;
    };
    let small = TextStyle {
        size: cap.size * CREDIT_SCALE,
        ..*cap
    };
    let one_line = |runs| set_lines(fonts, runs, &small, 1e5, 0.0, Align::Start, false);
    let credit_w = one_line(plain(credit, &small))
        .first()
        .map_or(0.0, super::blocks::content_width);
    let sep = if credit.starts_with(['（', '(']) {
        ""
    } else {
        "\u{3000}"
    };
    let last_w = lines.last().map_or(width, super::blocks::content_width);
    if !lines.is_empty() && last_w + cap.size + credit_w <= width {
        if let Some(last) = segments.last_mut() {
            last.extend(plain(sep, cap));
            last.extend(plain(credit, &small));
        }
        return set(segments);
    }
    for mut f in set_lines(
        fonts,
        plain(credit, &small),
        &small,
        width,
        0.0,
        Align::Start,
        false,
    ) {
        let used = super::blocks::content_width(&f);
        let mut line = Frame::new(Size::new(width, cap.pitch.max(f.size.h)));
        f.size.w = used;
        line.push_frame(Point::new((width - used).max(0.0), 0.0), f, None);
        lines.push(line);
    }
    lines
}

/// Gap between the photos of a group, pt.
pub(crate) const PHOTO_GROUP_GAP_PT: f32 = 6.0;

/// Photos of a group side by side lower than this (25 mm, in pt: thumbnails)
/// are stacked instead, each at the column's width.
pub(crate) const PHOTO_GROUP_MIN_ROW_PT: f32 = 25.0 * 72.0 / 25.4;

/// Photos of a group side by side at one height across the column (at most
/// a share of the type area high), or stacked at the column's width when
/// side by side they would be lower than 25 mm (a narrow column); one
/// caption under them; a fixed float.
pub(crate) fn collect_photo_group(
    cx: &mut super::blocks::Cx<'_>,
    g: &crate::model::PhotoGroup,
    b: &Block,
    items: &mut Vec<Item>,
) {
    const GAP_PT: f32 = PHOTO_GROUP_GAP_PT;
    /// Highest share of the type area a group may take.
    const MAX_HEIGHT: f32 = 0.45;
    /// Highest share of the type area stacked photos may take.
    const MAX_STACK_HEIGHT: f32 = 0.75;
    let style = cx.style;
    let at = Span::new(cx.issue.article.clone(), b.span.clone());
    let mut photos = Vec::new();
    for f in &g.photos {
        let Some(asset) = cx.issue.assets.get(f.asset) else {
            continue;
        };
        match asset_info(
            asset,
            cx.fonts,
            style,
            style.column_width / g.photos.len() as f32,
        ) {
            Ok((info, label)) => photos.push((info, asset, label, f)),
            Err(mut d) => {
                d.span = Some(at.clone());
                cx.sink.push(d);
            }
        }
    }
    if photos.is_empty() {
        return;
    }
    let width = style.column_width;
    let gaps = GAP_PT * (photos.len() as f32 - 1.0);
    let ratio: f32 = photos
        .iter()
        .map(|(i, ..)| {
            let (w, h) = i.display_pixels();
            w as f32 / h.max(1) as f32
        })
        .sum();
    let mut h = (width - gaps) / ratio.max(0.01);
    h = h.min(style.body.h * MAX_HEIGHT);
    let aspects: Vec<f32> = photos
        .iter()
        .map(|(i, ..)| {
            let (w, ph) = i.display_pixels();
            w as f32 / ph.max(1) as f32
        })
        .collect();
    // Each photo's box (x, y, width, height): side by side at one height,
    // or one under another at the column's width when that height would
    // make a strip (a narrow column).
    let boxes: Vec<(f32, f32, f32, f32)> = if h < PHOTO_GROUP_MIN_ROW_PT && photos.len() > 1 {
        let most = style.body.h * MAX_STACK_HEIGHT - gaps;
        let natural: f32 = aspects.iter().map(|a| width / a.max(0.01)).sum();
        let scale = (most / natural.max(0.01)).min(1.0);
        let mut y = 0.0;
        aspects
            .iter()
            .map(|a| {
                let (w, bh) = (width * scale, width * scale / a.max(0.01));
                let b = ((width - w) / 2.0, y, w, bh);
                y += bh + GAP_PT;
                b
            })
            .collect()
    } else {
        let row_w: f32 = aspects.iter().map(|a| h * a).sum::<f32>() + gaps;
        let mut x = ((width - row_w) / 2.0).max(0.0);
        aspects
            .iter()
            .map(|a| {
                let b = (x, 0.0, h * a, h);
                x += h * a + GAP_PT;
                b
            })
            .collect()
    };
    let mut out = Frame::new(Size::new(width, 0.0));
    let mut y = 0.0;
    for ((info, asset, label, f), &(x, top, w, h)) in photos.iter().zip(&boxes) {
        let path = &asset.path;
        let (pw, ph) = info.display_pixels();
        if label.is_none()
            && let Some(d) = super::photo::resolution_finding(
                &asset.href,
                (pw, ph),
                w,
                super::distribute::MIN_PRINT_PPI,
            )
        {
            cx.sink.push(d.at(at.clone()));
        }
        let fig = photo_frame(info, path, label.as_deref(), w, h);
        let mut alt = if f.alt.is_empty() {
            plain_text(&g.caption)
        } else {
            f.alt.clone()
        };
        if label.is_some() {
            alt = super::placeholder::alt(&asset.href, &alt);
        }
        out.push_frame(
            Point::new(x, top),
            fig,
            Some(Tag {
                id: cx.ids.next(),
                kind: TagKind::Figure(alt),
                parents: None,
            }),
        );
        y = f32::max(y, top + h);
    }
    let lines = group_caption_lines(cx.fonts, style, &g.caption, g.credit.as_deref(), width);
    if !lines.is_empty() {
        y += CAPTION_GAP_LINES * style.caption.pitch;
        let cap = stack(lines, width);
        let ch = cap.size.h;
        out.push_frame(
            Point::new(0.0, y),
            cap,
            Some(Tag {
                id: cx.ids.next(),
                kind: TagKind::Caption,
                parents: None,
            }),
        );
        y += ch;
    }
    out.size.h = style.to_grid(y);
    items.push(Item::Float(Float::Fixed(out)));
}

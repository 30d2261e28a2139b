//! Page geometry and type styles, resolved once from the issue's
//! [`LayoutSettings`](crate::model::LayoutSettings).

use crate::fonts::Role;
use crate::frame::Color;
use crate::geom::{Rect, Size, mm};
use crate::model::LayoutSettings;

/// Gap between the bleed edge and the start of a crop mark, in mm: the marks
/// must stay clear of the bleed so they never print on a trimmed page.
pub(crate) const CROP_MARK_GAP_MM: f32 = 1.0;
/// Length of a crop mark, in mm (the usual 5 mm of most imposition tools).
pub(crate) const CROP_MARK_LEN_MM: f32 = 5.0;
/// Crop-mark line width in pt (a hairline that still survives platemaking).
pub(crate) const CROP_MARK_WIDTH_PT: f32 = 0.25;
/// Gap between two text columns, in em of the body size: clreq §2.3.1's
/// 2 em and ½ em more, so that the glyph boxes of the text layer stay 1½ em
/// apart even where a squeezed closing mark ends a left-column line (its box
/// is a full em, ½ em past the measure) beside a squeezed opening bracket
/// that begins the right-column line (its box starts ½ em before it). Text
/// extraction (poppler) joins words less than 1 em apart into one line.
pub(crate) const COLUMN_GAP_EM: f32 = 2.5;
/// Where a CJK face's baseline sits below the top of its em box, in em
/// (the ideographic em box of Noto CJK and WenKai runs from +0.88 to −0.12 em).
pub(crate) const EM_BOX_ASCENT: f32 = 0.88;

/// One text style: face, size, line pitch, colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TextStyle {
    /// Face.
    pub role: Role,
    /// Type size in pt.
    pub size: f32,
    /// Baseline-to-baseline distance in pt.
    pub pitch: f32,
    /// Fill colour.
    pub fill: Color,
}

/// Everything the page builder needs to know about the page and the type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Style {
    /// Media box size (trim + bleed + crop-mark area on every side).
    pub media: Size,
    /// Trim box in media coordinates.
    pub trim: Rect,
    /// Bleed box in media coordinates.
    pub bleed: Rect,
    /// Type area in media coordinates (a whole number of body lines high, a
    /// whole number of body ems wide per column), on a recto (an odd page:
    /// the inner margin on its left). Content is laid out here; a verso's
    /// is moved by [`Style::verso_dx`].
    pub body: Rect,
    /// How far a verso's (an even page's) type area and furniture stand
    /// right of a recto's: the margins mirrored about the spine, the inner
    /// one on the right (`outer - inner`; negative when the inner is wider).
    pub verso_dx: f32,
    /// Number of columns.
    pub columns: usize,
    /// Width of one column.
    pub column_width: f32,
    /// Gap between columns.
    pub column_gap: f32,
    /// Body line pitch: the unit of vertical space (clreq §3.4.2).
    pub pitch: f32,
    /// Accent colour.
    pub accent: Color,
    /// Body text (Song).
    pub body_text: TextStyle,
    /// Article title (Hei, large).
    pub title: TextStyle,
    /// Subtitle line.
    pub subtitle: TextStyle,
    /// Byline.
    pub byline: TextStyle,
    /// Date line.
    pub date: TextStyle,
    /// Lead (standfirst).
    pub lead: TextStyle,
    /// Section heading (Hei).
    pub heading: TextStyle,
    /// Section sub-heading (Hei, smaller).
    pub subheading: TextStyle,
    /// Pull-quote slogan lines (Hei, large, accent).
    pub slogan: TextStyle,
    /// Pull-quote attribution lines.
    pub attribution: TextStyle,
    /// Figure captions (Kai, smaller).
    pub caption: TextStyle,
    /// Running head.
    pub running_head: TextStyle,
    /// Page-foot notes (one size down, a tighter pitch than the body).
    pub foot_note: TextStyle,
    /// Where notes go (`[layout] notes`).
    pub notes: crate::model::NotePlacement,
    /// Folio (page number).
    pub folio: TextStyle,
}

/// Type sizes relative to the body size. clreq §4.1.2: headings 10–20 % larger
/// per level; the title and slogan are display sizes.
mod scale {
    pub const TITLE: f32 = 2.6;
    pub const SUBTITLE: f32 = 1.25;
    pub const BYLINE: f32 = 1.0;
    pub const DATE: f32 = 0.9;
    pub const LEAD: f32 = 1.1;
    pub const HEADING: f32 = 1.45;
    pub const SUBHEADING: f32 = 1.2;
    pub const SLOGAN: f32 = 2.2;
    pub const ATTRIBUTION: f32 = 1.0;
    pub const CAPTION: f32 = 0.9;
    pub const RUNNING_HEAD: f32 = 0.8;
    pub const FOLIO: f32 = 0.9;
    /// Page-foot notes: one size down (小五 9 pt under a 五号 10.5 pt body).
    pub const FOOT_NOTE: f32 = 9.0 / 10.5;
}

/// Line pitch of display lines, as a multiple of their size (tighter than
/// body text: large type needs less leading).
const DISPLAY_LEADING: f32 = 1.3;
/// Caption line pitch as a multiple of the caption size.
const CAPTION_LEADING: f32 = 1.5;
/// Page-foot note line pitch as a multiple of the note size.
const FOOT_NOTE_LEADING: f32 = 1.5;

impl Style {
    /// Resolve the settings. Values that make no page (zero or negative sizes,
    /// margins larger than the page) are clamped to something printable.
    pub(crate) fn resolve(l: &LayoutSettings) -> Style {
        let body_size = l.body_size_pt.clamp(6.0, 24.0);
        let pitch = body_size * l.leading().clamp(1.0, 3.0);
        let trim_size = Size::new(
            mm(l.trim_width_mm.max(50.0)),
            mm(l.trim_height_mm.max(50.0)),
        );
        let bleed = mm(l.bleed_mm.clamp(0.0, 10.0));
        let slug = bleed + mm(CROP_MARK_GAP_MM + CROP_MARK_LEN_MM + CROP_MARK_GAP_MM);
        let media = Size::new(trim_size.w + 2.0 * slug, trim_size.h + 2.0 * slug);
        let trim = Rect::new(slug, slug, trim_size.w, trim_size.h);
        let bleed_rect = trim.outset(bleed);

        let [top, bottom, inner, outer] = l.margins_mm.map(|m| mm(m.max(0.0)));
        let avail_w = (trim.w - inner - outer).max(10.0 * body_size);
        let avail_h = (trim.h - top - bottom).max(10.0 * pitch);
        let columns = usize::from(l.columns.clamp(1, 2));
        let column_gap = if columns > 1 {
            COLUMN_GAP_EM * body_size
        } else {
            0.0
        };
        // clreq §2.3.1: the type area is a grid of whole characters and lines,
        // so justified lines need no stretch when they hold only Han characters.
        let per_col = (avail_w - column_gap * (columns as f32 - 1.0)) / columns as f32;
        let column_width = (per_col / body_size).floor() * body_size;
        let body_w = column_width * columns as f32 + column_gap * (columns as f32 - 1.0);
        let body_h = (avail_h / pitch).floor() * pitch;
        // Centre the grid's leftover width in the margins; leftover height goes to the foot.
        let body = Rect::new(
            trim.x + inner + (avail_w - body_w) / 2.0,
            trim.y + top,
            body_w,
            body_h,
        );

        // Both renditions of the accent: its inks for print, its RGB for screen.
        let accent = Color::Process {
            cmyk: l
                .print
                .accent_cmyk
                .map(|v| (v.clamp(0.0, 1.0) * 255.0).round() as u8),
            rgb: l.accent,
        };
        let display = |role, k: f32, fill| TextStyle {
            role,
            size: body_size * k,
            pitch: body_size * k * DISPLAY_LEADING,
            fill,
        };
        let caption_size = body_size * scale::CAPTION;
        Style {
            media,
            trim,
            bleed: bleed_rect,
            body,
            verso_dx: outer - inner,
            columns,
            column_width,
            column_gap,
            pitch,
            accent,
            body_text: TextStyle {
                role: Role::Body,
                size: body_size,
                pitch,
                fill: Color::Black,
            },
            title: display(Role::Heading, scale::TITLE, Color::Black),
            subtitle: display(Role::Caption, scale::SUBTITLE, Color::Black),
            byline: display(Role::Caption, scale::BYLINE, Color::Black),
            date: display(Role::Body, scale::DATE, Color::Black),
            lead: TextStyle {
                role: Role::Caption,
                size: body_size * scale::LEAD,
                pitch: body_size * scale::LEAD * 1.6,
                fill: Color::Black,
            },
            heading: display(Role::Heading, scale::HEADING, Color::Black),
            subheading: display(Role::Heading, scale::SUBHEADING, Color::Black),
            slogan: display(Role::Heading, scale::SLOGAN, accent),
            attribution: display(Role::Caption, scale::ATTRIBUTION, Color::Black),
            caption: TextStyle {
                role: Role::Caption,
                size: caption_size,
                pitch: caption_size * CAPTION_LEADING,
                fill: Color::Black,
            },
            running_head: display(Role::Body, scale::RUNNING_HEAD, Color::Black),
            foot_note: TextStyle {
                role: Role::Body,
                size: body_size * scale::FOOT_NOTE,
                pitch: body_size * scale::FOOT_NOTE * FOOT_NOTE_LEADING,
                fill: Color::Black,
            },
            notes: l.notes,
            folio: display(Role::Body, scale::FOLIO, Color::Black),
        }
    }

    /// How far page `index` (from 0: index 0 is page 1, a recto) stands
    /// right of a recto: 0 on a recto, [`Style::verso_dx`] on a verso.
    pub(crate) fn page_dx(&self, index: usize) -> f32 {
        if index % 2 == 1 { self.verso_dx } else { 0.0 }
    }

    /// The height `h` rounded up to whole body lines (clreq §3.4.2: space in
    /// multiples of the line pitch keeps the text on the grid).
    pub(crate) fn to_grid(&self, h: f32) -> f32 {
        // A hair of tolerance so float noise never adds a whole line.
        ((h - 0.01) / self.pitch).ceil().max(0.0) * self.pitch
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_nest_and_type_area_is_a_grid() {
        let s = Style::resolve(&LayoutSettings::default());
        assert!((s.trim.w - mm(185.0)).abs() < 0.01 && (s.trim.h - mm(260.0)).abs() < 0.01);
        let media = Rect::new(0.0, 0.0, s.media.w, s.media.h);
        assert!(media.contains_rect(&s.bleed, 0.0) && s.bleed.contains_rect(&s.trim, 0.0));
        assert!(s.trim.contains_rect(&s.body, 0.0));
        let ems = s.column_width / s.body_text.size;
        assert!((ems - ems.round()).abs() < 1e-3, "column is {ems} em");
        let lines = s.body.h / s.pitch;
        assert!((lines - lines.round()).abs() < 1e-3);
    }

    #[test]
    fn a_versos_margins_mirror_a_rectos() {
        let l = LayoutSettings::default();
        let [_, _, inner, outer] = l.margins_mm.map(mm);
        assert!(inner != outer, "the default margins exercise the mirror");
        let s = Style::resolve(&l);
        let recto = (s.body.x - s.trim.x, s.trim.right() - s.body.right());
        let v = s.body.x + s.page_dx(1);
        let verso = (v - s.trim.x, s.trim.right() - (v + s.body.w));
        assert!(
            (recto.0 - verso.1).abs() < 0.01 && (recto.1 - verso.0).abs() < 0.01,
            "recto {recto:?}, verso {verso:?}"
        );
        assert!(recto.0 > recto.1, "the inner margin is a recto's left");
        assert_eq!(s.page_dx(0), 0.0);
        assert_eq!(s.page_dx(2), 0.0);
    }

    #[test]
    fn two_columns_fit_the_type_area() {
        let l = LayoutSettings {
            columns: 2,
            ..LayoutSettings::default()
        };
        let s = Style::resolve(&l);
        assert_eq!(s.columns, 2);
        assert!((2.0 * s.column_width + s.column_gap - s.body.w).abs() < 0.01);
    }
}

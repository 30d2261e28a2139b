//! clreq spacing: shaped clusters → items and the gaps between them, with
//! punctuation compression (§3.1.6.2), Han–Western spacing (§3.2.2) and the
//! stretch and shrink each allows (§3.5).
//!
//! Nothing here knows where lines break: the line-edge rules (P2, P3, no
//! Han–Western space at an edge) are applied by `line` when a line is measured.

use super::shaping::{Cluster, HalfForm};
use crate::cjk::{self, InkSide};
use crate::fonts::Role;

/// M1 (clreq §3.2.2): natural space between Han and Western letters or digits, in em.
pub(super) const HAN_WESTERN_SPACE_EM: f64 = 0.25;
/// J3 (clreq §3.5.4 item 2): Han–Western space may grow "to about ⅓ em". We stop
/// at 0.3 em so it still reads as the ¼ em space of §3.2.2, not a word space; past
/// that, the line's inter-character spacing takes over (and this gap takes no part
/// in it, so it never grows further).
pub(super) const HAN_WESTERN_MAX_EM: f64 = 0.3;
/// J2 (clreq §3.5.3 item 6): Han–Western space may shrink to ⅛ em.
pub(super) const HAN_WESTERN_MIN_EM: f64 = 0.125;
/// J3 (clreq §3.5.4 item 1): a Western word space may grow to ½ em.
pub(super) const SPACE_MAX_EM: f64 = 0.5;
/// J2 (clreq §3.5.3 item 2): a Western word space may shrink to ¼ em.
pub(super) const SPACE_MIN_EM: f64 = 0.25;

/// U+3000 sets a fixed em on the character grid (e.g. deliberate indents in
/// imported text): it is set like a Han character, not stretched or dropped at a
/// line edge like a Western space.
const IDEOGRAPHIC_SPACE: char = '\u{3000}';

/// What an item is, as far as spacing and breaking care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A Western word space (U+0020 and friends): stretches and shrinks, vanishes at a line edge.
    Space,
    /// A control character such as a line feed: no width.
    Control,
    /// A Han character (counts for the orphan rule, clreq §3.4.4).
    Han,
    /// Any other letter, digit or symbol.
    Letter,
    /// A punctuation mark.
    Punct,
}

/// One cluster as the line breaker sees it.
#[derive(Debug, Clone)]
pub(super) struct Item {
    /// The shaped cluster.
    pub cluster: Cluster,
    /// Its face.
    pub role: Role,
    /// Its type size in pt (its em).
    pub size: f64,
    /// Baseline shift up in pt: a raised item (a note reference) binds to
    /// the item before it.
    pub rise: f64,
    /// What it is.
    pub kind: Kind,
    /// Natural width in pt, after P1 compression.
    pub width: f64,
    /// How much P1 already took from a full-width mark, in pt.
    pub squeezed: f64,
    /// How much more a full-width mark could give before it is half-width, in pt.
    pub squeezable: f64,
    /// J2 shrink priority of a full-width mark (see [`cjk::punct_shrink_priority`]).
    pub shrink_priority: Option<u8>,
    /// How much a space may shrink / stretch, in pt.
    pub space_shrink: f64,
    /// How much a space may stretch, in pt.
    pub space_stretch: f64,
}

impl Item {
    /// The half-width form, for a full-width mark with a blank half.
    pub fn half(&self) -> Option<HalfForm> {
        self.cluster.half
    }

    /// Whether this is a mark with a blank half on `side`'s opposite, i.e. whose ink
    /// is on `side`.
    pub fn ink_on(&self, side: InkSide) -> bool {
        self.half().is_some_and(|h| h.ink == side)
    }

    /// Whether the item is raised (a superscript note reference), so it
    /// binds to the item before it.
    pub fn is_raised(&self) -> bool {
        self.rise > 0.0
    }

    /// Whether the item is invisible at a line edge (spaces, controls).
    pub fn is_blank(&self) -> bool {
        matches!(self.kind, Kind::Space | Kind::Control)
    }
}

/// The space between two neighbouring items.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Gap {
    /// Natural width in pt (¼ em between Han and Western text, else 0).
    pub natural: f64,
    /// How much the Han–Western space may grow, in pt.
    pub hw_stretch: f64,
    /// How much the Han–Western space may shrink, in pt.
    pub hw_shrink: f64,
    /// Whether justification may put inter-character space here (J3 item 3, M2).
    pub justifiable: bool,
}

/// Turn clusters into items with natural widths.
pub(super) fn items(
    clusters: Vec<Cluster>,
    span_style: impl Fn(usize) -> (Role, f64, f64),
) -> Vec<Item> {
    clusters
        .into_iter()
        .map(|cluster| {
            let (role, size, rise) = span_style(cluster.span);
            let c = cluster.first;
            let kind = if c.is_control() {
                Kind::Control
            } else if c.is_whitespace() && c != IDEOGRAPHIC_SPACE {
                Kind::Space
            } else if cjk::is_han(c) {
                Kind::Han
            } else if c.is_alphanumeric() {
                Kind::Letter
            } else if is_punctuation(c) {
                Kind::Punct
            } else {
                Kind::Letter
            };
            let width = match kind {
                Kind::Control => 0.0,
                _ => cluster.glyphs.iter().map(|g| g.advance).sum(),
            };
            let squeezable = cluster.half.map_or(0.0, |h| (width - h.advance).max(0.0));
            let shrink_priority = cluster.half.and_then(|_| cjk::punct_shrink_priority(c));
            let (space_shrink, space_stretch) = if kind == Kind::Space {
                (
                    (width - SPACE_MIN_EM * size).max(0.0),
                    (SPACE_MAX_EM * size - width).max(0.0),
                )
            } else {
                (0.0, 0.0)
            };
            Item {
                cluster,
                role,
                size,
                rise,
                kind,
                width,
                squeezed: 0.0,
                squeezable,
                shrink_priority,
                space_shrink,
                space_stretch,
            }
        })
        .collect()
}

/// Whether `c` is punctuation for spacing purposes.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || cjk::is_opening_bracket(c)
        || cjk::is_closing_bracket(c)
        || cjk::is_pause_or_stop(c)
        || cjk::is_connector(c)
        || cjk::is_interpunct(c)
        || cjk::is_solidus(c)
        || cjk::is_paired_mark(c)
        || matches!(c as u32, 0x2000..=0x206F | 0x3000..=0x303F | 0xFE30..=0xFE4F | 0xFF01..=0xFF0F)
}

/// Whether an item is a full-width CJK mark of any kind (adjustable or not):
/// the neighbours P1 compresses against.
fn is_full_width_mark(item: &Item) -> bool {
    item.half().is_some()
        || (item.kind == Kind::Punct
            && !cjk::is_western(item.cluster.first)
            && item.width >= 0.9 * item.size)
}

/// P1 (clreq §3.1.6.2): two adjacent full-width marks take 1.5 em, not 2: the first
/// loses its blank right half, or else the second its blank left half. Each bracket
/// keeps tight against the text it encloses. Interpuncts and solidi have no half
/// form, so they are never adjusted (P4, §3.1.6.1).
pub(super) fn compress_adjacent_marks(items: &mut [Item]) {
    for k in 1..items.len() {
        let (before, after) = items.split_at_mut(k);
        let (a, b) = (&mut before[k - 1], &mut after[0]);
        if !is_full_width_mark(a) || !is_full_width_mark(b) {
            continue;
        }
        if a.ink_on(InkSide::Left) && a.squeezable > 0.0 {
            squeeze(a, a.squeezable);
        } else if b.ink_on(InkSide::Right) && b.squeezable > 0.0 {
            squeeze(b, b.squeezable);
        }
    }
}

/// Take `amount` pt from a full-width mark's blank half.
fn squeeze(item: &mut Item, amount: f64) {
    let amount = amount.min(item.squeezable);
    item.squeezed += amount;
    item.squeezable -= amount;
    item.width -= amount;
}

/// The gaps between neighbouring items (`gaps[k]` follows `items[k]`).
pub(super) fn gaps(items: &[Item]) -> Vec<Gap> {
    items
        .windows(2)
        .map(|pair| gap_between(&pair[0], &pair[1]))
        .collect()
}

/// M1 (clreq §3.2.2) and the justification opportunities of J3/M2 (§3.5.4, §3.2.4).
fn gap_between(a: &Item, b: &Item) -> Gap {
    let (x, y) = (a.cluster.last, b.cluster.first);
    let mut gap = Gap::default();
    // A superscript sits tight against its anchor: no space before it, and
    // no Han–Western space after it either (it is not running text).
    if b.is_raised() {
        return gap;
    }
    if !a.is_raised() && cjk::wants_han_western_space(x, y) {
        // The em of the Han side: that is the text the space is measured against.
        let em = if cjk::is_cjk_letter(x) {
            a.size
        } else {
            b.size
        };
        gap.natural = HAN_WESTERN_SPACE_EM * em;
        gap.hw_stretch = (HAN_WESTERN_MAX_EM - HAN_WESTERN_SPACE_EM) * em;
        gap.hw_shrink = (HAN_WESTERN_SPACE_EM - HAN_WESTERN_MIN_EM) * em;
    }
    let western = |c: char, item: &Item| cjk::is_western(c) || item.cluster.latin;
    let inside_western_word = western(x, a) && western(y, b);
    let inside_paired_mark = cjk::is_unbreakable_pair(x, y);
    gap.justifiable = gap.natural == 0.0
        && !inside_western_word
        && !inside_paired_mark
        && !a.is_blank()
        && !b.is_blank()
        && cjk::accepts_space_after(x)
        && cjk::accepts_space_before(y);
    gap
}

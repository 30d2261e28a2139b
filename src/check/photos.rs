//! Photo resolution at the width a photo really prints at in its issue's
//! layout: one text column ([`crate::typeset::figure_width_pt`], so one
//! column of a two-column page), a photo group's share of it
//! ([`crate::typeset::photo_group_widths_pt`]). The page builder may set a
//! figure smaller still (to fit a page), never wider, so a photo that passes
//! here passes in print. One finding per photo, at its first reference,
//! worded by [`crate::typeset::resolution_finding`] for `check`, `build` and
//! the typesetter.

use crate::diag::{Diagnostic, Span};
use crate::model::{Asset, Block, BlockKind, Issue, walk};
use crate::typeset::resolution_finding;
use std::collections::BTreeMap;

/// Offset print needs 300 ppi at the printed size for photos to look sharp
/// (the usual prepress requirement for halftone screens of 150 lpi × 2).
pub const PRINT_MIN_PPI: f32 = crate::typeset::MIN_PRINT_PPI;

/// Every photo of `issue` under `min_ppi` at its printed width, once each (at
/// the widest place it is used), at its first reference.
pub fn low_resolution(issue: &Issue, min_ppi: f32) -> Vec<Diagnostic> {
    let column = crate::typeset::figure_width_pt(&issue.layout);
    // asset → widest printed width.
    let mut widest: BTreeMap<usize, f32> = BTreeMap::new();
    let mut note = |asset: usize, w: f32| {
        let e = widest.entry(asset).or_insert(0.0);
        *e = e.max(w);
    };
    let mut visit = |b: &Block| match &b.kind {
        BlockKind::Figure(f) => note(f.asset, column),
        BlockKind::PhotoGroup(g) => {
            let pixels: Vec<(u32, u32)> = g
                .photos
                .iter()
                .map(|f| {
                    issue
                        .assets
                        .get(f.asset)
                        .and_then(displayed)
                        .unwrap_or((1, 1))
                })
                .collect();
            let widths = crate::typeset::photo_group_widths_pt(column, &pixels);
            for (f, w) in g.photos.iter().zip(widths) {
                note(f.asset, w);
            }
        }
        _ => {}
    };
    walk(&issue.before_title, &mut visit);
    walk(&issue.blocks, &mut visit);
    for n in &issue.notes {
        walk(&n.body, &mut visit);
    }
    widest
        .into_iter()
        .filter_map(|(i, w)| {
            let asset = issue.assets.get(i)?;
            let pixels = displayed(asset)?;
            let mut d = resolution_finding(&asset.href, pixels, w, min_ppi)?;
            // `check --strict`: a photo under 150 ppi stops the issue.
            let ppi = pixels.0 as f32 / (w / 72.0);
            if crate::preflight::is_strict() && ppi < crate::preflight::STRICT_MIN_PPI {
                d.severity = crate::diag::Severity::Error;
            }
            Some(d.at(Span::new(&asset.file, asset.span.clone())))
        })
        .collect()
}

/// A probed photo's pixel size as displayed (EXIF orientations 5–8 turn it);
/// `None` for a placeholder or a photo not probed.
fn displayed(asset: &Asset) -> Option<(u32, u32)> {
    if asset.placeholder {
        return None;
    }
    let h = asset.header?;
    let (w, ht) = h.pixels;
    Some(if (5..=8).contains(&h.orientation) {
        (ht, w)
    } else {
        (w, ht)
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_group_shares_the_column() {
        let w = crate::typeset::photo_group_widths_pt(409.5, &[(400, 300), (400, 300)]);
        assert!((w[0] + w[1] + 6.0 - 409.5).abs() < 0.01 && (w[0] - w[1]).abs() < 0.01);
    }

    /// Three panoramas in a 67 mm column would make a strip 7 mm high side
    /// by side, so the page builder stacks them at the column's width: the
    /// check judges each at that width.
    #[test]
    fn a_group_too_low_side_by_side_is_judged_at_the_column_width() {
        let w = crate::typeset::photo_group_widths_pt(190.0, &[(3000, 1000); 3]);
        assert_eq!(w, vec![190.0; 3]);
    }
}

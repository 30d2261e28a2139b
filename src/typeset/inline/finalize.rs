//! Finalize: chosen lines → positioned glyph runs, with the line-edge rules
//! applied and the leftover space distributed in clreq §3.5 priority order.

use super::adjust::Kind;
use super::line::{
    MAX_STRETCH_EM, SHRINK_HAN_WESTERN, SHRINK_SPACES, SHRINK_TIERS, shrink_tier_of_priority,
};
use super::linebreak::LineChoice;
use super::prepare::Preparation;
use super::{Align, GlyphRun, Line, Paragraph, PlacedGlyph};

/// How a line's items and gaps end up, before glyphs are placed.
struct Plan {
    /// Extra squeeze per item (line-edge trims and J2 shrinking of marks), in pt.
    squeeze: Vec<f64>,
    /// Width change per item (spaces stretched, shrunk, or zeroed at the edges), in pt.
    resize: Vec<f64>,
    /// Final width of the gap after each item (the line's last gap is unused), in pt.
    gap: Vec<f64>,
}

/// Turn the chosen lines into finished lines.
pub(super) fn finalize(prep: Preparation, choices: &[LineChoice]) -> Paragraph {
    let lines = choices
        .iter()
        .map(|choice| finalize_line(&prep, choice))
        .collect();
    Paragraph {
        text: prep.text,
        lines,
    }
}

fn finalize_line(prep: &Preparation, choice: &LineChoice) -> Line {
    let (a, b) = (choice.start, choice.end);
    let m = prep.measure(a, b);
    let n = b - a;
    let mut plan = Plan {
        squeeze: vec![0.0; n],
        resize: vec![0.0; n],
        gap: vec![0.0; n],
    };
    // Blanks at either edge take no room (their glyphs stay, for the text layer).
    for k in (a..m.start).chain(m.end..b) {
        plan.resize[k - a] = -prep.items[k].width;
    }
    if m.start < m.end {
        // P2 and P3 (clreq §3.1.6.3).
        plan.squeeze[m.start - a] += m.trim_start;
        plan.squeeze[m.end - 1 - a] += m.trim_end;
        for k in m.start..m.end - 1 {
            plan.gap[k - a] = prep.gaps[k].natural;
        }
        let delta = prep.width - m.natural;
        if delta < 0.0 {
            shrink(prep, &m, a, -delta, &mut plan);
        } else if prep.align == Align::Justify && !choice.last {
            stretch(prep, &m, a, delta, &mut plan);
        }
    }
    place(prep, &m, choice, &plan)
}

/// J2 (clreq §3.5.3): take `amount` pt from the line, tier by tier, each tier in
/// proportion to what its members can give.
fn shrink(prep: &Preparation, m: &super::line::Measure, a: usize, amount: f64, plan: &mut Plan) {
    let mut left = amount;
    for tier in 0..SHRINK_TIERS {
        let cap = m.shrink[tier];
        if left <= 0.0 || cap <= 0.0 {
            continue;
        }
        let ratio = (left / cap).min(1.0);
        left -= cap * ratio;
        if tier == SHRINK_HAN_WESTERN {
            for k in m.start..m.end - 1 {
                plan.gap[k - a] -= prep.gaps[k].hw_shrink * ratio;
            }
            continue;
        }
        let first = m.start + usize::from(m.first_fixed);
        for k in first..m.end {
            let item = &prep.items[k];
            if tier == SHRINK_SPACES {
                plan.resize[k - a] -= item.space_shrink * ratio;
            } else if item.shrink_priority.map(shrink_tier_of_priority) == Some(tier)
                && plan.squeeze[k - a] == 0.0
            {
                // Edge-trimmed marks (squeeze already set) are half-width already.
                plan.squeeze[k - a] += item.squeezable * ratio;
            }
        }
    }
}

/// J3 (clreq §3.5.4): add `amount` pt to a justified line: Western spaces up to
/// ½ em, then Han–Western spacing up to ⅓ em, then the rest evenly between
/// characters. Never inside `——`/`……`, a Western word or number, or next to `，。`
/// (M2). Each place takes up to [`MAX_STRETCH_EM`] before any takes more (the
/// breaker makes lines that need more very costly, so they are rare); a line with
/// no place at all (a piece of a long number) ends short, never letter-spaced.
fn stretch(prep: &Preparation, m: &super::line::Measure, a: usize, amount: f64, plan: &mut Plan) {
    let mut left = amount;
    if m.space_stretch > 0.0 {
        let ratio = (left / m.space_stretch).min(1.0);
        left -= m.space_stretch * ratio;
        for k in m.start..m.end {
            plan.resize[k - a] += prep.items[k].space_stretch * ratio;
        }
    }
    if left > 0.0 && m.hw_stretch > 0.0 {
        let ratio = (left / m.hw_stretch).min(1.0);
        left -= m.hw_stretch * ratio;
        for k in m.start..m.end - 1 {
            plan.gap[k - a] += prep.gaps[k].hw_stretch * ratio;
        }
    }
    if left <= 0.0 {
        return;
    }
    let sites = stretch_sites(prep, m);
    spread(prep, a, left, &sites, plan);
}

/// A place the stretch beyond the J3 limits goes: the gap after an item, or a
/// word space (the item itself).
#[derive(Clone, Copy)]
enum Site {
    Gap(usize),
    Space(usize),
}

/// Where the stretch beyond the J3 limits goes (see `line::max_extra`): the
/// justifiable gaps (J3 item 3); on a line with none, its Han–Western gaps and
/// word spaces; never a gap inside a Western word or number (clreq §3.2.4).
fn stretch_sites(prep: &Preparation, m: &super::line::Measure) -> Vec<Site> {
    let interior = m.start..m.end - 1;
    if m.justifiable > 0 {
        return interior
            .filter(|&k| prep.gaps[k].justifiable)
            .map(Site::Gap)
            .collect();
    }
    let gaps = interior
        .filter(|&k| prep.gaps[k].natural > 0.0)
        .map(Site::Gap);
    let spaces = (m.start..m.end)
        .filter(|&k| prep.items[k].kind == Kind::Space)
        .map(Site::Space);
    gaps.chain(spaces).collect()
}

/// Share `amount` pt evenly among `sites`, none taking more than
/// [`MAX_STRETCH_EM`] of its em while another can still take some; only what
/// all of them cannot take within it is shared out past it.
fn spread(prep: &Preparation, a: usize, amount: f64, sites: &[Site], plan: &mut Plan) {
    let cap = |site: Site| {
        let k = match site {
            Site::Gap(k) | Site::Space(k) => k,
        };
        MAX_STRETCH_EM * prep.items[k].size
    };
    let mut given = vec![0.0; sites.len()];
    let mut left = amount;
    loop {
        let open: Vec<usize> = (0..sites.len())
            .filter(|&i| given[i] < cap(sites[i]))
            .collect();
        if open.is_empty() || left <= SPREAD_EPSILON_PT {
            break;
        }
        let each = left / open.len() as f64;
        for i in open {
            let add = each.min(cap(sites[i]) - given[i]);
            given[i] += add;
            left -= add;
        }
    }
    // Past the limit only when the breaker found no better line: a justified
    // line with a place for space still meets both edges.
    if left > SPREAD_EPSILON_PT && !sites.is_empty() {
        let each = left / sites.len() as f64;
        for g in &mut given {
            *g += each;
        }
    }
    for (site, add) in sites.iter().zip(given) {
        match *site {
            Site::Gap(k) => plan.gap[k - a] += add,
            Site::Space(k) => plan.resize[k - a] += add,
        }
    }
}

/// Stretch left over below this (rounding) is not shared out again.
const SPREAD_EPSILON_PT: f64 = 1e-9;

/// Place the glyphs and group them into runs.
fn place(prep: &Preparation, m: &super::line::Measure, choice: &LineChoice, plan: &Plan) -> Line {
    let (a, b) = (choice.start, choice.end);
    let mut glyphs: Vec<(usize, PlacedGlyph)> = Vec::new(); // (item, glyph)
    let mut used = if a == 0 { prep.indent } else { 0.0 };
    let start_x = used;
    for k in a..b {
        let item = &prep.items[k];
        let squeeze = item.squeezed + plan.squeeze[k - a];
        let count = item.cluster.glyphs.len();
        for (g, shaped) in item.cluster.glyphs.iter().enumerate() {
            let mut advance = shaped.advance;
            let mut x_offset = shaped.offset.0;
            if let (Some(half), true) = (item.half(), squeeze > 0.0) {
                // Interpolate between the full and the half-width form.
                let range = shaped.advance - half.advance;
                let t = if range > 0.0 {
                    (squeeze / range).min(1.0)
                } else {
                    0.0
                };
                advance = shaped.advance - range * t;
                x_offset = shaped.offset.0 + (half.x_offset - shaped.offset.0) * t;
            }
            // Controls take no room; nor do blanks at a line edge.
            let edge_blank = k < m.start || k >= m.end;
            if item.kind == Kind::Control || edge_blank {
                advance = 0.0;
            }
            if g == 0 {
                advance = (advance + plan.resize[k - a]).max(0.0);
            }
            if g + 1 == count && k + 1 < m.end && k >= m.start {
                advance += plan.gap[k - a];
            }
            let range = &item.cluster.range;
            let text_range = if g == 0 {
                range.clone()
            } else {
                range.end..range.end
            };
            used += advance;
            glyphs.push((
                k,
                PlacedGlyph {
                    id: shaped.id,
                    advance_pt: advance as f32,
                    offset_pt: (x_offset as f32, (shaped.offset.1 + item.rise) as f32),
                    text_range,
                },
            ));
        }
    }
    let justified = prep.align == Align::Justify && !choice.last;
    let shift = match prep.align {
        Align::Center => ((prep.width - used) / 2.0).max(0.0),
        Align::End => (prep.width - used).max(0.0),
        _ => 0.0,
    };
    // Runs split where the face, size or baseline changes.
    let mut runs: Vec<(GlyphRun, f64)> = Vec::new();
    let mut x = start_x + shift;
    for (k, glyph) in glyphs {
        let item = &prep.items[k];
        let advance = f64::from(glyph.advance_pt);
        match runs.last_mut() {
            Some((run, rise))
                if run.role == item.role
                    && f64::from(run.size_pt) == item.size
                    && *rise == item.rise =>
            {
                run.glyphs.push(glyph)
            }
            _ => runs.push((
                GlyphRun {
                    role: item.role,
                    size_pt: item.size as f32,
                    x_pt: x as f32,
                    glyphs: vec![glyph],
                },
                item.rise,
            )),
        }
        x += advance;
    }
    let runs: Vec<GlyphRun> = runs.into_iter().map(|(run, _)| run).collect();
    let width = if justified && (used - prep.width).abs() <= 0.01 {
        prep.width
    } else {
        used
    };
    let size = prep.items[a..b].iter().map(|i| i.size).fold(0.0, f64::max);
    Line {
        runs,
        text_range: prep.items[a].cluster.range.start..prep.items[b - 1].cluster.range.end,
        width_pt: width as f32,
        size_pt: size as f32,
    }
}

//! Prepare: collected text → shaped, spaced items with their break classes,
//! ready for the breaker to measure any candidate line.

use super::adjust::{self, Gap, Item};
use super::breaks::{self, Break};
use super::collect::Collection;
use super::line::{self, Measure, Prefix};
use super::shaping;
use super::{Align, ParInput};
use crate::fonts::{Fonts, Role};

/// A paragraph ready for line breaking.
#[derive(Debug, Clone)]
pub(super) struct Preparation {
    /// The paragraph text.
    pub text: String,
    /// One item per shaping cluster, in text order.
    pub items: Vec<Item>,
    /// `gaps[k]` lies between `items[k]` and `items[k + 1]`.
    pub gaps: Vec<Gap>,
    /// `breaks[k]` classifies a break at `gaps[k]`.
    pub breaks: Vec<Break>,
    /// `break_costs[k]`: extra cost of a break at `gaps[k]` (style preferences).
    pub break_costs: Vec<f64>,
    /// Running sums for measuring lines.
    pub prefix: Prefix,
    /// The measure in pt.
    pub width: f64,
    /// First-line indent in pt.
    pub indent: f64,
    /// Line alignment.
    pub align: Align,
    /// Display text (a title, a heading, a table's header: centred, or flush left all
    /// in the heading face): lines end where a phrase does and are costed
    /// by how even they are, not by how well they would justify.
    pub display: bool,
    /// `token_prefix[k]`: how many of `items[..k]` belong to a long Western
    /// token ([`breaks::long_token_items`]).
    pub token_prefix: Vec<u32>,
}

/// Shape, space and classify the collected paragraph.
pub(super) fn prepare(fonts: &Fonts, input: &ParInput, collection: Collection) -> Preparation {
    let clusters = shaping::shape(fonts, &collection);
    let spans = &collection.spans;
    let mut items = adjust::items(clusters, |s| {
        let span = &spans[s];
        (span.role, f64::from(span.size_pt), f64::from(span.rise_pt))
    });
    // L5 (clreq §3.1.4): punctuation width adjustment comes before break points are chosen.
    adjust::compress_adjacent_marks(&mut items);
    let gaps = adjust::gaps(&items);
    let breaks = breaks::classify(&collection.text, &items);
    let prefix = Prefix::new(&items, &gaps);
    let first_size = spans.first().map_or(0.0, |s| f64::from(s.size_pt));
    let indent = f64::from(input.first_line_indent_em).max(0.0) * first_size;
    let width = if input.width_pt.is_finite() {
        f64::from(input.width_pt).max(0.0)
    } else {
        0.0
    };
    let mut break_costs: Vec<f64> = breaks::line_start_costs(&items)
        .into_iter()
        .zip(breaks::short_run_costs(&items, &breaks, width))
        .map(|(a, b)| a + b)
        .collect();
    // Display lines end where a phrase does: centred lines (titles,
    // headings) and flush-left text all in the heading face (a table's
    // header, a label). A justified paragraph all in bold is body text.
    let display = input.align == Align::Center
        || (input.align == Align::Start
            && !input.runs.is_empty()
            && input.runs.iter().all(|r| r.role == Role::Heading));
    if display {
        for (cost, word) in break_costs
            .iter_mut()
            .zip(breaks::display_break_costs(&collection.text, &items))
        {
            *cost += word;
        }
    }
    let token_prefix = std::iter::once(0)
        .chain(
            breaks::long_token_items(&items)
                .into_iter()
                .scan(0, |n, t| {
                    *n += u32::from(t);
                    Some(*n)
                }),
        )
        .collect();
    Preparation {
        token_prefix,
        text: collection.text,
        items,
        gaps,
        breaks,
        break_costs,
        prefix,
        width,
        indent,
        align: input.align,
        display,
    }
}

impl Preparation {
    /// Measure items `a..b` as a line (the first line carries the indent).
    /// Whether the visible items `start..end` are all a piece of a long
    /// Western token (a URL-only line).
    pub(super) fn all_token(&self, start: usize, end: usize) -> bool {
        end > start && (self.token_prefix[end] - self.token_prefix[start]) as usize == end - start
    }

    pub(super) fn measure(&self, a: usize, b: usize) -> Measure {
        let indent = if a == 0 { self.indent } else { 0.0 };
        line::measure(&self.items, &self.prefix, a, b, indent)
    }
}

//! Copy-fitting (缩排): `[layout] fit_pages = N` sets an article on at most
//! N pages by tightening the type a step at a time, as a newspaper's
//! make-up desk does when a story runs a few lines over its space: first
//! the line pitch (down to 1.6 times the type size, still clreq's open
//! Chinese setting), then the type size (down by up to 1 pt, at least 9 pt).
//! Each step is a full typesetting, so every rule (kinsoku, widows, keeps,
//! the balanced last page) holds at the size chosen. When even the tightest
//! step runs over, the article is set as written and a warning says by how
//! much it runs over.

use super::typeset_each;
use crate::diag::Diagnostic;
use crate::fonts::Fonts;
use crate::model::{ArticleStart, Book, Issue, LayoutSettings};
use std::borrow::Cow;

/// The tightest line pitch copy-fitting goes to, as a multiple of the type size.
const MIN_LEADING: f32 = 1.6;
/// Line pitch steps.
const LEADING_STEP: f32 = 0.05;
/// How far copy-fitting lowers the type size, pt, and in which steps.
const MAX_SIZE_CUT_PT: f32 = 1.0;
const SIZE_STEP_PT: f32 = 0.25;
/// The smallest body size copy-fitting sets, pt (小五 is 9 pt).
const MIN_SIZE_PT: f32 = 9.0;

/// The layouts copy-fitting tries after the article's own, loosest first:
/// the pitch in steps to [`MIN_LEADING`], then at that pitch the size in
/// steps of [`SIZE_STEP_PT`]. Never looser than the article's own settings.
pub(crate) fn steps(layout: &LayoutSettings) -> Vec<LayoutSettings> {
    let mut out = Vec::new();
    let mut l = layout.clone();
    while l.leading() - LEADING_STEP >= MIN_LEADING - 1e-3 {
        l.leading = Some(((l.leading() - LEADING_STEP) * 100.0).round() / 100.0);
        out.push(l.clone());
    }
    let floor = (layout.body_size_pt - MAX_SIZE_CUT_PT).max(MIN_SIZE_PT);
    while l.body_size_pt - SIZE_STEP_PT >= floor - 1e-3 {
        l.body_size_pt -= SIZE_STEP_PT;
        out.push(l.clone());
    }
    out
}

/// The issue as it is set within `limit` pages: itself when it fits as
/// written (or cannot be set: the build's own typesetting reports why), else
/// with the first of [`steps`] that fits; else itself, with a warning
/// saying it runs over.
pub fn fitted<'a>(
    issue: &'a Issue,
    fonts: &Fonts,
    limit: usize,
) -> (Cow<'a, Issue>, Vec<Diagnostic>) {
    let pages = |i: &Issue| typeset_each(i, fonts, |_| {}).ok().map(|(t, _)| t.pages);
    let Some(own) = pages(issue) else {
        return (Cow::Borrowed(issue), Vec::new());
    };
    if own <= limit {
        return (Cow::Borrowed(issue), Vec::new());
    }
    let mut tight = issue.clone();
    let mut last = own;
    for layout in steps(&issue.layout) {
        tight.layout = layout;
        let Some(n) = pages(&tight) else { break };
        last = n;
        if n <= limit {
            return (Cow::Owned(tight), Vec::new());
        }
    }
    let l = &tight.layout;
    let over = Diagnostic::warning(format!(
        "`fit_pages = {limit}`: the article takes {last} page(s) even at {} pt on a {} pitch, so it is set as written on {own}",
        l.body_size_pt, l.leading()
    ))
    .in_file(&issue.article)
    .hint("shorten it (a photo or a few paragraphs), or raise `fit_pages`");
    (Cow::Borrowed(issue), vec![over])
}

/// [`fitted`] for each article of a book that asks for it, each on its own
/// pages. Articles that run on one after another (`article_start =
/// "continue"`) share their pages, so no one of them can be fitted alone:
/// their `fit_pages` is warned about and left.
pub fn fitted_book<'a>(book: &'a Book, fonts: &Fonts) -> (Cow<'a, Book>, Vec<Diagnostic>) {
    let asks = |a: &Issue| a.layout.fit_pages.is_some();
    if !book.issues.iter().flat_map(|i| &i.articles).any(asks) {
        return (Cow::Borrowed(book), Vec::new());
    }
    let mut out = book.clone();
    let mut diags = Vec::new();
    for article in out.issues.iter_mut().flat_map(|i| i.articles.iter_mut()) {
        let Some(limit) = article.layout.fit_pages else {
            continue;
        };
        if book.layout.article_start == ArticleStart::Continue {
            diags.push(
                Diagnostic::warning(format!(
                    "`fit_pages = {limit}` is left: the issue's articles run on one after another (`article_start = \"continue\"`), so no one of them has pages of its own"
                ))
                .in_file(&article.article),
            );
            continue;
        }
        let (fit, warnings) = fitted(article, fonts, limit);
        diags.extend(warnings);
        if let Cow::Owned(fit) = fit {
            *article = fit;
        }
    }
    (Cow::Owned(out), diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_tighten_the_pitch_then_the_size_and_never_loosen() {
        let l = LayoutSettings::default();
        let s: Vec<(f32, f32)> = steps(&l)
            .iter()
            .map(|l| (l.leading(), l.body_size_pt))
            .collect();
        assert_eq!(
            s,
            [
                (1.7, 10.5),
                (1.65, 10.5),
                (1.6, 10.5),
                (1.6, 10.25),
                (1.6, 10.0),
                (1.6, 9.75),
                (1.6, 9.5)
            ]
        );
        // Already tight: only the size, and never under 9 pt.
        let l = LayoutSettings {
            leading: Some(1.5),
            body_size_pt: 9.25,
            ..LayoutSettings::default()
        };
        let s: Vec<(f32, f32)> = steps(&l)
            .iter()
            .map(|l| (l.leading(), l.body_size_pt))
            .collect();
        assert_eq!(s, [(1.5, 9.0)]);
    }
}

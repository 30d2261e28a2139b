//! What one output file holds: an issue of one or more articles, or a
//! volume (合订本) binding several issues.
//!
//! An [`Issue`] value is one article together with the metadata of the issue
//! it appears in (the seed's one-article issue is exactly that). A [`Book`]
//! gathers such articles, issue by issue, with the book's own metadata and
//! one list of photos shared by all of them, so a photo used by two articles
//! (or two issues) is converted and stored once.

use super::{Asset, BlockKind, Issue, LayoutSettings, Meta};
use std::path::PathBuf;

/// An issue's or a volume's articles, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct Book {
    /// Output name (`output/<slug>/<slug>.pdf`): the issue folder's or the volume's slug.
    pub slug: String,
    /// An issue or a volume.
    pub kind: BookKind,
    /// The book's own metadata: title, publication, number, date, cover
    /// (an index into [`Book::assets`]), identifier, and every article's
    /// contributors in its byline.
    pub meta: Meta,
    /// Page geometry and styles of the book (the issue's settings; a
    /// volume's come from its first issue).
    pub layout: LayoutSettings,
    /// The issues, each with its articles. An issue book holds one.
    pub issues: Vec<BookIssue>,
    /// Every photo of every article, each once; the articles' figures index this.
    pub assets: Vec<Asset>,
    /// The files the book was read from (settings and articles), for messages.
    pub files: Vec<PathBuf>,
}

/// Whether a book is one issue or a volume of issues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookKind {
    /// One issue: its articles.
    Issue,
    /// A volume: issues, each opening with its own title page.
    Volume,
}

/// One issue inside a book.
#[derive(Debug, Clone, PartialEq)]
pub struct BookIssue {
    /// The issue folder's name.
    pub slug: String,
    /// The issue's metadata (title, number, date).
    pub meta: Meta,
    /// Its articles, in order; their [`Issue::assets`] is the book's list.
    pub articles: Vec<Issue>,
}

/// Where an article of a multi-article issue starts in print (`[layout] article_start`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ArticleStart {
    /// On a new page (the default).
    #[default]
    Page,
    /// On a new right-hand (odd) page, a blank page before it if needed.
    Recto,
    /// Right after the previous article, on the same page when there is room.
    Continue,
}

impl Book {
    /// Every article of the book, in reading order.
    pub fn articles(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().flat_map(|i| i.articles.iter())
    }

    /// Number of articles.
    pub fn article_count(&self) -> usize {
        self.issues.iter().map(|i| i.articles.len()).sum()
    }

    /// The book's only article, when it is an issue of one article (the
    /// seed's case, built exactly as before books existed).
    pub fn single(&self) -> Option<&Issue> {
        match (self.kind, self.issues.as_slice()) {
            (BookKind::Issue, [issue]) if issue.articles.len() == 1 => issue.articles.first(),
            _ => None,
        }
    }

    /// Whether the print edition opens with a contents page: as the
    /// settings say, else from three articles up (and always for a volume).
    pub fn has_contents(&self) -> bool {
        match self.kind {
            BookKind::Volume => self.layout.contents != Some(false),
            BookKind::Issue => self.layout.contents.unwrap_or(self.article_count() >= 3),
        }
    }
}

/// Gather articles' photos into one list, each distinct photo once (`same`
/// says whether two are one: the same file, or the same bytes), and point
/// every figure (and each article's cover) at its place in it. Returns the list.
pub fn share_assets<'a>(
    articles: impl IntoIterator<Item = &'a mut Issue>,
    same: impl Fn(&Asset, &Asset) -> bool,
) -> Vec<Asset> {
    let mut shared: Vec<Asset> = Vec::new();
    for article in articles {
        let remap: Vec<usize> = article
            .assets
            .iter()
            .map(|a| match shared.iter().position(|s| same(s, a)) {
                Some(i) => i,
                None => {
                    shared.push(a.clone());
                    shared.len() - 1
                }
            })
            .collect();
        let mut point = |b: &mut super::Block| match &mut b.kind {
            BlockKind::Figure(f) => f.asset = remap[f.asset],
            BlockKind::PhotoGroup(g) => {
                for f in &mut g.photos {
                    f.asset = remap[f.asset];
                }
            }
            _ => {}
        };
        super::walk_mut(&mut article.before_title, &mut point);
        super::walk_mut(&mut article.blocks, &mut point);
        for n in &mut article.notes {
            super::walk_mut(&mut n.body, &mut point);
        }
        article.meta.cover = article.meta.cover.map(|c| remap[c]);
        article.assets.clear();
    }
    shared
}

/// Give every article the shared list (after [`share_assets`]).
pub fn hand_out_assets<'a>(articles: impl IntoIterator<Item = &'a mut Issue>, shared: &[Asset]) {
    for a in articles {
        a.assets = shared.to_vec();
    }
}

/// Contributors of several articles as one byline: each role once, in order
/// of first appearance, each name once under it.
pub fn merge_credits<'a>(
    credits: impl IntoIterator<Item = &'a super::Credit>,
) -> Vec<super::Credit> {
    let mut out: Vec<super::Credit> = Vec::new();
    for c in credits {
        match out.iter_mut().find(|b| b.role == c.role) {
            Some(b) => {
                for n in &c.names {
                    if !b.names.contains(n) {
                        b.names.push(n.clone());
                    }
                }
            }
            None => out.push(c.clone()),
        }
    }
    out
}

/// `2023-07-01` → `2023年7月1日`; anything else is printed as given.
pub fn display_date(date: &str) -> String {
    let parts: Vec<&str> = date.split('-').collect();
    match parts.as_slice() {
        [y, m, d] => match (m.parse::<u32>(), d.parse::<u32>()) {
            (Ok(m), Ok(d)) => format!("{y}年{m}月{d}日"),
            _ => date.to_string(),
        },
        _ => date.to_string(),
    }
}

/// Name of a contents page (目录): printed at its head, in the outline and the nav.
pub const CONTENTS_LABEL: &str = "目录";

impl Meta {
    /// The issue as contents and title pages name it: `第12期　2024年5月1日`
    /// (or its title when it has neither number nor date).
    pub fn issue_heading(&self) -> String {
        let mut parts = Vec::new();
        if let Some(n) = self.issue_number {
            parts.push(format!("第{n}期"));
        }
        if let Some(d) = &self.date {
            parts.push(display_date(d));
        }
        if parts.is_empty() {
            self.title.clone()
        } else {
            parts.join("\u{3000}")
        }
    }
}

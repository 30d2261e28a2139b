//! Page-building invariants, checked on the seed issue and on generated
//! issues (1 and 2 columns, 16开 and A4, landscape/portrait/rotated photos,
//! paragraphs of every length): nothing outside the type area, headings kept
//! with two lines, captions with their photos, no widows or orphans, every
//! byte of every paragraph set exactly once.

use super::flow::PlacedKind;
use super::flow::distribute::Distribution;
use super::photo::tests::fake_jpeg;
use super::style::Style;
use super::*;
use crate::frame::{Frame, FrameItem, Rect, TagKind};
use crate::model::{
    Asset, Block, BlockKind, Credit, Figure, Heading, Inline, LayoutSettings, Meta, PullQuote,
    Section,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fonts() -> &'static Fonts {
    Fonts::shared().expect("bundled fonts")
}

/// A deterministic pseudo-random generator (no dependency, stable across platforms).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

const HAN: &str = "党旗高扬分外红全市各级组织牢固树立大抓基层鲜明导向着力增强政治功能和把打造成适应绿色低碳发展示范区建设要求的坚强战斗堡垒";

fn text(rng: &mut Lcg, chars: usize) -> String {
    let han: Vec<char> = HAN.chars().collect();
    let mut s = String::new();
    for k in 0..chars {
        s.push(han[rng.next(han.len() as u64) as usize]);
        if k % 17 == 16 {
            s.push('，');
        }
    }
    s.push('。');
    s
}

/// Write photos of several shapes into `dir` and return them as assets.
fn photos(dir: &Path) -> Vec<Asset> {
    let shapes = [
        (2560, 1600, 1),
        (1200, 1800, 1),
        (3000, 2000, 6),
        (4000, 1000, 1),
        (800, 600, 1),
    ];
    shapes
        .iter()
        .enumerate()
        .map(|(k, &(w, h, o))| {
            let path = dir.join(format!("p{k}.jpg"));
            std::fs::write(&path, fake_jpeg(w, h, o, false)).unwrap();
            Asset {
                href: format!("photos/p{k}.jpg"),
                file: dir.join("article.md"),
                path,
                span: 0..0,
                header: None,
                placeholder: false,
            }
        })
        .collect()
}

fn issue(seed: u64, layout: LayoutSettings, assets: Vec<Asset>) -> Issue {
    let mut rng = Lcg(seed);
    let mut blocks = Vec::new();
    let para = |rng: &mut Lcg| {
        let len = [5, 20, 40, 75, 120, 200, 330][rng.next(7) as usize] + rng.next(30) as usize;
        Block::para(vec![Inline::Text(text(rng, len))], 0..0)
    };
    for _ in 0..2 {
        blocks.push(para(&mut rng));
    }
    blocks.push(Block::new(
        BlockKind::PullQuote(PullQuote {
            lines: vec!["创一流".into(), "争第一".into(), "干唯一".into()],
            attribution: vec!["全市能力作风建设半年晒成效".into()],
        }),
        0..0,
    ));
    let figure = |asset: usize, caption: Vec<Inline>| {
        Block::new(
            BlockKind::Figure(Figure {
                asset,
                caption,
                alt: String::new(),
                credit: None,
            }),
            0..0,
        )
    };
    for s in 0..4 {
        let mut body = Vec::new();
        if rng.next(3) == 0 && !assets.is_empty() {
            // A figure right under the heading: it must not separate the
            // heading from its text.
            body.push(figure(
                rng.next(assets.len() as u64) as usize,
                vec![Inline::Text("标题下的图片".into())],
            ));
        }
        for _ in 0..(2 + rng.next(6)) {
            body.push(para(&mut rng));
            if rng.next(4) == 0 && !assets.is_empty() {
                let asset = rng.next(assets.len() as u64) as usize;
                let len = 10 + rng.next(60) as usize;
                body.push(figure(asset, vec![Inline::Text(text(&mut rng, len))]));
            }
        }
        blocks.push(Block::new(
            BlockKind::Section(Section {
                heading: Heading {
                    level: 2,
                    title: format!("第{s}节标题"),
                    subtitle: Some("副标题文字".into()),
                    span: 0..0,
                },
                body,
            }),
            0..0,
        ));
    }
    Issue {
        slug: "gen".into(),
        dir: PathBuf::from("."),
        article: PathBuf::from("article.md"),
        meta: Meta {
            title: "党旗高扬分外红".into(),
            subtitle: Some("——2023年以来全市基层党建工作综述".into()),
            byline: vec![Credit {
                role: "记者".into(),
                names: vec!["毛以国".into()],
            }],
            date: Some("2023-07-01".into()),
            publication: "十堰日报".into(),
            issue_number: Some(1),
            lang: "zh-CN".into(),
            ..Meta::default()
        },
        layout,
        lead: Some(vec![Inline::Text("一名党员就是一面旗帜。".into())]),
        before_title: vec![],
        blocks,
        notes: vec![],
        assets,
    }
}

fn layouts() -> Vec<LayoutSettings> {
    let a4 = LayoutSettings {
        trim_width_mm: 210.0,
        trim_height_mm: 297.0,
        ..LayoutSettings::default()
    };
    vec![
        LayoutSettings::default(),
        LayoutSettings {
            columns: 2,
            ..LayoutSettings::default()
        },
        a4.clone(),
        LayoutSettings {
            columns: 2,
            body_size_pt: 9.0,
            ..a4
        },
    ]
}

/// Every leaf's box (text by advance and em box, images, shapes) in page coordinates.
fn leaf_boxes(frame: &Frame, ox: f32, oy: f32, out: &mut Vec<Rect>) {
    for (p, item) in &frame.items {
        let (x, y) = (ox + p.x, oy + p.y);
        match item {
            FrameItem::Group(g) => leaf_boxes(&g.frame, x, y, out),
            FrameItem::Text(t) => {
                out.push(Rect::new(x, y - 0.88 * t.size_pt, t.width(), t.size_pt))
            }
            FrameItem::Image(i) => out.push(Rect::new(x, y, i.size.w, i.size.h)),
            FrameItem::Shape(s) => {
                let b = s.geometry.bbox();
                out.push(Rect::new(x + b.x, y + b.y, b.w, b.h));
            }
            // An active area over text already counted.
            FrameItem::Link(_) => {}
        }
    }
}

fn check_invariants(style: &Style, dist: &Distribution, what: &str) {
    // Nothing outside the type area.
    for p in &dist.placed {
        let mut boxes = Vec::new();
        leaf_boxes(&p.frame, p.pos.x, p.pos.y, &mut boxes);
        for b in boxes {
            assert!(
                style.body.contains_rect(&b, 0.5),
                "{what}: {:?} on page {} outside {:?} in {:?} at {:?}",
                b,
                p.page,
                style.body,
                p.kind,
                p.pos
            );
        }
        let r = Rect::new(p.pos.x, p.pos.y, p.frame.size.w, p.frame.size.h);
        assert!(
            style.body.contains_rect(&r, 0.5),
            "{what}: block {:?} outside the type area",
            p.kind
        );
    }
    // Lines of each paragraph by region (page, column x), in placement order.
    // Paragraph → [((page, column x), lines in that region)].
    type Segments = Vec<((usize, i32), usize)>;
    let mut segments: BTreeMap<u32, Segments> = BTreeMap::new();
    let mut counts = BTreeMap::new();
    for p in &dist.placed {
        if let PlacedKind::Line(par, _, count) = p.kind {
            counts.insert(par, count);
            let key = (p.page, p.pos.x.round() as i32);
            let segs = segments.entry(par).or_default();
            match segs.last_mut() {
                Some((k, n)) if *k == key => *n += 1,
                _ => segs.push((key, 1)),
            }
        }
    }
    for (par, segs) in &segments {
        assert_eq!(
            segs.iter().map(|s| s.1).sum::<usize>(),
            counts[par],
            "{what}: paragraph {par} lost lines"
        );
        if segs.len() > 1 {
            assert!(
                segs[0].1 >= 2,
                "{what}: orphan in paragraph {par}: {segs:?}"
            );
            assert!(
                segs[segs.len() - 1].1 >= 2,
                "{what}: widow in paragraph {par}: {segs:?}"
            );
        }
    }
    // Each heading is followed, in the same region, by two lines (or the whole
    // paragraph when it is shorter).
    for (k, p) in dist.placed.iter().enumerate() {
        if p.kind != PlacedKind::Heading {
            continue;
        }
        let next_lines: Vec<_> = dist.placed[k + 1..]
            .iter()
            .filter_map(|q| match q.kind {
                PlacedKind::Line(par, idx, count) => Some((q, par, idx, count)),
                _ => None,
            })
            .take(2)
            .collect();
        // (A photo or a pull quote may stand right under it, with the
        // heading's lines under that in the same region: checked below.)
        let floats = dist.placed[k + 1..]
            .iter()
            .take_while(|q| {
                matches!(
                    q.kind,
                    PlacedKind::Figure | PlacedKind::PhotoGroup | PlacedKind::PullQuote
                ) && q.page == p.page
                    && (q.pos.x - p.pos.x).abs() < 0.5
            })
            .count();
        if let Some(next) = dist.placed.get(k + 1 + floats) {
            assert!(
                matches!(next.kind, PlacedKind::Line(..)),
                "{what}: {:?} placed between a heading and its text",
                next.kind
            );
        }
        let Some(&(first, par, _, count)) = next_lines.first() else {
            continue;
        };
        let need = count.min(2);
        let same = next_lines
            .iter()
            .take(need)
            .filter(|(q, pr, _, _)| {
                *pr == par && q.page == p.page && (q.pos.x - p.pos.x).abs() < 0.5
            })
            .count();
        assert_eq!(
            same, need,
            "{what}: heading on page {} stranded (next line on page {})",
            p.page, first.page
        );
    }
    // Figures hold their photo and caption in one frame, caption under the photo.
    for p in dist.placed.iter().filter(|p| p.kind == PlacedKind::Figure) {
        let tags: Vec<_> = p
            .frame
            .items
            .iter()
            .filter_map(|(pos, i)| match i {
                FrameItem::Group(g) => g
                    .tag
                    .as_ref()
                    .map(|t| (pos.y, t.kind.clone(), g.frame.size.h)),
                _ => None,
            })
            .collect();
        let photo = tags
            .iter()
            .find(|t| matches!(t.1, TagKind::Figure(_)))
            .expect("photo");
        let caption = tags
            .iter()
            .find(|t| t.1 == TagKind::Caption)
            .expect("caption");
        assert!(
            caption.0 >= photo.0 + photo.2 - 0.01,
            "{what}: caption overlaps its photo"
        );
    }
}

#[test]
fn generated_issues_keep_every_page_rule() {
    let dir = tempfile::tempdir().unwrap();
    let assets = photos(dir.path());
    for (n, layout) in layouts().into_iter().enumerate() {
        for seed in 0..12 {
            let issue = issue(seed * 31 + n as u64, layout.clone(), assets.clone());
            let mut sink = Sink::default();
            let (style, dist) = lay_out(&issue, fonts(), &mut sink);
            check_invariants(&style, &dist, &format!("layout {n} seed {seed}"));
            assert!(!sink.has_errors(), "{:?}", sink.diags);
        }
    }
}

#[test]
fn every_paragraph_byte_is_set_once() {
    let dir = tempfile::tempdir().unwrap();
    let issue = issue(7, LayoutSettings::default(), photos(dir.path()));
    let (doc, _) = typeset(&issue, fonts()).unwrap();
    // Collect each paragraph text's covered ranges.
    let mut seen: BTreeMap<String, Vec<std::ops::Range<usize>>> = BTreeMap::new();
    fn walk(f: &Frame, seen: &mut BTreeMap<String, Vec<std::ops::Range<usize>>>) {
        for (_, i) in &f.items {
            match i {
                FrameItem::Group(g) => walk(&g.frame, seen),
                FrameItem::Text(t) => seen
                    .entry(t.text.to_string())
                    .or_default()
                    .extend(t.glyphs.iter().map(|g| g.text_range.clone())),
                _ => {}
            }
        }
    }
    for p in &doc.pages {
        walk(&p.frame, &mut seen);
    }
    let mut paras = Vec::new();
    crate::model::walk(&issue.blocks, &mut |b| {
        if let BlockKind::Para(p) = &b.kind {
            paras.push(p.content.clone());
        }
    });
    for content in &paras {
        {
            let t = crate::model::plain_text(content);
            let mut ranges = seen
                .remove(&t)
                .unwrap_or_else(|| panic!("paragraph not set: {t}"));
            ranges.sort_by_key(|r| r.start);
            let mut at = 0;
            for r in ranges {
                assert_eq!(r.start, at, "gap or overlap in {t}");
                at = r.end;
            }
            assert_eq!(at, t.len());
        }
    }
}

/// The test issue with a figure of the photo `jpeg` (saved in `dir` as
/// `name.jpg`, captioned 说明) first.
fn issue_with_photo(dir: &Path, name: &str, jpeg: Vec<u8>) -> Issue {
    let path = dir.join(format!("{name}.jpg"));
    std::fs::write(&path, jpeg).unwrap();
    let assets = vec![Asset {
        href: format!("photos/{name}.jpg"),
        file: dir.join("article.md"),
        path,
        span: 0..0,
        header: None,
        placeholder: false,
    }];
    let mut issue = issue(3, LayoutSettings::default(), assets);
    issue.blocks.insert(
        0,
        Block::new(
            BlockKind::Figure(Figure {
                asset: 0,
                caption: vec![Inline::Text("说明".into())],
                alt: String::new(),
                credit: None,
            }),
            0..0,
        ),
    );
    issue
}

/// A portrait photo is set at most [`super::figure::MAX_PHOTO_SHARE`] of
/// the type area high, narrower than the column and centred in it (at the
/// column's width it would fill a page); a landscape one keeps the width.
#[test]
fn a_portrait_photo_is_set_narrower_not_a_page_high() {
    for (w, h, portrait) in [(1067u16, 1600u16, true), (1600, 1067, false)] {
        let dir = tempfile::tempdir().unwrap();
        let issue = issue_with_photo(dir.path(), "p", fake_jpeg(w, h, 1, false));
        let mut sink = Sink::default();
        let (style, dist) = lay_out(&issue, fonts(), &mut sink);
        let fig = dist
            .placed
            .iter()
            .find(|p| p.kind == PlacedKind::Figure)
            .expect("the figure placed");
        // The photo: the image inside the figure's frame, and its x there.
        fn image_in(f: &Frame, x0: f32) -> Option<(f32, crate::geom::Size)> {
            f.items.iter().find_map(|(p, item)| match item {
                FrameItem::Image(img) => Some((x0 + p.x, img.size)),
                FrameItem::Group(g) => image_in(&g.frame, x0 + p.x),
                _ => None,
            })
        }
        let (x, size) = image_in(&fig.frame, 0.0).expect("an image in the figure");
        let what = format!("{w}×{h}");
        if portrait {
            assert!(
                size.h <= super::figure::MAX_PHOTO_SHARE * style.body.h + 0.01,
                "{what}: {:.1} pt high in a {:.1} pt type area",
                size.h,
                style.body.h
            );
            assert!(size.w < style.column_width - 1.0, "{what}: full width");
            let centred = x + size.w / 2.0 - style.column_width / 2.0;
            assert!(centred.abs() < 0.5, "{what}: off centre by {centred:.2} pt");
        } else {
            assert!(
                (size.w - style.column_width).abs() < 0.5,
                "{what}: {:.1} pt wide",
                size.w
            );
        }
    }
}

/// A photo above the title (题图) is set above it, as the source and the
/// EPUB have it: at the head of the title block, across the type area (in
/// two columns too), its tags before the title's; not as a float after it.
#[test]
fn a_photo_above_the_title_is_set_above_it() {
    for columns in [1u8, 2] {
        let dir = tempfile::tempdir().unwrap();
        let mut issue = issue_with_photo(dir.path(), "top", fake_jpeg(3000, 1600, 1, false));
        issue.layout.columns = columns;
        let figures = |d: &Distribution| {
            d.placed
                .iter()
                .filter(|p| p.kind == PlacedKind::Figure)
                .count()
        };
        let in_flow = figures(&lay_out(&issue, fonts(), &mut Sink::default()).1);
        let photo = issue.blocks.remove(0);
        issue.before_title.push(photo);
        let mut sink = Sink::default();
        let (style, dist) = lay_out(&issue, fonts(), &mut sink);
        let what = format!("{columns} columns");
        assert_eq!(
            figures(&dist),
            in_flow - 1,
            "{what}: the photo not in the flow"
        );
        let title = dist
            .placed
            .iter()
            .find(|p| p.kind == PlacedKind::Title)
            .expect("the title block");
        // The image, and the first tagged text of the title (its tag id).
        fn walk(
            f: &Frame,
            y0: f32,
            tag: Option<u32>,
            out: &mut Vec<(f32, f32, Option<u32>, bool)>,
        ) {
            for (p, item) in &f.items {
                match item {
                    FrameItem::Group(g) => walk(
                        &g.frame,
                        y0 + p.y,
                        g.tag.as_ref().map(|t| t.id).or(tag),
                        out,
                    ),
                    FrameItem::Image(i) => out.push((y0 + p.y, i.size.w, tag, true)),
                    FrameItem::Text(_) => out.push((y0 + p.y, 0.0, tag, false)),
                    _ => {}
                }
            }
        }
        let mut seen = Vec::new();
        walk(&title.frame, 0.0, None, &mut seen);
        let image = seen
            .iter()
            .find(|s| s.3)
            .expect("the photo in the title block");
        let text = seen.iter().filter(|s| !s.3).collect::<Vec<_>>();
        assert!(
            (image.1 - style.body.w).abs() < 0.5,
            "{what}: across the type area: {} of {}",
            image.1,
            style.body.w
        );
        // The caption, then the title, under the photo; the photo's tag first.
        assert!(
            text.iter().all(|t| t.0 > image.0),
            "{what}: text above the photo"
        );
        assert!(
            text.iter().all(|t| t.2 > image.2),
            "{what}: the photo's tag after the title's"
        );
        let mark = dist.marks.first().expect("the title's bookmark");
        assert!(
            mark.y > title.pos.y + image.0,
            "{what}: the bookmark at the title, not the photo"
        );
    }
}

#[test]
fn low_resolution_photo_warns_with_file_and_ppi() {
    let dir = tempfile::tempdir().unwrap();
    let issue = issue_with_photo(dir.path(), "small", fake_jpeg(640, 400, 1, true));
    let (_, warnings) = typeset(&issue, fonts()).unwrap();
    let w = warnings
        .iter()
        .find(|d| d.message.contains("small.jpg"))
        .expect("a ppi warning");
    assert!(w.message.contains("ppi"), "{}", w.message);
    // 640 px over the 39 em column (409.5 pt = 5.69 in) is 113 ppi.
    assert!(w.message.contains("113 ppi"), "{}", w.message);
}

/// In two columns the seed ends on a page whose columns are even (within
/// the two lines the widow and orphan rules may cost), not a full left
/// column and a stub; the page rules still hold and the bookmarks follow
/// the headings that moved.
#[test]
fn two_column_seed_ends_with_balanced_columns() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("source/2023-party-building");
    let (issue, _) = crate::source::load_issue(&dir);
    let mut issue = issue.expect("seed issue loads");
    issue.layout.columns = 2;
    let mut sink = Sink::default();
    let (style, dist) = lay_out(&issue, fonts(), &mut sink);
    check_invariants(&style, &dist, "seed, two columns");
    let last = dist.pages - 1;
    let mut bottom = [0.0f32; 2];
    for p in dist.placed.iter().filter(|p| p.page == last) {
        let col = usize::from(p.pos.x > style.body.x + style.column_width);
        bottom[col] = bottom[col].max(p.pos.y + p.frame.size.h);
    }
    assert!(bottom[1] > 0.0, "right column of the last page empty");
    assert!(
        (bottom[0] - bottom[1]).abs() <= 2.0 * style.pitch + 0.01,
        "columns end at {bottom:?} (pitch {})",
        style.pitch
    );
    for m in dist.marks.iter().filter(|m| m.page == last && m.level > 0) {
        assert!(
            dist.placed.iter().any(|p| p.page == last
                && p.kind == PlacedKind::Heading
                && (p.pos.y..=p.pos.y + p.frame.size.h).contains(&m.y)),
            "bookmark {} at {} not on its heading",
            m.title,
            m.y
        );
    }
}

#[test]
fn seed_issue_pages() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("source/2023-party-building");
    let (issue, _) = crate::source::load_issue(&dir);
    let issue = issue.expect("seed issue loads");
    let mut sink = Sink::default();
    let (style, dist) = lay_out(&issue, fonts(), &mut sink);
    check_invariants(&style, &dist, "seed");
    assert!(sink.diags.is_empty(), "{:?}", sink.diags);
    let (doc, _) = typeset(&issue, fonts()).unwrap();
    // Outline: title, then three sections each with its sub-heading.
    let levels: Vec<u8> = doc.meta.outline.iter().map(|e| e.level).collect();
    assert_eq!(levels, [0, 1, 2, 1, 2, 1, 2]);
    // Every page, the first too, has the running head and the folio (two artifact groups + marks).
    let artifacts = |p: &crate::frame::Page| {
        p.frame
            .items
            .iter()
            .filter(|(_, i)| matches!(i, FrameItem::Group(g) if g.tag.as_ref().is_some_and(|t| matches!(t.kind, TagKind::Artifact(_)))))
            .count()
    };
    for p in &doc.pages {
        assert_eq!(artifacts(p), 3, "running head, folio, crop marks");
    }
    // The margins mirror about the spine: a verso's inner margin is on its
    // right, and its text and running head move with its type area.
    assert!(doc.pages.len() >= 2, "the seed has a verso");
    let margins = |p: &crate::frame::Page| (p.body.x - p.trim.x, p.trim.right() - p.body.right());
    let (recto, verso) = (margins(&doc.pages[0]), margins(&doc.pages[1]));
    assert!(recto.0 != recto.1, "the seed's margins are not even");
    assert!(
        (recto.0 - verso.1).abs() < 0.01 && (recto.1 - verso.0).abs() < 0.01,
        "recto {recto:?}, verso {verso:?}"
    );
    for (i, p) in doc.pages.iter().enumerate() {
        let mut boxes = Vec::new();
        for (pos, item) in &p.frame.items {
            if let FrameItem::Group(g) = item {
                if g.tag.as_ref().is_some_and(|t| {
                    t.kind == TagKind::Artifact(crate::frame::Artifact::PrinterMarks)
                }) {
                    continue;
                }
                leaf_boxes(&g.frame, pos.x, pos.y, &mut boxes);
            }
        }
        let left = boxes.iter().map(|b| b.x).fold(f32::INFINITY, f32::min);
        let right = boxes.iter().map(|b| b.right()).fold(0.0, f32::max);
        assert!(
            (left - p.body.x).abs() < 0.5 && right <= p.body.right() + 0.5,
            "page {}: the ink {left}..{right} in the type area {:?}",
            i + 1,
            p.body
        );
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32))]
    /// The page rules above, for arbitrary generated issues and layouts
    /// (proptest shrinks a failure to the smallest seed that shows it).
    #[test]
    fn page_rules_hold_for_arbitrary_issues(seed in proptest::prelude::any::<u64>(), n in 0usize..64) {
        let dir = tempfile::tempdir().unwrap();
        let layouts = layouts();
        let layout = layouts[n % layouts.len()].clone();
        let issue = issue(seed, layout, photos(dir.path()));
        let mut sink = Sink::default();
        let (style, dist) = lay_out(&issue, fonts(), &mut sink);
        check_invariants(&style, &dist, &format!("layout {n} seed {seed}"));
        proptest::prop_assert!(!sink.has_errors(), "{:?}", sink.diags);
    }
}

/// A poetry page: `before` paragraphs, then `heading` (Markdown) over a
/// poem by 作者：江城 of `stanzas` stanzas of `lines` lines, then a
/// paragraph; laid out in `columns` columns.
fn poem_page(
    columns: u8,
    before: usize,
    heading: &str,
    stanzas: usize,
    lines: usize,
) -> (Style, Distribution) {
    let mut md =
        format!("+++\ndate = \"2024-05-01\"\n[layout]\ncolumns = {columns}\n+++\n\n# 诗页\n\n");
    for k in 0..before {
        md.push_str(&format!(
            "诗前第{k}段，这一期副刊刊登一组写汉江的诗，作者是本地的老诗人，写了几十年。\n\n"
        ));
    }
    md.push_str(&format!("{heading}\n\n作者：江城\n\n```诗\n"));
    for k in 0..stanzas {
        if k > 0 {
            md.push('\n');
        }
        for i in 0..lines {
            md.push_str(&format!("第{k}节第{i}行的诗句\n"));
        }
    }
    md.push_str("```\n\n诗后记，这组诗写于去年秋天。\n");
    lay_out_md(&md)
}

/// Load `md` as an issue's article.md and lay it out.
fn lay_out_md(md: &str) -> (Style, Distribution) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("x");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("article.md"), md).unwrap();
    let (issue, _) = crate::source::load_issue(&dir);
    let issue = issue.expect("loads");
    let mut sink = Sink::default();
    lay_out(&issue, fonts(), &mut sink)
}

/// An article in `columns` columns: `before` short paragraphs, then `rest`
/// (Markdown), laid out.
fn after_paragraphs(columns: u8, before: usize, rest: &str) -> (Style, Distribution) {
    let mut md =
        format!("+++\ndate = \"2024-05-01\"\n[layout]\ncolumns = {columns}\n+++\n\n# 数据\n\n");
    for k in 0..before {
        md.push_str(&format!("前文第{k}段，全市经济运行稳中有进。\n\n"));
    }
    md.push_str(rest);
    lay_out_md(&md)
}

/// The page and column a placed thing stands in.
fn region_of(style: &Style, p: &crate::typeset::flow::Placed) -> (usize, usize) {
    (
        p.page,
        usize::from(p.pos.x > style.body.x + style.column_width),
    )
}

/// A poem's title is kept with its first stanza (a poem of up to 12 lines
/// whole), and no more: the title moves on to the next column or page only
/// when its block (title, author and first stanza, with the blank line
/// above) does not fit under what stands there. In one column and two, for
/// every place the text before puts it.
#[test]
fn a_poems_title_moves_on_only_when_its_first_stanza_does_not_fit() {
    let mut opened = 0;
    for columns in [1u8, 2] {
        for stanzas in [3usize, 5] {
            for before in 0..44 {
                let what = format!("{columns} columns, {before} paragraphs, {stanzas} stanzas");
                let (style, dist) = poem_page(columns, before, "### 长歌", stanzas, 4);
                let region = |p: &crate::typeset::flow::Placed| {
                    (
                        p.page,
                        usize::from(p.pos.x > style.body.x + style.column_width),
                    )
                };
                let in_flow = |p: &&crate::typeset::flow::Placed| {
                    !matches!(p.kind, PlacedKind::Title | PlacedKind::Span)
                };
                let k = dist
                    .placed
                    .iter()
                    .position(|p| p.kind == PlacedKind::Verse)
                    .expect("the poem placed");
                let head = &dist.placed[k];
                let here = region(head);
                let opens = dist
                    .placed
                    .iter()
                    .filter(in_flow)
                    .filter(|p| region(p) == here)
                    .all(|p| p.pos.y >= head.pos.y - 0.01);
                // (The balanced last page decides by other rules.)
                if !opens || (here == (dist.pages - 1, 1)) || here == (0, 0) {
                    continue;
                }
                opened += 1;
                let prev = if here.1 == 1 {
                    (here.0, 0)
                } else if columns == 2 {
                    (here.0 - 1, 1)
                } else {
                    (here.0 - 1, 0)
                };
                let foot = dist
                    .placed
                    .iter()
                    .filter(in_flow)
                    .filter(|p| region(p) == prev)
                    .map(|p| p.pos.y + p.frame.size.h)
                    .fold(0.0, f32::max);
                let room = style.body.y + style.body.h - foot;
                let need = style.pitch + head.frame.size.h;
                assert!(
                    room < need - 0.01,
                    "{what}: the title moved on from {prev:?} with {:.1} lines free for a block of {:.1}",
                    room / style.pitch,
                    need / style.pitch
                );
            }
        }
    }
    assert!(
        opened > 4,
        "only {opened} cases put the title at a column's top"
    );
}

/// clreq §4.1.3: a heading right above a table, a box or a quotation
/// stays with it: the table's caption and first rows, the box's label and
/// first lines, the quotation's first lines (with the space above them)
/// follow the heading in its column, in one column and two, wherever the
/// text before puts them. They used to leave the heading at the foot.
#[test]
fn a_heading_above_a_table_a_box_or_a_quotation_is_never_left_at_a_columns_foot() {
    let mut table =
        String::from("表1　主要指标　单位：亿元\n\n| 地区 | 2023年 | 2024年 |\n|:--|--:|--:|\n");
    for i in 0..8 {
        table.push_str(&format!("| 第{i}区 | 1,{i}60.5 | 2,{i}01.3 |\n"));
    }
    let long = "经济运行延续恢复向好态势，主要指标好于预期，服务业对经济增长的贡献率进一步提高。";
    let followers = [
        ("table", table),
        (
            "box",
            format!("> **链接**\n>\n> {long}{long}\n>\n> {long}\n"),
        ),
        ("quotation", format!("> {long}{long}\n>\n> {long}{long}\n")),
    ];
    let mut checked = 0;
    for (name, follower) in &followers {
        for columns in [1u8, 2] {
            for before in 0..46 {
                let what = format!("{name}, {columns} columns, {before} paragraphs");
                let rest = format!(
                    "## 主要数据\n\n{follower}\n表后一段，下一步全市将继续巩固经济回升向好态势。\n"
                );
                let (style, dist) = after_paragraphs(columns, before, &rest);
                let region = |p: &crate::typeset::flow::Placed| region_of(&style, p);
                let k = dist
                    .placed
                    .iter()
                    .position(|p| p.kind == PlacedKind::Heading)
                    .unwrap_or_else(|| panic!("{what}: the heading placed"));
                let next = dist
                    .placed
                    .get(k + 1)
                    .unwrap_or_else(|| panic!("{what}: something after the heading"));
                assert_eq!(
                    region(&dist.placed[k]),
                    region(next),
                    "{what}: the heading left at a column's foot, {:?} on",
                    next.kind
                );
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 3 * 2 * 46);
}

/// A table's notes and source (注, 数据来源) stand with its last row: no
/// page or column break parts them from the table (QA: `数据来源` at the
/// next page's top). In one column and two, for every place the text
/// before puts the table.
#[test]
fn a_tables_notes_stay_with_its_last_row() {
    let mut table =
        String::from("表1　主要指标　单位：亿元\n\n| 地区 | 2023年 | 2024年 |\n|:--|--:|--:|\n");
    for i in 0..8 {
        table.push_str(&format!("| 第{i}区 | 1,{i}60.5 | 2,{i}01.3 |\n"));
    }
    table.push_str("\n注：数据为初步核算数，增速按可比价格计算。\n\n数据来源：市统计局\n");
    let mut parted_before = 0;
    for columns in [1u8, 2] {
        for before in 0..46 {
            let what = format!("{columns} columns, {before} paragraphs");
            let rest = format!("{table}\n表后一段，下一步全市将继续巩固经济回升向好态势。\n");
            let (style, dist) = after_paragraphs(columns, before, &rest);
            let region = |p: &crate::typeset::flow::Placed| region_of(&style, p);
            let holding = |needle: &str| {
                dist.placed
                    .iter()
                    .find(|p| frame_text(&p.frame).0.contains(needle))
                    .unwrap_or_else(|| panic!("{what}: {needle} placed"))
            };
            let last_row = region(holding("第7区"));
            for note in ["注：数据为初步核算数", "数据来源：市统计局"] {
                assert_eq!(
                    region(holding(note)),
                    last_row,
                    "{what}: {note} parted from the table"
                );
            }
            // The table broke here: its first and last rows in two regions.
            if region(holding("第0区")) != last_row {
                parted_before += 1;
            }
        }
    }
    assert!(
        parted_before > 3,
        "the placements break the table: {parted_before}"
    );
}

/// A photo group side by side that does not fit under the text before it
/// is set a step lower (85 %, 70 % of its photos' height) rather than
/// alone at the next page's top (QA: a group alone on an article's last
/// page under half a page left empty).
#[test]
fn a_photo_group_is_set_lower_rather_than_alone_on_the_next_page() {
    let mut shrunk = 0;
    let mut full_h = 0.0f32;
    let mut placed = Vec::new();
    for before in 0..24 {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("x");
        std::fs::create_dir_all(dir.join("photos")).unwrap();
        let photos = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/kinds/photos");
        for name in ["a", "b"] {
            std::fs::copy(
                photos.join(format!("{name}.jpg")),
                dir.join(format!("photos/{name}.jpg")),
            )
            .unwrap();
        }
        let mut md = String::from("+++\ndate = \"2024-05-01\"\n+++\n\n# 组图\n\n");
        for k in 0..before {
            md.push_str(&format!(
                "正文第{k}段，全市经济运行稳中有进，各项指标好于预期，群众满意度持续提高，下一步继续努力。\n\n"
            ));
        }
        md.push_str(
            "![](photos/a.jpg) ![](photos/b.jpg)\n图①为新建的滨江步道；图②为市民在江边休闲\n",
        );
        std::fs::write(dir.join("article.md"), md).unwrap();
        let (issue, _) = crate::source::load_issue(&dir);
        let (style, dist) = lay_out(&issue.expect("loads"), fonts(), &mut Sink::default());
        let g = dist
            .placed
            .iter()
            .position(|p| p.kind == PlacedKind::PhotoGroup)
            .expect("the group placed");
        let group = &dist.placed[g];
        assert!(
            group.pos.y + group.frame.size.h <= style.body.bottom() + 0.01,
            "{before} paragraphs: the group below the type area"
        );
        let text_on_page = dist.placed[..g]
            .iter()
            .any(|p| p.page == group.page && matches!(p.kind, PlacedKind::Line(..)));
        full_h = full_h.max(group.frame.size.h);
        placed.push((before, group.frame.size.h, text_on_page));
    }
    for (before, h, text_on_page) in placed {
        if h < full_h - 0.5 {
            shrunk += 1;
            assert!(
                text_on_page,
                "{before} paragraphs: shrunk, yet alone on its page"
            );
        }
    }
    assert!(shrunk > 0, "no placement set the group lower");
}

/// End notes: a last note of one line never stands alone at a page's or
/// column's top (the widow rule for the list); it takes the last lines of
/// the note before it along (QA: a one-line note alone on the last page).
#[test]
fn a_one_line_last_end_note_never_stands_alone_at_a_columns_top() {
    let mut moved = 0;
    for columns in [1u8, 2] {
        for before in 0..46 {
            let what = format!("{columns} columns, {before} paragraphs");
            let mut md = format!(
                "+++\ndate = \"2024-05-01\"\n[layout]\ncolumns = {columns}\nnotes = \"end\"\n+++\n\n# 注释\n\n"
            );
            for k in 0..before {
                md.push_str(&format!("前文第{k}段，全市经济运行稳中有进。\n\n"));
            }
            md.push_str("正文引用了文件[^1]和专著[^2]。\n\n");
            md.push_str("[^1]: 参见《中共中央 国务院关于加强基层治理体系和治理能力现代化建设的意见》，2021年4月，第三部分第二节，以及各地的实施办法和配套文件。\n");
            md.push_str("[^2]: 张三：《基层治理》。\n");
            let (style, dist) = lay_out_md(&md);
            let lines: Vec<&crate::typeset::flow::Placed> = dist
                .placed
                .iter()
                .filter(|p| matches!(p.kind, PlacedKind::Line(..)))
                .collect();
            let k = lines
                .iter()
                .rposition(|p| frame_text(&p.frame).0.contains("张三"))
                .unwrap_or_else(|| panic!("{what}: the last note placed"));
            assert!(k > 0, "{what}");
            assert_eq!(
                region_of(&style, lines[k]),
                region_of(&style, lines[k - 1]),
                "{what}: the last note alone at a column's top"
            );
            let first_note = lines
                .iter()
                .position(|p| frame_text(&p.frame).0.contains("参见"))
                .unwrap();
            if region_of(&style, lines[first_note]) != region_of(&style, lines[first_note - 1]) {
                moved += 1;
            }
        }
    }
    assert!(moved > 0, "no placement broke before the notes");
}

/// A section break's ornament is kept with two lines of the text after it:
/// never the last thing in a column or on a page, where it would part
/// nothing the reader sees. In one column and two, for every place the
/// text before puts it.
#[test]
fn a_section_break_is_never_left_at_a_columns_foot() {
    let long = "下一步全市将继续巩固经济回升向好态势，推动高质量发展取得新成效，让群众得实惠。";
    let mut moved_on = 0;
    for columns in [1u8, 2] {
        for before in 0..46 {
            let what = format!("{columns} columns, {before} paragraphs");
            let rest = format!("※　※　※\n\n{long}{long}\n\n{long}\n");
            let (style, dist) = after_paragraphs(columns, before, &rest);
            let region = |p: &crate::typeset::flow::Placed| region_of(&style, p);
            let k = dist
                .placed
                .iter()
                .position(|p| p.kind == PlacedKind::SectionBreak)
                .unwrap_or_else(|| panic!("{what}: the break placed as a section break"));
            assert_eq!(frame_text(&dist.placed[k].frame).0, "※　※　※", "{what}");
            let after: Vec<_> = dist.placed[k + 1..]
                .iter()
                .filter(|p| matches!(p.kind, PlacedKind::Line(..)))
                .take(2)
                .collect();
            assert_eq!(after.len(), 2, "{what}: two lines after the break");
            for p in after {
                assert_eq!(
                    region(&dist.placed[k]),
                    region(p),
                    "{what}: the break parted from the text after it"
                );
            }
            // The places where the keep moved the break on: it opens its
            // column, the column before ending with the text before it.
            if k > 0 && region(&dist.placed[k - 1]) != region(&dist.placed[k]) {
                moved_on += 1;
            }
        }
    }
    assert!(moved_on > 1, "the placements exercise the keep: {moved_on}");
}

/// clreq §4.1.3: a heading right above a titled poem (or any block) is
/// kept with it, so no column ends with the heading; the heading's keep
/// used to look past the poem at the paragraph after it.
#[test]
fn a_heading_above_a_titled_poem_is_never_left_at_a_columns_foot() {
    let mut checked = 0;
    for columns in [1u8, 2] {
        for before in 0..44 {
            let what = format!("{columns} columns, {before} paragraphs");
            let (style, dist) = poem_page(columns, before, "## 二、新诗选\n\n### 长歌", 3, 3);
            let region = |p: &crate::typeset::flow::Placed| {
                (
                    p.page,
                    usize::from(p.pos.x > style.body.x + style.column_width),
                )
            };
            let k = dist
                .placed
                .iter()
                .position(|p| p.kind == PlacedKind::Heading)
                .unwrap_or_else(|| panic!("{what}: the heading placed"));
            assert_eq!(
                dist.placed.get(k + 1).map(|p| p.kind),
                Some(PlacedKind::Verse),
                "{what}: the poem (title, author, first stanza) follows the heading"
            );
            let (heading, poem) = (&dist.placed[k], &dist.placed[k + 1]);
            assert_eq!(
                region(heading),
                region(poem),
                "{what}: the heading left at a column's foot, the poem on"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 88);
}

/// A page with a box in a box: `before` paragraphs, then a 链接 box with
/// two paragraphs, a 记者手记 box of `inner` paragraphs inside it and a
/// last paragraph of its own, then a paragraph after; in `columns` columns.
/// Returns the paragraphs' texts in source order too.
fn nested_box_page(columns: u8, before: usize, inner: usize) -> (Style, Distribution, Vec<String>) {
    let mut md =
        format!("+++\ndate = \"2024-05-01\"\n[layout]\ncolumns = {columns}\n+++\n\n# 框中框\n\n");
    let mut paras = Vec::new();
    for k in 0..before {
        let p = format!("正文第{k}段，市里的工作稳步推进，各项指标好于预期，群众满意度持续提高。");
        md.push_str(&format!("{p}\n\n"));
        paras.push(p);
    }
    md.push_str("> **链接**\n>\n");
    for k in 0..2 {
        let p = format!(
            "外框第{k}段：南水北调中线工程沿线城市受益人口超过一亿人，水质常年保持在二类以上。"
        );
        md.push_str(&format!("> {p}\n>\n"));
        paras.push(p);
    }
    md.push_str("> > **记者手记**\n> >\n");
    for k in 0..inner {
        let p = format!(
            "内框第{k}段：记者沿着干渠走了三天，见到的守水人都说，一渠清水是一代人守出来的。"
        );
        md.push_str(&format!("> > {p}\n> >\n"));
        paras.push(p);
    }
    let p = "外框末段：工程通水以来，沿线二十四座城市用上了汉江水。".to_string();
    md.push_str(&format!(">\n> {p}\n\n"));
    paras.push(p);
    let p = "正文末段，这是正文的内容，工作稳步推进。".to_string();
    md.push_str(&format!("{p}\n"));
    paras.push(p);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("x");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("article.md"), md).unwrap();
    let (issue, _) = crate::source::load_issue(&dir);
    let issue = issue.expect("loads");
    let mut sink = Sink::default();
    let (style, dist) = lay_out(&issue, fonts(), &mut sink);
    (style, dist, paras)
}

/// The text a frame shows, and whether any of it is tagged.
fn frame_text(f: &Frame) -> (String, bool) {
    let (mut s, mut tagged) = (String::new(), false);
    for (_, item) in &f.items {
        match item {
            FrameItem::Group(g) => {
                let (t, k) = frame_text(&g.frame);
                s.push_str(&t);
                tagged |= k || g.tag.is_some();
            }
            FrameItem::Text(t) => {
                for g in &t.glyphs {
                    s.push_str(&t.text[g.text_range.clone()]);
                }
            }
            _ => {}
        }
    }
    (s, tagged)
}

/// The horizontal rules a frame draws itself: (x, y, length, weight), in
/// drawing order.
fn frame_rules(f: &Frame) -> Vec<(f32, f32, f32, f32)> {
    f.items
        .iter()
        .filter_map(|(p, item)| match item {
            FrameItem::Shape(s) => match (&s.geometry, s.stroke) {
                (crate::frame::Geometry::Line(w, h), Some((_, weight))) if h.abs() < 0.01 => {
                    Some((p.x, p.y, *w, weight))
                }
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// A box in a box that breaks across a column or a page: at each break
/// every box open there closes (its light rule under the column's last
/// line, the inner box's first, then the outer's) and reopens at the next
/// column's top (the outer box's heavy rule and label（续）, then the inner
/// box's, each at its own inset, untagged); the text is set in order,
/// exactly once. In one column and two (the balanced last page too), for
/// every place the text before puts the box.
#[test]
fn a_box_in_a_box_closes_and_reopens_both_at_a_break() {
    let mut both = [0usize; 2];
    let mut outer_only = [0usize; 2];
    // Breaks with both boxes open between the balanced last page's columns.
    let mut balanced = 0;
    for columns in [1u8, 2] {
        for before in 0..40 {
            let what = format!("{columns} columns, {before} paragraphs");
            let (style, dist, paras) = nested_box_page(columns, before, 9);
            let region = |p: &crate::typeset::flow::Placed| {
                (
                    p.page,
                    usize::from(p.pos.x > style.body.x + style.column_width),
                )
            };
            // The text, in order, once.
            let text: String = dist
                .placed
                .iter()
                .filter(|p| matches!(p.kind, PlacedKind::Line(..)))
                .map(|p| frame_text(&p.frame).0)
                .collect();
            assert_eq!(text, paras.concat(), "{what}: the text in order, once");
            // How deep in the boxes each paragraph is (1: the outer box, 2: the inner).
            let mut depth_of = BTreeMap::new();
            let mut last_line = BTreeMap::new();
            for (k, p) in dist.placed.iter().enumerate() {
                if let PlacedKind::Line(par, index, _) = p.kind {
                    if index == 0 {
                        let t = frame_text(&p.frame).0;
                        let d = if t.starts_with("内框") {
                            2
                        } else if t.starts_with("外框") {
                            1
                        } else {
                            0
                        };
                        depth_of.insert(par, d);
                    }
                    last_line.insert(par, k);
                }
            }
            let labels: Vec<(usize, String, bool)> = dist
                .placed
                .iter()
                .enumerate()
                .filter(|(_, p)| p.kind == PlacedKind::BoxLabel)
                .map(|(k, p)| {
                    let (t, tagged) = frame_text(&p.frame);
                    (k, t, tagged)
                })
                .collect();
            assert_eq!(
                labels
                    .iter()
                    .map(|l| (l.1.as_str(), l.2))
                    .collect::<Vec<_>>(),
                [("链接", true), ("记者手记", true)],
                "{what}: the labels once, tagged"
            );
            // Each box's rule: where it starts and how long it is.
            let rule_of = |k: usize| {
                let r = frame_rules(&dist.placed[k].frame)[0];
                (r.0, r.2)
            };
            let (outer, inner) = (rule_of(labels[0].0), rule_of(labels[1].0));
            assert!(
                inner.0 > outer.0 + 1.0 && inner.0 + inner.1 < outer.0 + outer.1 - 1.0,
                "{what}: the inner box inside the outer {inner:?} {outer:?}"
            );
            let depth = |k: usize| match dist.placed[k].kind {
                PlacedKind::Line(par, ..) => depth_of[&par],
                PlacedKind::BoxLabel if k == labels[0].0 => 1,
                PlacedKind::BoxLabel => 2,
                _ => 0,
            };
            let outer_last = dist
                .placed
                .iter()
                .rposition(|p| matches!(p.kind, PlacedKind::Line(par, ..) if depth_of[&par] == 1))
                .unwrap();
            let inner_last = dist
                .placed
                .iter()
                .rposition(|p| matches!(p.kind, PlacedKind::Line(par, ..) if depth_of[&par] == 2))
                .unwrap();
            let content: Vec<usize> = (0..dist.placed.len())
                .filter(|&k| {
                    matches!(
                        dist.placed[k].kind,
                        PlacedKind::Line(..) | PlacedKind::BoxLabel
                    )
                })
                .collect();
            let mut heads_expected = 0;
            for w in content.windows(2) {
                let (a, b) = (w[0], w[1]);
                let (pa, pb) = (&dist.placed[a], &dist.placed[b]);
                if region(pa) == region(pb) {
                    continue;
                }
                let open = depth(a).min(depth(b));
                let at = format!(
                    "{what}: break after page {} column {}",
                    pa.page,
                    region(pa).1
                );
                // The next column opens with the open boxes' heads, outer first.
                let heads: Vec<&crate::typeset::flow::Placed> = dist.placed[..b]
                    .iter()
                    .filter(|p| region(p) == region(pb))
                    .collect();
                assert!(
                    heads.iter().all(|p| p.kind == PlacedKind::BoxContinued),
                    "{at}: {:?} over the first line",
                    heads.iter().map(|p| p.kind).collect::<Vec<_>>()
                );
                let texts: Vec<String> = heads.iter().map(|p| frame_text(&p.frame).0).collect();
                assert_eq!(
                    texts,
                    ["链接（续）", "记者手记（续）"][..open],
                    "{at}: the continued labels"
                );
                for (p, (x, w)) in heads.iter().zip([outer, inner]) {
                    assert!(!frame_text(&p.frame).1, "{at}: the label（续） is untagged");
                    let r = frame_rules(&p.frame);
                    assert!(
                        (r[0].0 - x).abs() < 0.01 && (r[0].2 - w).abs() < 0.01 && r[0].3 > 1.0,
                        "{at}: a head's heavy rule where its box's is: {r:?}"
                    );
                }
                for (p, q) in heads.iter().zip(heads.iter().skip(1)) {
                    assert!(
                        (q.pos.y - (p.pos.y + p.frame.size.h)).abs() < 0.01,
                        "{at}: the heads stacked"
                    );
                }
                heads_expected += open;
                // The column's last line closes every box open there (and
                // the ones that end with it), the innermost first.
                let mut closing = vec![];
                if depth(a) == 2 {
                    closing.push(inner);
                }
                if depth(a) >= 1 && (open >= 1 || a == outer_last) {
                    closing.push(outer);
                }
                let h = pa.frame.size.h;
                let foot: Vec<(f32, f32)> = frame_rules(&pa.frame)
                    .into_iter()
                    .filter(|r| (r.1 - h).abs() < 0.5 && r.3 < 1.0)
                    .map(|r| (r.0, r.2))
                    .collect();
                assert_eq!(foot, closing, "{at}: the closing rules under the last line");
                let _ = inner_last;
                if open == 2 && columns == 2 && pa.page == dist.pages - 1 {
                    balanced += 1;
                }
                match open {
                    2 => both[usize::from(columns == 2)] += 1,
                    1 => outer_only[usize::from(columns == 2)] += 1,
                    _ => {}
                }
            }
            assert_eq!(
                dist.placed
                    .iter()
                    .filter(|p| p.kind == PlacedKind::BoxContinued)
                    .count(),
                heads_expected,
                "{what}: a box continued only at a break"
            );
        }
    }
    for c in 0..2 {
        assert!(
            both[c] > 3 && outer_only[c] > 3,
            "too few breaks inside the boxes: {both:?} {outer_only:?}"
        );
    }
    assert!(
        balanced > 3,
        "too few balanced last pages part both boxes: {balanced}"
    );
}

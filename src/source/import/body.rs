//! The body: paragraphs, and between them the runs of short unpunctuated
//! lines that hold photo captions, a banner (the pull quote), section
//! headings and numbered items; a labelled box (链接) at the end.
//!
//! Each run is read in two steps. Left to right, the certain things: a slogan
//! (two or more very short lines) with the attribution lines under it, scored
//! against reading them as captions; numbered items; photo credits standing
//! on their own line. Then, when prose follows, the last one or two remaining
//! lines are scored as a heading pair, a caption and a single heading, or
//! captions, from their lengths, commas, numbering, blank lines and the shape
//! of the report's other headings.

use super::caption::{CAPTION_MAX_CHARS, photo_credit, standalone_credit};
use super::punct::{commas, ends_closed, enumerator, numbering_level};
use super::score::{Choice, Reading, because, choose};
use super::units::Layout;
use super::{Decisions, Piece, Unit, photo_href};

/// Headings and sub-headings are terse: 8–12 characters in the seed, rarely over 16.
/// Captions are descriptive sentences and usually longer.
const HEADING_MAX_CHARS: usize = 16;
/// Slogan lines (创一流 / 争第一 / 干唯一) are a few characters each.
const SLOGAN_MAX_CHARS: usize = 6;
/// A slogan needs at least this many very short lines in a row.
const SLOGAN_MIN_LINES: usize = 2;
/// A banner carries at most a tagline and an organiser under its slogan.
const ATTRIBUTION_MAX_LINES: usize = 2;
/// Tagline and organiser are short (13 and 5 characters in the seed).
const ATTRIBUTION_MAX_CHARS: usize = 20;

/// Labels that open a box.
const BOX_LABELS: [&str; 10] = [
    "相关链接",
    "新闻链接",
    "知识链接",
    "链接",
    "背景资料",
    "延伸阅读",
    "记者手记",
    "小贴士",
    "名词解释",
    "背景",
];

/// What the whole report's headings look like, measured before any run is read.
#[derive(Debug, Clone, Copy, Default)]
struct Context {
    layout: Layout,
    /// Some heading position holds a numbered line (一、 （一）): headings are numbered.
    numbered_headings: bool,
    /// Runs before prose that end in one short line after a long one or alone.
    singles: usize,
    /// Runs before prose that end in two short lines.
    pairs: usize,
}

/// A stretch of the body: one paragraph, or a run of short lines.
enum Segment {
    Prose(Unit),
    Run {
        units: Vec<Unit>,
        prose_follows: bool,
    },
    Box {
        label: String,
        label_line: usize,
        units: Vec<Unit>,
    },
}

/// Sort body units into paragraphs, figures, the pull quote, headings and boxes.
/// `figures` counts the photos of the report so far (a report cut at its
/// tables is read a stretch at a time).
pub fn classify(units: Vec<Unit>, figures: &mut usize, decisions: &mut Decisions) -> Vec<Piece> {
    let layout = Layout::measure(&units);
    let segments = segment(units, layout);
    let ctx = measure(&segments, layout);
    let mut pieces = Vec::new();
    for seg in segments {
        match seg {
            Segment::Prose(unit) => {
                if !ends_closed(&unit.text)
                    && !is_end_mark(&unit.text)
                    && !crate::cjk::is_author_note(&unit.text)
                    && super::byline::parse_dateline(&unit.text).is_none()
                    && !is_contact_line(&unit.text)
                {
                    decisions.note(unit.line, format!(
                        "line {}: unsure: a long line without closing punctuation, kept as a paragraph",
                        unit.line
                    ));
                }
                pieces.push(Piece::Para(unit.text));
            }
            Segment::Run {
                units,
                prose_follows,
            } => {
                read_run(units, prose_follows, ctx, figures, &mut pieces, decisions);
            }
            Segment::Box {
                label,
                label_line,
                units,
            } => {
                let last = units.last().map_or(label_line, |u| u.last_line);
                decisions.note(
                    label_line,
                    format!(
                        "lines {label_line}–{last}: box 「{label}」 with {} paragraph(s)",
                        units.len()
                    ),
                );
                pieces.push(Piece::Box {
                    label,
                    paras: units.into_iter().map(|u| u.text).collect(),
                });
            }
        }
    }
    pieces
}

/// Whether a unit is body prose rather than a standalone short line. A line
/// ending in a photo credit is a caption however long it is; a dateline
/// standing alone (`新华社北京7月1日电（记者 张三）`) is the first paragraph's.
fn is_prose(unit: &Unit) -> bool {
    photo_credit(&unit.text).is_none()
        && (ends_closed(&unit.text)
            || unit.chars() > CAPTION_MAX_CHARS
            || is_end_mark(&unit.text)
            || crate::cjk::is_author_note(&unit.text)
            || super::byline::parse_dateline(&unit.text).is_some()
            || is_contact_line(&unit.text))
}

/// Labels of a notice's service lines (`联系人：王明　联系电话：…`).
const CONTACT_LABELS: [&str; 14] = [
    "联系人",
    "联系电话",
    "联系方式",
    "咨询电话",
    "报名电话",
    "举报电话",
    "监督电话",
    "电话",
    "传真",
    "地址",
    "邮编",
    "邮箱",
    "电子邮箱",
    "网址",
];

/// A line of labels and their values (`联系人：王明　联系电话：0719-8123456`):
/// a notice's text, kept as a paragraph, never a caption or a heading.
fn is_contact_line(text: &str) -> bool {
    CONTACT_LABELS.iter().any(|l| {
        text.strip_prefix(l)
            .and_then(|r| r.strip_prefix(['：', ':']))
            .is_some_and(|v| !v.trim().is_empty())
    })
}

/// `（完）` and the like: the end of the text, kept as a paragraph.
fn is_end_mark(text: &str) -> bool {
    matches!(
        text,
        "（完）" | "(完)" | "（全文完）" | "——完——" | "-完-" | "【完】"
    )
}

/// Split the body into paragraphs, runs of short lines and boxes.
fn segment(units: Vec<Unit>, layout: Layout) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut run: Vec<Unit> = Vec::new();
    let mut units = units.into_iter().peekable();
    while let Some(unit) = units.next() {
        if let Some((label, rest)) = box_label(&unit.text) {
            flush(&mut run, false, &mut segments);
            let mut body = Vec::new();
            if let Some(rest) = rest {
                body.push(Unit {
                    text: rest,
                    ..unit.clone()
                });
            }
            // A box runs to the end, to a wider gap than between
            // paragraphs, or to the end mark (`（完）` ends the report).
            while let Some(next) = units.next_if(|n| {
                n.gap_before <= layout.paragraph_gap.max(1) + 1 && !is_end_mark(&n.text)
            }) {
                body.push(next);
            }
            segments.push(Segment::Box {
                label,
                label_line: unit.line,
                units: body,
            });
            continue;
        }
        if is_prose(&unit) {
            flush(&mut run, true, &mut segments);
            segments.push(Segment::Prose(unit));
        } else {
            run.push(unit);
        }
    }
    flush(&mut run, false, &mut segments);
    segments
}

fn flush(run: &mut Vec<Unit>, prose_follows: bool, segments: &mut Vec<Segment>) {
    if !run.is_empty() {
        segments.push(Segment::Run {
            units: std::mem::take(run),
            prose_follows,
        });
    }
}

/// Whether a line is a box's label line (see [`box_label`]).
pub(crate) fn is_box_label(text: &str) -> bool {
    box_label(text).is_some()
}

/// A box label line: `链接`, `【链接】`, `■相关链接`, `链接：标题`. The label and
/// what follows it on the line.
fn box_label(text: &str) -> Option<(String, Option<String>)> {
    let t = text
        .trim_start_matches(['■', '□', '●', '◆', '★', '▲'])
        .trim();
    let (t, bracketed) = match t.strip_prefix('【') {
        Some(inner) => (inner, true),
        None => (t, false),
    };
    let label = BOX_LABELS.iter().find(|l| t.starts_with(**l))?;
    let mut rest = &t[label.len()..];
    if bracketed {
        rest = rest.strip_prefix('】')?;
    }
    let rest = rest.trim_start_matches(['：', ':', ' ', '\u{3000}']).trim();
    // `链接` alone, or `链接：` + a title; `背景下，…` is prose, not a label.
    let labelled = rest.is_empty() || bracketed || t[label.len()..].starts_with(['：', ':']);
    if !labelled || ends_closed(rest) && rest.chars().count() > 30 {
        return None;
    }
    Some((
        label.to_string(),
        (!rest.is_empty()).then(|| rest.to_string()),
    ))
}

/// Count the shapes of heading positions and whether headings are numbered.
fn measure(segments: &[Segment], layout: Layout) -> Context {
    let mut ctx = Context {
        layout,
        ..Context::default()
    };
    for seg in segments {
        let Segment::Run {
            units,
            prose_follows: true,
        } = seg
        else {
            continue;
        };
        let n = units.len();
        let short = |u: &Unit| u.chars() <= HEADING_MAX_CHARS;
        if enumerator(&units[n - 1].text).is_some() && short(&units[n - 1]) {
            ctx.numbered_headings = true;
        }
        if n >= 2 && short(&units[n - 1]) && short(&units[n - 2]) {
            ctx.pairs += 1;
        } else if short(&units[n - 1]) {
            ctx.singles += 1;
        }
    }
    ctx
}

/// One line of a run after the left-to-right pass.
enum Slot {
    /// A banner: its slogan lines and attribution lines.
    Banner(Vec<Unit>, Vec<Unit>),
    /// A numbered item, set as a paragraph.
    Item(Unit),
    /// A photo credit on its own line, for the caption before it.
    Credit(Unit, String),
    /// Not yet decided: a caption or a heading.
    Open(Unit),
}

/// Read a run of short lines into pieces.
fn read_run(
    run: Vec<Unit>,
    prose_follows: bool,
    ctx: Context,
    figures: &mut usize,
    pieces: &mut Vec<Piece>,
    decisions: &mut Decisions,
) {
    let mut slots = left_to_right(run, prose_follows, decisions);
    // Two slogan-short lines right before prose with nothing under them are a
    // terse heading pair (守正创新 / 勇毅前行), not a banner.
    if prose_follows
        && let Some(Slot::Banner(lines, attr)) = slots.last()
        && lines.len() == 2
        && attr.is_empty()
    {
        let Some(Slot::Banner(lines, _)) = slots.pop() else {
            unreachable!()
        };
        slots.extend(lines.into_iter().map(Slot::Open));
    }
    // The lines the heading reading weighed against captions: their doubt
    // is logged there, not again as captions.
    let weighed: Vec<usize> = if prose_follows {
        slots
            .iter()
            .rev()
            .take(2)
            .filter_map(|s| match s {
                Slot::Open(u) => Some(u.line),
                _ => None,
            })
            .collect()
    } else {
        Vec::new()
    };
    let heading = if prose_follows {
        take_heading(&mut slots, ctx, decisions)
    } else {
        None
    };
    let credited: Vec<bool> = (0..slots.len())
        .map(|i| matches!(slots.get(i + 1), Some(Slot::Credit(..))))
        .collect();
    for (slot, credited) in slots.into_iter().zip(credited) {
        match slot {
            Slot::Banner(lines, attr) => pieces.push(banner(lines, attr, decisions)),
            Slot::Item(u) => {
                decisions.note(
                    u.line,
                    format!(
                        "line {}: numbered item 「{}」, kept as a paragraph",
                        u.line,
                        super::punct::excerpt(&u.text, 16)
                    ),
                );
                pieces.push(Piece::Para(u.text));
            }
            Slot::Credit(u, credit) => match pieces.last_mut() {
                Some(Piece::Figure {
                    credit: c @ None, ..
                }) => {
                    decisions.note(
                        u.line,
                        format!(
                            "line {}: photo credit 「{credit}」 for the caption above",
                            u.line
                        ),
                    );
                    *c = Some(credit);
                }
                _ => {
                    decisions.note(u.line, format!("line {}: a photo credit with no caption before it, kept as a paragraph", u.line));
                    pieces.push(Piece::Para(u.text));
                }
            },
            Slot::Open(u) => {
                let certain = credited || weighed.contains(&u.line);
                pieces.push(caption(u, ctx, certain, figures, decisions));
            }
        }
    }
    if let Some(h) = heading {
        pieces.push(h);
    }
}

/// The certain readings, left to right: banners, numbered items, credit lines.
/// Numbered lines next to numbered lines are items (a list), except the two
/// right before prose when they are numbered at two levels, the higher first
/// (`一、守护一库碧水` / `（一）强化源头治理`): a heading over its first
/// sub-heading, left open for the heading reading.
fn left_to_right(run: Vec<Unit>, prose_follows: bool, decisions: &mut Decisions) -> Vec<Slot> {
    let mut slots = Vec::new();
    let n = run.len();
    let two_levels = prose_follows
        && n >= 2
        && run[n - 2..].iter().all(|u| u.chars() <= HEADING_MAX_CHARS)
        && matches!(
            (numbering_level(&run[n - 2].text), numbering_level(&run[n - 1].text)),
            (Some(a), Some(b)) if a < b
        );
    let open_from = if two_levels { n - 2 } else { n };
    let mut i = 0;
    while i < run.len() {
        let n_lines = run[i..].iter().take_while(|u| is_slogan_line(u)).count();
        if n_lines >= SLOGAN_MIN_LINES {
            let lines = run[i..i + n_lines].to_vec();
            let n_attr = attribution_lines(&run[i + n_lines..], decisions);
            let attr = run[i + n_lines..i + n_lines + n_attr].to_vec();
            slots.push(Slot::Banner(lines, attr));
            i += n_lines + n_attr;
            continue;
        }
        let u = &run[i];
        let numbered = enumerator(&u.text).is_some();
        let neighbour_numbered = |j: Option<usize>| {
            j.and_then(|j| run.get(j))
                .is_some_and(|n| enumerator(&n.text).is_some())
        };
        if numbered
            && i < open_from
            && (neighbour_numbered(Some(i + 1)) || neighbour_numbered(i.checked_sub(1)))
        {
            slots.push(Slot::Item(u.clone()));
        } else if let Some(credit) = standalone_credit(&u.text) {
            slots.push(Slot::Credit(u.clone(), credit));
        } else {
            slots.push(Slot::Open(u.clone()));
        }
        i += 1;
    }
    slots
}

fn is_slogan_line(u: &Unit) -> bool {
    u.chars() <= SLOGAN_MAX_CHARS && enumerator(&u.text).is_none()
}

/// How many of `after` (the lines under a slogan) are its attribution: each
/// scored as a banner line against a caption.
fn attribution_lines(after: &[Unit], decisions: &mut Decisions) -> usize {
    let mut n = 0;
    while n < ATTRIBUTION_MAX_LINES && n < after.len() {
        let u = &after[n];
        let next_is_org = n + 1 < ATTRIBUTION_MAX_LINES
            && after
                .get(n + 1)
                .is_some_and(|v| is_organiser(&v.text) && v.chars() <= ATTRIBUTION_MAX_CHARS);
        let mut attr = Reading::new(true);
        attr.feature(u.gap_before < 2, 3, "close under the slogan")
            .feature(u.text.starts_with('—'), 4, "starts with a dash")
            .feature(is_organiser(&u.text), 4, "names an organiser")
            .feature(u.chars() <= 14, 1, "short as a tagline")
            .feature(next_is_org, 2, "an organiser follows it")
            .feature(
                u.chars() > ATTRIBUTION_MAX_CHARS,
                -10,
                "too long for a banner line",
            );
        let mut cap = Reading::new(false);
        cap.feature(u.chars() >= 17, 2, "long as a caption")
            .feature(u.gap_before >= 2, 1, "stands apart like a caption")
            .feature(u.text.starts_with("图为"), 4, "starts with 图为")
            .feature(
                photo_credit(&u.text).is_some(),
                10,
                "ends with a photo credit",
            );
        let choice = choose(vec![attr, cap]);
        note_close(
            u.line,
            &choice,
            "the banner's attribution",
            "a photo caption",
            decisions,
        );
        if !choice.best.kind {
            break;
        }
        n += 1;
    }
    n
}

/// An organiser's name: short and ending in an organisation word (市委组织部).
fn is_organiser(text: &str) -> bool {
    const ENDS: [&str; 24] = [
        "部", "委", "局", "办", "厅", "会", "处", "室", "院", "所", "站", "中心", "组", "社", "团",
        "队", "宣", "党委", "政府", "集团", "公司", "学校", "大学", "联",
    ];
    let t = text.trim_start_matches(['—', '-', ' ']);
    t.chars().count() <= 12 && !t.contains(['，', '、']) && ENDS.iter().any(|e| t.ends_with(e))
}

fn banner(lines: Vec<Unit>, attr: Vec<Unit>, decisions: &mut Decisions) -> Piece {
    let first = lines[0].line;
    let last = attr
        .last()
        .unwrap_or(lines.last().expect("a slogan has lines"))
        .last_line;
    let lines: Vec<String> = lines.into_iter().map(|u| u.text).collect();
    let attribution: Vec<String> = attr
        .into_iter()
        .map(|u| u.text.trim_start_matches('—').to_string())
        .collect();
    decisions.note(
        first,
        format!(
            "lines {first}–{last}: banner → pull quote {}{}",
            lines.join(" / "),
            if attribution.is_empty() {
                String::new()
            } else {
                format!(", attribution {}", attribution.join(" / "))
            }
        ),
    );
    Piece::PullQuote { lines, attribution }
}

/// How the last open lines before prose are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    /// A heading with its sub-heading.
    Pair,
    /// A caption (if any line before) and a heading without sub-heading.
    Single,
    /// Captions only.
    Captions,
}

/// Take the heading (pair) off the end of a run that prose follows, scoring
/// the readings of its last one or two open lines.
fn take_heading(slots: &mut Vec<Slot>, ctx: Context, decisions: &mut Decisions) -> Option<Piece> {
    let last = match slots.last() {
        Some(Slot::Open(u)) => u.clone(),
        _ => return None,
    };
    let before = match slots.len().checked_sub(2).map(|i| &slots[i]) {
        Some(Slot::Open(u)) => Some(u.clone()),
        _ => None,
    };
    let mut readings = Vec::new();
    let mut pair = Reading::new(Ending::Pair);
    if let Some(b) = &before {
        let (hb, hl) = (heading_score(b, ctx), heading_score(&last, ctx));
        pair.score = hb.score + hl.score;
        pair.why = [hb.why, hl.why].concat();
        pair.feature(
            b.chars() <= HEADING_MAX_CHARS && last.chars() <= HEADING_MAX_CHARS,
            2,
            "two terse lines together",
        )
        .feature(
            ctx.singles >= 2 && ctx.pairs < ctx.singles,
            -4,
            "the report's other headings stand alone",
        )
        .feature(
            last.gap_before > ctx.layout.paragraph_gap.max(1) + 1,
            -2,
            "a wide gap inside the pair",
        );
        readings.push(pair);
    }
    let mut single = heading_score(&last, ctx);
    single.kind = Ending::Single;
    if let Some(b) = &before {
        let c = caption_score(b, ctx);
        single.score += c.score;
        single.why.extend(c.why);
    }
    readings.push(single);
    let mut captions = caption_score(&last, ctx);
    captions.kind = Ending::Captions;
    if let Some(b) = &before {
        let c = caption_score(b, ctx);
        captions.score += c.score;
        captions.why.extend(c.why);
    }
    readings.push(captions);
    let choice = choose(readings);
    let name = |e: Ending| match e {
        Ending::Pair => "a heading with its sub-heading",
        Ending::Single => "a heading without sub-heading",
        Ending::Captions => "photo captions",
    };
    let line = before
        .as_ref()
        .filter(|_| choice.best.kind == Ending::Pair)
        .map_or(last.line, |b| b.line);
    if let Some(close) = &choice.close {
        decisions.unsure(
            line,
            name(choice.best.kind),
            name(close.kind),
            (choice.best.score, close.score),
        );
    }
    match choice.best.kind {
        Ending::Pair => {
            let b = before.expect("a pair has two lines");
            slots.truncate(slots.len() - 2);
            decisions.note(
                b.line,
                format!(
                    "lines {} and {}: section heading 「{}」 with sub-heading 「{}」 ({})",
                    b.line,
                    last.line,
                    b.text,
                    last.text,
                    because(&choice.best.why)
                ),
            );
            Some(Piece::Heading {
                title: b.text,
                sub: Some(last.text),
                deeper: false,
                line: b.line,
            })
        }
        Ending::Single => {
            slots.pop();
            decisions.note(
                last.line,
                format!(
                    "line {}: section heading 「{}」 without sub-heading ({})",
                    last.line,
                    last.text,
                    because(&choice.best.why)
                ),
            );
            Some(Piece::Heading {
                title: last.text,
                sub: None,
                deeper: false,
                line: last.line,
            })
        }
        Ending::Captions => None,
    }
}

/// Features that make a line a heading.
fn heading_score(u: &Unit, ctx: Context) -> Reading<Ending> {
    let n = u.chars();
    let numbered = enumerator(&u.text).is_some();
    let mut r = Reading::new(Ending::Single);
    r.feature(n <= HEADING_MAX_CHARS, 3, "terse as a heading")
        .feature(n > HEADING_MAX_CHARS && n <= 24, 1, "short")
        .feature(n > 24, -3, "long for a heading")
        .feature(commas(&u.text) > 0, -2, "a comma inside")
        .feature(numbered, 3, "numbered as a heading")
        .feature(
            ctx.numbered_headings && !numbered,
            -3,
            "the report numbers its headings and this has no number",
        )
        .feature(
            photo_credit(&u.text).is_some(),
            -10,
            "ends with a photo credit",
        )
        .feature(stands_apart(u, ctx), -2, "stands apart as photos do");
    r
}

/// More blank lines before the line than between paragraphs: exports set
/// photos (and so their captions) off like that.
fn stands_apart(u: &Unit, ctx: Context) -> bool {
    u.gap_before > ctx.layout.paragraph_gap.max(1) + 1
}

/// Words captions end with (现场, 一角, 合影 …).
fn ends_like_caption(text: &str) -> bool {
    const ENDS: [&str; 12] = [
        "现场", "一角", "街景", "合影", "留影", "风貌", "全景", "掠影", "场景", "瞬间", "航拍",
        "新貌",
    ];
    ENDS.iter().any(|e| text.ends_with(e))
}

/// Features that make a line a photo caption.
fn caption_score(u: &Unit, ctx: Context) -> Reading<Ending> {
    let n = u.chars();
    let mut r = Reading::new(Ending::Captions);
    r.feature(n >= 17, 2, "long as a caption")
        .feature(n >= 25, 1, "descriptive length")
        .feature(u.text.starts_with("图为"), 4, "starts with 图为")
        .feature(stands_apart(u, ctx), 2, "stands apart like a caption")
        .feature(
            ends_like_caption(&u.text),
            4,
            "ends as captions do (现场, 一角 …)",
        )
        .feature(
            photo_credit(&u.text).is_some(),
            10,
            "ends with a photo credit",
        )
        .feature(enumerator(&u.text).is_some(), -3, "numbered");
    r
}

/// A photo caption (and its credit). `certain` when a credit line follows or
/// the heading reading already logged its doubt.
fn caption(
    u: Unit,
    ctx: Context,
    certain: bool,
    figures: &mut usize,
    decisions: &mut Decisions,
) -> Piece {
    *figures += 1;
    let (text, credit) = match photo_credit(&u.text) {
        Some((len, credit)) => (u.text[..len].trim_end().to_string(), Some(credit)),
        None => (u.text.clone(), None),
    };
    decisions.note(
        u.line,
        format!(
            "line {}: caption → figure {} 「{}」{}",
            u.line,
            photo_href(*figures),
            text,
            credit
                .as_ref()
                .map_or(String::new(), |c| format!(", photo credit 「{c}」"))
        ),
    );
    let as_heading = heading_score(&u, ctx).score;
    let as_caption = caption_score(&u, ctx).score;
    if as_heading >= as_caption - 1 && credit.is_none() && !certain {
        decisions.unsure(
            u.line,
            "a photo caption",
            "a heading",
            (as_caption, as_heading),
        );
    }
    Piece::Figure {
        caption: text,
        credit,
    }
}

fn note_close<K: Copy>(
    line: usize,
    choice: &Choice<K>,
    yes: &str,
    no: &str,
    decisions: &mut Decisions,
) where
    K: PartialEq + From<bool>,
{
    if let Some(close) = &choice.close {
        let (what, other) = if choice.best.kind == K::from(true) {
            (yes, no)
        } else {
            (no, yes)
        };
        decisions.unsure(line, what, other, (choice.best.score, close.score));
    }
}

/// Headings numbered at two levels (一、 and （一）, as they stand alone or as
/// a heading over its sub-heading): the ones numbered at the lower level are
/// set one level down (`###`), so `一、` is always `##` and `（一）` always
/// `###`, however each was read. Headings numbered at one level only (or not
/// at all) stay `##`.
pub fn number_levels(body: &mut [Piece], decisions: &mut Decisions) {
    let level = |t: &str| numbering_level(t);
    let mut levels: Vec<u8> = body
        .iter()
        .filter_map(|p| match p {
            Piece::Heading { title, sub, .. } => Some(
                std::iter::once(title)
                    .chain(sub.as_ref())
                    .filter_map(|t| level(t))
                    .collect::<Vec<_>>(),
            ),
            _ => None,
        })
        .flatten()
        .collect();
    levels.sort_unstable();
    levels.dedup();
    let [top, ..] = levels[..] else { return };
    if levels.len() < 2 {
        return;
    }
    let mut moved = Vec::new();
    for p in body.iter_mut() {
        if let Piece::Heading {
            title,
            deeper,
            line,
            ..
        } = p
            && level(title).is_some_and(|l| l > top)
        {
            *deeper = true;
            moved.push(*line);
        }
    }
    // Cited at the first heading it set one level down, as every log line
    // cites its input line.
    if let Some(&line) = moved.first() {
        decisions.note(
            line,
            format!(
                "line {line}: headings are numbered at two levels: those numbered like 「{}」 are section headings (##), \
                 {} numbered like 「{}」 are set one level down (###), at line(s) {}",
                level_example(top),
                moved.len(),
                level_example(levels[1]),
                moved.iter().map(usize::to_string).collect::<Vec<_>>().join(", "),
            ),
        );
    }
}

/// How a numbering level is printed, for the log.
fn level_example(level: u8) -> &'static str {
    match level {
        1 => "一、",
        2 => "（一）",
        3 => "1.",
        4 => "（1）",
        _ => "①",
    }
}

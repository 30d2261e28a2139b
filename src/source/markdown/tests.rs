use super::*;
use crate::model::{AsideKind, Block, BlockKind, Inline, ParaRole, plain_text, walk};
use std::path::Path;

fn parse_str(md: &str) -> (Article, Vec<Diagnostic>) {
    let mut d = vec![];
    let a = parse(Path::new("t.md"), md, 0, &mut d);
    (a, d)
}

/// Every block of the article, depth first.
fn all(a: &Article) -> Vec<&Block> {
    let mut v = vec![];
    walk(&a.blocks, &mut |b| v.push(b));
    v
}

fn para_inlines(a: &Article, i: usize) -> Vec<Inline> {
    let paras: Vec<_> = all(a)
        .into_iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Para(p) => Some(p.content.clone()),
            _ => None,
        })
        .collect();
    paras[i].clone()
}

#[test]
fn soft_break_between_han_joins_without_space() {
    let (a, _) = parse_str("# T\n\n筑牢信仰之\n基、补足精神之钙\n\nhello\nworld\n\n中文\nLatin\n");
    assert_eq!(
        plain_text(&para_inlines(&a, 0)),
        "筑牢信仰之基、补足精神之钙"
    );
    assert_eq!(plain_text(&para_inlines(&a, 1)), "hello world");
    assert_eq!(plain_text(&para_inlines(&a, 2)), "中文Latin");
}

#[test]
fn emphasis_next_to_chinese_punctuation_is_bold() {
    let (a, _) = parse_str("# T\n\n这是**《书名》**。又是**“引号”**中文。\n");
    let p = para_inlines(&a, 0);
    assert_eq!(
        p,
        vec![
            Inline::Text("这是".into()),
            Inline::Strong(vec![Inline::Text("《书名》".into())]),
            Inline::Text("。又是".into()),
            Inline::Strong(vec![Inline::Text("“引号”".into())]),
            Inline::Text("中文。".into()),
        ]
    );
    assert!(!plain_text(&p).contains('\u{FFFC}'));
}

#[test]
fn a_closing_bold_before_a_digit_still_closes() {
    // `**编者按：**6月…`: the run after a full-width colon, before a digit.
    let (a, _) = parse_str("# T\n\n正文。\n\n记者**提问：**6月以来如何？\n");
    let p = para_inlines(&a, 1);
    assert_eq!(
        p[1],
        Inline::Strong(vec![Inline::Text("提问：".into())]),
        "{p:?}"
    );
    assert_eq!(plain_text(&p), "记者提问：6月以来如何？");
}

#[test]
fn emphasis_spans_map_back_to_file_offsets() {
    let md = "# T\n\n这是**《书名》**。\n\n第二段\n";
    let (a, _) = parse_str(md);
    let span = &a.blocks[1].span;
    assert_eq!(&md[span.clone()].trim_end(), &"第二段");
}

#[test]
fn title_subtitle_lead_and_body() {
    let md = "# 标题\n\n——副题\n\n> 导语一句。\n\n正文。\n\n> 创一流  \n> 争第一\n>\n> ——晒成效  \n> ——市委组织部\n";
    let (a, d) = parse_str(md);
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(a.title.as_deref(), Some("标题"));
    assert_eq!(a.subtitle.as_deref(), Some("——副题"));
    assert_eq!(plain_text(a.lead.as_ref().unwrap()), "导语一句。");
    let BlockKind::PullQuote(q) = &a.blocks[1].kind else {
        panic!("pull quote expected: {:?}", a.blocks)
    };
    assert_eq!(q.lines, ["创一流", "争第一"]);
    assert_eq!(q.attribution, ["晒成效", "市委组织部"]);
}

#[test]
fn a_line_of_two_sentences_with_an_attribution_is_a_quotation() {
    // 24 characters, so short enough, but two sentences: prose, not a slogan.
    let md = "# T\n\n正文。\n\n> 诗歌是时间的见证。这首小诗写于作者离乡多年之后。\n>\n> ——编者\n\n> 创一流！  \n> 争第一\n>\n> ——市委组织部\n";
    let (a, _) = parse_str(md);
    assert!(
        matches!(a.blocks[1].kind, BlockKind::Quote(_)),
        "{:?}",
        a.blocks[1]
    );
    assert!(
        matches!(a.blocks[2].kind, BlockKind::PullQuote(_)),
        "{:?}",
        a.blocks[2]
    );
}

#[test]
fn heading_pairs_make_sections_holding_their_figures() {
    let md = "# T\n\n## 凝心铸魂\n### 加强武装\n\n![图注“引号”](photos/a.jpg)\n\n![图注](b.jpg \"替代文字\")\n\n## 第二节\n\n正文\n";
    let (a, _) = parse_str(md);
    let BlockKind::Section(s) = &a.blocks[0].kind else {
        panic!()
    };
    assert_eq!(
        (s.heading.title.as_str(), s.heading.subtitle.as_deref()),
        ("凝心铸魂", Some("加强武装"))
    );
    let BlockKind::Figure(f) = &s.body[0].kind else {
        panic!()
    };
    assert_eq!(
        (plain_text(&f.caption).as_str(), f.alt.as_str()),
        ("图注“引号”", "图注“引号”")
    );
    let BlockKind::Figure(f2) = &s.body[1].kind else {
        panic!()
    };
    assert_eq!(f2.alt, "替代文字");
    assert_eq!(a.figures[0].href, "photos/a.jpg");
    let BlockKind::Section(s2) = &a.blocks[1].kind else {
        panic!()
    };
    assert_eq!(s2.heading.subtitle, None);
    assert_eq!(s2.body.len(), 1);
}

#[test]
fn deeper_headings_nest_as_sections() {
    let md = "# T\n\n## 一、总体\n\n甲。\n\n### （一）分项\n\n乙。\n\n#### 1.细目\n\n丙。\n\n## 二、下一部分\n\n丁。\n";
    let (a, _) = parse_str(md);
    assert_eq!(a.blocks.len(), 2);
    let BlockKind::Section(s) = &a.blocks[0].kind else {
        panic!()
    };
    assert_eq!(s.heading.level, 2);
    let BlockKind::Section(sub) = &s.body[1].kind else {
        panic!("{:?}", s.body)
    };
    assert_eq!(
        (sub.heading.level, sub.heading.title.as_str()),
        (3, "（一）分项")
    );
    let BlockKind::Section(subsub) = &sub.body[1].kind else {
        panic!()
    };
    assert_eq!(subsub.heading.level, 4);
}

#[test]
fn raw_html_is_dropped_with_a_warning() {
    let (a, d) = parse_str("# T\n\n正文<script>alert(1)</script>继续<b onclick=\"x\">粗</b>\n");
    let text = plain_text(&para_inlines(&a, 0));
    assert!(
        !text.contains('<') && !text.contains("onclick") && !text.contains("alert"),
        "{text}"
    );
    assert!(text.contains("正文") && text.contains("粗"));
    assert!(d.iter().any(|x| x.message.contains("raw HTML")));
}

#[test]
fn figure_without_caption_warns() {
    let (_, d) = parse_str("# T\n\n![](a.jpg)\n");
    assert!(d.iter().any(|x| x.message.contains("no caption")));
}

#[test]
fn dash_lines_after_the_title_are_subtitles_as_import_writes_them() {
    for line in ["——副题", "—副题", "--副题", "─副题"] {
        let (a, _) = parse_str(&format!("# T\n\n{line}\n\n正文。\n"));
        assert_eq!(a.subtitle.as_deref(), Some(line));
        assert!(is_subtitle_line(line));
    }
    // Later dash paragraphs are body text.
    let (a, _) = parse_str("# T\n\n正文。\n\n--。\n");
    assert_eq!(a.subtitle, None);
    assert_eq!(plain_text(&para_inlines(&a, 1)), "--。");
}

#[test]
fn lists_tight_loose_nested_and_numbered() {
    let md = "# T\n\n正文。\n\n- 甲\n- 乙\n  1. 乙一\n  2. 乙二\n\n3. 第三\n\n4. 第四\n";
    let (a, d) = parse_str(md);
    assert!(d.is_empty(), "{d:?}");
    let BlockKind::List(l) = &a.blocks[1].kind else {
        panic!("{:?}", a.blocks)
    };
    assert!(l.tight && l.start.is_none() && l.items.len() == 2);
    let BlockKind::List(inner) = &l.items[1].body[1].kind else {
        panic!("{:?}", l.items[1])
    };
    assert_eq!(inner.start, Some(1));
    assert_eq!(inner.items.len(), 2);
    let BlockKind::List(n) = &a.blocks[2].kind else {
        panic!()
    };
    assert_eq!((n.start, n.tight, n.items.len()), (Some(3), false, 2));
}

#[test]
fn chinese_markers_in_a_bullet_list_become_the_markers() {
    let (a, _) = parse_str("# T\n\n正文。\n\n- （一）坚持学习\n- （二）坚持实践\n");
    let BlockKind::List(l) = &a.blocks[1].kind else {
        panic!()
    };
    assert_eq!(l.items[0].marker.as_deref(), Some("（一）"));
    let BlockKind::Para(p) = &l.items[1].body[0].kind else {
        panic!()
    };
    assert_eq!(plain_text(&p.content), "坚持实践");
}

#[test]
fn numbers_typed_after_bullets_become_the_markers() {
    // `- 1. …` (a bullet holding a numbered list of one item) and `- 1．…`
    // (a number typed as text): the numbers are printed, not the bullets.
    for md in [
        "# T\n\n正文。\n\n- 1. 坚持学习\n- 2. 坚持实践\n",
        "# T\n\n正文。\n\n- 1．坚持学习\n- 2．坚持实践\n",
    ] {
        let (a, d) = parse_str(md);
        assert!(d.is_empty(), "{d:?}");
        let BlockKind::List(l) = &a.blocks[1].kind else {
            panic!("{md}: {:?}", a.blocks)
        };
        let markers: Vec<_> = l.items.iter().map(|i| i.marker.as_deref()).collect();
        assert!(
            markers == [Some("1."), Some("2.")] || markers == [Some("1．"), Some("2．")],
            "{md}: {markers:?}"
        );
        let BlockKind::Para(p) = &l.items[1].body[0].kind else {
            panic!("{md}: {:?}", l.items[1])
        };
        assert_eq!(plain_text(&p.content), "坚持实践", "{md}");
    }
    // A number that is text, not a marker, stays: 1.5亿元 is no item number.
    let (a, _) = parse_str("# T\n\n正文。\n\n- 1.5亿元投资\n- 2.3亿元配套\n");
    let BlockKind::List(l) = &a.blocks[1].kind else {
        panic!()
    };
    assert!(l.items.iter().all(|i| i.marker.is_none()));
}

#[test]
fn tables_with_caption_unit_notes_and_source() {
    let md = "# T\n\n正文。\n\n表1　各县市区主要指标　单位：亿元\n\n| 地区 | 2022年 | 2023年 |\n|:--|--:|--:|\n| 张湾区 | 1,860.5 | 2,001.3[^1] |\n| **茅箭区** | 998 | 1,020 |\n\n注：数据为初步核算数。\n\n数据来源：市统计局\n\n[^1]: 含开发区。\n";
    let (a, d) = parse_str(md);
    assert!(d.is_empty(), "{d:?}");
    let BlockKind::Table(t) = &a.blocks[1].kind else {
        panic!("{:?}", a.blocks)
    };
    assert_eq!(t.label.as_deref(), Some("表1"));
    assert_eq!(plain_text(&t.caption), "各县市区主要指标");
    assert_eq!(t.unit.as_deref(), Some("单位：亿元"));
    assert_eq!(
        t.aligns,
        [
            crate::model::Align::Left,
            crate::model::Align::Right,
            crate::model::Align::Right
        ]
    );
    assert_eq!(t.head.len(), 3);
    assert_eq!(t.rows.len(), 2);
    assert!(t.rows[0][2].contains(&Inline::NoteRef(0)));
    assert_eq!(t.notes.len(), 2);
    assert_eq!(a.notes.len(), 1);
    assert_eq!(a.blocks.len(), 2, "notes and source went into the table");
}

#[test]
fn a_source_line_right_under_a_table_is_its_note_not_a_row() {
    let md = "# T\n\n| 甲 | 乙 |\n|--|--|\n| 1 | 2 |\n数据来源：市统计局\n";
    let (a, d) = parse_str(md);
    let BlockKind::Table(t) = &a.blocks[0].kind else {
        panic!()
    };
    assert_eq!(t.rows.len(), 1);
    assert_eq!(plain_text(&t.notes[0]), "数据来源：市统计局");
    assert!(
        d.iter().any(|x| x.message.contains("blank line")
            || x.hints.iter().any(|h| h.contains("blank line")))
    );
}

#[test]
fn footnotes_are_numbered_by_first_reference_and_keep_their_blocks() {
    let md = "# T\n\n甲[^b]乙[^a]丙[^b]。\n\n[^a]: 注A。\n[^b]: 注B第一段。\n\n    注B第二段。\n\n[^c]: 没人引用。\n";
    let (a, d) = parse_str(md);
    assert_eq!(a.notes.len(), 3);
    assert_eq!(a.notes[0].label, "b");
    assert_eq!(a.notes[0].body.len(), 2);
    assert_eq!(a.notes[1].label, "a");
    let p = para_inlines(&a, 0);
    assert_eq!(
        p.iter().filter(|i| matches!(i, Inline::NoteRef(0))).count(),
        2
    );
    assert!(d.iter().any(|x| x.message.contains("never referenced")));
}

#[test]
fn an_undefined_note_reference_warns() {
    let (_, d) = parse_str("# T\n\n正文[^9]。\n");
    assert!(
        d.iter().any(|x| x.message.contains("no definition")),
        "{d:?}"
    );
}

#[test]
fn circled_notes_become_notes_as_footnotes_do() {
    // D19: `……6.1%①` in the text, `①……` paragraphs at the end.
    let circled = "# 标题\n\n收入增长6.1%①，高于经济增速。新增就业3.2万人②。\n\n民生是最大的政治。\n\n①居民人均可支配收入按常住人口计算。\n\n②数据来源于市人力资源和社会保障局。\n\n（作者单位：市社会科学院）\n";
    let (a, d) = parse_str(circled);
    assert!(d.is_empty(), "{d:?}");
    let footnotes = "# 标题\n\n收入增长6.1%[^1]，高于经济增速。新增就业3.2万人[^2]。\n\n民生是最大的政治。\n\n[^1]: 居民人均可支配收入按常住人口计算。\n\n[^2]: 数据来源于市人力资源和社会保障局。\n\n（作者单位：市社会科学院）\n";
    let (b, _) = parse_str(footnotes);
    assert_eq!(para_inlines(&a, 0), para_inlines(&b, 0));
    assert!(matches!(para_inlines(&a, 0)[1], Inline::NoteRef(0)));
    assert_eq!(a.notes.len(), 2);
    for (x, y) in a.notes.iter().zip(&b.notes) {
        assert_eq!(x.label, y.label);
        let text = |n: &crate::model::Note| match &n.body[0].kind {
            BlockKind::Para(p) => plain_text(&p.content),
            other => panic!("{other:?}"),
        };
        assert_eq!(text(x), text(y));
    }
    // The note paragraphs left the body; the author note stays last.
    assert_eq!(a.blocks.len(), 3, "{:?}", a.blocks);
    assert!(matches!(&a.blocks[2].kind, BlockKind::Para(p) if p.role == ParaRole::AuthorNote));
    // Notes typed on consecutive lines (one Markdown paragraph) are two notes.
    let (c, d) = parse_str(&circled.replace("计算。\n\n②", "计算。\n②"));
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(c.notes.len(), 2, "{:?}", c.notes);
    assert_eq!(c.blocks.len(), 3, "{:?}", c.blocks);
}

#[test]
fn a_notes_heading_line_over_circled_notes_is_their_heading_not_a_paragraph() {
    let text =
        "# 标题\n\n收入增长6.1%①，高于经济增速。新增就业3.2万人②。\n\n民生是最大的政治。\n\n";
    let notes = "①居民人均可支配收入按常住人口计算。\n\n②数据来源于市人力资源和社会保障局。\n";
    for heading in ["注释：", "注：", "注释", "**注释：**", "注:"] {
        for joined in [false, true] {
            let tail = if joined {
                // Typed on consecutive lines: Markdown makes one paragraph of them.
                format!("{heading}\n{}", notes.replace("\n\n", "\n"))
            } else {
                format!("{heading}\n\n{notes}")
            };
            let md = format!("{text}{tail}\n（作者单位：市社会科学院）\n");
            let (a, d) = parse_str(&md);
            assert!(d.is_empty(), "{md:?}: {d:?}");
            assert_eq!(a.notes.len(), 2, "{md:?}: {:?}", a.blocks);
            assert!(matches!(para_inlines(&a, 0)[1], Inline::NoteRef(0)));
            // The heading line left the body with its notes.
            let body: Vec<String> = all(&a)
                .into_iter()
                .filter_map(|b| match &b.kind {
                    BlockKind::Para(p) => Some(plain_text(&p.content)),
                    _ => None,
                })
                .collect();
            assert_eq!(body.len(), 3, "{md:?}: {body:?}");
            assert!(
                body.iter().all(|p| !p.starts_with("注")),
                "{md:?}: {body:?}"
            );
        }
    }
    // With no note under it, such a line stays a paragraph as written.
    let md = "# 标题\n\n正文。\n\n注释：\n\n①强化源头治理。\n\n②推进系统修复。\n";
    let (a, _) = parse_str(md);
    assert!(a.notes.is_empty());
    assert_eq!(plain_text(&para_inlines(&a, 1)), "注释：");
}

#[test]
fn circled_numbers_without_their_other_half_stay_and_warn_at_their_place() {
    // A mark with no note paragraph: kept, warned at the mark.
    let md = "# 标题\n\n收入增长6.1%①，高于经济增速。\n\n民生是最大的政治。\n";
    let (a, d) = parse_str(md);
    assert!(a.notes.is_empty());
    assert_eq!(
        plain_text(&para_inlines(&a, 0)),
        "收入增长6.1%①，高于经济增速。"
    );
    let w = d
        .iter()
        .find(|x| x.message.contains("①"))
        .unwrap_or_else(|| panic!("{d:?}"));
    let r = &w.span.as_ref().unwrap().range;
    assert_eq!(&md[r.clone()], "①", "{w:?}");
    assert!(w.hints.iter().any(|h| h.contains("[^1]")), "{w:?}");
    // A note paragraph nobody refers to, beside one that is referred to.
    let md = "# 标题\n\n收入增长6.1%①。\n\n①按常住人口计算。\n\n②数据来源于市人社局。\n";
    let (a, d) = parse_str(md);
    assert_eq!(a.notes.len(), 1);
    assert_eq!(plain_text(&para_inlines(&a, 1)), "②数据来源于市人社局。");
    let w = d
        .iter()
        .find(|x| x.message.contains("②"))
        .unwrap_or_else(|| panic!("{d:?}"));
    let r = &w.span.as_ref().unwrap().range;
    assert!(md[r.clone()].starts_with("②数据"), "{w:?}");
    assert!(w.hints.iter().any(|h| h.contains("[^2]")), "{w:?}");
}

#[test]
fn circled_numbers_as_list_markers_stay_as_written() {
    for md in [
        // ①②③ paragraphs in the body, and at the very end: a list, not notes.
        "# 标题\n\n主要做法：\n\n①强化源头治理。\n\n②推进系统修复。\n\n③完善长效机制。\n\n正文。\n",
        "# 标题\n\n主要做法：\n\n①强化源头治理。\n\n②推进系统修复。\n",
        "# 标题\n\n主要做法：\n\n①强化源头治理。\n②推进系统修复。\n",
        // Inline numbering and a photo's number are no note marks.
        "# 标题\n\n分为①农业②工业两类。如图①所示，（图②）为夜景。\n",
    ] {
        let (a, d) = parse_str(md);
        assert!(a.notes.is_empty(), "{md:?}");
        assert!(d.is_empty(), "{md:?}: {d:?}");
        let last = plain_text(&para_inlines(&a, all(&a).len() - 1));
        assert!(
            md.trim_end().ends_with(&last.replace("。②", "。\n②")),
            "{md:?}: {last:?}"
        );
        assert!(
            all(&a).iter().all(|b| !matches!(&b.kind, BlockKind::Para(p) if p.content.iter().any(|i| matches!(i, Inline::NoteRef(_))))),
            "{md:?}"
        );
    }
    // A bullet list of ① items keeps them as its markers.
    let (a, d) = parse_str("# 标题\n\n- ①强化源头治理\n- ②推进系统修复\n\n正文。\n");
    assert!(a.notes.is_empty() && d.is_empty(), "{d:?}");
    let BlockKind::List(l) = &a.blocks[0].kind else {
        panic!("{:?}", a.blocks[0])
    };
    assert_eq!(l.items[0].marker.as_deref(), Some("①"), "{l:?}");
}

#[test]
fn boxes_quotations_and_alerts() {
    let md = "# T\n\n> 导语。\n\n正文。\n\n> **链接**\n>\n> 第一段。\n>\n> - 要点\n\n> 第一段引文。\n>\n> 第二段引文。\n\n> [!NOTE]\n> 提醒内容。\n\n> [!TIP] 编者按\n> 一行写的标签。\n\n> **自定义**\n>\n> 内容。\n";
    let (a, d) = parse_str(md);
    assert_eq!(plain_text(a.lead.as_ref().unwrap()), "导语。");
    let kinds: Vec<&BlockKind> = a.blocks.iter().map(|b| &b.kind).collect();
    let BlockKind::Aside(link) = kinds[1] else {
        panic!("{kinds:?}")
    };
    assert_eq!(
        (link.label.as_str(), link.kind),
        ("链接", AsideKind::Sidebar)
    );
    assert_eq!(link.body.len(), 2);
    assert!(matches!(kinds[2], BlockKind::Quote(q) if q.body.len() == 2));
    let BlockKind::Aside(note) = kinds[3] else {
        panic!()
    };
    assert_eq!(note.label, "说明");
    let BlockKind::Aside(tip) = kinds[4] else {
        panic!("{:?}", kinds[4])
    };
    assert_eq!(tip.label, "编者按");
    assert_eq!(
        plain_text(&match &tip.body[0].kind {
            BlockKind::Para(p) => p.content.clone(),
            k => panic!("{k:?}"),
        }),
        "一行写的标签。"
    );
    assert!(matches!(kinds[5], BlockKind::Aside(x) if x.label == "自定义"));
    assert!(d.iter().any(|x| x.message.contains("自定义")));
}

#[test]
fn editors_note_paragraph_turns_datelines_and_author_notes() {
    let md = "# T\n\n**编者按：**6月以来，……\n\n**本报讯**（记者 张三）7月1日，……\n\n**记者：**您怎么看？\n\n**王某某**：我认为……\n\n问：还有呢？\n\n（作者系湖北医药学院教授）\n";
    let (a, _) = parse_str(md);
    let BlockKind::Aside(n) = &a.blocks[0].kind else {
        panic!("{:?}", a.blocks[0])
    };
    assert_eq!(
        (n.kind, n.label.as_str()),
        (AsideKind::EditorsNote, "编者按")
    );
    assert!(matches!(&a.blocks[1].kind, BlockKind::Para(p) if p.role == ParaRole::Dateline));
    let BlockKind::Turn(t) = &a.blocks[2].kind else {
        panic!()
    };
    assert_eq!(
        (t.speaker.as_str(), plain_text(&t.content).as_str()),
        ("记者：", "您怎么看？")
    );
    let BlockKind::Turn(t) = &a.blocks[3].kind else {
        panic!()
    };
    assert_eq!(t.speaker, "王某某：");
    assert!(matches!(&a.blocks[4].kind, BlockKind::Turn(t) if t.speaker == "问："));
    assert!(matches!(&a.blocks[5].kind, BlockKind::Para(p) if p.role == ParaRole::AuthorNote));
}

#[test]
fn verse_from_a_fence_and_from_hard_breaks() {
    let md = "# T\n\n```诗\n床前明月光，\n　　疑是地上霜。\n\n举头望明月，\n```\n\n小时候  \n乡愁是一枚小小的邮票\n\n长大后  \n乡愁是一张窄窄的船票\n";
    let (a, _) = parse_str(md);
    let BlockKind::Verse(v) = &a.blocks[0].kind else {
        panic!("{:?}", a.blocks)
    };
    assert_eq!(v.stanzas.len(), 2);
    assert_eq!(v.stanzas[0][1].indent, 2);
    assert_eq!(plain_text(&v.stanzas[0][1].content), "疑是地上霜。");
    let BlockKind::Verse(v2) = &a.blocks[1].kind else {
        panic!("{:?}", a.blocks[1])
    };
    assert_eq!(
        v2.stanzas.len(),
        2,
        "two hard-broken paragraphs are two stanzas"
    );
    assert_eq!(v2.stanzas[1].len(), 2);
}

#[test]
fn photo_groups_credits_and_a_photo_above_the_title() {
    let md = "![](photos/top.jpg \"记者 李四 摄\")\n\n# T\n\n正文。\n\n![](photos/1.jpg) ![](photos/2.jpg)\n村道两旁（记者 张三 摄）\n\n![](photos/3.jpg)\n新修的村道\n";
    let (a, d) = parse_str(md);
    assert_eq!(a.title.as_deref(), Some("T"), "{d:?}");
    let BlockKind::Figure(top) = &a.before_title[0].kind else {
        panic!()
    };
    assert_eq!(top.credit.as_deref(), Some("记者 李四 摄"));
    let BlockKind::PhotoGroup(g) = &a.blocks[1].kind else {
        panic!("{:?}", a.blocks)
    };
    assert_eq!(g.photos.len(), 2);
    assert_eq!(plain_text(&g.caption), "村道两旁");
    assert_eq!(g.credit.as_deref(), Some("（记者 张三 摄）"));
    let BlockKind::Figure(f) = &a.blocks[2].kind else {
        panic!()
    };
    assert_eq!(plain_text(&f.caption), "新修的村道");
    assert_eq!(a.figures.len(), 4);
}

#[test]
fn section_breaks_and_kicker() {
    let md = "【走基层】\n\n为了一江清水\n\n# 标题\n\n甲。\n\n※ ※ ※\n\n乙。\n\n***\n\n丙。\n";
    let (a, _) = parse_str(md);
    assert_eq!(a.column.as_deref(), Some("走基层"));
    assert_eq!(a.kicker.as_deref(), Some("为了一江清水"));
    assert!(
        matches!(&a.blocks[1].kind, BlockKind::Break(b) if b.glyph.as_deref() == Some("※ ※ ※"))
    );
    assert!(matches!(&a.blocks[3].kind, BlockKind::Break(b) if b.glyph.is_none()));
}

#[test]
fn code_keeps_its_lines() {
    let (a, _) = parse_str("# T\n\n```\nline 1\n  line 2\n```\n");
    let BlockKind::Code(c) = &a.blocks[0].kind else {
        panic!()
    };
    assert_eq!(c.text, "line 1\n  line 2");
}

/// The kinds of the article's top-level blocks, as short names.
fn kinds(a: &Article) -> Vec<&'static str> {
    a.blocks
        .iter()
        .map(|b| match &b.kind {
            BlockKind::Turn(_) => "turn",
            BlockKind::Para(_) => "para",
            _ => "other",
        })
        .collect()
}

#[test]
fn a_bold_notice_label_is_not_a_speaker() {
    let (a, _) = parse_str(
        "# 通知\n\n**提示：**6月起实行新规。\n\n**地址：**市民中心。\n\n**记者：**问一句。\n\n**张三：**答一句。\n",
    );
    assert_eq!(kinds(&a), ["para", "para", "turn", "turn"]);
    // The label stays in bold, its text whole.
    let p = para_inlines(&a, 0);
    assert!(
        matches!(&p[0], Inline::Strong(s) if plain_text(s) == "提示："),
        "{p:?}"
    );
    assert_eq!(plain_text(&p), "提示：6月起实行新规。");
}

#[test]
fn a_turn_needs_an_interview_around_it() {
    // One speaker label alone is a bold lead-in, not an interview.
    let (a, _) = parse_str("# 标题\n\n**市民张先生：**这条路修得真好。\n\n正文。\n");
    assert_eq!(kinds(&a), ["para", "para"]);
    assert_eq!(
        plain_text(&para_inlines(&a, 0)),
        "市民张先生：这条路修得真好。"
    );
    // The same label twice, no one answering: still not an interview.
    let (a, _) = parse_str("# 标题\n\n**记者：**一问。\n\n**记者：**二问。\n");
    assert_eq!(kinds(&a), ["para", "para"]);
    // Plain `记者：` alone keeps its text as written.
    let (a, _) = parse_str("# 标题\n\n记者：一问。\n");
    assert_eq!(plain_text(&para_inlines(&a, 0)), "记者：一问。");
    // Two speakers: an interview.
    let (a, _) = parse_str("# 标题\n\n**记者：**一问。\n\n**张三：**一答。\n");
    assert_eq!(kinds(&a), ["turn", "turn"]);
    // 问/答 are turns on their own.
    let (a, _) = parse_str("# 标题\n\n问：能做什么？\n\n正文。\n");
    assert_eq!(kinds(&a), ["turn", "para"]);
}

/// The turns of an article, as (speaker, words).
fn turns(a: &Article) -> Vec<(String, String)> {
    all(a)
        .into_iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Turn(t) => Some((t.speaker.clone(), plain_text(&t.content))),
            _ => None,
        })
        .collect()
}

#[test]
fn plain_name_labels_alternating_with_the_askers_are_turns() {
    // D18: `记者：` / `王明：` typed without bold, two exchanges.
    let plain = "# 标题\n\n正文第一段。\n\n记者：您怎么看？\n\n王明：我认为很好。\n\n记者：还有呢？\n\n王明：没有了。\n";
    let (a, _) = parse_str(plain);
    assert_eq!(kinds(&a), ["para", "turn", "turn", "turn", "turn"]);
    assert_eq!(
        turns(&a)[1],
        ("王明：".to_owned(), "我认为很好。".to_owned())
    );
    // The same model as the bold labels give.
    let bold = plain
        .replace("记者：", "**记者：**")
        .replace("王明：", "**王明**：");
    let (b, _) = parse_str(&bold);
    assert_eq!(turns(&a), turns(&b));
    // An asker by name (who asks), 本报记者, 主持人, 问 all lead an interview.
    for asker in ["李华", "本报记者", "主持人", "问"] {
        let md = format!(
            "# 标题\n\n{asker}：您怎么看？\n\n王明：很好。\n\n{asker}：为什么？\n\n王明：因为实在。\n"
        );
        let (a, _) = parse_str(&md);
        assert_eq!(kinds(&a), ["turn"; 4], "{asker}");
    }
    // A long answer's second paragraph, with no label, stays between the turns.
    let (a, _) = parse_str(
        "# 标题\n\n记者：您怎么看？\n\n王明：很好。\n\n第二段回答。\n\n记者：还有呢？\n\n王明：没有了。\n",
    );
    assert_eq!(kinds(&a), ["turn", "turn", "para", "turn", "turn"]);
    // The Q&A of c7 with its closing notice line.
    let (a, _) = parse_str(
        "# 问答\n\n问：什么时候缴费？\n\n答：9月1日起。\n\n问：多少钱？\n\n答：400元。\n\n温馨提示：请勿相信陌生来电。\n",
    );
    assert_eq!(kinds(&a), ["turn", "turn", "turn", "turn", "para"]);
    assert_eq!(
        plain_text(&para_inlines(&a, 0)),
        "温馨提示：请勿相信陌生来电。"
    );
}

#[test]
fn plain_labels_with_a_title_in_brackets_are_turns_as_bold_ones_are() {
    // `王明（市住建局局长）：` typed without bold, alternating with `记者：`.
    let plain = "# 标题\n\n正文第一段。\n\n记者：您怎么看？\n\n王明（市住建局局长）：我认为很好。\n\n记者：还有呢？\n\n王明（市住建局局长）：没有了。\n";
    let (a, _) = parse_str(plain);
    assert_eq!(kinds(&a), ["para", "turn", "turn", "turn", "turn"]);
    assert_eq!(
        turns(&a)[1],
        (
            "王明（市住建局局长）：".to_owned(),
            "我认为很好。".to_owned()
        )
    );
    let bold = plain
        .replace("记者：", "**记者：**")
        .replace("王明（市住建局局长）：", "**王明（市住建局局长）：**");
    let (b, _) = parse_str(&bold);
    assert_eq!(
        turns(&a),
        turns(&b),
        "the same model as the bold labels give"
    );
    // The title given at the first turn only, and an asker with a title:
    // the speaker is the same person without it.
    let (a, _) = parse_str(
        "# 标题\n\n记者（本报）：您怎么看？\n\n王明（局长）：很好。\n\n记者：为什么？\n\n王明：因为实在。\n",
    );
    assert_eq!(kinds(&a), ["turn"; 4]);
    assert_eq!(turns(&a)[0].0, "记者（本报）：");
    assert_eq!(turns(&a)[1].0, "王明（局长）：");
}

#[test]
fn plain_labels_that_are_no_interview_stay_paragraphs_as_written() {
    for md in [
        // Single labelled lines of a report or notice.
        "# 标题\n\n正文。\n\n注：数据为初步统计。\n",
        "# 标题\n\n正文。\n\n说明：以上为预计数。\n",
        "# 标题\n\n正文。\n\n来源：市统计局。\n",
        "# 标题\n\n正文。\n\n电话：0719-8888888\n",
        // A notice's list of times and places, twice over.
        "# 通知\n\n时间：5月1日上午9时\n\n地点：市民中心\n\n时间：5月2日上午9时\n\n地点：市图书馆\n",
        // One exchange only.
        "# 标题\n\n记者：您怎么看？\n\n王明：我认为很好。\n",
        // Two names talking, neither asking: no interview to be sure of.
        "# 标题\n\n张三：今天很好。\n\n李四：是的。\n\n张三：明天也好。\n\n李四：对。\n",
        // A label too long, or with punctuation inside, or a half-width colon.
        "# 标题\n\n记者：您怎么看？\n\n市住建局局长王明：很好。\n\n记者：还有呢？\n\n市住建局局长王明：没有。\n",
        "# 标题\n\n记者：您怎么看？\n\n王明，局长：很好。\n\n记者：还有呢？\n\n王明，局长：没有。\n",
        "# 标题\n\n记者：您怎么看？\n\n王明:很好。\n\n记者：还有呢？\n\n王明:没有。\n",
        // Notice labels with something in brackets are no speakers either.
        "# 标题\n\n正文。\n\n注（一）：数据为初步统计。\n",
        "# 标题\n\n正文。\n\n说明（二）：以上为预计数。\n",
        "# 标题\n\n正文。\n\n电话（办公室）：0719-8888888\n",
        "# 通知\n\n时间（暂定）：5月1日上午9时\n\n地点（待定）：市民中心\n\n时间（暂定）：5月2日上午9时\n\n地点（待定）：市图书馆\n",
        // Titled names talking, neither asking; a sentence with brackets and a colon.
        "# 标题\n\n张三（村民）：今天很好。\n\n李四（村民）：是的。\n\n张三（村民）：明天也好。\n\n李四（村民）：对。\n",
        "# 标题\n\n记者：您怎么看？\n\n会上（据通报）：全市已开工120个项目，进度过半。\n\n记者：还有呢？\n\n王明，局长（市住建局）：没有。\n",
    ] {
        let (a, _) = parse_str(md);
        let body: Vec<String> = all(&a)
            .into_iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Para(p) => Some(plain_text(&p.content)),
                _ => None,
            })
            .collect();
        assert!(turns(&a).is_empty(), "{md:?}: {:?}", turns(&a));
        let written: Vec<&str> = md.split("\n\n").skip(1).map(str::trim).collect();
        assert_eq!(body, written, "{md:?}: the text as written");
    }
}

#[test]
fn a_source_line_under_a_table_is_warned_at_its_own_line() {
    let md = "# 标题\n\n| 指标 | 数值 |\n|---|---|\n| 产值 | 12 |\n数据来源：市统计局\n";
    let (_, d) = parse_str(md);
    let w = d
        .iter()
        .find(|x| x.message.contains("read as a table row"))
        .expect("the warning");
    let at = w.span.as_ref().unwrap().range.start;
    assert_eq!(at, md.find("数据来源").unwrap(), "{w:?}");
}

#[test]
fn each_photo_of_a_group_has_its_own_alt() {
    let (a, _) = parse_str("# 组图\n\n![](a.jpg) ![](b.jpg) ![夜景](c.jpg)\n汉江两岸一日\n");
    let BlockKind::PhotoGroup(g) = &a.blocks[0].kind else {
        panic!("{:?}", a.blocks[0]);
    };
    let alts: Vec<&str> = g.photos.iter().map(|f| f.alt.as_str()).collect();
    assert_eq!(
        alts,
        ["组图之一：汉江两岸一日", "组图之二：汉江两岸一日", "夜景"]
    );
    let (a, _) = parse_str("# 组图\n\n![](a.jpg) ![](b.jpg)\n");
    let BlockKind::PhotoGroup(g) = &a.blocks[0].kind else {
        panic!();
    };
    assert_eq!(g.photos[1].alt, "组图之二");
}

#[test]
fn a_notices_hard_broken_sign_off_is_set_flush_right() {
    let signed = |md: &str| {
        let (a, _) = parse_str(md);
        let mut roles = vec![];
        walk(&a.blocks, &mut |b| match &b.kind {
            BlockKind::Para(p) => roles.push(format!("{:?}", p.role)),
            BlockKind::Verse(_) => roles.push("Verse".into()),
            _ => {}
        });
        (a, roles)
    };
    let (a, roles) = signed("# 通知\n\n现将有关事项通知如下。\n\n某某委员会\\\n2026年5月1日\n");
    assert_eq!(roles, ["Body", "SignOff"]);
    let BlockKind::Para(p) = &a.blocks[1].kind else {
        panic!()
    };
    assert_eq!(plain_text(&p.content), "某某委员会\n2026年5月1日");
    // Inside the last section, before the author note, in Chinese numerals.
    let (_, roles) = signed(
        "# 通知\n\n## 一、事项\n\n正文。\n\n市政府办公室  \n二〇二六年五月一日\n\n（作者系本报记者）\n",
    );
    assert_eq!(roles, ["Body", "SignOff", "AuthorNote"]);
    // Not at the end, too long, or no date: verse as before.
    let (_, roles) = signed("# 诗\n\n某某委员会\\\n2026年5月1日\n\n正文。\n");
    assert_eq!(roles, ["Verse", "Body"]);
    let (_, roles) = signed("# 诗\n\n第一行\\\n第二行\\\n第三行\\\n2026年5月1日\n");
    assert_eq!(roles, ["Verse"]);
    let (_, roles) = signed("# 诗\n\n床前明月光\\\n疑是地上霜\n");
    assert_eq!(roles, ["Verse"]);
}

#[test]
fn a_notices_salutation_is_set_flush_left() {
    let roles = |md: &str| {
        let (a, _) = parse_str(md);
        let mut roles = vec![];
        walk(&a.blocks, &mut |b| {
            if let BlockKind::Para(p) = &b.kind {
                roles.push(format!("{:?}", p.role));
            }
        });
        roles
    };
    let signed = "\n\n现将有关事项通知如下。\n\n某某委员会\\\n2026年5月1日\n";
    assert_eq!(
        roles(&format!(
            "# 通知\n\n各区（县）人民政府，市直各部门：{signed}"
        )),
        ["Salutation", "Body", "SignOff"]
    );
    // No sign-off: a letter's or speech's opening stays a body paragraph.
    assert_eq!(
        roles("# 讲话\n\n同志们：\n\n现将有关事项通知如下。\n"),
        ["Body", "Body"]
    );
    // Not ending in a colon, a full sentence, or not first: body paragraphs.
    for first in [
        "各有关单位",
        "经研究，决定如下：",
        "现将有关事项通知如下。请各单位：",
    ] {
        let r = roles(&format!("# 通知\n\n{first}{signed}"));
        assert_eq!(r[0], "Body", "{first}");
    }
    let r = roles(&format!("# 通知\n\n正文。\n\n各有关单位：{signed}"));
    assert_eq!(r, ["Body", "Body", "Body", "SignOff"]);
}

#[test]
fn a_poem_takes_the_heading_above_it_as_title_and_a_name_line_as_author() {
    let md = "# T\n\n### 乡愁\n\n余光中\n\n小时候  \n乡愁是一枚小小的邮票\n\n### 后记\n\n写于台北。\n\n第一行  \n第二行\n";
    let (a, d) = parse_str(md);
    assert!(d.is_empty(), "{d:?}");
    let BlockKind::Section(s) = &a.blocks[0].kind else {
        panic!("{:?}", a.blocks)
    };
    assert_eq!(s.heading.title, "乡愁", "the heading stays the section's");
    assert_eq!(s.body.len(), 1, "the author line left the section's body");
    let BlockKind::Verse(v) = &s.body[0].kind else {
        panic!("{:?}", s.body)
    };
    assert!(v.titled);
    assert_eq!(
        v.author.as_deref().map(plain_text).as_deref(),
        Some("余光中")
    );
    // The poem's block now starts at the author line, so its text is in its span.
    assert_eq!(&md[s.body[0].span.start..][..9], "余光中");
    // A sentence between a heading and a poem stays a paragraph; the poem is untitled.
    let BlockKind::Section(s2) = &a.blocks[1].kind else {
        panic!("{:?}", a.blocks)
    };
    assert!(
        matches!(&s2.body[0].kind, BlockKind::Para(p) if plain_text(&p.content) == "写于台北。")
    );
    assert!(matches!(&s2.body[1].kind, BlockKind::Verse(v) if !v.titled && v.author.is_none()));
}

#[test]
fn a_poems_title_under_a_section_heading_is_not_its_sub_heading() {
    let section = |md: &str| {
        let (a, d) = parse_str(md);
        assert!(d.is_empty(), "{d:?}");
        let BlockKind::Section(s) = &a.blocks[0].kind else {
            panic!("{:?}", a.blocks)
        };
        s.clone()
    };
    // `## 组诗` then `### 长歌` over a poem (with or without an author line):
    // 长歌 is the poem's title, in a section of its own under 组诗.
    for poem in ["余光中\n\n", ""] {
        let s = section(&format!(
            "# T\n\n## 组诗\n\n### 长歌\n\n{poem}```诗\n第一行\n```\n"
        ));
        assert_eq!(s.heading.subtitle, None, "{poem:?}");
        let BlockKind::Section(inner) = &s.body[0].kind else {
            panic!("{:?}", s.body)
        };
        assert_eq!(inner.heading.title, "长歌");
        assert!(matches!(&inner.body[0].kind, BlockKind::Verse(v) if v.titled));
    }
    // Over prose, the deeper heading is the sub-heading, as before.
    let s = section("# T\n\n## 组诗\n\n### 长歌\n\n正文。\n");
    assert_eq!(s.heading.subtitle.as_deref(), Some("长歌"));
    // A numbered one opens a subsection: `（一）` under `一、`.
    let s = section("# T\n\n## 一、守护碧水\n\n### （一）源头治理\n\n正文。\n");
    assert_eq!(s.heading.subtitle, None);
    assert!(
        matches!(&s.body[0].kind, BlockKind::Section(inner) if inner.heading.title == "（一）源头治理")
    );
}

use super::*;
use std::path::Path;

fn parse_str(md: &str) -> (Article, Vec<Diagnostic>) {
    let mut d = vec![];
    let a = parse(Path::new("t.md"), md, 0, &mut d);
    (a, d)
}

fn para_inlines(a: &Article, i: usize) -> &Vec<Inline> {
    let paras: Vec<_> = a
        .blocks
        .iter()
        .filter_map(|b| {
            if let Block::Para { content, .. } = b {
                Some(content)
            } else {
                None
            }
        })
        .collect();
    paras[i]
}

#[test]
fn soft_break_between_han_joins_without_space() {
    let (a, _) = parse_str("# T\n\n筑牢信仰之\n基、补足精神之钙\n\nhello\nworld\n\n中文\nLatin\n");
    assert_eq!(
        plain_text(para_inlines(&a, 0)),
        "筑牢信仰之基、补足精神之钙"
    );
    assert_eq!(plain_text(para_inlines(&a, 1)), "hello world");
    assert_eq!(plain_text(para_inlines(&a, 2)), "中文Latin");
}

#[test]
fn emphasis_next_to_chinese_punctuation_is_bold() {
    let (a, _) = parse_str("# T\n\n这是**《书名》**。又是**“引号”**中文。\n");
    let p = para_inlines(&a, 0);
    assert_eq!(
        p,
        &vec![
            Inline::Text("这是".into()),
            Inline::Strong(vec![Inline::Text("《书名》".into())]),
            Inline::Text("。又是".into()),
            Inline::Strong(vec![Inline::Text("“引号”".into())]),
            Inline::Text("中文。".into()),
        ]
    );
    assert!(!plain_text(p).contains('\u{FFFC}'));
}

#[test]
fn emphasis_spans_map_back_to_file_offsets() {
    let md = "# T\n\n这是**《书名》**。\n\n第二段\n";
    let (a, _) = parse_str(md);
    let Block::Para { span, .. } = &a.blocks[1] else {
        panic!("second block is a paragraph")
    };
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
    let Block::PullQuote(q) = &a.blocks[1] else {
        panic!("pull quote expected: {:?}", a.blocks)
    };
    assert_eq!(q.lines, ["创一流", "争第一"]);
    assert_eq!(q.attribution, ["晒成效", "市委组织部"]);
}

#[test]
fn heading_pairs_and_figures() {
    let md = "# T\n\n## 凝心铸魂\n### 加强武装\n\n![图注“引号”](photos/a.jpg)\n\n![图注](b.jpg \"替代文字\")\n\n## 第二节\n\n正文\n";
    let (a, _) = parse_str(md);
    let Block::Heading(h) = &a.blocks[0] else {
        panic!()
    };
    assert_eq!(
        (h.title.as_str(), h.subtitle.as_deref()),
        ("凝心铸魂", Some("加强武装"))
    );
    let Block::Figure(f) = &a.blocks[1] else {
        panic!()
    };
    assert_eq!(
        (plain_text(&f.caption).as_str(), f.alt.as_str()),
        ("图注“引号”", "图注“引号”")
    );
    let Block::Figure(f2) = &a.blocks[2] else {
        panic!()
    };
    assert_eq!(f2.alt, "替代文字");
    assert_eq!(a.figures[0].href, "photos/a.jpg");
    let Block::Heading(h2) = &a.blocks[3] else {
        panic!()
    };
    assert_eq!(h2.subtitle, None);
}

#[test]
fn raw_html_is_dropped_with_a_warning() {
    let (a, d) = parse_str("# T\n\n正文<script>alert(1)</script>继续<b onclick=\"x\">粗</b>\n");
    let text = plain_text(para_inlines(&a, 0));
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
    assert_eq!(plain_text(para_inlines(&a, 1)), "--。");
}

//! Unit tests of the importer's stages.

use super::body::classify;
use super::byline::parse_dateline;
use super::caption::photo_credit;
use super::punct::{cut_inside_word, ends_closed, enumerator, leaves_open};
use super::*;

fn unit(text: &str, line: usize) -> Unit {
    Unit {
        text: text.into(),
        line,
        last_line: line,
        gap_before: 1,
        indented: false,
        lead: String::new(),
    }
}

#[test]
fn closed_endings() {
    assert!(ends_closed("一座堡垒。"));
    assert!(ends_closed("他说：“好。”"));
    assert!(ends_closed("幸福指数……"));
    assert!(!ends_closed("开展“五亮五共”活动"));
    assert!(!ends_closed("开展“五亮五共”"));
    assert!(!ends_closed("抓实“党建+"));
}

#[test]
fn byline_with_glued_and_separate_roles() {
    let c = parse_byline("记者毛以国 吴守全 通讯员乔婷").unwrap();
    assert_eq!(c.len(), 2);
    assert_eq!(c[0].role, "记者");
    assert_eq!(c[0].names, ["毛以国", "吴守全"]);
    assert_eq!(c[1].role, "通讯员");
    assert_eq!(c[1].names, ["乔婷"]);
    let c = parse_byline("本报记者 张三、李四　摄影 王五").unwrap();
    assert_eq!(c[0].role, "本报记者");
    assert_eq!(c[0].names, ["张三", "李四"]);
    assert_eq!(c[1].role, "摄影");
    assert!(parse_byline("今年以来，全市各级党组织牢固树立大抓基层鲜明导向").is_none());
    assert!(parse_byline("记者").is_none());
}

#[test]
fn byline_roles_after_the_names_and_collective_authors() {
    let c = parse_byline("本报记者 陈静 摄影报道").unwrap();
    assert_eq!(
        (c[0].role.as_str(), c[0].names.as_slice()),
        ("本报记者", &["陈静".to_string()][..])
    );
    assert_eq!((c[1].role.as_str(), c[1].names.len()), ("摄影报道", 0));
    let c = parse_byline("记者 张三 摄").unwrap();
    assert_eq!((c[1].role.as_str(), c[1].names.len()), ("摄", 0));
    let c = parse_byline("本报评论员").unwrap();
    assert_eq!((c[0].role.as_str(), c[0].names.len()), ("本报评论员", 0));
    // A trailing role needs a name before it; a bare role is no byline.
    assert!(parse_byline("摄影报道").is_none());
    assert!(parse_byline("记者 摄").is_none());
}

#[test]
fn byline_wen_tu_marks() {
    let credits = |line: &str| -> Vec<(String, Vec<String>)> {
        parse_byline(line)
            .unwrap_or_else(|| panic!("{line}: no byline"))
            .into_iter()
            .map(|c| (c.role, c.names))
            .collect()
    };
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    // 文/图 before a role: a credit of its own, where it stands.
    assert_eq!(
        credits("文/图 本报记者 陈静"),
        [("文/图".into(), s(&[])), ("本报记者".into(), s(&["陈静"]))]
    );
    // After all the names, as 摄影报道 is.
    assert_eq!(
        credits("记者 张三 通讯员 李四 文/图"),
        [
            ("记者".into(), s(&["张三"])),
            ("通讯员".into(), s(&["李四"])),
            ("文/图".into(), s(&[]))
        ]
    );
    // Before names: their role.
    assert_eq!(credits("文/图 陈静"), [("文/图".into(), s(&["陈静"]))]);
    // Names marked after a slash get the mark as their role; the title
    // before them stands with no names.
    assert_eq!(
        credits("本报记者 张三/文 李四/图"),
        [
            ("本报记者".into(), s(&[])),
            ("文".into(), s(&["张三"])),
            ("图".into(), s(&["李四"]))
        ]
    );
    assert_eq!(
        credits("本报记者 王　芳/文 刘建国/图"),
        [
            ("本报记者".into(), s(&[])),
            ("文".into(), s(&["王芳"])),
            ("图".into(), s(&["刘建国"]))
        ]
    );
    assert_eq!(
        credits("文/张三 图/李四"),
        [("文".into(), s(&["张三"])), ("图".into(), s(&["李四"]))]
    );
    // A mark alone names no one; a name that starts with 文 is a name.
    assert!(parse_byline("文/图").is_none());
    assert_eq!(credits("记者 文静"), [("记者".into(), s(&["文静"]))]);
    assert!(parse_byline("本报记者 文/图").is_none());
}

#[test]
fn byline_forms_marks_brackets_and_padded_names() {
    let c = parse_byline("□记者 王　芳 刘建国").unwrap();
    assert_eq!(c[0].role, "记者");
    assert_eq!(c[0].names, ["王芳", "刘建国"]);
    let c = parse_byline("（记者 李　明 通讯员 周小燕）").unwrap();
    assert_eq!(c[0].names, ["李明"]);
    assert_eq!(c[1].role, "通讯员");
    assert_eq!(c[1].names, ["周小燕"]);
    let c = parse_byline("记者王　芳").unwrap();
    assert_eq!(c[0].names, ["王芳"]);
}

#[test]
fn datelines() {
    let d = parse_dateline("本报讯（记者 张三 通讯员 李四）7月1日，全市召开大会。").unwrap();
    assert_eq!(d.words, "本报讯");
    assert_eq!(d.credits.len(), 2);
    assert_eq!(d.credits[1].names, ["李四"]);
    let d = parse_dateline("新华社北京7月1日电（记者 王五）今天，……").unwrap();
    assert_eq!(d.words, "新华社北京7月1日电");
    assert!(parse_dateline("讯息传来，大家很高兴。").is_none());
    assert!(parse_dateline("今年以来，全市通讯电力保障有力。").is_none());
}

#[test]
fn cuts_inside_words_numbers_and_brackets() {
    assert!(cut_inside_word("建成5", "G基站"));
    assert!(cut_inside_word("Manufac", "turing"));
    assert!(cut_inside_word("读本3.", "5万册"));
    assert!(cut_inside_word("达79", ".9%"));
    assert!(!cut_inside_word("建成", "5G基站"));
    assert!(leaves_open("赠阅《习近平著作"));
    assert!(!leaves_open("赠阅《书》等"));
}

#[test]
fn enumerators() {
    assert_eq!(enumerator("（一）加强组织领导"), Some(3));
    assert_eq!(enumerator("一、坚持党建引领"), Some(2));
    assert_eq!(enumerator("1.推进"), Some(2));
    assert_eq!(enumerator("2023.7"), None);
    assert_eq!(enumerator("一是加强"), None);
    assert_eq!(enumerator("（记者 张三）"), None);
}

#[test]
fn photo_credits() {
    let t = "村民在新修的村道上骑行（记者 张三 摄）";
    let (len, c) = photo_credit(t).unwrap();
    assert_eq!(&t[..len], "村民在新修的村道上骑行");
    assert_eq!(c, "记者 张三 摄");
    assert_eq!(
        photo_credit("车间一角（摄影 李四）").unwrap().1,
        "摄影 李四"
    );
    assert_eq!(photo_credit("旧址（资料图片）").unwrap().1, "资料图片");
    assert!(photo_credit("召开会议（扩大）").is_none());
}

#[test]
fn joins_only_running_prose() {
    let mut d = Decisions::default();
    let units = vec![
        unit(
            "政治上的坚定源于理论上的清醒，全市各级党组织坚持以思想铸魂为统领，进一步筑牢信仰之",
            1,
        ),
        unit("基、补足精神之钙。", 3),
        unit("党的二十大代表翁新强宣讲党的二十大精神", 5),
        unit(
            "实施党的创新理论学习教育计划。把习近平新时代中国特色社会主义思想作为党校培训首课。",
            7,
        ),
    ];
    let out = join_cut_paragraphs(units, &mut d);
    assert_eq!(out.len(), 3);
    assert!(out[0].text.ends_with("信仰之基、补足精神之钙。"));
    assert_eq!(out[0].last_line, 3);
    let d = d.into_sorted();
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(d[0].starts_with("lines 1 and 3"));
}

#[test]
fn continuation_mark_forces_join() {
    let mut d = Decisions::default();
    let out = join_cut_paragraphs(vec![unit("分类指导", 1), unit("、精准施策。", 2)], &mut d);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].text, "分类指导、精准施策。");
}

#[test]
fn word_cut_joins_a_short_fragment() {
    let mut d = Decisions::default();
    let out = join_cut_paragraphs(vec![unit("全市建成5", 1), unit("G基站三千个。", 2)], &mut d);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].text, "全市建成5G基站三千个。");
}

fn body(lines: &[&str]) -> Vec<Piece> {
    let units = lines
        .iter()
        .enumerate()
        .map(|(i, t)| unit(t, 2 * i + 1))
        .collect();
    classify(units, &mut 0, &mut Decisions::default())
}

fn figure(caption: &str) -> Piece {
    Piece::Figure {
        caption: caption.into(),
        credit: None,
    }
}

#[test]
fn short_heading_pair_is_not_a_slogan() {
    let p = body(&["第一段。", "守正创新", "勇毅前行", "第二段。"]);
    assert_eq!(
        p[1],
        Piece::Heading {
            title: "守正创新".into(),
            sub: Some("勇毅前行".into()),
            deeper: false,
            line: 3,
        }
    );
    assert_eq!(p.len(), 3);
}

#[test]
fn slogan_right_before_prose_takes_no_heading() {
    let p = body(&["第一段。", "创一流", "争第一", "干唯一", "第二段。"]);
    let quote = Piece::PullQuote {
        lines: vec!["创一流".into(), "争第一".into(), "干唯一".into()],
        attribution: vec![],
    };
    assert_eq!(
        p,
        [
            Piece::Para("第一段。".into()),
            quote,
            Piece::Para("第二段。".into())
        ]
    );
}

#[test]
fn long_caption_then_heading_pair() {
    let p = body(&[
        "第一段。",
        "茅箭区“两新”组织党组织书记现场观摩交流党建工作经验",
        "凝心铸魂筑牢根基",
        "加强党的创新理论武装",
        "第二段。",
    ]);
    assert_eq!(
        p[1],
        figure("茅箭区“两新”组织党组织书记现场观摩交流党建工作经验")
    );
    assert!(matches!(&p[2], Piece::Heading { sub: Some(_), .. }));
}

#[test]
fn caption_with_photo_credit_is_never_joined() {
    let credit = "全市能力作风建设推进会现场。会议总结上半年工作，部署下半年任务，与会人员认真听取报告。（记者 张三 摄）";
    let p = body(&["第一段。", credit, "第二段正文，承接上文继续叙述。"]);
    assert_eq!(p.len(), 3, "{p:?}");
    assert_eq!(
        p[1],
        Piece::Figure {
            caption: "全市能力作风建设推进会现场。会议总结上半年工作，部署下半年任务，与会人员认真听取报告。".into(),
            credit: Some("记者 张三 摄".into()),
        }
    );
}

#[test]
fn numbered_short_lines_are_items_not_captions() {
    let p = body(&[
        "第一段。",
        "（一）加强组织领导",
        "（二）强化责任落实",
        "第二段。",
    ]);
    assert_eq!(p[1], Piece::Para("（一）加强组织领导".into()));
    assert_eq!(p[2], Piece::Para("（二）强化责任落实".into()));
    assert_eq!(p.len(), 4);
}
#[test]
fn escapes_markdown_markup() {
    assert_eq!(render::escape_line("# 不是标题"), "\\# 不是标题");
    assert_eq!(render::escape_line("2023. 年"), "2023\\. 年");
    assert_eq!(render::escape_line("a*b*c"), "a\\*b\\*c");
    assert_eq!(render::escape_line("党建+农业"), "党建+农业");
    assert_eq!(render::toml_string("a\"b"), "\"a\\\"b\"");
}

#[test]
fn numbering_levels_nest_as_reports_nest_them() {
    use super::punct::{excerpt, numbering_level};
    assert_eq!(numbering_level("一、守护一库碧水"), Some(1));
    assert_eq!(numbering_level("（一）强化源头治理"), Some(2));
    assert_eq!(numbering_level("1.加强监测"), Some(3));
    assert_eq!(numbering_level("（1）入河排污口"), Some(4));
    assert_eq!(numbering_level("①"), Some(5));
    assert_eq!(numbering_level("守护一库碧水"), None);
    // A log quote is the whole line, or marked as cut.
    assert_eq!(excerpt("（一）强化源头治理", 16), "（一）强化源头治理");
    assert_eq!(excerpt("（一）强化源头治理", 8), "（一）强化源头治…");
}

#[test]
fn two_numbering_levels_are_two_heading_levels() {
    let mut pieces = body(&[
        "第一段。",
        "一、守护一库碧水",
        "（一）强化源头治理",
        "第二段。",
        "（二）推进系统修复",
        "第三段。",
    ]);
    let mut log = Decisions::default();
    super::body::number_levels(&mut pieces, &mut log);
    // The log cites the line of the first heading it set one level down.
    let log = log.into_sorted();
    let levels = log
        .iter()
        .find(|d| d.contains("two levels"))
        .unwrap_or_else(|| panic!("{log:?}"));
    assert!(levels.starts_with("line 9: "), "{levels}");
    assert_eq!(
        pieces[1],
        Piece::Heading {
            title: "一、守护一库碧水".into(),
            sub: Some("（一）强化源头治理".into()),
            deeper: false,
            line: 3,
        }
    );
    assert_eq!(
        pieces[3],
        Piece::Heading {
            title: "（二）推进系统修复".into(),
            sub: None,
            deeper: true,
            line: 9,
        }
    );
    // Numbered lines of one level in a row stay items (a list).
    let p = body(&[
        "包括：",
        "（一）加大援企稳岗力度",
        "（二）支持高校毕业生就业",
        "第二段。",
    ]);
    assert!(matches!(&p[1], Piece::Para(_)), "{p:?}");
    assert!(matches!(&p[2], Piece::Para(_)), "{p:?}");
}

#[test]
fn a_speaker_label_may_carry_the_title_in_brackets() {
    use super::turns::speaker;
    assert_eq!(
        speaker("王明（市住建局局长）：截至6月底，已开工120个。"),
        Some(("王明（市住建局局长）", "截至6月底，已开工120个。"))
    );
    assert_eq!(speaker("王明：我们坚持。"), Some(("王明", "我们坚持。")));
    assert_eq!(speaker("（市住建局局长）：好。"), None);
    assert_eq!(speaker("王明（市住建局局长）："), None);
}

#[test]
fn contact_lines_are_paragraphs() {
    let p = body(&[
        "第一段。",
        "联系人：王明　联系电话：0719-8123456",
        "第二段。",
    ]);
    assert_eq!(
        p[1],
        Piece::Para("联系人：王明　联系电话：0719-8123456".into())
    );
}

#[test]
fn a_speaker_label_with_a_title_in_brackets_asks_as_the_plain_one_does() {
    use super::turns::mark;
    let paras = [
        "记者（本报）：您怎么看？",
        "王明（局长）：很好。",
        "记者（本报）：为什么？",
        "王明：因为实在。",
    ];
    let mut article = Article {
        body: paras.iter().map(|t| Piece::Para(t.to_string())).collect(),
        ..Default::default()
    };
    mark(&mut article, &mut Decisions::default(), 1);
    let speakers: Vec<&str> = article
        .body
        .iter()
        .filter_map(|p| match p {
            Piece::Turn { speaker, .. } => Some(speaker.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        speakers,
        ["记者（本报）", "王明（局长）", "记者（本报）", "王明"]
    );
}

#[test]
fn notice_labels_are_no_speakers_even_with_a_title_in_brackets() {
    use super::turns::speaker;
    for line in [
        "注：数据为初步统计。",
        "说明（二）：以上为预计数。",
        "电话（办公室）：0719-8888888",
        "时间：5月1日上午9时",
        "地点（待定）：市民中心",
    ] {
        assert_eq!(speaker(line), None, "{line}");
    }
}

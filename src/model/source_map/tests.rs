//! The source map's alignment, on articles read by the real reader.

use super::*;
use crate::diag::Diagnostic;
use std::path::Path;

/// The article's body blocks, read by the real reader.
fn blocks(src: &str) -> Vec<Block> {
    let mut d: Vec<Diagnostic> = Vec::new();
    let art = crate::source::markdown::parse(Path::new("a.md"), src, 0, &mut d);
    art.blocks
}

/// Every block's pieces, flattened: (char, its source text or `None`).
fn located(src: &str) -> Vec<(char, Option<&str>)> {
    let mut out = Vec::new();
    let bs = blocks(src);
    let mut all = Vec::new();
    crate::model::walk(&bs, &mut |b| all.push(b.clone()));
    for b in &all {
        for piece in locate_block(src, b) {
            for l in piece {
                out.push((l.ch, l.exact.then(|| &src[l.range.clone()])));
            }
        }
    }
    out
}

/// Every character aligns onto itself (white space onto white space).
fn all_exact(src: &str) {
    for (c, at) in located(src) {
        let at = at.unwrap_or_else(|| panic!("`{c}` did not align in {src:?}"));
        assert!(
            at == c.to_string() || (c.is_whitespace() && at.trim().is_empty()),
            "`{c}` aligned onto `{at}` in {src:?}"
        );
    }
}

/// The offset of the `n`th (0-based) occurrence of `c` among located chars.
fn offset_of(src: &str, c: char, n: usize) -> usize {
    let bs = blocks(src);
    let mut all = Vec::new();
    crate::model::walk(&bs, &mut |b| all.push(b.clone()));
    all.iter()
        .flat_map(|b| locate_block(src, b))
        .flatten()
        .filter(|l| l.ch == c)
        .nth(n)
        .map(|l| l.range.start)
        .expect("located")
}

#[test]
fn escapes_entities_and_emphasis_are_skipped() {
    let src = "# 标题\n\n正文\\*星号，&amp;符号，**加粗**和*强调*后,逗号。\n";
    all_exact(src);
    let comma = src.find(',').unwrap();
    assert_eq!(offset_of(src, ',', 0), comma);
    let star = src.find("\\*").unwrap() + 1;
    assert_eq!(offset_of(src, '*', 0), star);
    let amp = src.find("&amp;").unwrap();
    assert_eq!(offset_of(src, '&', 0), amp);
}

#[test]
fn a_link_and_a_soft_break() {
    let src = "# 标题\n\n见[市政府网站](https://example.org/a)后,再看\nLatin words\nhere。\n";
    all_exact(src);
    assert_eq!(offset_of(src, ',', 0), src.find(',').unwrap());
    assert_eq!(offset_of(src, 'h', 0), src.find("here").unwrap());
}

#[test]
fn a_numeric_entity_falls_back_to_the_block_and_the_rest_aligns() {
    let src = "# 标题\n\n前&#x4E2D;后,尾。\n";
    let got = located(src);
    let zhong = got.iter().find(|(c, _)| *c == '中').unwrap();
    assert_eq!(zhong.1, None, "not in the source as written");
    assert_eq!(offset_of(src, ',', 0), src.find(',').unwrap());
    assert_eq!(offset_of(src, '后', 0), src.find('后').unwrap());
}

#[test]
fn a_table_cell() {
    let src = "# 标题\n\n| 指标 | 数值 |\n|---|---|\n| 产值,增长 | **12**亿 |\n";
    all_exact(src);
    assert_eq!(offset_of(src, ',', 0), src.find(',').unwrap());
    assert_eq!(offset_of(src, '亿', 0), src.find('亿').unwrap());
}

#[test]
fn a_turn_speaker_and_its_answer() {
    let src = "# 标题\n\n**记者：**您好,请讲。\n\n**张三：**好的。\n\n**记者：**再问。\n";
    all_exact(src);
    assert_eq!(offset_of(src, ',', 0), src.find(',').unwrap());
    assert_eq!(offset_of(src, '记', 1), src.rfind("记者").unwrap());
}

#[test]
fn a_caption_with_a_credit() {
    let src = "# 标题\n\n正文。\n\n![工人在车间,检查零件　记者 张三 摄](photos/a.jpg)\n";
    all_exact(src);
    assert_eq!(offset_of(src, ',', 0), src.find(',').unwrap());
    assert_eq!(offset_of(src, '张', 0), src.find('张').unwrap());
}

#[test]
fn list_items_and_a_box() {
    let src = "# 标题\n\n正文。\n\n- 第一项,内容\n- 第二项\n\n> **链接**\n>\n> 盒子里的“引号。\n";
    all_exact(src);
    assert_eq!(offset_of(src, ',', 0), src.find(',').unwrap());
    assert_eq!(offset_of(src, '“', 0), src.find('“').unwrap());
}

#[test]
fn unspanned_text_is_found_as_written_or_by_its_opening() {
    let src = "+++\n[[byline]]\nnames = [\"王五\"]\n+++\n\n# 新**能源**汽车\n";
    let chars: Vec<(char, bool)> = "新能源汽车".chars().map(|c| (c, false)).collect();
    let got = locate_unspanned(src, &chars).unwrap();
    assert!(got.iter().all(|l| l.exact));
    assert_eq!(got[4].range.start, src.find('车').unwrap());
    let none: Vec<(char, bool)> = "不在此处".chars().map(|c| (c, false)).collect();
    assert!(locate_unspanned(src, &none).is_none());
}

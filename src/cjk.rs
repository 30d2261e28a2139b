//! Chinese character and punctuation classes: facts from the W3C
//! *Requirements for Chinese Text Layout* (clreq), no layout.
//!
//! Section numbers refer to clreq snapshot 7d51569 (2024-03-21); Appendix A
//! is its punctuation table. Every rule is one small predicate so the paragraph
//! engine (`typeset::inline`) reads as a list of cited rules.

/// Where a punctuation style puts the ink of pause/stop marks (clreq §3.1.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PunctStyle {
    /// Mainland (GB/T 15834) style: `，。、：；？！` sit in the left half of the em box.
    #[default]
    Gb,
    /// Taiwan (CNS) style: pause/stop marks are centred, so they have no blank half to trim.
    Cns,
}

/// Which half of a full-width mark's em box holds the ink, i.e. which half may be trimmed
/// (clreq §3.1.6 and Appendix A).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InkSide {
    /// Ink in the left half, blank right half (closing brackets, GB-style pause/stop marks).
    Left,
    /// Ink in the right half, blank left half (opening brackets).
    Right,
}

/// Whether `c` is a Han character: the CJK Unified Ideographs with their
/// assigned extension blocks (A in the BMP; B–F, I and the compatibility
/// supplement in plane 2; G and H in plane 3, nothing unassigned beyond),
/// the compatibility ideographs, the Han numeral 〇 (U+3007) and the
/// ideographic iteration mark 々 (U+3005), which stands for the Han
/// character before it.
///
/// This is the one definition of "Han" in reportbook (the checks, the
/// Markdown reader's emphasis and soft-break rules and the typesetter all
/// use it or [`is_cjk_letter`]). Kana, Hangul and Bopomofo are not Han; they
/// are CJK letters ([`is_cjk_letter`]), which is what the reader's rules and
/// the line breaker ask about.
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3005
        | 0x3007
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0x20000..=0x2FA1F
        | 0x30000..=0x323AF)
}

/// Whether `c` is a CJK letter that sets on the em grid like a Han character
/// (Han, kana, Hangul, Bopomofo, full-width Latin letters and digits).
pub fn is_cjk_letter(c: char) -> bool {
    is_han(c)
        || matches!(c as u32,
            0x3040..=0x30FA      // hiragana, katakana (not the ・ interpunct)
            | 0x30FC..=0x30FF
            | 0x3100..=0x312F    // bopomofo
            | 0xAC00..=0xD7AF    // hangul syllables
            | 0xFF10..=0xFF19    // full-width digits
            | 0xFF21..=0xFF3A    // full-width Latin capitals
            | 0xFF41..=0xFF5A) // full-width Latin small letters
}

/// Whether `c` is full-width CJK punctuation or a full-width symbol: CJK
/// Symbols and Punctuation (U+3000–303F, which holds the ideographic space,
/// `、。〈〉《》「」『』【】〔〕〖〗`), the full-width forms' punctuation
/// (`！（），：；？［］｛｝～`…), the half-width CJK marks (U+FF61–FF65), the
/// full-width signs (`￥￡￠`, U+FFE0–FFE6), and the General Punctuation
/// marks Chinese sets full-width: `“”‘’…—·`.
pub fn is_cjk_punct(c: char) -> bool {
    (matches!(c as u32, 0x3000..=0x303F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 | 0xFFE0..=0xFFE6)
        && !matches!(c, '々' | '〇'))
        || matches!(c, '“' | '”' | '‘' | '’' | '…' | '—' | '·')
}

/// Whether `c` is wide East Asian text: a CJK letter or CJK punctuation
/// (the reader's soft-break rule joins lines without a space next to one).
pub fn is_wide(c: char) -> bool {
    is_cjk_letter(c) || is_cjk_punct(c)
}

/// Characters that draw nothing and need no glyph: white space, controls,
/// the zero-width and bidi marks (U+200B–200F), the invisible operators
/// (U+2060–2064), variation selectors and the byte-order mark.
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c as u32, 0x200B..=0x200F | 0x2060..=0x2064 | 0xFE00..=0xFE0F | 0xFEFF | 0xE0100..=0xE01EF)
}

/// Whether `c` is a Western letter or European digit, the kind of character
/// that gets ¼ em of space next to Han text (clreq §3.2.2).
pub fn is_western_alnum(c: char) -> bool {
    c.is_alphanumeric() && (c as u32) < 0x2000
}

/// Whether `c` belongs to Western text (letters, digits and the proportional
/// punctuation and symbols that go with them, e.g. `%`, `.`, `-`), as opposed to
/// CJK text. A Western word is never broken or letter-spaced except as a last
/// resort (clreq §3.2.4).
pub fn is_western(c: char) -> bool {
    (c as u32) < 0x2000 && !c.is_whitespace() && !is_interpunct(c) && !is_cjk_letter(c)
}

/// Opening quotation marks and brackets `“‘（《〈「『【〖〔［｛` (clreq Appendix A).
pub fn is_opening_bracket(c: char) -> bool {
    matches!(
        c,
        '“' | '‘'
            | '（'
            | '《'
            | '〈'
            | '「'
            | '『'
            | '【'
            | '〖'
            | '〔'
            | '［'
            | '｛'
            | '〘'
            | '〚'
            | '｟'
    )
}

/// Closing quotation marks and brackets `”’）》〉」』】〗〕］｝` (clreq Appendix A).
pub fn is_closing_bracket(c: char) -> bool {
    matches!(
        c,
        '”' | '’'
            | '）'
            | '》'
            | '〉'
            | '」'
            | '』'
            | '】'
            | '〗'
            | '〕'
            | '］'
            | '｝'
            | '〙'
            | '〛'
            | '｠'
    )
}

/// Pause and stop marks `、，。．；：？！` and the double marks `‼⁇` (clreq §3.1.4).
pub fn is_pause_or_stop(c: char) -> bool {
    matches!(
        c,
        '、' | '，' | '。' | '．' | '；' | '：' | '？' | '！' | '‼' | '⁇' | '⁈' | '⁉'
    )
}

/// Connector marks: the en dash, the wave dash and the hyphen (clreq §3.1.4, Appendix A).
pub fn is_connector(c: char) -> bool {
    matches!(c, '–' | '～' | '〜' | '-' | '‐' | '‑')
}

/// Interpuncts `·` and the forms typesetters substitute for it (`・` U+30FB, `‧` U+2027).
pub fn is_interpunct(c: char) -> bool {
    matches!(c, '·' | '・' | '‧')
}

/// Solidus marks `/` and `／`.
pub fn is_solidus(c: char) -> bool {
    matches!(c, '/' | '／')
}

/// Marks that come in pairs that must stay together: the dash `——` (U+2014, U+2E3A halves)
/// and the ellipsis `……` (U+2026, U+22EF) (clreq §3.1.5.1).
pub fn is_paired_mark(c: char) -> bool {
    matches!(c, '—' | '⸺' | '…' | '⋯')
}

/// L1 (clreq §3.1.4, basic level): no line starts with a pause/stop mark, a closing
/// quotation mark or bracket, a connector mark or an interpunct.
pub fn cannot_start_line(c: char) -> bool {
    is_pause_or_stop(c) || is_closing_bracket(c) || is_connector(c) || is_interpunct(c)
}

/// L2 (clreq §3.1.4, basic level): no line ends with an opening quotation mark or bracket.
pub fn cannot_end_line_basic(c: char) -> bool {
    is_opening_bracket(c)
}

/// L3 (clreq §3.1.4, GB style): as L2, and no line ends with a solidus either.
pub fn cannot_end_line(c: char) -> bool {
    cannot_end_line_basic(c) || is_solidus(c)
}

/// U1 (clreq §3.1.5.1): `——` and `……` are never split across lines, so no break
/// falls between two halves of one mark.
pub fn is_unbreakable_pair(before: char, after: char) -> bool {
    let dash = |c| matches!(c, '—' | '⸺');
    let dots = |c| matches!(c, '…' | '⋯');
    (dash(before) && dash(after)) || (dots(before) && dots(after))
}

/// L1 (clreq §3.1.4) for the em dash: a single `—` between words is the GB/T 15834
/// connector 一字线 (e.g. `社区党组织—小区党支部`), and connectors may not start a
/// line; a doubled `——` is the 破折号, which may (at the basic and GB levels).
/// `next` is the character after `c`.
pub fn is_connector_dash(c: char, next: Option<char>) -> bool {
    c == '—' && next != Some('—')
}

/// A long Western token (a URL, a file name, an ID such as `91420300MA4F0X1234`)
/// has at least this many characters. Shorter runs (`1.2`, `Wi-Fi`,
/// `2024-01-01`) are words and numbers, broken only as a last resort.
pub const LONG_TOKEN_MIN_CHARS: usize = 12;

/// The marks after which a long token may break (clreq §3.2.4 leaves Western
/// text to Western practice; this is the usual URL practice, e.g. Chicago
/// 6.80 and CSS `overflow-wrap` fallbacks): `.` `-` `_` `?` `&` `=`. The solidus is
/// not here: GB style (L3, clreq §3.1.4) forbids it at a line end, so a long token
/// breaks *before* a single `/` instead ([`token_break_between`]).
pub fn is_token_break_mark(c: char) -> bool {
    matches!(c, '.' | '-' | '_' | '?' | '&' | '=')
}

/// Whether a long Western token may break between `before` and `after`: after a
/// [`is_token_break_mark`] followed by a letter or digit (so `?&` and `..` stay
/// whole), but not at a decimal point (`1.25`); or before a single `/` (after
/// `https:` or a path segment, never between `//`).
pub fn token_break_between(before: char, after: char) -> bool {
    let decimal_point = before == '.' && after.is_ascii_digit();
    (is_token_break_mark(before) && after.is_ascii_alphanumeric() && !decimal_point)
        || (after == '/' && before != '/')
}

/// Western punctuation that never starts a line (UAX #14 classes CL, CP, IS,
/// EX: `,` `.` `;` `:` `!` `?` `)` `]` `}`). Western text in Chinese keeps its
/// own rules (clreq §3.2.4), and Unicode line breaking already forbids these
/// after a Western word; after a Han character, where any break is otherwise
/// open, this keeps `治理研究,2022` from starting a line with the comma.
pub fn western_cannot_start_line(c: char) -> bool {
    matches!(c, ',' | '.' | ';' | ':' | '!' | '?' | ')' | ']' | '}')
}

/// Western opening brackets, which never end a line (UAX #14 class OP).
pub fn western_cannot_end_line(c: char) -> bool {
    matches!(c, '(' | '[' | '{')
}

/// The ratio mark `∶` (U+2236), GB/T 15834's 比号 in `7.8∶39.1∶53.1`.
pub fn is_ratio_mark(c: char) -> bool {
    c == '∶'
}

/// A ratio is one number (GB/T 15834 §4.11 sets it with `∶` between its
/// terms): no break before the ratio mark (it never starts a line, like the
/// colon it stands for, L1 of clreq §3.1.4) nor after it before a digit.
pub fn breaks_a_ratio(before: char, after: char) -> bool {
    is_ratio_mark(after) || (is_ratio_mark(before) && after.is_ascii_digit())
}

/// Whether a break between `before` and `after` obeys the GB-style prohibitions
/// L1–L3 (clreq §3.1.4) and U1 (§3.1.5.1), keeps Western punctuation on
/// its word's side, and keeps a ratio whole.
pub fn break_allowed_between(before: char, after: char) -> bool {
    !cannot_end_line(before)
        && !cannot_start_line(after)
        && !is_unbreakable_pair(before, after)
        && !western_cannot_start_line(after)
        && !western_cannot_end_line(before)
        && !breaks_a_ratio(before, after)
}

/// The half of the em box a full-width mark inks, when it has a blank half that
/// punctuation width adjustment may remove (clreq §3.1.6, Appendix A). `None` for
/// marks that are never adjusted: the interpunct and solidus (P4, §3.1.6.1), dashes,
/// ellipses and connectors, and (in CNS style) centred pause/stop marks.
pub fn ink_side(c: char, style: PunctStyle) -> Option<InkSide> {
    if is_opening_bracket(c) {
        Some(InkSide::Right)
    } else if is_closing_bracket(c) {
        Some(InkSide::Left)
    } else if matches!(c, '、' | '，' | '。' | '．' | '；' | '：' | '？' | '！') {
        (style == PunctStyle::Gb).then_some(InkSide::Left)
    } else {
        None
    }
}

/// Shrink priority of a full-width mark inside a line (clreq §3.5.3, J2): brackets
/// before `，、；：`, and those before `。？！`. Lower numbers give way first.
/// `None` for marks that do not shrink.
pub fn punct_shrink_priority(c: char) -> Option<u8> {
    if is_opening_bracket(c) || is_closing_bracket(c) {
        Some(0)
    } else if matches!(c, '，' | '、' | '；' | '：') {
        Some(1)
    } else if matches!(c, '。' | '．' | '？' | '！') {
        Some(2)
    } else {
        None
    }
}

/// Whether justification may add space *after* `c` (clreq §3.2.4 M2, §3.5.4 J3): not
/// just inside an opening bracket, not after `，。` and other pause/stop marks, not
/// around connectors, solidi and interpuncts. Whether space may go between two
/// Western characters is decided by the caller (never inside a Western word).
pub fn accepts_space_after(c: char) -> bool {
    !(is_opening_bracket(c)
        || is_pause_or_stop(c)
        || is_connector(c)
        || is_solidus(c)
        || is_interpunct(c)
        || c.is_whitespace())
}

/// Whether justification may add space *before* `c` (clreq §3.2.4 M2, §3.5.4 J3): not
/// just inside a closing bracket, not before pause/stop marks, connectors, solidi,
/// interpuncts.
pub fn accepts_space_before(c: char) -> bool {
    !(is_closing_bracket(c)
        || is_pause_or_stop(c)
        || is_connector(c)
        || is_solidus(c)
        || is_interpunct(c)
        || c.is_whitespace())
}

/// M1 (clreq §3.2.2): whether ¼ em goes between `before` and `after`, one being a Han
/// (or other CJK) letter and the other a Western letter or digit.
pub fn wants_han_western_space(before: char, after: char) -> bool {
    (is_cjk_letter(before) && is_western_alnum(after))
        || (is_western_alnum(before) && is_cjk_letter(after))
}

/// Whether a table cell's text is a number: digits with separators, signs,
/// a decimal point, `%`/`‰`, a range or a product sign. Print sets such
/// cells on the decimal point (or flush right); the EPUB sets them right.
pub fn is_number(t: &str) -> bool {
    let t = t.trim();
    !t.is_empty()
        && t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || ".,%‰+-−—–~～ ×".contains(c) || c == '％')
}

/// Whether `t` is an author note, a paragraph in brackets that opens with
/// 作者 (`（作者系湖北医药学院教授）`, `（作者单位：市委党校）`): set small,
/// after the text, never a caption or heading.
pub fn is_author_note(t: &str) -> bool {
    let t = t.trim();
    (t.starts_with("（作者") || t.starts_with("(作者")) && (t.ends_with('）') || t.ends_with(')'))
}

/// Whether `t` is a date written out: `…年…月…日`, in digits or Chinese
/// numerals (`2026年5月1日`, `二〇二六年五月一日`), as a notice signs off.
pub fn is_written_date(t: &str) -> bool {
    let (Some(y), Some(m)) = (t.find('年'), t.find('月')) else {
        return false;
    };
    let numeral = |c: char| c.is_ascii_digit() || "〇零一二三四五六七八九十".contains(c);
    let year = t[..y].chars().rev().take_while(|&c| numeral(c)).count();
    y < m && year >= 2 && t.ends_with('日') && t[y..].chars().filter(|&c| numeral(c)).count() >= 2
}

/// A numbering at the start of a line: （一） 一、 1. 1、 （1） ① 第一，
/// and the number's length in characters.
pub fn enumerator(text: &str) -> Option<usize> {
    let chars: Vec<char> = text.chars().take(8).collect();
    let is_num = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    if chars.first().is_some_and(|c| ('①'..='⑳').contains(c)) {
        return Some(1);
    }
    if matches!(chars.first(), Some('（' | '(')) {
        let n = chars[1..].iter().take_while(|c| is_num(**c)).count();
        if n > 0 && matches!(chars.get(1 + n), Some('）' | ')')) {
            return Some(n + 2);
        }
        return None;
    }
    let n = chars.iter().take_while(|c| is_num(**c)).count();
    if n > 0 && n <= 3 && matches!(chars.get(n), Some('、' | '．')) {
        return Some(n + 1);
    }
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0
        && digits <= 2
        && chars.get(digits) == Some(&'.')
        && chars.get(digits + 1).is_some_and(|c| !c.is_ascii_digit())
    {
        return Some(digits + 1);
    }
    None
}

/// Labels of the one who asks in an interview (`记者：您怎么看？`, `问：…`):
/// the importer's and the Markdown reader's sign that paragraphs opening with
/// a speaker and a colon are an interview's turns.
pub const ASKERS: [&str; 6] = ["记者", "本报记者", "问", "主持人", "提问", "Q"];

/// Longest speaker name before a turn's colon, in characters (欧阳明远,
/// 约翰·史密斯): longer labels are headings or lead-ins, not names.
pub const MAX_SPEAKER_NAME_CHARS: usize = 6;

/// Whether `label` is a speaker's name as an interview's turn opens with it:
/// at most [`MAX_SPEAKER_NAME_CHARS`] Han characters, or the name dot `·`
/// between them (no other punctuation, no Latin, no digits).
pub fn is_speaker_name(label: &str) -> bool {
    !label.is_empty()
        && label.chars().count() <= MAX_SPEAKER_NAME_CHARS
        && label.chars().all(|c| is_han(c) || c == '·')
        && !label.starts_with('·')
        && !label.ends_with('·')
}

/// Longest speaker label with the speaker's title in brackets after the
/// name, in characters (`王明（市住建局局长）`): longer labels are lead-ins.
pub const MAX_TITLED_SPEAKER_CHARS: usize = 12;

/// The name in a speaker label that carries the speaker's title in
/// brackets after it: `王明（市住建局局长）` → `王明`, `记者（本报）` → `记者`.
/// The name is a speaker's name ([`is_speaker_name`]); the title is not
/// empty and holds no bracket or colon of its own. `None` for any other label.
pub fn titled_speaker_name(label: &str) -> Option<&str> {
    if label.chars().count() > MAX_TITLED_SPEAKER_CHARS {
        return None;
    }
    let (name, title) = label.strip_suffix('）')?.split_once('（')?;
    let plain_title = !title.is_empty() && !title.contains(['（', '）', '：', ':']);
    (is_speaker_name(name) && plain_title).then_some(name)
}

/// Who a speaker label names: the label itself, or the name before the
/// title in brackets (`王明（局长）` and `王明` are one speaker, as an
/// interview gives the title at the first turn only).
pub fn speaker_person(label: &str) -> &str {
    titled_speaker_name(label).unwrap_or(label)
}

/// Labels that open a paragraph but never name a speaker: notices, service
/// information, captions' and tables' parts (`注：`, `电话：`, `时间：`). The
/// importer and the Markdown reader read none of them as an interview's
/// turn, with or without a title in brackets (`说明（二）：`).
pub const NOT_SPEAKERS: &[&str] = &[
    "提示",
    "温馨提示",
    "特别提示",
    "提醒",
    "注意",
    "说明",
    "备注",
    "注",
    "附",
    "附注",
    "地址",
    "电话",
    "联系电话",
    "咨询电话",
    "热线",
    "时间",
    "日期",
    "地点",
    "来源",
    "数据来源",
    "资料来源",
    "网址",
    "邮箱",
    "联系人",
    "主办",
    "承办",
    "协办",
    "主题",
    "邮编",
    "传真",
    "作者",
    "编辑",
    "责任编辑",
    "校对",
    "摄影",
    "编者按",
    "链接",
    "图",
    "表",
];

/// The number of a circled digit ① … ⑳, the marks notes are numbered with
/// in Chinese print (`……增长6.1%①` and, at the end, `①按常住人口计算。`).
pub fn circled_number(c: char) -> Option<u32> {
    ('\u{2460}'..='\u{2473}')
        .contains(&c)
        .then(|| c as u32 - 0x2460 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_tokens_break_after_url_marks_and_before_a_single_slash() {
        for (before, after) in [('.', 'g'), ('-', 'a'), ('_', '2'), ('?', 'q'), ('&', 'b')] {
            assert!(token_break_between(before, after), "{before}|{after}");
        }
        assert!(token_break_between('=', '1'), "=|1");
        assert!(token_break_between('n', '/'), "before a single /");
        assert!(token_break_between(':', '/'), "https:|//");
        assert!(!token_break_between('/', '/'), "never inside //");
        assert!(!token_break_between('/', 'w'), "never after / (L3)");
        assert!(!token_break_between('.', '5'), "not at a decimal point");
        assert!(!token_break_between('?', '&'), "marks stay together");
        assert!(!token_break_between('a', 'b'), "not inside a word");
    }

    #[test]
    fn speaker_names_and_circled_numbers() {
        for l in ["王明", "欧阳明远", "约翰·史密斯", "答"] {
            assert!(is_speaker_name(l), "{l}");
        }
        for l in [
            "",
            "市住建局局长王明",
            "王明，局长",
            "王明（局长）",
            "Q1",
            "·王明",
        ] {
            assert!(!is_speaker_name(l), "{l}");
        }
        assert_eq!(circled_number('①'), Some(1));
        assert_eq!(circled_number('⑳'), Some(20));
        assert_eq!(circled_number('1'), None);
    }

    #[test]
    fn han_and_western_classes() {
        for c in "党旗高扬〇𠀀".chars() {
            assert!(is_han(c), "{c}");
        }
        for c in "aZ09éΩ".chars() {
            assert!(is_western_alnum(c) && !is_han(c), "{c}");
        }
        assert!(!is_western_alnum('，') && !is_western_alnum('２'));
        assert!(is_cjk_letter('２') && is_cjk_letter('か'));
        assert!(is_western('%') && !is_western('·') && !is_western(' '));
    }

    #[test]
    fn one_han_class_with_its_edges_decided() {
        // 々 and 〇 are Han; kana, Hangul and Bopomofo are CJK letters, not Han.
        for c in "々〇龘𪚥𰀀".chars() {
            assert!(is_han(c) && is_cjk_letter(c) && !is_cjk_punct(c), "{c}");
        }
        for c in "かカ한ㄅ".chars() {
            assert!(!is_han(c) && is_cjk_letter(c), "{c}");
        }
        // Unassigned planes beyond Extension H are not Han.
        assert!(!is_han('\u{323B0}') && !is_han('\u{3FFFD}'));
        for c in "，。、：；？！“”‘’（）《》【】…—·　￥｡".chars() {
            assert!(is_cjk_punct(c) && is_wide(c), "{c}");
        }
        for c in ",.;:!?()a1 ".chars() {
            assert!(!is_cjk_punct(c) && !is_wide(c), "{c}");
        }
        for c in [' ', '\u{3000}', '\u{200B}', '\u{FE0F}', '\u{FEFF}', '\n'] {
            assert!(is_invisible(c), "{:?}", c);
        }
        assert!(!is_invisible('党') && !is_invisible('😀'));
    }

    #[test]
    fn l1_line_start_prohibitions() {
        for c in "、，。．；：？！‼⁇”’）》〉」』】〗〕］｝·～–・‧".chars()
        {
            assert!(cannot_start_line(c), "{c} may not start a line");
        }
        for c in "党“（《A1—…".chars() {
            assert!(!cannot_start_line(c), "{c} may start a line");
        }
    }

    #[test]
    fn l2_l3_line_end_prohibitions() {
        for c in "“‘（《〈「『【〖〔［｛".chars() {
            assert!(
                cannot_end_line_basic(c) && cannot_end_line(c),
                "{c} may not end a line"
            );
        }
        for c in "/／".chars() {
            assert!(
                !cannot_end_line_basic(c) && cannot_end_line(c),
                "GB style: {c} may not end a line"
            );
        }
        for c in "党”）。，A".chars() {
            assert!(!cannot_end_line(c), "{c} may end a line");
        }
    }

    #[test]
    fn u1_dash_and_ellipsis_pairs() {
        assert!(is_unbreakable_pair('—', '—'));
        assert!(is_unbreakable_pair('…', '…'));
        assert!(is_unbreakable_pair('⋯', '⋯'));
        assert!(!is_unbreakable_pair('—', '党'));
        assert!(!is_unbreakable_pair('…', '—'));
        assert!(!break_allowed_between('—', '—'));
        assert!(!break_allowed_between('党', '。'));
        assert!(!break_allowed_between('“', '党'));
        assert!(break_allowed_between('。', '党'));
        assert!(
            !break_allowed_between('究', ','),
            "a Western comma after Han"
        );
        assert!(
            !break_allowed_between('(', '3'),
            "after a Western opening bracket"
        );
        assert!(break_allowed_between(',', '2'));
    }

    #[test]
    fn single_em_dash_is_a_connector() {
        assert!(is_connector_dash('—', Some('小')));
        assert!(is_connector_dash('—', None));
        assert!(!is_connector_dash('—', Some('—')), "—— may start a line");
        assert!(!is_connector_dash('党', Some('—')));
    }

    #[test]
    fn ink_sides_follow_gb_style() {
        assert_eq!(ink_side('“', PunctStyle::Gb), Some(InkSide::Right));
        assert_eq!(ink_side('》', PunctStyle::Gb), Some(InkSide::Left));
        assert_eq!(ink_side('。', PunctStyle::Gb), Some(InkSide::Left));
        assert_eq!(ink_side('。', PunctStyle::Cns), None);
        // P4 (§3.1.6.1): never adjusted.
        for c in "·／/—…～".chars() {
            assert_eq!(ink_side(c, PunctStyle::Gb), None, "{c}");
        }
    }

    #[test]
    fn j2_shrink_order() {
        let p = |c| punct_shrink_priority(c).unwrap();
        assert!(p('（') < p('，') && p('，') < p('。'));
        assert_eq!(punct_shrink_priority('·'), None);
    }

    #[test]
    fn m1_han_western_space() {
        assert!(wants_han_western_space('年', '2'));
        assert!(wants_han_western_space('3', '年'));
        assert!(wants_han_western_space('达', 'A'));
        assert!(!wants_han_western_space('%', '。'));
        assert!(!wants_han_western_space('，', '2'));
        assert!(!wants_han_western_space('a', 'b'));
    }

    #[test]
    fn m2_no_justification_space_inside_brackets_or_by_commas() {
        assert!(!accepts_space_after('“') && accepts_space_before('“'));
        assert!(!accepts_space_before('”') && accepts_space_after('”'));
        assert!(!accepts_space_after('，') && !accepts_space_before('。'));
        assert!(accepts_space_after('党') && accepts_space_before('党'));
        assert!(!accepts_space_after('·') && !accepts_space_before('／'));
    }
}

/// The mark of note `n` (1-based) as Chinese books print it: ①–⑳, ㉑–㊿ (the
/// circled numbers Unicode has), then `[n]`.
pub fn note_mark(n: usize) -> String {
    let c = match n {
        1..=20 => char::from_u32(0x2460 + n as u32 - 1),
        21..=35 => char::from_u32(0x3251 + n as u32 - 21),
        36..=50 => char::from_u32(0x32B1 + n as u32 - 36),
        _ => None,
    };
    c.map_or_else(|| format!("[{n}]"), String::from)
}

#[cfg(test)]
mod note_mark_tests {
    #[test]
    fn circled_marks_then_brackets() {
        assert_eq!(super::note_mark(1), "①");
        assert_eq!(super::note_mark(20), "⑳");
        assert_eq!(super::note_mark(21), "㉑");
        assert_eq!(super::note_mark(36), "㊱");
        assert_eq!(super::note_mark(50), "㊿");
        assert_eq!(super::note_mark(51), "[51]");
    }
}

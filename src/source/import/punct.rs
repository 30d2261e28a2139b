//! Punctuation and character facts the readings are scored on.

/// Marks that end a sentence or clause so that a paragraph may end after them.
pub fn is_final_punct(c: char) -> bool {
    matches!(
        c,
        '。' | '！' | '？' | '…' | '；' | '：' | '.' | '!' | '?' | ';' | ':'
    )
}

/// Closing quotes and brackets that may follow the final mark (`。”`, `！）`).
pub fn is_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '）' | '》' | '」' | '』' | '】' | '〕' | ')' | '"' | '\''
    )
}

/// Whether a line ends the way a complete paragraph ends: a final mark,
/// possibly followed by closing quotes or brackets. A line ending in a closing
/// quote alone (开展“五亮五共”) does not count: captions end that way.
pub fn ends_closed(text: &str) -> bool {
    // A note's circled number after the full stop (`……有进。①`) is not the end.
    text.trim_end_matches(|c| super::notes::circled(c).is_some())
        .trim_end_matches(is_closer)
        .chars()
        .next_back()
        .is_some_and(is_final_punct)
}

/// Marks that cannot start a line of Chinese text (clreq §3.1.7, 行首禁则): a
/// line starting with one continues the line before it.
pub fn starts_continuation(text: &str) -> bool {
    text.chars().next().is_some_and(|c| {
        matches!(
            c,
            '、' | '，'
                | '。'
                | '；'
                | '：'
                | '？'
                | '！'
                | '”'
                | '’'
                | '）'
                | '》'
                | '」'
                | '』'
                | '】'
                | '…'
                | '%'
                | '‰'
                | '℃'
        )
    })
}

/// Marks that cannot end a line (行尾禁则): a line ending in one was cut.
pub fn ends_with_opener(text: &str) -> bool {
    text.chars()
        .next_back()
        .is_some_and(|c| matches!(c, '“' | '‘' | '（' | '《' | '「' | '『' | '【' | '〔' | '('))
}

/// Sentence marks inside a line (not at its end): a caption is one phrase and has none.
pub fn has_inner_sentence_end(text: &str) -> bool {
    let body = text.trim_end_matches(|c: char| is_final_punct(c) || is_closer(c));
    body.chars().any(|c| matches!(c, '。' | '！' | '？' | '；'))
}

/// Commas (full-width or ASCII) in a line.
pub fn commas(text: &str) -> usize {
    text.matches(['，', ',']).count()
}

/// Whether the line leaves a bracket or quote open: more `《` than `》`, more
/// `“` than `”`, more `（` than `）`. A line cut inside 《…》 or a quotation does.
pub fn leaves_open(text: &str) -> bool {
    const PAIRS: [(char, char); 5] = [
        ('《', '》'),
        ('“', '”'),
        ('（', '）'),
        ('「', '」'),
        ('【', '】'),
    ];
    PAIRS.iter().any(|&(open, close)| {
        let mut depth = 0i32;
        for c in text.chars() {
            if c == open {
                depth += 1;
            } else if c == close {
                depth -= 1;
            }
        }
        depth > 0
    })
}

/// Whether `a` + `b` makes one word or number whole: a Latin letter or digit on
/// each side of the cut (`5|G`, `Manufac|turing`, `3.|5万`, `79|.9%`), or a
/// number and its unit (`12|万`).
pub fn cut_inside_word(a: &str, b: &str) -> bool {
    let (Some(last), Some(first)) = (a.chars().next_back(), b.chars().next()) else {
        return false;
    };
    let alnum = |c: char| c.is_ascii_alphanumeric();
    if alnum(last) && alnum(first) {
        return true;
    }
    // A number and its unit: 12|万, 2023|年, 21|%.
    if last.is_ascii_digit() && "万亿千百个余多年月日号时分秒%‰℃米吨元倍".contains(first)
    {
        return true;
    }
    let digit_before = |s: &str| s.chars().rev().nth(1).is_some_and(|c| c.is_ascii_digit());
    // A decimal point on either side of the cut: 3.|5 or 79|.9.
    (last == '.' && digit_before(a) && first.is_ascii_digit())
        || (last.is_ascii_digit()
            && first == '.'
            && b.chars().nth(1).is_some_and(|c| c.is_ascii_digit()))
}

pub use crate::cjk::enumerator;

/// The level a numbering stands for, the way Chinese reports nest them:
/// 1 for `一、`, 2 for `（一）`, 3 for `1.` or `1、`, 4 for `（1）`, 5 for `①`.
pub fn numbering_level(text: &str) -> Option<u8> {
    let len = enumerator(text)?;
    let num: Vec<char> = text.chars().take(len).collect();
    let chinese = num.iter().any(|c| "一二三四五六七八九十".contains(*c));
    Some(match (num[0], chinese) {
        ('（' | '(', true) => 2,
        ('（' | '(', false) => 4,
        (c, _) if ('①'..='⑳').contains(&c) => 5,
        (_, true) => 1,
        (_, false) => 3,
    })
}

/// `s` for a log quote: whole when it has at most `n` characters, else its
/// first `n` and `…`, so a cut quote never passes for the whole line.
pub fn excerpt(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", head_chars(s, n))
    }
}

/// A subtitle line starts with a dash (——, or one em dash, or a hyphen pair):
/// the same rule the Markdown reader applies.
pub fn is_subtitle(text: &str) -> bool {
    crate::source::markdown::is_subtitle_line(text)
}

/// The last `n` characters of `s`.
pub fn tail_chars(s: &str, n: usize) -> String {
    let count = s.chars().count();
    s.chars().skip(count.saturating_sub(n)).collect()
}

/// The first `n` characters of `s`.
pub fn head_chars(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

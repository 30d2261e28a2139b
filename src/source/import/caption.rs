//! What marks a line as a photo caption: its length, and a photo credit
//! at its end or on a line of its own. Read by the body's classifier and by
//! the joiner (a caption with a credit is never joined to the next line).

/// An unpunctuated line longer than this is body text, never a caption or heading.
/// Captions in the seed run 19–36 characters; a column fragment runs 45 or more.
pub const CAPTION_MAX_CHARS: usize = 60;

/// Words a photo credit ends with, or is.
const CREDIT_WORDS: [&str; 6] = ["摄", "供图", "资料图片", "新华社发", "图片来源", "摄影"];

/// The photo credit at the end of a caption: `（记者 张三 摄）`, `（摄影 李四）`,
/// `（受访者供图）`, `（资料图片）`. Returns the caption's length in bytes
/// (without the credit) and the credit without its brackets.
pub fn photo_credit(text: &str) -> Option<(usize, String)> {
    let (open, close) = [('（', '）'), ('(', ')')]
        .into_iter()
        .find(|(_, c)| text.ends_with(*c))?;
    let start = text.rfind(open)?;
    let inner = text[start + open.len_utf8()..text.len() - close.len_utf8()].trim();
    let credit = inner.chars().count() <= 24
        && (CREDIT_WORDS.iter().any(|w| inner.ends_with(w))
            || inner.starts_with("摄影")
            || inner.starts_with("图/"));
    (credit && !inner.is_empty()).then(|| (start, inner.to_string()))
}

/// A line that is only a photo credit (`记者 张三 摄`, `（本报记者 李四 摄）`).
pub fn standalone_credit(text: &str) -> Option<String> {
    if let Some((0, credit)) = photo_credit(text) {
        return Some(credit);
    }
    let t = text.trim();
    let words = t.split_whitespace().count();
    (t.chars().count() <= 20 && words >= 2 && (t.ends_with(" 摄") || t.ends_with("　摄")))
        .then(|| t.to_string())
}

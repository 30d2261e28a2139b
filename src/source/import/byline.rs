//! Bylines (`记者毛以国 吴守全 通讯员乔婷`, `□本报记者 王　芳`,
//! `（记者 张三 通讯员 李四）`) and datelines (`本报讯（记者 张三）…`).

use crate::model::Credit;

/// Roles a Chinese byline prints; the longest match wins (本报记者 over 记者).
const BYLINE_ROLES: [&str; 26] = [
    "本报特约记者",
    "本报见习记者",
    "本报实习记者",
    "本报特约通讯员",
    "本报通讯员",
    "本报记者",
    "新华社记者",
    "首席记者",
    "实习记者",
    "见习记者",
    "特约记者",
    "特约通讯员",
    "摄影记者",
    "全媒体记者",
    "融媒记者",
    "通讯员",
    "实习生",
    "记者",
    "摄影",
    "文/图",
    "文／图",
    "撰稿",
    "图/",
    "文/",
    "图",
    "文",
];

/// Roles printed after the names (`本报记者 陈静 摄影报道`, `记者 张三 摄`):
/// a credit of their own, with no names.
const TRAILING_ROLES: [&str; 4] = ["摄影报道", "图文报道", "报道", "摄"];

/// Bylines that name no one, only the paper's collective author
/// (`本报评论员`, `本报编辑部`): a role with no names.
const COLLECTIVE_ROLES: [&str; 7] = [
    "本报特约评论员",
    "本报评论员",
    "特约评论员",
    "评论员",
    "本报编辑部",
    "本报调查组",
    "本报报道组",
];

/// Marks some systems print before a byline (`□记者 …`, `■本报记者 …`).
const BYLINE_MARKS: &[char] = &['□', '■', '●', '○', '◆', '◇', '★', '☆', '▲', '△', '▉', '◎'];

/// Names in a byline are 2–4 Han characters (a few compound surnames reach 5).
const NAME_MAX_CHARS: usize = 5;

/// Marks that say a credit wrote and photographed the report (文/图): a
/// credit of their own, with no names, where they stand (`文/图 本报记者 陈静`,
/// `记者 张三 通讯员 李四 文/图`), or the role of the names right after them
/// (`文/图 陈静`).
const WORK_MARKS: [&str; 4] = ["文/图", "文／图", "图/文", "图／文"];

/// Roles one name is marked with after a slash (`张三/文`, `李四/图`): that
/// name's role.
const NAME_MARKS: [&str; 3] = ["文", "图", "摄"];

/// Longest role name a byline token starts with. The one-character roles
/// (文, 图) only stand alone or before a colon or slash, so a name that
/// starts with one (文静) is not read as a role.
fn role_prefix(token: &str) -> Option<&'static str> {
    BYLINE_ROLES
        .iter()
        .copied()
        .filter(|r| token.starts_with(r))
        .filter(|r| {
            r.chars().count() > 1
                || token.len() == r.len()
                || token[r.len()..].starts_with(['：', ':', '/', '／'])
        })
        .max_by_key(|r| r.len())
}

/// A name marked with its role after a slash (`张三/文`): the name and the role.
fn marked_name(token: &str) -> Option<(&str, &'static str)> {
    let (name, mark) = token.rsplit_once(['/', '／'])?;
    let mark = NAME_MARKS.iter().copied().find(|m| *m == mark)?;
    (!name.is_empty() && role_prefix(name).is_none()).then_some((name, mark))
}

/// Parse a byline line into credits. `None` when the line is not a byline:
/// after an optional mark (□) and brackets around the whole line, it must
/// start with a role, and every name must look like a name. A name printed
/// with an ideographic space inside to fill two characters' width (`王　芳`)
/// is one name.
///
/// 文/图 marks: `文/图` standing before a role or after all the names is a
/// credit of its own with no names, where it stands (`文/图 本报记者 陈静` →
/// 文/图; 本报记者 = 陈静), as a role after the names is (摄影报道); before
/// names it is their role (`文/图 陈静` → 文/图 = 陈静). A name marked after a
/// slash (`张三/文`, `李四/图`) gets the mark as its role, as `文/张三` does;
/// the title printed before such names (`本报记者 张三/文 李四/图`) is then a
/// credit with no names: 本报记者; 文 = 张三; 图 = 李四.
pub fn parse_byline(text: &str) -> Option<Vec<Credit>> {
    let text = text.trim_start_matches(BYLINE_MARKS).trim();
    let text = strip_brackets(text).unwrap_or(text);
    // Names are separated by spaces (ASCII or ideographic), 、 or ，; roles may be
    // glued to the first name (记者毛以国) or stand alone (记者 毛以国).
    let tokens = text
        .split(|c: char| c.is_whitespace() || matches!(c, '、' | '，' | ',' | '\u{3000}'))
        .filter(|t| !t.is_empty());
    let mut credits: Vec<Credit> = Vec::new();
    // Credits that may stand without names: a title whose names were all
    // marked with roles of their own (本报记者 before 张三/文).
    let mut titles: Vec<usize> = Vec::new();
    for token in tokens {
        let token = token.trim_matches(|c| matches!(c, '：' | ':'));
        let named = credits.last().is_some_and(|c| !c.names.is_empty());
        if TRAILING_ROLES.contains(&token) && !named {
            return None; // 摄影报道 with no name before it is no byline
        }
        if let Some((name, mark)) = marked_name(token) {
            if let Some(current) = credits.last()
                && current.names.is_empty()
                && !titles.contains(&(credits.len() - 1))
            {
                titles.push(credits.len() - 1);
            }
            // A padded two-character name (`王　芳/文`): its first half
            // went to the credit before.
            let mut name = name.to_string();
            if name.chars().count() == 1
                && let Some(current) = credits.last_mut()
                && current.names.last().is_some_and(|n| n.chars().count() == 1)
            {
                name.insert_str(0, &current.names.pop().expect("checked"));
                if current.names.is_empty() && !titles.contains(&(credits.len() - 1)) {
                    titles.push(credits.len() - 1);
                }
            }
            credits.push(Credit {
                role: mark.to_string(),
                names: vec![name],
            });
        } else if COLLECTIVE_ROLES.contains(&token)
            || TRAILING_ROLES.contains(&token)
            || WORK_MARKS.contains(&token)
        {
            credits.push(Credit {
                role: token.to_string(),
                names: vec![],
            });
        } else if let Some(role) = role_prefix(token) {
            let name = token[role.len()..].trim_start_matches(['：', ':']);
            credits.push(Credit {
                role: role.trim_end_matches(['/', '／']).to_string(),
                names: vec![],
            });
            if !name.is_empty() {
                credits.last_mut()?.names.push(name.to_string());
            }
        } else if !token.is_empty() {
            credits.last_mut()?.names.push(token.to_string());
        }
    }
    for c in &mut credits {
        c.names = merge_padded_names(std::mem::take(&mut c.names));
    }
    let nameless = |i: usize, c: &Credit| {
        COLLECTIVE_ROLES.contains(&c.role.as_str())
            || TRAILING_ROLES.contains(&c.role.as_str())
            || WORK_MARKS.contains(&c.role.as_str())
            || titles.contains(&i)
    };
    // Someone is named, or the paper's collective author stands alone.
    let someone = credits
        .iter()
        .any(|c| !c.names.is_empty() || COLLECTIVE_ROLES.contains(&c.role.as_str()));
    let plausible = someone
        && credits.iter().enumerate().all(|(i, c)| {
            (!c.names.is_empty() || nameless(i, c))
                && c.names.iter().all(|n| {
                    n.chars().count() <= NAME_MAX_CHARS
                        && n.chars().all(|ch| ch.is_alphabetic() || ch == '·')
                })
        });
    plausible.then_some(credits)
}

/// `（…）`, `(…)` or `【…】` around the whole text: the inside.
fn strip_brackets(text: &str) -> Option<&str> {
    [('（', '）'), ('(', ')'), ('【', '】')]
        .iter()
        .find_map(|&(o, c)| text.strip_prefix(o)?.strip_suffix(c))
        .map(str::trim)
}

/// Join one-character names that stand next to each other: a two-character
/// name padded with a space to line up with three-character ones (王　芳).
fn merge_padded_names(names: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    let mut pending_single = false;
    for n in names {
        let single = n.chars().count() == 1;
        if single && pending_single {
            out.last_mut().expect("pending").push_str(&n);
            pending_single = false;
            continue;
        }
        pending_single = single;
        out.push(n);
    }
    out
}

/// A dateline (电头) at the start of a paragraph: `本报讯`, `本报十堰讯`,
/// `新华社北京7月1日电`, followed by the reporters in brackets or by a space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    /// The dateline's words (`本报讯`).
    pub words: String,
    /// The credits in the brackets after it, if any.
    pub credits: Vec<Credit>,
}

/// Recognise a dateline at the start of `text`.
pub fn parse_dateline(text: &str) -> Option<Dateline> {
    let end = text
        .char_indices()
        .take(20)
        .find(|(_, c)| matches!(c, '讯' | '电'))
        .map(|(i, c)| i + c.len_utf8())?;
    let words = &text[..end];
    let from_paper = words.starts_with("本报")
        || ["社", "网", "台", "报", "新闻"]
            .iter()
            .any(|m| words.contains(m));
    let plain = words
        .chars()
        .all(|c| crate::cjk::is_cjk_letter(c) || c.is_ascii_digit());
    if !from_paper || !plain || words.chars().count() < 3 {
        return None;
    }
    let rest = &text[end..];
    let credits = match rest.chars().next() {
        Some('（' | '(') => {
            let close = rest.find(['）', ')'])?;
            let inner = &rest[..close + rest[close..].chars().next()?.len_utf8()];
            parse_byline(inner).unwrap_or_default()
        }
        Some(c) if c.is_whitespace() || c == '\u{3000}' => Vec::new(),
        _ => return None,
    };
    Some(Dateline {
        words: words.to_string(),
        credits,
    })
}

/// `记者 = 毛以国、吴守全; 通讯员 = 乔婷`, for the log.
pub fn describe(credits: &[Credit]) -> String {
    credits
        .iter()
        .map(|c| match c.names.is_empty() {
            true => format!("{} (no names)", c.role),
            false => format!("{} = {}", c.role, c.names.join("、")),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

//! The seed issue in `source/` read back into the model and checked against
//! the report's true structure (`tests/data/truth.json`, a copy of the seed's).

use reportbook::model::{BlockKind, Para, Section, plain_text};
use reportbook::source::load_issue;
use serde_json::Value;
use std::path::Path;

fn truth() -> Value {
    serde_json::from_str(&std::fs::read_to_string("tests/data/truth.json").unwrap()).unwrap()
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn seed_issue_matches_truth() {
    let (issue, warnings) = load_issue(Path::new("source/2023-party-building"));
    let issue = issue.expect("seed issue loads");
    assert!(warnings.is_empty(), "{warnings:?}");
    let t = truth();
    assert_eq!(issue.meta.title, t["title"].as_str().unwrap());
    assert_eq!(issue.meta.subtitle.as_deref(), t["subtitle"].as_str());
    assert_eq!(issue.meta.byline_text(), t["byline"].as_str().unwrap());
    assert_eq!(
        plain_text(issue.lead.as_ref().unwrap()),
        t["lead"].as_str().unwrap()
    );

    // Paragraphs before the first heading are the intro; then each heading
    // pair owns the paragraphs up to the next.
    let mut intro = vec![];
    let mut sections: Vec<(String, Option<String>, Vec<String>)> = vec![];
    let mut captions = vec![];
    let mut quotes = vec![];
    for b in issue.flat_blocks() {
        match &b.kind {
            BlockKind::Section(Section { heading: h, .. }) => {
                sections.push((h.title.clone(), h.subtitle.clone(), vec![]))
            }
            BlockKind::Para(Para { content, .. }) => match sections.last_mut() {
                Some(s) => s.2.push(plain_text(content)),
                None => intro.push(plain_text(content)),
            },
            BlockKind::Figure(f) => {
                assert_eq!(f.alt, plain_text(&f.caption), "alt defaults to the caption");
                assert!(issue.assets[f.asset].path.is_file());
                captions.push(plain_text(&f.caption));
            }
            BlockKind::PullQuote(q) => quotes.push(q.clone()),
            k => panic!("the seed holds no {k:?}"),
        }
    }
    assert_eq!(intro, strs(&t["intro_paragraphs"]));
    let mut want_caps = strs(&t["captions"]);
    want_caps.sort();
    captions.sort();
    assert_eq!(captions, want_caps);
    assert_eq!(quotes.len(), 1);
    assert_eq!(quotes[0].lines, strs(&t["pull_quote"]));
    assert_eq!(quotes[0].attribution, strs(&t["pull_quote_attribution"]));
    let want: Vec<_> = t["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["heading"].as_str().unwrap().to_owned(),
                Some(s["subheading"].as_str().unwrap().to_owned()),
                strs(&s["paragraphs"]),
            )
        })
        .collect();
    assert_eq!(sections, want);
    assert_eq!(issue.meta.publication, "十堰日报");
    assert_eq!(issue.meta.issue_number, Some(1));
    assert!(issue.meta.identifier.starts_with("urn:uuid:"));
    assert_eq!(issue.meta.cover, Some(0));
}

#[test]
fn identifier_is_stable_and_depends_on_issue() {
    let a = reportbook::source::stable_identifier("十堰日报", Some(1), "x");
    assert_eq!(
        a,
        reportbook::source::stable_identifier("十堰日报", Some(1), "y")
    );
    assert_ne!(
        a,
        reportbook::source::stable_identifier("十堰日报", Some(2), "x")
    );
}

mod common;

#[test]
fn a_photo_used_twice_is_one_asset() {
    let ws = common::Workspace::new();
    let md = common::ARTICLE.replace("正文第二段。", "正文第二段。\n\n![再次使用](photos/a.jpg)");
    let dir = ws.issue("i", md.as_bytes());
    let issue = load_issue(&dir).0.unwrap();
    let figs: Vec<usize> = issue
        .flat_blocks()
        .into_iter()
        .filter_map(|b| {
            if let BlockKind::Figure(f) = &b.kind {
                Some(f.asset)
            } else {
                None
            }
        })
        .collect();
    assert_eq!(figs, [0, 0]);
    assert_eq!(issue.assets.len(), 1);
}

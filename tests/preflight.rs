//! The print preflight in `reportbook check`: ppi at the placed size (warning
//! under 300, error under 150 with `--strict`), photos far above need with the
//! saving, RGB photos without a profile, and ink over `[print] max_ink`, each
//! with file:line:col.

mod common;

use common::{Workspace, reportbook, text, write_jpeg};
use reportbook::diag::Severity;
use reportbook::fonts::Fonts;

const ARTICLE: &str = "+++\nissue = 1\ndate = \"2024-05-01\"\n[print]\naccent_cmyk = [100, 100, 100, 50]\n+++\n\n# 预检测试\n\n正文第一段。\n\n![分辨率太低的照片](photos/small.jpg)\n\n正文第二段。\n\n![分辨率过高的照片](photos/huge.jpg)\n\n正文第三段。\n";

fn fixture() -> (Workspace, std::path::PathBuf) {
    let ws = Workspace::new();
    let dir = ws.issue("pre", ARTICLE.as_bytes());
    write_jpeg(&dir.join("photos/small.jpg"), 200, 150);
    write_jpeg(&dir.join("photos/huge.jpg"), 4000, 300);
    (ws, dir)
}

fn located(d: &reportbook::diag::Diagnostic) -> String {
    let loc = d.location().unwrap_or_default();
    let tail: Vec<&str> = loc.rsplitn(3, ':').collect();
    format!(
        "{}:{}",
        tail.get(1).unwrap_or(&""),
        tail.first().unwrap_or(&"")
    )
}

#[test]
fn preflight_reports_each_finding_at_its_place() {
    let (_ws, dir) = fixture();
    let fonts = Fonts::shared().unwrap();
    reportbook::preflight::set_strict(false);
    // The photo under 300 ppi is the check's own finding (shared with
    // `build`); the rest are the preflight's.
    let d = reportbook::check::check_issue(&dir, fonts);
    let find = |needle: &str| {
        d.iter()
            .find(|x| x.message.contains(needle))
            .unwrap_or_else(|| panic!("no `{needle}` in {d:#?}"))
    };
    // 200 px across the figure's 144.5 mm (the type area is a whole number of
    // characters wide, a little under the 147 mm of margins): 35 ppi.
    let low = find("photo `photos/small.jpg` prints at 35 ppi");
    assert_eq!(located(low), "12:1");
    assert_eq!(low.severity, Severity::Warning);
    assert!(low.hints[0].contains("1707 px"), "{:?}", low.hints);
    // 4000 px across 144.5 mm: 703 ppi, with the saving of a downsample.
    let high = find("photo `photos/huge.jpg` prints at 703 ppi");
    assert_eq!(located(high), "16:1");
    assert!(high.hints[0].contains("MB smaller"), "{:?}", high.hints);
    // The test JPEGs carry no ICC profile.
    let rgb = find("photo `photos/small.jpg` is RGB without an embedded colour profile");
    assert_eq!(located(rgb), "12:1");
    // 100 + 100 + 100 + 50 = 350 % over the default 300 %.
    let ink = find("total 350 %, over the 300 % limit");
    assert_eq!(located(ink), "5:1");
    assert!(d.iter().all(|x| !x.is_error()), "{d:#?}");
}

#[test]
fn strict_check_fails_on_a_photo_under_150_ppi() {
    let (ws, _dir) = fixture();
    let o = reportbook(ws.root(), &["check", "source/pre"]);
    assert!(o.status.success(), "{}", text(&o));
    let o = reportbook(ws.root(), &["check", "--strict", "source/pre"]);
    let out = text(&o);
    assert!(!o.status.success(), "{out}");
    assert!(out.contains("article.md:12:1"), "{out}");
    assert!(out.contains("error: "), "{out}");
}

#[test]
fn within_limits_nothing_is_reported() {
    let ws = Workspace::new();
    let article = ARTICLE
        .replace(
            "accent_cmyk = [100, 100, 100, 50]",
            "accent_cmyk = [0, 100, 80, 15]",
        )
        .replace("\n![分辨率过高的照片](photos/huge.jpg)\n", "")
        .replace("photos/small.jpg", "photos/a.jpg");
    let dir = ws.issue("ok", article.as_bytes());
    // 1800 px across 144.5 mm: 316 ppi.
    write_jpeg(&dir.join("photos/a.jpg"), 1800, 1000);
    let d = reportbook::preflight::preflight(&dir, Fonts::shared().unwrap());
    let left: Vec<_> = d
        .iter()
        .filter(|x| !x.message.contains("without an embedded colour profile"))
        .collect();
    assert!(left.is_empty(), "{left:#?}");
}

//! Helpers shared by the integration tests: throwaway issue folders.
#![allow(dead_code, reason = "each test binary uses a different part")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A minimal valid article naming one photo.
pub const ARTICLE: &str = "+++\nissue = 3\ndate = \"2024-05-01\"\n[[byline]]\nrole = \"记者\"\nnames = [\"张三\"]\n+++\n\n# 测试标题\n\n——副题\n\n> 导语。\n\n引言段落，2023年以来。\n\n![图片说明](photos/a.jpg)\n\n## 第一节\n### 副标题\n\n正文第一段，含有79.9%的数字。\n\n正文第二段。\n";

/// A folder of issues in a temp dir; `publication.toml` included.
pub struct Workspace {
    pub tmp: tempfile::TempDir,
}

impl Workspace {
    pub fn new() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("source")).unwrap();
        std::fs::write(
            tmp.path().join("source/publication.toml"),
            "name = \"测试日报\"\n",
        )
        .unwrap();
        Workspace { tmp }
    }
    pub fn root(&self) -> &Path {
        self.tmp.path()
    }
    pub fn source(&self) -> PathBuf {
        self.tmp.path().join("source")
    }
    /// Write an issue with `article` text (bytes) and a small JPEG at photos/a.jpg.
    pub fn issue(&self, slug: &str, article: &[u8]) -> PathBuf {
        let dir = self.source().join(slug);
        std::fs::create_dir_all(dir.join("photos")).unwrap();
        std::fs::write(dir.join("article.md"), article).unwrap();
        write_jpeg(&dir.join("photos/a.jpg"), 64, 48);
        dir
    }
}

/// A small real JPEG.
pub fn write_jpeg(path: &Path, w: u32, h: u32) {
    let img =
        image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x * 4) as u8, (y * 5) as u8, 128]));
    img.save_with_format(path, image::ImageFormat::Jpeg)
        .unwrap();
}

/// Run the built binary in `dir` with `args` and a fixed `SOURCE_DATE_EPOCH`.
pub fn reportbook(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_reportbook"))
        .current_dir(dir)
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .expect("binary runs")
}

/// Standard output then standard error, as text.
pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Skip (with a note) when a tool is missing; fail under CI.
pub fn have(tool: &str, arg: &str) -> bool {
    let ok = Command::new(tool).arg(arg).output().is_ok();
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "{tool} is required under CI"
        );
        eprintln!("note: skipping, {tool} is not installed");
    }
    ok
}

/// `s` with all whitespace removed.
pub fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// `text` without note marks (①–⑳, ㉑–㊿), which stand where the model has a reference.
pub fn unmarked(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(*c as u32, 0x2460..=0x2473 | 0x3251..=0x325F | 0x32B1..=0x32BF))
        .collect()
}

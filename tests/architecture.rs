//! The import rule of docs/architecture: every `crate::` path in a module
//! points down the flow
//!   files → source → [model] → typeset → [frame] → pdf / epub → job → batch → cli
//! with diag, geom, fonts, cjk, files (writing files) and read_once (photo
//! bytes read once) as leaves. This test reads `src/` and fails
//! on an import that points the wrong way.

use std::path::Path;

/// For each top-level module, the modules it may import.
const ALLOWED: &[(&str, &[&str])] = &[
    ("diag", &[]),
    ("date", &[]),
    ("geom", &["diag"]),
    ("cjk", &[]),
    ("icc", &[]),
    ("files", &[]),
    ("read_once", &[]),
    ("fonts", &["diag", "cjk"]),
    ("model", &["diag", "geom", "fonts", "cjk"]),
    ("frame", &["diag", "geom", "fonts", "cjk"]),
    ("probe", &["diag", "model", "read_once"]),
    (
        "source",
        &["diag", "geom", "fonts", "cjk", "model", "probe", "icc"],
    ),
    ("coverage", &["diag", "fonts", "cjk", "model"]),
    (
        "typeset",
        &[
            "diag", "geom", "fonts", "cjk", "model", "probe", "coverage", "frame",
        ],
    ),
    (
        "pdf",
        &[
            "diag",
            "date",
            "geom",
            "fonts",
            "cjk",
            "frame",
            "icc",
            "read_once",
        ],
    ),
    (
        "epub",
        &[
            "diag",
            "date",
            "geom",
            "fonts",
            "cjk",
            "model",
            "coverage",
            "probe",
            "files",
            "read_once",
        ],
    ),
    (
        "check",
        &[
            "diag",
            "geom",
            "fonts",
            "cjk",
            "model",
            "source",
            "coverage",
            "typeset",
            "preflight",
        ],
    ),
    (
        "preflight",
        &[
            "diag", "geom", "fonts", "cjk", "model", "source", "probe", "typeset", "frame",
        ],
    ),
    ("scaffold", &["diag", "model", "source"]),
    (
        "job",
        &[
            "diag", "geom", "fonts", "cjk", "model", "source", "coverage", "typeset", "frame",
            "pdf", "epub", "check", "icc", "files",
        ],
    ),
    ("batch", &["diag", "fonts", "model", "source", "job"]),
];

fn module_of(path: &Path, src: &Path) -> String {
    let rel = path.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy()
        .into_owned();
    first.trim_end_matches(".rs").to_owned()
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn imports_point_down_the_flow() {
    let src = Path::new("src");
    let mut files = vec![];
    rust_files(src, &mut files);
    files.sort();
    let mut bad = vec![];
    for f in &files {
        let m = module_of(f, src);
        let Some((_, allowed)) = ALLOWED.iter().find(|(name, _)| *name == m) else {
            // lib.rs, main.rs and cli/ sit on top and may import anything.
            assert!(
                ["lib", "main", "cli"].contains(&m.as_str()),
                "module `{m}` ({}) is missing from ALLOWED",
                f.display()
            );
            continue;
        };
        // Unit tests may load fixtures through any stage.
        if f.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(f).unwrap();
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for (i, _) in line.match_indices("crate::") {
                let rest = &line[i + "crate::".len()..];
                let target: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if target.is_empty() || target == m {
                    continue;
                }
                if !allowed.contains(&target.as_str()) {
                    bad.push(format!(
                        "{}:{}: `{m}` imports `{target}`",
                        f.display(),
                        n + 1
                    ));
                }
            }
        }
    }
    assert!(
        bad.is_empty(),
        "imports against the flow:\n{}",
        bad.join("\n")
    );
}

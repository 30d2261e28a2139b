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
            "diag",
            "geom",
            "fonts",
            "cjk",
            "model",
            "source",
            "coverage",
            "typeset",
            "frame",
            "pdf",
            "epub",
            "check",
            "icc",
            "files",
            "read_once",
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

/// Import cycles between sibling modules that are known and allowed for
/// now: (parent module, the modules of the cycle in name order, why). Any
/// other cycle fails [`no_import_cycles_between_siblings`], and so does a
/// listed one that is gone (take it off the list).
const KNOWN_CYCLES: &[(&str, &[&str], &str)] = &[];

/// The module path of a source file: `src/a/b.rs` and `src/a/b/mod.rs` are `a::b`.
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_owned());
    }
    parts
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The absolute module paths a line's `crate::`, `super::` and `self::`
/// paths point at, as written in a file of module `here` (a `{…}` group
/// gives one path per member).
fn paths_in(line: &str, here: &[String]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let b = line.as_bytes();
    let mut i = 0;
    while i < line.len() {
        let rest = &line[i..];
        let starts = ["crate::", "super::", "self::"]
            .iter()
            .any(|p| rest.starts_with(p));
        let boundary = i == 0 || !is_ident(b[i - 1] as char) && b[i - 1] != b':';
        if !(starts && boundary) {
            i += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let mut path: Vec<String> = here.to_vec();
        let mut j = i;
        let mut first = true;
        loop {
            let seg: String = line[j..]
                .chars()
                .take_while(|&c| is_ident(c) || c == '#')
                .collect();
            let seg = seg.trim_start_matches("r#").to_owned();
            if seg.is_empty() {
                if line[j..].starts_with('{') {
                    // One path per member of the group: its first name.
                    let close = line[j..].find('}').map_or(line.len(), |k| j + k);
                    for member in line[j + 1..close].split(',') {
                        let name: String =
                            member.trim().chars().take_while(|&c| is_ident(c)).collect();
                        if !name.is_empty() && name != "self" {
                            let mut p = path.clone();
                            p.push(name);
                            out.push(p);
                        }
                    }
                    out.push(path.clone());
                } else {
                    out.push(path.clone());
                }
                break;
            }
            j += seg.len() + if line[j..].starts_with("r#") { 2 } else { 0 };
            match (first, seg.as_str()) {
                (true, "crate") => path.clear(),
                (_, "super") => {
                    path.pop();
                }
                (_, "self") => {}
                _ => path.push(seg),
            }
            first = false;
            if line[j..].starts_with("::") {
                j += 2;
            } else {
                out.push(path.clone());
                break;
            }
        }
        i = j.max(i + 1);
    }
    out
}

/// Every edge `a → b` between sibling modules (children of one parent) that
/// a `use` or a path in `src/` makes, with where: parent → (a, b) → file:line.
type Edges =
    std::collections::BTreeMap<String, std::collections::BTreeMap<(String, String), String>>;

fn sibling_edges(src: &Path) -> Edges {
    let mut files = vec![];
    rust_files(src, &mut files);
    files.sort();
    let modules: std::collections::BTreeSet<Vec<String>> = files
        .iter()
        .map(|f| module_path(f.strip_prefix(src).unwrap()))
        .collect();
    let mut edges = Edges::new();
    for f in &files {
        let rel = f.strip_prefix(src).unwrap();
        // The binary (main.rs and cli/) is a crate of its own.
        if rel.starts_with("cli") || rel == Path::new("main.rs") {
            continue;
        }
        if f.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let here = module_path(rel);
        let text = std::fs::read_to_string(f).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (n, line) in lines.iter().enumerate() {
            let t = line.trim_start();
            // A file's unit tests may reach anything.
            if t.starts_with("#[cfg(test)]")
                && lines
                    .get(n + 1)
                    .is_some_and(|l| l.trim_start().starts_with("mod tests"))
            {
                break;
            }
            if t.starts_with("//") {
                continue;
            }
            for target in paths_in(line, &here) {
                let common = here.iter().zip(&target).take_while(|(a, b)| a == b).count();
                if common >= here.len() || common >= target.len() {
                    continue; // into itself, or into an ancestor
                }
                let (a, b) = (&here[common], &target[common]);
                let mut sibling = here[..common].to_vec();
                sibling.push(b.clone());
                if !modules.contains(&sibling) {
                    continue; // an item of the parent, not a module
                }
                edges
                    .entry(here[..common].join("::"))
                    .or_default()
                    .entry((a.clone(), b.clone()))
                    .or_insert_with(|| format!("{}:{}", f.display(), n + 1));
            }
        }
    }
    edges
}

/// The cycles (strongly connected sets of more than one module) among each
/// parent's children: parent → members in name order.
fn sibling_cycles(edges: &Edges) -> Vec<(String, Vec<String>)> {
    let mut out = vec![];
    for (parent, es) in edges {
        let names: std::collections::BTreeSet<&String> =
            es.keys().flat_map(|(a, b)| [a, b]).collect();
        let names: Vec<&String> = names.into_iter().collect();
        let idx = |s: &String| names.iter().position(|n| *n == s).unwrap();
        let n = names.len();
        let mut reach = vec![vec![false; n]; n];
        for (a, b) in es.keys() {
            reach[idx(a)][idx(b)] = true;
        }
        for k in 0..n {
            for i in 0..n {
                for j in 0..n {
                    if reach[i][k] && reach[k][j] {
                        reach[i][j] = true;
                    }
                }
            }
        }
        let mut seen = vec![false; n];
        for i in 0..n {
            if seen[i] || !reach[i][i] {
                continue;
            }
            let members: Vec<String> = (0..n)
                .filter(|&j| j == i || (reach[i][j] && reach[j][i]))
                .map(|j| {
                    seen[j] = true;
                    names[j].clone()
                })
                .collect();
            out.push((parent.clone(), members));
        }
    }
    out
}

#[test]
fn no_import_cycles_between_siblings() {
    let edges = sibling_edges(Path::new("src"));
    let found = sibling_cycles(&edges);
    let known: Vec<(String, Vec<String>)> = KNOWN_CYCLES
        .iter()
        .map(|(p, m, _)| (p.to_string(), m.iter().map(|s| s.to_string()).collect()))
        .collect();
    let mut bad = vec![];
    for (parent, members) in &found {
        if known.contains(&(parent.clone(), members.clone())) {
            continue;
        }
        let mut why = vec![];
        for ((a, b), at) in &edges[parent] {
            if members.contains(a) && members.contains(b) {
                why.push(format!("    {a} → {b}  ({at})"));
            }
        }
        bad.push(format!(
            "in `{parent}`: {} import each other:\n{}",
            members.join(", "),
            why.join("\n")
        ));
    }
    for (parent, members) in &known {
        if !found.contains(&(parent.clone(), members.clone())) {
            bad.push(format!(
                "the known cycle in `{parent}` of {} is gone: take it off KNOWN_CYCLES",
                members.join(", ")
            ));
        }
    }
    assert!(
        bad.is_empty(),
        "import cycles between sibling modules:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_cycle_finder_sees_super_and_crate_paths() {
    let here: Vec<String> = ["typeset", "flow", "distribute"].map(String::from).to_vec();
    let paths = paths_in(
        "use super::balance::{self, TwoColumns}; crate::typeset::table::X; super::super::{collect::Ids, text};",
        &here,
    );
    let has = |p: &[&str]| {
        paths
            .iter()
            .any(|q| q.len() >= p.len() && q.iter().zip(p).all(|(a, b)| a == b))
    };
    assert!(has(&["typeset", "flow", "balance"]), "{paths:?}");
    assert!(has(&["typeset", "table"]), "{paths:?}");
    assert!(has(&["typeset", "collect"]), "{paths:?}");
    assert!(has(&["typeset", "text"]), "{paths:?}");
    let mut edges = Edges::new();
    for (a, b) in [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")] {
        edges
            .entry("m".into())
            .or_default()
            .insert((a.into(), b.into()), String::new());
    }
    assert_eq!(
        sibling_cycles(&edges),
        vec![("m".to_string(), vec!["a".into(), "b".into(), "c".into()])]
    );
}

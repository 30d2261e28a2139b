//! README against the binary: every flag a subcommand's `--help` lists is
//! named in that command's row of README's "Commands" table, and every
//! command of the quick start is one the binary knows.

mod common;

use common::{reportbook, text};
use std::path::Path;

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

/// The flags of `reportbook <cmd> --help`, each as its spellings (`-q`, `--quiet`).
fn flags(cmd: &str) -> Vec<Vec<String>> {
    let o = reportbook(Path::new("."), &[cmd, "--help"]);
    assert!(o.status.success(), "{}", text(&o));
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter(|l| l.starts_with("  -") || l.starts_with("      --"))
        .map(|l| {
            l.split([',', ' '])
                .filter(|w| w.starts_with('-'))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter(|f| {
            !f.iter()
                .any(|w| ["--help", "--version", "--color"].contains(&w.as_str()))
        })
        .collect()
}

#[test]
fn every_flag_of_every_command_is_in_readmes_commands_table() {
    let readme = readme();
    assert!(readme.contains("`--color always|never|auto` goes with any command"));
    for cmd in [
        "build",
        "check",
        "import",
        "new",
        "watch",
        "list",
        "clean",
        "completions",
    ] {
        let row = readme
            .lines()
            .find(|l| l.starts_with(&format!("| `reportbook {cmd}")))
            .unwrap_or_else(|| panic!("no README row for `{cmd}`"));
        for spellings in flags(cmd) {
            assert!(
                spellings.iter().any(|w| row.contains(&format!("`{w}"))
                    || row.contains(&format!("/{w}"))
                    || row.contains(&format!("[{w}"))),
                "README's row for `{cmd}` does not name {spellings:?}:\n{row}"
            );
        }
    }
}

#[test]
fn the_quick_start_commands_exist() {
    let readme = readme();
    let start = readme.find("## Quick start").unwrap();
    let block = &readme[start..];
    let block = &block[block.find("```sh").unwrap() + 5..];
    let block = &block[..block.find("```").unwrap()];
    let mut seen = 0;
    for line in block.lines() {
        let Some(rest) = line.strip_prefix("reportbook ") else {
            continue;
        };
        let cmd = rest.split_whitespace().next().unwrap();
        let flags: Vec<&str> = rest
            .split('#')
            .next()
            .unwrap()
            .split_whitespace()
            .filter(|w| w.starts_with("--"))
            .collect();
        let known: Vec<String> = self::flags(cmd).concat();
        for f in flags {
            assert!(
                known.iter().any(|k| k == f),
                "`reportbook {cmd}` has no {f}"
            );
        }
        seen += 1;
    }
    assert!(seen >= 5, "{block}");
}

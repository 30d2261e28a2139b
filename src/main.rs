//! The `reportbook` binary: parse the command line, run one command, print
//! diagnostics, choose the exit code. The only place that exits.

mod cli;

use clap::Parser;
use cli::args::{Cli, Command};
use std::process::ExitCode;

/// The bundled faces, compiled into the binary so an installed `reportbook`
/// (`cargo install --path .`) needs no checkout: (file name, bytes).
static EMBEDDED_FONTS: [(&str, &[u8]); 3] = [
    (
        "NotoSerifSC-Regular.otf",
        include_bytes!("../fonts/NotoSerifSC-Regular.otf"),
    ),
    (
        "NotoSansSC-Bold.otf",
        include_bytes!("../fonts/NotoSansSC-Bold.otf"),
    ),
    (
        "ReportbookKai-Regular.ttf",
        include_bytes!("../fonts/ReportbookKai-Regular.ttf"),
    ),
];

fn main() -> ExitCode {
    keep_freed_memory();
    let cli = Cli::parse();
    cli::print::set_color(cli.color);
    reportbook::fonts::set_embedded(&EMBEDDED_FONTS);
    match cli.command {
        Command::Build(a) => cli::build::build(a),
        Command::Watch(a) => cli::build::watch(a),
        Command::Check(a) => cli::commands::check(a),
        Command::Import(a) => cli::commands::import(a),
        Command::New(a) => cli::commands::new(a),
        Command::List(a) => cli::commands::list(a),
        Command::Clean(a) => cli::commands::clean(a),
        Command::Completions(a) => cli::commands::completions(a),
        Command::Man => cli::commands::man(),
    }
}

/// Keep memory the build frees inside the process for its next use rather
/// than handing it back to the system at once. A build allocates and frees
/// many large buffers (a decoded photo is megabytes, every output is built
/// in memory); glibc maps each one afresh and unmaps it on free, so every
/// buffer costs its page faults again. Measured on 20 issues
/// (`bench/batch.sh`): 145,000 page faults and 1.4 s of system time without
/// this, 32,000 and 0.8 s with it, at the same peak memory.
fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator parameters; it is called before any
    // other thread exists.
    unsafe {
        // Large blocks from the heap rather than from their own mappings, and
        // the heap not trimmed back below 1 GiB of free space.
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 1 << 30);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn verify_cli() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}

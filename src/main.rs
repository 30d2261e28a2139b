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

#[cfg(test)]
mod tests {
    #[test]
    fn verify_cli() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}

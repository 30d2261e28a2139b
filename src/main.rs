//! The `reportbook` binary: parse the command line, run one command, print
//! diagnostics, choose the exit code. The only place that exits.

mod cli;

use clap::Parser;
use cli::args::{Cli, Command};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(a) => cli::build::build(a),
        Command::Watch(a) => cli::build::watch(a),
        Command::Check(a) => cli::commands::check(a),
        Command::Import(a) => cli::commands::import(a),
        Command::New(a) => cli::commands::new(a),
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

//! ⑧ The command line: clap structs in `args`, one file per subcommand.
pub mod args;
pub mod build;
pub mod commands;
pub mod print;

//! The command line as clap structs: flags only, no logic.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Turn Chinese newspaper reports written in Markdown into EPUB 3 and print-ready PDF.
#[derive(Debug, Parser)]
#[command(name = "reportbook", version, propagate_version = true)]
#[command(after_help = "\
Examples:
  reportbook build                         build every issue under source/ into output/
  reportbook build source/2023-party-building --format pdf
  reportbook build --force --jobs 2 --json build everything again, JSON summary for CI
  reportbook check                         validate every issue without building
  reportbook import report.txt --into source/2024-05
  reportbook new 2024-06-lead-story
  reportbook watch source/2023-party-building

Exit status: 0 success, 1 an issue failed (or check found errors), 2 bad command line.")]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build issues into EPUB and PDF (every issue under source/ when no path is given).
    Build(BuildArgs),
    /// Validate issues without building: photos, captions, quotes and brackets, punctuation, fonts.
    Check(CheckArgs),
    /// Turn a raw text report (UTF-8 or GB18030/GBK) into an issue's Markdown.
    Import(ImportArgs),
    /// Create a new issue folder with commented settings and an example article.
    New(NewArgs),
    /// Rebuild an issue whenever its sources change.
    Watch(WatchArgs),
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// EPUB 3 only.
    Epub,
    /// Print PDF only.
    Pdf,
    /// Both.
    All,
}

/// Output options shared by build and watch.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Which outputs to write.
    #[arg(long, value_enum, default_value_t = Format::All)]
    pub format: Format,
    /// Output folder; each issue goes to OUT/<issue>/.
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub out: PathBuf,
}

/// `reportbook build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Issue folders, or folders of issues (default: source/).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Issues built at once (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Rebuild issues whose inputs are unchanged.
    #[arg(long)]
    pub force: bool,
    /// Print the summary as JSON on standard output.
    #[arg(long)]
    pub json: bool,
    /// Print only errors.
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print every warning in full and each step.
    #[arg(long, short)]
    pub verbose: bool,
}

/// `reportbook check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Issue folders, or folders of issues (default: source/).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Print preflight: photos under 150 ppi and ink over the limit are errors.
    #[arg(long)]
    pub strict: bool,
}

/// `reportbook import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The raw report (a .txt file as the newspaper's system exports it).
    pub report: PathBuf,
    /// Issue folder to create (default: print the Markdown on standard output).
    #[arg(long, value_name = "DIR")]
    pub into: Option<PathBuf>,
    /// Force the text encoding (utf-8, gb18030, gbk); detected by default.
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,
}

/// `reportbook new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// Folder name of the new issue, e.g. 2024-06-lead-story.
    pub slug: String,
    /// Folder of issues to create it in.
    #[arg(long, value_name = "DIR", default_value = "source")]
    pub source: PathBuf,
}

/// `reportbook watch`.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// The issue folder to watch.
    pub path: PathBuf,
    #[command(flatten)]
    pub output: OutputArgs,
}

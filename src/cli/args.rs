//! The command line as clap structs: flags only, no logic.

use super::print::ColorChoice;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Turn Chinese newspaper reports written in Markdown into EPUB 3 and print-ready PDF.
#[derive(Debug, Parser)]
#[command(name = "reportbook", version, propagate_version = true)]
#[command(after_help = "\
Examples:
  reportbook new 2024-06-lead-story        create source/2024-06-lead-story/ to write in
  reportbook build                         build every issue under source/ into output/
  reportbook build source/2023-party-building --format pdf
  reportbook build --force --jobs 2 --json build everything again, JSON summary for CI
  reportbook check --strict                validate every issue; warnings fail too
  reportbook import report.txt --into source/2024-05
  reportbook watch source/                 rebuild whatever changes under source/
  reportbook list                          issues found and whether their outputs are current

Exit status: 0 success, 1 an issue failed (or check found errors), 2 bad command line.")]
pub struct Cli {
    /// Colour diagnostics: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, value_name = "WHEN")]
    pub color: ColorChoice,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build issues into EPUB and PDF (every issue under source/ when no path is given).
    #[command(after_help = "\
Examples:
  reportbook build                          every issue under source/ into output/
  reportbook build source/2023-party-building
  reportbook build .                        inside an issue folder: that issue, into the publication's output/
  reportbook build source/x/article.md      the issue the file belongs to
  reportbook build --format pdf --force     only the PDFs, unchanged issues too
  reportbook build --placeholders           proof now: grey boxes for photos not there yet
  reportbook build --json --strict          for CI: JSON on standard output, warnings fail")]
    Build(BuildArgs),
    /// Validate issues without building: settings, photos, captions, quotes and brackets, punctuation, fonts.
    #[command(after_help = "\
Examples:
  reportbook check                          every issue under source/
  reportbook check source/2023-party-building
  reportbook check --json                   each finding with file, line, column, severity, message, hint
  reportbook check --strict                 exit 1 on warnings too (for CI)")]
    Check(CheckArgs),
    /// Turn a raw text report (UTF-8 or GB18030/GBK) into an issue's Markdown.
    #[command(after_help = "\
Examples:
  reportbook import report.txt                       print the Markdown
  reportbook import report.txt --into source/2024-05 write source/2024-05/article.md
  reportbook import old.txt --encoding gb18030 --into source/2024-06")]
    Import(ImportArgs),
    /// Create a new issue folder with commented settings and an example article
    /// (and a commented publication.toml when there is none).
    #[command(after_help = "\
Examples:
  reportbook new 2024-06-lead-story         creates source/2024-06-lead-story/
  reportbook new 2024-07 --source issues    creates issues/2024-07/")]
    New(NewArgs),
    /// Rebuild issues whenever their sources (or publication.toml) change.
    #[command(after_help = "\
Examples:
  reportbook watch source/2023-party-building   one issue
  reportbook watch                              every issue under source/, rebuilding only what changed
  reportbook watch source/ --format pdf --quiet")]
    Watch(WatchArgs),
    /// List the issues found, with the state of their outputs (built, out of date, failing, not built).
    #[command(after_help = "\
Examples:
  reportbook list
  reportbook list source/ --json")]
    List(ListArgs),
    /// Remove built outputs and the image cache.
    #[command(after_help = "\
Examples:
  reportbook clean --dry-run                show what would be removed
  reportbook clean                          remove output/<issue>/ of every issue and output/.cache")]
    Clean(CleanArgs),
    /// Print a shell completion script.
    #[command(after_help = "\
Examples:
  reportbook completions bash > ~/.local/share/bash-completion/completions/reportbook
  reportbook completions zsh > ~/.zfunc/_reportbook
  reportbook completions fish > ~/.config/fish/completions/reportbook.fish
  reportbook completions powershell >> $PROFILE")]
    Completions(CompletionsArgs),
    /// Print the manual page (roff).
    #[command(after_help = "\
Examples:
  reportbook man > reportbook.1 && man ./reportbook.1")]
    Man,
}

/// Output formats (case-insensitive on the command line).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The EPUB 3 (<issue>.epub).
    Epub,
    /// The print PDF, PDF/X-4 with bleed and crop marks (<issue>.pdf).
    Pdf,
    /// The screen PDF for the digital edition: trimmed, sRGB, photos at
    /// about 150 ppi, links active (<issue>.screen.pdf).
    Screen,
    /// All three.
    All,
}

/// Output options shared by build and watch.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Which outputs to write; several with commas (`--format epub,pdf`).
    #[arg(
        long,
        value_enum,
        ignore_case = true,
        value_delimiter = ',',
        num_args = 1,
        default_value = "all"
    )]
    pub format: Vec<Format>,
    /// Output folder; each issue goes to DIR/<issue>/ (default: output/ beside the source/ folder).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// How much to print, shared by build, check and watch.
#[derive(Debug, Args, Clone, Copy)]
pub struct ReportArgs {
    /// Print the results as JSON on standard output.
    #[arg(long)]
    pub json: bool,
    /// Print only errors.
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print every warning in full and, when building, each step with its time
    /// (load, check text, epub and each of its photos, pdf, write).
    #[arg(long, short)]
    pub verbose: bool,
    /// Treat warnings as errors: exit 1 when there is any (for CI).
    #[arg(long, visible_alias = "deny-warnings")]
    pub strict: bool,
}

/// `reportbook build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Issue folders, files in them, or folders of issues (default: source/).
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
    /// Proof before the photos arrive: a grey box with the file name (and the caption)
    /// for each missing or unreadable photo, a warning each; a build without it still fails.
    #[arg(long)]
    pub placeholders: bool,
    #[command(flatten)]
    pub report: ReportArgs,
}

/// `reportbook check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Issue folders, files in them, or folders of issues (default: source/).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub report: ReportArgs,
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
    /// An issue folder, or a folder of issues (default: source/).
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub report: ReportArgs,
}

/// `reportbook list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Issue folders or folders of issues (default: source/).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output folder the issues are built into (default: output/ beside source/).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Print the list as JSON on standard output.
    #[arg(long)]
    pub json: bool,
}

/// `reportbook clean`.
#[derive(Debug, Args)]
pub struct CleanArgs {
    /// Issue folders or folders of issues whose outputs to remove (default: source/).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output folder (default: output/ beside source/).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Only print what would be removed.
    #[arg(long, short = 'n')]
    pub dry_run: bool,
}

/// `reportbook completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum, ignore_case = true)]
    pub shell: clap_complete::Shell,
}

//! The `ideagraph` binary: parse the command line, then run a command or open the window.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    ideagraph::ui::mark_start();
    let cli = ideagraph::cli::Cli::parse();
    ideagraph::cli::run(cli)
}

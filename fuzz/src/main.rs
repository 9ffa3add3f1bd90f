//! The AFL++ entry point for the fuzz targets of [`targets`].
//!
//! - `ideagraph-fuzz TARGET` runs TARGET under `afl-fuzz` (persistent mode);
//! - `ideagraph-fuzz seeds TARGET DIR` writes TARGET's starting corpus into DIR;
//! - `ideagraph-fuzz replay TARGET FILE...` runs TARGET once on each file, as a crash
//!   or hang found by a campaign is checked after a fix.
//!
//! `scripts/fuzz.sh` builds this with `cargo afl build` and runs the campaigns.

mod targets;

use std::path::Path;
use std::process::ExitCode;

use targets::{MAX_CAMPAIGN_SEED, Target};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let target = |name: &str| {
        Target::from_name(name).ok_or_else(|| {
            let names: Vec<_> = Target::ALL.iter().map(|t| t.name()).collect();
            format!(
                "unknown target {name:?}: expected one of {}",
                names.join(", ")
            )
        })
    };
    let outcome = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["seeds", name, dir] => target(name).and_then(|t| write_seeds(t, Path::new(dir))),
        ["replay", name, files @ ..] => target(name).and_then(|t| replay(t, files)),
        [name] => target(name).map(|t| {
            afl::fuzz!(|data: &[u8]| {
                t.run(data);
            });
        }),
        _ => Err(USAGE.to_owned()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("ideagraph-fuzz: {message}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage: ideagraph-fuzz TARGET | seeds TARGET DIR | replay TARGET FILE...";

/// Writes the target's seeds no larger than [`MAX_CAMPAIGN_SEED`] into `dir`.
fn write_seeds(target: Target, dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for (name, bytes) in target.seeds() {
        if bytes.len() <= MAX_CAMPAIGN_SEED {
            let path = dir.join(name);
            std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// Runs the target on each file; a finding panics, as under the fuzzer.
fn replay(target: Target, files: &[&str]) -> Result<(), String> {
    for file in files {
        let bytes = std::fs::read(file).map_err(|e| format!("{file}: {e}"))?;
        target.run(&bytes);
        println!("{file}: ok");
    }
    Ok(())
}

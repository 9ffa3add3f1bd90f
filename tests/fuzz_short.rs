//! The short fuzz pass: every fuzz target of `fuzz/src/targets.rs` (the same code the
//! long AFL++ campaigns of `scripts/fuzz.sh` run) on its seeds, on a fixed number of
//! cheap deterministic mutations of them, and on every input a campaign ever found
//! (`tests/fuzz/regressions/<target>/`). A target must not panic on any of them.
//!
//! Mutations come from a seeded generator, so a failure here fails the same way on
//! every run; the message names the seed and the mutation's number, and the failing
//! input is written beside the test's temporary files to be saved as a regression.

#[path = "../fuzz/src/targets.rs"]
mod targets;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use ideagraph::rng::SplitMix64;
use targets::Target;

/// Mutated inputs tried per target: a few seconds each in a debug build.
const MUTATIONS: usize = 1500;

/// Bytes worth inserting: the syntax of the formats, escapes and extreme numbers.
const TOKENS: &[&[u8]] = &[
    b"\0",
    b"\xff",
    b"\"",
    b"(",
    b")",
    b"[",
    b"]",
    b"{",
    b"}",
    b"<",
    b">",
    b"</",
    b"/>",
    b",",
    b";",
    b"\t",
    b"\n",
    b"\r\n",
    b"&amp;",
    b"&#0;",
    b"&#x10FFFF;",
    b"<![CDATA[",
    b"<!DOCTYPE x [<!ENTITY e \"ee\">]>",
    b"NaN",
    b"inf",
    b"-1",
    b"0",
    b"4294967296",
    b"-9223372036854775809",
    b"1e999",
    b"99999-12-31",
    b"Some(",
    b"None",
    b"\\u0000",
    b"\\ud800",
    b"\xe2\x80\xa6",
    b"\xe2\x80\x9c",
    b" ",
];

/// One mutation of `seed`, with `other` for splices: one to four stacked edits.
fn mutate(rng: &mut SplitMix64, seed: &[u8], other: &[u8]) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..=rng.below(4) {
        edit(rng, &mut data, other);
    }
    data
}

/// One edit at a random place: flip a bit, set a byte, delete, repeat or copy a chunk,
/// truncate, insert a token, or splice in part of another seed.
fn edit(rng: &mut SplitMix64, data: &mut Vec<u8>, other: &[u8]) {
    let at = rng.below(data.len() + 1);
    let len = 1 + rng.below(64).min(data.len() - at.min(data.len()));
    let end = (at + len).min(data.len());
    match rng.below(8) {
        0 if at < data.len() => data[at] ^= 1 << rng.below(8),
        1 if at < data.len() => data[at] = rng.next_u64() as u8,
        2 => {
            data.drain(at..end);
        }
        3 => {
            let chunk = data[at..end].to_vec();
            for _ in 0..1 + rng.below(16) {
                data.splice(at..at, chunk.iter().copied());
            }
        }
        4 => data.truncate(at),
        5 | 6 => {
            let token = TOKENS[rng.below(TOKENS.len())];
            data.splice(at..at, token.iter().copied());
        }
        _ => {
            let from = rng.below(other.len() + 1);
            let to = (from + 1 + rng.below(256)).min(other.len());
            data.splice(at..end, other[from..to].iter().copied());
        }
    }
}

/// Runs `target` on `data`, turning a panic into a failure that saves the input.
fn run_or_fail(target: Target, data: &[u8], what: &str) {
    if catch_unwind(AssertUnwindSafe(|| target.run(data))).is_err() {
        let saved = save_failing(target, data);
        panic!(
            "fuzz target {} panicked on {what}; input saved as {}",
            target.name(),
            saved.display()
        );
    }
}

/// Writes a failing input where it survives the test, to be copied into the
/// regressions folder once understood.
fn save_failing(target: Target, data: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join("ideagraph-fuzz-failures");
    let path = dir.join(format!(
        "{}-{:016x}",
        target.name(),
        ideagraph::rng::mix(hash(data))
    ));
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(&path, data);
    path
}

/// A cheap hash of the input, to name its file.
fn hash(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// The seeds, then [`MUTATIONS`] mutations of them, with a generator seeded by the
/// target's name so each target's stream is fixed.
fn short_pass(target: Target) {
    let seeds: Vec<Vec<u8>> = target.seeds().into_iter().map(|(_, b)| b).collect();
    assert!(!seeds.is_empty(), "{} has no seeds", target.name());
    for (name, bytes) in target.seeds() {
        run_or_fail(target, &bytes, &format!("seed {name}"));
    }
    // Mutating the 320 KB graph.ron is slow and finds nothing its slice does not.
    let small: Vec<&Vec<u8>> = seeds
        .iter()
        .filter(|s| s.len() <= targets::MAX_CAMPAIGN_SEED)
        .collect();
    let mut rng = SplitMix64::new(hash(target.name().as_bytes()));
    for i in 0..MUTATIONS {
        let seed = small[rng.below(small.len())];
        let other = small[rng.below(small.len())];
        let data = mutate(&mut rng, seed, other);
        run_or_fail(target, &data, &format!("mutation {i}"));
    }
}

/// The saved inputs of a target, but for those of a finding still open on this branch
/// (named `open-*`), which their own ignored tests replay.
fn regressions(target: Target) -> Vec<PathBuf> {
    let dir = regressions_dir().join(target.name());
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("open-"))
        })
        .collect();
    files.sort();
    files
}

fn regressions_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/regressions")
}

/// Replays every saved regression input of a target.
fn replay_regressions(target: Target) {
    for file in regressions(target) {
        let data = std::fs::read(&file).expect("regression input is readable");
        run_or_fail(target, &data, &format!("regression {}", file.display()));
    }
}

#[test]
fn mutator_is_deterministic_and_edits() {
    let seed = b"(version: 1, nodes: [])";
    let run = |s| {
        let mut rng = SplitMix64::new(s);
        (0..50)
            .map(|_| mutate(&mut rng, seed, b"<x/>"))
            .collect::<Vec<_>>()
    };
    assert_eq!(run(7), run(7));
    assert!(run(7).iter().any(|m| m.as_slice() != seed));
}

#[test]
fn every_target_has_a_name_and_seeds() {
    for target in Target::ALL {
        assert_eq!(Target::from_name(target.name()), Some(target));
        assert!(!target.seeds().is_empty());
    }
}

#[test]
fn fuzz_ron() {
    short_pass(Target::Ron);
    replay_regressions(Target::Ron);
}

#[test]
fn fuzz_json() {
    short_pass(Target::Json);
    replay_regressions(Target::Json);
}

#[test]
fn fuzz_graphml() {
    short_pass(Target::Graphml);
    replay_regressions(Target::Graphml);
}

#[test]
fn fuzz_gexf() {
    short_pass(Target::Gexf);
    replay_regressions(Target::Gexf);
}

#[test]
fn fuzz_csv() {
    short_pass(Target::Csv);
    replay_regressions(Target::Csv);
}

#[test]
fn fuzz_view() {
    short_pass(Target::View);
    replay_regressions(Target::View);
}

#[test]
fn fuzz_quotes() {
    short_pass(Target::Quotes);
    replay_regressions(Target::Quotes);
}

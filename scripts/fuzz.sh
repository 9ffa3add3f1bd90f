#!/usr/bin/env bash
# Long, coverage-guided fuzz campaign for one target under AFL++, on the stable toolchain.
#
#   scripts/fuzz.sh TARGET MINUTES     run one campaign (MINUTES defaults to 10)
#   scripts/fuzz.sh build              only build the instrumented harness
#
# TARGET is one of: ron json graphml gexf csv view quotes (see fuzz/src/targets.rs, whose
# code the short pass in tests/fuzz_short.rs runs too, inside `cargo test`).
#
# Needs cargo-afl once per machine: `cargo install cargo-afl` (it builds the AFL++ runtime
# from source with make and a C compiler; if it did not, run `cargo afl config --build`).
# The harness in fuzz/ is its own workspace with its target folder at fuzz/target; the
# first build compiles the whole library with AFL's instrumentation and takes a while.
#
# The starting corpus (fuzz/seeds/TARGET) is the target's seeds: the fixtures in
# tests/fixtures and exports of a slice of graph.ron (see Target::seeds), plus every saved
# regression input of the target. The campaign's state goes to fuzz/out/TARGET: findings in
# default/crashes and default/hangs, counts in default/fuzzer_stats (execs_done,
# saved_crashes, saved_hangs). A second run of a target resumes its queue.
#
# A crash or hang becomes a regression: minimise it (`cargo afl tmin -i CRASH -o MIN --
# fuzz/target/debug/ideagraph-fuzz TARGET`), save it as tests/fuzz/regressions/TARGET/NAME
# and check it with `fuzz/target/debug/ideagraph-fuzz replay TARGET FILE`; the short pass
# replays every file there.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export CARGO_TARGET_DIR="$root/fuzz/target"
bin="$CARGO_TARGET_DIR/debug/ideagraph-fuzz"

(cd fuzz && cargo afl build --quiet)
[ "${1:-}" = build ] && exit 0

target=${1:?usage: scripts/fuzz.sh TARGET MINUTES}
minutes=${2:-10}
seeds="fuzz/seeds/$target"
rm -rf "$seeds"
"$bin" seeds "$target" "$seeds"
if [ -d "tests/fuzz/regressions/$target" ]; then
  cp tests/fuzz/regressions/"$target"/* "$seeds"/ 2>/dev/null || true
fi

# One instance (no -M/-S): the machine is small and shared. Rust binaries need no memory
# limit (-m none); a hang is an input that runs longer than 2 s.
mkdir -p fuzz/out
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_AUTORESUME=1
cargo afl fuzz -i "$seeds" -o "fuzz/out/$target" -V $((minutes * 60)) -m none -t 2000 \
  -- "$bin" "$target"

stats="fuzz/out/$target/default/fuzzer_stats"
grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs) ' "$stats"

//! One step of the force layout on Barabási–Albert graphs of 1k, 10k and 50k nodes
//! with 5 edges per node, like the `ba-*` graphs of the shared peer benchmark
//! (d3-force takes ~2.2, ~42 and ~410 ms per tick on them on the project machine).
//!
//! Run with `cargo bench --bench layout`; `-- --quick` for a fast look.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, criterion_group, criterion_main};
use ideagraph::layout::{Params, Simulation};
use ideagraph::rng::SplitMix64;

/// Radii of 4–16 units and a preferential-attachment graph: each new node links to
/// `m` nodes picked with probability proportional to their degree (scale-free, with
/// hubs, as knowledge graphs are).
fn barabasi_albert(n: usize, m: usize, seed: u64) -> (Vec<f32>, Vec<(usize, usize)>) {
    let mut rng = SplitMix64::new(seed);
    let radii = (0..n)
        .map(|_| 4.0 + (rng.next_u64() % 1200) as f32 / 100.0)
        .collect();
    let mut edges = Vec::with_capacity(n * m);
    // Every edge end once: sampling from it picks nodes in proportion to degree.
    let mut ends: Vec<usize> = Vec::with_capacity(2 * n * m);
    for v in 1..n {
        for _ in 0..m.min(v) {
            let u = if ends.is_empty() {
                rng.below(v)
            } else {
                ends[rng.below(ends.len())]
            };
            edges.push((u, v));
            ends.push(u);
            ends.push(v);
        }
    }
    (radii, edges)
}

/// Times single steps across whole layout runs: each run starts from the seeded
/// initial positions, its first 10 steps are not timed (the shared peer benchmark
/// also skips 10 warm-up ticks), and a settled simulation (after 300 steps) is
/// replaced by a fresh one, so the mean covers the expensive early steps as well as
/// the calm late ones.
fn bench_steps(group: &mut BenchmarkGroup<'_, WallTime>, name: &str, n: usize) {
    let (radii, edges) = barabasi_albert(n, 5, 42);
    let fresh = || {
        let mut sim = Simulation::new(radii.clone(), edges.clone(), Params::default(), 7);
        for _ in 0..10 {
            sim.step();
        }
        sim
    };
    let mut sim = fresh();
    group.bench_function(name, |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                if sim.is_settled() {
                    sim = fresh();
                }
                let start = Instant::now();
                black_box(&mut sim).step();
                total += start.elapsed();
            }
            total
        })
    });
}

fn step(c: &mut Criterion) {
    let mut group = c.benchmark_group("layout_step");
    bench_steps(&mut group, "1k", 1_000);
    group.sample_size(10);
    bench_steps(&mut group, "10k", 10_000);
    bench_steps(&mut group, "50k", 50_000);
    group.finish();
}

criterion_group!(benches, step);
criterion_main!(benches);

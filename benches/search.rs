//! Search as the window's search box runs it: each keystroke of "node 12345" typed
//! into a generated graph of 10k and 100k nodes (issue 17: under 20 ms a keystroke at
//! a million nodes), and one query with a typo, which takes the slowest path.
//!
//! Run with `cargo bench --bench search`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use ideagraph::model::KnowledgeGraph;
use ideagraph::model::generate::{Model, generate};
use ideagraph::query::search;

fn keystrokes(c: &mut Criterion) {
    let mut group = c.benchmark_group("search");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for nodes in [10_000usize, 100_000] {
        let kg = KnowledgeGraph::from_document(generate(Model::ScaleFree, nodes, nodes * 2, 1));
        let typed = "node 12345";
        group.bench_function(format!("each keystroke, {nodes} nodes"), |b| {
            b.iter(|| {
                for end in 1..=typed.len() {
                    black_box(search::search(&kg, black_box(&typed[..end]), 8));
                }
            })
        });
        group.bench_function(format!("a typo, {nodes} nodes"), |b| {
            b.iter(|| search::search(&kg, black_box("nodr 12345"), 8))
        });
    }
    group.finish();
}

criterion_group!(benches, keystrokes);
criterion_main!(benches);

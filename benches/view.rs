//! What stays on the UI thread when the view changes: filtering a view (`query::shown`,
//! with and without a comparison of two year ranges) and fuzzy search, on 10k and 100k
//! nodes (synthetic, from `ideagraph generate`). The window's frame budget is 50 ms.
//!
//! Run with `cargo bench --bench view`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use ideagraph::model::generate::{Model, generate};
use ideagraph::model::{Kind, KnowledgeGraph};
use ideagraph::query::{ViewSpec, search, shown};

fn view(c: &mut Criterion) {
    let mut group = c.benchmark_group("view");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    for nodes in [10_000usize, 100_000] {
        let kg = KnowledgeGraph::from_document(generate(Model::Communities, nodes, nodes * 5, 1));
        let mut spec = ViewSpec::default();
        spec.filter.kinds.insert(Kind::Person);
        spec.filter.kinds.insert(Kind::Concept);
        group.bench_function(format!("filter {nodes} nodes"), |b| {
            b.iter(|| shown(black_box(&kg), black_box(&spec)))
        });
        let comparing = ViewSpec {
            compare: Some(((2000, 2005), (2010, 2015))),
            ..spec.clone()
        };
        group.bench_function(format!("compare {nodes} nodes"), |b| {
            b.iter(|| shown(black_box(&kg), black_box(&comparing)))
        });
        group.bench_function(format!("search {nodes} nodes"), |b| {
            b.iter(|| search::search(black_box(&kg), black_box("node 12"), 8))
        });
    }
    group.finish();
}

criterion_group!(benches, view);
criterion_main!(benches);

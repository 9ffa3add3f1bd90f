//! Loading graphs: parse, validate and build a `KnowledgeGraph` from RON and GraphML text
//! of 10k and 100k nodes (synthetic, from `ideagraph generate`), plus the bundled graph.
//! Issue 17's target: 100k nodes in under 1 s, as fast as igraph's GraphML reader.
//!
//! Run with `cargo bench --bench load`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use ideagraph::io::{graphml, ron_format};
use ideagraph::model::KnowledgeGraph;
use ideagraph::model::generate::{Model, generate};

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("bundled graph.ron", |b| {
        b.iter(|| ron_format::load_valid(black_box(ideagraph::bundled::GRAPH_RON), "graph.ron"))
    });
    for nodes in [10_000usize, 100_000] {
        let doc = generate(Model::ScaleFree, nodes, nodes * 5, 1);
        let Ok(ron) = ron_format::to_string(&doc) else {
            return;
        };
        let Ok(xml) = graphml::to_string(&KnowledgeGraph::from_document(doc)) else {
            return;
        };
        group.bench_function(format!("ron {nodes} nodes"), |b| {
            b.iter(|| ron_format::load_valid(black_box(&ron), "g.ron"))
        });
        group.bench_function(format!("graphml {nodes} nodes"), |b| {
            b.iter(|| graphml::load_str(black_box(&xml), "g.graphml"))
        });
    }
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);

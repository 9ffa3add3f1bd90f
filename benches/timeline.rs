//! Who rose and fell, at scale: a metric on each year's view of a 10,000-node graph
//! with 50,000 edges dated over ten years (`ideagraph generate --nodes 10000 --edges
//! 50000 --years 2007..2016`): degree, PageRank and betweenness for the ten years, and
//! the movers between two five-year ranges. The target is a second for the ten years.
//! And the timeline layout of that graph, from nothing to rest: under two seconds.
//!
//! Run with `cargo bench --bench timeline`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use ideagraph::layout::timeline::timeline_positions;
use ideagraph::model::KnowledgeGraph;
use ideagraph::model::generate::{Model, date_years, generate};
use ideagraph::query::Filter;
use ideagraph::query::metrics::Metric;
use ideagraph::query::timeline::{movers, periods, yearly_metrics};

fn timeline(c: &mut Criterion) {
    let mut doc = generate(Model::ScaleFree, 10_000, 50_000, 1);
    date_years(&mut doc, (2007, 2016), 1);
    let kg = KnowledgeGraph::from_document(doc);
    let years = periods((2007, 2016), 1);
    let base = Filter::default();
    let mut group = c.benchmark_group("timeline");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for metric in [Metric::Degree, Metric::PageRank, Metric::Betweenness] {
        group.bench_function(format!("{} x 10 years, 10k nodes", metric.name()), |b| {
            b.iter(|| yearly_metrics(black_box(&kg), &base, metric, &years, None))
        });
    }
    group.bench_function("movers by pagerank, 10k nodes", |b| {
        b.iter(|| {
            movers(
                black_box(&kg),
                &base,
                Metric::PageRank,
                (2007, 2011),
                (2012, 2016),
            )
        })
    });
    group.bench_function("timeline layout to rest, 10k nodes", |b| {
        b.iter(|| timeline_positions(black_box(&kg), 2_000))
    });
    group.finish();
}

criterion_group!(benches, timeline);
criterion_main!(benches);

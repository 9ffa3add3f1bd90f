//! Who rose and fell: a metric computed on each period's view (the graph as the year
//! filter shows it), and the nodes whose rank changed most between two year ranges.
//!
//! A *period* is an inclusive year range. [`periods`] makes one per year of a span: the
//! single year, or with a window of N years the N years ending in it (`y-N+1..=y`), as
//! the year filter would show them. Each period's view is built once and its metric
//! computed once for every node ([`yearly_metrics`]); nodes the period does not show
//! have no value (`None`), which is not the same as 0.

use std::collections::{BTreeMap, BTreeSet};

use petgraph::stable_graph::NodeIndex;
use rayon::prelude::*;

use super::filter::{Filter, View, apply};
use super::metrics::{self, Metric, Metrics};
use crate::model::{KnowledgeGraph, MAX_YEAR, MIN_YEAR};

/// An inclusive year range `(first, last)`.
pub type Years = (i32, i32);

/// The longest window (and span) in years: every year a date may have
/// ([`MIN_YEAR`]`..=`[`MAX_YEAR`]).
pub const MAX_WINDOW: u32 = (MAX_YEAR - MIN_YEAR + 1) as u32;

/// The periods ending in each year of `span`, oldest first: `(y - window + 1, y)` for
/// every `y` in the span. A window of 0 or 1 gives single years. The span is clamped to
/// the years a date may have ([`MIN_YEAR`]`..=`[`MAX_YEAR`]), so at most
/// [`MAX_WINDOW`] periods come back; a reversed span gives none.
///
/// # Examples
///
/// ```
/// use ideagraph::query::timeline::periods;
///
/// assert_eq!(periods((2012, 2014), 1), [(2012, 2012), (2013, 2013), (2014, 2014)]);
/// assert_eq!(periods((2012, 2013), 3), [(2010, 2012), (2011, 2013)]);
/// ```
pub fn periods(span: Years, window: u32) -> Vec<Years> {
    let (a, b) = (span.0.max(MIN_YEAR), span.1.min(MAX_YEAR));
    let back = i32::try_from(window.clamp(1, MAX_WINDOW)).unwrap_or(1) - 1;
    (a..=b).map(|y| (y.saturating_sub(back), y)).collect()
}

/// How a period is written: `2012`, or `2010-2012` for a window.
pub fn period_label(p: Years) -> String {
    if p.0 == p.1 {
        p.0.to_string()
    } else {
        format!("{}-{}", p.0, p.1)
    }
}

/// A metric per node and period: one row per node, one column per period.
#[derive(Clone, Debug, PartialEq)]
pub struct YearlyMetrics {
    /// The metric computed.
    pub metric: Metric,
    /// The periods, in the order asked.
    pub periods: Vec<Years>,
    /// The nodes, sorted by index.
    pub nodes: Vec<NodeIndex>,
    /// `values[i][p]`: the metric of `nodes[i]` in `periods[p]`; `None` where the
    /// period's view does not show the node.
    pub values: Vec<Vec<Option<f64>>>,
}

impl YearlyMetrics {
    /// A node's values, one per period, if the table has the node.
    pub fn series(&self, ix: NodeIndex) -> Option<&[Option<f64>]> {
        let i = self.nodes.binary_search(&ix).ok()?;
        self.values.get(i).map(Vec::as_slice)
    }

    /// A node's value in the period at `period` (an index into `periods`).
    pub fn get(&self, ix: NodeIndex, period: usize) -> Option<f64> {
        self.series(ix)?.get(period).copied().flatten()
    }

    /// A node's highest value over the periods, if any period shows it.
    pub fn best(&self, ix: NodeIndex) -> Option<f64> {
        self.series(ix)?
            .iter()
            .flatten()
            .copied()
            .max_by(f64::total_cmp)
    }

    /// The `k` nodes with the highest best value, highest first; ties by label, then
    /// index. Nodes no period shows are left out.
    pub fn top(&self, kg: &KnowledgeGraph, k: usize) -> Vec<NodeIndex> {
        let mut v: Vec<(f64, &str, NodeIndex)> = self
            .nodes
            .iter()
            .filter_map(|&ix| Some((self.best(ix)?, label(kg, ix), ix)))
            .collect();
        v.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)).then(a.2.cmp(&b.2)));
        v.into_iter().take(k).map(|(_, _, ix)| ix).collect()
    }
}

fn label(kg: &KnowledgeGraph, ix: NodeIndex) -> &str {
    kg.node_at(ix).map_or("", |n| n.label.as_str())
}

/// The view of one period: `base` with its year range replaced.
pub fn period_view(kg: &KnowledgeGraph, base: &Filter, years: Years) -> View {
    apply(
        kg,
        &Filter {
            years: Some(years),
            ..base.clone()
        },
    )
}

/// `metric` on each period's view of `kg` (the filter `base` with the period as its
/// year range), for `nodes`, or for every node some period shows when `nodes` is
/// `None`.
///
/// # Complexity
/// One filter and one metric computation per period (run in parallel on rayon's
/// pool): O(p · (n + e)) for degree, O(p · iterations · (n + e)) for PageRank,
/// O(p · n · e) for betweenness and closeness.
pub fn yearly_metrics(
    kg: &KnowledgeGraph,
    base: &Filter,
    metric: Metric,
    periods: &[Years],
    nodes: Option<&[NodeIndex]>,
) -> YearlyMetrics {
    yearly_metrics_by(kg, metric, periods, nodes, |years| {
        period_view(kg, base, years)
    })
}

/// [`yearly_metrics`] with each period's view made by `view_of` (for a caller whose
/// view is more than a filter: nodes hidden or added by hand).
pub fn yearly_metrics_by<F>(
    kg: &KnowledgeGraph,
    metric: Metric,
    periods: &[Years],
    nodes: Option<&[NodeIndex]>,
    view_of: F,
) -> YearlyMetrics
where
    F: Fn(Years) -> View + Sync,
{
    let mut tables = several_by(kg, &[metric], periods, nodes, view_of);
    tables
        .pop()
        .unwrap_or_else(|| table(metric, periods, Vec::new(), &[]))
}

/// [`yearly_metrics`] for several metrics at once, each period's view made and its
/// graph built once: one table per metric, in the order asked (for a chart of a node's
/// degree, PageRank and betweenness side by side).
pub fn yearly_metrics_several(
    kg: &KnowledgeGraph,
    base: &Filter,
    wanted: &[Metric],
    periods: &[Years],
    nodes: Option<&[NodeIndex]>,
) -> Vec<YearlyMetrics> {
    several_by(kg, wanted, periods, nodes, |years| {
        period_view(kg, base, years)
    })
}

/// The tables of `wanted`, each period's view made by `view_of`.
fn several_by<F>(
    kg: &KnowledgeGraph,
    wanted: &[Metric],
    periods: &[Years],
    nodes: Option<&[NodeIndex]>,
    view_of: F,
) -> Vec<YearlyMetrics>
where
    F: Fn(Years) -> View + Sync,
{
    let per_period: Vec<Metrics> = periods
        .par_iter()
        .map(|&years| metrics::compute_some(kg, &view_of(years), wanted))
        .collect();
    let nodes: Vec<NodeIndex> = match nodes {
        Some(wanted) => {
            let set: BTreeSet<NodeIndex> = wanted.iter().copied().collect();
            set.into_iter().collect()
        }
        None => {
            let set: BTreeSet<NodeIndex> = per_period
                .iter()
                .flat_map(|m| m.nodes.iter().copied())
                .collect();
            set.into_iter().collect()
        }
    };
    wanted
        .iter()
        .map(|&metric| table(metric, periods, nodes.clone(), &per_period))
        .collect()
}

/// One metric's table from each period's metrics.
fn table(
    metric: Metric,
    periods: &[Years],
    nodes: Vec<NodeIndex>,
    per_period: &[Metrics],
) -> YearlyMetrics {
    let values = nodes
        .iter()
        .map(|&ix| per_period.iter().map(|m| m.get(metric, ix)).collect())
        .collect();
    YearlyMetrics {
        metric,
        periods: periods.to_vec(),
        nodes,
        values,
    }
}

/// A node's place in one ranking: 1 for the highest value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ranked {
    /// 1 = highest; equal values share a rank (1, 2, 2, 4).
    pub rank: usize,
    /// The metric's value.
    pub value: f64,
}

/// One node's ranks in the two ranges compared.
#[derive(Clone, Debug, PartialEq)]
pub struct Mover {
    /// The node.
    pub node: NodeIndex,
    /// Its rank in the first range, if that range shows it.
    pub first: Option<Ranked>,
    /// Its rank in the second range, if that range shows it.
    pub second: Option<Ranked>,
}

impl Mover {
    /// Places gained from the first range to the second (negative: fell); `None`
    /// unless both ranges show the node.
    pub fn change(&self) -> Option<i64> {
        let (a, b) = (self.first?, self.second?);
        Some(i64::try_from(a.rank).ok()? - i64::try_from(b.rank).ok()?)
    }
}

/// The nodes whose rank changed between two ranges.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Movers {
    /// Rose: most places gained first; ties by label, then index.
    pub up: Vec<Mover>,
    /// Fell: most places lost first; ties by label, then index.
    pub down: Vec<Mover>,
    /// Shown only in the second range: best rank first; ties by label, then index.
    pub entering: Vec<Mover>,
    /// Shown only in the first range: best rank first; ties by label, then index.
    pub leaving: Vec<Mover>,
}

/// The nodes whose rank by `metric` changed most between the views of two year
/// ranges (`base` with each range as its year range). Nodes whose rank stayed are in
/// no list.
///
/// # Complexity
/// Two filters and two metric computations, then O(n log n).
pub fn movers(
    kg: &KnowledgeGraph,
    base: &Filter,
    metric: Metric,
    first: Years,
    second: Years,
) -> Movers {
    let (a, b) = rayon::join(
        || period_view(kg, base, first),
        || period_view(kg, base, second),
    );
    movers_in(kg, metric, &a, &b)
}

/// [`movers`] between two views already made.
pub fn movers_in(kg: &KnowledgeGraph, metric: Metric, first: &View, second: &View) -> Movers {
    let (ma, mb) = rayon::join(
        || metrics::compute_some(kg, first, &[metric]),
        || metrics::compute_some(kg, second, &[metric]),
    );
    let (ra, rb) = (ranks(&ma, metric), ranks(&mb, metric));
    let all: BTreeSet<NodeIndex> = ra.keys().chain(rb.keys()).copied().collect();
    let mut out = Movers::default();
    for node in all {
        let m = Mover {
            node,
            first: ra.get(&node).copied(),
            second: rb.get(&node).copied(),
        };
        match (m.first.is_some(), m.second.is_some(), m.change()) {
            (_, _, Some(c)) if c > 0 => out.up.push(m),
            (_, _, Some(c)) if c < 0 => out.down.push(m),
            (true, false, _) => out.leaving.push(m),
            (false, true, _) => out.entering.push(m),
            _ => {}
        }
    }
    let by_label = |a: &Mover, b: &Mover| {
        label(kg, a.node)
            .cmp(label(kg, b.node))
            .then(a.node.cmp(&b.node))
    };
    let change = |m: &Mover| m.change().unwrap_or(0);
    let rank = |r: Option<Ranked>| r.map_or(usize::MAX, |r| r.rank);
    out.up
        .sort_by(|a, b| change(b).cmp(&change(a)).then_with(|| by_label(a, b)));
    out.down
        .sort_by(|a, b| change(a).cmp(&change(b)).then_with(|| by_label(a, b)));
    out.entering.sort_by(|a, b| {
        rank(a.second)
            .cmp(&rank(b.second))
            .then_with(|| by_label(a, b))
    });
    out.leaving.sort_by(|a, b| {
        rank(a.first)
            .cmp(&rank(b.first))
            .then_with(|| by_label(a, b))
    });
    out
}

/// Every node's rank by `metric` in `m`: 1 for the highest value, equal values (to a
/// relative 1e-9, since PageRank's iteration leaves noise in the last digits) sharing
/// the rank of the first of them.
pub fn ranks(m: &Metrics, metric: Metric) -> BTreeMap<NodeIndex, Ranked> {
    let mut v: Vec<(NodeIndex, f64)> = m
        .nodes
        .iter()
        .copied()
        .zip(m.values(metric).iter().copied())
        .collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut out = BTreeMap::new();
    let mut current: Option<Ranked> = None;
    for (i, (ix, value)) in v.into_iter().enumerate() {
        let r = match current {
            Some(c) if (c.value - value).abs() <= 1e-9 * c.value.abs().max(1e-12) => Ranked {
                rank: c.rank,
                value,
            },
            _ => {
                let r = Ranked { rank: i + 1, value };
                current = Some(r);
                r
            }
        };
        out.insert(ix, r);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Dated, Document, Edge, Kind, Node, PartialDate, Relation};

    /// a–b in 2010, b–c in 2011, c–d in 2012; d undated.
    fn chain() -> KnowledgeGraph {
        let mut d = Document::default();
        for id in ["a", "b", "c", "d"] {
            d.nodes.push(Node::new(id, id.to_uppercase(), Kind::Person));
        }
        for (f, t, y) in [("a", "b", 2010), ("b", "c", 2011), ("c", "d", 2012)] {
            let mut e = Edge::new(f, t, Relation::Supports);
            e.date = Some(Dated {
                date: PartialDate::year(y),
                basis: Default::default(),
            });
            d.edges.push(e);
        }
        KnowledgeGraph::from_document(d)
    }

    fn ix(kg: &KnowledgeGraph, id: &str) -> NodeIndex {
        kg.index_of(id).expect("node")
    }

    #[test]
    fn periods_are_single_years_or_trailing_windows() {
        assert_eq!(periods((2010, 2011), 0), [(2010, 2010), (2011, 2011)]);
        assert_eq!(periods((2010, 2011), 2), [(2009, 2010), (2010, 2011)]);
        assert!(periods((2012, 2010), 1).is_empty());
        // Absurd spans and windows are clamped, never allocated.
        let all = periods((i32::MIN, i32::MAX), u32::MAX);
        assert_eq!(all.len(), MAX_WINDOW as usize);
        assert_eq!(period_label((2010, 2012)), "2010-2012");
        assert_eq!(period_label((2012, 2012)), "2012");
    }

    #[test]
    fn absent_nodes_have_no_value_not_zero() {
        let kg = chain();
        let t = yearly_metrics(
            &kg,
            &Filter::default(),
            Metric::Degree,
            &periods((2010, 2012), 1),
            None,
        );
        assert_eq!(t.nodes.len(), 4);
        assert_eq!(t.series(ix(&kg, "a")), Some(&[Some(1.0), None, None][..]));
        assert_eq!(
            t.series(ix(&kg, "c")),
            Some(&[None, Some(1.0), Some(1.0)][..])
        );
        assert_eq!(t.best(ix(&kg, "b")), Some(1.0));
        let windowed = yearly_metrics(
            &kg,
            &Filter::default(),
            Metric::Degree,
            &periods((2011, 2012), 2),
            Some(&[ix(&kg, "b")]),
        );
        assert_eq!(windowed.nodes, [ix(&kg, "b")]);
        assert_eq!(
            windowed.series(ix(&kg, "b")),
            Some(&[Some(2.0), Some(1.0)][..])
        );
        assert_eq!(windowed.get(ix(&kg, "a"), 0), None);
    }

    #[test]
    fn several_metrics_at_once_are_each_as_alone() {
        let kg = chain();
        let ps = periods((2010, 2012), 2);
        let wanted = [Metric::PageRank, Metric::Degree, Metric::Betweenness];
        let all = yearly_metrics_several(&kg, &Filter::default(), &wanted, &ps, None);
        assert_eq!(all.len(), 3);
        for (t, m) in all.iter().zip(wanted) {
            assert_eq!(t, &yearly_metrics(&kg, &Filter::default(), m, &ps, None));
        }
    }

    #[test]
    fn top_is_by_best_value_then_label() {
        let kg = chain();
        let t = yearly_metrics(
            &kg,
            &Filter::default(),
            Metric::Degree,
            &periods((2010, 2012), 2),
            None,
        );
        // b and c reach degree 2; b first by label.
        assert_eq!(t.top(&kg, 2), [ix(&kg, "b"), ix(&kg, "c")]);
    }

    #[test]
    fn movers_rise_fall_enter_and_leave() {
        let kg = chain();
        let m = movers(
            &kg,
            &Filter::default(),
            Metric::Degree,
            (2010, 2011),
            (2011, 2012),
        );
        // First: b 2 (rank 1), a 1, c 1 (rank 2). Second: c 2 (rank 1), b 1, d 1 (rank 2).
        let ids = |v: &[Mover]| -> Vec<String> {
            v.iter()
                .filter_map(|m| kg.node_at(m.node).map(|n| n.id.clone()))
                .collect()
        };
        assert_eq!(ids(&m.up), ["c"]);
        assert_eq!(ids(&m.down), ["b"]);
        assert_eq!(ids(&m.entering), ["d"]);
        assert_eq!(ids(&m.leaving), ["a"]);
        assert_eq!(m.up[0].change(), Some(1));
        assert_eq!(m.down[0].first.map(|r| r.rank), Some(1));
        assert_eq!(m.down[0].second.map(|r| (r.rank, r.value)), Some((2, 1.0)));
    }

    #[test]
    fn equal_values_share_a_rank() {
        let kg = chain();
        let m = metrics::compute_some(&kg, &View::all(&kg), &[Metric::Degree]);
        let r = ranks(&m, Metric::Degree);
        let rank = |id| r.get(&ix(&kg, id)).map(|r| r.rank);
        assert_eq!(
            (rank("b"), rank("c"), rank("a"), rank("d")),
            (Some(1), Some(1), Some(3), Some(3))
        );
    }

    #[test]
    fn empty_graph_and_no_periods() {
        let kg = KnowledgeGraph::default();
        let t = yearly_metrics(&kg, &Filter::default(), Metric::PageRank, &[], None);
        assert!(t.nodes.is_empty() && t.periods.is_empty());
        assert_eq!(t.top(&kg, 3), Vec::<NodeIndex>::new());
        let m = movers(&kg, &Filter::default(), Metric::Betweenness, (1, 0), (0, 1));
        assert_eq!(m, Movers::default());
    }
}

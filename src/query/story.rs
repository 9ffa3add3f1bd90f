//! The year slider's story and the way back to a hidden node: [`play_steps`], the year
//! ranges Play steps through (only those that show something under the other filters),
//! and [`revealing`], the smallest change to a filter that shows a node it hides.

use petgraph::stable_graph::NodeIndex;

use super::filter::{Filter, apply, year_span};
use crate::model::KnowledgeGraph;

/// How Play moves the year range.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PlayMode {
    /// A window of the same width slides a year at a time.
    #[default]
    Sliding,
    /// From the first year up to each year in turn.
    Cumulative,
}

/// The year ranges Play steps through, in order: windows `width + 1` years wide (or,
/// cumulative, from the first year to each year), keeping only those in which the rest
/// of `filter` shows at least one node. Empty when nothing is dated or nothing shows.
///
/// # Complexity
/// One filter pass, then one per range that holds a dated node or edge of the view,
/// O(ranges · (n + e)).
///
/// # Examples
///
/// ```
/// use ideagraph::bundled::bundled_graph;
/// use ideagraph::query::{Filter, PlayMode, play_steps};
///
/// let kg = bundled_graph().expect("the bundled graph is valid");
/// let steps = play_steps(&kg, &Filter::default(), 0, PlayMode::Sliding);
/// assert!(steps.iter().all(|&(a, b)| a == b));
/// assert!(steps.windows(2).all(|w| w[0].0 < w[1].0));
/// ```
pub fn play_steps(
    kg: &KnowledgeGraph,
    filter: &Filter,
    width: i32,
    mode: PlayMode,
) -> Vec<(i32, i32)> {
    let Some((first, last)) = year_span(kg) else {
        return Vec::new();
    };
    let width = width.clamp(0, last - first);
    let ranges: Vec<(i32, i32)> = match mode {
        PlayMode::Sliding => (first..=last - width).map(|a| (a, a + width)).collect(),
        PlayMode::Cumulative => (first..=last).map(|b| (first, b)).collect(),
    };
    // Only ranges holding a year that something in the view is dated in can show
    // anything: one pass finds those years, so a graph whose span is long (one node
    // dated centuries before the rest) costs no pass per empty year.
    let present = years_present(kg, filter);
    ranges
        .into_iter()
        .filter(|&(a, b)| present.range(a..=b).next().is_some())
        .filter(|&years| {
            let f = Filter {
                years: Some(years),
                ..filter.clone()
            };
            !apply(kg, &f).nodes.is_empty()
        })
        .collect()
}

/// The years of the dated nodes and edges the filter shows when it leaves years out.
fn years_present(kg: &KnowledgeGraph, filter: &Filter) -> std::collections::BTreeSet<i32> {
    let all_years = Filter {
        years: None,
        ..filter.clone()
    };
    let view = apply(kg, &all_years);
    let nodes = view
        .nodes
        .iter()
        .filter_map(|&ix| kg.node_at(ix)?.date.as_ref());
    let edges = view
        .edges
        .iter()
        .filter_map(|&e| kg.graph().edge_weight(e)?.date.as_ref());
    nodes.chain(edges).map(|d| d.year()).collect()
}

/// The filter with the fewest conditions removed that shows node `ix`: one condition
/// (focus, text, years, relations, factions, kinds) taken away if that is enough, in
/// that order, else none at all.
pub fn revealing(kg: &KnowledgeGraph, filter: &Filter, ix: NodeIndex) -> Filter {
    let without: [fn(&mut Filter); 6] = [
        |f| f.focus = None,
        |f| f.text.clear(),
        |f| f.years = None,
        |f| f.relations.clear(),
        |f| f.factions.clear(),
        |f| f.kinds.clear(),
    ];
    for remove in without {
        let mut f = filter.clone();
        remove(&mut f);
        if f != *filter && apply(kg, &f).has_node(ix) {
            return f;
        }
    }
    Filter::default()
}

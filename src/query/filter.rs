//! [`Filter`] (what the user asked to see) and [`View`] (the nodes and edges that are shown).
//! The canvas, every export and the CLI build the same `View`, so what you see is what you export.
//!
//! # Semantics
//! - **Kind**: only nodes of the chosen kinds.
//! - **Faction**: people and organisations with a matching faction claim (or with none, for
//!   [`NO_FACTION`]); publications, concepts and events are kept when they touch a kept
//!   person or organisation, so "Blairites" shows what Blairites wrote and argued.
//! - **Years** `a..=b`: a dated edge is shown when its year is in range; a dated node
//!   (publication, event) when its year is in range. A node is shown when it is dated in
//!   range or has a shown dated edge. An undated edge is shown when both its ends are shown;
//!   an undated node with no dated edge in range is hidden.
//! - **Relation**: only edges of the chosen relations; nodes left with none are hidden.
//! - **Own words only**: only edges with at least one quote in the subject's own words;
//!   nodes left with none are hidden, as for relations.
//! - **Hide predictions**: edges whose every quote is an expectation are hidden (an edge
//!   with no quote is no prediction, and stays); nodes are kept.
//! - **Text**: nodes whose label, alias or description contains the text (any case), and
//!   their neighbours.
//! - **Focus**: the focus node and what lies within `depth` steps of it among the above.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use serde::{Deserialize, Serialize};

use super::error::QueryError;
use crate::model::{
    Document, Edge, Kind, KnowledgeGraph, Modality, Node, Relation, Source, Voice, shown,
};

/// The faction-filter entry that selects people and organisations with no faction claim.
pub const NO_FACTION: &str = "(no faction)";

/// What the user asked to see. Empty sets mean "no restriction".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Filter {
    /// Node kinds to show.
    pub kinds: BTreeSet<Kind>,
    /// Factions to show (see [`NO_FACTION`]).
    pub factions: BTreeSet<String>,
    /// Relations to show.
    pub relations: BTreeSet<Relation>,
    /// Inclusive year range.
    pub years: Option<(i32, i32)>,
    /// Text to match in labels, aliases and descriptions.
    pub text: String,
    /// Id of the node to focus on.
    pub focus: Option<String>,
    /// Steps from the focus node (1 to 3 in the UI).
    pub depth: usize,
    /// Only edges backed by the subject's own words.
    pub own_words: bool,
    /// Hide edges that only forecasts back.
    pub hide_expected: bool,
}

impl Filter {
    /// True when the filter restricts nothing.
    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
            && self.factions.is_empty()
            && self.relations.is_empty()
            && self.years.is_none()
            && self.text.trim().is_empty()
            && self.focus.is_none()
            && !self.own_words
            && !self.hide_expected
    }

    /// Whether an edge's evidence passes the own-words and predictions filters.
    pub fn evidence_passes(&self, edge: &Edge) -> bool {
        (!self.own_words || edge.voice() == Some(Voice::Own))
            && (!self.hide_expected || edge.modality() != Some(Modality::Expected))
    }

    /// Whether the filter hides nodes left with no shown edge.
    fn prunes_bare_nodes(&self) -> bool {
        !self.relations.is_empty() || self.own_words
    }
}

/// The shown part of a graph: node and edge indices, sorted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct View {
    /// Shown nodes, by index.
    pub nodes: BTreeSet<NodeIndex>,
    /// Shown edges, by index.
    pub edges: BTreeSet<EdgeIndex>,
}

impl View {
    /// Everything in the graph.
    pub fn all(kg: &KnowledgeGraph) -> Self {
        Self {
            nodes: kg.node_indices().collect(),
            edges: kg.edge_indices().collect(),
        }
    }

    /// Whether a node is shown.
    pub fn has_node(&self, ix: NodeIndex) -> bool {
        self.nodes.contains(&ix)
    }

    /// Whether an edge is shown.
    pub fn has_edge(&self, e: EdgeIndex) -> bool {
        self.edges.contains(&e)
    }

    /// A new graph holding only what is shown, and only the sources its evidence cites
    /// (a source's `node` kept only when the node is shown).
    /// Node and edge order follows the original graph. [`Part`] reads the same without
    /// copying it.
    pub fn subgraph(&self, kg: &KnowledgeGraph) -> KnowledgeGraph {
        Part::of(kg, self).to_graph().into_owned()
    }
}

/// The part of a graph that is written out: a [`View`] of it, read in place, or the graph
/// as it is. For a view, what [`View::subgraph`] would copy, in its order: an export or
/// `stats` reads the nodes and edges where they are (a million-node graph's copy took
/// 0.8 GB).
#[derive(Clone, Debug)]
pub struct Part<'g> {
    kg: &'g KnowledgeGraph,
    /// `None` for the graph as it is.
    view: Option<&'g View>,
    /// The shown nodes by index (empty for the graph as it is).
    members: Members,
    nodes: usize,
    edges: usize,
    sources: Cow<'g, [Source]>,
}

impl<'g> Part<'g> {
    /// The whole graph as it is: every node and edge (edges named by their index in it)
    /// and every source, cited or not.
    pub fn graph(kg: &'g KnowledgeGraph) -> Self {
        Part {
            kg,
            view: None,
            members: Members(Vec::new()),
            nodes: kg.num_nodes(),
            edges: kg.num_edges(),
            sources: Cow::Borrowed(&kg.sources),
        }
    }

    /// What `view` shows of `kg`, as [`View::subgraph`] would copy it: the shown nodes
    /// that exist, the shown edges whose ends are both shown (named by their place among
    /// them), and the sources the shown nodes and edges cite (a source's `node` kept only
    /// when it is shown).
    ///
    /// # Complexity
    /// O(n + e + s) and a bitmap of the node indices; nothing is copied but the sources.
    pub fn of(kg: &'g KnowledgeGraph, view: &'g View) -> Self {
        let members = Members::of(&view.nodes);
        let nodes = view
            .nodes
            .iter()
            .filter(|&&ix| kg.node_at(ix).is_some())
            .count();
        let mut part = Part {
            kg,
            view: Some(view),
            members,
            nodes,
            edges: 0,
            sources: Cow::Borrowed(&[]),
        };
        part.edges = part.edges().count();
        part.sources = Cow::Owned(part.cited_sources());
        part
    }

    /// The graph the part is read from.
    pub fn source_graph(&self) -> &'g KnowledgeGraph {
        self.kg
    }

    /// Whether the part holds every node and edge of the graph (its sources may be fewer):
    /// then whatever depends only on the nodes and edges, as a layout does, may be
    /// computed on the graph itself.
    pub fn shows_all(&self) -> bool {
        self.nodes == self.kg.num_nodes() && self.edges == self.kg.num_edges()
    }

    /// How many of the part's edges touch each node, by node index (a self-loop twice):
    /// [`KnowledgeGraph::degree`] in the part.
    pub fn degrees(&self) -> Vec<usize> {
        let bound = petgraph::visit::NodeIndexable::node_bound(self.kg.graph());
        let mut degree = vec![0; bound];
        for (a, b) in self.edge_indices().filter_map(|e| self.kg.endpoints(e)) {
            degree[a.index()] += 1;
            degree[b.index()] += 1;
        }
        degree
    }

    /// The graph's title.
    pub fn title(&self) -> &'g str {
        &self.kg.title
    }

    /// The sources written with the part.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// Number of nodes.
    pub fn num_nodes(&self) -> usize {
        self.nodes
    }

    /// Number of edges.
    pub fn num_edges(&self) -> usize {
        self.edges
    }

    /// The nodes, in the graph's order, with their index in it.
    pub fn nodes(&self) -> impl Iterator<Item = (NodeIndex, &'g Node)> + '_ {
        let kg = self.kg;
        let ixs: Box<dyn Iterator<Item = NodeIndex> + '_> = match self.view {
            Some(v) => Box::new(v.nodes.iter().copied()),
            None => Box::new(kg.node_indices()),
        };
        ixs.filter_map(move |ix| Some((ix, kg.node_at(ix)?)))
    }

    /// The edges, in the graph's order, each with the number it is written with: its
    /// index in the graph, or for a view its place among the edges shown (its index in
    /// [`View::subgraph`]'s copy).
    pub fn edges(&self) -> impl Iterator<Item = (usize, &'g Edge)> + '_ {
        let kg = self.kg;
        let in_view = self.view.is_some();
        self.edge_indices()
            .filter_map(move |e| Some((e, kg.graph().edge_weight(e)?)))
            .enumerate()
            .map(move |(i, (e, w))| (if in_view { i } else { e.index() }, w))
    }

    /// The indices of the edges, in the graph's order: for a view, its edges with both
    /// ends shown (the copy could not hold the others).
    fn edge_indices(&self) -> Box<dyn Iterator<Item = EdgeIndex> + '_> {
        match self.view {
            Some(v) => Box::new(v.edges.iter().copied().filter(|&e| {
                self.kg
                    .endpoints(e)
                    .is_some_and(|(a, b)| self.members.both(a, b))
            })),
            None => Box::new(self.kg.edge_indices()),
        }
    }

    /// The sources the shown nodes and the shown edges cite, in the graph's order; a
    /// source's `node` is kept only when that node is shown, so the part reads back on
    /// its own. An edge left out for a hidden end still cites, as the copy always did.
    fn cited_sources(&self) -> Vec<Source> {
        let Some(view) = self.view else {
            return self.kg.sources.clone();
        };
        let mut cited: BTreeSet<&str> = BTreeSet::new();
        for (_, n) in self.nodes() {
            let evidence = n
                .evidence
                .iter()
                .chain(n.roles.iter().map(|r| &r.evidence))
                .chain(n.factions.iter().map(|f| &f.evidence));
            cited.extend(evidence.map(|ev| ev.source.as_str()));
        }
        for w in view
            .edges
            .iter()
            .filter_map(|&e| self.kg.graph().edge_weight(e))
        {
            cited.extend(w.evidence.iter().map(|ev| ev.source.as_str()));
        }
        let shown = |id: &String| self.kg.index_of(id).is_some_and(|ix| self.members.has(ix));
        self.kg
            .sources
            .iter()
            .filter(|s| cited.contains(s.id.as_str()))
            .map(|s| {
                let mut s = s.clone();
                s.node = s.node.filter(shown);
                s
            })
            .collect()
    }

    /// The part as a document: for a view, [`View::subgraph`]'s document; for the graph
    /// as it is, its own (edges with unknown ends included).
    pub fn to_document(&self) -> Document {
        if self.view.is_none() {
            return self.kg.to_document();
        }
        Document {
            title: self.kg.title.clone(),
            sources: self.sources.to_vec(),
            nodes: self.nodes().map(|(_, n)| n.clone()).collect(),
            edges: self.edges().map(|(_, e)| e.clone()).collect(),
            ..Document::default()
        }
    }

    /// The part as a graph of its own: for a view, [`View::subgraph`]'s copy; the
    /// graph as it is is not copied.
    pub fn to_graph(&self) -> Cow<'g, KnowledgeGraph> {
        if self.view.is_none() {
            return Cow::Borrowed(self.kg);
        }
        let mut out = KnowledgeGraph::default();
        out.title = self.kg.title.clone();
        for (_, n) in self.nodes() {
            out.add_node(n.clone());
        }
        for (_, e) in self.edges() {
            out.add_edge(e.clone());
        }
        out.sources = self.sources.to_vec();
        Cow::Owned(out)
    }
}

fn year_in(range: (i32, i32), y: i32) -> bool {
    range.0 <= y && y <= range.1
}

/// Applies a filter. Unknown focus ids give an empty view.
///
/// # Examples
///
/// ```
/// use ideagraph::bundled::bundled_graph;
/// use ideagraph::model::Kind;
/// use ideagraph::query::{Filter, apply};
///
/// let kg = bundled_graph().expect("the bundled graph is valid");
/// // People and what links them to each other, in 2015.
/// let f = Filter {
///     kinds: [Kind::Person].into(),
///     years: Some((2015, 2015)),
///     ..Filter::default()
/// };
/// let view = apply(&kg, &f);
/// assert!(!view.nodes.is_empty() && view.nodes.len() < kg.num_nodes());
/// let sub = view.subgraph(&kg);
/// assert!(sub.node_indices().filter_map(|ix| sub.node_at(ix)).all(|n| n.kind == Kind::Person));
/// ```
///
/// # Complexity
/// O(n + e) plus the focus breadth-first search, O(n + e).
pub fn apply(kg: &KnowledgeGraph, f: &Filter) -> View {
    let g = kg.graph();
    // Stage 1: kinds.
    let mut nodes: BTreeSet<NodeIndex> = kg
        .node_indices()
        .filter(|&ix| {
            f.kinds.is_empty() || kg.node_at(ix).is_some_and(|n| f.kinds.contains(&n.kind))
        })
        .collect();

    // Stage 2: factions.
    if !f.factions.is_empty() {
        let holds = |ix: NodeIndex| {
            kg.node_at(ix)
                .is_some_and(|n| f.factions.iter().any(|name| in_faction(n, name)))
        };
        let seeds: BTreeSet<NodeIndex> = nodes.iter().copied().filter(|&ix| holds(ix)).collect();
        let attached = nodes.iter().copied().filter(|&ix| {
            kg.node_at(ix).is_some_and(|n| !n.kind.holds_factions())
                && kg
                    .incident(ix)
                    .iter()
                    .any(|&(_, other, _)| seeds.contains(&other))
        });
        let attached: Vec<NodeIndex> = attached.collect();
        nodes = seeds;
        nodes.extend(attached);
    }

    // Candidate edges: both ends kept, relation allowed, dated edges in the year range.
    let kept = Members::of(&nodes);
    let mut edges: BTreeSet<EdgeIndex> = kg
        .edge_indices()
        .filter(|&e| {
            let (Some((a, b)), Some(w)) = (kg.endpoints(e), g.edge_weight(e)) else {
                return false;
            };
            kept.both(a, b)
                && (f.relations.is_empty() || f.relations.contains(&w.relation))
                && f.evidence_passes(w)
                && match (f.years, &w.date) {
                    (Some(r), Some(d)) => year_in(r, d.year()),
                    _ => true,
                }
        })
        .collect();

    // Stage 3: years.
    if let Some(r) = f.years {
        let mut shown = BTreeSet::new();
        for &ix in &nodes {
            if kg
                .node_at(ix)
                .and_then(|n| n.date.as_ref())
                .is_some_and(|d| year_in(r, d.year()))
            {
                shown.insert(ix);
            }
        }
        for &e in &edges {
            if g.edge_weight(e).is_some_and(|w| w.date.is_some())
                && let Some((a, b)) = kg.endpoints(e)
            {
                shown.insert(a);
                shown.insert(b);
            }
        }
        // A node dated outside the range stays hidden even if a dated edge touches it.
        shown.retain(|&ix| {
            kg.node_at(ix)
                .and_then(|n| n.date.as_ref())
                .is_none_or(|d| year_in(r, d.year()))
        });
        nodes = shown;
    }

    // Stage 4: relations (and own words) prune nodes left without an edge.
    if f.prunes_bare_nodes() {
        let mut touched = BTreeSet::new();
        for &e in &edges {
            if let Some((a, b)) = kg.endpoints(e)
                && nodes.contains(&a)
                && nodes.contains(&b)
            {
                touched.insert(a);
                touched.insert(b);
            }
        }
        nodes = touched;
    }

    // Stage 5: text, with neighbours for context.
    let text = f.text.trim().to_lowercase();
    if !text.is_empty() {
        let matches = |ix: NodeIndex| {
            kg.node_at(ix).is_some_and(|n| {
                n.label.to_lowercase().contains(&text)
                    || n.aliases.iter().any(|a| a.to_lowercase().contains(&text))
                    || n.description.to_lowercase().contains(&text)
            })
        };
        let hits: BTreeSet<NodeIndex> = nodes.iter().copied().filter(|&ix| matches(ix)).collect();
        let mut keep = hits.clone();
        for &e in &edges {
            if let Some((a, b)) = kg.endpoints(e)
                && nodes.contains(&a)
                && nodes.contains(&b)
            {
                if hits.contains(&a) {
                    keep.insert(b);
                }
                if hits.contains(&b) {
                    keep.insert(a);
                }
            }
        }
        nodes = keep;
    }

    // Only the stages after the candidates can drop an end of a candidate edge.
    if f.years.is_some() || f.prunes_bare_nodes() || !text.is_empty() {
        let kept = Members::of(&nodes);
        edges.retain(|&e| kg.endpoints(e).is_some_and(|(a, b)| kept.both(a, b)));
    }

    // Stage 6: focus.
    if let Some(id) = &f.focus {
        let Some(start) = kg.index_of(id).filter(|ix| nodes.contains(ix)) else {
            return View::default();
        };
        let near = neighbourhood(kg, &edges, start, f.depth.max(1));
        nodes = near;
        edges.retain(|&e| {
            kg.endpoints(e)
                .is_some_and(|(a, b)| nodes.contains(&a) && nodes.contains(&b))
        });
    }
    View { nodes, edges }
}

/// A set of nodes as a bitmap by node index: the filter asks about both ends of every
/// edge, and a B-tree lookup per end cost more than the rest of the filter.
#[derive(Clone, Debug)]
struct Members(Vec<bool>);

impl Members {
    fn of(nodes: &BTreeSet<NodeIndex>) -> Self {
        let mut member = vec![false; nodes.last().map_or(0, |ix| ix.index() + 1)];
        for ix in nodes {
            member[ix.index()] = true;
        }
        Members(member)
    }

    fn has(&self, ix: NodeIndex) -> bool {
        self.0.get(ix.index()).copied().unwrap_or(false)
    }

    fn both(&self, a: NodeIndex, b: NodeIndex) -> bool {
        self.has(a) && self.has(b)
    }
}

/// Nodes within `depth` undirected steps of `start`, moving only along `edges`.
///
/// # Complexity
/// O(n + e) breadth-first search.
pub fn neighbourhood(
    kg: &KnowledgeGraph,
    edges: &BTreeSet<EdgeIndex>,
    start: NodeIndex,
    depth: usize,
) -> BTreeSet<NodeIndex> {
    let mut seen = BTreeSet::from([start]);
    let mut queue = VecDeque::from([(start, 0usize)]);
    while let Some((ix, d)) = queue.pop_front() {
        if d == depth {
            continue;
        }
        for (e, other, _) in kg.incident(ix) {
            if edges.contains(&e) && seen.insert(other) {
                queue.push_back((other, d + 1));
            }
        }
    }
    seen
}

/// Whether `node` belongs to the faction-filter entry `name`: it claims that faction,
/// or, for [`NO_FACTION`], it is a person or organisation with no claim at all.
pub fn in_faction(node: &Node, name: &str) -> bool {
    if name == NO_FACTION {
        node.factions.is_empty() && node.kind.holds_factions()
    } else {
        node.factions.iter().any(|c| c.faction == name)
    }
}

/// Every faction-filter entry with how many nodes it holds (by [`in_faction`]): the
/// factions claimed in the graph, sorted, then [`NO_FACTION`]. One pass over the nodes.
pub fn faction_counts(kg: &KnowledgeGraph) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut none = 0;
    for n in kg.graph().node_weights() {
        if in_faction(n, NO_FACTION) {
            none += 1;
        }
        let claimed: BTreeSet<&str> = n.factions.iter().map(|c| c.faction.as_str()).collect();
        for name in claimed {
            *counts.entry(name).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .map(|(name, n)| (name.to_owned(), n))
        .chain([(NO_FACTION.to_owned(), none)])
        .collect()
}

/// The distinct faction names claimed anywhere in the graph, sorted.
pub fn factions(kg: &KnowledgeGraph) -> Vec<String> {
    let set: BTreeSet<String> = kg
        .graph()
        .node_weights()
        .flat_map(|n| n.factions.iter().map(|c| c.faction.clone()))
        .collect();
    set.into_iter().collect()
}

/// The smallest and largest year of any dated node or edge.
pub fn year_span(kg: &KnowledgeGraph) -> Option<(i32, i32)> {
    let years = kg
        .graph()
        .node_weights()
        .filter_map(|n| n.date.as_ref().map(|d| d.year()))
        .chain(
            kg.graph()
                .edge_weights()
                .filter_map(|e| e.date.as_ref().map(|d| d.year())),
        );
    years.fold(None, |acc, y| match acc {
        None => Some((y, y)),
        Some((a, b)) => Some((a.min(y), b.max(y))),
    })
}

/// Parses a year range: `2015`, `2012..2015` or `2012..=2015` (both inclusive).
///
/// # Errors
/// [`QueryError::YearsSyntax`] or [`QueryError::YearsReversed`].
pub fn parse_years(s: &str) -> Result<(i32, i32), QueryError> {
    let s = s.trim();
    let bad = || QueryError::YearsSyntax { text: shown(s) };
    let (a, b) = match s.split_once("..") {
        Some((a, b)) => (a, b.trim_start_matches('=')),
        None => (s, s),
    };
    let a: i32 = a.trim().parse().map_err(|_| bad())?;
    let b: i32 = b.trim().parse().map_err(|_| bad())?;
    if a > b {
        return Err(QueryError::YearsReversed { text: shown(s) });
    }
    Ok((a, b))
}

//! [`Look`]: how a picture export encodes its graph, built from a [`ViewSpec`] by one
//! function ([`Look::new`]) that the window (its own spec) and the CLI (`--view`'s spec)
//! both call, so a picture shows what the screen shows: the colour mapping (kind,
//! faction ranked as the window's encoding ranks them, or community from the view's
//! metrics as the window's analysis computes them), the size mapping (connections in
//! the whole graph, or a metric by [`crate::palette::metric_radius`]), excluded nodes
//! faded where they were in fade mode, the focus's whole label, the legend's colour
//! key, and the view and its encoding in words for the caption.

use std::collections::HashMap;

use petgraph::stable_graph::NodeIndex;

use crate::layout::from_graph::node_radius;
use crate::model::{Kind, KnowledgeGraph, Node};
use crate::palette::{self, Rgb};
use crate::query::look::{
    FactionRanks, colour_words, community_names, community_sizes, encoding_words, faction_ranks,
    primary_faction, view_words,
};
use crate::query::metrics::{Metric, Metrics, compute_some};
use crate::query::{ColourMode, View, ViewSpec};

/// How many factions or communities the legend lists before summarising the rest, as
/// the window's legend does.
pub const MAX_KEY_ROWS: usize = 8;

/// One row of the legend's colour key: a swatch and its words, or words alone.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyRow {
    /// The colour, or none for a note such as "…and 3 more".
    pub swatch: Option<Rgb>,
    /// What the colour stands for.
    pub text: String,
}

/// An excluded node drawn faded where it was (fade mode), in scene units.
#[derive(Clone, Debug, PartialEq)]
pub struct Ghost {
    /// Its kind, for the shape.
    pub kind: Kind,
    /// Where it was.
    pub pos: [f32; 2],
    /// Its radius.
    pub radius: f32,
    /// Its colour before fading.
    pub fill: Rgb,
}

/// How a picture encodes its graph (see the module docs). Nodes are keyed by id, since
/// the exported graph is a subgraph with indices of its own.
#[derive(Clone, Debug, PartialEq)]
pub struct Look {
    /// What colour encodes.
    pub colour_by: ColourMode,
    /// Fill by node id; a node not listed is filled by its kind.
    pub fill: HashMap<String, Rgb>,
    /// What size encodes: a metric, or none for connections.
    pub size_by: Option<Metric>,
    /// Radius by node id (scene units); a node not listed is sized by its connections
    /// in the exported graph.
    pub radius: HashMap<String, f32>,
    /// The legend's colour key when colour encodes faction or community.
    pub colour_key: Vec<KeyRow>,
    /// Excluded nodes drawn faded (fade mode).
    pub ghosts: Vec<Ghost>,
    /// Excluded edges drawn faded, as segments (fade mode).
    pub ghost_edges: Vec<([f32; 2], [f32; 2])>,
    /// The node whose label is drawn whole and first (the focus), by id.
    pub whole_label: Option<String>,
    /// What is shown, in words: one phrase per filter ([`view_words`]).
    pub view_words: Vec<String>,
    /// How it is drawn, in words ([`encoding_words`]).
    pub encoding_words: Vec<String>,
}

impl Look {
    /// The look of `view` (what `spec` shows of `kg`, or a part of it) as `spec` draws
    /// it. `pos_of` says where an excluded node was, for the faded ones; nodes it does
    /// not place are left out.
    ///
    /// # Complexity
    /// O(n + e) for the colours and sizes by connections; computing communities or a
    /// metric costs what [`compute_some`] costs.
    pub fn new(
        kg: &KnowledgeGraph,
        spec: &ViewSpec,
        view: &View,
        pos_of: &dyn Fn(NodeIndex) -> Option<[f32; 2]>,
    ) -> Look {
        Self::with_metrics(kg, spec, view, pos_of, None)
    }

    /// As [`Look::new`], with the metrics already computed where the caller has them
    /// (the window's, for the view on screen, so a picture is coloured and sized as the
    /// screen is, and nothing is computed again); computed here only when `known` is
    /// `None` and the spec needs them.
    pub fn with_metrics(
        kg: &KnowledgeGraph,
        spec: &ViewSpec,
        view: &View,
        pos_of: &dyn Fn(NodeIndex) -> Option<[f32; 2]>,
        known: Option<&Metrics>,
    ) -> Look {
        let computed = (known.is_none() && needs_metrics(spec)).then(|| {
            let wanted: Vec<Metric> = spec.size_by.into_iter().collect();
            compute_some(kg, view, &wanted)
        });
        let metrics = known.or(computed.as_ref()).cloned();
        let ranks = faction_ranks(kg);
        let (fill, colour_key) = colours(kg, spec.colour_by, &ranks, metrics.as_ref());
        let radius = radii(kg, view, spec.size_by, metrics.as_ref());
        let mut look = Look {
            colour_by: spec.colour_by,
            fill,
            size_by: spec.size_by,
            radius,
            colour_key,
            ghosts: Vec::new(),
            ghost_edges: Vec::new(),
            whole_label: spec.filter.focus.clone(),
            view_words: view_words(kg, spec),
            encoding_words: encoding_words(spec),
        };
        if !spec.hide_excluded {
            look.add_ghosts(kg, view, &ranks, pos_of);
        }
        look
    }

    /// The look of a whole graph drawn plainly: kind colours, sizes by connections.
    pub fn plain(kg: &KnowledgeGraph) -> Look {
        let mut look = Look::new(kg, &ViewSpec::default(), &View::all(kg), &|_| None);
        // Sized by connections in the graph drawn, as before a view was known.
        look.radius.clear();
        // What the graph was cut from is not known here: the caption claims nothing.
        look.view_words.clear();
        look
    }

    /// Adds the nodes and edges the view excludes, where `pos_of` says they were.
    fn add_ghosts(
        &mut self,
        kg: &KnowledgeGraph,
        view: &View,
        ranks: &FactionRanks,
        pos_of: &dyn Fn(NodeIndex) -> Option<[f32; 2]>,
    ) {
        for ix in kg.node_indices().filter(|&ix| !view.has_node(ix)) {
            let (Some(n), Some(pos)) = (kg.node_at(ix), pos_of(ix)) else {
                continue;
            };
            self.ghosts.push(Ghost {
                kind: n.kind,
                pos,
                radius: node_radius(kg.degree(ix)),
                // As the canvas fades them: in the encoding's colour, communities aside
                // (an excluded node is in none).
                fill: encoded_colour(n, self.colour_by, ranks),
            });
        }
        for e in kg.edge_indices().filter(|&e| !view.has_edge(e)) {
            let Some((a, b)) = kg.endpoints(e) else {
                continue;
            };
            if let (Some(pa), Some(pb)) = (pos_of(a), pos_of(b)) {
                self.ghost_edges.push((pa, pb));
            }
        }
    }
}

/// Whether the spec's encoding needs the view's metrics (communities or a metric size).
fn needs_metrics(spec: &ViewSpec) -> bool {
    spec.colour_by == ColourMode::Community || spec.size_by.is_some()
}

/// A node's colour by kind or faction (the window's `Encoding::node_colour`, light
/// theme); by community it falls back to kind, as the window's does.
fn encoded_colour(n: &Node, by: ColourMode, ranks: &FactionRanks) -> Rgb {
    match by {
        ColourMode::Kind | ColourMode::Community => palette::kind_colour(n.kind, false),
        ColourMode::Faction => primary_faction(n)
            .and_then(|f| ranks.rank_of(f))
            .map_or_else(
                || palette::no_faction_colour(false),
                palette::faction_colour,
            ),
    }
}

/// Fills by node id and the legend's colour key for a colour mode.
fn colours(
    kg: &KnowledgeGraph,
    by: ColourMode,
    ranks: &FactionRanks,
    metrics: Option<&Metrics>,
) -> (HashMap<String, Rgb>, Vec<KeyRow>) {
    let id = |ix: NodeIndex| kg.node_at(ix).map(|n| n.id.clone());
    match (by, metrics) {
        (ColourMode::Community, Some(m)) => {
            let fill = m
                .nodes
                .iter()
                .zip(&m.community)
                .filter_map(|(&ix, &c)| Some((id(ix)?, palette::community_colour(c))))
                .collect();
            (fill, community_key(kg, m))
        }
        (ColourMode::Faction, _) => {
            let fill = kg
                .graph()
                .node_weights()
                .map(|n| (n.id.clone(), encoded_colour(n, by, ranks)))
                .collect();
            (fill, faction_key(ranks))
        }
        _ => (HashMap::new(), Vec::new()),
    }
}

/// The largest factions' colours, as the window's legend lists them.
fn faction_key(ranks: &FactionRanks) -> Vec<KeyRow> {
    let mut rows: Vec<KeyRow> = ranks
        .ranked
        .iter()
        .take(MAX_KEY_ROWS)
        .enumerate()
        .map(|(i, (name, count))| KeyRow {
            swatch: Some(palette::faction_colour(i)),
            text: format!("{name} ({count})"),
        })
        .collect();
    let rest = ranks.ranked.len().saturating_sub(MAX_KEY_ROWS);
    if rest > 0 {
        rows.push(KeyRow {
            swatch: None,
            text: format!("…and {rest} more (colours repeat)"),
        });
    }
    rows.push(KeyRow {
        swatch: Some(palette::no_faction_colour(false)),
        text: "no faction claimed".to_owned(),
    });
    rows
}

/// The largest communities' colours and names, as the window's legend lists them.
fn community_key(kg: &KnowledgeGraph, m: &Metrics) -> Vec<KeyRow> {
    let sizes = community_sizes(m);
    let names = community_names(kg, m);
    let mut rows: Vec<KeyRow> = sizes
        .iter()
        .take(MAX_KEY_ROWS)
        .enumerate()
        .map(|(i, &(c, n))| KeyRow {
            swatch: Some(palette::community_colour(c)),
            text: match names.get(&c) {
                Some(name) => format!("{name} ({n} nodes)"),
                None => format!("community {} ({n} nodes)", i + 1),
            },
        })
        .collect();
    let rest = sizes.len().saturating_sub(MAX_KEY_ROWS);
    if rest > 0 {
        rows.push(KeyRow {
            swatch: None,
            text: format!("…and {rest} smaller (colours repeat)"),
        });
    }
    rows
}

/// Radii by node id: by the metric relative to the view's largest value, or by
/// connections in the whole graph (so a node keeps its size when filtered, as on the
/// canvas).
fn radii(
    kg: &KnowledgeGraph,
    view: &View,
    size_by: Option<Metric>,
    metrics: Option<&Metrics>,
) -> HashMap<String, f32> {
    let id = |ix: NodeIndex| kg.node_at(ix).map(|n| n.id.clone());
    match (size_by, metrics) {
        (Some(metric), Some(m)) => {
            let values = m.values(metric);
            let max = values.iter().copied().fold(0.0, f64::max);
            m.nodes
                .iter()
                .zip(values)
                .filter_map(|(&ix, &v)| Some((id(ix)?, palette::metric_radius(v, max))))
                .collect()
        }
        _ => view
            .nodes
            .iter()
            .filter_map(|&ix| Some((id(ix)?, node_radius(kg.degree(ix)))))
            .collect(),
    }
}

/// The graph and look of a picture of `view` when nothing else says where nodes are
/// (the CLI): the view's subgraph and [`Look::new`]. In fade mode the whole graph is laid
/// out once ([`super::positions`]), so the faded nodes sit where they belong and the
/// shown ones keep their places among them; otherwise the subgraph is laid out alone
/// when drawn.
pub fn picture_of(kg: &KnowledgeGraph, spec: &ViewSpec, view: &View) -> (KnowledgeGraph, Look) {
    let mut sub = view.subgraph(kg);
    if spec.hide_excluded {
        return (sub, Look::new(kg, spec, view, &|_| None));
    }
    let at: HashMap<NodeIndex, [f32; 2]> = kg.node_indices().zip(super::positions(kg)).collect();
    let ixs: Vec<NodeIndex> = sub.node_indices().collect();
    for ix in ixs {
        let p = sub
            .node_at(ix)
            .and_then(|n| kg.index_of(&n.id))
            .and_then(|k| at.get(&k).copied());
        if p.is_some() {
            sub.set_pos(ix, p);
        }
    }
    let look = Look::new(kg, spec, view, &|ix| at.get(&ix).copied());
    (sub, look)
}

/// The legend's heading for the colour key.
pub fn key_heading(by: ColourMode) -> &'static str {
    colour_words(by)
}

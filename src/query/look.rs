//! How a view is encoded and described, without drawing anything: faction ranks (which
//! faction gets which colour), community sizes, and a [`ViewSpec`] in words. The window
//! (its filter chips, legend and colours) and the picture exports (their caption and
//! legend) both use these, so one rule says what a view is called and how it is coloured.

use std::collections::{BTreeMap, HashMap};

use super::filter::Filter;
use super::metrics::Metrics;
use super::spec::{ColourMode, ViewSpec};
use crate::model::{KnowledgeGraph, Node};

/// The faction a node is coloured by: its first claim.
pub fn primary_faction(node: &Node) -> Option<&str> {
    node.factions.first().map(|f| f.faction.as_str())
}

/// The factions of a graph ranked for colouring: the `i`-th gets faction colour `i`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FactionRanks {
    /// Factions by how many nodes claim them first, most first (ties by name), each
    /// with that count.
    pub ranked: Vec<(String, usize)>,
    /// Nodes with no faction claim.
    pub num_without: usize,
}

impl FactionRanks {
    /// The rank of a faction, if any node claims it first.
    pub fn rank_of(&self, faction: &str) -> Option<usize> {
        self.ranked.iter().position(|(name, _)| name == faction)
    }
}

/// Ranks the factions of the whole graph by their number of nodes (first claims).
///
/// # Complexity
/// O(n + f log f) for n nodes and f factions.
pub fn faction_ranks(kg: &KnowledgeGraph) -> FactionRanks {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut none = 0;
    for n in kg.graph().node_weights() {
        match primary_faction(n) {
            Some(f) => *counts.entry(f).or_default() += 1,
            None => none += 1,
        }
    }
    let mut ranked: Vec<(String, usize)> =
        counts.into_iter().map(|(f, c)| (f.to_owned(), c)).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    FactionRanks {
        ranked,
        num_without: none,
    }
}

/// Community sizes of a view, largest first (ties by number): `(community, nodes)`.
pub fn community_sizes(m: &Metrics) -> Vec<(usize, usize)> {
    let mut counts: HashMap<usize, usize> = HashMap::new();
    for &c in &m.community {
        *counts.entry(c).or_default() += 1;
    }
    let mut v: Vec<(usize, usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}

/// Each community's name: after its best-connected member ("Alan Milburn's
/// community"), ties by index, so a reader can tell communities apart by who is in them.
pub fn community_names(kg: &KnowledgeGraph, m: &Metrics) -> HashMap<usize, String> {
    let mut best: HashMap<usize, (f64, usize)> = HashMap::new();
    for (i, (&c, &d)) in m.community.iter().zip(&m.degree).enumerate() {
        let entry = best.entry(c).or_insert((d, i));
        if d > entry.0 {
            *entry = (d, i);
        }
    }
    best.into_iter()
        .filter_map(|(c, (_, i))| {
            let label = &kg.node_at(*m.nodes.get(i)?)?.label;
            Some((
                c,
                format!("{}'s community", crate::palette::short_label(label, false)),
            ))
        })
        .collect()
}

/// A year range in words: `2012–2015`, or `2012` for one year.
pub fn years_words((a, b): (i32, i32)) -> String {
    if a == b {
        format!("{a}")
    } else {
        format!("{a}–{b}")
    }
}

/// Each active restriction of a filter in words, with the filter without it (the
/// window's removable chips): `Faction: Milibandite`, `Years: 2012–2015`,
/// `Focus: Jon Cruddas, depth 2`. The focus is named by its label when the graph has it.
pub fn filter_parts(kg: &KnowledgeGraph, f: &Filter) -> Vec<(String, Filter)> {
    let mut out = Vec::new();
    for k in &f.kinds {
        let mut g = f.clone();
        g.kinds.remove(k);
        out.push((format!("Kind: {}", k.name()), g));
    }
    for fac in &f.factions {
        let mut g = f.clone();
        g.factions.remove(fac);
        out.push((format!("Faction: {fac}"), g));
    }
    for r in &f.relations {
        let mut g = f.clone();
        g.relations.remove(r);
        out.push((format!("Relation: {}", r.verb()), g));
    }
    if f.own_words {
        let g = Filter {
            own_words: false,
            ..f.clone()
        };
        out.push(("Evidence: own words only".to_owned(), g));
    }
    if f.hide_expected {
        let g = Filter {
            hide_expected: false,
            ..f.clone()
        };
        out.push(("Evidence: no predictions".to_owned(), g));
    }
    if let Some(years) = f.years {
        let g = Filter {
            years: None,
            ..f.clone()
        };
        out.push((format!("Years: {}", years_words(years)), g));
    }
    if !f.text.trim().is_empty() {
        let g = Filter {
            text: String::new(),
            ..f.clone()
        };
        out.push((format!("Text: \u{201c}{}\u{201d}", f.text.trim()), g));
    }
    if let Some(id) = &f.focus {
        let label = kg
            .index_of(id)
            .and_then(|ix| kg.node_at(ix))
            .map_or(id.as_str(), |n| n.label.as_str());
        let g = Filter {
            focus: None,
            ..f.clone()
        };
        out.push((format!("Focus: {label}, depth {}", f.depth.max(1)), g));
    }
    out
}

/// What a spec shows, in words, one phrase each: its filters as [`filter_parts`] says,
/// then the compared year ranges, then what was changed by hand ("3 nodes hidden by
/// hand"). A spec that restricts nothing is the whole graph.
pub fn view_words(kg: &KnowledgeGraph, spec: &ViewSpec) -> Vec<String> {
    let mut words: Vec<String> = filter_parts(kg, &spec.filter)
        .into_iter()
        .map(|(text, _)| text)
        .collect();
    if let Some((a, b)) = spec.compare {
        words.push(format!(
            "Comparing {} with {}",
            years_words(a),
            years_words(b)
        ));
    }
    words.extend(spec.by_hand.words());
    if words.is_empty() {
        words.push("Whole graph (no filters)".to_owned());
    }
    words
}

/// What colour encodes, in words, as the legend heads it.
pub fn colour_words(mode: ColourMode) -> &'static str {
    match mode {
        ColourMode::Kind => "Colour: kind",
        ColourMode::Faction => "Colour: faction (first claim)",
        ColourMode::Community => "Colour: community (Louvain, on the view)",
    }
}

/// How a spec draws its view, in words: colour, size, and what becomes of the nodes
/// the filters exclude (faded or hidden) when they exclude any.
pub fn encoding_words(spec: &ViewSpec) -> Vec<String> {
    let size = match spec.size_by {
        Some(m) => format!("Size: {}", m.name()),
        None => "Size: connections".to_owned(),
    };
    let mut words = vec![colour_words(spec.colour_by).to_owned(), size];
    if !spec.filter.is_empty() || spec.compare.is_some() {
        words.push(if spec.hide_excluded {
            "Excluded nodes hidden".to_owned()
        } else {
            "Excluded nodes faded".to_owned()
        });
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Kind, Node};
    use crate::query::metrics::Metric;

    fn kg() -> KnowledgeGraph {
        let mut d = Document::default();
        d.nodes
            .push(Node::new("jon-cruddas", "Jon Cruddas", Kind::Person));
        KnowledgeGraph::from_document(d)
    }

    #[test]
    fn a_view_reads_as_its_chips() {
        let mut spec = ViewSpec::default();
        spec.filter.factions.insert("Milibandite".into());
        spec.filter.years = Some((2012, 2015));
        spec.filter.focus = Some("jon-cruddas".into());
        spec.filter.depth = 2;
        assert_eq!(
            view_words(&kg(), &spec).join(" · "),
            "Faction: Milibandite · Years: 2012–2015 · Focus: Jon Cruddas, depth 2"
        );
        assert_eq!(
            view_words(&kg(), &ViewSpec::default()),
            ["Whole graph (no filters)"]
        );
        let mut by_hand = ViewSpec::default();
        by_hand.by_hand.hide(["jon-cruddas".to_owned()]);
        assert_eq!(view_words(&kg(), &by_hand), ["1 node hidden by hand"]);
    }

    #[test]
    fn the_encoding_reads_as_the_legend() {
        let mut spec = ViewSpec {
            colour_by: ColourMode::Community,
            size_by: Some(Metric::Betweenness),
            hide_excluded: false,
            ..ViewSpec::default()
        };
        assert_eq!(
            encoding_words(&spec),
            [
                "Colour: community (Louvain, on the view)",
                "Size: betweenness"
            ]
        );
        spec.filter.years = Some((2010, 2010));
        assert_eq!(
            encoding_words(&spec).last().map(String::as_str),
            Some("Excluded nodes faded")
        );
    }
}

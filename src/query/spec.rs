//! [`ViewSpec`]: everything that says what the window shows (the filter with its focus
//! and depth, two compared year ranges, the nodes hidden, kept or added by hand, hide or
//! fade, the colour and size mappings), as
//! one plain value, and [`shown`], the one function that turns it into a [`View`].
//!
//! The window owns one `ViewSpec`; its widgets change it only through commands (code driving
//! the window, such as tests, may set it whole with `App::set_spec`); a saved view
//! is a name, a `ViewSpec` and pins ([`super::SavedView`]). Two specs that compare equal
//! show the same nodes, so a spec (with the graph's revision) is the key every derived
//! result is cached under.

use serde::{Deserialize, Serialize};

use super::by_hand::ByHand;
use super::compare::{Comparison, compare_views};
use super::filter::{Filter, View, apply};
use super::metrics::Metric;
use crate::model::KnowledgeGraph;

/// What node colour encodes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ColourMode {
    /// One colour per node kind.
    #[default]
    Kind,
    /// One colour per faction (first claim); grey for none.
    Faction,
    /// One colour per Louvain community of the current view.
    Community,
}

/// Two inclusive year ranges compared: `(first, second)`.
pub type YearRanges = ((i32, i32), (i32, i32));

/// What is shown and how: the request the window's derived state answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ViewSpec {
    /// Kinds, factions, relations, years, text, and the focus with its depth.
    pub filter: Filter,
    /// Two year ranges compared (both shown at once, new and gone marked), or none.
    pub compare: Option<YearRanges>,
    /// Hide what the filter excludes (true) or draw it faded where it was (false).
    pub hide_excluded: bool,
    /// What node colour encodes.
    pub colour_by: ColourMode,
    /// Node size by a metric (`None`: by connections).
    pub size_by: Option<Metric>,
    /// Nodes hidden, kept alone or added by hand, on top of the filter.
    pub by_hand: ByHand,
}

impl Default for ViewSpec {
    /// Everything shown, excluded nodes hidden, coloured by kind, sized by connections.
    fn default() -> Self {
        Self {
            filter: Filter::default(),
            compare: None,
            hide_excluded: true,
            colour_by: ColourMode::Kind,
            size_by: None,
            by_hand: ByHand::default(),
        }
    }
}

impl ViewSpec {
    /// The filter with its year range replaced by `years`.
    pub fn filter_for_years(&self, years: Option<(i32, i32)>) -> Filter {
        Filter {
            years,
            ..self.filter.clone()
        }
    }
}

/// What a [`ViewSpec`] shows of `kg`: the view, and the comparison when two ranges are
/// compared (then the view is both ranges at once, so new and gone nodes are on screen).
/// The nodes hidden, kept or added by hand ([`ByHand`]) apply last, to each compared
/// range: what is hidden by hand is neither new nor gone.
///
/// # Complexity
/// One filter pass, or two when comparing, O(n + e) each, then [`ByHand::apply`].
///
/// # Examples
///
/// ```
/// use ideagraph::model::{Document, Kind, KnowledgeGraph, Node};
/// use ideagraph::query::{ViewSpec, shown};
///
/// let mut doc = Document::default();
/// doc.nodes.push(Node::new("alan-milburn", "Alan Milburn", Kind::Person));
/// doc.nodes.push(Node::new("localism", "Localism", Kind::Concept));
/// let kg = KnowledgeGraph::from_document(doc);
///
/// let mut spec = ViewSpec::default();
/// spec.filter.kinds.insert(Kind::Concept);
/// let (view, comparison) = shown(&kg, &spec);
/// assert_eq!(view.nodes.len(), 1);
/// assert!(comparison.is_none());
/// ```
pub fn shown(kg: &KnowledgeGraph, spec: &ViewSpec) -> (View, Option<Comparison>) {
    match spec.compare {
        Some((a, b)) => {
            // Each range as it would be shown alone, so what is hidden by hand is
            // neither new nor gone.
            let va = filtered(kg, spec, Some(a));
            let vb = filtered(kg, spec, Some(b));
            let comparison = compare_views(&va, &vb);
            let view = View {
                nodes: va.nodes.union(&vb.nodes).copied().collect(),
                edges: va.edges.union(&vb.edges).copied().collect(),
            };
            (view, Some(comparison))
        }
        None => (filtered(kg, spec, spec.filter.years), None),
    }
}

/// What the filter of `spec` shows with its years replaced by `years`, then what was
/// changed by hand.
fn filtered(kg: &KnowledgeGraph, spec: &ViewSpec, years: Option<(i32, i32)>) -> View {
    let mut view = apply(kg, &spec.filter_for_years(years));
    spec.by_hand.apply(kg, &mut view);
    view
}

//! The timeline layout's x axis: each shown node's place in time. A dated node (a
//! publication, an event) stands at its own date; an undated one (a person, an idea)
//! spans its dated edges, from the first year to the last, and stands at the middle of
//! that span; a node with neither stands in an *undated* column left of the first year.
//! The forces then arrange each column along y ([`super::Simulation::lock_x`]).
//!
//! Years with nothing in them are narrow bands, so that a lone 1996 quotation does not
//! push the 2008–2016 debate to the right edge: every year that holds a date gets a
//! full band.

use std::collections::{BTreeMap, BTreeSet};

use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use crate::model::{Dated, KnowledgeGraph, PartialDate};

/// Width of a year that holds a date, in scene units.
pub const YEAR_WIDTH: f32 = 360.0;

/// Width of a run of empty years between two that hold dates, shared by its years.
pub const EMPTY_RUN_WIDTH: f32 = 60.0;

/// The share of a year's band a node keeps to, centred: the rest is a margin that keeps
/// neighbouring years apart.
const KEPT_SHARE: f32 = 0.8;

/// Gap between the undated column and the first year.
const UNDATED_GAP: f32 = 1.0;

/// One year on the axis.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct YearBand {
    /// The year.
    pub year: i32,
    /// Left edge, in scene units.
    pub left: f32,
    /// Width: [`YEAR_WIDTH`], or its share of [`EMPTY_RUN_WIDTH`] for a year with no
    /// date in it.
    pub width: f32,
    /// Whether any shown node or edge is dated in it.
    pub filled: bool,
}

/// Where a node stands in time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placed {
    /// Its x in time, in scene units: its date, or the middle of its span.
    pub x: f32,
    /// The x it is kept within: its year (or month), its span, or the undated column.
    pub range: (f32, f32),
    /// The span of its dated edges, as x from and to, for an undated node whose edges
    /// cover more than one year: drawn as a bar.
    pub span: Option<(f32, f32)>,
    /// Whether its place rests on an inferred date: its own date is inferred, or (for
    /// an undated node) every dated edge that places it is.
    pub inferred: bool,
    /// Whether it has no date at all (the undated column).
    pub undated: bool,
}

/// The axis and every shown node's place on it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Timeline {
    /// The years from the first dated to the last, left to right.
    pub bands: Vec<YearBand>,
    /// The x of the undated column (left of the first year).
    pub undated_x: f32,
    /// Each shown node's place, by node.
    pub placed: BTreeMap<NodeIndex, Placed>,
}

impl Timeline {
    /// The axis over the view's nodes and edges: the years any of them is dated in.
    pub fn of(
        kg: &KnowledgeGraph,
        nodes: &BTreeSet<NodeIndex>,
        edges: &BTreeSet<EdgeIndex>,
    ) -> Self {
        let own = |ix: NodeIndex| kg.node_at(ix).and_then(|n| n.date.clone());
        let mut spans: BTreeMap<NodeIndex, Span> = BTreeMap::new();
        for &e in edges {
            let (Some((a, b)), Some(d)) = (
                kg.endpoints(e),
                kg.graph().edge_weight(e).and_then(|w| w.date.as_ref()),
            ) else {
                continue;
            };
            for end in [a, b] {
                spans.entry(end).or_default().add(d);
            }
        }
        let mut years: BTreeSet<i32> = nodes
            .iter()
            .filter_map(|&ix| own(ix).map(|d| d.year()))
            .collect();
        years.extend(
            spans
                .values()
                .filter_map(|s| s.ends)
                .flat_map(|(a, b)| [a.year, b.year]),
        );
        let bands = bands(&years);
        let undated_x = bands
            .first()
            .map_or(0.0, |b| b.left - YEAR_WIDTH * UNDATED_GAP);
        let axis = Axis { bands: &bands };
        let placed = nodes
            .iter()
            .map(|&ix| {
                let p = match (own(ix), spans.get(&ix)) {
                    (Some(d), _) => Placed {
                        x: axis.x_of(&d.date),
                        range: axis.range_of(&d.date),
                        span: None,
                        inferred: d.basis.is_inferred(),
                        undated: false,
                    },
                    (None, Some(s)) => s.placed(&axis),
                    (None, None) => Placed {
                        x: undated_x,
                        range: kept(undated_x, YEAR_WIDTH),
                        span: None,
                        inferred: false,
                        undated: true,
                    },
                };
                (ix, p)
            })
            .collect();
        Self {
            bands,
            undated_x,
            placed,
        }
    }

    /// The x of a date on this axis (`None` outside it).
    pub fn x_of(&self, date: &PartialDate) -> Option<f32> {
        let axis = Axis { bands: &self.bands };
        self.bands
            .iter()
            .any(|b| b.year == date.year)
            .then(|| axis.x_of(date))
    }
}

/// The bands for the years `years` holds; each run of empty years between them shares
/// [`EMPTY_RUN_WIDTH`].
fn bands(years: &BTreeSet<i32>) -> Vec<YearBand> {
    let (Some(&first), Some(&last)) = (years.first(), years.last()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut left = 0.0;
    let mut year = first;
    while year <= last {
        if years.contains(&year) {
            out.push(YearBand {
                year,
                left,
                width: YEAR_WIDTH,
                filled: true,
            });
            left += YEAR_WIDTH;
            year += 1;
            continue;
        }
        let run = (year..=last).take_while(|y| !years.contains(y)).count();
        let width = EMPTY_RUN_WIDTH / run as f32;
        for _ in 0..run {
            out.push(YearBand {
                year,
                left,
                width,
                filled: false,
            });
            left += width;
            year += 1;
        }
    }
    // The axis is centred on 0, where the force layout's middle is.
    let shift = left / 2.0;
    for b in &mut out {
        b.left -= shift;
    }
    out
}

/// The kept range of a band of `width` centred on `x`.
fn kept(x: f32, width: f32) -> (f32, f32) {
    let half = width * KEPT_SHARE / 2.0;
    (x - half, x + half)
}

/// Dates to x on a set of bands.
struct Axis<'a> {
    bands: &'a [YearBand],
}

impl Axis<'_> {
    /// A date's x: its month within its year's band where known, else the band's middle.
    fn x_of(&self, d: &PartialDate) -> f32 {
        let Some(b) = self.bands.iter().find(|b| b.year == d.year) else {
            return 0.0;
        };
        let within = d.month.map_or(0.5, |m| (f32::from(m) - 0.5) / 12.0);
        b.left + b.width * within
    }

    /// The x a node dated `d` is kept within: its year's band, or its month's slice.
    fn range_of(&self, d: &PartialDate) -> (f32, f32) {
        let width = self
            .bands
            .iter()
            .find(|b| b.year == d.year)
            .map_or(YEAR_WIDTH, |b| b.width);
        let slice = if d.month.is_some() {
            width / 12.0
        } else {
            width
        };
        kept(self.x_of(d), slice)
    }
}

/// A date's year alone.
fn year_of(d: PartialDate) -> PartialDate {
    PartialDate::year(d.year)
}

/// The first and last dated edge of a node, and whether every one is inferred.
#[derive(Clone, Copy, Debug, Default)]
struct Span {
    /// The first and last dates, once one is seen.
    ends: Option<(PartialDate, PartialDate)>,
    /// Whether a stated date was seen.
    any_stated: bool,
}

impl Span {
    fn add(&mut self, d: &Dated) {
        let (first, last) = self.ends.unwrap_or((d.date, d.date));
        self.ends = Some((first.min(d.date), last.max(d.date)));
        self.any_stated |= !d.basis.is_inferred();
    }

    fn placed(&self, axis: &Axis<'_>) -> Placed {
        let (a, b) = self.ends.map_or((0.0, 0.0), |(first, last)| {
            (axis.x_of(&first), axis.x_of(&last))
        });
        // Kept from the start of its first year to the end of its last, so that the
        // nodes of one year spread across its band rather than queue on one line.
        let range = self.ends.map_or((a, b), |(first, last)| {
            (
                axis.range_of(&year_of(first)).0,
                axis.range_of(&year_of(last)).1,
            )
        });
        Placed {
            x: (a + b) / 2.0,
            range,
            span: (b - a > 1.0).then_some((a, b)),
            inferred: !self.any_stated,
            undated: false,
        }
    }
}

/// The whole graph laid out along time, to rest (at most `max_steps`): each node's
/// position, by node index order ([`KnowledgeGraph::node_indices`]). Saved positions
/// start the layout (their x kept in time); nothing is pinned. For the CLI's
/// `--layout timeline`, so a picture or a GEXF shows what the window's timeline shows.
pub fn timeline_positions(kg: &KnowledgeGraph, max_steps: usize) -> Vec<[f32; 2]> {
    let nodes: BTreeSet<NodeIndex> = kg.node_indices().collect();
    let edges: BTreeSet<EdgeIndex> = kg.edge_indices().collect();
    let t = Timeline::of(kg, &nodes, &edges);
    let saved = |ix: NodeIndex| kg.node_at(ix).and_then(|n| n.pos);
    let (mut sim, slots) = super::from_graph::simulation_with(
        kg,
        &nodes,
        &edges,
        saved,
        super::from_graph::LAYOUT_SEED,
    );
    for (i, ix) in slots.iter().enumerate() {
        sim.lock_x_range(i, t.placed.get(ix).map(|p| p.range));
    }
    sim.run(max_steps);
    let at: BTreeMap<NodeIndex, [f32; 2]> = slots
        .iter()
        .copied()
        .zip(sim.positions().iter().copied())
        .collect();
    kg.node_indices()
        .map(|ix| at.get(&ix).copied().unwrap_or([t.undated_x, 0.0]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Basis, Document, Edge, Kind, Node, Relation};

    fn dated(s: &str, inferred: bool) -> Dated {
        Dated {
            date: s.parse().expect("date"),
            basis: if inferred {
                Basis::Inferred("why".into())
            } else {
                Basis::Stated
            },
        }
    }

    /// A pamphlet of 2008, an event of 2015 (inferred), a person with edges in 2008 and
    /// 2015, an idea with no date, and a 1996 quotation far before the rest.
    fn graph() -> KnowledgeGraph {
        let mut d = Document::default();
        let mut pamphlet = Node::new("p", "Pamphlet", Kind::Publication);
        pamphlet.date = Some(dated("2008", false));
        let mut event = Node::new("e", "Event", Kind::Event);
        event.date = Some(dated("2015-07", true));
        d.nodes = vec![
            pamphlet,
            event,
            Node::new("a", "Ada", Kind::Person),
            Node::new("i", "Idea", Kind::Concept),
            Node::new("old", "Old words", Kind::Concept),
        ];
        let edge = |from: &str, to: &str, date: Option<Dated>| Edge {
            date,
            ..Edge::new(from, to, Relation::Mentions)
        };
        d.edges = vec![
            edge("a", "p", Some(dated("2008", false))),
            edge("a", "e", Some(dated("2015", true))),
            edge("a", "i", None),
            edge("old", "i", Some(dated("1996", true))),
        ];
        KnowledgeGraph::from_document(d)
    }

    #[test]
    fn dated_nodes_stand_at_their_date_and_the_others_span_their_edges() {
        let kg = graph();
        let nodes: BTreeSet<NodeIndex> = kg.graph().node_indices().collect();
        let edges: BTreeSet<EdgeIndex> = kg.edge_indices().collect();
        let t = Timeline::of(&kg, &nodes, &edges);
        let at = |id: &str| t.placed[&kg.index_of(id).expect("node")];
        let x = |year: i32| t.x_of(&PartialDate::year(year)).expect("on the axis");
        assert_eq!(at("p").x, x(2008));
        assert!(!at("p").inferred);
        assert!(at("e").inferred, "the event's date is inferred");
        assert!(
            at("e").x > x(2015) - YEAR_WIDTH / 2.0,
            "July, right of the band's start"
        );
        let ada = at("a");
        assert_eq!(
            ada.span,
            Some((x(2008), at("e").x.min(x(2015)).max(x(2015))))
        );
        assert!(!ada.inferred, "one of her edges is stated");
        assert_eq!(ada.x, (x(2008) + x(2015)) / 2.0);
        assert!(at("i").inferred, "placed by the 1996 edge alone, inferred");
        assert!(at("p").x < at("e").x, "left to right in time");
    }

    #[test]
    fn empty_years_are_narrow_and_undated_nodes_stand_left_of_the_first() {
        let kg = graph();
        let mut nodes: BTreeSet<NodeIndex> = kg.graph().node_indices().collect();
        let edges: BTreeSet<EdgeIndex> = kg.edge_indices().take(2).collect();
        nodes.remove(&kg.index_of("old").expect("old"));
        let t = Timeline::of(&kg, &nodes, &edges);
        let years: Vec<i32> = t.bands.iter().map(|b| b.year).collect();
        assert_eq!(years, (2008..=2015).collect::<Vec<_>>());
        let widths: Vec<f32> = t.bands.iter().map(|b| b.width).collect();
        assert_eq!(widths[0], YEAR_WIDTH);
        assert_eq!(
            widths[1],
            EMPTY_RUN_WIDTH / 6.0,
            "2009 to 2014 hold nothing"
        );
        let idea = t.placed[&kg.index_of("i").expect("idea")];
        assert!(idea.undated, "its one dated edge is not shown");
        assert!(idea.x < t.bands[0].left);
        assert!(idea.range.1 < t.bands[0].left, "kept in its column");
        let pamphlet = t.placed[&kg.index_of("p").expect("p")];
        assert!(pamphlet.range.0 > t.bands[0].left && pamphlet.range.1 < t.bands[1].left);
        for w in t.bands.windows(2) {
            assert_eq!(w[0].left + w[0].width, w[1].left, "bands abut");
        }
    }

    #[test]
    fn a_locked_node_moves_along_y_only_even_when_dragged() {
        use crate::layout::{Params, Simulation};
        let radii = vec![8.0; 4];
        let edges = vec![(0, 1), (1, 2), (2, 3), (3, 0)];
        let mut sim = Simulation::new(radii, edges, Params::default(), 3);
        for i in 0..4 {
            sim.lock_x(i, Some(100.0 * i as f32));
        }
        sim.run(300);
        for (i, p) in sim.positions().iter().enumerate() {
            assert_eq!(p[0], 100.0 * i as f32, "node {i} kept its x");
            assert!(p[1].is_finite());
        }
        sim.pin(1, [999.0, 50.0]);
        assert_eq!(
            sim.positions()[1],
            [100.0, 50.0],
            "a drag moves it along y only"
        );
        sim.lock_x(1, None);
        sim.pin(1, [999.0, 50.0]);
        assert_eq!(sim.positions()[1], [999.0, 50.0], "freed");
    }
}

//! The layout's two modes, force and timeline ([`LayoutMode`]), each with its own
//! memory of places and pins: switching keeps the other mode's map as the user left it,
//! and the nodes glide from one arrangement to the other. In the timeline, every node's
//! x is its place in time over the whole graph ([`Timeline`]), so a filter or Play never
//! moves a node sideways; the forces arrange each column.

use std::sync::Arc;
use std::time::{Duration, Instant};

use petgraph::stable_graph::NodeIndex;

use super::{LayoutState, Memory, Remembered};
use crate::layout::Simulation;
use crate::layout::timeline::Timeline;
use crate::model::KnowledgeGraph;

/// How long the nodes take to glide from one mode's places to the other's.
const GLIDE: Duration = Duration::from_millis(600);

/// The arrangement number newcomers seeded from the other mode's places carry: never
/// the current one, so they settle from there rather than being held.
const FROM_OTHER_MODE: u64 = u64::MAX;

/// Force-directed, or along time.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum LayoutMode {
    /// Connected nodes near each other, in both axes.
    #[default]
    Force,
    /// x is time (a node's date, or the span of its dated edges); the forces place y.
    Timeline,
}

impl LayoutMode {
    /// Both modes, for menus.
    pub const ALL: [LayoutMode; 2] = [LayoutMode::Force, LayoutMode::Timeline];

    /// How menus and the CLI name it.
    pub fn name(self) -> &'static str {
        match self {
            LayoutMode::Force => "force",
            LayoutMode::Timeline => "timeline",
        }
    }

    /// Parses [`LayoutMode::name`] (any case).
    pub fn from_name(s: &str) -> Option<LayoutMode> {
        let s = s.trim().to_ascii_lowercase();
        LayoutMode::ALL.into_iter().find(|m| m.name() == s)
    }
}

/// The glide between two modes: where each node was drawn when it began.
#[derive(Debug)]
struct Glide {
    from: Vec<Option<[f32; 2]>>,
    start: Instant,
}

/// What the layout keeps about its modes.
#[derive(Debug, Default)]
pub(super) struct Modes {
    mode: LayoutMode,
    /// The axis, in the timeline mode.
    timeline: Option<Arc<Timeline>>,
    /// The other mode's memory of places and pins.
    other: Memory,
    glide: Option<Glide>,
}

impl LayoutState {
    /// The current mode.
    pub fn mode(&self) -> LayoutMode {
        self.modes.mode
    }

    /// The time axis, in the timeline mode.
    pub fn timeline(&self) -> Option<&Timeline> {
        self.modes.timeline.as_deref()
    }

    /// Switches to `mode`: the current places and pins are kept for coming back; the new
    /// mode's places are taken from when it was last shown, else laid out from the
    /// current ones; the nodes glide there.
    pub fn set_mode(
        &mut self,
        kg: &KnowledgeGraph,
        mode: LayoutMode,
        visible: &std::collections::BTreeSet<NodeIndex>,
        edges: &std::collections::BTreeSet<petgraph::stable_graph::EdgeIndex>,
    ) {
        if mode == self.modes.mode {
            return;
        }
        self.remember();
        let from = self.drawn_by_index();
        std::mem::swap(&mut self.memory, &mut self.modes.other);
        self.modes.mode = mode;
        self.refresh_timeline(kg);
        // Never shown in this mode: start from where the nodes stand now, free to move.
        let known = visible.iter().any(|ix| self.memory.get(ix).is_some());
        if !known {
            for (i, p) in from.iter().enumerate() {
                if let Some(pos) = *p {
                    let ix = NodeIndex::new(i);
                    let id = super::id_hash(kg, ix);
                    let m = Remembered {
                        pos,
                        pinned: false,
                        id,
                        arrangement: FROM_OTHER_MODE,
                    };
                    self.memory.insert(ix, m);
                }
            }
        }
        self.rebuild(kg, visible, edges, &super::Moving::default());
        self.modes.glide = Some(Glide {
            from,
            start: Instant::now(),
        });
    }

    /// Recomputes the axis over the whole graph (so what the filters show never moves a
    /// node sideways), in the timeline mode.
    pub(super) fn refresh_timeline(&mut self, kg: &KnowledgeGraph) {
        self.modes.timeline = (self.modes.mode == LayoutMode::Timeline).then(|| {
            let nodes = kg.graph().node_indices().collect();
            let edges = kg.edge_indices().collect();
            Arc::new(Timeline::of(kg, &nodes, &edges))
        });
    }

    /// Locks each slot's x to its place in time, in the timeline mode.
    pub(super) fn lock_timeline(&self, sim: &mut Simulation, nodes: &[NodeIndex]) {
        let Some(t) = &self.modes.timeline else {
            return;
        };
        for (i, ix) in nodes.iter().enumerate() {
            sim.lock_x_range(i, t.placed.get(ix).map(|p| p.range));
        }
    }

    /// Each slot's drawn position, by node index.
    fn drawn_by_index(&self) -> Vec<Option<[f32; 2]>> {
        let len = self
            .nodes
            .iter()
            .map(|ix| ix.index() + 1)
            .max()
            .unwrap_or(0);
        let mut out = vec![None; len];
        for (ix, &p) in self.nodes.iter().zip(&self.seen.positions) {
            out[ix.index()] = Some(p);
        }
        out
    }

    /// During a glide, draws each node between where it was and where the layout has
    /// it now (eased); the glide ends after [`GLIDE`].
    pub(super) fn blend(&mut self) {
        let Some(g) = &self.modes.glide else {
            return;
        };
        let t = g.start.elapsed().as_secs_f32() / GLIDE.as_secs_f32();
        if t >= 1.0 {
            self.modes.glide = None;
            return;
        }
        let e = t * t * (3.0 - 2.0 * t);
        self.stamp = super::new_stamp();
        for (ix, p) in self.nodes.iter().zip(self.seen.positions.iter_mut()) {
            if let Some(Some(from)) = g.from.get(ix.index()) {
                p[0] = from[0] + (p[0] - from[0]) * e;
                p[1] = from[1] + (p[1] - from[1]) * e;
            }
        }
    }

    /// Whether the nodes are gliding between modes (the UI keeps drawing meanwhile).
    pub fn gliding(&self) -> bool {
        self.modes.glide.is_some()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::query::{Filter, apply};

    /// Every shown node's drawn position, by node.
    fn drawn(l: &LayoutState) -> Vec<(NodeIndex, [f32; 2])> {
        l.nodes()
            .iter()
            .copied()
            .zip(l.positions().iter().copied())
            .collect()
    }

    #[test]
    fn each_mode_keeps_its_own_places_and_pins() {
        let kg = crate::bundled::bundled_graph().expect("bundled graph");
        let view = apply(&kg, &Filter::default());
        let (nodes, edges): (BTreeSet<_>, BTreeSet<_>) = (view.nodes, view.edges);
        let mut l = LayoutState::new(&kg, &nodes, &edges);
        l.settle(3_000);
        let a = kg.index_of("alan-milburn").expect("milburn");
        let b = kg.index_of("liz-kendall").expect("kendall");
        l.pin(a, [5.0, 5.0]);
        l.settle(3_000);
        let force = drawn(&l);

        l.set_mode(&kg, LayoutMode::Timeline, &nodes, &edges);
        l.settle(3_000);
        assert_eq!(l.mode(), LayoutMode::Timeline);
        assert!(!l.is_pinned(a), "a force pin stays with the force layout");
        let t = l.timeline().expect("an axis").clone();
        for (ix, p) in drawn(&l) {
            let (lo, hi) = t.placed[&ix].range;
            assert!(
                (lo..=hi).contains(&p[0]),
                "{ix:?} at {p:?} outside {lo}..{hi}"
            );
        }
        let x = |l: &LayoutState, id: &str| {
            let ix = kg.index_of(id).expect("node");
            drawn(l)
                .into_iter()
                .find(|(n, _)| *n == ix)
                .expect("shown")
                .1[0]
        };
        assert!(
            x(&l, "beyond-whitehall") < x(&l, "kendall-reed-pamphlet"),
            "2008 left of 2015"
        );
        l.pin(b, [x(&l, "liz-kendall"), -40.0]);
        l.settle(3_000);
        let timeline = drawn(&l);

        l.set_mode(&kg, LayoutMode::Force, &nodes, &edges);
        assert_eq!(drawn(&l), force, "the force map comes back as it was left");
        assert!(l.is_pinned(a) && !l.is_pinned(b));
        assert!(l.timeline().is_none());

        l.set_mode(&kg, LayoutMode::Timeline, &nodes, &edges);
        assert_eq!(drawn(&l), timeline, "and so does the timeline");
        assert!(l.is_pinned(b) && !l.is_pinned(a));
    }

    #[test]
    fn modes_are_named_for_menus_and_the_cli() {
        for m in LayoutMode::ALL {
            assert_eq!(LayoutMode::from_name(m.name()), Some(m));
        }
        assert_eq!(
            LayoutMode::from_name(" Timeline "),
            Some(LayoutMode::Timeline)
        );
        assert_eq!(LayoutMode::from_name("radial"), None);
    }
}

//! [`Derived`]: everything the window computes from the graph and the [`ViewSpec`]: the
//! view and its comparison, the faction colours, the sidebar's most-connected list, the
//! paths between two chosen nodes, the metrics and the overlay's lasting parts.
//!
//! One function, [`Derived::update`], brings it up to date from `(graph revision, spec,
//! path ends)`. Each part remembers the inputs it was computed from (its key) and is
//! computed again only when they changed, so one filter change filters once (twice when
//! comparing two ranges), and an edit of the graph, which renews its revision,
//! refreshes every part with no other code having to know. Like a request compared with
//! the last one and a provider that answers it (rerun's graph view), the window draws
//! what this holds.

mod metrics;
mod paths;
mod view_slot;
mod yearly;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use petgraph::stable_graph::NodeIndex;

use self::metrics::MetricsSlot;
use self::paths::PathsSlot;
use self::view_slot::{Asked, Filtered, PendingView, ViewKey};
pub use self::yearly::{Chart, MAX_CHART_WINDOW, MoversResult, Yearly, YearlyCommand, YearlyView};
use super::encoding::Encoding;
use super::explore::{Ghosts, Overlay, community_colour, metric_radius};
use crate::model::KnowledgeGraph;
use crate::query::look::community_names;
use crate::query::metrics::{Metric, Metrics};
use crate::query::paths::Path;
use crate::query::{ColourMode, Comparison, View, ViewSpec};

/// What the overlay's lasting parts were built from.
#[derive(Clone, Copy, Debug, PartialEq)]
struct OverlayKey {
    generation: u64,
    comparison: u64,
    paths: u64,
    colour_by: ColourMode,
    size_by: Option<Metric>,
    /// How many metrics were ready.
    metrics: usize,
}

/// The window's derived state. Read it through its accessors; [`Derived::update`] and
/// [`Derived::metrics`] change it, and [`Derived::set_frame_overlay`] the overlay's
/// per-frame parts.
#[derive(Debug, Default)]
pub struct Derived {
    view_key: Option<ViewKey>,
    /// Shared with background work without a copy.
    view: Arc<View>,
    /// The view on its way, on a large graph.
    pending: PendingView,
    comparison: Option<Comparison>,
    /// Renewed whenever the comparison changes.
    comparison_generation: u64,
    /// Renewed whenever what is shown changes: the key of everything built on the view.
    generation: u64,
    encoding_revision: Option<u64>,
    encoding: Encoding,
    most_connected: Vec<(NodeIndex, usize)>,
    metrics: MetricsSlot,
    paths: PathsSlot,
    overlay_key: Option<OverlayKey>,
    overlay: Overlay,
    /// Each community's name, for the view generation whose metrics named them
    /// (communities come with the first stage, so later stages keep the names).
    community_names: Option<(u64, HashMap<usize, String>)>,
    /// Asked to repaint when background work has a result.
    wake: Option<egui::Context>,
    /// Who rose and fell: the selected node's chart and the movers, with their settings.
    yearly: Yearly,
}

impl Derived {
    /// The derived state of a graph prepared off the UI thread: `view` is what `spec`
    /// shows of `kg`, `encoding` its colours and `most_connected` its best-connected
    /// nodes (see `loading::Prepared`), taken as they are rather than computed again.
    pub fn prepared(
        kg: &Arc<KnowledgeGraph>,
        spec: &ViewSpec,
        view: View,
        encoding: Encoding,
        most_connected: Vec<(NodeIndex, usize)>,
    ) -> Self {
        let mut d = Derived {
            view_key: Some(ViewKey::of(kg, spec)),
            most_connected,
            view: Arc::new(view),
            generation: 1,
            encoding_revision: Some(kg.revision()),
            encoding,
            ..Derived::default()
        };
        d.update(kg, spec, None, false);
        d
    }

    /// Brings every part up to date with the graph, the spec and the path ends,
    /// computing only what changed; with `wants_metrics`, the metrics too. Returns true
    /// when the view was computed again (the layout then follows it).
    pub fn update(
        &mut self,
        kg: &Arc<KnowledgeGraph>,
        spec: &ViewSpec,
        ends: Option<(NodeIndex, NodeIndex)>,
        wants_metrics: bool,
    ) -> bool {
        if self.encoding_revision != Some(kg.revision()) {
            self.encoding = Encoding::new(kg);
            self.encoding_revision = Some(kg.revision());
        }
        let changed = self.update_view(kg, spec);
        let wake = self.wake.clone();
        self.paths
            .update(kg, &self.view, self.generation, ends, wake.as_ref());
        self.metrics.poll(self.generation);
        if wants_metrics {
            self.request_metrics(kg);
        }
        self.name_communities(kg);
        self.update_overlay(spec);
        changed
    }

    /// Names the view's communities once their metrics are in: once per view, not
    /// every frame the legend or the table is drawn.
    fn name_communities(&mut self, kg: &KnowledgeGraph) {
        let named = self.community_names.as_ref().map(|(g, _)| *g);
        if named == Some(self.generation) {
            return;
        }
        if let Some(m) = self.metrics.metrics(self.generation) {
            self.community_names = Some((self.generation, community_names(kg, m)));
        }
    }

    /// Each community of the view by its best-connected member
    /// ([`crate::query::look::community_names`]); empty until the metrics are in.
    pub fn community_names(&self) -> Option<&HashMap<usize, String>> {
        self.community_names
            .as_ref()
            .filter(|(g, _)| *g == self.generation)
            .map(|(_, names)| names)
    }

    /// Who to wake when background work has a result (the window's context).
    pub fn set_wake(&mut self, ctx: &egui::Context) {
        if self.wake.is_none() {
            self.wake = Some(ctx.clone());
        }
    }

    /// Filters again when the graph, the filter, the compared ranges or what was
    /// changed by hand changed; true
    /// (and a new generation) when that changed what is shown, or the graph itself (the
    /// comparison keeps its own generation). A filter that selects the same nodes (one
    /// more letter typed) leaves the view, the layout and everything built on them as
    /// they are. On a large graph the new view comes from a job, a later frame; the
    /// last one stays until then.
    fn update_view(&mut self, kg: &Arc<KnowledgeGraph>, spec: &ViewSpec) -> bool {
        if self.view_key.as_ref().is_some_and(|k| k.matches(kg, spec)) {
            self.pending.drop_job();
            return false;
        }
        let filtered = if self.view_key.is_none() {
            // Nothing to show meanwhile: the first view is computed here.
            Filtered::compute(kg, spec)
        } else {
            let wake = self.wake.clone();
            match self.pending.ask(kg, spec, wake.as_ref()) {
                Asked::Ready(f) => f,
                Asked::Pending => return false,
            }
        };
        self.set_view(kg, ViewKey::of(kg, spec), filtered)
    }

    /// Takes a view computed for `key`; true when it shows something else than the
    /// last one, or the graph changed.
    fn set_view(&mut self, kg: &KnowledgeGraph, key: ViewKey, f: Filtered) -> bool {
        let old = self.view_key.replace(key);
        self.set_comparison(f.comparison);
        if old.is_some_and(|o| o.revision() == kg.revision()) && f.view == *self.view {
            return false;
        }
        self.most_connected = f.most_connected;
        self.view = Arc::new(f.view);
        self.generation += 1;
        true
    }

    /// Keeps a new comparison; the ranges can change what is new and what is gone while
    /// the nodes shown stay the same (two ranges swapped), so it has its own generation.
    fn set_comparison(&mut self, comparison: Option<Comparison>) {
        if comparison != self.comparison {
            self.comparison = comparison;
            self.comparison_generation += 1;
        }
    }

    /// The overlay's parts that last between frames: paths, new and gone, community
    /// colours and metric sizes.
    fn update_overlay(&mut self, spec: &ViewSpec) {
        let partial = self.metrics.fresh(self.generation);
        let key = OverlayKey {
            generation: self.generation,
            comparison: self.comparison_generation,
            paths: self.paths.generation(),
            colour_by: spec.colour_by,
            size_by: spec.size_by,
            metrics: partial.map_or(0, |p| p.ready.len()),
        };
        if self.overlay_key == Some(key) {
            return;
        }
        let mut o = Overlay::default();
        for p in self.paths.paths() {
            o.path_nodes.extend(p.nodes.iter().copied());
            o.path_edges.extend(p.steps.iter().map(|s| s.edge));
        }
        if let Some(c) = &self.comparison {
            o.new_nodes = c.only_second.clone();
            o.gone_nodes = c.only_first.clone();
        }
        if let Some(p) = partial {
            let m = &p.metrics;
            if spec.colour_by == ColourMode::Community {
                for (&ix, &c) in m.nodes.iter().zip(&m.community) {
                    o.community.insert(ix, community_colour(c));
                }
            }
            if let Some(metric) = spec.size_by.filter(|m| p.ready.contains(m)) {
                let values = m.values(metric);
                let max = values.iter().copied().fold(0.0, f64::max);
                for (&ix, &v) in m.nodes.iter().zip(values) {
                    o.size.insert(ix, metric_radius(v, max));
                }
            }
        }
        self.overlay = o;
        self.overlay_key = Some(key);
    }

    /// What is shown.
    pub fn view(&self) -> &View {
        &self.view
    }

    /// What is shown, to share with background work, with its generation (renewed
    /// whenever what is shown or the graph changes): the key of a result built on it.
    pub fn shared_view(&self) -> (u64, &Arc<View>) {
        (self.generation, &self.view)
    }

    /// How long the view asked for has been filtering, while it is (large graphs
    /// only; the last view is shown meanwhile).
    pub fn view_running(&self) -> Option<Duration> {
        self.pending.running()
    }

    /// The comparison of the two compared year ranges, when comparing.
    pub fn comparison(&self) -> Option<&Comparison> {
        self.comparison.as_ref()
    }

    /// The faction colours of the graph.
    pub fn encoding(&self) -> &Encoding {
        &self.encoding
    }

    /// The view's best-connected nodes with their degrees, most first.
    pub fn most_connected(&self) -> &[(NodeIndex, usize)] {
        &self.most_connected
    }

    /// The paths between the path ends in the view, shortest first (none while they
    /// are being found on a large view).
    pub fn paths(&self) -> &[Path] {
        self.paths.paths()
    }

    /// How long the paths have been searched for, while the search runs.
    pub fn paths_running(&self) -> Option<Duration> {
        self.paths.running()
    }

    /// The overlay's lasting parts (the app adds faded nodes and the multi-selection
    /// each frame).
    pub fn overlay(&self) -> &Overlay {
        &self.overlay
    }

    /// Sets the overlay's parts that change from frame to frame: excluded nodes and
    /// edges drawn faded where they were, and the Shift+click multi-selection.
    pub fn set_frame_overlay(
        &mut self,
        ghosts: Ghosts,
        multi: &std::collections::BTreeSet<NodeIndex>,
    ) {
        self.overlay.ghosts = ghosts.nodes;
        self.overlay.ghost_edges = ghosts.edges;
        self.overlay.multi.clone_from(multi);
    }

    /// Makes sure the view's metrics are computed or on their way: inline on a small
    /// view, on a background job in stages on a large one.
    pub fn request_metrics(&mut self, kg: &Arc<KnowledgeGraph>) {
        let wake = self.wake.clone();
        self.metrics
            .request(kg, &self.view, self.generation, wake.as_ref());
        self.name_communities(kg);
    }

    /// The view's metrics, if at least their first stage is in (see
    /// [`Derived::metrics_ready`] for which).
    pub fn fresh_metrics(&self) -> Option<&Metrics> {
        self.metrics.metrics(self.generation)
    }

    /// The metrics computed so far for the view.
    pub fn metrics_ready(&self) -> &[Metric] {
        self.metrics
            .fresh(self.generation)
            .map_or(&[], |p| p.ready.as_slice())
    }

    /// How long the view's metrics have been computing, while they are.
    pub fn metrics_running(&self) -> Option<Duration> {
        self.metrics.running(self.generation)
    }

    /// Stops computing the view's metrics (until the view changes); what is in stays.
    pub fn cancel_metrics(&mut self) {
        self.metrics.cancel(self.generation);
    }

    /// Who rose and fell, for the sidebar and the analysis panel to draw from.
    pub fn yearly<'a>(&'a self, kg: &'a KnowledgeGraph, spec: &'a ViewSpec) -> YearlyView<'a> {
        YearlyView {
            yearly: &self.yearly,
            kg,
            spec,
        }
    }

    /// Applies a change to what [`Yearly`] is asked.
    pub fn apply_yearly(&mut self, cmd: YearlyCommand) {
        self.yearly.apply(cmd);
    }

    /// Brings the selected node's chart and the movers up to date (see
    /// [`Yearly::update`]).
    pub fn update_yearly(
        &mut self,
        kg: &Arc<KnowledgeGraph>,
        spec: &ViewSpec,
        selected: Option<NodeIndex>,
    ) {
        let wake = self.wake.clone();
        self.yearly.update(kg, spec, selected, wake.as_ref());
    }

    /// Renewed whenever what is shown changes.
    #[cfg(test)]
    fn generation(&self) -> u64 {
        self.generation
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edge, Kind, Relation};

    fn bundled() -> Arc<KnowledgeGraph> {
        Arc::new(crate::bundled::bundled_graph().expect("bundled graph"))
    }

    fn fresh(kg: &Arc<KnowledgeGraph>, spec: &ViewSpec) -> Derived {
        let mut d = Derived::default();
        d.update(kg, spec, None, false);
        d
    }

    #[test]
    fn the_same_request_computes_nothing_again() {
        let kg = bundled();
        let mut spec = ViewSpec::default();
        spec.filter.kinds.insert(Kind::Person);
        let mut d = fresh(&kg, &spec);
        let generation = d.generation();
        assert!(!d.update(&kg, &spec, None, false));
        // Colour and size are not part of what is shown: the view stays.
        spec.colour_by = ColourMode::Faction;
        assert!(!d.update(&kg, &spec, None, false));
        assert_eq!(d.generation(), generation);
        spec.filter.years = Some((2015, 2015));
        assert!(d.update(&kg, &spec, None, false));
        assert_eq!(d.view(), &crate::query::apply(&kg, &spec.filter));
    }

    #[test]
    fn an_edit_of_the_graph_refreshes_every_part() {
        let mut kg = bundled();
        let spec = ViewSpec {
            size_by: Some(crate::query::metrics::Metric::Degree),
            ..ViewSpec::default()
        };
        let (a, b) = (
            kg.index_of("alan-milburn").expect("milburn"),
            kg.index_of("jeremy-corbyn").expect("corbyn"),
        );
        let mut d = fresh(&kg, &spec);
        d.update(&kg, &spec, Some((a, b)), true);
        let degree_before = d.fresh_metrics().expect("small views: inline").clone();
        let paths_before = d.paths().to_vec();
        let edges_before = d.view().edges.len();
        Arc::make_mut(&mut kg)
            .add_edge(Edge::new(
                "alan-milburn",
                "jeremy-corbyn",
                Relation::Criticises,
            ))
            .expect("both ends exist");
        assert!(d.update(&kg, &spec, Some((a, b)), true), "the view follows");
        assert_eq!(d.view().edges.len(), edges_before + 1);
        assert_ne!(d.fresh_metrics(), Some(&degree_before), "metrics follow");
        assert_ne!(d.paths(), paths_before.as_slice(), "paths follow");
        assert_eq!(d.paths().first().map(|p| p.steps.len()), Some(1));
        assert!(
            d.overlay().size.contains_key(&a),
            "sizes follow the new metrics"
        );
    }

    #[test]
    fn swapping_the_compared_ranges_swaps_new_and_gone() {
        let kg = bundled();
        let (a, b) = ((2007, 2009), (2014, 2016));
        let mut spec = ViewSpec {
            compare: Some((a, b)),
            ..ViewSpec::default()
        };
        let mut d = fresh(&kg, &spec);
        let new = d.overlay().new_nodes.clone();
        let gone = d.overlay().gone_nodes.clone();
        assert!(!new.is_empty() && !gone.is_empty());
        spec.compare = Some((b, a));
        assert!(
            !d.update(&kg, &spec, None, false),
            "the same nodes are shown"
        );
        assert_eq!(d.overlay().new_nodes, gone);
        assert_eq!(d.overlay().gone_nodes, new);
        spec.compare = None;
        d.update(&kg, &spec, None, false);
        assert!(d.overlay().new_nodes.is_empty() && d.overlay().gone_nodes.is_empty());
    }

    /// Communities are named once their metrics are in, and again for a new view.
    #[test]
    fn communities_are_named_once_per_view() {
        let kg = bundled();
        let mut spec = ViewSpec::default();
        let mut d = fresh(&kg, &spec);
        assert!(d.community_names().is_none(), "no metrics asked for yet");
        d.update(&kg, &spec, None, true);
        let names = d.community_names().expect("named with the metrics");
        assert!(names.values().any(|n| n == "Alan Milburn's community"));
        spec.filter.years = Some((2015, 2015));
        d.update(&kg, &spec, None, false);
        assert!(
            d.community_names().is_none(),
            "a new view, not yet measured"
        );
        d.update(&kg, &spec, None, true);
        assert!(d.community_names().is_some());
    }

    /// The bundled graph's whole view, derived with every later view filtered on a
    /// job, as a large graph's is; and that first view.
    fn on_jobs() -> (Arc<KnowledgeGraph>, Derived, View) {
        let kg = bundled();
        let mut d = fresh(&kg, &ViewSpec::default());
        d.pending.set_inline_items(0);
        let everything = d.view().clone();
        (kg, d, everything)
    }

    /// Updates until the view on its way is in; true once it is.
    fn wait_for_view(d: &mut Derived, kg: &Arc<KnowledgeGraph>, spec: &ViewSpec) -> bool {
        let start = std::time::Instant::now();
        while start.elapsed() < Duration::from_secs(30) {
            if d.update(kg, spec, None, false) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        false
    }

    /// On a large graph the view is filtered on a job: the last view stays on screen
    /// until the new one is in, and a spec changed again before then supersedes it.
    #[test]
    fn a_large_graph_is_filtered_off_the_ui_thread() {
        let (kg, mut d, everything) = on_jobs();
        let mut spec = ViewSpec::default();
        spec.filter.kinds.insert(Kind::Person);
        assert!(!d.update(&kg, &spec, None, false), "not in yet");
        assert!(d.view_running().is_some(), "filtering");
        assert_eq!(d.view(), &everything, "the last view stays meanwhile");
        // Changed again before the first is in: only the newest is taken.
        spec.filter.kinds.insert(Kind::Concept);
        assert!(wait_for_view(&mut d, &kg, &spec));
        assert_eq!(d.view(), &crate::query::apply(&kg, &spec.filter));
        assert!(d.view_running().is_none());
        // Back to a view already on screen: nothing is computed.
        assert!(!d.update(&kg, &spec, None, false));
        assert!(d.view_running().is_none());
    }

    /// Asking again for the view on screen while another is on its way drops the job.
    #[test]
    fn going_back_to_the_view_on_screen_drops_the_job() {
        let (kg, mut d, everything) = on_jobs();
        let mut spec = ViewSpec::default();
        spec.filter.kinds.insert(Kind::Person);
        d.update(&kg, &spec, None, false);
        spec.filter.kinds.clear();
        assert!(!d.update(&kg, &spec, None, false));
        assert!(d.view_running().is_none());
        std::thread::sleep(Duration::from_millis(50));
        assert!(!d.update(&kg, &spec, None, false));
        assert_eq!(d.view(), &everything);
    }

    #[test]
    fn comparing_marks_new_and_gone() {
        let kg = bundled();
        let spec = ViewSpec {
            compare: Some(((2008, 2009), (2015, 2016))),
            ..ViewSpec::default()
        };
        let d = fresh(&kg, &spec);
        let c = d.comparison().expect("comparing");
        assert_eq!(d.overlay().new_nodes, c.only_second);
        assert_eq!(d.overlay().gone_nodes, c.only_first);
    }
}

//! [`Explore`]: the explore panels' own state (path ends, play timer, multi-selection,
//! export and view-file windows), the [`ExploreCommand`]s the panels emit, and the
//! [`Overlay`] the canvas draws over the graph (faded excluded nodes, highlighted paths,
//! multi-selection, new and gone rings, community colours and metric sizes).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

use egui::{Color32, Pos2, pos2};
use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use super::layout_state::LayoutState;
use crate::io::export::ExportFormat;
use crate::model::KnowledgeGraph;
use crate::query::metrics::{Metric, Metrics};
use crate::query::{Filter, PlayMode, View};

/// Seconds between two years while the year window plays, at first.
pub const PLAY_STEP_SECS: f32 = 0.8;

/// The slowest and fastest Play, in seconds a step.
pub const PLAY_SECS_RANGE: (f32, f32) = (0.2, 3.0);

/// Play in progress: the year ranges it steps through (each showing something), where
/// it is, and when the next step is due.
#[derive(Clone, Debug, PartialEq)]
pub struct Play {
    /// The year ranges, in order ([`crate::query::play_steps`]).
    pub steps: Vec<(i32, i32)>,
    /// The step shown now.
    pub at: usize,
    /// When the next step is due (`egui` input time, seconds).
    pub next_at: f64,
}

/// Rows in the "Top nodes" table.
pub const TOP_ROWS: usize = 15;

/// What the "Top nodes" table is sorted by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortKey {
    /// A centrality metric, highest first.
    Metric(Metric),
    /// Community number, then degree.
    #[default]
    Community,
}

/// Which nodes an export writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ExportScope {
    /// What the canvas shows (filters, focus, years).
    #[default]
    View,
    /// The Shift+click multi-selection (or the selected node).
    Selection,
    /// Every node and edge.
    Whole,
}

/// The File > Export window's settings.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportState {
    /// Output format.
    pub format: ExportFormat,
    /// What to export.
    pub scope: ExportScope,
    /// PNG pixels per SVG unit.
    pub scale: f32,
    /// The output path as typed (or picked).
    pub path: String,
    /// Put the keyboard focus in the path field on the next frame.
    pub focus_path: bool,
    /// A one-line note shown under the path (why no file dialog came up).
    pub note: Option<String>,
}

impl Default for ExportState {
    fn default() -> Self {
        Self {
            format: ExportFormat::Json,
            scope: ExportScope::View,
            scale: 2.0,
            path: String::new(),
            focus_path: false,
            note: None,
        }
    }
}

/// The typed-path fallback for saving or opening a view file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ViewPrompt {
    /// True to save, false to open.
    pub save: bool,
    /// The path typed so far.
    pub text: String,
    /// Put the keyboard focus in the path field on the next frame.
    pub focus: bool,
}

/// A request from the explore panels, applied by the app at the end of the frame.
#[must_use]
#[derive(Clone, Debug, PartialEq)]
pub enum ExploreCommand {
    /// Replace the filter (the view is recomputed, the layout warms up).
    SetFilter(Filter),
    /// Show a short message (a field that could not be read, for example).
    Say(String),
    /// Hide (true) or fade (false) what the filter excludes.
    SetHideExcluded(bool),
    /// Start or stop stepping the year window.
    TogglePlay,
    /// Move the year window one year on (the play timer).
    PlayStep,
    /// Seconds between two steps of Play.
    SetPlaySpeed(f32),
    /// Slide a window, or grow from the first year.
    SetPlayMode(PlayMode),
    /// Remove every filter, the focus and the comparison.
    ClearFilters,
    /// Change the filter as little as needed to show this node.
    Reveal(NodeIndex),
    /// Focus on the selected node.
    FocusSelection,
    /// Start a path at a node.
    PathFrom(NodeIndex),
    /// End a path at a node.
    PathTo(NodeIndex),
    /// Forget the path ends.
    ClearPath,
    /// Size nodes by a metric, or by connections.
    SetSizeBy(Option<Metric>),
    /// Sort the "Top nodes" table.
    SetSort(SortKey),
    /// Stop computing the view's metrics (until the view changes).
    CancelMetrics,
    /// Add a node to, or remove it from, the multi-selection.
    ToggleMulti(NodeIndex),
    /// Empty the multi-selection.
    ClearMulti,
    /// Compare two year ranges, or stop comparing.
    SetCompare(Option<((i32, i32), (i32, i32))>),
    /// Open the export window.
    ShowExport,
    /// Pick the export path with the native dialog.
    ExportBrowse,
    /// Write the export.
    ExportNow,
    /// Ask where to save the view.
    SaveViewDialog,
    /// Ask which view to open.
    OpenViewDialog,
    /// Save the view to a file.
    SaveView(PathBuf),
    /// Open a view file.
    OpenView(PathBuf),
    /// Show or hide the filter panel.
    ToggleFilterPanel,
}

/// The last known scene position of each node laid out.
pub type LastPositions = super::by_node::ByNode<[f32; 2]>;

/// The explore panels' own state: what they are in the middle of (path ends, the play
/// timer, the multi-selection, the export and view-file windows, a message). What is
/// shown is not here: that is the app's [`crate::query::ViewSpec`].
#[derive(Clone, Debug)]
pub struct Explore {
    /// Last known scene position of every node that has been laid out.
    pub last_pos: LastPositions,
    /// The year steps being played, if Play is on.
    pub play: Option<Play>,
    /// Seconds between two steps of Play.
    pub play_secs: f32,
    /// Whether Play slides a window or grows from the first year.
    pub play_mode: PlayMode,
    /// Path ends.
    pub path_from: Option<NodeIndex>,
    /// Path ends.
    pub path_to: Option<NodeIndex>,
    /// How the table is sorted.
    pub sort: SortKey,
    /// Whether the table's order is turned round (lowest first).
    pub sort_reversed: bool,
    /// The Shift+click multi-selection.
    pub multi: BTreeSet<NodeIndex>,
    /// The export window, when open.
    pub export: Option<ExportState>,
    /// The last export settings, kept between openings.
    pub export_last: ExportState,
    /// The view-file path prompt, when open.
    pub view_prompt: Option<ViewPrompt>,
    /// The last view file saved or opened: where the next save or open starts.
    pub last_view_path: Option<PathBuf>,
    /// A short report of the last export or save.
    pub message: Option<String>,
    /// Whether the analysis section is open (metrics are computed only when needed).
    pub analysis_open: bool,
}

impl Default for Explore {
    fn default() -> Self {
        Self {
            last_pos: LastPositions::default(),
            play: None,
            play_secs: PLAY_STEP_SECS,
            play_mode: PlayMode::Sliding,
            path_from: None,
            path_to: None,
            sort: SortKey::Metric(Metric::Degree),
            sort_reversed: false,
            multi: BTreeSet::new(),
            export: None,
            export_last: ExportState::default(),
            view_prompt: None,
            last_view_path: None,
            message: None,
            analysis_open: false,
        }
    }
}

impl Explore {
    /// Remembers where every laid-out node is, so excluded nodes can be drawn faded there.
    pub fn remember_positions(&mut self, layout: &LayoutState) {
        for &ix in layout.nodes() {
            if let Some(p) = layout.pos(ix) {
                self.last_pos.insert(ix, [p.x, p.y]);
            }
        }
    }

    /// Both path ends, once both are chosen.
    pub fn path_ends(&self) -> Option<(NodeIndex, NodeIndex)> {
        self.path_from.zip(self.path_to)
    }

    /// Excluded nodes and edges to draw faded where they were last laid out: what the
    /// fade mode adds to the overlay each frame.
    pub fn ghosts(&self, kg: &KnowledgeGraph, view: &View, layout: &LayoutState) -> Ghosts {
        let last = |ix: NodeIndex| self.last_pos.get(&ix).map(|p| pos2(p[0], p[1]));
        let ghosts: Vec<(NodeIndex, Pos2)> = kg
            .node_indices()
            .filter(|&ix| !view.has_node(ix))
            .filter_map(|ix| Some((ix, last(ix)?)))
            .collect();
        if ghosts.is_empty() {
            return Ghosts::default();
        }
        let pos = |ix: NodeIndex| layout.pos(ix).or_else(|| last(ix));
        let edges = kg
            .edge_indices()
            .filter(|&e| !view.has_edge(e))
            .filter_map(|e| {
                let (a, b) = kg.endpoints(e)?;
                Some((pos(a)?, pos(b)?))
            })
            .collect();
        Ghosts {
            nodes: ghosts,
            edges,
        }
    }
}

/// Excluded nodes and edges drawn faded where they were (fade mode), in scene units.
#[derive(Clone, Debug, Default)]
pub struct Ghosts {
    /// Excluded nodes at their last positions.
    pub nodes: Vec<(NodeIndex, Pos2)>,
    /// Excluded edges as segments.
    pub edges: Vec<(Pos2, Pos2)>,
}

/// The colour of community `c` (the largest community is 0).
pub fn community_colour(c: usize) -> Color32 {
    super::theme::colour(crate::palette::community_colour(c))
}

/// Scene radius for a metric value, relative to the largest value in the view (the
/// rule the picture exports share: [`crate::palette::metric_radius`]).
pub fn metric_radius(value: f64, max: f64) -> f32 {
    crate::palette::metric_radius(value, max)
}

/// What the legend explains beyond kinds, factions and relations.
#[derive(Clone, Debug, Default)]
pub struct LegendExtra {
    /// Community colours and sizes, largest first (when colouring by community).
    pub communities: Vec<(Color32, usize, String)>,
    /// The size metric.
    pub size_by: Option<Metric>,
    /// A path is highlighted.
    pub has_path: bool,
    /// Two year ranges are compared.
    pub comparing: bool,
    /// Nodes are Shift+click selected.
    pub has_multi: bool,
    /// Excluded nodes are drawn faded.
    pub fading: bool,
    /// The timeline layout is shown (hollow places and span bars need a key).
    pub timeline: bool,
    /// In the agreement mode, the stance groups' sizes, largest first: the legend
    /// explains the derived edges and the groups' colours instead of relations.
    pub agreement_groups: Option<Vec<usize>>,
}

/// What the canvas draws on top of the plain graph.
#[derive(Clone, Debug, Default)]
pub struct Overlay {
    /// Excluded nodes drawn faded (fade mode), at their last positions (scene units).
    pub ghosts: Vec<(NodeIndex, Pos2)>,
    /// Excluded edges drawn faded, as scene segments.
    pub ghost_edges: Vec<(Pos2, Pos2)>,
    /// Edges on a highlighted path.
    pub path_edges: HashSet<EdgeIndex>,
    /// Nodes on a highlighted path.
    pub path_nodes: HashSet<NodeIndex>,
    /// The multi-selection.
    pub multi: BTreeSet<NodeIndex>,
    /// Nodes only in the second compared range.
    pub new_nodes: BTreeSet<NodeIndex>,
    /// Nodes only in the first compared range.
    pub gone_nodes: BTreeSet<NodeIndex>,
    /// Fill colours by community, when colouring by community.
    pub community: HashMap<NodeIndex, Color32>,
    /// Scene radii by metric, when sizing by a metric.
    pub size: HashMap<NodeIndex, f32>,
}

/// Community sizes of a view, largest first: `(community, colour, number of nodes)`
/// ([`crate::query::look::community_sizes`]).
pub fn community_sizes(m: &Metrics) -> Vec<(usize, Color32, usize)> {
    crate::query::look::community_sizes(m)
        .into_iter()
        .map(|(c, n)| (c, community_colour(c), n))
        .collect()
}

/// A short description of the active filters, one chip each: `(text, filter without it)`
/// ([`crate::query::look::filter_parts`], which the picture exports' caption uses too).
pub fn chips(kg: &KnowledgeGraph, f: &Filter) -> Vec<(String, Filter)> {
    crate::query::look::filter_parts(kg, f)
}

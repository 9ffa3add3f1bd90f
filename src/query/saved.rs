//! Saved views: the filters, focus, year range, colour and size mappings and pinned
//! positions, as a small named RON file that can be shared, versioned and diffed. The
//! file is read and written by [`crate::io::saved_view`]: query does no file IO.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::filter::Filter;
use super::metrics::Metric;

/// What node colour encodes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ColourMode {
    /// One colour per node kind.
    #[default]
    Kind,
    /// One colour per faction (first claim).
    Faction,
    /// One colour per Louvain community.
    Community,
}

/// A named, saved view of a graph.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SavedView {
    /// A name for the view, e.g. "Blairites in 2008".
    pub name: String,
    /// Filters, focus and year range.
    pub filter: Filter,
    /// Hide what the filter excludes (true) or only fade it (false).
    pub hide_excluded: bool,
    /// Colour mapping.
    pub colour_by: ColourMode,
    /// Size mapping.
    pub size_by: Option<Metric>,
    /// Pinned node positions by node id, in scene units.
    pub pinned: BTreeMap<String, [f32; 2]>,
    /// Two year ranges to compare, if a comparison is shown.
    pub compare: Option<((i32, i32), (i32, i32))>,
}

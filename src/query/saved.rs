//! Saved views: a name, a [`ViewSpec`], pinned positions and the positions of the shown
//! nodes, as a small RON file that can
//! be shared, versioned and diffed. The file is read and written by
//! [`crate::io::saved_view`]: query does no file IO.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::by_hand::ByHand;
use super::filter::Filter;
use super::metrics::Metric;
use super::spec::{ColourMode, ViewSpec, YearRanges};

/// A named, saved view of a graph.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(from = "SavedViewFile", into = "SavedViewFile")]
pub struct SavedView {
    /// A name for the view, e.g. "Blairites in 2008".
    pub name: String,
    /// What is shown and how.
    pub spec: ViewSpec,
    /// Pinned node positions by node id, in scene units.
    pub pinned: BTreeMap<String, [f32; 2]>,
    /// Where every shown node was drawn, by node id, in scene units: opening the view
    /// places the nodes there (without pinning them), so the picture comes back. Empty
    /// in files saved before positions were kept.
    pub positions: BTreeMap<String, [f32; 2]>,
}

impl Default for SavedView {
    /// An unnamed view of everything. A saved file that leaves `hide_excluded` out fades
    /// (the file format's default since its first version), unlike a new window.
    fn default() -> Self {
        SavedViewFile::default().into()
    }
}

/// The file's shape: the spec's fields side by side with the name and pins, as written
/// since the first version, so every saved view still opens.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename = "SavedView", default, deny_unknown_fields)]
struct SavedViewFile {
    name: String,
    filter: Filter,
    hide_excluded: bool,
    colour_by: ColourMode,
    size_by: Option<Metric>,
    pinned: BTreeMap<String, [f32; 2]>,
    compare: Option<YearRanges>,
    /// Left out when empty, so a view without positions keeps the older shape.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    positions: BTreeMap<String, [f32; 2]>,
    /// Left out when nothing was changed by hand, so such a view keeps the older shape
    /// (and files from before it open).
    #[serde(skip_serializing_if = "ByHand::is_empty")]
    by_hand: ByHand,
}

impl From<SavedViewFile> for SavedView {
    fn from(f: SavedViewFile) -> Self {
        SavedView {
            name: f.name,
            spec: ViewSpec {
                filter: f.filter,
                compare: f.compare,
                hide_excluded: f.hide_excluded,
                colour_by: f.colour_by,
                size_by: f.size_by,
                by_hand: f.by_hand,
            },
            pinned: f.pinned,
            positions: f.positions,
        }
    }
}

impl From<SavedView> for SavedViewFile {
    fn from(v: SavedView) -> Self {
        let ViewSpec {
            filter,
            compare,
            hide_excluded,
            colour_by,
            size_by,
            by_hand,
        } = v.spec;
        SavedViewFile {
            name: v.name,
            filter,
            hide_excluded,
            colour_by,
            size_by,
            pinned: v.pinned,
            compare,
            positions: v.positions,
            by_hand,
        }
    }
}

//! Saved views: the filters, focus, year range, colour and size mappings and pinned
//! positions, as a small named RON file that can be shared, versioned and diffed.

use std::collections::BTreeMap;
use std::path::Path;

use ron::extensions::Extensions;
use serde::{Deserialize, Serialize};

use super::filter::Filter;
use super::metrics::Metric;
use crate::io::{IoError, read_text, write_atomic};

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

impl SavedView {
    /// Pretty RON text of the view.
    pub fn to_ron(&self) -> Result<String, IoError> {
        let config = ron::ser::PrettyConfig::new()
            .struct_names(true)
            .extensions(Extensions::IMPLICIT_SOME);
        ron::ser::to_string_pretty(self, config)
            .map(|s| s + "\n")
            .map_err(|e| IoError::Encode {
                message: e.to_string(),
                path: "view".into(),
            })
    }

    /// Parses a view; errors carry line and column.
    pub fn from_ron(text: &str, path: &str) -> Result<Self, IoError> {
        ron::Options::default()
            .with_default_extension(Extensions::IMPLICIT_SOME)
            .from_str(text)
            .map_err(|e| {
                IoError::parse_at(
                    e.code.to_string(),
                    path,
                    text,
                    e.span.start.line.max(1),
                    e.span.start.col.max(1),
                )
            })
    }

    /// Reads a view file.
    pub fn load(path: &Path) -> Result<Self, IoError> {
        Self::from_ron(&read_text(path)?, &path.display().to_string())
    }

    /// Writes a view file atomically.
    pub fn save(&self, path: &Path) -> Result<(), IoError> {
        write_atomic(path, self.to_ron()?.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, Relation};

    #[test]
    fn round_trips_through_a_file() {
        let mut v = SavedView {
            name: "Blairites, 2008".into(),
            hide_excluded: true,
            ..Default::default()
        };
        v.filter.kinds.insert(Kind::Person);
        v.filter.relations.insert(Relation::Wrote);
        v.filter.factions.insert("Blairite".into());
        v.filter.years = Some((2008, 2008));
        v.filter.focus = Some("alan-milburn".into());
        v.filter.depth = 2;
        v.colour_by = ColourMode::Community;
        v.size_by = Some(Metric::PageRank);
        v.pinned.insert("alan-milburn".into(), [1.5, -2.0]);
        v.compare = Some(((2007, 2009), (2014, 2016)));
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("v.ron");
        v.save(&p).expect("save");
        assert_eq!(SavedView::load(&p).expect("load"), v);
    }

    #[test]
    fn bad_view_is_placed() {
        let err = SavedView::from_ron("(\n  name: 3,\n)", "v.ron").expect_err("bad");
        assert!(err.to_string().contains("v.ron:2:"), "{err}");
    }
}

//! The UI preferences persisted through eframe storage. Never the user's data: that lives
//! only in their own graph files.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::theme::ThemeChoice;
use crate::query::ColourMode;

/// The key under which [`State`] is stored.
pub const STORAGE_KEY: &str = "ideagraph.ui_state";

/// How many recent files are remembered.
pub const MAX_RECENT: usize = 8;

/// UI preferences. `#[serde(default)]` so that older or newer stored versions still load
/// (eframe silently drops state it cannot decode).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct State {
    /// Light or dark.
    pub theme: ThemeChoice,
    /// The colour mapping a new window starts with: a copy of the window's
    /// [`crate::query::ViewSpec::colour_by`], taken when the preferences are saved.
    pub colour_by: ColourMode,
    /// Width of the detail sidebar, in points.
    pub sidebar_width: f32,
    /// Width of the filter panel, in points.
    pub filters_width: f32,
    /// Whether the canvas shows the overview map: `None` to show it on views of more
    /// than [`crate::ui::MINIMAP_MIN_NODES`] nodes, else the user's choice.
    pub overview_map: Option<bool>,
    /// Recently opened graph files, most recent first.
    pub recent_files: Vec<PathBuf>,
    /// Whether the legend is expanded.
    pub legend_open: bool,
    /// Whether the filter panel (left) is open.
    pub filters_open: bool,
    /// The folder of source texts chosen with File > Sources folder…: where the reader
    /// looks after `--sources` and before the `sources/` folder beside the graph.
    pub sources_dir: Option<PathBuf>,
    /// Whether the source reader was open when the window last closed: it opens so.
    /// A copy of the reader's own flag, taken when the preferences are saved.
    pub reader_open: bool,
    /// Width of the source reader, in points.
    pub reader_width: f32,
    /// Width of the stance matrix panel, in points.
    pub stances_width: f32,
    /// The stance matrix's settings as the window last closed: a copy of the panel's,
    /// taken when the preferences are saved.
    pub stances: super::stances::StancePrefs,
}

impl Default for State {
    fn default() -> Self {
        Self {
            theme: ThemeChoice::Light,
            colour_by: ColourMode::Kind,
            sidebar_width: 380.0,
            filters_width: 330.0,
            overview_map: None,
            recent_files: Vec::new(),
            legend_open: true,
            // Closed at first so the canvas keeps its room; the toolbar's Filters opens it.
            filters_open: false,
            sources_dir: None,
            reader_open: false,
            reader_width: 440.0,
            stances_width: 620.0,
            stances: super::stances::StancePrefs::default(),
        }
    }
}

impl State {
    /// Puts `path` first in the recent files, without duplicates, keeping at most [`MAX_RECENT`].
    pub fn push_recent(&mut self, path: PathBuf) {
        self.recent_files.retain(|p| p != &path);
        self.recent_files.insert(0, path);
        self.recent_files.truncate(MAX_RECENT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_files_are_unique_and_bounded() {
        let mut s = State::default();
        for i in 0..12 {
            s.push_recent(PathBuf::from(format!("{i}.ron")));
        }
        s.push_recent(PathBuf::from("5.ron"));
        assert_eq!(s.recent_files.len(), MAX_RECENT);
        assert_eq!(s.recent_files.first(), Some(&PathBuf::from("5.ron")));
        assert_eq!(
            s.recent_files
                .iter()
                .filter(|p| p.as_path() == std::path::Path::new("5.ron"))
                .count(),
            1
        );
    }

    #[test]
    fn missing_fields_take_defaults() {
        let s: State = ron::from_str("(theme: Dark)").expect("parses");
        assert_eq!(s.theme, ThemeChoice::Dark);
        assert_eq!(s.sidebar_width, State::default().sidebar_width);
    }
}

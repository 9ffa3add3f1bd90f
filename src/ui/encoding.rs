//! [`Encoding`]: how a node's data maps to colour, computed once per graph so the canvas
//! and the legend agree.

use egui::Color32;

use super::theme::{faction_colour, kind_colour, no_faction_colour};
use crate::model::{KnowledgeGraph, Node};
use crate::query::ColourMode;
use crate::query::look::faction_ranks;

/// The faction palette of one graph.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Encoding {
    /// Factions by how many nodes claim them first, most first, each with its colour
    /// and count.
    pub factions: Vec<(String, Color32, usize)>,
    /// Nodes with no faction claim.
    pub num_without_faction: usize,
}

impl Encoding {
    /// Ranks the factions of `kg` by their number of nodes (ties by name), as
    /// [`crate::query::look::faction_ranks`] does for the picture exports.
    pub fn new(kg: &KnowledgeGraph) -> Self {
        let ranks = faction_ranks(kg);
        let factions = ranks
            .ranked
            .into_iter()
            .enumerate()
            .map(|(i, (f, c))| (f, faction_colour(i), c))
            .collect();
        Self {
            factions,
            num_without_faction: ranks.num_without,
        }
    }

    /// The fill colour of a node.
    pub fn node_colour(&self, node: &Node, by: ColourMode, dark: bool) -> Color32 {
        match by {
            // Communities depend on the view: the canvas colours them from the metrics.
            ColourMode::Kind | ColourMode::Community => kind_colour(node.kind, dark),
            ColourMode::Faction => primary_faction(node)
                .and_then(|f| self.factions.iter().find(|(name, ..)| name == f))
                .map_or_else(|| no_faction_colour(dark), |(_, c, _)| *c),
        }
    }
}

pub use crate::query::look::primary_faction;

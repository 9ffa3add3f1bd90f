//! [`Encoding`]: how a node's data maps to colour, computed once per graph so the canvas
//! and the legend agree.

use std::collections::BTreeMap;

use egui::Color32;

use super::theme::{faction_colour, kind_colour, no_faction_colour};
use crate::model::{KnowledgeGraph, Node};
use crate::query::ColourMode;

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
    /// Ranks the factions of `kg` by their number of nodes (ties by name).
    pub fn new(kg: &KnowledgeGraph) -> Self {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        let mut none = 0;
        for n in kg.graph().node_weights() {
            match primary_faction(n) {
                Some(f) => *counts.entry(f).or_default() += 1,
                None => none += 1,
            }
        }
        let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let factions = ranked
            .into_iter()
            .enumerate()
            .map(|(i, (f, c))| (f.to_owned(), faction_colour(i), c))
            .collect();
        Self {
            factions,
            num_without_faction: none,
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

/// The faction a node is coloured by: its first claim.
pub fn primary_faction(node: &Node) -> Option<&str> {
    node.factions.first().map(|f| f.faction.as_str())
}

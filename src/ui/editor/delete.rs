//! Deleting, after a confirmation that says what goes: a node with its edges ("Delete
//! Liz Kendall and their 12 edges?"), or one edge with its quotes.

use egui::{RichText, Ui};
use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use super::naming::sentence;
use super::quote_check::QuoteCheck;
use super::{Form, Select, Sending, Submitted};
use crate::model::{Edit, KnowledgeGraph};

/// "1 edge", "12 edges".
fn edges(n: usize) -> String {
    format!("{n} edge{}", if n == 1 { "" } else { "s" })
}

/// The question before deleting a node.
pub(super) struct DeleteNode {
    id: String,
    label: String,
    /// Its edges when the dialog opened.
    num_edges: usize,
    pub(super) refused: Option<String>,
}

impl DeleteNode {
    /// The question for the node at `ix`, if there is one.
    pub(super) fn new(kg: &KnowledgeGraph, ix: NodeIndex) -> Option<Self> {
        let node = kg.node_at(ix)?;
        let mut touching: Vec<EdgeIndex> = kg.incident(ix).into_iter().map(|(e, ..)| e).collect();
        // A loop is listed both ways.
        touching.dedup();
        Some(Self {
            id: node.id.clone(),
            label: node.label.clone(),
            num_edges: touching.len(),
            refused: None,
        })
    }

    /// "Delete Liz Kendall and their 12 edges?"
    fn question(&self) -> String {
        match self.num_edges {
            0 => format!("Delete {}? It has no edges.", self.label),
            n => format!("Delete {} and their {}?", self.label, edges(n)),
        }
    }
}

impl Form for DeleteNode {
    fn title(&self) -> &'static str {
        "Delete node"
    }

    fn action(&self) -> &'static str {
        "Delete"
    }

    fn body_ui(&mut self, ui: &mut Ui, kg: &KnowledgeGraph, _quotes: &QuoteCheck<'_>) {
        if kg.node(&self.id).is_none() {
            ui.label("This node is no longer in the graph.");
            return;
        }
        ui.label(RichText::new(self.question()).strong());
        ui.weak("Every quote on them goes too. Edit > Undo brings them all back.");
    }

    fn submit(&mut self, kg: &KnowledgeGraph, _quotes: &QuoteCheck<'_>) -> Submitted {
        self.refused = None;
        if kg.node(&self.id).is_none() {
            return Submitted::Close;
        }
        let label = match self.num_edges {
            0 => format!("delete node {}", self.label),
            n => format!("delete node {} and its {}", self.label, edges(n)),
        };
        Submitted::Send(Box::new(Sending {
            edit: Edit::RemoveNode(self.id.clone()),
            label,
            then: Select::Nothing,
        }))
    }

    fn refused(&mut self) -> &mut Option<String> {
        &mut self.refused
    }
}

/// The question before deleting an edge.
pub(super) struct DeleteEdge {
    at: EdgeIndex,
    /// The edge as a sentence when the dialog opened.
    sentence: String,
    quotes: usize,
    pub(super) refused: Option<String>,
}

impl DeleteEdge {
    /// The question for the edge at `at`, if there is one.
    pub(super) fn new(kg: &KnowledgeGraph, at: EdgeIndex) -> Option<Self> {
        let edge = kg.graph().edge_weight(at)?;
        Some(Self {
            at,
            sentence: sentence(kg, edge),
            quotes: edge.evidence.len(),
            refused: None,
        })
    }
}

impl Form for DeleteEdge {
    fn title(&self) -> &'static str {
        "Delete edge"
    }

    fn action(&self) -> &'static str {
        "Delete"
    }

    fn body_ui(&mut self, ui: &mut Ui, kg: &KnowledgeGraph, _quotes: &QuoteCheck<'_>) {
        if kg.graph().edge_weight(self.at).is_none() {
            ui.label("This edge is no longer in the graph.");
            return;
        }
        let quotes = match self.quotes {
            1 => "its quote".to_owned(),
            n => format!("its {n} quotes"),
        };
        ui.label(
            RichText::new(format!(
                "Delete the edge \u{201c}{}\u{201d} and {quotes}?",
                self.sentence
            ))
            .strong(),
        );
        ui.weak("Edit > Undo brings it back.");
    }

    fn submit(&mut self, kg: &KnowledgeGraph, _quotes: &QuoteCheck<'_>) -> Submitted {
        self.refused = None;
        if kg.graph().edge_weight(self.at).is_none() {
            return Submitted::Close;
        }
        Submitted::Send(Box::new(Sending {
            edit: Edit::RemoveEdge(self.at),
            label: format!("delete edge {}", self.sentence),
            then: Select::Nothing,
        }))
    }

    fn refused(&mut self) -> &mut Option<String> {
        &mut self.refused
    }
}

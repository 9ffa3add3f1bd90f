//! *Merge into…*: a duplicate node merged into the node to keep, chosen by typing. The
//! dialog says what the merge will do before it is made ([`crate::model::merge`]:
//! edges re-pointed or folded, aliases and evidence united, nothing lost); the merge
//! is one batch, one step to undo.

use egui::{RichText, Ui};

use super::fields::error_ui;
use super::picker::{NodePicker, picker_ui};
use super::quote_check::QuoteCheck;
use super::{Form, Select, Sending, Submitted};
use crate::model::{KnowledgeGraph, Merge, MergeError, merge};

/// The merge dialog.
pub(super) struct MergeInto {
    /// The id of the node merged away.
    id: String,
    /// The node to keep.
    keep: NodePicker,
    /// The merge worked out for a choice, keyed on the kept node and the graph's
    /// revision: worked out again only when either changes, not every frame.
    planned: Option<((String, u64), Result<Merge, MergeError>)>,
    pub(super) refused: Option<String>,
}

impl MergeInto {
    /// The dialog for merging the node with this id.
    pub(super) fn new(id: String) -> Self {
        Self {
            id,
            keep: NodePicker::default(),
            planned: None,
            refused: None,
        }
    }

    /// The merge into the chosen node, worked out once per choice and revision.
    fn plan(&mut self, kg: &KnowledgeGraph) -> Option<&Result<Merge, MergeError>> {
        let keep = self.keep.id(kg)?.to_owned();
        let key = (keep, kg.revision());
        if self.planned.as_ref().is_none_or(|(k, _)| *k != key) {
            let m = merge(kg, &self.id, &key.0);
            self.planned = Some((key, m));
        }
        self.planned.as_ref().map(|(_, m)| m)
    }
}

/// What the merge will do, in words.
fn summary(m: &Merge) -> String {
    let mut parts = vec![format!(
        "{} edge{} re-pointed",
        m.repointed,
        if m.repointed == 1 { "" } else { "s" }
    )];
    if m.folded > 0 {
        parts.push(format!(
            "{} folded into an edge stating the same fact",
            m.folded
        ));
    }
    if m.loops > 0 {
        parts.push(format!(
            "{} between the two becoming a loop on the node kept",
            m.loops
        ));
    }
    parts.join("; ")
}

impl Form for MergeInto {
    fn title(&self) -> &'static str {
        "Merge into"
    }

    fn action(&self) -> &'static str {
        "Merge"
    }

    fn body_ui(&mut self, ui: &mut Ui, kg: &KnowledgeGraph, _quotes: &QuoteCheck<'_>) {
        let Some(merged) = kg.node(&self.id) else {
            ui.label("This node is no longer in the graph.");
            return;
        };
        ui.label(format!(
            "Merge {} into the node to keep; {} becomes one of its aliases.",
            merged.label, merged.label
        ));
        let id = self.id.clone();
        picker_ui(ui, "Node to keep", kg, &mut self.keep, Some(&id));
        let keep = self
            .keep
            .id(kg)
            .and_then(|k| kg.node(k))
            .map(|n| n.label.clone());
        match (self.plan(kg), keep) {
            (Some(Ok(m)), Some(keep)) => {
                let text = format!(
                    "Merge {} into {keep}: {}.",
                    kg.node(&id).map_or("", |n| n.label.as_str()),
                    summary(m)
                );
                ui.label(RichText::new(text).strong());
                ui.weak("Aliases, quotes, roles and faction claims are united, none repeated; anything the kept node has no room for is kept in its attributes.");
            }
            (Some(Err(e)), _) => error_ui(ui, &e.to_string()),
            _ => {}
        }
    }

    fn submit(&mut self, kg: &KnowledgeGraph, _quotes: &QuoteCheck<'_>) -> Submitted {
        self.refused = None;
        let (Some(merged), Some(keep)) = (
            kg.node(&self.id).map(|n| n.label.clone()),
            self.keep
                .id(kg)
                .and_then(|k| kg.node(k))
                .map(|n| (n.id.clone(), n.label.clone())),
        ) else {
            self.refused = Some("Choose the node to keep.".to_owned());
            return Submitted::Stay;
        };
        match self.plan(kg) {
            Some(Ok(m)) => Submitted::Send(Box::new(Sending {
                edit: m.edit.clone(),
                label: format!("merge {merged} into {}", keep.1),
                then: Select::Node(keep.0),
            })),
            Some(Err(e)) => {
                self.refused = Some(e.to_string());
                Submitted::Stay
            }
            None => Submitted::Stay,
        }
    }

    fn refused(&mut self) -> &mut Option<String> {
        &mut self.refused
    }
}

//! The window's door to the model's mutation API: [`App::edit`] and [`App::undo_edit`]
//! change the graph and forget the index-keyed state of what they removed; everything
//! else follows from the graph's revision on the next frame. A child of `app` so it can
//! reach the app's state.

use std::collections::HashSet;
use std::sync::Arc;

use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use super::App;
use crate::model::{Applied, Edit, EditError, Inverse, KnowledgeGraph};
use crate::ui::history::Selection;

impl App {
    /// Changes the graph through the model's checked mutation API
    /// ([`KnowledgeGraph::apply`]) and returns what it did, with its inverse for undo.
    /// The window's own state that names nodes and edges by index (selection and its
    /// history, path ends, the multi-selection, last positions and pins) forgets the
    /// ones the edit removes, since a later edit may give their slots to new records.
    /// Nothing else is told: the next frame finds the graph's revision renewed, and
    /// everything drawn from the graph (view, colours, metrics, paths, search hits, the
    /// canvas's meshes and picture) is derived again from it.
    ///
    /// # Errors
    /// As [`KnowledgeGraph::apply`]: the graph is then exactly as it was.
    pub fn edit(&mut self, edit: Edit) -> Result<Applied, EditError> {
        let gone = Removed::by(&self.kg, &edit);
        let renamed = renames(&edit);
        let applied = Arc::make_mut(&mut self.kg).apply(edit)?;
        self.forget(&gone);
        self.follow_renames(&renamed);
        Ok(applied)
    }

    /// Undoes an edit by its inverse ([`KnowledgeGraph::undo`]), forgetting what it
    /// removes as [`App::edit`] does.
    ///
    /// # Errors
    /// As [`KnowledgeGraph::undo`] (an inverse used out of order is stale).
    pub fn undo_edit(&mut self, inverse: Inverse) -> Result<Applied, EditError> {
        let gone = Removed::by(&self.kg, inverse.edit());
        let renamed = renames(inverse.edit());
        let applied = Arc::make_mut(&mut self.kg).undo(inverse)?;
        self.forget(&gone);
        self.follow_renames(&renamed);
        Ok(applied)
    }

    /// The spec names nodes by id (the focus, the nodes chosen by hand): a renamed
    /// node keeps its place in it under its new id.
    fn follow_renames(&mut self, renamed: &[(String, String)]) {
        for (from, to) in renamed {
            self.spec.by_hand.rename(from, to);
            if self.spec.filter.focus.as_deref() == Some(from.as_str()) {
                self.spec.filter.focus = Some(to.clone());
            }
        }
    }

    /// Drops every index-keyed reference to what an edit removed.
    fn forget(&mut self, gone: &Removed) {
        if gone.nodes.is_empty() && gone.edges.is_empty() {
            return;
        }
        self.history.retain(|sel| match sel {
            Selection::Node(ix) => !gone.nodes.contains(&ix),
            Selection::Edge(e) => !gone.edges.contains(&e),
        });
        let ex = &mut self.explore;
        ex.path_from = ex.path_from.filter(|ix| !gone.nodes.contains(ix));
        ex.path_to = ex.path_to.filter(|ix| !gone.nodes.contains(ix));
        for ix in &gone.nodes {
            ex.multi.remove(ix);
            ex.last_pos.remove(ix);
            // Only a pin to drop: unpinning lets the held layout move again.
            if self.layout.is_pinned(*ix) {
                self.layout.unpin(*ix);
            }
        }
    }
}

/// The nodes `edit` renames, `(old id, new id)`, in the order it renames them.
fn renames(edit: &Edit) -> Vec<(String, String)> {
    match edit {
        Edit::UpdateNode { id, node } if *id != node.id => vec![(id.clone(), node.id.clone())],
        Edit::Batch(steps) => steps.iter().flat_map(renames).collect(),
        _ => Vec::new(),
    }
}

/// The nodes and edges an edit removes, by their indices before it is applied.
#[derive(Debug, Default)]
struct Removed {
    nodes: HashSet<NodeIndex>,
    edges: HashSet<EdgeIndex>,
}

impl Removed {
    /// What `edit` would remove from `kg`: removed nodes with every edge touching them,
    /// and removed edges (in a batch, each step's).
    fn by(kg: &KnowledgeGraph, edit: &Edit) -> Self {
        let mut out = Removed::default();
        out.collect(kg, edit);
        out
    }

    fn collect(&mut self, kg: &KnowledgeGraph, edit: &Edit) {
        match edit {
            Edit::RemoveNode(id) => {
                if let Some(ix) = kg.index_of(id) {
                    self.nodes.insert(ix);
                    self.edges
                        .extend(kg.incident(ix).into_iter().map(|(e, ..)| e));
                }
            }
            Edit::RemoveEdge(e) => {
                self.edges.insert(*e);
            }
            Edit::Batch(steps) => {
                for step in steps {
                    self.collect(kg, step);
                }
            }
            _ => {}
        }
    }
}

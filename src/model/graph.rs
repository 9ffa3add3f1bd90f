//! [`KnowledgeGraph`]: the document's nodes and edges on a petgraph `StableGraph`, with an id index.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::mem;
use std::sync::atomic::{AtomicU64, Ordering};

use petgraph::Direction;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::EdgeRef;

use super::document::{Document, Edge, Node, Source};
use super::edit::EditError;

/// The in-memory graph. Build it with [`KnowledgeGraph::from_document`]; turn it back
/// into a document (losslessly, in the same order) with [`KnowledgeGraph::to_document`];
/// change it with [`KnowledgeGraph::apply`], which checks each change and answers it with
/// its inverse (see [`super::Edit`]).
///
/// Nodes and edges live in petgraph's slots, and the document lists them in slot order.
/// A removal leaves its slot free and the next addition takes the slot freed last, so a
/// node added after a removal is listed where the removed one was, not at the end.
/// Undoing edits in reverse order frees and refills the same slots in reverse, so every
/// index and the document order come back as they were.
///
/// # Examples
///
/// ```
/// use ideagraph::model::{Document, Edge, Kind, KnowledgeGraph, Node, Relation};
///
/// let mut doc = Document::default();
/// doc.nodes.push(Node::new("alan-milburn", "Alan Milburn", Kind::Person));
/// doc.nodes.push(Node::new("beyond-whitehall", "Beyond Whitehall", Kind::Publication));
/// doc.edges.push(Edge::new("alan-milburn", "beyond-whitehall", Relation::Wrote));
///
/// let kg = KnowledgeGraph::from_document(doc.clone());
/// assert_eq!((kg.num_nodes(), kg.num_edges()), (2, 1));
/// let milburn = kg.index_of("alan-milburn").expect("by id");
/// assert_eq!(kg.node_at(milburn).map(|n| n.label.as_str()), Some("Alan Milburn"));
/// assert_eq!(kg.to_document(), doc);
/// ```
#[derive(Clone, Debug)]
pub struct KnowledgeGraph {
    /// Title of the collection.
    pub title: String,
    /// The sources quoted, in document order.
    pub sources: Vec<Source>,
    /// Nodes carry [`Node`], edges carry [`Edge`]. Private, so the id index always
    /// matches it: read it through [`KnowledgeGraph::graph`].
    graph: StableDiGraph<Node, Edge>,
    index: HashMap<String, NodeIndex>,
    /// Edges whose ends were unknown when built, kept so nothing in the file is lost.
    dangling: Vec<Edge>,
    /// Renewed by every change to a node or an edge (see [`fresh_revision`]): caches built
    /// from the graph keep the revision they were built at and are rebuilt when it moves.
    revision: u64,
    /// Which state of its edit history the graph is in: renewed by every change of fact
    /// but set back by an undo to the state it returns to, so that an undo is applied only
    /// to the very state it was made for (see [`super::Inverse`]).
    history: u64,
}

impl Default for KnowledgeGraph {
    /// An empty graph, with a revision of its own.
    fn default() -> Self {
        Self {
            title: String::new(),
            sources: Vec::new(),
            graph: StableDiGraph::default(),
            index: HashMap::new(),
            dangling: Vec::new(),
            revision: fresh_revision(),
            history: fresh_revision(),
        }
    }
}

/// A revision number never handed out before in this process. Shared by every graph, so
/// that two graphs (one replacing the other in the window) never carry the same revision.
fn fresh_revision() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl KnowledgeGraph {
    /// Builds the graph. Duplicate node ids keep the first; edges with unknown ends are
    /// kept aside (see [`KnowledgeGraph::to_document`]) so a round trip loses nothing.
    /// Run [`super::validate`] first to report those problems.
    pub fn from_document(doc: Document) -> Self {
        let mut kg = KnowledgeGraph {
            title: doc.title,
            sources: doc.sources,
            ..Default::default()
        };
        kg.graph.reserve_nodes(doc.nodes.len());
        kg.graph.reserve_edges(doc.edges.len());
        // Sized once: growing a 100k-entry index rehashes every id several times.
        kg.index.reserve(doc.nodes.len());
        for n in doc.nodes {
            // One hash per node (not a lookup and then an insert).
            if let Entry::Vacant(slot) = kg.index.entry(n.id.clone()) {
                slot.insert(kg.graph.add_node(n));
            }
        }
        for e in doc.edges {
            match (kg.index.get(&e.from), kg.index.get(&e.to)) {
                (Some(&a), Some(&b)) => {
                    kg.graph.add_edge(a, b, e);
                }
                _ => kg.dangling.push(e),
            }
        }
        kg
    }

    /// The document form, nodes and edges in insertion order.
    pub fn to_document(&self) -> Document {
        Document {
            title: self.title.clone(),
            sources: self.sources.clone(),
            nodes: self.graph.node_weights().cloned().collect(),
            edges: self
                .graph
                .edge_weights()
                .chain(self.dangling.iter())
                .cloned()
                .collect(),
            ..Document::default()
        }
    }

    /// The graph's revision: it changes whenever a node or an edge is added, changed or
    /// removed, and only then (a saved position is not a change of fact; an edit counts
    /// as a change even if it leaves every record as it was). Revisions are
    /// unique in the process, so a graph loaded in place of another never shares one with
    /// it: anything derived from a graph is fresh exactly while it was derived at the
    /// current revision.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The petgraph graph, read-only: for iterating and for petgraph's algorithms.
    /// Nothing outside this type can add, remove or rename a node behind the id index.
    pub fn graph(&self) -> &StableDiGraph<Node, Edge> {
        &self.graph
    }

    /// Sets or clears the saved position of the node at `ix`; false if there is no such
    /// node. A position is not identity, so the id index stays as it is.
    pub fn set_pos(&mut self, ix: NodeIndex, pos: Option<[f32; 2]>) -> bool {
        match self.graph.node_weight_mut(ix) {
            Some(n) => {
                n.pos = pos;
                true
            }
            None => false,
        }
    }

    /// The index of the node with this id.
    pub fn index_of(&self, id: &str) -> Option<NodeIndex> {
        self.index.get(id).copied()
    }

    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.index_of(id).and_then(|ix| self.graph.node_weight(ix))
    }

    /// The node at this index.
    pub fn node_at(&self, ix: NodeIndex) -> Option<&Node> {
        self.graph.node_weight(ix)
    }

    /// The source with this id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// Number of nodes.
    pub fn num_nodes(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of edges in the graph (dangling ones excluded).
    pub fn num_edges(&self) -> usize {
        self.graph.edge_count()
    }

    /// Node indices in insertion order.
    pub fn node_indices(&self) -> impl Iterator<Item = NodeIndex> + '_ {
        self.graph.node_indices()
    }

    /// Edge indices in insertion order.
    pub fn edge_indices(&self) -> impl Iterator<Item = EdgeIndex> + '_ {
        self.graph.edge_indices()
    }

    /// Number of edges touching a node, in either direction.
    pub fn degree(&self, ix: NodeIndex) -> usize {
        self.graph.edges_directed(ix, Direction::Outgoing).count()
            + self.graph.edges_directed(ix, Direction::Incoming).count()
    }

    /// Every edge touching `ix`, with the node at its other end and whether it points out.
    pub fn incident(&self, ix: NodeIndex) -> Vec<(EdgeIndex, NodeIndex, bool)> {
        let out = self
            .graph
            .edges_directed(ix, Direction::Outgoing)
            .map(|e| (e.id(), e.target(), true));
        let inc = self
            .graph
            .edges_directed(ix, Direction::Incoming)
            .map(|e| (e.id(), e.source(), false));
        let mut v: Vec<_> = out.chain(inc).collect();
        v.sort_by_key(|&(e, ..)| e.index());
        v
    }

    /// The ends of an edge.
    pub fn endpoints(&self, e: EdgeIndex) -> Option<(NodeIndex, NodeIndex)> {
        self.graph.edge_endpoints(e)
    }

    /// Adds a node without [`KnowledgeGraph::apply`]'s checks and without an inverse: a
    /// builder's method, for records known to be valid (a subgraph of a loaded graph).
    /// Returns `None`, changing nothing, if the id is taken. Renews the revision, and the
    /// inverses of earlier edits no longer apply (see [`super::Inverse`]).
    pub fn add_node(&mut self, node: Node) -> Option<NodeIndex> {
        let ix = self.insert_node(node).ok()?;
        self.renew(None);
        Some(ix)
    }

    /// Adds an edge without [`KnowledgeGraph::apply`]'s checks and without an inverse, as
    /// [`KnowledgeGraph::add_node`] adds a node. Returns `None`, changing nothing, if an end
    /// is unknown.
    pub fn add_edge(&mut self, edge: Edge) -> Option<EdgeIndex> {
        let e = self.insert_edge(edge).ok()?;
        self.renew(None);
        Some(e)
    }

    // The primitives edits are made of (see `super::edit`). Each keeps the id index and the
    // edges' `from` and `to` in step with the petgraph graph, changes nothing when it fails,
    // and leaves the revision to its caller, which renews it once per edit.

    /// Which state of its edit history the graph is in.
    pub(super) fn history(&self) -> u64 {
        self.history
    }

    /// Records a change of fact: a new revision, and the history state `state` (a new one,
    /// unless an undo returns to an earlier one). Returns the history state.
    pub(super) fn renew(&mut self, state: Option<u64>) -> u64 {
        self.revision = fresh_revision();
        self.history = state.unwrap_or_else(fresh_revision);
        self.history
    }

    /// Adds a node, in the slot freed last if there is one.
    pub(super) fn insert_node(&mut self, node: Node) -> Result<NodeIndex, EditError> {
        match self.index.entry(node.id.clone()) {
            Entry::Occupied(_) => Err(EditError::DuplicateId(node.id)),
            Entry::Vacant(slot) => Ok(*slot.insert(self.graph.add_node(node))),
        }
    }

    /// Replaces the node with id `id` by `node` in its slot, returning the slot and the old
    /// node. A new id renames: the id index and the node's edges follow.
    pub(super) fn replace_node(
        &mut self,
        id: &str,
        node: Node,
    ) -> Result<(NodeIndex, Node), EditError> {
        let ix = self.known(id)?;
        if node.id != id && self.index.contains_key(&node.id) {
            return Err(EditError::DuplicateId(node.id));
        }
        let new_id = node.id.clone();
        let Some(old) = self
            .graph
            .node_weight_mut(ix)
            .map(|w| mem::replace(w, node))
        else {
            // The index names live slots only.
            return Err(EditError::UnknownNode(id.to_owned()));
        };
        if new_id != id {
            self.index.remove(id);
            self.index.insert(new_id.clone(), ix);
            for (e, ..) in self.incident(ix) {
                let ends = self.graph.edge_endpoints(e);
                if let (Some((a, b)), Some(w)) = (ends, self.graph.edge_weight_mut(e)) {
                    // By ends, not by name: a self-loop has both.
                    if a == ix {
                        w.from.clone_from(&new_id);
                    }
                    if b == ix {
                        w.to.clone_from(&new_id);
                    }
                }
            }
        }
        Ok((ix, old))
    }

    /// Removes the node with id `id` and its edges. Returns the node and its edges in the
    /// order that adding them back (the node first) refills the slots they held: the edges
    /// are freed in index order, and petgraph reuses the slot freed last first.
    pub(super) fn take_node(&mut self, id: &str) -> Result<(Node, Vec<Edge>), EditError> {
        let ix = self.known(id)?;
        let mut edges: Vec<EdgeIndex> = self.incident(ix).into_iter().map(|(e, ..)| e).collect();
        // Sorted by index, with a self-loop listed twice (once each way).
        edges.dedup();
        let mut taken: Vec<Edge> = edges
            .into_iter()
            .filter_map(|e| self.graph.remove_edge(e))
            .collect();
        taken.reverse();
        let Some(node) = self.graph.remove_node(ix) else {
            return Err(EditError::UnknownNode(id.to_owned()));
        };
        self.index.remove(id);
        Ok((node, taken))
    }

    /// Adds an edge between the nodes its `from` and `to` name, in the slot freed last if
    /// there is one.
    pub(super) fn insert_edge(&mut self, edge: Edge) -> Result<EdgeIndex, EditError> {
        let (a, b) = (self.known(&edge.from)?, self.known(&edge.to)?);
        Ok(self.graph.add_edge(a, b, edge))
    }

    /// Replaces the edge at `at` by `edge`, keeping its index, and returns the old edge.
    pub(super) fn replace_edge(&mut self, at: EdgeIndex, edge: Edge) -> Result<Edge, EditError> {
        let ends = self
            .graph
            .edge_endpoints(at)
            .ok_or(EditError::UnknownEdge(at))?;
        let (a, b) = (self.known(&edge.from)?, self.known(&edge.to)?);
        if ends == (a, b) {
            let slot = self.graph.edge_weight_mut(at);
            return slot
                .map(|w| mem::replace(w, edge))
                .ok_or(EditError::UnknownEdge(at));
        }
        // petgraph cannot move an edge's ends: remove it and add it anew. The new edge
        // takes the slot just freed, so the index and the document order stay.
        let old = self.take_edge(at)?;
        let again = self.graph.add_edge(a, b, edge);
        debug_assert_eq!(again, at, "petgraph reuses the slot freed last");
        Ok(old)
    }

    /// Removes the edge at `at` and returns it.
    pub(super) fn take_edge(&mut self, at: EdgeIndex) -> Result<Edge, EditError> {
        self.graph.remove_edge(at).ok_or(EditError::UnknownEdge(at))
    }

    /// The index of the node with id `id`, or the error naming it.
    fn known(&self, id: &str) -> Result<NodeIndex, EditError> {
        self.index_of(id)
            .ok_or_else(|| EditError::UnknownNode(id.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, Relation};

    #[test]
    fn builds_index_and_round_trips() {
        let mut d = Document::default();
        d.nodes.push(Node::new("a", "A", Kind::Person));
        d.nodes.push(Node::new("b", "B", Kind::Concept));
        d.edges.push(Edge::new("a", "b", Relation::Advocates));
        d.edges.push(Edge::new("a", "ghost", Relation::Mentions));
        let kg = KnowledgeGraph::from_document(d.clone());
        assert_eq!(kg.num_nodes(), 2);
        assert_eq!(kg.num_edges(), 1);
        let a = kg.index_of("a").expect("a");
        assert_eq!(kg.degree(a), 1);
        assert_eq!(kg.node("b").map(|n| n.label.as_str()), Some("B"));
        assert_eq!(kg.to_document(), d);
    }

    #[test]
    fn revision_moves_on_change_and_differs_between_graphs() {
        let mut d = Document::default();
        d.nodes.push(Node::new("a", "A", Kind::Person));
        let mut kg = KnowledgeGraph::from_document(d.clone());
        let other = KnowledgeGraph::from_document(d);
        assert_ne!(
            kg.revision(),
            other.revision(),
            "a reload is a new revision"
        );
        let before = kg.revision();
        let a = kg.index_of("a").expect("a");
        assert!(kg.set_pos(a, Some([1.0, 2.0])));
        assert_eq!(kg.revision(), before, "a position is not a change of fact");
        kg.add_node(Node::new("b", "B", Kind::Concept));
        assert_ne!(kg.revision(), before);
        let after_node = kg.revision();
        kg.add_edge(Edge::new("a", "b", Relation::Advocates));
        assert_ne!(kg.revision(), after_node);
    }

    #[test]
    fn even_empty_graphs_have_revisions_of_their_own() {
        let (a, b) = (KnowledgeGraph::default(), KnowledgeGraph::default());
        assert_ne!(a.revision(), b.revision());
        assert_ne!(
            a.history(),
            b.history(),
            "an undo of one cannot apply to the other"
        );
    }
}

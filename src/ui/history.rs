//! What is selected, and the back/forward history of selections.

use petgraph::stable_graph::{EdgeIndex, NodeIndex};

/// A selected node or edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Selection {
    /// A node.
    Node(NodeIndex),
    /// An edge.
    Edge(EdgeIndex),
}

impl Selection {
    /// The node, if a node is selected.
    pub fn node(self) -> Option<NodeIndex> {
        match self {
            Selection::Node(ix) => Some(ix),
            Selection::Edge(_) => None,
        }
    }

    /// The edge, if an edge is selected.
    pub fn edge(self) -> Option<EdgeIndex> {
        match self {
            Selection::Edge(e) => Some(e),
            Selection::Node(_) => None,
        }
    }
}

/// The current selection with a browser-like back and forward history.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    back: Vec<Selection>,
    current: Option<Selection>,
    forward: Vec<Selection>,
}

/// Older entries are dropped beyond this many.
const MAX_HISTORY: usize = 200;

impl History {
    /// The current selection.
    pub fn current(&self) -> Option<Selection> {
        self.current
    }

    /// Selects `sel` (or clears with `None`); the previous selection goes on the back stack
    /// and the forward stack is cleared. Selecting the current selection again does nothing.
    pub fn select(&mut self, sel: Option<Selection>) {
        if sel == self.current {
            return;
        }
        if let Some(prev) = self.current.take() {
            self.back.push(prev);
            if self.back.len() > MAX_HISTORY {
                self.back.remove(0);
            }
        }
        self.current = sel;
        self.forward.clear();
    }

    /// Whether [`History::back`] would do something.
    pub fn can_go_back(&self) -> bool {
        !self.back.is_empty()
    }

    /// Whether [`History::forward`] would do something.
    pub fn can_go_forward(&self) -> bool {
        !self.forward.is_empty()
    }

    /// Goes back one step; returns the new selection.
    pub fn back(&mut self) -> Option<Selection> {
        let prev = self.back.pop()?;
        if let Some(cur) = self.current.replace(prev) {
            self.forward.push(cur);
        }
        Some(prev)
    }

    /// Goes forward one step; returns the new selection.
    pub fn forward(&mut self) -> Option<Selection> {
        let next = self.forward.pop()?;
        if let Some(cur) = self.current.replace(next) {
            self.back.push(cur);
        }
        Some(next)
    }

    /// Forgets everything (e.g. when another graph is loaded).
    pub fn clear(&mut self) {
        *self = Self::default();
    }

    /// Drops entries that no longer satisfy `keep` (e.g. nodes hidden by a filter stay,
    /// but nodes of a replaced graph go).
    pub fn retain(&mut self, keep: impl Fn(Selection) -> bool) {
        self.back.retain(|s| keep(*s));
        self.forward.retain(|s| keep(*s));
        if self.current.is_some_and(|s| !keep(s)) {
            self.current = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(i: usize) -> Option<Selection> {
        Some(Selection::Node(NodeIndex::new(i)))
    }

    #[test]
    fn back_and_forward_walk_the_chain() {
        let mut h = History::default();
        h.select(n(1));
        h.select(n(2));
        h.select(n(3));
        assert_eq!(h.back(), n(2));
        assert_eq!(h.back(), n(1));
        assert_eq!(h.back(), None);
        assert_eq!(h.current(), n(1));
        assert_eq!(h.forward(), n(2));
        h.select(n(4));
        assert!(!h.can_go_forward());
        assert_eq!(h.back(), n(2));
    }

    #[test]
    fn clearing_can_be_undone() {
        let mut h = History::default();
        h.select(n(1));
        h.select(None);
        assert_eq!(h.current(), None);
        assert_eq!(h.back(), n(1));
        h.select(n(1));
        assert!(h.can_go_back() || h.current() == n(1));
    }
}

//! [`ByNode`]: a value for some of a graph's nodes, kept in an array by node index.
//! What the window writes for every shown node on each change of the view (where the
//! layout left each node, which were still moving) lives here rather than in hash
//! maps: a million inserts into one took a quarter of a second on the window's thread.

use petgraph::stable_graph::NodeIndex;

/// A value for some nodes, by node index.
#[derive(Clone, Debug)]
pub struct ByNode<T>(Vec<Option<T>>);

impl<T> Default for ByNode<T> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<T: Clone> ByNode<T> {
    /// Sets the value of `ix`.
    pub fn insert(&mut self, ix: NodeIndex, value: T) {
        if self.0.len() <= ix.index() {
            self.0.resize(ix.index() + 1, None);
        }
        self.0[ix.index()] = Some(value);
    }
}

impl<T> ByNode<T> {
    /// The value of `ix`, if it has one.
    pub fn get(&self, ix: &NodeIndex) -> Option<&T> {
        self.0.get(ix.index())?.as_ref()
    }

    /// The value of `ix` to change, if it has one.
    pub fn get_mut(&mut self, ix: &NodeIndex) -> Option<&mut T> {
        self.0.get_mut(ix.index())?.as_mut()
    }

    /// Whether `ix` has a value.
    pub fn contains(&self, ix: &NodeIndex) -> bool {
        self.get(ix).is_some()
    }

    /// Forgets the value of `ix`.
    pub fn remove(&mut self, ix: &NodeIndex) {
        if let Some(slot) = self.0.get_mut(ix.index()) {
            *slot = None;
        }
    }

    /// Forgets every value.
    pub fn clear(&mut self) {
        self.0.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_set_read_and_forgotten_by_node() {
        let mut m = ByNode::default();
        let (a, b) = (NodeIndex::new(3), NodeIndex::new(10));
        m.insert(b, 2.5);
        assert_eq!((m.get(&a), m.get(&b)), (None, Some(&2.5)));
        m.insert(a, 1.0);
        *m.get_mut(&a).expect("a") += 1.0;
        assert_eq!(m.get(&a), Some(&2.0));
        m.remove(&b);
        assert!(!m.contains(&b) && m.contains(&a));
        m.remove(&NodeIndex::new(99));
        m.clear();
        assert!(!m.contains(&a));
    }
}

//! [`UndoStack`]: every change the user made in the window, each under the label Edit >
//! Undo names it by, walked back and forth by undo and redo, with the state last saved
//! marked so the window knows when the document is as it is on disk.
//!
//! A step is either a change of fact (the model's [`Inverse`], which undoes it and, once
//! used, answers with the inverse that redoes it) or a node moved or pinned on the canvas
//! (its place before and after), or the whole layout reset (the arrangement it replaced).
//! Places are not part of the document, so they never make it unsaved; they share the
//! stack so that one Ctrl+Z undoes whatever was done last.

use std::collections::HashMap;

use petgraph::stable_graph::NodeIndex;

use crate::model::Inverse;

/// How many steps the stack keeps, at most: the oldest are forgotten past it.
pub const MAX_UNDO: usize = 1_000;

/// Where a node was drawn and whether it was pinned there.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Place {
    /// The node's position in scene units, if it was laid out.
    pub pos: Option<[f32; 2]>,
    /// Whether it was pinned.
    pub pinned: bool,
}

/// Every shown node's place, as the canvas drew it: what *Reset layout* replaces and
/// its undo puts back.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Arrangement {
    /// Nodes that were free, where they were drawn, in scene units.
    pub positions: HashMap<NodeIndex, [f32; 2]>,
    /// Nodes that were pinned, where they were pinned.
    pub pins: HashMap<NodeIndex, [f32; 2]>,
}

/// What one step changed, and how to change it the other way.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// A change of fact: the inverse that undoes it while the step is done, or that
    /// redoes it once it has been undone. (Boxed: an inverse holds whole records, and a
    /// place is a few numbers.)
    Graph(Box<Inverse>),
    /// A node dragged, pinned or released on the canvas.
    Place {
        /// The node.
        node: NodeIndex,
        /// Its place before the step.
        before: Place,
        /// Its place after the step.
        after: Place,
    },
    /// The layout laid out afresh: while the step is done, the arrangement it replaced
    /// (undo puts it back); once undone, `None` (redo lays out afresh again).
    Layout(Option<Box<Arrangement>>),
}

impl Step {
    /// Whether the step changes the document (a place does not).
    pub fn is_graph(&self) -> bool {
        matches!(self, Step::Graph(_))
    }
}

/// One step with its name.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// What Edit > Undo calls it: "add edge Liz Kendall advocates localism".
    pub label: String,
    /// What it changed.
    pub step: Step,
    /// The state the stack is in once this step is done (see [`UndoStack::state`]).
    after: u64,
}

impl Entry {
    /// The entry with its step replaced by what `turn` makes of it: once undone, the
    /// step that redoes it, and the other way round. Its label and state stay.
    ///
    /// # Errors
    /// `turn`'s, when the step could not be undone or redone.
    pub fn turn<E>(self, turn: impl FnOnce(Step) -> Result<Step, E>) -> Result<Entry, E> {
        let Entry { label, step, after } = self;
        Ok(Entry {
            label,
            step: turn(step)?,
            after,
        })
    }
}

/// The steps done (undoable) and undone (redoable), oldest first.
#[derive(Clone, Debug)]
pub struct UndoStack {
    /// `entries[..done]` are done, newest last; `entries[done..]` were undone, the next
    /// to redo first.
    entries: Vec<Entry>,
    done: usize,
    /// The state before the oldest entry.
    base: u64,
    /// The state the document was last saved in, if the stack can still reach it.
    saved: Option<u64>,
    /// The next state number to hand out.
    next_state: u64,
    limit: usize,
}

impl Default for UndoStack {
    fn default() -> Self {
        Self::with_limit(MAX_UNDO)
    }
}

impl UndoStack {
    /// An empty stack keeping at most `limit` steps (at least one), whose starting state
    /// counts as saved.
    pub fn with_limit(limit: usize) -> Self {
        Self {
            entries: Vec::new(),
            done: 0,
            base: 0,
            saved: Some(0),
            next_state: 1,
            limit: limit.max(1),
        }
    }

    /// Records a step just done: it becomes the next to undo, and whatever was undone
    /// before it can no longer be redone. Past the limit the oldest step is forgotten.
    pub fn push(&mut self, label: String, step: Step) {
        self.drop_redo();
        let after = self.fresh_state();
        self.entries.push(Entry { label, step, after });
        self.done += 1;
        if self.entries.len() > self.limit {
            self.forget_oldest();
        }
    }

    /// The step the next undo undoes.
    pub fn next_undo(&self) -> Option<&Entry> {
        self.done.checked_sub(1).and_then(|i| self.entries.get(i))
    }

    /// The step the next redo redoes.
    pub fn next_redo(&self) -> Option<&Entry> {
        self.entries.get(self.done)
    }

    /// Takes out the step to undo; give it back, turned round, with
    /// [`UndoStack::put_undone`] (or [`UndoStack::clear`] if it could not be undone).
    pub fn take_undo(&mut self) -> Option<Entry> {
        let i = self.done.checked_sub(1)?;
        self.done = i;
        Some(self.entries.remove(i))
    }

    /// Gives back an entry taken by [`UndoStack::take_undo`], its step now the one that
    /// redoes it: it becomes the next to redo.
    pub fn put_undone(&mut self, entry: Entry) {
        self.entries.insert(self.done, entry);
    }

    /// Takes out the step to redo; give it back, turned round, with
    /// [`UndoStack::put_redone`] (or [`UndoStack::clear`] if it could not be redone).
    pub fn take_redo(&mut self) -> Option<Entry> {
        (self.done < self.entries.len()).then(|| self.entries.remove(self.done))
    }

    /// Gives back an entry taken by [`UndoStack::take_redo`], its step now the one that
    /// undoes it: it becomes the next to undo.
    pub fn put_redone(&mut self, entry: Entry) {
        self.entries.insert(self.done, entry);
        self.done += 1;
    }

    /// Forgets every step (after one could not be undone, the rest no longer fit the
    /// graph). The document then counts as unsaved, as nobody can tell it is not.
    pub fn clear(&mut self) {
        self.entries.clear();
        self.done = 0;
        self.base = self.fresh_state();
        self.saved = None;
    }

    /// Every step, oldest first, and how many of them are done: the History list.
    pub fn entries(&self) -> (&[Entry], usize) {
        (&self.entries, self.done)
    }

    /// A number for the state the steps have brought the document and canvas to: the
    /// same after undoing back to it, another after any new step.
    pub fn state(&self) -> u64 {
        self.done
            .checked_sub(1)
            .and_then(|i| self.entries.get(i))
            .map_or(self.base, |e| e.after)
    }

    /// Notes that the document was saved as it was in `state` (see [`UndoStack::state`]):
    /// a save that ran while more steps were done marks the state it wrote.
    pub fn mark_saved(&mut self, state: u64) {
        self.saved = Some(state);
    }

    /// Notes that nothing on disk matches the document any more (it was restored from a
    /// recovery journal, or the file was reloaded under it).
    pub fn mark_unsaved(&mut self) {
        self.saved = None;
    }

    /// Whether the document differs from the one last saved: a change of fact lies
    /// between the saved state and this one (places do not count), or the saved state
    /// can no longer be reached.
    pub fn is_dirty(&self) -> bool {
        match self.position_of_saved() {
            Some(s) => {
                let (lo, hi) = (s.min(self.done), s.max(self.done));
                self.entries[lo..hi].iter().any(|e| e.step.is_graph())
            }
            None => true,
        }
    }

    /// The changes of fact since the last save, by label, oldest first: done ones as
    /// they are named, and saved ones undone since as "undo …". When the saved state is
    /// out of reach, every change of fact done.
    pub fn unsaved_labels(&self) -> Vec<String> {
        let graph = |e: &&Entry| e.step.is_graph();
        match self.position_of_saved() {
            Some(s) if s <= self.done => self.entries[s..self.done]
                .iter()
                .filter(graph)
                .map(|e| e.label.clone())
                .collect(),
            Some(s) => self.entries[self.done..s]
                .iter()
                .rev()
                .filter(graph)
                .map(|e| format!("undo {}", e.label))
                .collect(),
            None => self.entries[..self.done]
                .iter()
                .filter(graph)
                .map(|e| e.label.clone())
                .collect(),
        }
    }

    /// Where the saved state lies: how many entries are done in it.
    fn position_of_saved(&self) -> Option<usize> {
        let saved = self.saved?;
        if saved == self.base {
            return Some(0);
        }
        self.entries
            .iter()
            .position(|e| e.after == saved)
            .map(|i| i + 1)
    }

    /// Drops the undone steps. If the saved state was among them and only places lie
    /// between it and here, the document here is the one saved, and stays marked so.
    fn drop_redo(&mut self) {
        if self.done == self.entries.len() {
            return;
        }
        if let Some(s) = self.position_of_saved()
            && s > self.done
        {
            let same_document = !self.entries[self.done..s].iter().any(|e| e.step.is_graph());
            self.saved = same_document.then(|| self.state());
        }
        self.entries.truncate(self.done);
    }

    /// Forgets the oldest entry. A saved state before it stays reachable only if the
    /// entry was a place, which left the document as it was.
    fn forget_oldest(&mut self) {
        if self.entries.is_empty() {
            return;
        }
        let oldest = self.entries.remove(0);
        self.done = self.done.saturating_sub(1);
        if self.saved == Some(self.base) {
            self.saved = (!oldest.step.is_graph()).then_some(oldest.after);
        }
        self.base = oldest.after;
    }

    fn fresh_state(&mut self) -> u64 {
        let s = self.next_state;
        self.next_state += 1;
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Edit, Kind, KnowledgeGraph, Node};

    /// A graph step: the inverse of a real edit (the stack never looks inside it).
    fn graph_step(kg: &mut KnowledgeGraph, id: &str) -> Step {
        let applied = kg
            .apply(Edit::AddNode(Node::new(id, id, Kind::Concept)))
            .expect("a new node");
        Step::Graph(Box::new(applied.inverse))
    }

    fn place_step() -> Step {
        let at = |x| Place {
            pos: Some([x, 0.0]),
            pinned: true,
        };
        Step::Place {
            node: NodeIndex::new(0),
            before: at(0.0),
            after: at(1.0),
        }
    }

    fn labels(stack: &UndoStack) -> Vec<&str> {
        stack.entries.iter().map(|e| e.label.as_str()).collect()
    }

    /// Undo then redo by taking and giving back entries, as the app does.
    fn undo(stack: &mut UndoStack) -> String {
        let e = stack.take_undo().expect("something to undo");
        let label = e.label.clone();
        stack.put_undone(e);
        label
    }

    fn redo(stack: &mut UndoStack) -> String {
        let e = stack.take_redo().expect("something to redo");
        let label = e.label.clone();
        stack.put_redone(e);
        label
    }

    #[test]
    fn undo_and_redo_walk_the_labels_in_order() {
        let mut kg = KnowledgeGraph::from_document(Document::default());
        let mut s = UndoStack::default();
        s.push("add node a".into(), graph_step(&mut kg, "a"));
        s.push("add node b".into(), graph_step(&mut kg, "b"));
        assert_eq!(s.next_undo().map(|e| e.label.as_str()), Some("add node b"));
        assert_eq!(undo(&mut s), "add node b");
        assert_eq!(s.next_redo().map(|e| e.label.as_str()), Some("add node b"));
        assert_eq!(undo(&mut s), "add node a");
        assert!(s.next_undo().is_none() && s.take_undo().is_none());
        assert_eq!(redo(&mut s), "add node a");
        assert_eq!(s.entries().1, 1);
        assert_eq!(labels(&s), ["add node a", "add node b"]);
    }

    #[test]
    fn a_new_step_clears_the_redo_side() {
        let mut kg = KnowledgeGraph::from_document(Document::default());
        let mut s = UndoStack::default();
        s.push("add node a".into(), graph_step(&mut kg, "a"));
        s.push("add node b".into(), graph_step(&mut kg, "b"));
        undo(&mut s);
        s.push("add node c".into(), graph_step(&mut kg, "c"));
        assert!(s.next_redo().is_none(), "b can no longer be redone");
        assert_eq!(labels(&s), ["add node a", "add node c"]);
    }

    #[test]
    fn the_stack_is_bounded_and_forgets_the_oldest() {
        let mut s = UndoStack::with_limit(3);
        for i in 0..5 {
            s.push(format!("move {i}"), place_step());
        }
        assert_eq!(labels(&s), ["move 2", "move 3", "move 4"]);
        assert_eq!(s.entries().1, 3);
        assert_eq!(UndoStack::default().limit, MAX_UNDO);
    }

    #[test]
    fn undoing_back_to_the_saved_state_makes_it_clean() {
        let mut kg = KnowledgeGraph::from_document(Document::default());
        let mut s = UndoStack::default();
        assert!(!s.is_dirty(), "as opened");
        s.push("add node a".into(), graph_step(&mut kg, "a"));
        assert!(s.is_dirty());
        s.mark_saved(s.state());
        assert!(!s.is_dirty(), "saved");
        s.push("add node b".into(), graph_step(&mut kg, "b"));
        assert!(s.is_dirty());
        assert_eq!(s.unsaved_labels(), ["add node b"]);
        undo(&mut s);
        assert!(!s.is_dirty(), "back where it was saved");
        undo(&mut s);
        assert!(s.is_dirty(), "before the save is unsaved too");
        assert_eq!(s.unsaved_labels(), ["undo add node a"]);
    }

    #[test]
    fn places_never_make_the_document_unsaved() {
        let mut kg = KnowledgeGraph::from_document(Document::default());
        let mut s = UndoStack::default();
        s.push("move a".into(), place_step());
        assert!(!s.is_dirty());
        undo(&mut s);
        // A new place drops the undone one, but the document is still the saved one.
        s.push("move b".into(), place_step());
        assert!(!s.is_dirty());
        s.push("add node a".into(), graph_step(&mut kg, "a"));
        s.mark_saved(s.state());
        undo(&mut s);
        s.push("move c".into(), place_step());
        assert!(s.is_dirty(), "the saved node is gone for good");
        assert!(
            s.unsaved_labels().is_empty(),
            "no done change of fact to list"
        );
    }

    #[test]
    fn a_saved_state_forgotten_past_the_bound_is_unsaved() {
        let mut kg = KnowledgeGraph::from_document(Document::default());
        let mut s = UndoStack::with_limit(2);
        s.push("add node a".into(), graph_step(&mut kg, "a"));
        s.mark_saved(s.state());
        s.push("move".into(), place_step());
        s.push("move".into(), place_step());
        assert!(!s.is_dirty(), "a place forgotten keeps the saved state");
        let mut t = UndoStack::with_limit(1);
        t.push("add node b".into(), graph_step(&mut kg, "b"));
        t.push("add node c".into(), graph_step(&mut kg, "c"));
        assert!(t.is_dirty());
        undo(&mut t);
        assert!(t.is_dirty(), "the opened state was forgotten with b");
    }

    #[test]
    fn clearing_forgets_everything_and_counts_as_unsaved() {
        let mut s = UndoStack::default();
        s.push("move".into(), place_step());
        s.clear();
        assert!(s.next_undo().is_none() && s.next_redo().is_none());
        assert!(s.is_dirty());
    }
}

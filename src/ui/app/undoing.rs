//! Undo and redo in the window: edits recorded under their labels, node drags and pins
//! recorded as one step each, and the walk back and forth along the [`UndoStack`],
//! selecting what each step touched. A child of `app` so it can reach the app's state.

use petgraph::stable_graph::NodeIndex;

use super::App;
use crate::model::{Edit, Touched};
use crate::ui::history::Selection;
use crate::ui::undo::{Arrangement, Entry, Place, Step};

/// A node being dragged: where it was before, where it is now, and whether this frame
/// moved it (a frame without a move ends the drag).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Drag {
    node: NodeIndex,
    before: Place,
    to: [f32; 2],
    moved_this_frame: bool,
}

impl App {
    /// Applies an edit and records it for undo under `label`; a refused edit changes
    /// nothing and says why.
    pub(super) fn record_edit(&mut self, edit: Edit, label: String) {
        self.end_drag();
        self.note_unrecorded_changes();
        match self.edit(edit) {
            Ok(applied) => {
                let step = Step::Graph(Box::new(applied.inverse));
                self.undo.push(label, step);
                self.recorded_revision = self.kg.revision();
            }
            Err(e) => self.dialogs.error = Some(format!("The edit was refused: {e}")),
        }
    }

    /// A change the undo stack was not told of (a direct [`App::edit`]) makes the graph
    /// unsaved for good: no undo on the stack can take it back.
    pub(super) fn note_unrecorded_changes(&mut self) {
        if self.kg.revision() != self.recorded_revision {
            self.undo.mark_unsaved();
            self.recorded_revision = self.kg.revision();
        }
    }

    /// The label of what the next undo undoes.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.next_undo().map(|e| e.label.as_str())
    }

    /// The label of what the next redo redoes.
    pub fn redo_label(&self) -> Option<&str> {
        self.undo.next_redo().map(|e| e.label.as_str())
    }

    /// Every step's label, oldest first, and how many are done (the rest can be redone).
    pub fn undo_history(&self) -> (Vec<&str>, usize) {
        let (entries, done) = self.undo.entries();
        (entries.iter().map(|e| e.label.as_str()).collect(), done)
    }

    /// Undoes the last step, if there is one.
    pub(super) fn undo_step(&mut self) {
        self.end_drag();
        self.note_unrecorded_changes();
        if let Some(back) = self.undo.take_undo().and_then(|e| self.reverse(e)) {
            self.undo.put_undone(back);
        }
    }

    /// Redoes the last step undone, if there is one.
    pub(super) fn redo_step(&mut self) {
        self.end_drag();
        self.note_unrecorded_changes();
        if let Some(back) = self.undo.take_redo().and_then(|e| self.reverse(e)) {
            self.undo.put_redone(back);
        }
    }

    /// Does the other way what `entry` did, selects what that touched and returns the
    /// entry turned round. If it cannot be done (the graph was changed outside the
    /// stack), the stack is cleared and the user told.
    fn reverse(&mut self, entry: Entry) -> Option<Entry> {
        let mut touched = None;
        let turned = entry.turn(|step| match step {
            Step::Graph(inverse) => self.undo_edit(*inverse).map(|applied| {
                touched = applied.touched.first().copied();
                Step::Graph(Box::new(applied.inverse))
            }),
            Step::Layout(Some(before)) => {
                self.put_arrangement(&before);
                Ok(Step::Layout(None))
            }
            Step::Layout(None) => Ok(Step::Layout(Some(Box::new(self.reset_layout())))),
            Step::Place {
                node,
                before,
                after,
            } => {
                self.put_place(node, before);
                touched = Some(Touched::Node(node));
                Ok(Step::Place {
                    node,
                    before: after,
                    after: before,
                })
            }
        });
        self.recorded_revision = self.kg.revision();
        match turned {
            Ok(back) => {
                self.select_touched(touched);
                Some(back)
            }
            Err(e) => {
                self.undo.clear();
                self.dialogs.error = Some(format!(
                    "Undo history cleared: the graph was changed outside it ({e})."
                ));
                None
            }
        }
    }

    /// Selects what a step touched, if it is still there.
    fn select_touched(&mut self, touched: Option<Touched>) {
        let selection = match touched {
            Some(Touched::Node(ix)) if self.kg.node_at(ix).is_some() => Selection::Node(ix),
            Some(Touched::Edge(e)) if self.kg.endpoints(e).is_some() => Selection::Edge(e),
            _ => return,
        };
        self.history.select(Some(selection));
    }

    /// Puts a node back where a step had it: pinned there, or placed there and let go.
    fn put_place(&mut self, node: NodeIndex, place: Place) {
        match place.pos {
            Some(p) => {
                self.layout.pin(node, p);
                if !place.pinned {
                    self.layout.unpin(node);
                }
            }
            None => self.layout.unpin(node),
        }
    }

    /// `Command::ResetLayout`, as one step: "reset layout".
    pub(super) fn record_reset_layout(&mut self) {
        self.end_drag();
        let before = self.reset_layout();
        self.undo
            .push("reset layout".into(), Step::Layout(Some(Box::new(before))));
    }

    /// Lays the map out by force or along time; each mode keeps its own places and
    /// pins, and the camera fits the new arrangement.
    pub(super) fn set_layout_mode(&mut self, mode: crate::ui::layout_state::LayoutMode) {
        self.end_drag();
        let view = self.derived.view();
        self.layout
            .set_mode(&self.kg, mode, &view.nodes, &view.edges);
        self.canvas.auto_fit = true;
    }

    /// Unpins everything and lays the view out afresh; returns the arrangement it
    /// replaced.
    fn reset_layout(&mut self) -> Arrangement {
        let mut before = Arrangement::default();
        let drawn = self.layout.nodes().iter().zip(self.layout.positions());
        for (slot, (&ix, &p)) in drawn.enumerate() {
            let to = if self.layout.is_pinned_at(slot) {
                &mut before.pins
            } else {
                &mut before.positions
            };
            to.insert(ix, p);
        }
        let view = self.derived.view();
        self.layout.reset(&self.kg, &view.nodes, &view.edges);
        self.canvas.auto_fit = true;
        before
    }

    /// Puts the shown nodes back where `arrangement` had them, held there, and those
    /// pinned then pinned again; the camera shows them.
    fn put_arrangement(&mut self, arrangement: &Arrangement) {
        let view = self.derived.view();
        self.layout.restore(
            &self.kg,
            &view.nodes,
            &view.edges,
            &arrangement.positions,
            &arrangement.pins,
        );
        self.canvas.auto_fit = true;
    }

    /// Where a node is now, and whether it is pinned.
    fn place_of(&self, node: NodeIndex) -> Place {
        Place {
            pos: self.layout.pos(node).map(|p| [p.x, p.y]),
            pinned: self.layout.is_pinned(node),
        }
    }

    /// `Command::Pin`: pins the node; successive pins of one node (a drag, one per
    /// frame) make one step, recorded when the drag ends.
    pub(super) fn pin_node(&mut self, node: NodeIndex, to: [f32; 2]) {
        if self.layout.pos(node).is_none() {
            return;
        }
        match &mut self.dragging {
            Some(d) if d.node == node => {
                d.to = to;
                d.moved_this_frame = true;
            }
            _ => {
                self.end_drag();
                self.dragging = Some(Drag {
                    node,
                    before: self.place_of(node),
                    to,
                    moved_this_frame: true,
                });
            }
        }
        self.layout.pin(node, to);
    }

    /// `Command::Unpin`: releases a pinned node, as one step.
    pub(super) fn unpin_node(&mut self, node: NodeIndex) {
        self.end_drag();
        let before = self.place_of(node);
        self.layout.unpin(node);
        if before.pinned {
            let after = Place {
                pinned: false,
                ..before
            };
            let label = format!("unpin {}", self.node_label(node));
            self.undo.push(
                label,
                Step::Place {
                    node,
                    before,
                    after,
                },
            );
        }
    }

    /// At the end of each frame: a drag that did not move this frame has ended.
    pub(super) fn drag_frame_ended(&mut self) {
        match &mut self.dragging {
            Some(d) if d.moved_this_frame => d.moved_this_frame = false,
            Some(_) => self.end_drag(),
            None => {}
        }
    }

    /// Records the drag under way, if any, as one step: "move Liz Kendall".
    pub(super) fn end_drag(&mut self) {
        let Some(d) = self.dragging.take() else {
            return;
        };
        let after = Place {
            pos: Some(d.to),
            pinned: true,
        };
        if after == d.before {
            return;
        }
        let label = format!("move {}", self.node_label(d.node));
        self.undo.push(
            label,
            Step::Place {
                node: d.node,
                before: d.before,
                after,
            },
        );
    }

    fn node_label(&self, node: NodeIndex) -> String {
        self.kg
            .node_at(node)
            .map_or_else(|| "a node".to_owned(), |n| n.label.clone())
    }
}

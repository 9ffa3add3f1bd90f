//! The editor: the forms and dialogs that change the graph. A passage selected in the
//! source reader becomes a new edge, a new node or evidence for an existing fact; any
//! node or edge can be edited, deleted, or (a node) merged into its duplicate; the
//! canvas opens a new node where it was right-clicked and a new edge between two nodes
//! dragged together.
//!
//! Every form checks the record it would write with the rules of `ideagraph check`
//! before sending it, showing each reason beside its field (`checks`), and sends one
//! [`Command::Edit`] per user action (a [`crate::model::Edit::Batch`] when it takes
//! several steps, so it undoes in one), named for Edit > Undo. The form stays open
//! until the app has applied the edit ([`Editor::settle`]): if the model still refuses
//! it, the reason is shown in the form, with everything typed kept.
//!
//! One dialog is open at a time; opening another replaces it.

mod checks;
mod delete;
mod edge_form;
mod evidence_picker;
mod fields;
mod kinds;
mod merge_into;
mod naming;
mod new_edge;
mod new_node;
mod node_form;
mod picker;
mod quote_check;

use egui::Ui;
use petgraph::stable_graph::{EdgeIndex, NodeIndex};

pub use quote_check::SourceTexts;

use super::command::{Command, PassageAction};
use super::history::Selection;
use crate::model::{Edge, Edit, KnowledgeGraph};
use quote_check::{QuoteCache, QuoteCheck};

/// A request to open one of the editor's dialogs, from the sidebar or the canvas.
#[must_use]
#[derive(Clone, Debug, PartialEq)]
pub enum EditorCommand {
    /// Edit this node's record.
    EditNode(NodeIndex),
    /// Edit this edge's record.
    EditEdge(EdgeIndex),
    /// Ask to delete this node and its edges.
    DeleteNode(NodeIndex),
    /// Ask to delete this edge.
    DeleteEdge(EdgeIndex),
    /// Merge this node into another, chosen in the dialog.
    MergeNode(NodeIndex),
    /// A new node at this scene position.
    NewNodeAt([f32; 2]),
    /// A new edge from the first node to the second.
    NewEdgeBetween(NodeIndex, NodeIndex),
}

/// An edit a form is ready to send.
pub(super) struct Sending {
    /// The change.
    edit: Edit,
    /// What Edit > Undo calls it.
    label: String,
    /// What to select once it is in the graph.
    then: Select,
}

/// What a form's action gives.
pub(super) enum Submitted {
    /// An edit to send (boxed: a node's whole record can be in it).
    Send(Box<Sending>),
    /// Nothing: the form shows why (every reason, now that the user asked).
    Stay,
    /// Nothing to do (nothing was changed): the form closes.
    Close,
}

/// One of the editor's dialogs: a body of fields, and an action that checks them and
/// makes the edit.
trait Form {
    /// The window's title.
    fn title(&self) -> &'static str;
    /// The action button's words ("Create edge").
    fn action(&self) -> &'static str;
    /// The fields, with the reasons against what they hold beside them (a quote's
    /// checked against its source's text by `quotes`).
    fn body_ui(&mut self, ui: &mut Ui, kg: &KnowledgeGraph, quotes: &QuoteCheck<'_>);
    /// The action clicked: the edit to send, or why not.
    fn submit(&mut self, kg: &KnowledgeGraph, quotes: &QuoteCheck<'_>) -> Submitted;
    /// Where the form shows why the model refused its edit.
    fn refused(&mut self) -> &mut Option<String>;
}

/// What to select once an edit is applied.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Select {
    /// Nothing (a deletion).
    Nothing,
    /// The node with this id.
    Node(String),
    /// An edge holding exactly this record (a new edge: its index is not known yet).
    Edge(Edge),
    /// The edge at this index.
    EdgeAt(EdgeIndex),
}

impl Select {
    /// The command that selects it in `kg`, if it is there.
    fn command(&self, kg: &KnowledgeGraph) -> Option<Command> {
        match self {
            Select::Nothing => None,
            Select::Node(id) => kg.index_of(id).map(Command::SelectNode),
            Select::EdgeAt(e) => kg.graph().edge_weight(*e).map(|_| Command::SelectEdge(*e)),
            Select::Edge(edge) => {
                let a = kg.index_of(&edge.from)?;
                let b = kg.index_of(&edge.to)?;
                let e = kg
                    .graph()
                    .edges_connecting(a, b)
                    .filter(|r| r.weight() == edge)
                    .map(|r| petgraph::visit::EdgeRef::id(&r))
                    .max()?;
                Some(Command::SelectEdge(e))
            }
        }
    }
}

/// An edit sent and not yet seen applied.
#[derive(Clone, Debug, PartialEq)]
struct Sent {
    /// The graph's revision when it was sent: a new one means it was applied.
    revision: u64,
    then: Select,
}

/// The editor's state: the dialog open, if any, the edit it sent, and what is known of
/// its quotes in their sources' texts.
#[derive(Default)]
pub struct Editor {
    dialog: Option<Box<dyn Form>>,
    sent: Option<Sent>,
    quotes: QuoteCache,
}

impl std::fmt::Debug for Editor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Editor")
            .field("dialog", &self.title())
            .field("sent", &self.sent)
            .finish()
    }
}

impl Editor {
    /// Whether a dialog is open (Esc then closes it).
    pub fn is_open(&self) -> bool {
        self.dialog.is_some()
    }

    /// The open dialog's title, if one is open.
    pub fn title(&self) -> Option<&'static str> {
        self.dialog.as_ref().map(|d| d.title())
    }

    /// Closes the dialog, dropping what was typed.
    pub fn close(&mut self) {
        self.dialog = None;
        self.sent = None;
        self.quotes = QuoteCache::default();
    }

    /// Opens the dialog that turns a passage into a fact. *Add as evidence* starts on
    /// the current selection.
    pub fn open_passage(
        &mut self,
        action: PassageAction,
        kg: &KnowledgeGraph,
        selection: Option<Selection>,
    ) {
        let form: Box<dyn Form> = match action {
            PassageAction::NewEdge(ev) => Box::new(new_edge::NewEdge::from_passage(ev)),
            PassageAction::NewNode(ev) => Box::new(new_node::NewNode::from_passage(ev)),
            PassageAction::AddAsEvidence(ev) => {
                Box::new(evidence_picker::AddEvidence::new(ev, kg, selection))
            }
        };
        self.show(form);
    }

    /// Opens the dialog a sidebar button or a canvas gesture asked for. A node or edge
    /// no longer in the graph opens nothing.
    pub fn open(&mut self, cmd: EditorCommand, kg: &KnowledgeGraph) {
        let id = |ix: NodeIndex| kg.node_at(ix).map(|n| n.id.clone());
        let form: Option<Box<dyn Form>> = match cmd {
            EditorCommand::EditNode(ix) => kg
                .node_at(ix)
                .map(|n| Box::new(node_form::NodeForm::new(n)) as Box<dyn Form>),
            EditorCommand::EditEdge(e) => {
                edge_form::EdgeForm::new(kg, e).map(|f| Box::new(f) as Box<dyn Form>)
            }
            EditorCommand::DeleteNode(ix) => {
                delete::DeleteNode::new(kg, ix).map(|f| Box::new(f) as Box<dyn Form>)
            }
            EditorCommand::DeleteEdge(e) => {
                delete::DeleteEdge::new(kg, e).map(|f| Box::new(f) as Box<dyn Form>)
            }
            EditorCommand::MergeNode(ix) => {
                id(ix).map(|id| Box::new(merge_into::MergeInto::new(id)) as Box<dyn Form>)
            }
            EditorCommand::NewNodeAt(pos) => Some(Box::new(new_node::NewNode::at(kg, pos))),
            EditorCommand::NewEdgeBetween(a, b) => match (id(a), id(b)) {
                (Some(a), Some(b)) => Some(Box::new(new_edge::NewEdge::between(kg, a, b))),
                _ => None,
            },
        };
        if let Some(form) = form {
            self.show(form);
        }
    }

    fn show(&mut self, form: Box<dyn Form>) {
        self.dialog = Some(form);
        self.sent = None;
        self.quotes = QuoteCache::default();
    }

    /// After the frame's commands are applied: if the edit sent was applied (the
    /// graph's revision moved), closes the dialog and returns the command that selects
    /// what it made; if it was refused, shows why in the dialog (the reason the app
    /// put in `refused`, taken from there so it shows once) and keeps it open.
    pub fn settle(&mut self, kg: &KnowledgeGraph, refused: &mut Option<String>) -> Option<Command> {
        let sent = self.sent.take()?;
        if kg.revision() != sent.revision {
            self.dialog = None;
            return sent.then.command(kg);
        }
        let why = refused
            .take()
            .unwrap_or_else(|| "The edit was not applied.".to_owned());
        if let Some(d) = &mut self.dialog {
            *d.refused() = Some(why);
        }
        None
    }
}

/// Draws the open dialog, if any: its fields in a scrolling body, why the model
/// refused its last edit, and its buttons; sends its edit when the action is clicked
/// and the fields pass. Quotes are checked against the source texts in `texts`.
pub fn editor_ui(
    ui: &mut Ui,
    editor: &mut Editor,
    kg: &KnowledgeGraph,
    texts: SourceTexts<'_>,
    cmds: &mut Vec<Command>,
) {
    let Editor {
        dialog: Some(form),
        sent,
        quotes,
    } = editor
    else {
        return;
    };
    let ctx = ui.ctx().clone();
    quotes.poll(Some(&ctx));
    let quotes = QuoteCheck::new(texts, quotes, Some(ctx.clone()));
    let screen = ctx.content_rect();
    let title = form.title();
    let mut open = true;
    let clicked = egui::Window::new(title)
        .id(egui::Id::unique(("ideagraph-editor", title)))
        .open(&mut open)
        .collapsible(false)
        // Wider by hand; as tall as the form (its body scrolls), so the buttons stay
        // in sight however the form grows.
        .resizable([true, false])
        // Room for the body at its tallest and the buttons; the window is as tall as
        // what it holds.
        .default_size([520.0, screen.height() * 0.85])
        .default_pos(screen.center() - egui::vec2(260.0, screen.height() * 0.4))
        .show(&ctx, |ui| {
            egui::ScrollArea::vertical()
                .max_height(screen.height() * 0.6)
                .auto_shrink([false, true])
                .show(ui, |ui| form.body_ui(ui, kg, &quotes));
            if let Some(why) = form.refused().as_deref() {
                fields::error_ui(ui, why);
            }
            buttons_ui(ui, form.action())
        })
        .and_then(|r| r.inner);
    let (go, cancel) = clicked.unwrap_or((false, false));
    let submitted = (open && !cancel && go).then(|| form.submit(kg, &quotes));
    drop(quotes);
    if !open || cancel {
        editor.close();
        return;
    }
    match submitted {
        Some(Submitted::Send(sending)) => {
            let Sending { edit, label, then } = *sending;
            cmds.push(Command::Edit { edit, label });
            *sent = Some(Sent {
                revision: kg.revision(),
                then,
            });
        }
        Some(Submitted::Close) => editor.close(),
        Some(Submitted::Stay) | None => {}
    }
}

/// The row of buttons that ends a form: the action (named `action`) and Cancel.
/// Returns (action clicked, cancel clicked).
fn buttons_ui(ui: &mut Ui, action: &str) -> (bool, bool) {
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        let go = ui.button(action).clicked();
        let cancel = ui.button("Cancel").clicked();
        (go, cancel)
    })
    .inner
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Evidence, Kind, Node, Source};

    fn graph() -> KnowledgeGraph {
        let mut d = Document::default();
        d.sources.push(Source {
            node: None,
            id: "s".into(),
            title: "S".into(),
            outlet: None,
            authors: vec![],
            date: None,
            file: String::new(),
            note: None,
        });
        d.nodes.push(Node::new("a", "A", Kind::Person));
        KnowledgeGraph::from_document(d)
    }

    fn passage() -> PassageAction {
        PassageAction::NewNode(Evidence::new("s", "Bea"))
    }

    #[test]
    fn a_refused_edit_keeps_the_form_open_with_the_reason() {
        let kg = graph();
        let mut editor = Editor::default();
        editor.open_passage(passage(), &kg, None);
        editor.sent = Some(Sent {
            revision: kg.revision(),
            then: Select::Node("bea".into()),
        });
        let mut refused = Some("The edit was refused: a race".to_owned());
        assert_eq!(editor.settle(&kg, &mut refused), None);
        assert_eq!(
            refused, None,
            "shown in the form, not in a window of its own"
        );
        assert_eq!(editor.title(), Some("New node"));
        let shown = editor.dialog.as_mut().map(|d| d.refused().clone());
        assert_eq!(shown, Some(Some("The edit was refused: a race".to_owned())));
    }

    #[test]
    fn an_applied_edit_closes_the_form_and_selects_what_it_made() {
        let mut kg = graph();
        let mut editor = Editor::default();
        editor.open_passage(passage(), &kg, None);
        editor.sent = Some(Sent {
            revision: kg.revision(),
            then: Select::Node("bea".into()),
        });
        kg.apply(Edit::AddNode(Node::new("bea", "Bea", Kind::Person)))
            .expect("a valid node");
        let mut refused = None;
        let bea = kg.index_of("bea").expect("bea");
        assert_eq!(
            editor.settle(&kg, &mut refused),
            Some(Command::SelectNode(bea))
        );
        assert!(!editor.is_open());
        // Nothing sent: nothing to settle.
        assert_eq!(editor.settle(&kg, &mut refused), None);
    }
}

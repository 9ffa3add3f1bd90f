//! Changing a [`KnowledgeGraph`]: each [`Edit`] is checked, applied whole or not at all,
//! and answered by its [`Inverse`], so that undo is a stack of inverses.

use std::collections::HashSet;
use std::iter;

use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use super::document::{Edge, Evidence, FactionClaim, Node, Role, Source};
use super::graph::KnowledgeGraph;
use super::validate::{
    Problem, Rule, edge_problems_as, node_problems, plain_relative, shown, source_problems,
};

/// The node or edge a piece of evidence belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// The node with this id.
    Node(String),
    /// The edge at this index.
    Edge(EdgeIndex),
}

/// One change to a [`KnowledgeGraph`], made with [`KnowledgeGraph::apply`].
///
/// Nodes are named by id, edges by index. Positions (`at`) in a list of evidence, roles
/// or faction claims count from 0; adding at a list's length appends.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Adds a node, whose id must be new.
    AddNode(Node),
    /// Replaces the whole record of the node with id `id`. A new id in `node` renames
    /// the node: lookups by id and the `from` and `to` of its edges follow.
    UpdateNode {
        /// The node's id before the edit.
        id: String,
        /// The record it gets, position included.
        node: Node,
    },
    /// Removes the node with this id, and its edges.
    RemoveNode(String),
    /// Adds an edge between the nodes its `from` and `to` name.
    AddEdge(Edge),
    /// Replaces the whole record of the edge at `at`. The edge keeps its index even if
    /// its ends change.
    UpdateEdge {
        /// The edge's index.
        at: EdgeIndex,
        /// The record it gets.
        edge: Edge,
    },
    /// Removes the edge at this index.
    RemoveEdge(EdgeIndex),
    /// Inserts a piece of evidence into a node's or an edge's list, at `at`.
    AddEvidence {
        /// Whose evidence.
        target: Target,
        /// Where in the list.
        at: usize,
        /// The quote and its source.
        evidence: Evidence,
    },
    /// Removes the piece of evidence at `at` from a node's or an edge's list.
    RemoveEvidence {
        /// Whose evidence.
        target: Target,
        /// Where in the list.
        at: usize,
    },
    /// Inserts a role into the node's list, at `at`.
    AddRole {
        /// The node's id.
        node: String,
        /// Where in the list.
        at: usize,
        /// The role.
        role: Role,
    },
    /// Removes the role at `at` from the node's list.
    RemoveRole {
        /// The node's id.
        node: String,
        /// Where in the list.
        at: usize,
    },
    /// Inserts a faction claim into the node's list, at `at`.
    AddFaction {
        /// The node's id.
        node: String,
        /// Where in the list.
        at: usize,
        /// The claim.
        claim: FactionClaim,
    },
    /// Removes the faction claim at `at` from the node's list.
    RemoveFaction {
        /// The node's id.
        node: String,
        /// Where in the list.
        at: usize,
    },
    /// Adds a source at the end of the graph's list. Its id must be new, and the record
    /// is checked as `check` checks a source; its `file`, if it names one, must be a
    /// plain relative path (the text itself is not looked for).
    AddSource(Source),
    /// Removes the source with this id. Refused while any evidence still cites it.
    RemoveSource(String),
    /// Several edits, applied in order, all or none: each step sees the graph as the
    /// steps before it left it, and is checked on its own.
    Batch(Vec<Edit>),
}

/// A record an edit added or changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Touched {
    /// The node at this index.
    Node(NodeIndex),
    /// The edge at this index.
    Edge(EdgeIndex),
}

/// What a successful [`KnowledgeGraph::apply`] or [`KnowledgeGraph::undo`] gives back.
#[derive(Clone, Debug, PartialEq)]
pub struct Applied {
    /// What undoes the edit: pass it to [`KnowledgeGraph::undo`].
    pub inverse: Inverse,
    /// The records the edit added or changed that are still in the graph, each once, in
    /// the order it first touched them: what a window would select. A renamed node's
    /// edges are among them (their `from` or `to` changed); a removal touches nothing.
    pub touched: Vec<Touched>,
}

/// The edit that undoes another, bound to the state of the graph it was made for: pass
/// it to [`KnowledgeGraph::undo`].
///
/// Inverses form a stack: undo the edits last first, and undoing an undo redoes. An
/// inverse is refused ([`EditError::Stale`]) on any other state, so that it never
/// removes the wrong edge by index: after an edit, or an undo, that did not make it; on
/// another graph; after the unchecked builders [`KnowledgeGraph::add_node`] and
/// [`KnowledgeGraph::add_edge`]. Moving a node ([`KnowledgeGraph::set_pos`]) is not a
/// change of fact and keeps inverses valid; but a position is part of a node's record,
/// so undoing an [`Edit::UpdateNode`] or an [`Edit::RemoveNode`] puts back the position
/// the node had then.
#[derive(Clone, Debug, PartialEq)]
pub struct Inverse {
    edit: Edit,
    /// The history state the graph must be in (see `KnowledgeGraph::history`).
    made_at: u64,
    /// The history state the graph is in once this is applied.
    returns_to: u64,
}

impl Inverse {
    /// The edit that undoes, e.g. to name it in an Undo menu.
    pub fn edit(&self) -> &Edit {
        &self.edit
    }
}

/// Why an edit was refused. The graph is then exactly as it was, revision included.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum EditError {
    /// No node has this id.
    #[error("no node has id {}", shown(.0))]
    UnknownNode(String),
    /// No edge has this index.
    #[error("no edge has index {}", .0.index())]
    UnknownEdge(EdgeIndex),
    /// Another node has this id.
    #[error("a node with id {} already exists", shown(.0))]
    DuplicateId(String),
    /// A position is past the end of a list.
    #[error("position {at} is past the end of the {list} of {} ({len} long)", name(.target))]
    OutOfRange {
        /// Whose list.
        target: Target,
        /// Which list: "evidence", "roles" or "faction claims".
        list: &'static str,
        /// The position asked for.
        at: usize,
        /// How long the list is.
        len: usize,
    },
    /// The record the edit writes would break rules that `ideagraph check` applies.
    #[error("refused, as it breaks rules of `check`: {}", listed(.0))]
    Invalid(Vec<Problem>),
    /// No source has this id.
    #[error("no source has id {}", shown(.0))]
    UnknownSource(String),
    /// Another source has this id.
    #[error("a source with id {} already exists", shown(.0))]
    DuplicateSource(String),
    /// A source to remove is still cited.
    #[error("source {} is cited by {quotes} quote(s): remove or re-source them first", shown(.id))]
    SourceCited {
        /// The source's id.
        id: String,
        /// How many pieces of evidence cite it.
        quotes: usize,
    },
    /// A node to remove stands for a source's text (the source's `node`).
    #[error("node {} stands for source {}: a source's node cannot be removed", shown(.node), shown(.text))]
    StandsForSource {
        /// The node's id.
        node: String,
        /// The id of the source it stands for.
        text: String,
    },
    /// A step of a batch was refused (counted from 0), so the batch was.
    #[error("step {} of the batch: {error}", .step + 1)]
    InBatch {
        /// Which step, from 0.
        step: usize,
        /// Why it was refused.
        error: Box<EditError>,
    },
    /// An [`Inverse`] was offered to a state of the graph it was not made for.
    #[error(
        "this undo belongs to another state of the graph: undo edits last first, on the graph that made them"
    )]
    Stale,
}

/// How messages name a target.
fn name(target: &Target) -> String {
    match target {
        Target::Node(id) => format!("node {}", shown(id)),
        Target::Edge(e) => format!("the edge at index {}", e.index()),
    }
}

/// Problems as one line.
fn listed(problems: &[Problem]) -> String {
    let each: Vec<String> = problems.iter().map(ToString::to_string).collect();
    each.join("; ")
}

/// Whether a step's record is checked against the rules of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rules {
    Check,
    /// Not when undoing: an undo writes back what the graph held before, valid or not,
    /// and must not be refused for it.
    Skip,
}

/// One edit done, before it is committed as a revision.
#[derive(Debug)]
struct Done {
    inverse: Edit,
    touched: Vec<Touched>,
    /// The record the rules are checked on: none for a removal, nor for a batch, whose
    /// steps are checked one by one.
    wrote: Option<Touched>,
}

impl Done {
    /// An edit that wrote one record.
    fn wrote(record: Touched, inverse: Edit) -> Self {
        Done {
            inverse,
            touched: vec![record],
            wrote: Some(record),
        }
    }

    /// An edit that removed records.
    fn removed(inverse: Edit) -> Self {
        Done {
            inverse,
            touched: Vec::new(),
            wrote: None,
        }
    }
}

impl KnowledgeGraph {
    /// Applies an edit and returns its [`Inverse`], or refuses it and changes nothing.
    ///
    /// Refused: a node id that is unknown (or, for a new node or a rename, taken); an
    /// edge index that is unknown; a position past the end of a list; and a record that
    /// would break rules of [`super::validate`] ([`EditError::Invalid`]). The record the
    /// edit writes is checked, whole, with the graph's sources and node ids: it may break
    /// no rule that blocks loading, and no rule tolerated on load
    /// ([`Rule::tolerated_on_load`]: a non-kebab id, an edge without evidence) that the
    /// record it replaces did not break already, so an imported graph stays editable.
    /// Problems of other records never block an edit. Not checked: quotes against source
    /// files, which need the files.
    ///
    /// A successful edit renews the [revision](KnowledgeGraph::revision) once, a
    /// [`Edit::Batch`] included, even one that leaves every record as it was. Edits see
    /// only the graph's edges: those a document gave with unknown ends stay aside, even
    /// when a node with the missing id is added.
    ///
    /// # Examples
    ///
    /// ```
    /// use ideagraph::model::{Document, Edit, EditError, Kind, KnowledgeGraph, Node};
    ///
    /// let mut kg = KnowledgeGraph::from_document(Document::default());
    /// let before = kg.to_document();
    /// let milburn = Node::new("alan-milburn", "Alan Milburn", Kind::Person);
    /// let applied = kg.apply(Edit::AddNode(milburn))?;
    /// assert!(kg.node("alan-milburn").is_some());
    ///
    /// // An empty label breaks a rule of `check`: refused, and nothing changes.
    /// let revision = kg.revision();
    /// let blank = Node::new("blank", " ", Kind::Person);
    /// assert!(matches!(kg.apply(Edit::AddNode(blank)), Err(EditError::Invalid(_))));
    /// assert_eq!(kg.revision(), revision);
    ///
    /// // Undo, then redo by undoing the undo.
    /// let undone = kg.undo(applied.inverse)?;
    /// assert_eq!(kg.to_document(), before);
    /// kg.undo(undone.inverse)?;
    /// assert!(kg.node("alan-milburn").is_some());
    /// # Ok::<(), EditError>(())
    /// ```
    pub fn apply(&mut self, edit: Edit) -> Result<Applied, EditError> {
        let done = self.step(edit, Rules::Check)?;
        let returns_to = self.history();
        let made_at = self.renew(None);
        Ok(self.applied(done, made_at, returns_to))
    }

    /// Applies an [`Inverse`], undoing the edit that returned it, and returns the inverse
    /// of the undo, which redoes the edit. Undoing in reverse order restores the document
    /// ([`KnowledgeGraph::to_document`]) and every node's and edge's index exactly.
    ///
    /// The records written back are not checked against the rules: they are what the
    /// graph held before. Refused, changing nothing, only with [`EditError::Stale`] when
    /// the graph is not in the state the inverse was made for. Renews the revision once.
    pub fn undo(&mut self, inverse: Inverse) -> Result<Applied, EditError> {
        if inverse.made_at != self.history() {
            return Err(EditError::Stale);
        }
        let done = self.step(inverse.edit, Rules::Skip)?;
        let made_at = self.renew(Some(inverse.returns_to));
        Ok(self.applied(done, made_at, inverse.made_at))
    }

    /// The answer to a committed edit.
    fn applied(&self, done: Done, made_at: u64, returns_to: u64) -> Applied {
        let mut seen = HashSet::new();
        let touched = done
            .touched
            .into_iter()
            .filter(|&t| seen.insert(t) && self.holds(t))
            .collect();
        Applied {
            inverse: Inverse {
                edit: done.inverse,
                made_at,
                returns_to,
            },
            touched,
        }
    }

    /// Whether the record is in the graph.
    fn holds(&self, record: Touched) -> bool {
        match record {
            Touched::Node(ix) => self.graph().contains_node(ix),
            Touched::Edge(e) => self.graph().edge_weight(e).is_some(),
        }
    }

    /// Applies one edit, checked or not; on error the graph is as it was.
    fn step(&mut self, edit: Edit, rules: Rules) -> Result<Done, EditError> {
        // What the record already broke is read before it changes.
        let before = match rules {
            Rules::Check => self.tolerated_broken(&edit),
            Rules::Skip => Vec::new(),
        };
        let done = self.change(edit, rules)?;
        if let (Rules::Check, Some(record)) = (rules, done.wrote) {
            let refused: Vec<Problem> = self
                .problems(record)
                .into_iter()
                .filter(|p| !p.rule.tolerated_on_load() || !before.contains(&p.rule))
                .collect();
            if !refused.is_empty() {
                // Checked in place, where an edge's position in the document is known;
                // the inverse puts everything back.
                self.roll_back(vec![done.inverse]);
                return Err(EditError::Invalid(refused));
            }
        }
        Ok(done)
    }

    /// Applies the steps in order; if one is refused, undoes those done.
    fn batch(&mut self, edits: Vec<Edit>, rules: Rules) -> Result<Done, EditError> {
        let mut inverses = Vec::with_capacity(edits.len());
        let mut touched = Vec::new();
        for (step, edit) in edits.into_iter().enumerate() {
            match self.step(edit, rules) {
                Ok(done) => {
                    inverses.push(done.inverse);
                    touched.extend(done.touched);
                }
                Err(error) => {
                    self.roll_back(inverses);
                    let error = Box::new(error);
                    return Err(EditError::InBatch { step, error });
                }
            }
        }
        inverses.reverse();
        Ok(Done {
            inverse: Edit::Batch(inverses),
            touched,
            wrote: None,
        })
    }

    /// Undoes steps just done, the last first. Each inverse meets the very state it was
    /// made for, so none can fail.
    fn roll_back(&mut self, inverses: Vec<Edit>) {
        for inverse in inverses.into_iter().rev() {
            let undone = self.step(inverse, Rules::Skip);
            debug_assert!(undone.is_ok(), "an inverse failed: {undone:?}");
        }
    }

    /// The rules tolerated on load that the record an edit rewrites breaks before it.
    fn tolerated_broken(&self, edit: &Edit) -> Vec<Rule> {
        let record = match edit {
            Edit::UpdateNode { id, .. }
            | Edit::AddRole { node: id, .. }
            | Edit::RemoveRole { node: id, .. }
            | Edit::AddFaction { node: id, .. }
            | Edit::RemoveFaction { node: id, .. }
            | Edit::AddEvidence {
                target: Target::Node(id),
                ..
            }
            | Edit::RemoveEvidence {
                target: Target::Node(id),
                ..
            } => self.index_of(id).map(Touched::Node),
            Edit::UpdateEdge { at, .. }
            | Edit::AddEvidence {
                target: Target::Edge(at),
                ..
            }
            | Edit::RemoveEvidence {
                target: Target::Edge(at),
                ..
            } => Some(Touched::Edge(*at)),
            _ => None,
        };
        let problems = record.map(|r| self.problems(r)).unwrap_or_default();
        let rules = problems.into_iter().map(|p| p.rule);
        rules.filter(|r| r.tolerated_on_load()).collect()
    }

    /// The problems `check` finds in one record, with the graph's sources and nodes.
    fn problems(&self, record: Touched) -> Vec<Problem> {
        let sources: HashSet<&str> = self.sources.iter().map(|s| s.id.as_str()).collect();
        let is_source = |id: &str| sources.contains(id);
        match record {
            Touched::Node(ix) => self
                .node_at(ix)
                .map(|n| node_problems(n, is_source))
                .unwrap_or_default(),
            Touched::Edge(e) => {
                let Some(edge) = self.graph().edge_weight(e) else {
                    return Vec::new();
                };
                // Counted only if a message names the edge: O(edges).
                let position = || self.edge_indices().take_while(|&x| x != e).count();
                let what = || edge.describe(position());
                let is_node = |id: &str| self.index_of(id).is_some();
                edge_problems_as(edge, &what, is_node, is_source)
            }
        }
    }

    /// Makes one edit; only a batch's steps are checked here (by [`Self::step`]).
    fn change(&mut self, edit: Edit, rules: Rules) -> Result<Done, EditError> {
        match edit {
            Edit::AddNode(node) => {
                let inverse = Edit::RemoveNode(node.id.clone());
                let ix = self.insert_node(node)?;
                Ok(Done::wrote(Touched::Node(ix), inverse))
            }
            Edit::UpdateNode { id, node } => self.update_node(&id, node),
            Edit::RemoveNode(id) => self.remove_node(&id),
            Edit::AddEdge(edge) => {
                let e = self.insert_edge(edge)?;
                Ok(Done::wrote(Touched::Edge(e), Edit::RemoveEdge(e)))
            }
            Edit::UpdateEdge { at, edge } => {
                let old = self.replace_edge(at, edge)?;
                let inverse = Edit::UpdateEdge { at, edge: old };
                Ok(Done::wrote(Touched::Edge(at), inverse))
            }
            // Added back, the edge takes the slot freed last: this one.
            Edit::RemoveEdge(at) => Ok(Done::removed(Edit::AddEdge(self.take_edge(at)?))),
            Edit::AddEvidence {
                target,
                at,
                evidence,
            } => self.add_evidence(target, at, evidence),
            Edit::RemoveEvidence { target, at } => self.remove_evidence(target, at),
            Edit::AddRole { node, at, role } => {
                let inverse = Edit::RemoveRole {
                    node: node.clone(),
                    at,
                };
                self.on_node(&node, "roles", at, |n| {
                    insert_at(&mut n.roles, at, role).map(|()| inverse)
                })
            }
            Edit::RemoveRole { node, at } => self.on_node(&node, "roles", at, |n| {
                let role = remove_at(&mut n.roles, at)?;
                Ok(Edit::AddRole {
                    node: node.clone(),
                    at,
                    role,
                })
            }),
            Edit::AddFaction { node, at, claim } => {
                let inverse = Edit::RemoveFaction {
                    node: node.clone(),
                    at,
                };
                self.on_node(&node, "faction claims", at, |n| {
                    insert_at(&mut n.factions, at, claim).map(|()| inverse)
                })
            }
            Edit::RemoveFaction { node, at } => self.on_node(&node, "faction claims", at, |n| {
                let claim = remove_at(&mut n.factions, at)?;
                Ok(Edit::AddFaction {
                    node: node.clone(),
                    at,
                    claim,
                })
            }),
            Edit::AddSource(source) => self.add_source(source, rules),
            Edit::RemoveSource(id) => self.remove_source(&id, rules),
            Edit::Batch(edits) => self.batch(edits, rules),
        }
    }

    /// Appends a source, checked unless undoing; a duplicate id is always refused.
    fn add_source(&mut self, source: Source, rules: Rules) -> Result<Done, EditError> {
        if self.source(&source.id).is_some() {
            return Err(EditError::DuplicateSource(source.id));
        }
        if rules == Rules::Check {
            let mut problems = source_problems(&source);
            if !source.file.is_empty() && plain_relative(&source.file).is_none() {
                problems.push(Problem {
                    rule: Rule::SourceFile,
                    message: format!(
                        "source {}: its file {} is not a plain relative path (no absolute path, `..` or `.`)",
                        shown(&source.id),
                        shown(&source.file)
                    ),
                    needle: None,
                    locus: None,
                    at: None,
                });
            }
            if !problems.is_empty() {
                return Err(EditError::Invalid(problems));
            }
        }
        let inverse = Edit::RemoveSource(source.id.clone());
        self.sources.push(source);
        Ok(Done::removed(inverse))
    }

    /// Removes a source, refused while cited (unless undoing, which writes back what
    /// was there). The inverse puts it back in its place: the sources after it are taken
    /// off and appended again after it, so the list's order, and the saved file, come
    /// back exactly.
    fn remove_source(&mut self, id: &str, rules: Rules) -> Result<Done, EditError> {
        let Some(at) = self.sources.iter().position(|s| s.id == id) else {
            return Err(EditError::UnknownSource(id.to_owned()));
        };
        if rules == Rules::Check {
            let quotes = self.citations(id);
            if quotes > 0 {
                let id = id.to_owned();
                return Err(EditError::SourceCited { id, quotes });
            }
        }
        let removed = self.sources.remove(at);
        let later = self.sources.get(at..).unwrap_or_default();
        let inverse = if later.is_empty() {
            Edit::AddSource(removed)
        } else {
            let off = later.iter().rev().map(|s| Edit::RemoveSource(s.id.clone()));
            let on = later.iter().map(|s| Edit::AddSource(s.clone()));
            let steps = off.chain(iter::once(Edit::AddSource(removed))).chain(on);
            Edit::Batch(steps.collect())
        };
        Ok(Done::removed(inverse))
    }

    /// How many pieces of evidence of the graph's nodes and edges (their own, their
    /// roles' and faction claims') cite the source `id`: while any do, the source cannot
    /// be removed.
    ///
    /// # Complexity
    /// O(V + E) over the whole graph.
    pub fn citations(&self, id: &str) -> usize {
        let cites = |ev: &Evidence| ev.source == id;
        let nodes = self.graph().node_weights().map(|n| {
            let roles = n.roles.iter().map(|r| &r.evidence);
            let claims = n.factions.iter().map(|f| &f.evidence);
            n.evidence
                .iter()
                .chain(roles)
                .chain(claims)
                .filter(|e| cites(e))
                .count()
        });
        let edges = self
            .graph()
            .edge_weights()
            .map(|e| e.evidence.iter().filter(|e| cites(e)).count());
        nodes.chain(edges).sum()
    }

    /// Inserts a piece of evidence into a node's or an edge's list.
    fn add_evidence(
        &mut self,
        target: Target,
        at: usize,
        evidence: Evidence,
    ) -> Result<Done, EditError> {
        let inverse = Edit::RemoveEvidence {
            target: target.clone(),
            at,
        };
        self.on_evidence(&target, at, |list| {
            insert_at(list, at, evidence).map(|()| inverse)
        })
    }

    /// Removes a piece of evidence from a node's or an edge's list.
    fn remove_evidence(&mut self, target: Target, at: usize) -> Result<Done, EditError> {
        self.on_evidence(&target, at, |list| {
            let evidence = remove_at(list, at)?;
            let target = target.clone();
            Ok(Edit::AddEvidence {
                target,
                at,
                evidence,
            })
        })
    }

    /// Replaces a node's record; a rename touches its edges too.
    fn update_node(&mut self, id: &str, node: Node) -> Result<Done, EditError> {
        let new_id = node.id.clone();
        let (ix, old) = self.replace_node(id, node)?;
        let renamed = new_id != id;
        let mut done = Done::wrote(
            Touched::Node(ix),
            Edit::UpdateNode {
                id: new_id,
                node: old,
            },
        );
        if renamed {
            let edges = self
                .incident(ix)
                .into_iter()
                .map(|(e, ..)| Touched::Edge(e));
            done.touched.extend(edges);
        }
        Ok(done)
    }

    /// Removes a node and its edges; the inverse adds them back, the node first and the
    /// edges in the order that refills their slots.
    fn remove_node(&mut self, id: &str) -> Result<Done, EditError> {
        if let Some(s) = self.sources.iter().find(|s| s.node.as_deref() == Some(id)) {
            return Err(EditError::StandsForSource {
                node: id.to_owned(),
                text: s.id.clone(),
            });
        }
        let (node, edges) = self.take_node(id)?;
        let inverse = if edges.is_empty() {
            Edit::AddNode(node)
        } else {
            let edges = edges.into_iter().map(Edit::AddEdge);
            Edit::Batch(iter::once(Edit::AddNode(node)).chain(edges).collect())
        };
        Ok(Done::removed(inverse))
    }

    /// Runs `f` on the target's list of evidence.
    fn on_evidence(
        &mut self,
        target: &Target,
        at: usize,
        f: impl FnOnce(&mut Vec<Evidence>) -> Result<Edit, usize>,
    ) -> Result<Done, EditError> {
        match target {
            Target::Node(id) => self.on_node(id, "evidence", at, |n| f(&mut n.evidence)),
            Target::Edge(e) => {
                let mut edge = self.graph().edge_weight(*e).cloned();
                let edge = edge.as_mut().ok_or(EditError::UnknownEdge(*e))?;
                let inverse = f(&mut edge.evidence).map_err(|len| EditError::OutOfRange {
                    target: target.clone(),
                    list: "evidence",
                    at,
                    len,
                })?;
                self.replace_edge(*e, edge.clone())?;
                Ok(Done::wrote(Touched::Edge(*e), inverse))
            }
        }
    }

    /// Runs `f`, which changes the list `list` at `at` and returns the inverse or the
    /// list's length, on a copy of the node, then writes the copy: the record is replaced
    /// whole, as by [`Edit::UpdateNode`], so the rules see it as written.
    fn on_node(
        &mut self,
        id: &str,
        list: &'static str,
        at: usize,
        f: impl FnOnce(&mut Node) -> Result<Edit, usize>,
    ) -> Result<Done, EditError> {
        let mut node = self.node(id).cloned();
        let node = node
            .as_mut()
            .ok_or_else(|| EditError::UnknownNode(id.to_owned()))?;
        let inverse = f(node).map_err(|len| EditError::OutOfRange {
            target: Target::Node(id.to_owned()),
            list,
            at,
            len,
        })?;
        let (ix, _) = self.replace_node(id, node.clone())?;
        Ok(Done::wrote(Touched::Node(ix), inverse))
    }
}

/// Inserts `item` at `at`, or returns the list's length if `at` is past its end.
fn insert_at<T>(list: &mut Vec<T>, at: usize, item: T) -> Result<(), usize> {
    if at > list.len() {
        return Err(list.len());
    }
    list.insert(at, item);
    Ok(())
}

/// Removes the item at `at`, or returns the list's length if there is none.
fn remove_at<T>(list: &mut Vec<T>, at: usize) -> Result<T, usize> {
    if at >= list.len() {
        return Err(list.len());
    }
    Ok(list.remove(at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Basis, Document, Kind, Relation, Source, SubKind};

    fn ev(quote: &str) -> Evidence {
        Evidence::new("s", quote)
    }

    fn role(title: &str) -> Role {
        Role {
            title: title.into(),
            when: None,
            evidence: ev(title),
        }
    }

    fn claim(faction: &str) -> FactionClaim {
        FactionClaim {
            faction: faction.into(),
            basis: Basis::Stated,
            when: None,
            evidence: ev(faction),
        }
    }

    fn edge(from: &str, to: &str, relation: Relation) -> Edge {
        let mut e = Edge::new(from, to, relation);
        e.evidence.push(ev("q"));
        e
    }

    /// Three nodes (a person with two roles, claims and pieces of evidence) and four
    /// edges, one of them a self-loop: `a->b`, `b->c`, `a->c`, `c->c`.
    fn sample() -> KnowledgeGraph {
        let mut d = Document::default();
        d.sources.push(Source {
            node: None,
            id: "s".into(),
            title: "T".into(),
            outlet: None,
            authors: vec![],
            date: None,
            file: String::new(),
            note: None,
        });
        let mut a = Node::new("a", "A", Kind::Person);
        a.roles = vec![role("r1"), role("r2")];
        a.factions = vec![claim("f1"), claim("f2")];
        a.evidence = vec![ev("e1"), ev("e2")];
        d.nodes.push(a);
        d.nodes.push(Node::new("b", "B", Kind::Publication));
        d.nodes.push(Node::new("c", "C", Kind::Concept));
        d.edges.push(edge("a", "b", Relation::Wrote));
        d.edges.push(edge("b", "c", Relation::Advocates));
        d.edges.push(edge("a", "c", Relation::Mentions));
        d.edges.push(edge("c", "c", Relation::Mentions));
        KnowledgeGraph::from_document(d)
    }

    /// Everything an undo must restore: the document, and each node's and edge's index.
    #[derive(Debug, PartialEq)]
    struct Snapshot {
        doc: Document,
        nodes: Vec<(String, NodeIndex)>,
        edges: Vec<(EdgeIndex, NodeIndex, NodeIndex)>,
    }

    /// The snapshot, after checking that the id index and the edges' ends agree with
    /// the petgraph graph.
    fn snapshot(kg: &KnowledgeGraph) -> Snapshot {
        let id = |ix| kg.node_at(ix).map(|n| n.id.clone()).expect("live");
        let nodes: Vec<_> = kg.node_indices().map(|ix| (id(ix), ix)).collect();
        for (id, ix) in &nodes {
            assert_eq!(kg.index_of(id), Some(*ix), "index of {id}");
        }
        // No id the tests use lingers in the index after its node went or was renamed.
        for id in [
            "a",
            "b",
            "c",
            "c-renamed",
            "x",
            "y",
            "ghost",
            "Imported Node",
        ] {
            let live = nodes.iter().find(|(n, _)| n == id).map(|&(_, ix)| ix);
            assert_eq!(kg.index_of(id), live, "index of {id}");
        }
        let mut edges = Vec::new();
        for e in kg.edge_indices() {
            let (a, b) = kg.endpoints(e).expect("live");
            let w = kg.graph().edge_weight(e).expect("live");
            assert_eq!((w.from.clone(), w.to.clone()), (id(a), id(b)), "{e:?}");
            edges.push((e, a, b));
        }
        Snapshot {
            doc: kg.to_document(),
            nodes,
            edges,
        }
    }

    /// Applies `edit`, then undoes, redoes and undoes it again, checking each state and
    /// that each step renews the revision. Returns what the first apply gave and the
    /// graph as it left it.
    fn round_trip(kg: &mut KnowledgeGraph, edit: Edit) -> (Applied, Snapshot) {
        let before = snapshot(kg);
        let mut revisions = vec![kg.revision()];
        let applied = kg.apply(edit).expect("applies");
        let after = snapshot(kg);
        assert_ne!(after, before, "the edit changed something");
        revisions.push(kg.revision());
        let undone = kg.undo(applied.inverse.clone()).expect("undoes");
        assert_eq!(snapshot(kg), before, "undo restores");
        revisions.push(kg.revision());
        let redone = kg.undo(undone.inverse).expect("redoes");
        assert_eq!(snapshot(kg), after, "redo restores the edit");
        assert_eq!(redone.touched, applied.touched);
        revisions.push(kg.revision());
        kg.undo(redone.inverse).expect("undoes again");
        assert_eq!(snapshot(kg), before);
        revisions.push(kg.revision());
        let mut distinct = revisions.clone();
        distinct.dedup();
        assert_eq!(distinct, revisions, "every step renews the revision");
        (applied, after)
    }

    /// Applies an edit that must be refused, checking that nothing changed.
    fn refused(kg: &mut KnowledgeGraph, edit: Edit) -> EditError {
        let (before, revision, history) = (snapshot(kg), kg.revision(), kg.history());
        let err = kg.apply(edit).expect_err("refused");
        assert_eq!(snapshot(kg), before, "{err}");
        assert_eq!((kg.revision(), kg.history()), (revision, history), "{err}");
        err
    }

    fn rules(err: &EditError) -> Vec<Rule> {
        match err {
            EditError::Invalid(problems) => problems.iter().map(|p| p.rule).collect(),
            EditError::InBatch { error, .. } => rules(error),
            other => panic!("not a rule: {other}"),
        }
    }

    fn ix(kg: &KnowledgeGraph, id: &str) -> NodeIndex {
        kg.index_of(id).expect("known id")
    }

    fn edge_at(kg: &KnowledgeGraph, from: &str, to: &str) -> EdgeIndex {
        let (a, b) = (ix(kg, from), ix(kg, to));
        let found = kg.edge_indices().find(|&e| kg.endpoints(e) == Some((a, b)));
        found.expect("such an edge")
    }

    #[test]
    fn add_node_and_its_inverse() {
        let mut kg = sample();
        let x = Node::new("x", "X", Kind::Event);
        let (applied, after) = round_trip(&mut kg, Edit::AddNode(x.clone()));
        assert_eq!(applied.inverse.edit(), &Edit::RemoveNode("x".into()));
        assert_eq!(after.doc.nodes.last(), Some(&x), "appended");
        let Some((_, at)) = after.nodes.last() else {
            panic!("a node");
        };
        assert_eq!(applied.touched, [Touched::Node(*at)]);
    }

    #[test]
    fn a_new_node_takes_the_slot_freed_last() {
        let mut kg = sample();
        let b = ix(&kg, "b");
        kg.apply(Edit::RemoveNode("b".into())).expect("removes");
        let (applied, after) = round_trip(&mut kg, Edit::AddNode(Node::new("x", "X", Kind::Event)));
        assert_eq!(applied.touched, [Touched::Node(b)]);
        let ids: Vec<&str> = after.doc.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["a", "x", "c"], "listed where the removed node was");
    }

    #[test]
    fn update_node_replaces_the_record() {
        let mut kg = sample();
        let old = kg.node("b").cloned().expect("b");
        let mut new = old.clone();
        new.label = "Beyond".into();
        new.sub_kind = Some(SubKind::Pamphlet);
        new.pos = Some([1.0, 2.0]);
        let edit = Edit::UpdateNode {
            id: "b".into(),
            node: new.clone(),
        };
        let (applied, after) = round_trip(&mut kg, edit);
        let inverse = Edit::UpdateNode {
            id: "b".into(),
            node: old,
        };
        assert_eq!(applied.inverse.edit(), &inverse);
        assert_eq!(applied.touched, [Touched::Node(ix(&kg, "b"))]);
        assert_eq!(after.doc.nodes[1], new);
    }

    #[test]
    fn a_new_id_renames_the_node_and_its_edges_follow() {
        let mut kg = sample();
        let c = ix(&kg, "c");
        let mut node = kg.node("c").cloned().expect("c");
        node.id = "c-renamed".into();
        let edit = Edit::UpdateNode {
            id: "c".into(),
            node,
        };
        let (applied, after) = round_trip(&mut kg, edit);
        assert!(matches!(applied.inverse.edit(), Edit::UpdateNode { id, .. } if id == "c-renamed"));
        let ends: Vec<(&str, &str)> = after
            .doc
            .edges
            .iter()
            .map(|e| (e.from.as_str(), e.to.as_str()))
            .collect();
        let want = [
            ("a", "b"),
            ("b", "c-renamed"),
            ("a", "c-renamed"),
            ("c-renamed", "c-renamed"),
        ];
        assert_eq!(ends, want);
        assert_eq!(after.nodes[2], ("c-renamed".to_owned(), c));
        // The node, then its three edges, each once (the self-loop is one edge).
        assert_eq!(applied.touched.len(), 4, "{:?}", applied.touched);
        assert_eq!(applied.touched[0], Touched::Node(c));
    }

    #[test]
    fn remove_node_takes_its_edges_and_undo_refills_their_slots() {
        let mut kg = sample();
        // `c` has three edges (one a self-loop); removing them frees slots 1, 2, 3.
        let (applied, after) = round_trip(&mut kg, Edit::RemoveNode("c".into()));
        assert!(applied.touched.is_empty());
        assert_eq!(after.doc.nodes.len(), 2);
        assert_eq!(after.doc.edges.len(), 1);
        let Edit::Batch(steps) = applied.inverse.edit() else {
            panic!("node and edges: {:?}", applied.inverse);
        };
        assert!(matches!(&steps[0], Edit::AddNode(n) if n.id == "c"));
        assert_eq!(steps.len(), 4);
        // The edges come back in the order that refills their slots: the last freed first.
        let added: Vec<(&str, &str)> = steps[1..]
            .iter()
            .filter_map(|s| match s {
                Edit::AddEdge(e) => Some((e.from.as_str(), e.to.as_str())),
                _ => None,
            })
            .collect();
        assert_eq!(added, [("c", "c"), ("a", "c"), ("b", "c")]);
        // Without edges, the inverse is the plain addition.
        let mut lone = sample();
        lone.apply(Edit::RemoveEdge(EdgeIndex::new(0)))
            .expect("a->b");
        lone.apply(Edit::RemoveEdge(EdgeIndex::new(1)))
            .expect("b->c");
        let (applied, _) = round_trip(&mut lone, Edit::RemoveNode("b".into()));
        assert!(matches!(applied.inverse.edit(), Edit::AddNode(n) if n.id == "b"));
    }

    #[test]
    fn edges_are_added_updated_and_removed() {
        let mut kg = sample();
        let new = edge("b", "a", Relation::Criticises);
        let (applied, after) = round_trip(&mut kg, Edit::AddEdge(new.clone()));
        let e = EdgeIndex::new(4);
        assert_eq!(
            (applied.inverse.edit(), &applied.touched[..]),
            (&Edit::RemoveEdge(e), &[Touched::Edge(e)][..])
        );
        assert_eq!(after.doc.edges.last(), Some(&new));

        let at = edge_at(&kg, "a", "c");
        let old = kg.graph().edge_weight(at).cloned().expect("a->c");
        let mut same_ends = old.clone();
        same_ends.relation = Relation::Criticises;
        same_ends.note = Some("why".into());
        let edit = Edit::UpdateEdge {
            at,
            edge: same_ends.clone(),
        };
        let (applied, after) = round_trip(&mut kg, edit);
        let inverse = Edit::UpdateEdge {
            at,
            edge: old.clone(),
        };
        assert_eq!(applied.inverse.edit(), &inverse);
        assert_eq!(after.doc.edges[2], same_ends, "in place");

        let mut moved = old.clone();
        moved.to = "b".into();
        let (applied, after) = round_trip(
            &mut kg,
            Edit::UpdateEdge {
                at,
                edge: moved.clone(),
            },
        );
        assert_eq!(applied.touched, [Touched::Edge(at)], "the index is kept");
        assert_eq!(after.doc.edges[2], moved, "and the document order");
        assert_eq!(kg.endpoints(at), Some((ix(&kg, "a"), ix(&kg, "c"))));

        let (applied, after) = round_trip(&mut kg, Edit::RemoveEdge(at));
        assert_eq!(applied.inverse.edit(), &Edit::AddEdge(old));
        assert_eq!(after.doc.edges.len(), 3);
    }

    #[test]
    fn evidence_is_inserted_and_removed_at_its_position() {
        let mut kg = sample();
        let targets = [Target::Node("a".into()), Target::Edge(EdgeIndex::new(1))];
        for target in targets {
            for at in [0, 1] {
                let edit = Edit::AddEvidence {
                    target: target.clone(),
                    at,
                    evidence: ev("new"),
                };
                let (applied, _) = round_trip(&mut kg, edit);
                let inverse = Edit::RemoveEvidence {
                    target: target.clone(),
                    at,
                };
                assert_eq!(applied.inverse.edit(), &inverse);
            }
            let edit = Edit::RemoveEvidence {
                target: target.clone(),
                at: 0,
            };
            if target == Target::Node("a".into()) {
                let (applied, after) = round_trip(&mut kg, edit);
                assert_eq!(after.doc.nodes[0].evidence, [ev("e2")]);
                let inverse = Edit::AddEvidence {
                    target,
                    at: 0,
                    evidence: ev("e1"),
                };
                assert_eq!(applied.inverse.edit(), &inverse);
            } else {
                // The edge's only quote: it would be left unsourced.
                assert_eq!(rules(&refused(&mut kg, edit)), [Rule::NoEvidence]);
            }
        }
    }

    #[test]
    fn roles_and_faction_claims_are_inserted_and_removed_at_their_position() {
        let mut kg = sample();
        let a = || "a".to_owned();
        let edit = Edit::AddRole {
            node: a(),
            at: 1,
            role: role("between"),
        };
        let (applied, after) = round_trip(&mut kg, edit);
        let titles: Vec<&str> = after.doc.nodes[0]
            .roles
            .iter()
            .map(|r| r.title.as_str())
            .collect();
        assert_eq!(titles, ["r1", "between", "r2"]);
        assert_eq!(
            applied.inverse.edit(),
            &Edit::RemoveRole { node: a(), at: 1 }
        );
        let (applied, _) = round_trip(&mut kg, Edit::RemoveRole { node: a(), at: 0 });
        let inverse = Edit::AddRole {
            node: a(),
            at: 0,
            role: role("r1"),
        };
        assert_eq!(applied.inverse.edit(), &inverse);

        let edit = Edit::AddFaction {
            node: a(),
            at: 2,
            claim: claim("f3"),
        };
        let (applied, after) = round_trip(&mut kg, edit);
        assert_eq!(after.doc.nodes[0].faction_names(), ["f1", "f2", "f3"]);
        assert_eq!(
            applied.inverse.edit(),
            &Edit::RemoveFaction { node: a(), at: 2 }
        );
        let (applied, _) = round_trip(&mut kg, Edit::RemoveFaction { node: a(), at: 1 });
        let inverse = Edit::AddFaction {
            node: a(),
            at: 1,
            claim: claim("f2"),
        };
        assert_eq!(applied.inverse.edit(), &inverse);
    }

    #[test]
    fn a_batch_applies_in_order_with_one_revision_and_reversed_inverses() {
        let mut kg = sample();
        let history = kg.history();
        let batch = Edit::Batch(vec![
            Edit::AddNode(Node::new("x", "X", Kind::Event)),
            Edit::AddEdge(edge("x", "a", Relation::Mentions)),
            Edit::RemoveNode("b".into()),
        ]);
        let revision = kg.revision();
        let (applied, after) = round_trip(&mut kg, batch.clone());
        let Edit::Batch(steps) = applied.inverse.edit() else {
            panic!("a batch: {:?}", applied.inverse);
        };
        assert!(
            matches!(steps[0], Edit::Batch(_)),
            "b and its edge come back first"
        );
        assert_eq!(steps[2], Edit::RemoveNode("x".into()));
        let x = after.nodes.last().expect("x").1;
        assert_eq!(
            applied.touched,
            [Touched::Node(x), Touched::Edge(EdgeIndex::new(4))]
        );
        // One revision for the whole batch: the history moved once.
        let applied = kg.apply(batch).expect("applies");
        assert_ne!(kg.revision(), revision);
        assert_eq!(applied.inverse.returns_to, history);
    }

    #[test]
    fn a_refused_step_undoes_the_steps_before_it() {
        let mut kg = sample();
        let batch = Edit::Batch(vec![
            Edit::AddNode(Node::new("x", "X", Kind::Event)),
            Edit::RemoveNode("b".into()),
            Edit::UpdateNode {
                id: "a".into(),
                node: Node::new("x", "Taken", Kind::Person),
            },
        ]);
        let err = refused(&mut kg, batch);
        assert_eq!(
            err,
            EditError::InBatch {
                step: 2,
                error: Box::new(EditError::DuplicateId("x".into())),
            }
        );
        assert_eq!(
            err.to_string(),
            "step 3 of the batch: a node with id \"x\" already exists"
        );
        let nested = Edit::Batch(vec![
            Edit::RemoveNode("c".into()),
            Edit::Batch(vec![Edit::AddNode(Node::new("y", " ", Kind::Event))]),
        ]);
        assert_eq!(rules(&refused(&mut kg, nested)), [Rule::EmptyLabel]);
        // An empty batch is an edit too: it renews the revision.
        let revision = kg.revision();
        kg.apply(Edit::Batch(vec![])).expect("nothing to refuse");
        assert_ne!(kg.revision(), revision);
    }

    #[test]
    fn unknown_names_and_positions_are_refused() {
        let mut kg = sample();
        let ghost = || EditError::UnknownNode("ghost".into());
        let nowhere = EdgeIndex::new(99);
        let node = Node::new("b", "B", Kind::Publication);
        let cases = [
            (Edit::RemoveNode("ghost".into()), ghost()),
            (
                Edit::UpdateNode {
                    id: "ghost".into(),
                    node,
                },
                ghost(),
            ),
            (Edit::AddEdge(edge("a", "ghost", Relation::Wrote)), ghost()),
            (
                Edit::AddRole {
                    node: "ghost".into(),
                    at: 0,
                    role: role("r"),
                },
                ghost(),
            ),
            (Edit::RemoveEdge(nowhere), EditError::UnknownEdge(nowhere)),
            (
                Edit::UpdateEdge {
                    at: nowhere,
                    edge: edge("a", "b", Relation::Wrote),
                },
                EditError::UnknownEdge(nowhere),
            ),
            (
                Edit::RemoveEvidence {
                    target: Target::Edge(nowhere),
                    at: 0,
                },
                EditError::UnknownEdge(nowhere),
            ),
            (
                Edit::AddNode(Node::new("a", "A", Kind::Person)),
                EditError::DuplicateId("a".into()),
            ),
        ];
        for (edit, want) in cases {
            assert_eq!(refused(&mut kg, edit), want);
        }
        let mut renamed = Node::new("b", "B", Kind::Person);
        renamed.id = "c".into();
        let edit = Edit::UpdateNode {
            id: "a".into(),
            node: renamed,
        };
        assert_eq!(refused(&mut kg, edit), EditError::DuplicateId("c".into()));
        let moved = edge("a", "ghost", Relation::Wrote);
        let edit = Edit::UpdateEdge {
            at: EdgeIndex::new(0),
            edge: moved,
        };
        assert_eq!(refused(&mut kg, edit), ghost());
    }

    #[test]
    fn positions_past_the_end_are_refused() {
        let mut kg = sample();
        let a = Target::Node("a".into());
        let past = |target: Target, list, at, len| EditError::OutOfRange {
            target,
            list,
            at,
            len,
        };
        let cases = [
            (
                Edit::AddEvidence {
                    target: a.clone(),
                    at: 3,
                    evidence: ev("q"),
                },
                past(a.clone(), "evidence", 3, 2),
            ),
            (
                Edit::RemoveEvidence {
                    target: a.clone(),
                    at: 2,
                },
                past(a.clone(), "evidence", 2, 2),
            ),
            (
                Edit::RemoveEvidence {
                    target: Target::Edge(EdgeIndex::new(0)),
                    at: 1,
                },
                past(Target::Edge(EdgeIndex::new(0)), "evidence", 1, 1),
            ),
            (
                Edit::AddRole {
                    node: "a".into(),
                    at: 3,
                    role: role("r"),
                },
                past(a.clone(), "roles", 3, 2),
            ),
            (
                Edit::RemoveRole {
                    node: "b".into(),
                    at: 0,
                },
                past(Target::Node("b".into()), "roles", 0, 0),
            ),
            (
                Edit::AddFaction {
                    node: "a".into(),
                    at: 9,
                    claim: claim("f"),
                },
                past(a.clone(), "faction claims", 9, 2),
            ),
            (
                Edit::RemoveFaction {
                    node: "a".into(),
                    at: 2,
                },
                past(a.clone(), "faction claims", 2, 2),
            ),
        ];
        for (edit, want) in cases {
            assert_eq!(refused(&mut kg, edit), want);
        }
        let err = refused(
            &mut kg,
            Edit::RemoveRole {
                node: "a".into(),
                at: 5,
            },
        );
        assert_eq!(
            err.to_string(),
            "position 5 is past the end of the roles of node \"a\" (2 long)"
        );
    }

    #[test]
    fn records_breaking_the_rules_of_check_are_refused() {
        let mut kg = sample();
        let with = |f: &dyn Fn(&mut Node)| {
            let mut n = Node::new("x", "X", Kind::Person);
            f(&mut n);
            Edit::AddNode(n)
        };
        let cases = [
            (with(&|n| n.label = " ".into()), vec![Rule::EmptyLabel]),
            (with(&|n| n.id = "x\ny".into()), vec![Rule::InvalidId]),
            (with(&|n| n.id = "Not Kebab".into()), vec![Rule::BadId]),
            (
                with(&|n| n.sub_kind = Some(SubKind::ThinkTank)),
                vec![Rule::SubKindMismatch],
            ),
            (
                with(&|n| n.evidence.push(Evidence::new("ghost", String::new()))),
                vec![Rule::UnknownSource, Rule::EmptyQuote],
            ),
            (
                with(&|n| n.label = "l".repeat(crate::limits::MAX_LABEL_CHARS + 1)),
                vec![Rule::TooLong],
            ),
            (
                Edit::AddEdge(Edge::new("a", "b", Relation::Wrote)),
                vec![Rule::NoEvidence],
            ),
            (
                Edit::AddEvidence {
                    target: Target::Edge(EdgeIndex::new(0)),
                    at: 0,
                    evidence: ev(""),
                },
                vec![Rule::EmptyQuote],
            ),
            (
                Edit::AddRole {
                    node: "b".into(),
                    at: 0,
                    role: Role {
                        evidence: Evidence::new("ghost", "q"),
                        ..role("r")
                    },
                },
                vec![Rule::UnknownSource],
            ),
        ];
        for (edit, want) in cases {
            assert_eq!(rules(&refused(&mut kg, edit)), want);
        }
        let mut wrong = kg
            .graph()
            .edge_weight(EdgeIndex::new(2))
            .cloned()
            .expect("a->c");
        wrong.date = Some(crate::model::Dated {
            date: "1066".parse().expect("a year"),
            basis: Basis::Stated,
        });
        let err = refused(
            &mut kg,
            Edit::UpdateEdge {
                at: EdgeIndex::new(2),
                edge: wrong,
            },
        );
        assert_eq!(rules(&err), [Rule::DateRange]);
        // Named as `check` names it: by its place in the document.
        assert!(
            err.to_string().starts_with(
                "refused, as it breaks rules of `check`: [date-range] edge #3 a -mentions-> c: "
            ),
            "{err}"
        );
    }

    #[test]
    fn problems_elsewhere_or_tolerated_already_do_not_block_an_edit() {
        let mut d = sample().to_document();
        d.nodes[1].label.clear(); // Blocks loading, but is not what is edited.
        d.nodes.push(Node::new("Imported Node", "I", Kind::Person));
        d.edges
            .push(Edge::new("Imported Node", "a", Relation::Mentions));
        let mut kg = KnowledgeGraph::from_document(d);
        round_trip(&mut kg, Edit::AddNode(Node::new("x", "X", Kind::Event)));
        let mut node = kg.node("Imported Node").cloned().expect("imported");
        node.label = "Relabelled".into();
        round_trip(
            &mut kg,
            Edit::UpdateNode {
                id: "Imported Node".into(),
                node,
            },
        );
        let at = EdgeIndex::new(4);
        let mut unsourced = kg.graph().edge_weight(at).cloned().expect("unsourced");
        unsourced.relation = Relation::Criticises;
        round_trip(
            &mut kg,
            Edit::UpdateEdge {
                at,
                edge: unsourced.clone(),
            },
        );
        // Undoing writes back what was there, rules or not.
        let applied = kg
            .apply(Edit::AddEvidence {
                target: Target::Edge(at),
                at: 0,
                evidence: ev("q"),
            })
            .expect("sourced");
        kg.undo(applied.inverse).expect("unsourced again");
        // But a record being written must be clean of what blocks loading.
        let mut node = kg.node("b").cloned().expect("b");
        node.description = "still no label".into();
        assert_eq!(
            rules(&refused(
                &mut kg,
                Edit::UpdateNode {
                    id: "b".into(),
                    node
                }
            )),
            [Rule::EmptyLabel]
        );
    }

    #[test]
    fn an_inverse_applies_only_to_the_state_it_was_made_for() {
        let mut kg = sample();
        let first = kg
            .apply(Edit::RemoveEdge(EdgeIndex::new(0)))
            .expect("first");
        let second = kg
            .apply(Edit::RemoveEdge(EdgeIndex::new(1)))
            .expect("second");
        let stale = |kg: &mut KnowledgeGraph, inverse: &Inverse| {
            let (before, revision) = (snapshot(kg), kg.revision());
            assert_eq!(kg.undo(inverse.clone()), Err(EditError::Stale));
            assert_eq!((snapshot(kg), kg.revision()), (before, revision));
        };
        stale(&mut kg, &first.inverse); // Out of order.
        let mut other = kg.clone();
        other.apply(Edit::RemoveNode("a".into())).expect("other");
        stale(&mut other, &second.inverse); // A copy, changed since.
        // A position is not a change of fact.
        assert!(kg.set_pos(ix(&kg, "a"), Some([3.0, 4.0])));
        let undone = kg.undo(second.inverse.clone()).expect("in order");
        stale(&mut kg, &second.inverse); // Twice.
        kg.undo(first.inverse).expect("then the first");
        stale(&mut kg, &undone.inverse); // A redo after an earlier undo.
        // A new edit or an unchecked addition forgets the redos.
        let mut kg = sample();
        let applied = kg
            .apply(Edit::RemoveEdge(EdgeIndex::new(0)))
            .expect("removes");
        let undone = kg.undo(applied.inverse).expect("undoes");
        kg.add_node(Node::new("x", "X", Kind::Event));
        stale(&mut kg, &undone.inverse);
        assert_eq!(
            EditError::Stale.to_string(),
            "this undo belongs to another state of the graph: undo edits last first, on the graph that made them"
        );
    }

    fn source(id: &str) -> Source {
        Source {
            node: None,
            id: id.into(),
            title: format!("Title {id}"),
            outlet: None,
            authors: vec![],
            date: None,
            file: format!("{id}.txt"),
            note: None,
        }
    }

    #[test]
    fn a_source_is_added_at_the_end_and_removed_from_its_place_and_undo_restores_the_order() {
        let mut kg = sample();
        let (applied, after) = round_trip(&mut kg, Edit::AddSource(source("t")));
        assert_eq!(applied.inverse.edit(), &Edit::RemoveSource("t".into()));
        let ids: Vec<&str> = after.doc.sources.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["s", "t"]);
        assert!(applied.touched.is_empty(), "no node or edge to select");
        for id in ["t", "u", "v"] {
            kg.apply(Edit::AddSource(source(id))).expect("a new source");
        }
        // Removing one from the middle: undo puts it back between the same neighbours.
        let (applied, after) = round_trip(&mut kg, Edit::RemoveSource("t".into()));
        let ids: Vec<&str> = after.doc.sources.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["s", "u", "v"]);
        assert!(matches!(applied.inverse.edit(), Edit::Batch(_)));
        // And the last one: a plain add is its inverse.
        let (applied, _) = round_trip(&mut kg, Edit::RemoveSource("v".into()));
        assert_eq!(applied.inverse.edit(), &Edit::AddSource(source("v")));
    }

    #[test]
    fn a_source_is_refused_when_its_id_is_taken_its_record_breaks_rules_or_it_is_cited() {
        let mut kg = sample();
        assert_eq!(
            refused(&mut kg, Edit::AddSource(source("s"))),
            EditError::DuplicateSource("s".into())
        );
        let blank = Source {
            title: " ".into(),
            ..source("t")
        };
        assert_eq!(
            rules(&refused(&mut kg, Edit::AddSource(blank))),
            [Rule::EmptyLabel]
        );
        let not_kebab = source("Not Kebab");
        assert_eq!(
            rules(&refused(&mut kg, Edit::AddSource(not_kebab))),
            [Rule::BadId]
        );
        for file in ["../t.txt", "/etc/passwd", "./t.txt"] {
            let climbing = Source {
                file: file.into(),
                ..source("t")
            };
            let err = refused(&mut kg, Edit::AddSource(climbing));
            assert_eq!(rules(&err), [Rule::SourceFile], "{file}");
        }
        // Every quote of the sample cites "s": two roles, two claims, two pieces of
        // node evidence and one per edge.
        let err = refused(&mut kg, Edit::RemoveSource("s".into()));
        assert_eq!(
            err,
            EditError::SourceCited {
                id: "s".into(),
                quotes: 10
            }
        );
        assert_eq!(
            err.to_string(),
            "source \"s\" is cited by 10 quote(s): remove or re-source them first"
        );
        assert_eq!(
            refused(&mut kg, Edit::RemoveSource("ghost".into())),
            EditError::UnknownSource("ghost".into())
        );
    }

    #[test]
    fn a_refused_edit_keeps_earlier_inverses_valid() {
        let mut kg = sample();
        let before = snapshot(&kg);
        let applied = kg.apply(Edit::RemoveNode("b".into())).expect("removes");
        refused(&mut kg, Edit::AddNode(Node::new("x", "", Kind::Event)));
        kg.undo(applied.inverse).expect("still the same state");
        assert_eq!(snapshot(&kg), before);
    }
}

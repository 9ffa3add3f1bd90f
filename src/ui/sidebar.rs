//! The detail sidebar: what the selected node or edge is, where that comes from, and its
//! connections in plain words, each a link with its evidence folded underneath.

use egui::{RichText, Ui};
use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use super::command::Command;
use super::editor::EditorCommand;
use super::explore::ExploreCommand;
use super::history::Selection;
use super::theme;
use crate::model::{Basis, Dated, Evidence, KnowledgeGraph, Modality, Node, Relation, Voice};
use crate::query::View;

/// How many nodes the overview lists as a starting point.
const NUM_STARTERS: usize = 12;

/// What the sidebar needs for one frame.
pub struct SidebarInput<'a> {
    /// The graph.
    pub kg: &'a KnowledgeGraph,
    /// What the canvas shows.
    pub view: &'a View,
    /// The selection.
    pub selection: Option<Selection>,
    /// Whether Back would do something.
    pub can_go_back: bool,
    /// Whether Forward would do something.
    pub can_go_forward: bool,
    /// Whether the selected node is pinned.
    pub selected_pinned: bool,
    /// Whether the selected node is hidden by hand (not only by the filters).
    pub selected_hidden_by_hand: bool,
    /// The view's best-connected nodes with their degrees ([`most_connected`]).
    pub most_connected: &'a [(NodeIndex, usize)],
    /// The source texts, when read: the node's passages show words of context.
    pub sources: Option<&'a super::reader::Library>,
    /// Who rose and fell: the node's chart through the years.
    pub yearly: super::derived::YearlyView<'a>,
    /// Where people stand: a pair's agreement, a derived edge selected.
    pub agreement: &'a super::agreement::AgreementUi,
    /// The nodes selected with Shift: two people are compared.
    pub multi: &'a std::collections::BTreeSet<NodeIndex>,
}

/// The `NUM_STARTERS` best-connected nodes of `view` with their links in the view, most
/// first (ties by index). Computed when the view changes, not every frame: on a 10,000-node view,
/// walking every node's edges was a large part of a frame.
///
/// # Complexity
/// O(V + E) over the view, plus a partial selection of the top few.
pub fn most_connected(kg: &KnowledgeGraph, view: &View) -> Vec<(NodeIndex, usize)> {
    // Links counted in the view: a filtered view ranks by what it shows. Counts by node
    // index (`None` for a node the view leaves out): two lookups per edge.
    let bound = view.nodes.last().map_or(0, |ix| ix.index() + 1);
    let mut degree: Vec<Option<usize>> = vec![None; bound];
    for ix in &view.nodes {
        degree[ix.index()] = Some(0);
    }
    for &e in &view.edges {
        if let Some((a, b)) = kg.endpoints(e) {
            for end in [a, b] {
                if let Some(Some(d)) = degree.get_mut(end.index()) {
                    *d += 1;
                }
            }
        }
    }
    let mut ranked: Vec<(std::cmp::Reverse<usize>, usize, NodeIndex)> = view
        .nodes
        .iter()
        .filter_map(|&ix| {
            let d = degree.get(ix.index()).copied().flatten()?;
            Some((std::cmp::Reverse(d), ix.index(), ix))
        })
        .collect();
    let k = NUM_STARTERS.min(ranked.len());
    if k > 0 && k < ranked.len() {
        ranked.select_nth_unstable(k - 1);
        ranked.truncate(k);
    }
    ranked.sort_unstable();
    ranked
        .into_iter()
        .map(|(std::cmp::Reverse(d), _, ix)| (ix, d))
        .collect()
}

/// Draws the sidebar contents (the caller provides the panel).
pub fn sidebar_ui(ui: &mut Ui, input: &SidebarInput<'_>, cmds: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        let back = ui
            .add_enabled(input.can_go_back, egui::Button::new("‹ Back"))
            .on_hover_text("Previous selection (Alt+Left)");
        back.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Button, input.can_go_back, "Back")
        });
        if back.clicked() {
            cmds.push(Command::Back);
        }
        let fwd = ui
            .add_enabled(input.can_go_forward, egui::Button::new("Forward ›"))
            .on_hover_text("Next selection (Alt+Right)");
        fwd.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Button, input.can_go_forward, "Forward")
        });
        if fwd.clicked() {
            cmds.push(Command::Forward);
        }
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if agreement_ui(ui, input, cmds) {
                return;
            }
            match input.selection {
                Some(Selection::Node(ix)) => match input.kg.node_at(ix) {
                    Some(node) => node_ui(ui, input, ix, node, cmds),
                    None => overview_ui(ui, input, cmds),
                },
                Some(Selection::Edge(e)) => edge_ui(ui, input, e, cmds),
                None => overview_ui(ui, input, cmds),
            }
        });
}

/// A selected derived edge takes the sidebar (true); two people selected with Shift
/// get *Where they stand* above the selection's details.
fn agreement_ui(ui: &mut Ui, input: &SidebarInput<'_>, cmds: &mut Vec<Command>) -> bool {
    let ag = input.agreement;
    if let Some((a, b)) = ag.picked_pair(input.selection) {
        let edge = ag.derived_edge(a, b);
        super::agreement::pair_view_ui(ui, input.kg, ag, edge.as_ref(), (a, b), cmds);
        return true;
    }
    if let Some((a, b)) = super::agreement::multi_pair(input.kg, input.multi)
        && ag.active_pair_is((a, b))
    {
        let title = format!(
            "Where they stand: {} and {}",
            input.kg.node_at(a).map_or("?", |n| n.label.as_str()),
            input.kg.node_at(b).map_or("?", |n| n.label.as_str())
        );
        egui::CollapsingHeader::new(RichText::new(title).strong())
            .id_salt("where-they-stand-multi")
            .default_open(true)
            .show(ui, |ui| {
                super::agreement::where_they_stand_ui(ui, input.kg, ag, (a, b), false, cmds);
            });
        ui.separator();
    }
    false
}

/// A link to a node. Its accessible name is `context: label`, which reads well to a
/// screen reader and keeps it distinct from the node's own name on the canvas.
pub(super) fn node_link(
    ui: &mut Ui,
    kg: &KnowledgeGraph,
    ix: NodeIndex,
    context: &str,
    cmds: &mut Vec<Command>,
) {
    let Some(node) = kg.node_at(ix) else {
        return;
    };
    let resp = ui
        .link(&node.label)
        .on_hover_text(format!("{} — click to select and centre", node.kind.name()));
    let name = format!("{context}: {}", node.label);
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Link, true, name.clone()));
    if resp.clicked() {
        cmds.push(Command::SelectAndCentre(ix));
    }
}

fn overview_ui(ui: &mut Ui, input: &SidebarInput<'_>, cmds: &mut Vec<Command>) {
    let kg = input.kg;
    let title = if kg.title.is_empty() {
        "Knowledge graph"
    } else {
        kg.title.as_str()
    };
    ui.heading(title);
    ui.label(format!(
        "{} of {} nodes and {} of {} connections shown, from {} sources.",
        input.view.nodes.len(),
        kg.num_nodes(),
        input.view.edges.len(),
        kg.num_edges(),
        kg.sources.len()
    ));
    ui.add_space(6.0);
    ui.label(
        "Click a node to see what it is and who it is connected to. Every connection is \
         backed by a quote from a source document: open it under the connection.",
    );
    ui.weak("Drag the background to pan, scroll to zoom, F to fit, Ctrl+F to search. Drag a node to pin it.");
    ui.add_space(8.0);
    ui.strong("Most connected");
    if input.most_connected.is_empty() {
        ui.weak("Nothing is shown: the filters leave no node.");
    }
    for &(ix, degree) in input.most_connected {
        ui.horizontal(|ui| {
            node_link(ui, kg, ix, "Most connected", cmds);
            ui.weak(format!("{degree} links"));
        });
    }
}

/// The selected node is not on the canvas: say what hides it (the hand or the
/// filters), and offer the smallest change that shows it.
fn hidden_note_ui(ui: &mut Ui, ix: NodeIndex, by_hand: bool, cmds: &mut Vec<Command>) {
    let (note, undo) = if by_hand {
        (
            "Hidden by hand.",
            "Show it again, leaving the filters as they are",
        )
    } else {
        (
            "Hidden by the current filters.",
            "Remove the filter that hides it (as few as needed)",
        )
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(note).strong());
        if ui.button("Show it").on_hover_text(undo).clicked() {
            cmds.push(Command::Explore(ExploreCommand::Reveal(ix)));
        }
    });
}

fn node_ui(
    ui: &mut Ui,
    input: &SidebarInput<'_>,
    ix: NodeIndex,
    node: &Node,
    cmds: &mut Vec<Command>,
) {
    let kg = input.kg;
    ui.heading(&node.label);
    let kind = match node.sub_kind {
        Some(s) => format!("{} · {}", capitalised(node.kind.name()), s.name()),
        None => capitalised(node.kind.name()),
    };
    ui.label(RichText::new(kind).italics());
    if let Some(d) = &node.date {
        date_ui(ui, "Date: ", d);
    }
    if !node.aliases.is_empty() {
        ui.weak(format!("Also called: {}", node.aliases.join(", ")));
    }
    if !input.view.has_node(ix) {
        hidden_note_ui(ui, ix, input.selected_hidden_by_hand, cmds);
    }
    ui.horizontal(|ui| {
        if ui
            .button("Zoom to")
            .on_hover_text("Centre and zoom to this node and its neighbours")
            .clicked()
        {
            cmds.push(Command::ZoomToSelection);
        }
        if input.selected_pinned && ui.button("Unpin").clicked() {
            cmds.push(Command::Unpin(ix));
        }
    });
    node_editing_ui(ui, ix, cmds);
    if !node.description.is_empty() {
        ui.add_space(4.0);
        ui.label(&node.description);
    }
    if !node.roles.is_empty() {
        section(ui, "Roles");
        for (i, role) in node.roles.iter().enumerate() {
            let when = role
                .when
                .as_ref()
                .map(|d| format!(" ({})", dated(d)))
                .unwrap_or_default();
            ui.label(RichText::new(format!("{}{when}", role.title)).strong());
            evidence_ui(
                ui,
                kg,
                std::slice::from_ref(&role.evidence),
                ("role", ix.index(), i),
                cmds,
            );
        }
    }
    if !node.factions.is_empty() {
        section(ui, "Faction");
        for (i, claim) in node.factions.iter().enumerate() {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(&claim.faction).strong());
                if let Some(d) = &claim.when {
                    ui.label(format!("({})", dated(d)));
                }
                ui.weak(basis(&claim.basis));
            });
            evidence_ui(
                ui,
                kg,
                std::slice::from_ref(&claim.evidence),
                ("faction", ix.index(), i),
                cmds,
            );
        }
    }
    if !node.evidence.is_empty() {
        section(ui, "Sources describing it");
        evidence_ui(ui, kg, &node.evidence, ("about", ix.index(), 0), cmds);
    }
    super::time_sidebar::time_sections_ui(ui, input.yearly, ix, cmds);
    super::agreement::compare_picker_ui(ui, kg, input.view, input.agreement, ix, cmds);
    connections_ui(ui, input, ix, cmds);
    passages_section_ui(ui, input, ix, cmds);
}

/// Every quote behind the node's facts, by date, each opening the source reader.
fn passages_section_ui(
    ui: &mut Ui,
    input: &SidebarInput<'_>,
    ix: NodeIndex,
    cmds: &mut Vec<Command>,
) {
    ui.add_space(8.0);
    super::reader::passages_ui(ui, input.kg, ix, input.sources, cmds);
}

/// The node's editing actions: edit its record, delete it (after a confirmation), or
/// merge it into its duplicate.
fn node_editing_ui(ui: &mut Ui, ix: NodeIndex, cmds: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        let edit = ui.button("Edit…").on_hover_text(
            "Label, aliases, description, kind, date, roles, faction claims and quotes",
        );
        if edit.clicked() {
            cmds.push(Command::Editor(EditorCommand::EditNode(ix)));
        }
        let delete = ui
            .button("Delete…")
            .on_hover_text("Delete it and its edges");
        if delete.clicked() {
            cmds.push(Command::Editor(EditorCommand::DeleteNode(ix)));
        }
        let merge = ui
            .button("Merge into…")
            .on_hover_text("A duplicate: move its edges, aliases and quotes to the node to keep");
        if merge.clicked() {
            cmds.push(Command::Editor(EditorCommand::MergeNode(ix)));
        }
    });
}

/// The edge's editing actions: edit its record, or delete it (after a confirmation).
fn edge_editing_ui(ui: &mut Ui, e: EdgeIndex, cmds: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        let edit = ui
            .button("Edit…")
            .on_hover_text("Relation, direction, date, note and quotes");
        if edit.clicked() {
            cmds.push(Command::Editor(EditorCommand::EditEdge(e)));
        }
        if ui.button("Delete…").clicked() {
            cmds.push(Command::Editor(EditorCommand::DeleteEdge(e)));
        }
    });
}

/// One group of connections: a title in plain words and the nodes at the other end.
struct Group {
    title: &'static str,
    items: Vec<(NodeIndex, Vec<EdgeIndex>)>,
}

/// Connections grouped by relation and direction in plain words ("Wrote", "Published by"),
/// in the order of [`Relation::ALL`], outgoing before incoming. Groups with the same
/// words (e.g. "Related to" both ways) are merged.
fn groups(kg: &KnowledgeGraph, ix: NodeIndex) -> Vec<Group> {
    let incident = kg.incident(ix);
    let mut out: Vec<Group> = Vec::new();
    for rel in Relation::ALL {
        for outgoing in [true, false] {
            let title = if outgoing {
                rel.forward_label()
            } else {
                rel.inverse_label()
            };
            let mut items: Vec<(NodeIndex, Vec<EdgeIndex>)> = Vec::new();
            for &(e, other, out_dir) in &incident {
                if out_dir != outgoing
                    || kg.graph().edge_weight(e).is_none_or(|w| w.relation != rel)
                {
                    continue;
                }
                match items.iter_mut().find(|(o, _)| *o == other) {
                    Some((_, es)) => es.push(e),
                    None => items.push((other, vec![e])),
                }
            }
            if items.is_empty() {
                continue;
            }
            match out.iter_mut().find(|g| g.title == title) {
                Some(g) => {
                    for (o, es) in items {
                        match g.items.iter_mut().find(|(x, _)| *x == o) {
                            Some((_, all)) => all.extend(es),
                            None => g.items.push((o, es)),
                        }
                    }
                }
                None => out.push(Group { title, items }),
            }
        }
    }
    for g in &mut out {
        g.items
            .sort_by_key(|(o, _)| (kg.node_at(*o).map(|n| n.label.to_lowercase()), o.index()));
    }
    out
}

fn connections_ui(ui: &mut Ui, input: &SidebarInput<'_>, ix: NodeIndex, cmds: &mut Vec<Command>) {
    let kg = input.kg;
    let groups = groups(kg, ix);
    if groups.is_empty() {
        section(ui, "Connections");
        ui.weak("None in this graph.");
        return;
    }
    for g in groups {
        section(ui, &format!("{} ({})", g.title, g.items.len()));
        for (other, edges) in g.items {
            ui.horizontal_wrapped(|ui| {
                node_link(ui, kg, other, g.title, cmds);
                if let Some(n) = kg.node_at(other) {
                    ui.weak(n.kind.name());
                }
                if !input.view.has_node(other) {
                    ui.weak("(hidden by filters)");
                }
                for &e in &edges {
                    if let Some(d) = kg.graph().edge_weight(e).and_then(|w| w.date.as_ref()) {
                        date_ui(ui, "", d);
                    }
                }
            });
            for &e in &edges {
                let Some(w) = kg.graph().edge_weight(e) else {
                    continue;
                };
                ui.indent(("conn", e.index()), |ui| {
                    if let Some(note) = &w.note {
                        ui.weak(format!("Note: {note}"));
                    }
                    let n = w.evidence.len();
                    // Whose words and how sure, before the quotes are opened.
                    let how = match (w.voice(), w.modality()) {
                        (Some(v), Some(Modality::Expected)) => {
                            format!(" · {}, expected", v.label())
                        }
                        (Some(v), _) => format!(" · {}", v.label()),
                        _ => String::new(),
                    };
                    let title = format!("{n} quote{}{how}", if n == 1 { "" } else { "s" });
                    egui::CollapsingHeader::new(title)
                        .id_salt(("evidence", e.index()))
                        .show(ui, |ui| {
                            evidence_list(ui, kg, &w.evidence, cmds);
                            if ui.small_button("Show this link").clicked() {
                                cmds.push(Command::SelectEdge(e));
                            }
                        });
                });
            }
        }
    }
}

fn edge_ui(ui: &mut Ui, input: &SidebarInput<'_>, e: EdgeIndex, cmds: &mut Vec<Command>) {
    let kg = input.kg;
    let (Some(w), Some((a, b))) = (kg.graph().edge_weight(e), kg.endpoints(e)) else {
        ui.weak("This connection is no longer in the graph.");
        return;
    };
    ui.heading(w.relation.forward_label());
    ui.horizontal_wrapped(|ui| {
        node_link(ui, kg, a, "From", cmds);
        ui.label(w.relation.verb());
        node_link(ui, kg, b, "To", cmds);
    });
    ui.weak(format!(
        "Relation: {} ({:?})",
        w.relation.name(),
        w.relation.tone()
    ));
    edge_editing_ui(ui, e, cmds);
    if let Some(d) = &w.date {
        date_ui(ui, "Date: ", d);
    }
    if let Some(note) = &w.note {
        ui.label(format!("Note: {note}"));
    }
    for (k, v) in &w.attrs {
        ui.weak(format!("{k}: {v}"));
    }
    section(ui, "Evidence");
    if w.evidence.is_empty() {
        ui.weak("No quote recorded.");
    }
    evidence_list(ui, kg, &w.evidence, cmds);
}

/// Short quotes backing a role, faction claim or description, each with its citation.
fn evidence_ui(
    ui: &mut Ui,
    kg: &KnowledgeGraph,
    evidence: &[Evidence],
    salt: (&str, usize, usize),
    cmds: &mut Vec<Command>,
) {
    ui.indent(salt, |ui| evidence_list(ui, kg, evidence, cmds));
}

/// Every quote in full, each followed by its citation and *Show in source*.
fn evidence_list(ui: &mut Ui, kg: &KnowledgeGraph, evidence: &[Evidence], cmds: &mut Vec<Command>) {
    for ev in evidence {
        quote(ui, &ev.quote);
        // The button ends the citation's last line, where it takes no line of its own.
        ui.horizontal_wrapped(|ui| {
            statement_tag(ui, ev);
            citation_line(ui, kg, ev);
            show_in_source_ui(ui, ev, cmds);
        });
        ui.add_space(4.0);
    }
}

/// *Show in source*: opens the source reader at the quote, flashing it. Its accessible
/// name carries the quote's first words, so each button of a list is told apart.
fn show_in_source_ui(ui: &mut Ui, ev: &Evidence, cmds: &mut Vec<Command>) {
    let resp = ui
        .small_button("Show in source")
        .on_hover_text("Open the source reader at this passage");
    let (words, more) = crate::model::cut_to(&ev.quote, 40);
    let name = format!("Show in source: {words}{more}");
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, name.clone()));
    if resp.clicked() {
        cmds.push(Command::ShowInSource(ev.clone()));
    }
}

/// Whose words and how sure, before the citation: "own words" or "author's report", and
/// "expected" in the warning colour when the quote is a forecast.
fn statement_tag(ui: &mut Ui, ev: &Evidence) {
    let visuals = ui.visuals().clone();
    let voice = match ev.voice {
        Voice::Own => RichText::new(ev.voice.label()).color(visuals.strong_text_color()),
        Voice::Reported => RichText::new(ev.voice.label()).color(visuals.weak_text_color()),
    };
    let help = match ev.voice {
        Voice::Own => "The subject's own words: a direct quotation of them, or a text they wrote.",
        Voice::Reported => "The author's report or characterisation, not the subject's own words.",
    };
    ui.label(voice).on_hover_text(help);
    if ev.modality == Modality::Expected {
        ui.label(RichText::new("· expected").color(visuals.warn_fg_color))
            .on_hover_text(
                "A forecast or the author's hedge (\"will\", \"I expect\"), not a stated fact.",
            );
    }
}

fn quote(ui: &mut Ui, text: &str) {
    ui.label(RichText::new(format!("\u{201c}{text}\u{201d}")).italics());
}

fn citation_line(ui: &mut Ui, kg: &KnowledgeGraph, ev: &Evidence) {
    let cite = match kg.source(&ev.source) {
        Some(s) => s.citation(),
        None => format!("unknown source \u{201c}{}\u{201d}", ev.source),
    };
    let dark = ui.visuals().dark_mode;
    ui.label(theme::citation_text(format!("— {cite}"), dark));
}

fn section(ui: &mut Ui, title: &str) {
    ui.add_space(8.0);
    ui.label(RichText::new(title).strong().size(15.0));
}

/// "2008-05" or "2008 (inferred)", short enough for a line of text.
fn dated(d: &Dated) -> String {
    match d.basis {
        Basis::Stated => d.date.to_string(),
        Basis::Inferred(_) => format!("{} (inferred)", d.date),
    }
}

/// A date as weak text; hovering it tells what an inferred date rests on.
fn date_ui(ui: &mut Ui, prefix: &str, d: &Dated) {
    let resp = ui.weak(format!("{prefix}{}", dated(d)));
    if let Basis::Inferred(why) = &d.basis
        && !why.is_empty()
    {
        resp.on_hover_text(format!("Inferred: {why}"));
    }
}

fn basis(b: &Basis) -> String {
    match b {
        Basis::Stated => "stated".to_owned(),
        Basis::Inferred(why) if why.is_empty() => "inferred".to_owned(),
        Basis::Inferred(why) => format!("inferred: {why}"),
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Edge, Kind};
    use crate::query::{Filter, apply};

    #[test]
    fn groups_use_plain_words_and_merge_duplicates() {
        let mut d = Document::default();
        d.nodes.push(Node::new("m", "Milburn", Kind::Person));
        d.nodes
            .push(Node::new("bw", "Beyond Whitehall", Kind::Publication));
        d.nodes.push(Node::new("p", "Progress", Kind::Organisation));
        d.edges.push(Edge::new("m", "bw", Relation::Wrote));
        d.edges.push(Edge::new("p", "bw", Relation::Published));
        d.edges.push(Edge::new("m", "bw", Relation::Wrote));
        let kg = KnowledgeGraph::from_document(d);
        let bw = kg.index_of("bw").expect("bw");
        let g = groups(&kg, bw);
        let titles: Vec<&str> = g.iter().map(|g| g.title).collect();
        assert_eq!(titles, ["Written by", "Published by"]);
        assert_eq!(g.first().map(|g| g.items.len()), Some(1));
        assert_eq!(
            g.first()
                .and_then(|g| g.items.first())
                .map(|(_, es)| es.len()),
            Some(2)
        );
    }

    /// In a filtered view a node's count is its links in that view, not in the graph.
    #[test]
    fn counts_links_in_the_view() {
        let kg = crate::bundled::bundled_graph().expect("bundled graph");
        let f = Filter {
            years: Some((2015, 2015)),
            ..Filter::default()
        };
        let view = apply(&kg, &f);
        let top = most_connected(&kg, &view);
        assert!(!top.is_empty());
        for &(ix, d) in &top {
            let in_view = view
                .edges
                .iter()
                .filter_map(|&e| kg.endpoints(e))
                .map(|(a, b)| usize::from(a == ix) + usize::from(b == ix))
                .sum::<usize>();
            assert_eq!(d, in_view, "{:?}", kg.node_at(ix).map(|n| &n.label));
        }
        assert!(
            top.iter().any(|&(ix, d)| d < kg.degree(ix)),
            "some links are filtered out"
        );
    }
}

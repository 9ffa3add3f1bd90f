//! The analysis panel's *Stance groups*: the view's people clustered by how they
//! agree ([`crate::query::stances::stance_groups`]), each group's members as links,
//! and the faction claims beside the groups (how many of each stated faction fall in
//! each group). An analysis: nothing is written back as a faction claim.

use egui::{RichText, Ui};

use super::agreement::{AgreementCommand, AgreementUi, MapResult};
use super::command::Command;
use super::theme;
use crate::model::KnowledgeGraph;
use crate::query::stances::StanceGroups;

/// The faction table's widest: groups past these share one column.
const MAX_GROUP_COLUMNS: usize = 6;

/// Draws the stance groups and the faction table, or how far they have come.
pub fn stance_groups_ui(
    ui: &mut Ui,
    kg: &KnowledgeGraph,
    ag: &AgreementUi,
    cmds: &mut Vec<Command>,
) {
    ui.weak(
        "People grouped by the stances they take in the view: an analysis, never \
         written back as faction claims.",
    );
    let mut inherit = ag.inherit;
    if ui
        .checkbox(&mut inherit, "Count stances of texts they wrote")
        .changed()
    {
        cmds.push(Command::Agreement(AgreementCommand::SetInherit(inherit)));
    }
    if let Some(t) = ag.map_running() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(format!("Grouping… {:.1} s", t.as_secs_f32()));
        });
    }
    // The last map in stays while the view's computes.
    let Some(map) = ag.map() else {
        return;
    };
    if map.matrix.rows.is_empty() {
        ui.label("No one in the view takes a side on an idea: nothing to group.");
        return;
    }
    let Some(groups) = &map.groups else {
        ui.label(format!(
            "{} people take stances: too many to group here. Narrow the view with the filters.",
            map.matrix.rows.len()
        ));
        return;
    };
    summary_ui(ui, map, groups);
    members_ui(ui, kg, map, groups, cmds);
    ui.add_space(6.0);
    faction_table_ui(ui, map, groups);
}

fn summary_ui(ui: &mut Ui, map: &MapResult, groups: &StanceGroups) {
    let grouped: usize = groups.groups.iter().map(Vec::len).sum();
    ui.label(format!(
        "{} group{} of people who agree, on average, more than they disagree; {} of {} \
         people with stances in none.",
        groups.groups.len(),
        if groups.groups.len() == 1 { "" } else { "s" },
        map.matrix.rows.len() - grouped,
        map.matrix.rows.len()
    ));
}

/// Each group, folded, its members as links.
fn members_ui(
    ui: &mut Ui,
    kg: &KnowledgeGraph,
    map: &MapResult,
    groups: &StanceGroups,
    cmds: &mut Vec<Command>,
) {
    for (g, rows) in groups.groups.iter().enumerate() {
        let title = RichText::new(format!("Group {} ({} people)", g + 1, rows.len()))
            .color(theme::stance_group_colour(g));
        egui::CollapsingHeader::new(title)
            .id_salt(("stance-group", g))
            .default_open(g < 3)
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    for &r in rows {
                        if let Some(&ix) = map.matrix.rows.get(r) {
                            let context = format!("Group {}", g + 1);
                            super::sidebar::node_link(ui, kg, ix, &context, cmds);
                        }
                    }
                });
            });
    }
}

/// Faction by group: how many who claim each faction fall in each group.
fn faction_table_ui(ui: &mut Ui, map: &MapResult, groups: &StanceGroups) {
    ui.strong("Faction claims beside the groups");
    let shown = groups.groups.len().min(MAX_GROUP_COLUMNS);
    let rest = groups.groups.len() > shown;
    egui::Grid::new("stance-faction-table")
        .striped(true)
        .spacing([8.0, 2.0])
        .show(ui, |ui| {
            ui.strong("Faction");
            for g in 0..shown {
                ui.strong(format!("G{}", g + 1));
            }
            if rest {
                ui.strong("other");
            }
            ui.strong("none");
            ui.end_row();
            for row in &map.factions {
                ui.label(&row.faction);
                for n in row.per_group.iter().take(shown) {
                    count_ui(ui, *n);
                }
                if rest {
                    count_ui(ui, row.per_group.iter().skip(shown).sum());
                }
                count_ui(ui, row.ungrouped);
                ui.end_row();
            }
        });
    ui.weak("G1… are the groups above; none: agrees on balance with no one.");
}

fn count_ui(ui: &mut Ui, n: usize) {
    if n == 0 {
        ui.weak("·");
    } else {
        ui.label(n.to_string());
    }
}

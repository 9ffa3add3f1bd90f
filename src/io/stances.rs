//! The stance analyses as files: the stance matrix and the agreement graph as CSV
//! (one row per person, one column per idea; one row per pair of people), shared by the
//! window's exports and the command line.

use crate::model::KnowledgeGraph;
use crate::query::stances::AgreementGraph;

/// Rows of text as CSV bytes.
///
/// # Errors
/// Only if the CSV writer fails, which writing to memory does not.
pub fn table_csv(rows: &[Vec<String>]) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in rows {
        w.write_record(row).map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

/// The agreement graph as an edge table Gephi and Cytoscape import: `source`, `target`
/// (ids), their labels, `agree`, `disagree`, `weight` (agree minus disagree) and
/// `sign`. A derived analysis, so it says so in a `derived` column.
///
/// # Errors
/// As [`table_csv`].
pub fn agreement_csv(kg: &KnowledgeGraph, g: &AgreementGraph) -> Result<Vec<u8>, String> {
    let id = |ix| kg.node_at(ix).map_or(String::new(), |n| n.id.clone());
    let label = |ix| kg.node_at(ix).map_or(String::new(), |n| n.label.clone());
    let mut rows = vec![
        [
            "source",
            "target",
            "source_label",
            "target_label",
            "agree",
            "disagree",
            "weight",
            "sign",
            "derived",
        ]
        .map(str::to_owned)
        .to_vec(),
    ];
    for e in &g.edges {
        let sign = match e.weight() {
            w if w > 0 => "agree",
            w if w < 0 => "disagree",
            _ => "even",
        };
        rows.push(vec![
            id(e.a),
            id(e.b),
            label(e.a),
            label(e.b),
            e.agree.to_string(),
            e.disagree.to_string(),
            e.weight().to_string(),
            sign.to_owned(),
            "stance agreement".to_owned(),
        ]);
    }
    table_csv(&rows)
}

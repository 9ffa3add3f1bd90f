//! Names the editor gives: a new node's id from its label, and the words that name an
//! edit in Edit > Undo ("add edge Jon Cruddas supports Reed–Kendall plan").

use crate::model::{Edge, KnowledgeGraph};

/// Longest id derived from a label, in characters: long enough to tell nodes apart.
const MAX_DERIVED_ID: usize = 60;

/// A kebab-case id from a label, unique among the graph's ids and `also_taken`:
/// lower-case ASCII letters and digits, words joined by single hyphens ("Reed–Kendall
/// plan" gives `reed-kendall-plan`); letters with accents lose them where they are
/// Latin, other characters separate words. Taken ids get `-2`, `-3`, …; a label with no
/// such letter gives `node`.
pub(super) fn id_from_label(kg: &KnowledgeGraph, label: &str, also_taken: &[String]) -> String {
    let mut base = String::new();
    for c in label.chars().flat_map(plain) {
        if c.is_ascii_alphanumeric() {
            base.push(c.to_ascii_lowercase());
        } else if !base.is_empty() && !base.ends_with('-') {
            base.push('-');
        }
    }
    let mut base: String = base.chars().take(MAX_DERIVED_ID).collect();
    while base.ends_with('-') {
        base.pop();
    }
    if base.is_empty() {
        base = "node".to_owned();
    }
    let taken = |id: &str| kg.index_of(id).is_some() || also_taken.iter().any(|t| t == id);
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or(base)
}

/// A Latin letter without its accent (é gives e, ß gives ss); any other character as
/// it is.
fn plain(c: char) -> Vec<char> {
    let s = match c {
        'à'..='å' | 'À'..='Å' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'Ç' => "c",
        'è'..='ë' | 'È'..='Ë' => "e",
        'ì'..='ï' | 'Ì'..='Ï' => "i",
        'ñ' | 'Ñ' => "n",
        'ò'..='ö' | 'ø' | 'Ò'..='Ö' | 'Ø' => "o",
        'ù'..='ü' | 'Ù'..='Ü' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ß' => "ss",
        '\'' | '\u{2019}' => "",
        _ => return vec![c],
    };
    s.chars().collect()
}

/// A node's label by id, or the id when there is no such node.
pub(super) fn label_of<'a>(kg: &'a KnowledgeGraph, id: &'a str) -> &'a str {
    kg.node(id).map_or(id, |n| n.label.as_str())
}

/// An edge as a sentence: "Jon Cruddas supports Reed–Kendall plan".
pub(super) fn sentence(kg: &KnowledgeGraph, edge: &Edge) -> String {
    format!(
        "{} {} {}",
        label_of(kg, &edge.from),
        edge.relation.verb(),
        label_of(kg, &edge.to)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Kind, Node};

    #[test]
    fn ids_are_kebab_case_and_unique() {
        let mut d = Document::default();
        d.nodes
            .push(Node::new("reed-kendall-plan", "Plan", Kind::Concept));
        let kg = KnowledgeGraph::from_document(d);
        assert_eq!(id_from_label(&kg, "Liz Kendall", &[]), "liz-kendall");
        assert_eq!(
            id_from_label(&kg, "Reed\u{2013}Kendall plan", &[]),
            "reed-kendall-plan-2"
        );
        assert_eq!(
            id_from_label(&kg, "Reed–Kendall plan", &["reed-kendall-plan-2".into()]),
            "reed-kendall-plan-3"
        );
        assert_eq!(
            id_from_label(&kg, "  Labour's  Café Society! ", &[]),
            "labours-cafe-society"
        );
        assert_eq!(id_from_label(&kg, "中文", &[]), "node");
        let long = id_from_label(&kg, &"word ".repeat(40), &[]);
        assert!(
            long.len() <= MAX_DERIVED_ID && !long.ends_with('-'),
            "{long}"
        );
        for label in ["Liz Kendall", "  Labour's  Café!", "中文", "a--b"] {
            assert!(crate::model::is_kebab_id(&id_from_label(&kg, label, &[])));
        }
    }
}

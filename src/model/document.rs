//! The serialisable document: sources, nodes and edges as written in `graph.ron`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::date::{Basis, Dated};
use super::kinds::{Kind, Relation, SubKind};

/// The current version of the document format.
pub const FORMAT_VERSION: u32 = 1;

/// A verbatim quote from a source, backing a fact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// The id of a [`Source`].
    pub source: String,
    /// Words copied exactly from the source.
    pub quote: String,
}

/// A post or position a person holds, with the evidence that says so.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// E.g. "Work and Pensions Secretary".
    pub title: String,
    /// When the source places the role, if it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Dated>,
    /// The quote that gives the role.
    pub evidence: Evidence,
}

/// A claim that a person or group belongs to a faction or tendency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactionClaim {
    /// E.g. "Blairite", "Blue Labour", "Labour left".
    pub faction: String,
    /// Stated in the text, or inferred and from what.
    #[serde(default)]
    pub basis: Basis,
    /// The quote the claim rests on.
    pub evidence: Evidence,
}

/// A node of the knowledge graph.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// Stable kebab-case id, unique in the document.
    pub id: String,
    /// Display name.
    pub label: String,
    /// What the node is.
    pub kind: Kind,
    /// A finer classification, which must fit `kind`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_kind: Option<SubKind>,
    /// Other names the documents use.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// One or two sentences in our own words.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Posts held, each with evidence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Role>,
    /// Faction claims, each with evidence and basis.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub factions: Vec<FactionClaim>,
    /// The node's own date (a publication's or event's), where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Dated>,
    /// Quotes that introduce or describe the node.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// Attributes from imported files that the model has no field for; kept as they were.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attrs: BTreeMap<String, String>,
    /// A saved layout position, in scene units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pos: Option<[f32; 2]>,
}

impl Node {
    /// A node with only the required fields set.
    pub fn new(id: impl Into<String>, label: impl Into<String>, kind: Kind) -> Self {
        Self {
            id: id.into(),
            label: label.into(),
            kind,
            sub_kind: None,
            aliases: Vec::new(),
            description: String::new(),
            roles: Vec::new(),
            factions: Vec::new(),
            date: None,
            evidence: Vec::new(),
            attrs: BTreeMap::new(),
            pos: None,
        }
    }

    /// The distinct faction names claimed for this node, sorted.
    pub fn faction_names(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.factions.iter().map(|f| f.faction.as_str()).collect();
        v.sort_unstable();
        v.dedup();
        v
    }
}

/// A typed, evidenced relation between two nodes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edge {
    /// Id of the node the relation reads from.
    pub from: String,
    /// Id of the node the relation reads to.
    pub to: String,
    /// What the relation is.
    pub relation: Relation,
    /// When it held or happened, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Dated>,
    /// One or more verbatim quotes.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    /// A short note in our own words, e.g. what an inference rests on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Extra attributes (e.g. `preference: "1"` on a vote, or imported columns).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attrs: BTreeMap<String, String>,
}

impl Edge {
    /// How messages name the edge at `index` (from 0) in its document:
    /// `edge #3 alan-milburn -wrote-> beyond-whitehall`. Each end is cut to
    /// [`super::validate::SHOWN_CHARS`] characters, so the name stays short.
    pub fn describe(&self, index: usize) -> String {
        let ((from, more_from), (to, more_to)) = (
            super::validate::cut(&self.from),
            super::validate::cut(&self.to),
        );
        format!(
            "edge #{} {from}{more_from} -{}-> {to}{more_to}",
            index + 1,
            self.relation.name(),
        )
    }

    /// An edge with no date, note or evidence.
    pub fn new(from: impl Into<String>, to: impl Into<String>, relation: Relation) -> Self {
        Self {
            from: from.into(),
            to: to.into(),
            relation,
            date: None,
            evidence: Vec::new(),
            note: None,
            attrs: BTreeMap::new(),
        }
    }
}

/// One piece of writing the graph quotes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Stable kebab-case id cited by [`Evidence::source`].
    pub id: String,
    /// The headline or title.
    pub title: String,
    /// The newspaper, magazine or site, where the text names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// Authors' names as the text gives them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// Publication date, stated or inferred.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Dated>,
    /// The file in the sources folder that holds the text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub file: String,
    /// Anything a reader should know, e.g. that the file holds two pieces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Source {
    /// "Outlet, Author, "Title", date" for captions and narrations.
    pub fn citation(&self) -> String {
        let mut parts = Vec::new();
        if let Some(o) = &self.outlet {
            parts.push(o.clone());
        }
        if !self.authors.is_empty() {
            parts.push(self.authors.join(" and "));
        }
        parts.push(format!("\u{201c}{}\u{201d}", self.title));
        if let Some(d) = &self.date {
            let inferred = if d.basis.is_inferred() {
                " (inferred)"
            } else {
                ""
            };
            parts.push(format!("{}{inferred}", d.date));
        }
        parts.join(", ")
    }
}

/// The whole document: what `graph.ron` holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Format version; see [`FORMAT_VERSION`].
    pub version: u32,
    /// A title for the collection.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// The sources quoted.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// The nodes.
    #[serde(default)]
    pub nodes: Vec<Node>,
    /// The edges.
    #[serde(default)]
    pub edges: Vec<Edge>,
}

impl Default for Document {
    fn default() -> Self {
        Self {
            version: FORMAT_VERSION,
            title: String::new(),
            sources: Vec::new(),
            nodes: Vec::new(),
            edges: Vec::new(),
        }
    }
}

//! The serialisable document: sources, nodes and edges as written in `graph.ron`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::date::{Basis, Dated};
use super::kinds::{Kind, Relation, SubKind};

/// The current version of the document format.
pub const FORMAT_VERSION: u32 = 1;

/// A verbatim quote from a source, backing a fact, and what kind of statement it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// The id of a [`Source`].
    pub source: String,
    /// Words copied exactly from the source.
    pub quote: String,
    /// Whose words these are: the subject's own, or the author's report. Files written
    /// before voice existed read as [`Voice::Reported`], the weaker claim.
    #[serde(default)]
    pub voice: Voice,
    /// Stated as fact, or expected (a forecast or the author's hedge).
    #[serde(default)]
    pub modality: Modality,
}

impl Evidence {
    /// A quote reported by the source's author and stated as fact: the weakest voice and
    /// the plainest modality, until a reading says otherwise.
    pub fn new(source: impl Into<String>, quote: impl Into<String>) -> Self {
        Evidence {
            source: source.into(),
            quote: quote.into(),
            voice: Voice::Reported,
            modality: Modality::Stated,
        }
    }

    /// The same quote with the given voice and modality.
    pub fn with(mut self, voice: Voice, modality: Modality) -> Self {
        self.voice = voice;
        self.modality = modality;
        self
    }
}

/// Whose words a quote is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Voice {
    /// The subject's own words: a direct quotation of them, or a text they wrote.
    Own,
    /// The author's report or characterisation of the subject.
    #[default]
    Reported,
}

impl Voice {
    /// Both voices, own words first.
    pub const ALL: [Voice; 2] = [Voice::Own, Voice::Reported];

    /// A lower-case name for the CLI and exports.
    pub fn name(self) -> &'static str {
        match self {
            Voice::Own => "own",
            Voice::Reported => "reported",
        }
    }

    /// How the sidebar and narrations say it.
    pub fn label(self) -> &'static str {
        match self {
            Voice::Own => "own words",
            Voice::Reported => "author's report",
        }
    }

    /// Parses [`Voice::name`] (any case).
    pub fn from_name(s: &str) -> Option<Voice> {
        let s = s.trim().to_ascii_lowercase();
        Voice::ALL.into_iter().find(|v| v.name() == s)
    }
}

/// Whether a quote states a fact or expects one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Modality {
    /// Stated as fact (including a person's own statement of intent).
    #[default]
    Stated,
    /// Expected or predicted: "will signal", "is expected to", "I expect".
    Expected,
}

impl Modality {
    /// Both modalities, stated first.
    pub const ALL: [Modality; 2] = [Modality::Stated, Modality::Expected];

    /// A lower-case name for the CLI and exports.
    pub fn name(self) -> &'static str {
        match self {
            Modality::Stated => "stated",
            Modality::Expected => "expected",
        }
    }

    /// How the sidebar and narrations say it: as the CLI does.
    pub fn label(self) -> &'static str {
        self.name()
    }

    /// Parses [`Modality::name`] (any case).
    pub fn from_name(s: &str) -> Option<Modality> {
        let s = s.trim().to_ascii_lowercase();
        Modality::ALL.into_iter().find(|m| m.name() == s)
    }
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
    /// When the claim holds: the date of the text that makes it, where it is dated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Dated>,
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

    /// Whose words back the edge, taken together: own words when any quote is the
    /// subject's own, else the author's report; `None` with no quote. What exports
    /// write as the edge's `voice`, and what "own words only" keeps.
    pub fn voice(&self) -> Option<Voice> {
        let own = self.evidence.iter().any(|ev| ev.voice == Voice::Own);
        (!self.evidence.is_empty()).then_some(if own { Voice::Own } else { Voice::Reported })
    }

    /// How sure the edge is, taken together: stated when any quote states it, expected
    /// when every quote is a forecast; `None` with no quote.
    pub fn modality(&self) -> Option<Modality> {
        let stated = self
            .evidence
            .iter()
            .any(|ev| ev.modality == Modality::Stated);
        (!self.evidence.is_empty()).then_some(if stated {
            Modality::Stated
        } else {
            Modality::Expected
        })
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
    /// The id of the publication node that stands for this text in the graph: what it
    /// says in its own voice is that node's own words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
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

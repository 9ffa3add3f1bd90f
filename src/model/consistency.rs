//! Consistency warnings: facts that break no rule but read oddly, which `ideagraph check`
//! lists after its problems without failing on them. An edge whose relation does not fit
//! the kinds of its ends (a person *leads* an event, an organisation *wrote* a concept),
//! and edges resting on the same quote of which some are dated and some not (a date the
//! passage gives one of them belongs to the others too, or to none; edges between two
//! concepts aside), and faction claims without a date when the source making them is
//! dated.

use std::collections::{BTreeMap, HashMap};

use super::document::Document;
use super::kinds::{Kind, Relation};
use super::validate::{Locus, Problem, Rule};

/// Every consistency warning of `doc`, edge by edge in document order.
///
/// # Complexity
/// O(n + e·q) for n nodes and e edges of at most q quotes each.
pub fn consistency_warnings(doc: &Document) -> Vec<Problem> {
    let kinds: HashMap<&str, Kind> = doc.nodes.iter().map(|n| (n.id.as_str(), n.kind)).collect();
    let mut out = Vec::new();
    for (i, e) in doc.edges.iter().enumerate() {
        let (Some(&from), Some(&to)) = (kinds.get(e.from.as_str()), kinds.get(e.to.as_str()))
        else {
            continue;
        };
        let (ok_from, ok_to) = fits(e.relation);
        if !(ok_from.is_none_or(|k| k.contains(&from)) && ok_to.is_none_or(|k| k.contains(&to))) {
            out.push(warning(
                Rule::KindMismatch,
                format!(
                    "edge {} {} {}: {} {} {}, which the relation does not expect",
                    e.from,
                    e.relation.name(),
                    e.to,
                    with_article(from),
                    e.relation.verb(),
                    with_article(to)
                ),
                i,
            ));
        }
    }
    out.extend(twin_dates(doc, &kinds));
    out.sort_by_key(|p| match p.locus {
        Some(Locus::Edge(i)) => i,
        _ => usize::MAX,
    });
    out.extend(undated_factions(doc));
    out
}

/// Faction claims with no date while the source that makes them is dated: a claim
/// holds as of its text, so the text's date is the claim's (a warning at the node).
fn undated_factions(doc: &Document) -> Vec<Problem> {
    let dated: HashMap<&str, String> = doc
        .sources
        .iter()
        .filter_map(|s| Some((s.id.as_str(), s.date.as_ref()?.date.to_string())))
        .collect();
    let mut out = Vec::new();
    for (i, n) in doc.nodes.iter().enumerate() {
        for f in n.factions.iter().filter(|f| f.when.is_none()) {
            let Some(date) = dated.get(f.evidence.source.as_str()) else {
                continue;
            };
            out.push(Problem {
                rule: Rule::UndatedFaction,
                message: format!(
                    "node {} faction {:?} has no date, while its source {} is dated {date}",
                    n.id, f.faction, f.evidence.source
                ),
                needle: Some(format!("faction: {:?}", f.faction)),
                locus: Some(Locus::Node(i)),
                at: None,
            });
        }
    }
    out
}

/// "a person", "an event".
fn with_article(kind: Kind) -> String {
    let name = kind.name();
    let an = name.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {name}", if an { "an" } else { "a" })
}

/// The kinds a relation expects at its `from` and `to` ends (`None`: any kind).
fn fits(relation: Relation) -> (Option<&'static [Kind]>, Option<&'static [Kind]>) {
    use Kind::*;
    use Relation::*;
    const ACTORS: &[Kind] = &[Person, Organisation];
    match relation {
        Wrote | CoWrote | ContributedTo => (Some(&[Person, Organisation]), Some(&[Publication])),
        Published => (Some(ACTORS), Some(&[Publication])),
        WorksFor | MemberOf | Leads => (Some(ACTORS), Some(&[Organisation])),
        Organises => (Some(ACTORS), Some(&[Event])),
        Imposes => (Some(&[Organisation]), None),
        PartOf => (
            Some(&[Organisation, Event, Concept]),
            Some(&[Organisation, Event, Concept]),
        ),
        Funds => (Some(&[Organisation, Concept]), None),
        Replaces => (None, None),
        VotesFor => (Some(&[Person]), Some(ACTORS)),
        CandidateIn => (Some(&[Person]), Some(&[Event])),
        Delivers => (Some(ACTORS), Some(&[Publication, Event])),
        ReportsOn => (Some(&[Publication]), None),
        Advocates | Supports | Criticises | Opposes | Rebukes | Mentions | RelatedTo => {
            (None, None)
        }
    }
}

/// Edges resting on one quote (the same source and words, folded) of which some are
/// dated and some not: a warning at each undated one, naming a dated twin. An edge
/// between two concepts is left out: how ideas relate is not dated.
fn twin_dates(doc: &Document, kinds: &HashMap<&str, Kind>) -> Vec<Problem> {
    let concept = |id: &str| kinds.get(id) == Some(&Kind::Concept);
    let mut by_quote: BTreeMap<(&str, String), Vec<usize>> = BTreeMap::new();
    for (i, e) in doc.edges.iter().enumerate() {
        if concept(&e.from) && concept(&e.to) {
            continue;
        }
        for ev in &e.evidence {
            let key = (ev.source.as_str(), fold(&ev.quote));
            by_quote.entry(key).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for edges in by_quote.values() {
        let Some(&dated) = edges.iter().find(|&&i| doc.edges[i].date.is_some()) else {
            continue;
        };
        let twin = &doc.edges[dated];
        for &i in edges.iter().filter(|&&i| doc.edges[i].date.is_none()) {
            let e = &doc.edges[i];
            let date = twin
                .date
                .as_ref()
                .map_or_else(String::new, |d| d.date.to_string());
            out.push(warning(
                Rule::TwinDates,
                format!(
                    "edge {} {} {} has no date, while {} {} {}, resting on the same quote, \
                     is dated {date}",
                    e.from,
                    e.relation.name(),
                    e.to,
                    twin.from,
                    twin.relation.name(),
                    twin.to
                ),
                i,
            ));
        }
    }
    out
}

/// A quote as compared: lower case, curly quotes straight, white space single.
fn fold(quote: &str) -> String {
    quote
        .to_lowercase()
        .replace(['\u{2018}', '\u{2019}'], "'")
        .replace(['\u{201c}', '\u{201d}'], "\"")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A warning about the edge at `edge`.
fn warning(rule: Rule, message: String, edge: usize) -> Problem {
    Problem {
        rule,
        message,
        needle: None,
        locus: Some(Locus::Edge(edge)),
        at: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Basis, Dated, Edge, Evidence, Node};

    fn doc(edges: Vec<Edge>) -> Document {
        let mut d = Document::default();
        d.nodes.push(Node::new("ada", "Ada", Kind::Person));
        d.nodes
            .push(Node::new("guild", "Guild", Kind::Organisation));
        d.nodes.push(Node::new("agm", "AGM", Kind::Event));
        d.nodes.push(Node::new("idea", "Idea", Kind::Concept));
        d.nodes
            .push(Node::new("other", "Other idea", Kind::Concept));
        d.edges = edges;
        d
    }

    fn edge(from: &str, to: &str, relation: Relation, quote: &str, date: Option<&str>) -> Edge {
        let mut e = Edge::new(from, to, relation);
        e.evidence.push(Evidence::new("s", quote));
        e.date = date.map(|d| Dated {
            date: d.parse().expect("date"),
            basis: Basis::Stated,
        });
        e
    }

    fn codes(d: &Document) -> Vec<(&'static str, Option<Locus>)> {
        consistency_warnings(d)
            .into_iter()
            .map(|p| (p.rule.code(), p.locus))
            .collect()
    }

    #[test]
    fn a_relation_that_does_not_fit_its_ends_is_a_warning() {
        let d = doc(vec![
            edge("ada", "agm", Relation::Leads, "a", None),
            edge("guild", "agm", Relation::Organises, "b", None),
            edge("guild", "idea", Relation::Wrote, "c", None),
            edge("ada", "idea", Relation::Advocates, "d", None),
        ]);
        assert_eq!(
            codes(&d),
            [
                ("kind-mismatch", Some(Locus::Edge(0))),
                ("kind-mismatch", Some(Locus::Edge(2)))
            ]
        );
        let message = &consistency_warnings(&d)[0].message;
        assert!(
            message.contains("a person leads or chairs an event"),
            "{message}"
        );
    }

    #[test]
    fn an_undated_twin_of_a_dated_edge_is_a_warning_unless_both_ends_are_ideas() {
        let d = doc(vec![
            edge(
                "ada",
                "idea",
                Relation::Advocates,
                "Ada backs the idea",
                Some("2015"),
            ),
            edge(
                "guild",
                "idea",
                Relation::Advocates,
                "Ada  backs the IDEA",
                None,
            ),
            edge(
                "other",
                "idea",
                Relation::RelatedTo,
                "Ada backs the idea",
                None,
            ),
            edge("ada", "guild", Relation::MemberOf, "another passage", None),
        ]);
        assert_eq!(codes(&d), [("twin-dates", Some(Locus::Edge(1)))]);
    }

    #[test]
    fn a_faction_claim_undated_while_its_source_is_dated_is_a_warning() {
        use crate::model::{FactionClaim, Source};
        let mut d = doc(vec![]);
        let dated = Dated {
            date: "2015".parse().expect("date"),
            basis: Basis::Stated,
        };
        for (id, date) in [("s", Some(dated.clone())), ("t", None)] {
            d.sources.push(Source {
                id: id.into(),
                title: id.into(),
                outlet: None,
                authors: vec![],
                date,
                file: String::new(),
                note: None,
                node: None,
            });
        }
        let claim = |source: &str, when: Option<Dated>| FactionClaim {
            faction: "Blairite".into(),
            basis: Basis::Stated,
            when,
            evidence: Evidence::new(source, "a Blairite"),
        };
        d.nodes[0].factions = vec![claim("s", None), claim("t", None), claim("s", Some(dated))];
        assert_eq!(codes(&d), [("undated-faction", Some(Locus::Node(0)))]);
        let message = &consistency_warnings(&d)[0].message;
        assert!(message.contains("its source s is dated 2015"), "{message}");
    }
}

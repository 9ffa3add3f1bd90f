//! Reads, from a source's text, whose words a quote is and whether it states or expects:
//! the rule behind every piece of evidence's [`Voice`] and [`Modality`], and the check
//! that the labels a graph carries agree with it.
//!
//! - **Own words**: the source is the subject's own text (the subject is the source's
//!   `node`, or one of its authors), or at least half the quote lies inside quotation
//!   marks in a paragraph that names the subject (here or in the paragraph before,
//!   outside the quotation: "Kendall says: “…”", "She argues: “…”").
//! - **Expected**: the sentence holding the quote, read outside its quotation marks,
//!   carries an author's hedge or forecast ("I expect", "is expected to", "we are led to
//!   understand", "is likely to", "is set to"), unless the words are the subject's own
//!   (a person's "we will" is a commitment, stated).

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use crate::model::{Document, Evidence, Kind, Locus, Modality, Node, Problem, Rule, Voice, shown};

use super::quotes::{Backs, evidence_by_source, normalize, read_source_text};
use super::sources::FoldedText;

/// The author's hedges and forecasts that make a reported statement an expectation.
pub const HEDGES: [&str; 12] = [
    "i expect",
    "we expect",
    "is expected to",
    "are expected to",
    "we are led to understand",
    "is likely to",
    "are likely to",
    "is set to",
    "are set to",
    "is due to",
    "are due to",
    "is tipped to",
];

/// Words that look ahead: an expectation's quote holds one of them.
pub const FORECASTS: [&str; 12] = [
    "will", "would", "may", "might", "could", "shall", "expect", "expects", "expected", "likely",
    "soon", "won't",
];

/// What the rule reads for one quote, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reading {
    /// Whose words the rule finds the quote to be.
    pub voice: Voice,
    /// Whether the rule finds it stated or expected.
    pub modality: Modality,
    /// The reason for the voice, for messages.
    pub voice_why: &'static str,
    /// The hedge found, if any.
    pub hedge: Option<&'static str>,
    /// Whether the quote's own words look ahead at all ("will", "may", "would", …): an
    /// expectation needs such a word, though not every such word makes one.
    pub looks_ahead: bool,
}

/// One source's text, read once for all its quotes.
pub struct SourceText<'a> {
    doc: &'a Document,
    source: &'a crate::model::Source,
    text: &'a str,
    folded: FoldedText,
    paragraphs: Vec<Range<usize>>,
}

impl<'a> SourceText<'a> {
    /// Prepares `text`, the file of the source with id `source`; `None` for an unknown
    /// source.
    pub fn new(doc: &'a Document, source: &str, text: &'a str) -> Option<Self> {
        let source = doc.sources.iter().find(|s| s.id == source)?;
        let mut paragraphs = Vec::new();
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            paragraphs.push(start..start + line.len());
            start += line.len();
        }
        Some(Self {
            doc,
            source,
            text,
            folded: FoldedText::new(text),
            paragraphs,
        })
    }

    /// The rule's reading of `quote` as evidence about `subject`; `None` when the quote
    /// is not in the text.
    pub fn read(&self, subject: &Node, quote: &str) -> Option<Reading> {
        let at = self.folded.locate(self.text, quote)?;
        let p = self.paragraphs.iter().position(|p| p.contains(&at.start))?;
        let para = &self.text[self.paragraphs[p].clone()];
        let local = at.start - self.paragraphs[p].start..at.end - self.paragraphs[p].start;
        let spans = quoted_spans(para);
        let speaker = matches!(subject.kind, Kind::Person | Kind::Organisation);
        let (voice, voice_why) = if self.own_text(subject) {
            (Voice::Own, "the source is the subject's own text")
        } else if speaker && self.quoted(&local, &spans) && self.names_subject(subject, p, &spans) {
            (Voice::Own, "quoted words, attributed to the subject")
        } else {
            (Voice::Reported, "the author's words about the subject")
        };
        let hedge = quote_hedge(para, &local, &spans);
        let folded = normalize(quote).to_lowercase();
        let looks_ahead = hedge.is_some() || words(&folded).iter().any(|w| FORECASTS.contains(w));
        let modality = match (voice, hedge) {
            (Voice::Reported, Some(_)) => Modality::Expected,
            _ => Modality::Stated,
        };
        Some(Reading {
            voice,
            modality,
            voice_why,
            hedge,
            looks_ahead,
        })
    }

    /// Whether at least half of the quote lies inside quotation marks.
    fn quoted(&self, quote: &Range<usize>, spans: &[Range<usize>]) -> bool {
        inside_share(quote, spans) * 2 >= quote.len()
    }

    /// Whether the source is the subject's own text: the source's node, one of its
    /// authors, or the writer of its node (an unnamed commenter who wrote the comment).
    fn own_text(&self, subject: &Node) -> bool {
        let Some(node) = self.source.node.as_deref() else {
            return self.authored_by(subject);
        };
        if node == subject.id {
            return true;
        }
        let wrote = self
            .doc
            .edges
            .iter()
            .any(|e| e.from == subject.id && e.to == node && e.relation.is_authorship());
        wrote || self.authored_by(subject)
    }

    /// Whether the subject is one of the source's authors, by label or alias.
    fn authored_by(&self, subject: &Node) -> bool {
        let names = own_names(subject);
        self.source
            .authors
            .iter()
            .any(|a| names.contains(&normalize(a).to_lowercase()))
    }

    /// Whether paragraph `p` attributes speech to the subject outside quotation marks
    /// ("Kendall says:", "Alan Milburn, former health secretary, argues that", "Reed
    /// said", "Blair was saying"), or to a pronoun ("She argues:") after a paragraph
    /// that names the subject.
    fn names_subject(&self, subject: &Node, p: usize, spans: &[Range<usize>]) -> bool {
        let names = speaker_names(subject);
        let para = &self.text[self.paragraphs[p].clone()];
        let gaps = gaps(para, spans);
        if names.iter().any(|n| gaps.iter().any(|g| speaks(g, n))) {
            return true;
        }
        let Some(before) = p.checked_sub(1).and_then(|b| self.paragraphs.get(b)) else {
            return false;
        };
        let prev = &self.text[before.clone()];
        let prev = outside(prev, &quoted_spans(prev));
        let pronoun = ["he", "she", "they"]
            .iter()
            .any(|n| gaps.iter().any(|g| speaks(g, n)));
        pronoun && names.iter().any(|n| has_word(&prev, n))
    }
}

/// Verbs that attribute the words of a quotation to a speaker.
const SPEECH: [&str; 30] = [
    "says",
    "said",
    "say",
    "saying",
    "writes",
    "wrote",
    "writing",
    "argues",
    "argued",
    "arguing",
    "warns",
    "warned",
    "insists",
    "insisted",
    "adds",
    "added",
    "suggests",
    "suggested",
    "told",
    "tells",
    "claims",
    "claimed",
    "notes",
    "noted",
    "explains",
    "explained",
    "concludes",
    "concluded",
    "asks",
    "asked",
];

/// Words that make what follows hypothetical: "Brown should perhaps be saying …" does
/// not give Brown's words.
const MODALS: [&str; 6] = ["should", "would", "could", "might", "may", "must"];

/// The stretches of a paragraph between its quotations, folded and lower-cased.
fn gaps(para: &str, spans: &[Range<usize>]) -> Vec<String> {
    let mut out = Vec::new();
    let mut at = 0;
    for s in spans {
        out.push(normalize(&para[at..s.start]).to_lowercase());
        at = s.end;
    }
    out.push(normalize(&para[at..]).to_lowercase());
    out
}

/// The words of a text, punctuation trimmed off each.
fn words(text: &str) -> Vec<&str> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\''))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether `gap` (text between quotations, lower case) has `name` as the speaker: a
/// speech verb follows it in the same sentence with no modal before it, or comes
/// straight before it ("said Reed").
fn speaks(gap: &str, name: &str) -> bool {
    gap.match_indices(name).any(|(i, _)| {
        let (head, tail) = (&gap[..i], &gap[i + name.len()..]);
        let whole = !head.chars().next_back().is_some_and(char::is_alphanumeric)
            && !tail.chars().next().is_some_and(char::is_alphanumeric);
        let sentence = tail.split(['.', '!', '?']).next().unwrap_or_default();
        let after = words(sentence)
            .into_iter()
            .take_while(|w| !MODALS.contains(w))
            .any(|w| SPEECH.contains(&w));
        let before = words(head).last().is_some_and(|w| SPEECH.contains(w));
        whole && (after || before)
    })
}

/// The names an author line may give the subject, folded and lower-cased.
fn own_names(n: &Node) -> Vec<String> {
    std::iter::once(&n.label)
        .chain(&n.aliases)
        .map(|s| normalize(s).to_lowercase())
        .collect()
}

/// The names a paragraph may call a speaker by: label, aliases, and a person's surname.
fn speaker_names(n: &Node) -> Vec<String> {
    let mut names = own_names(n);
    if n.kind == Kind::Person
        && let Some(last) = n.label.split_whitespace().last()
    {
        names.push(normalize(last).to_lowercase());
    }
    names
}

/// Whether `word` (lower case, perhaps several words) stands in `text` as whole words.
fn has_word(text: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The text outside the quotation spans, folded and lower-cased.
fn outside(text: &str, spans: &[Range<usize>]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for s in spans {
        out.push_str(&text[at..s.start]);
        out.push(' ');
        at = s.end;
    }
    out.push_str(&text[at..]);
    normalize(&out).to_lowercase()
}

/// The byte ranges inside double quotation marks (straight or curly), marks excluded.
/// An opening mark left unclosed runs to the end of the paragraph, as a quotation that
/// goes on into the next paragraph does.
pub fn quoted_spans(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let mark = match c {
            '\u{201c}' => Some(true),
            '\u{201d}' => Some(false),
            '"' => Some(open.is_none()),
            _ => None,
        };
        match (mark, open) {
            (Some(true), None) => open = Some(i + c.len_utf8()),
            (Some(false), Some(s)) => {
                out.push(s..i);
                open = None;
            }
            _ => {}
        }
    }
    if let Some(s) = open {
        out.push(s..text.len());
    }
    out
}

/// How many bytes of `range` lie inside the spans.
fn inside_share(range: &Range<usize>, spans: &[Range<usize>]) -> usize {
    spans
        .iter()
        .map(|s| {
            let lo = s.start.max(range.start);
            let hi = s.end.min(range.end);
            hi.saturating_sub(lo)
        })
        .sum()
}

/// The author's hedge in the quote's own words, read outside quotation marks: a hedge
/// elsewhere in its sentence governs other words ("it will, I expect, signal that those
/// in the party who …": the people are not expected, the signal is).
fn quote_hedge(para: &str, quote: &Range<usize>, spans: &[Range<usize>]) -> Option<&'static str> {
    let words = author_words(para, quote, spans).replace([',', ';'], "");
    HEDGES.into_iter().find(|h| has_word(&words, h))
}

/// The quote's words outside quotation marks, folded and lower-cased.
fn author_words(para: &str, quote: &Range<usize>, spans: &[Range<usize>]) -> String {
    let inner: Vec<Range<usize>> = spans
        .iter()
        .filter_map(|s| {
            let lo = s.start.max(quote.start);
            let hi = s.end.min(quote.end);
            (lo < hi).then(|| lo - quote.start..hi - quote.start)
        })
        .collect();
    outside(&para[quote.clone()], &inner)
}

/// The subject of a piece of evidence: the node it backs, or the edge's `from` end.
fn subject<'d>(by_id: &HashMap<&str, &'d Node>, backs: &Backs<'d>) -> Option<&'d Node> {
    match backs {
        Backs::Node(_, n) | Backs::Role(_, n, _) | Backs::Faction(_, n, _) => Some(n),
        Backs::Edge(_, e) => by_id.get(e.from.as_str()).copied(),
    }
}

/// Where the labels of every quote disagree with the rule's reading: a warning each
/// ([`Rule::Voice`], [`Rule::Modality`]). Sources whose file cannot be read are left
/// out (`check --sources` reports them already).
pub fn check_voices(doc: &Document, dir: &Path) -> Vec<Problem> {
    let mut out = Vec::new();
    for (backs, ev, reading) in readings(doc, dir) {
        out.extend(disagreement(&backs, ev, &reading));
    }
    out
}

/// The rule's reading of every quote whose source text can be read, in document order
/// by source.
pub fn readings<'d>(doc: &'d Document, dir: &Path) -> Vec<(Backs<'d>, &'d Evidence, Reading)> {
    let by_id: HashMap<&str, &Node> = doc.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let mut by_source = evidence_by_source(doc);
    let mut out = Vec::new();
    for s in &doc.sources {
        let Some(quotes) = by_source.remove(s.id.as_str()) else {
            continue;
        };
        let Ok(text) = read_source_text(s, dir) else {
            continue;
        };
        let Some(st) = SourceText::new(doc, &s.id, &text) else {
            continue;
        };
        for (backs, ev) in quotes {
            let reading = subject(&by_id, &backs).and_then(|n| st.read(n, &ev.quote));
            if let Some(r) = reading {
                out.push((backs, ev, r));
            }
        }
    }
    out
}

/// The warnings for one quote whose labels claim more than its text supports: own
/// words with no quotation marks and not the subject's own text; a stated fact carrying
/// the author's hedge; an expectation with no word that looks ahead. Calling quoted
/// words the author's report, or a "will" stated, is a reading a curator may make, and
/// is not warned of.
fn disagreement(backs: &Backs<'_>, ev: &Evidence, r: &Reading) -> Vec<Problem> {
    let mut out = Vec::new();
    let what = || format!("{}: quote {}", backs.describe(), shown(&ev.quote));
    if ev.voice == Voice::Own && r.voice == Voice::Reported {
        let message = format!(
            "{} is marked own words, but it is not inside quotation marks naming the subject, and the source is not the subject's own text",
            what()
        );
        out.push(warning(Rule::Voice, message, backs.locus(), ev));
    }
    let why = match (ev.modality, r.hedge) {
        (Modality::Stated, Some(h)) if ev.voice == Voice::Reported => {
            Some(format!("is marked stated, but the author writes {h:?}"))
        }
        (Modality::Expected, _) if !r.looks_ahead => {
            Some("is marked expected, but no word of it looks ahead".to_owned())
        }
        _ => None,
    };
    if let Some(why) = why {
        out.push(warning(
            Rule::Modality,
            format!("{} {why}", what()),
            backs.locus(),
            ev,
        ));
    }
    out
}

fn warning(rule: Rule, message: String, locus: Locus, ev: &Evidence) -> Problem {
    let needle = (ev.quote.len() <= 200).then(|| format!("quote: {:?}", ev.quote));
    Problem {
        rule,
        message,
        needle,
        locus: Some(locus),
        at: None,
    }
}

/// Sets every quote's voice and modality to the rule's reading, where its source's
/// text can be read; returns how many quotes changed. For graphs written before voice
/// and modality existed, and for imported ones: a curator reviews the result.
pub fn relabel(doc: &mut Document, dir: &Path) -> usize {
    let snapshot = doc.clone();
    let texts: HashMap<&str, String> = snapshot
        .sources
        .iter()
        .filter_map(|s| Some((s.id.as_str(), read_source_text(s, dir).ok()?)))
        .collect();
    let readers: HashMap<&str, SourceText<'_>> = texts
        .iter()
        .filter_map(|(id, text)| Some((*id, SourceText::new(&snapshot, id, text)?)))
        .collect();
    let by_id: HashMap<&str, &Node> = snapshot.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let mut changed = 0;
    let mut set = |subject: Option<&Node>, ev: &mut Evidence| {
        let reader = readers.get(ev.source.as_str());
        let Some(r) = subject
            .zip(reader)
            .and_then(|(n, st)| st.read(n, &ev.quote))
        else {
            return;
        };
        if (ev.voice, ev.modality) != (r.voice, r.modality) {
            ev.voice = r.voice;
            ev.modality = r.modality;
            changed += 1;
        }
    };
    for (n, node) in doc.nodes.iter_mut().zip(&snapshot.nodes) {
        for ev in &mut n.evidence {
            set(Some(node), ev);
        }
        for r in &mut n.roles {
            set(Some(node), &mut r.evidence);
        }
        for f in &mut n.factions {
            set(Some(node), &mut f.evidence);
        }
    }
    for e in &mut doc.edges {
        let subject = by_id.get(e.from.as_str()).copied();
        for ev in &mut e.evidence {
            set(subject, ev);
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edge, Relation, Source};

    /// A document with one source `s` (by "Pat Writer", standing for node `article`)
    /// and the people and ideas the tests quote about.
    fn doc() -> Document {
        let mut d = Document::default();
        d.sources.push(Source {
            authors: vec!["Pat Writer".into()],
            node: Some("article".into()),
            ..source("s")
        });
        for (id, label, kind) in [
            ("kendall", "Liz Kendall", Kind::Person),
            ("milburn", "Alan Milburn", Kind::Person),
            ("purnell", "James Purnell", Kind::Person),
            ("cameron", "David Cameron", Kind::Person),
            ("brown", "Gordon Brown", Kind::Person),
            ("writer", "Pat Writer", Kind::Person),
            ("commenter", "A reader", Kind::Person),
            ("article", "The article", Kind::Publication),
            ("idea", "Letting go", Kind::Concept),
        ] {
            d.nodes.push(Node::new(id, label, kind));
        }
        d.edges
            .push(Edge::new("commenter", "article", Relation::Wrote));
        d
    }

    fn source(id: &str) -> Source {
        Source {
            id: id.into(),
            title: "T".into(),
            outlet: None,
            authors: vec![],
            date: None,
            file: "s.txt".into(),
            note: None,
            node: None,
        }
    }

    fn read(text: &str, subject: &str, quote: &str) -> Reading {
        let d = doc();
        let st = SourceText::new(&d, "s", text).expect("source");
        let n = d.nodes.iter().find(|n| n.id == subject).expect("node");
        st.read(n, quote).expect("quote in text")
    }

    const TEXT: &str = "Kendall says: \u{201c}The state will have to learn to let go.\u{201d}\n\
        She argues: \u{201c}It\u{2019}s not good enough.\u{201d}\n\
        Alan Milburn, former health secretary, argues that \u{201c}neither Thatcherism nor Blairism\u{201d} worked.\n\
        James Purnell writes that Cameron is \u{201c}attempting to use the veil\u{201d}.\n\
        Brown should perhaps be saying \u{201c}my three priorities\u{201d} now.\n\
        Transforming services will, we are led to understand, be a significant theme.\n\
        It will, I expect, signal that those in the party who want devolution have his blessing.\n\
        Miliband will want to talk about empowerment.\n";

    #[test]
    fn quoted_words_are_own_when_the_paragraph_gives_them_to_the_subject() {
        let r = read(TEXT, "kendall", "The state will have to learn to let go");
        assert_eq!(
            (r.voice, r.modality),
            (Voice::Own, Modality::Stated),
            "a commitment in her own words is stated"
        );
        let r = read(TEXT, "kendall", "It\u{2019}s not good enough");
        assert_eq!(r.voice, Voice::Own, "she, after a paragraph naming Kendall");
        let r = read(TEXT, "milburn", "neither Thatcherism nor Blairism");
        assert_eq!(r.voice, Voice::Own, "an apposition between name and verb");
        let r = read(TEXT, "purnell", "attempting to use the veil");
        assert_eq!(r.voice, Voice::Own);
    }

    #[test]
    fn quoted_words_of_someone_else_or_of_no_one_are_the_authors_report() {
        let r = read(TEXT, "cameron", "attempting to use the veil");
        assert_eq!(r.voice, Voice::Reported, "Purnell's words about Cameron");
        let r = read(TEXT, "brown", "my three priorities");
        assert_eq!(
            r.voice,
            Voice::Reported,
            "what Brown should be saying is not his"
        );
        let r = read(TEXT, "idea", "The state will have to learn to let go");
        assert_eq!(r.voice, Voice::Reported, "an idea does not speak");
        let r = read(TEXT, "kendall", "Miliband will want to talk");
        assert_eq!(r.voice, Voice::Reported, "no quotation marks");
    }

    #[test]
    fn the_subjects_own_text_is_own_words() {
        for who in ["article", "writer", "commenter"] {
            let r = read(TEXT, who, "Miliband will want to talk");
            assert_eq!(
                r.voice,
                Voice::Own,
                "{who}: the source's node, its author, its writer"
            );
        }
    }

    #[test]
    fn an_authors_hedge_in_the_quote_makes_it_expected() {
        let r = read(
            TEXT,
            "idea",
            "Transforming services will, we are led to understand, be a significant theme.",
        );
        assert_eq!(r.modality, Modality::Expected);
        assert_eq!(r.hedge, Some("we are led to understand"));
        let r = read(TEXT, "idea", "It will, I expect, signal");
        assert_eq!(r.modality, Modality::Expected);
        let r = read(TEXT, "idea", "those in the party who want devolution");
        assert_eq!(
            r.modality,
            Modality::Stated,
            "the hedge governs the signal, not the people"
        );
        let r = read(TEXT, "idea", "Miliband will want to talk");
        assert_eq!(
            r.modality,
            Modality::Stated,
            "a plain will is left to the curator"
        );
        assert!(r.looks_ahead);
    }

    #[test]
    fn labels_that_claim_more_than_the_text_are_warned_of() {
        let d = doc();
        let st = SourceText::new(&d, "s", TEXT).expect("source");
        let node = &d.nodes[0];
        let backs = Backs::Node(0, node);
        let warn = |ev: Evidence| {
            let r = st.read(node, &ev.quote).expect("found");
            disagreement(&backs, &ev, &r)
                .into_iter()
                .map(|p| p.rule)
                .collect::<Vec<_>>()
        };
        let own =
            Evidence::new("s", "Miliband will want to talk").with(Voice::Own, Modality::Stated);
        assert_eq!(
            warn(own),
            [Rule::Voice],
            "own words with no quotation marks"
        );
        let hedged = Evidence::new("s", "It will, I expect, signal");
        assert_eq!(
            warn(hedged),
            [Rule::Modality],
            "stated, with the author's hedge"
        );
        let forecast = Evidence::new("s", "She argues").with(Voice::Reported, Modality::Expected);
        assert_eq!(
            warn(forecast),
            [Rule::Modality],
            "expected, with nothing looking ahead"
        );
        let modest = Evidence::new("s", "The state will have to learn to let go");
        assert!(
            warn(modest).is_empty(),
            "calling quoted words a report is a curator's reading"
        );
    }

    #[test]
    fn quoted_spans_pair_curly_and_straight_marks() {
        let t = "a \u{201c}b\u{201d} c \"d\" e \u{201c}f";
        let spans: Vec<&str> = quoted_spans(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(
            spans,
            ["b", "d", "f"],
            "an unclosed quotation runs to the paragraph's end"
        );
    }
}

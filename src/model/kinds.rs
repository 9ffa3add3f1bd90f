//! The closed vocabularies of the model: node kinds, sub-kinds and edge relations.

use serde::{Deserialize, Serialize};

/// What a node is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Kind {
    /// A named individual.
    Person,
    /// A think tank, party, council, outlet, campaign group, commission, company...
    Organisation,
    /// A pamphlet, report, article, lecture or speech.
    Publication,
    /// An idea, policy proposal, ideology or tendency.
    Concept,
    /// Something that happened: a leadership election, a lecture, a meeting.
    Event,
}

impl Kind {
    /// Every kind, in display order.
    pub const ALL: [Kind; 5] = [
        Kind::Person,
        Kind::Organisation,
        Kind::Publication,
        Kind::Concept,
        Kind::Event,
    ];

    /// A lower-case name for CLI output and exports.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Organisation => "organisation",
            Kind::Publication => "publication",
            Kind::Concept => "concept",
            Kind::Event => "event",
        }
    }

    /// Whether nodes of this kind take faction claims (people and organisations); the
    /// faction filter brings in other kinds only through their links to those.
    pub fn holds_factions(self) -> bool {
        matches!(self, Kind::Person | Kind::Organisation)
    }

    /// The plural as legends say it ("people", "ideas and concepts").
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Person => "people",
            Kind::Organisation => "organisations",
            Kind::Publication => "publications",
            Kind::Concept => "ideas and concepts",
            Kind::Event => "events",
        }
    }

    /// Parses [`Kind::name`] (case-insensitive; "organization" accepted).
    pub fn from_name(s: &str) -> Option<Kind> {
        let s = s.trim().to_ascii_lowercase();
        Kind::ALL
            .into_iter()
            .find(|k| k.name() == s)
            .or_else(|| (s == "organization").then_some(Kind::Organisation))
    }
}

/// A finer classification within a [`Kind`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum SubKind {
    // People.
    /// An elected or aspiring politician.
    Politician,
    /// A journalist or columnist.
    Journalist,
    /// A political adviser.
    Adviser,
    /// A researcher, e.g. at a think tank.
    Researcher,
    /// A party activist or organiser.
    Activist,
    /// A businessperson or media owner.
    Businessperson,
    /// A reader who left a comment.
    Commenter,
    // Organisations.
    /// A think tank or policy network.
    ThinkTank,
    /// A political party.
    Party,
    /// A group or local branch within a party.
    PartyGroup,
    /// A local council or association of councils.
    Council,
    /// A newspaper.
    Newspaper,
    /// A magazine or political website.
    Magazine,
    /// A campaign group or campaign.
    CampaignGroup,
    /// A commission, review or policy group.
    Commission,
    /// A government, department or public body.
    Government,
    /// A company.
    Company,
    // Publications.
    /// A pamphlet.
    Pamphlet,
    /// A report or green paper.
    Report,
    /// A newspaper or magazine article.
    Article,
    /// A lecture (also usable for an event).
    Lecture,
    /// A speech (also usable for an event).
    Speech,
    // Concepts.
    /// An idea.
    Idea,
    /// A concrete policy proposal.
    PolicyProposal,
    /// An ideology or political tendency.
    Ideology,
    // Events.
    /// A party leadership election.
    LeadershipElection,
    /// A general election or referendum.
    Election,
    /// A meeting.
    Meeting,
}

impl SubKind {
    /// Every sub-kind, in declaration order (a test below fails to compile when one is
    /// added to the enum and not here).
    pub const ALL: [SubKind; 28] = {
        use SubKind::*;
        [
            Politician,
            Journalist,
            Adviser,
            Researcher,
            Activist,
            Businessperson,
            Commenter,
            ThinkTank,
            Party,
            PartyGroup,
            Council,
            Newspaper,
            Magazine,
            CampaignGroup,
            Commission,
            Government,
            Company,
            Pamphlet,
            Report,
            Article,
            Lecture,
            Speech,
            Idea,
            PolicyProposal,
            Ideology,
            LeadershipElection,
            Election,
            Meeting,
        ]
    };

    /// The kinds a node with this sub-kind may have.
    pub fn kinds(self) -> &'static [Kind] {
        use SubKind::*;
        match self {
            Politician | Journalist | Adviser | Researcher | Activist | Businessperson
            | Commenter => &[Kind::Person],
            ThinkTank | Party | PartyGroup | Council | Newspaper | Magazine | CampaignGroup
            | Commission | Government | Company => &[Kind::Organisation],
            Pamphlet | Report | Article => &[Kind::Publication],
            Lecture | Speech => &[Kind::Publication, Kind::Event],
            Idea | PolicyProposal | Ideology => &[Kind::Concept],
            LeadershipElection | Election | Meeting => &[Kind::Event],
        }
    }

    /// A human name, e.g. "think tank".
    pub fn name(self) -> &'static str {
        use SubKind::*;
        match self {
            Politician => "politician",
            Journalist => "journalist",
            Adviser => "adviser",
            Researcher => "researcher",
            Activist => "activist",
            Businessperson => "businessperson",
            Commenter => "commenter",
            ThinkTank => "think tank",
            Party => "party",
            PartyGroup => "party group",
            Council => "council",
            Newspaper => "newspaper",
            Magazine => "magazine",
            CampaignGroup => "campaign group",
            Commission => "commission",
            Government => "government body",
            Company => "company",
            Pamphlet => "pamphlet",
            Report => "report",
            Article => "article",
            Lecture => "lecture",
            Speech => "speech",
            Idea => "idea",
            PolicyProposal => "policy proposal",
            Ideology => "ideology",
            LeadershipElection => "leadership election",
            Election => "election",
            Meeting => "meeting",
        }
    }
}

/// How two relations are drawn and grouped: by what they say about the link.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tone {
    /// Authorship and publishing.
    Authorship,
    /// Membership, employment, leadership, organising.
    Affiliation,
    /// Backing: advocates, supports, votes for.
    Support,
    /// Attack: criticises, opposes, rebukes.
    Opposition,
    /// Neutral reference: mentions, relates to, reports on.
    Reference,
}

/// The closed set of edge relations, each read "from RELATION to".
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Relation {
    /// A person wrote a publication (sole or lead author).
    Wrote,
    /// A person co-wrote a publication with others.
    CoWrote,
    /// A person contributed an essay or section to a publication.
    ContributedTo,
    /// An organisation or outlet published a publication.
    Published,
    /// A person edits for or works for an organisation.
    WorksFor,
    /// A person or group is a member of an organisation.
    MemberOf,
    /// A person leads or chairs an organisation, review or group.
    Leads,
    /// A person or organisation organises or holds an event (a meeting, an AGM).
    Organises,
    /// An organisation imposes a measure (a suspension, a ban) by its own decision.
    Imposes,
    /// A person, group or publication argues for a concept.
    Advocates,
    /// Criticises a person, group, idea or publication.
    Criticises,
    /// Supports or endorses a person, group or idea.
    Supports,
    /// Publicly rebukes a person.
    Rebukes,
    /// Opposes a person, group or idea.
    Opposes,
    /// Gives a preference vote to a candidate (the `preference` attribute says which).
    VotesFor,
    /// Is a candidate in an election.
    CandidateIn,
    /// Delivers a lecture or speech.
    Delivers,
    /// An article reports on a publication or event.
    ReportsOn,
    /// Mentions, without taking a side.
    Mentions,
    /// A concept or group is related to, or draws on, another.
    RelatedTo,
    /// A body, programme or place is part of a larger one (a policy group of a think
    /// tank, a district party of a party).
    PartOf,
    /// An organisation or programme funds, or pays for, something.
    Funds,
    /// A proposal or body replaces, or would replace, another.
    Replaces,
}

impl Relation {
    /// Every relation, in display order.
    pub const ALL: [Relation; 23] = [
        Relation::Wrote,
        Relation::CoWrote,
        Relation::ContributedTo,
        Relation::Published,
        Relation::WorksFor,
        Relation::MemberOf,
        Relation::Leads,
        Relation::Organises,
        Relation::Imposes,
        Relation::PartOf,
        Relation::Funds,
        Relation::Replaces,
        Relation::Advocates,
        Relation::Supports,
        Relation::VotesFor,
        Relation::Criticises,
        Relation::Opposes,
        Relation::Rebukes,
        Relation::CandidateIn,
        Relation::Delivers,
        Relation::ReportsOn,
        Relation::Mentions,
        Relation::RelatedTo,
    ];

    /// A snake_case name used by the CLI and exports.
    pub fn name(self) -> &'static str {
        use Relation::*;
        match self {
            Wrote => "wrote",
            CoWrote => "co_wrote",
            ContributedTo => "contributed_to",
            Published => "published",
            WorksFor => "works_for",
            MemberOf => "member_of",
            Leads => "leads",
            Organises => "organises",
            Imposes => "imposes",
            Advocates => "advocates",
            Criticises => "criticises",
            Supports => "supports",
            Rebukes => "rebukes",
            Opposes => "opposes",
            VotesFor => "votes_for",
            CandidateIn => "candidate_in",
            Delivers => "delivers",
            ReportsOn => "reports_on",
            Mentions => "mentions",
            RelatedTo => "related_to",
            PartOf => "part_of",
            Funds => "funds",
            Replaces => "replaces",
        }
    }

    /// Parses [`Relation::name`], also accepting spaces or hyphens for underscores.
    pub fn from_name(s: &str) -> Option<Relation> {
        let s = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        Relation::ALL.into_iter().find(|r| r.name() == s)
    }

    /// The verb phrase seen from the `from` end: "Alan Milburn — Wrote → Beyond Whitehall".
    pub fn forward_label(self) -> &'static str {
        use Relation::*;
        match self {
            Wrote => "Wrote",
            CoWrote => "Co-wrote",
            ContributedTo => "Contributed to",
            Published => "Published",
            WorksFor => "Works for",
            MemberOf => "Member of",
            Leads => "Leads or chairs",
            Organises => "Organises",
            Imposes => "Imposes",
            Advocates => "Advocates",
            Criticises => "Criticises",
            Supports => "Supports",
            Rebukes => "Rebukes",
            Opposes => "Opposes",
            VotesFor => "Votes for",
            CandidateIn => "Candidate in",
            Delivers => "Delivers",
            ReportsOn => "Reports on",
            Mentions => "Mentions",
            RelatedTo => "Related to",
            PartOf => "Part of",
            Funds => "Funds",
            Replaces => "Replaces",
        }
    }

    /// The phrase seen from the `to` end: "Beyond Whitehall — Written by → Alan Milburn".
    pub fn inverse_label(self) -> &'static str {
        use Relation::*;
        match self {
            Wrote => "Written by",
            CoWrote => "Co-written by",
            ContributedTo => "Contributors",
            Published => "Published by",
            WorksFor => "People working here",
            MemberOf => "Members",
            Leads => "Led or chaired by",
            Organises => "Organised by",
            Imposes => "Imposed by",
            Advocates => "Advocated by",
            Criticises => "Criticised by",
            Supports => "Supported by",
            Rebukes => "Rebuked by",
            Opposes => "Opposed by",
            VotesFor => "Votes from",
            CandidateIn => "Candidates",
            Delivers => "Delivered by",
            ReportsOn => "Reported on by",
            Mentions => "Mentioned by",
            RelatedTo => "Related to",
            PartOf => "Parts",
            Funds => "Funded by",
            Replaces => "Replaced by",
        }
    }

    /// A verb for narrated sentences: "Liz Kendall co-wrote X".
    pub fn verb(self) -> &'static str {
        use Relation::*;
        match self {
            Wrote => "wrote",
            CoWrote => "co-wrote",
            ContributedTo => "contributed to",
            Published => "published",
            WorksFor => "works for",
            MemberOf => "is a member of",
            Leads => "leads or chairs",
            Organises => "organises",
            Imposes => "imposes",
            Advocates => "advocates",
            Criticises => "criticises",
            Supports => "supports",
            Rebukes => "rebuked",
            Opposes => "opposes",
            VotesFor => "gives a preference vote to",
            CandidateIn => "was a candidate in",
            Delivers => "delivers",
            ReportsOn => "reports on",
            Mentions => "mentions",
            RelatedTo => "is related to",
            PartOf => "is part of",
            Funds => "funds",
            Replaces => "replaces",
        }
    }

    /// A person's part in writing a publication: wrote, co-wrote or contributed to. Two
    /// such steps into one publication read as one ("A co-wrote P with B").
    pub fn is_authorship(self) -> bool {
        matches!(
            self,
            Relation::Wrote | Relation::CoWrote | Relation::ContributedTo
        )
    }

    /// What the relation says about the link, for styling and grouping.
    pub fn tone(self) -> Tone {
        use Relation::*;
        match self {
            Wrote | CoWrote | ContributedTo | Published | Delivers => Tone::Authorship,
            WorksFor | MemberOf | Leads | Organises | Imposes | CandidateIn | PartOf | Funds => {
                Tone::Affiliation
            }
            Advocates | Supports | VotesFor => Tone::Support,
            Criticises | Rebukes | Opposes => Tone::Opposition,
            ReportsOn | Mentions | RelatedTo | Replaces => Tone::Reference,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fails to compile when the enum gains a sub-kind, until it is in `SubKind::ALL`.
    fn listed(s: SubKind) -> bool {
        use SubKind::*;
        match s {
            Politician | Journalist | Adviser | Researcher | Activist | Businessperson
            | Commenter | ThinkTank | Party | PartyGroup | Council | Newspaper | Magazine
            | CampaignGroup | Commission | Government | Company | Pamphlet | Report | Article
            | Lecture | Speech | Idea | PolicyProposal | Ideology | LeadershipElection
            | Election | Meeting => SubKind::ALL.contains(&s),
        }
    }

    #[test]
    fn every_sub_kind_is_listed_once_under_its_own_name() {
        assert!(SubKind::ALL.into_iter().all(listed));
        let names: std::collections::BTreeSet<&str> =
            SubKind::ALL.iter().map(|s| s.name()).collect();
        assert_eq!(names.len(), SubKind::ALL.len());
    }

    #[test]
    fn names_round_trip() {
        for r in Relation::ALL {
            assert_eq!(Relation::from_name(r.name()), Some(r));
        }
        for k in Kind::ALL {
            assert_eq!(Kind::from_name(k.name()), Some(k));
        }
        assert_eq!(Relation::from_name("co-wrote"), Some(Relation::CoWrote));
    }
}

//! Filter, focus, path and metric semantics on the bundled knowledge base.

use std::collections::BTreeSet;

use ideagraph::bundled::bundled_graph;
use ideagraph::io::saved_view::{view_from_ron, view_to_ron};
use ideagraph::model::{Kind, KnowledgeGraph, Modality, Relation, Voice};
use ideagraph::query::metrics::{self, Metric};
use ideagraph::query::{self, Filter, NO_FACTION, SavedView, View, apply, paths};

fn kg() -> KnowledgeGraph {
    bundled_graph().expect("bundled graph is valid")
}

fn ids(kg: &KnowledgeGraph, v: &View) -> BTreeSet<String> {
    v.nodes
        .iter()
        .filter_map(|&ix| kg.node_at(ix).map(|n| n.id.clone()))
        .collect()
}

/// Every shown edge has both ends shown.
fn assert_closed(kg: &KnowledgeGraph, v: &View) {
    for &e in &v.edges {
        let (a, b) = kg.endpoints(e).expect("edge");
        assert!(v.has_node(a) && v.has_node(b));
    }
}

#[test]
fn empty_filter_shows_everything() {
    let kg = kg();
    let v = apply(&kg, &Filter::default());
    assert_eq!(v, View::all(&kg));
}

#[test]
fn year_2015_shows_kendall_reed_and_their_pamphlet_not_beyond_whitehall() {
    let kg = kg();
    let v = apply(
        &kg,
        &Filter {
            years: Some((2015, 2015)),
            ..Filter::default()
        },
    );
    let shown = ids(&kg, &v);
    for id in ["liz-kendall", "steve-reed", "kendall-reed-pamphlet"] {
        assert!(shown.contains(id), "{id} missing from 2015");
    }
    assert!(!shown.contains("beyond-whitehall"));
    assert_closed(&kg, &v);
    // Dated edges outside the range are hidden even between shown nodes.
    for &e in &v.edges {
        if let Some(d) = &kg.graph().edge_weight(e).expect("edge").date {
            assert_eq!(d.year(), 2015);
        }
    }
}

#[test]
fn year_2008_shows_beyond_whitehall_and_not_the_2015_pamphlet() {
    let kg = kg();
    let shown = ids(
        &kg,
        &apply(
            &kg,
            &Filter {
                years: Some((2008, 2008)),
                ..Filter::default()
            },
        ),
    );
    assert!(shown.contains("beyond-whitehall"));
    assert!(shown.contains("alan-milburn"));
    assert!(!shown.contains("kendall-reed-pamphlet"));
}

#[test]
fn kind_filter_keeps_only_those_kinds() {
    let kg = kg();
    let f = Filter {
        kinds: [Kind::Person, Kind::Publication].into(),
        ..Filter::default()
    };
    let v = apply(&kg, &f);
    assert!(!v.nodes.is_empty());
    assert!(v.nodes.iter().all(|&ix| matches!(
        kg.node_at(ix).expect("n").kind,
        Kind::Person | Kind::Publication
    )));
    assert_closed(&kg, &v);
}

#[test]
fn faction_filter_keeps_claimants_and_what_they_touch() {
    let kg = kg();
    let f = Filter {
        factions: ["Milibandite".to_owned()].into(),
        ..Filter::default()
    };
    let v = apply(&kg, &f);
    let shown = ids(&kg, &v);
    assert!(shown.contains("jon-cruddas") && shown.contains("liz-kendall"));
    for &ix in &v.nodes {
        let n = kg.node_at(ix).expect("n");
        if matches!(n.kind, Kind::Person | Kind::Organisation) {
            assert!(
                n.factions.iter().any(|c| c.faction == "Milibandite"),
                "{}",
                n.id
            );
        }
    }
    assert!(!shown.contains("alan-milburn"));
    let none = apply(
        &kg,
        &Filter {
            factions: [NO_FACTION.to_owned()].into(),
            ..Filter::default()
        },
    );
    assert!(ids(&kg, &none).contains("tom-blenkinsop"));
}

#[test]
fn relation_filter_keeps_only_those_edges_and_their_ends() {
    let kg = kg();
    let f = Filter {
        relations: [Relation::Wrote, Relation::CoWrote].into(),
        ..Filter::default()
    };
    let v = apply(&kg, &f);
    assert!(!v.edges.is_empty());
    for &e in &v.edges {
        assert!(matches!(
            kg.graph().edge_weight(e).expect("e").relation,
            Relation::Wrote | Relation::CoWrote
        ));
    }
    for &ix in &v.nodes {
        assert!(
            kg.incident(ix).iter().any(|&(e, ..)| v.has_edge(e)),
            "isolated node shown"
        );
    }
}

#[test]
fn text_filter_matches_labels_and_keeps_neighbours() {
    let kg = kg();
    let v = apply(
        &kg,
        &Filter {
            text: "relational".into(),
            ..Filter::default()
        },
    );
    let shown = ids(&kg, &v);
    assert!(shown.contains("relational-state"));
    assert!(shown.len() > 1 && shown.len() < kg.num_nodes());
}

#[test]
fn focus_depth_grows_the_neighbourhood() {
    let kg = kg();
    let at = |depth| {
        apply(
            &kg,
            &Filter {
                focus: Some("alan-milburn".into()),
                depth,
                ..Filter::default()
            },
        )
        .nodes
        .len()
    };
    let (d1, d2, d3) = (at(1), at(2), at(3));
    assert!(1 < d1 && d1 < d2 && d2 <= d3, "{d1} {d2} {d3}");
    let milburn = kg.index_of("alan-milburn").expect("milburn");
    assert_eq!(
        at(1),
        kg.incident(milburn)
            .iter()
            .map(|x| x.1)
            .collect::<BTreeSet<_>>()
            .len()
            + 1
    );
}

#[test]
fn cruddas_to_milburn_path_is_narrated_with_sources() {
    let kg = kg();
    let view = View::all(&kg);
    let a = kg.index_of("jon-cruddas").expect("cruddas");
    let b = kg.index_of("alan-milburn").expect("milburn");
    let ps = paths::k_shortest_paths(&kg, &view, a, b, 3);
    assert_eq!(ps.len(), 3);
    assert!(ps.windows(2).all(|w| w[0].steps.len() <= w[1].steps.len()));
    for p in &ps {
        let told = paths::narrate(&kg, p);
        assert!(!told.is_empty());
        assert!(
            told.iter().all(|s| s.contains('\u{201c}')),
            "every step quotes its evidence: {told:?}"
        );
    }
}

#[test]
fn kendall_reed_path_says_co_wrote_with() {
    let kg = kg();
    let view = View::all(&kg);
    let a = kg.index_of("liz-kendall").expect("kendall");
    let b = kg.index_of("steve-reed").expect("reed");
    let ps = paths::k_shortest_paths(&kg, &view, a, b, 3);
    let all: Vec<String> = ps.iter().flat_map(|p| paths::narrate(&kg, p)).collect();
    assert!(
        all.iter()
            .any(|s| s.starts_with("Liz Kendall co-wrote") && s.contains("with Steve Reed")),
        "{all:#?}"
    );
}

#[test]
fn metrics_rank_the_bundled_graph() {
    let kg = kg();
    let m = metrics::compute(&kg, &View::all(&kg));
    assert_eq!(m.nodes.len(), kg.num_nodes());
    let top = m.ranked(Metric::Betweenness, 5);
    assert!(
        top.iter()
            .any(|&(ix, _)| kg.node_at(ix).expect("n").id == "alan-milburn")
    );
    assert!(
        m.modularity > 0.3,
        "communities show structure: {}",
        m.modularity
    );
    let total: f64 = m.pagerank.iter().sum();
    assert!((total - 1.0).abs() < 1e-6);
}

#[test]
fn compare_marks_new_and_gone() {
    let kg = kg();
    let c = query::compare(&kg, &Filter::default(), (2007, 2009), (2014, 2016));
    let name = |ix| kg.node_at(ix).expect("n").id.clone();
    assert!(
        c.only_first
            .iter()
            .map(|&ix| name(ix))
            .any(|id| id == "beyond-whitehall")
    );
    assert!(
        c.only_second
            .iter()
            .map(|&ix| name(ix))
            .any(|id| id == "kendall-reed-pamphlet")
    );
    assert!(c.only_first.is_disjoint(&c.only_second));
}

#[test]
fn saved_view_reproduces_the_same_selection() {
    let kg = kg();
    let mut v = SavedView {
        name: "2015".into(),
        ..Default::default()
    };
    v.spec.filter.years = Some((2015, 2015));
    v.spec.filter.kinds.insert(Kind::Person);
    let text = view_to_ron(&v).expect("ron");
    let back = view_from_ron(&text, "v.ron").expect("parse");
    assert_eq!(query::shown(&kg, &back.spec), query::shown(&kg, &v.spec));
    assert_eq!(apply(&kg, &back.spec.filter), apply(&kg, &v.spec.filter));
}

/// Comparing shows both ranges at once, and compares them exactly as `compare` does,
/// from one filter pass per range.
#[test]
fn a_spec_that_compares_shows_both_ranges() {
    let kg = kg();
    let mut spec = query::ViewSpec {
        compare: Some(((2007, 2009), (2014, 2016))),
        ..Default::default()
    };
    let (view, comparison) = query::shown(&kg, &spec);
    let expected = query::compare(&kg, &spec.filter, (2007, 2009), (2014, 2016));
    assert_eq!(comparison.as_ref(), Some(&expected));
    let first = apply(&kg, &spec.filter_for_years(Some((2007, 2009))));
    let second = apply(&kg, &spec.filter_for_years(Some((2014, 2016))));
    assert!(first.nodes.is_subset(&view.nodes) && second.nodes.is_subset(&view.nodes));
    assert!(!expected.only_first.is_empty() && !expected.only_second.is_empty());
    assert_eq!(
        view.nodes.len(),
        expected.only_first.len() + expected.only_second.len() + expected.both.len()
    );
    spec.compare = None;
    assert_eq!(query::shown(&kg, &spec), (apply(&kg, &spec.filter), None));
}

/// The filter panel's counts and the filter use one rule: each entry counts exactly the
/// nodes the filter takes as that faction's members, and the filter shows them all.
#[test]
fn faction_counts_are_the_members_the_filter_shows() {
    let kg = kg();
    let counts = query::faction_counts(&kg);
    assert_eq!(counts.last().map(|(n, _)| n.as_str()), Some(NO_FACTION));
    assert_eq!(counts.len(), query::factions(&kg).len() + 1);
    for (name, n) in counts {
        let members: BTreeSet<String> = kg
            .graph()
            .node_weights()
            .filter(|node| query::in_faction(node, &name))
            .map(|node| node.id.clone())
            .collect();
        assert_eq!(members.len(), n, "{name}");
        let f = Filter {
            factions: [name.clone()].into(),
            ..Filter::default()
        };
        let shown = ids(&kg, &apply(&kg, &f));
        assert!(members.is_subset(&shown), "{name}: members not shown");
        assert!(n > 0, "{name} holds nobody");
    }
}

/// The staged metrics end where `compute` does, cheapest first, and a cancel between
/// stages stops them after the first.
#[test]
fn metrics_in_stages_end_as_compute_and_stop_when_cancelled() {
    use std::sync::atomic::AtomicBool;
    let kg = kg();
    let view = View::all(&kg);
    let mut stages = Vec::new();
    let done = metrics::compute_in_stages(&kg, &view, &AtomicBool::new(false), |p| {
        stages.push(p.clone());
    });
    assert!(done);
    let ready: Vec<Vec<Metric>> = stages.iter().map(|p| p.ready.clone()).collect();
    assert_eq!(ready.last().map(Vec::len), Some(4));
    assert_eq!(ready.first(), Some(&vec![Metric::Degree, Metric::PageRank]));
    let last = &stages.last().expect("stages").metrics;
    let whole = metrics::compute(&kg, &view);
    // Betweenness sums in parallel, so its last digits may differ from run to run.
    for m in Metric::ALL {
        let close = last
            .values(m)
            .iter()
            .zip(whole.values(m))
            .all(|(a, b)| (a - b).abs() < 1e-12);
        assert!(close, "{m:?} differs");
    }
    assert!(last.community == whole.community && last.nodes == whole.nodes);
    let mut reported = 0;
    let done = metrics::compute_in_stages(&kg, &view, &AtomicBool::new(true), |_| {
        reported += 1;
    });
    assert!(!done);
    assert_eq!(reported, 1, "the first stage, then the cancel is seen");
}

/// Play steps only through years that show something under the other filters, as
/// sliding windows of the width asked for or cumulatively from the first year.
#[test]
fn play_steps_skip_years_with_nothing_to_show() {
    let kg = kg();
    let span = query::year_span(&kg).expect("dated");
    let f = Filter {
        factions: ["Milibandite".to_owned()].into(),
        ..Filter::default()
    };
    let steps = query::play_steps(&kg, &f, 0, query::PlayMode::Sliding);
    assert!(!steps.is_empty());
    for &years in &steps {
        let shown = apply(
            &kg,
            &Filter {
                years: Some(years),
                ..f.clone()
            },
        );
        assert!(!shown.nodes.is_empty(), "{years:?} shows nothing");
    }
    let empty: Vec<i32> = (span.0..=span.1)
        .filter(|&y| {
            apply(
                &kg,
                &Filter {
                    years: Some((y, y)),
                    ..f.clone()
                },
            )
            .nodes
            .is_empty()
        })
        .collect();
    assert!(!empty.is_empty(), "some years show no Milibandite");
    assert!(steps.iter().all(|(y, _)| !empty.contains(y)));
    let wide = query::play_steps(&kg, &Filter::default(), 2, query::PlayMode::Sliding);
    assert!(wide.iter().all(|&(a, b)| b - a == 2));
    let grow = query::play_steps(&kg, &Filter::default(), 0, query::PlayMode::Cumulative);
    assert!(grow.iter().all(|&(a, _)| a == span.0));
    assert_eq!(grow.last(), Some(&span));
}

/// A node a filter hides comes back with the fewest conditions removed.
#[test]
fn revealing_a_hidden_node_removes_the_fewest_conditions() {
    let kg = kg();
    let milburn = kg.index_of("alan-milburn").expect("milburn");
    let f = Filter {
        kinds: [Kind::Person].into(),
        years: Some((1996, 1996)),
        ..Filter::default()
    };
    assert!(!apply(&kg, &f).has_node(milburn));
    let shown = query::revealing(&kg, &f, milburn);
    assert!(apply(&kg, &shown).has_node(milburn));
    assert_eq!(shown.kinds, f.kinds, "only the years go");
    assert_eq!(shown.years, None);
}

/// Each community is named after its best-connected member.
#[test]
fn communities_are_named_after_their_best_connected_member() {
    let kg = kg();
    let view = View::all(&kg);
    let m = metrics::compute(&kg, &view);
    let names = query::look::community_names(&kg, &m);
    let communities: BTreeSet<usize> = m.community.iter().copied().collect();
    assert_eq!(names.len(), communities.len());
    // Alan Milburn has the most links of all, so his community bears his name.
    let milburn = kg.index_of("alan-milburn").expect("milburn");
    let c = m.community_of(milburn).expect("in a community");
    assert_eq!(
        names.get(&c).map(String::as_str),
        Some("Alan Milburn's community")
    );
}

/// Hide, show only and expand by hand on top of a faction filter, through
/// `query::shown`: the view stays closed (no edge without both ends), expanding adds
/// just the hidden neighbours with their edges, and the filter is never touched.
#[test]
fn nodes_chosen_by_hand_apply_on_top_of_the_filters() {
    let kg = kg();
    let mut spec = query::ViewSpec::default();
    spec.filter.factions.insert("New Labour".into());
    let (filtered, _) = query::shown(&kg, &spec);
    assert!(!filtered.nodes.is_empty());
    let milburn = kg.index_of("alan-milburn").expect("milburn");
    assert!(filtered.has_node(milburn));

    // Expand Milburn: his neighbours the faction filter hides come in.
    let new = query::hidden_neighbours(&kg, &filtered, &BTreeSet::from([milburn]));
    assert!(!new.is_empty());
    spec.by_hand.add(new.clone());
    let (expanded, _) = query::shown(&kg, &spec);
    assert_closed(&kg, &expanded);
    assert_eq!(ids(&kg, &expanded), &ids(&kg, &filtered) | &new);
    for id in &new {
        let ix = kg.index_of(id).expect("neighbour");
        assert!(
            expanded
                .edges
                .iter()
                .any(|&e| kg.endpoints(e) == Some((milburn, ix))
                    || kg.endpoints(e) == Some((ix, milburn))),
            "{id} comes with its edge to Milburn"
        );
    }
    assert_eq!(spec.filter.factions.len(), 1, "the filter is as it was");

    // Hide Milburn: he and his edges go; show only two nodes: just those.
    spec.by_hand.hide(["alan-milburn".to_owned()]);
    let (hidden, _) = query::shown(&kg, &spec);
    assert_closed(&kg, &hidden);
    assert!(!hidden.has_node(milburn));
    assert_eq!(hidden.nodes.len(), expanded.nodes.len() - 1);
    let two: Vec<String> = ids(&kg, &hidden).into_iter().take(2).collect();
    spec.by_hand.show_only(two.clone());
    let (only, _) = query::shown(&kg, &spec);
    assert_eq!(ids(&kg, &only), two.into_iter().collect());
    assert_closed(&kg, &only);
}

/// Comparing two year ranges, a node hidden by hand is neither new nor gone, and is
/// not shown.
#[test]
fn a_node_hidden_by_hand_is_left_out_of_a_comparison() {
    let kg = kg();
    let mut spec = query::ViewSpec {
        compare: Some(((2007, 2009), (2014, 2016))),
        ..query::ViewSpec::default()
    };
    let (_, c) = query::shown(&kg, &spec);
    let c = c.expect("comparing");
    let new = *c.only_second.first().expect("something new");
    let id = kg.node_at(new).expect("node").id.clone();
    spec.by_hand.hide([id]);
    let (view, c) = query::shown(&kg, &spec);
    let c = c.expect("comparing");
    assert!(!view.has_node(new));
    assert!(!c.only_second.contains(&new) && !c.both.contains(&new));
    assert_closed(&kg, &view);
}

/// The relations from `from` to `to` in the bundled graph.
fn relations(kg: &KnowledgeGraph, from: &str, to: &str) -> Vec<Relation> {
    let (Some(a), Some(b)) = (kg.index_of(from), kg.index_of(to)) else {
        return Vec::new();
    };
    kg.graph()
        .edges_connecting(a, b)
        .map(|e| e.weight().relation)
        .collect()
}

/// "Labour's leader in the Local Government Association": he leads Labour's group in
/// it, which belongs to both; he does not lead the association.
#[test]
fn mcmahon_leads_labours_group_in_the_lga_not_the_lga() {
    let kg = kg();
    assert!(relations(&kg, "jim-mcmahon", "local-government-association").is_empty());
    assert_eq!(
        relations(&kg, "jim-mcmahon", "labour-group-lga"),
        [Relation::Leads]
    );
    for whole in ["local-government-association", "labour-party"] {
        assert_eq!(
            relations(&kg, "labour-group-lga", whole),
            [Relation::MemberOf]
        );
    }
}

/// "The emerging Labour grouping also has advocates in local government. Jim McMahon":
/// he backs the grouping; the text does not make him a backer of the pamphlet.
#[test]
fn mcmahon_supports_the_emerging_grouping_not_the_pamphlet() {
    let kg = kg();
    assert!(relations(&kg, "jim-mcmahon", "kendall-reed-pamphlet").is_empty());
    assert_eq!(
        relations(&kg, "jim-mcmahon", "emerging-labour-grouping"),
        [Relation::Supports]
    );
}

/// "The Murdoch press" names the papers; nothing in the texts says who owns them.
#[test]
fn nothing_says_murdoch_owns_or_leads_the_murdoch_press() {
    let kg = kg();
    assert!(relations(&kg, "rupert-murdoch", "murdoch-press").is_empty());
}

/// "The former health secretary has authored the introduction": a contribution, not
/// the pamphlet's authorship.
#[test]
fn milburn_contributed_the_introduction_to_beyond_whitehall() {
    let kg = kg();
    assert_eq!(
        relations(&kg, "alan-milburn", "beyond-whitehall"),
        [Relation::ContributedTo]
    );
}

/// "The party manifesto being drawn up with the help of Cruddas": drawn up, not
/// published; Cruddas's help stays.
#[test]
fn the_2015_manifesto_was_being_drawn_up_not_published() {
    let kg = kg();
    assert!(relations(&kg, "labour-party", "labour-manifesto-2015").is_empty());
    assert_eq!(
        relations(&kg, "jon-cruddas", "labour-manifesto-2015"),
        [Relation::ContributedTo]
    );
}

/// Events are organised or imposed, not led: no Leads edge ends at an event, and the
/// four that did say what the text says.
#[test]
fn events_are_organised_or_imposed_not_led() {
    let kg = kg();
    for e in kg.graph().edge_indices() {
        let (_, to) = kg.endpoints(e).expect("edge");
        let relation = kg.graph()[e].relation;
        let kind = kg.node_at(to).map(|n| n.kind);
        assert!(
            !(relation == Relation::Leads && kind == Some(Kind::Event)),
            "{:?} leads an event",
            kg.graph()[e]
        );
    }
    for (from, to, relation) in [
        (
            "brighton-and-hove-district-labour-party",
            "brighton-and-hove-agm-2016",
            Relation::Organises,
        ),
        (
            "momentum",
            "brighton-and-hove-momentum-meetup-2016",
            Relation::Organises,
        ),
        (
            "labour-party",
            "brighton-and-hove-suspension-2016",
            Relation::Imposes,
        ),
        (
            "labour-party",
            "ban-on-local-meetings-2016",
            Relation::Imposes,
        ),
    ] {
        assert_eq!(relations(&kg, from, to), [relation], "{from} {to}");
    }
}

/// The evidence of the edges from `from` to `to`, every quote with its labels.
fn evidence(kg: &KnowledgeGraph, from: &str, to: &str) -> Vec<ideagraph::model::Evidence> {
    kg.edge_indices()
        .filter_map(|e| kg.graph().edge_weight(e))
        .filter(|w| w.from == from && w.to == to)
        .flat_map(|w| w.evidence.clone())
        .collect()
}

/// Behr writes that the lecture "will, we are led to understand," be about reform and
/// "will, I expect, signal" localism: forecasts in his words, not facts about a lecture
/// given.
#[test]
fn the_hugo_young_lecture_is_expected_to_advocate_reform_not_known_to() {
    let kg = kg();
    for idea in ["public-service-reform", "localism"] {
        let ev = evidence(&kg, "hugo-young-lecture", idea);
        assert!(!ev.is_empty(), "{idea}");
        for e in &ev {
            assert_eq!(
                (e.voice, e.modality),
                (Voice::Reported, Modality::Expected),
                "{idea}: {}",
                e.quote
            );
        }
    }
    let hidden = apply(
        &kg,
        &Filter {
            hide_expected: true,
            ..Filter::default()
        },
    );
    let shown = |v: &View, from: &str, to: &str| {
        v.edges.iter().any(|&e| {
            kg.graph()
                .edge_weight(e)
                .is_some_and(|w| w.from == from && w.to == to)
        })
    };
    assert!(
        !shown(&hidden, "hugo-young-lecture", "localism"),
        "hide predictions hides it"
    );
    assert!(shown(
        &apply(&kg, &Filter::default()),
        "hugo-young-lecture",
        "localism"
    ));
}

/// Kendall's words in quotation marks are her own; Wintour's account of the pamphlet is
/// his report.
#[test]
fn kendalls_quoted_words_are_her_own_and_the_report_of_her_pamphlet_is_not() {
    let kg = kg();
    let own = evidence(&kg, "liz-kendall", "state-letting-go");
    assert!(
        own.iter()
            .any(|e| e.voice == Voice::Own && e.quote.starts_with("The biggest change")),
        "{own:?}"
    );
    let reported = evidence(&kg, "kendall-reed-pamphlet", "citizen-empowerment");
    assert!(
        reported.iter().all(|e| e.voice == Voice::Reported),
        "{reported:?}"
    );
}

/// "Own words only" keeps the edges with a quote in the subject's own words and the
/// nodes they join, nothing else.
#[test]
fn own_words_only_keeps_edges_backed_by_the_subjects_own_words() {
    let kg = kg();
    let v = apply(
        &kg,
        &Filter {
            own_words: true,
            ..Filter::default()
        },
    );
    assert!(
        v.edges.len() > 50 && v.edges.len() < kg.num_edges(),
        "{}",
        v.edges.len()
    );
    for &e in &v.edges {
        let w = kg.graph().edge_weight(e).expect("edge");
        assert!(w.evidence.iter().any(|ev| ev.voice == Voice::Own), "{w:?}");
    }
    assert_closed(&kg, &v);
    let ends: BTreeSet<_> = v
        .edges
        .iter()
        .filter_map(|&e| kg.endpoints(e))
        .flat_map(|(a, b)| [a, b])
        .collect();
    assert_eq!(ends, v.nodes, "no node without an own-words edge");
}

/// A path's steps say whose words back them.
#[test]
fn narrated_steps_say_whose_words_back_them() {
    let kg = kg();
    let a = kg.index_of("liz-kendall").expect("kendall");
    let b = kg.index_of("state-letting-go").expect("idea");
    let found = paths::k_shortest_paths(&kg, &apply(&kg, &Filter::default()), a, b, 1);
    let told = paths::narrate(&kg, &found[0]).join("\n");
    let first = &evidence(&kg, "liz-kendall", "state-letting-go")[0];
    let label = paths::statement(first);
    assert!(told.contains(&format!("\u{201d}, {label})")), "{told}");
}

/// Every faction claim is dated by the text that makes it, and the bundled graph has
/// no consistency warning left.
#[test]
fn faction_claims_are_dated_and_the_graph_reads_consistently() {
    let doc = kg().to_document();
    for n in &doc.nodes {
        for f in &n.factions {
            assert!(f.when.is_some(), "{} {}", n.id, f.faction);
        }
    }
    let warnings = ideagraph::model::consistency_warnings(&doc);
    assert!(warnings.is_empty(), "{warnings:?}");
}

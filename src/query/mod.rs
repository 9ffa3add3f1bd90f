//! Pure queries over a [`crate::model::KnowledgeGraph`]: filters and views, search,
//! neighbourhoods, paths and metrics. No egui here.

pub mod by_hand;
pub mod filter;
pub mod search;

pub use filter::{
    Filter, NO_FACTION, View, apply, faction_counts, factions, in_faction, neighbourhood,
    parse_years, year_span,
};
mod error;
pub use error::QueryError;
pub mod compare;
pub mod look;
pub mod metrics;
pub mod paths;
pub mod saved;
pub mod spec;
pub mod stances;
mod story;
pub mod timeline;
pub mod uptake;

pub use by_hand::{ByHand, ByHandPart, hidden_neighbours};
pub use compare::{Comparison, compare, compare_views};
pub use saved::SavedView;
pub use spec::{ColourMode, ViewSpec, YearRanges, shown};
pub use story::{PlayMode, play_steps, revealing};

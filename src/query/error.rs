//! What a query refuses, as one error type for the query layer.

/// Why a query input was refused. Texts are shown shortened (see [`crate::model::shown`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// A year range that is not `2015`, `2012..2015` or `2012..=2015`.
    #[error("invalid year range {text}: expected 2015 or 2012..2015")]
    YearsSyntax {
        /// The range as typed, quoted and shortened.
        text: String,
    },
    /// A year range whose start is after its end.
    #[error("invalid year range {text}: start is after end")]
    YearsReversed {
        /// The range as typed, quoted and shortened.
        text: String,
    },
}

//! Partial dates ("2015", "2015-01", "2015-01-29") and whether a date is stated or inferred.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date known to year, month or day precision. Written in RON as a string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// The year, e.g. 2015.
    pub year: i32,
    /// The month, 1 to 12, where known.
    pub month: Option<u8>,
    /// The day of the month, where known (only with a month).
    pub day: Option<u8>,
}

/// Earliest year the validator accepts: older dates are almost surely typos here.
pub const MIN_YEAR: i32 = 1800;
/// Latest year the validator accepts.
pub const MAX_YEAR: i32 = 2100;

impl PartialDate {
    /// A date known only to the year.
    pub fn year(year: i32) -> Self {
        Self {
            year,
            month: None,
            day: None,
        }
    }

    /// Why this date is out of range, if it is (year bounds, month 1..=12, real day of month).
    pub fn range_error(&self) -> Option<String> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&self.year) {
            return Some(format!(
                "year {} is outside {MIN_YEAR}..={MAX_YEAR}",
                self.year
            ));
        }
        if let Some(m) = self.month {
            if !(1..=12).contains(&m) {
                return Some(format!("month {m} is outside 1..=12"));
            }
            if let Some(d) = self.day {
                let max = days_in_month(self.year, m);
                if d == 0 || d > max {
                    return Some(format!(
                        "day {d} is outside 1..={max} for {}-{m:02}",
                        self.year
                    ));
                }
            }
        } else if self.day.is_some() {
            return Some("a day without a month".to_owned());
        }
        None
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

impl FromStr for PartialDate {
    type Err = String;

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; range is checked separately by [`PartialDate::range_error`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("invalid date {s:?}: expected YYYY, YYYY-MM or YYYY-MM-DD");
        let mut parts = s.trim().split('-');
        let year = parts
            .next()
            .and_then(|y| y.parse::<i32>().ok())
            .ok_or_else(bad)?;
        let month = match parts.next() {
            Some(m) => Some(m.parse::<u8>().map_err(|_| bad())?),
            None => None,
        };
        let day = match parts.next() {
            Some(d) => Some(d.parse::<u8>().map_err(|_| bad())?),
            None => None,
        };
        if parts.next().is_some() {
            return Err(bad());
        }
        Ok(Self { year, month, day })
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Whether a fact is written in the source or inferred, and if inferred, from what.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Basis {
    /// The source text states it.
    #[default]
    Stated,
    /// Not written in the text; the string says what it was inferred from.
    Inferred(String),
}

impl Basis {
    /// True for [`Basis::Inferred`].
    pub fn is_inferred(&self) -> bool {
        matches!(self, Basis::Inferred(_))
    }
}

/// The months' names in English, January first: for dates told in words.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date together with its basis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dated {
    /// The date, to the precision known.
    pub date: PartialDate,
    /// Stated in the text, or inferred and why.
    #[serde(default)]
    pub basis: Basis,
}

impl Dated {
    /// The year of the date.
    pub fn year(&self) -> i32 {
        self.date.year
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_all_precisions() {
        for s in ["2015", "2015-01", "2015-01-29"] {
            let d: PartialDate = s.parse().expect("valid");
            assert_eq!(d.to_string(), s);
            assert_eq!(d.range_error(), None);
        }
    }

    #[test]
    fn rejects_malformed_and_out_of_range() {
        assert!("20x5".parse::<PartialDate>().is_err());
        assert!("2015-01-02-03".parse::<PartialDate>().is_err());
        let bad = |s: &str| s.parse::<PartialDate>().expect("syntax").range_error();
        assert!(bad("1066").is_some());
        assert!(bad("2015-13").is_some());
        assert!(bad("2015-02-29").is_some());
        assert!(bad("2016-02-29").is_none());
        assert!(bad("2015-04-31").is_some());
    }
}

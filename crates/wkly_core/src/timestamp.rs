//! Instants as unix milliseconds: the one time representation stored in both databases.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::ParseError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    pub fn now() -> Self {
        let nanos = OffsetDateTime::now_utc().unix_timestamp_nanos();
        Self(i64::try_from(nanos / 1_000_000).unwrap_or(i64::MAX))
    }

    pub fn from_millis(ms: i64) -> Self {
        Self(ms)
    }

    pub fn millis(self) -> i64 {
        self.0
    }

    /// Parses an RFC 3339 instant such as `2026-11-03T08:30:00Z` or `…+01:00`.
    pub fn parse_rfc3339(s: &str) -> Result<Self, ParseError> {
        let dt = OffsetDateTime::parse(s.trim(), &Rfc3339).map_err(|e| {
            ParseError::new("time", format!("{s:?} is not an RFC 3339 time like 2026-11-03T08:30:00Z ({e})"))
        })?;
        i64::try_from(dt.unix_timestamp_nanos() / 1_000_000)
            .map(Self)
            .map_err(|_| ParseError::new("time", format!("{s:?} is out of range")))
    }

    pub fn to_datetime(self) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(self.0) * 1_000_000).unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }

    pub fn to_rfc3339(self) -> String {
        self.to_datetime().format(&Rfc3339).unwrap_or_default()
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trips_through_millis() {
        let t = Timestamp::parse_rfc3339("2026-11-03T08:30:00Z").expect("parse");
        assert_eq!(t.millis(), 1_793_694_600_000);
        assert_eq!(t.to_rfc3339(), "2026-11-03T08:30:00Z");
        let offset = Timestamp::parse_rfc3339("2026-11-03T09:30:00+01:00").expect("parse");
        assert_eq!(offset, t);
    }

    #[test]
    fn malformed_times_say_what_is_expected() {
        let err = Timestamp::parse_rfc3339("3 Nov 2026").expect_err("must fail");
        assert!(err.to_string().contains("RFC 3339"), "{err}");
    }
}

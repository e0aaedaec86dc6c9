//! When an article was first published, as unix milliseconds.
//!
//! Sources, in order: JSON-LD `datePublished`; `article:published_time` and
//! its look-alikes; a `<time datetime>` (one marked as the publication date
//! first, then the first inside the article, then the first on the page);
//! then the other date `<meta>` names CMSs use. The first value that parses
//! wins. Values without a zone are taken as UTC; a date without a time as
//! midnight UTC. It does not guess dates from URLs or from prose ("2 hours
//! ago").

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use dom_query::Document;

use crate::meta;

/// `<meta>` names that carry the publication time, by preference.
const PUBLISHED_META: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "article.published",
    "published_time",
];

/// Less specific date `<meta>` names, used after `<time datetime>`.
const DATE_META: &[&str] = &[
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "original-publish-date",
    "date",
    "dc.date.issued",
    "dc.date",
    "dcterms.issued",
    "dcterms.date",
    "dcterms.created",
    "citation_publication_date",
    "citation_date",
    "sailthru.date",
    "parsely-pub-date",
];

/// The first parseable publication time on the page.
pub(crate) fn published_at(doc: &Document, json_ld_date: Option<&str>) -> Option<i64> {
    json_ld_date
        .and_then(parse_date)
        .or_else(|| meta::content(doc, PUBLISHED_META).and_then(|d| parse_date(&d)))
        .or_else(|| time_element(doc))
        .or_else(|| DATE_META.iter().find_map(|name| meta::content(doc, &[name]).and_then(|d| parse_date(&d))))
}

fn time_element(doc: &Document) -> Option<i64> {
    [
        "time[datetime][pubdate]",
        r#"time[datetime][itemprop="datePublished"]"#,
        "time[datetime].published",
        "article time[datetime]",
        "time[datetime]",
    ]
    .iter()
    .find_map(|selector| {
        doc.select(selector).nodes().iter().find_map(|t| t.attr("datetime").and_then(|d| parse_date(&d)))
    })
}

/// `value` as unix milliseconds, for the date formats found in article
/// metadata: RFC 3339 and its ISO 8601 relatives, with or without seconds,
/// fraction, `T` or zone; plain dates with `-` or `/`; RFC 2822.
pub(crate) fn parse_date(value: &str) -> Option<i64> {
    let value = value.trim();
    if value.is_empty() || value.len() > 64 {
        return None;
    }
    let millis = parse_zoned(value).or_else(|| parse_naive(value))?;
    // Outside this range the value is a placeholder or a misparse, not a date.
    const EARLIEST: i64 = 0;
    const LATEST: i64 = 7_258_118_400_000; // 2200-01-01
    (EARLIEST..LATEST).contains(&millis).then_some(millis)
}

fn parse_zoned(value: &str) -> Option<i64> {
    if let Ok(t) = DateTime::parse_from_rfc3339(value) {
        return Some(t.timestamp_millis());
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(value) {
        return Some(t.timestamp_millis());
    }
    let normalised = value.replacen(' ', "T", 1);
    ["%Y-%m-%dT%H:%M:%S%.f%#z", "%Y-%m-%dT%H:%M%#z"]
        .iter()
        .find_map(|f| DateTime::parse_from_str(&normalised, f).ok())
        .map(|t| t.timestamp_millis())
}

fn parse_naive(value: &str) -> Option<i64> {
    let normalised = value.replacen(' ', "T", 1).replace('/', "-");
    let normalised = normalised.trim_end_matches('Z');
    ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(normalised, f).ok())
        .or_else(|| {
            ["%Y-%m-%d", "%Y%m%d"]
                .iter()
                .find_map(|f| NaiveDate::parse_from_str(normalised, f).ok())
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })
        .map(|t| t.and_utc().timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(value: &str, expected: Option<i64>) {
        assert_eq!(parse_date(value), expected, "{value}");
    }

    #[test]
    fn iso_dates_with_zones_fractions_and_missing_parts_parse() {
        // 2025-03-14T07:30:00Z
        check("2025-03-14T08:30:00+01:00", Some(1_741_937_400_000));
        check("2025-03-14T07:30:00Z", Some(1_741_937_400_000));
        check("2025-03-14T07:30:00.000Z", Some(1_741_937_400_000));
        check("2025-03-14T08:30:00+0100", Some(1_741_937_400_000));
        check("2025-03-14T08:30+01:00", Some(1_741_937_400_000));
        check("2025-03-14 07:30:00", Some(1_741_937_400_000));
        check("2025-03-14T07:30", Some(1_741_937_400_000));
    }

    #[test]
    fn plain_dates_are_midnight_utc() {
        check("2025-03-14", Some(1_741_910_400_000));
        check("2025/03/14", Some(1_741_910_400_000));
        check("20250314", Some(1_741_910_400_000));
    }

    #[test]
    fn rfc_2822_dates_parse() {
        check("Fri, 14 Mar 2025 07:30:00 +0000", Some(1_741_937_400_000));
    }

    #[test]
    fn prose_and_placeholders_do_not_parse() {
        check("yesterday", None);
        check("", None);
        check("0000-00-00", None);
        check("1969-12-31", None);
        check("14 March 2025, 08:30", None);
    }
}

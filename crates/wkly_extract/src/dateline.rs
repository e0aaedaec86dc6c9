//! The dateline that opens many wire and newspaper stories: the place a
//! story was filed from, before a dash.
//!
//! Two shapes are recognised at the very start of the first paragraph:
//!
//! - a place in capitals, optionally followed by a comma part and an agency
//!   in parentheses: `TOKYO —`, `MARLOW FALLS —`, `LONDON, March 5 (Wire) -`;
//! - a place in ordinary case, only when an agency in parentheses follows
//!   it: `Tokyo (Kyodo) -`, `Sevilla (Agencia Sol) -`.
//!
//! In both, the dash must be followed by a capitalised word, so "NASA — the
//! agency said" is not a dateline. The place is returned as written, without
//! the comma part or the agency. The text itself is left unchanged.

/// The dateline place of `first_paragraph`, if it opens with one.
pub(crate) fn dateline(first_paragraph: &str) -> Option<String> {
    let head: String = first_paragraph.chars().take(120).collect();
    let (before_dash, after_dash) = split_at_dash(&head)?;
    if !after_dash.chars().next().is_some_and(|c| c.is_uppercase() || c.is_numeric() || c == '"' || c == '“') {
        return None;
    }
    let (before_agency, agency) = match before_dash.find('(') {
        Some(open) => {
            let close = before_dash[open..].find(')')? + open;
            if !before_dash[close + 1..].trim().is_empty() {
                return None;
            }
            (before_dash[..open].trim(), Some(before_dash[open + 1..close].trim()))
        }
        None => (before_dash.trim(), None),
    };
    if agency.is_some_and(|a| a.is_empty() || a.chars().count() > 40) {
        return None;
    }
    let place = before_agency.split(',').next().unwrap_or("").trim();
    let comma_part = before_agency[place.len()..].trim_start_matches(',').trim();
    if comma_part.chars().count() > 40 {
        return None;
    }
    let capitals = is_place_in_capitals(place);
    if !(capitals || agency.is_some() && is_place_in_ordinary_case(place)) {
        return None;
    }
    Some(place.to_string())
}

/// Text before and after the first ` — `, ` – `, ` - ` or ` -- ` in `s`.
fn split_at_dash(s: &str) -> Option<(&str, &str)> {
    for (i, c) in s.char_indices() {
        if matches!(c, '—' | '–' | '-') {
            let before = &s[..i];
            let mut rest = &s[i + c.len_utf8()..];
            if c == '-' && rest.starts_with('-') {
                rest = &rest[1..];
            }
            // A dash inside a word ("well-known", "Saint-Denis") is not the dateline's.
            if before.ends_with(char::is_whitespace) && rest.starts_with(char::is_whitespace) {
                return Some((before, rest.trim_start()));
            }
        }
    }
    None
}

/// `TOKYO`, `MARLOW FALLS`, `ST. JOHN'S`: no lowercase letters, at least
/// three letters, at most five words.
fn is_place_in_capitals(place: &str) -> bool {
    let letters = place.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 3
        && place.split_whitespace().count() <= 5
        && place.chars().all(|c| c.is_uppercase() || matches!(c, ' ' | '.' | '\'' | '’' | '-'))
}

/// `Tokyo`, `Rio de Janeiro`: at most five words, the first and last
/// capitalised, no digits.
fn is_place_in_ordinary_case(place: &str) -> bool {
    let words: Vec<&str> = place.split_whitespace().collect();
    let capitalised = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
    !words.is_empty()
        && words.len() <= 5
        && words.first().is_some_and(capitalised)
        && words.last().is_some_and(capitalised)
        && place.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | '\'' | '’' | '-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(paragraph: &str, expected: Option<&str>) {
        assert_eq!(dateline(paragraph).as_deref(), expected, "{paragraph}");
    }

    #[test]
    fn a_place_in_capitals_before_a_dash_is_a_dateline() {
        check("TOKYO — A strong earthquake struck.", Some("TOKYO"));
        check("MARLOW FALLS — City council member Grace won.", Some("MARLOW FALLS"));
        check("TOKYO -- The market fell.", Some("TOKYO"));
        check("ST. JOHN'S – Fog closed the port.", Some("ST. JOHN'S"));
    }

    #[test]
    fn a_comma_part_and_an_agency_are_left_out_of_the_place() {
        check("LONDON, March 5 (Finance Journal) - The bank held.", Some("LONDON"));
        check("WASHINGTON, D.C. — Lawmakers met.", Some("WASHINGTON"));
    }

    #[test]
    fn a_place_in_ordinary_case_needs_an_agency() {
        check("Tokyo (Pacific Wire) - A magnitude 6.4 quake.", Some("Tokyo"));
        check("Sevilla (Agencia Sol) - La falta de lluvias.", Some("Sevilla"));
        check("Rio de Janeiro (Wire) — Rain fell.", Some("Rio de Janeiro"));
        check("Officials said - Nothing else.", None);
    }

    #[test]
    fn ordinary_openings_are_not_datelines() {
        check("NASA — the agency said on Monday.", None);
        check("The well-known TOKYO market — Prices fell.", None);
        check("AI — Models improved.", None);
        check("Thousands of dockworkers walked off the job.", None);
        check("Elbtal. Trinkwasser wird teurer.", None);
    }
}

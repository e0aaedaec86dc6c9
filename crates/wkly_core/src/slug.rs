//! URL slugs: the stable public name of a story, roadmap, category or goal.

use std::fmt;

use crate::ParseError;

const MAX_LEN: usize = 80;

/// A validated slug: lowercase ASCII letters, digits and single hyphens, 1 to 80 chars.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slug(String);

impl Slug {
    pub fn parse(s: &str) -> Result<Self, ParseError> {
        let problem = if s.is_empty() {
            Some("is empty".to_string())
        } else if s.len() > MAX_LEN {
            Some(format!("is longer than {MAX_LEN} characters"))
        } else if !s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
            Some("may hold only lowercase letters a-z, digits and hyphens".to_string())
        } else if s.starts_with('-') || s.ends_with('-') || s.contains("--") {
            Some("may not start or end with a hyphen or hold two in a row".to_string())
        } else {
            None
        };
        match problem {
            Some(p) => Err(ParseError::new("slug", format!("{s:?} {p}"))),
            None => Ok(Self(s.to_string())),
        }
    }

    /// Derives a slug from a title: ASCII-folds common Latin letters, drops the rest,
    /// joins words with hyphens and cuts at a word boundary.
    pub fn from_title(title: &str) -> Result<Self, ParseError> {
        Self::from_title_within(title, MAX_LEN)
    }

    /// [`Slug::from_title`] in at most `max_len` characters (and never more than the
    /// limit), cut after a whole word: `hospital-study`, never `hospital-stu`.
    pub fn from_title_within(title: &str, max_len: usize) -> Result<Self, ParseError> {
        let max_len = max_len.clamp(1, MAX_LEN);
        let mut out = String::new();
        let mut cut = false;
        let mut pending_hyphen = false;
        for c in title.chars().flat_map(fold) {
            if c.is_ascii_alphanumeric() {
                if pending_hyphen && !out.is_empty() {
                    if out.len() + 1 >= max_len {
                        break;
                    }
                    out.push('-');
                }
                pending_hyphen = false;
                if out.len() >= max_len {
                    cut = true;
                    break;
                }
                out.push(c.to_ascii_lowercase());
            } else if c != '\'' && c != '’' {
                pending_hyphen = true;
            }
        }
        // A word cut in the middle goes whole, unless it is the only word.
        if cut && let Some(end) = out.rfind('-') {
            out.truncate(end);
        }
        let out = out.trim_end_matches('-').to_string();
        Self::parse(&out).map_err(|_| ParseError::new("slug", format!("cannot derive a slug from the title {title:?}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn fold(c: char) -> impl Iterator<Item = char> {
    let s: &str = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'Ç' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ñ' | 'Ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ß' => "ss",
        'ł' | 'Ł' => "l",
        'ś' | 'š' | 'ş' | 'Ś' | 'Š' | 'Ş' => "s",
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => "z",
        'ć' | 'č' | 'Ć' | 'Č' => "c",
        'ń' | 'ň' | 'Ń' | 'Ň' => "n",
        'ą' | 'Ą' | 'ā' | 'Ā' => "a",
        'ę' | 'ě' | 'ē' | 'Ę' | 'Ě' | 'Ē' => "e",
        'ř' | 'Ř' => "r",
        'ů' | 'ű' | 'ū' | 'Ů' | 'Ű' | 'Ū' => "u",
        'ő' | 'Ő' | 'ō' | 'Ō' => "o",
        'ğ' | 'Ğ' => "g",
        'ı' | 'İ' | 'ī' | 'Ī' => "i",
        'đ' | 'ð' | 'Đ' | 'Ð' => "d",
        'þ' | 'Þ' => "th",
        '%' => " percent ",
        '&' => " and ",
        _ => "",
    };
    let single = if s.is_empty() { Some(c) } else { None };
    s.chars().chain(single)
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Slug {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(title: &str, expect: &str) {
        assert_eq!(Slug::from_title(title).map(|s| s.0), Ok(expect.to_string()));
    }

    #[test]
    fn titles_become_readable_slugs() {
        check("Japan Hints at Selling US Bonds", "japan-hints-at-selling-us-bonds");
        check("  Café prices rise 12% — again!  ", "cafe-prices-rise-12-percent-again");
        check("Europe's rail strike", "europes-rail-strike");
        check("<script>alert(1)</script>", "script-alert-1-script");
    }

    #[test]
    fn long_titles_are_cut_after_a_whole_word() {
        let title = "Nurse-led triage app cut emergency waits by 40 minutes in Toronto hospital study";
        assert_eq!(
            Slug::from_title_within(title, 60).map(|s| s.0),
            Ok("nurse-led-triage-app-cut-emergency-waits-by-40-minutes-in".into())
        );
        assert_eq!(Slug::from_title_within("Supercalifragilistic", 5).map(|s| s.0), Ok("super".into()));
        check("In Łódź, Kranfeld closure hits a city", "in-lodz-kranfeld-closure-hits-a-city");
    }

    #[test]
    fn long_titles_are_cut_below_the_limit() {
        let slug = Slug::from_title(&"word ".repeat(40)).expect("slug");
        assert!(slug.as_str().len() <= MAX_LEN);
        assert!(!slug.as_str().ends_with('-'));
    }

    #[test]
    fn bad_slugs_are_refused_with_a_reason() {
        for bad in ["", "Upper", "a--b", "-a", "a-", "a b", "ü", &"a".repeat(81)] {
            assert!(Slug::parse(bad).is_err(), "{bad:?} should be refused");
        }
        assert!(Slug::from_title("!!!").is_err());
    }
}

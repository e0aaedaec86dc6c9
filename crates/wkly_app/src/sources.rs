//! The operator's sources: adding one (with every check a CLI or admin form needs),
//! listing, removing.

use std::path::Path;

use wkly_core::Taxonomy;
use wkly_store::Store;
use wkly_store::sources::{AddSourceOutcome, NewSource, SourceRow};

use crate::AppError;

/// What an operator typed to add a source.
#[derive(Debug, Clone, Default)]
pub struct SourceInput {
    /// An http(s) URL of a feed or page, or the path of a local folder.
    pub location: String,
    pub name: Option<String>,
    pub category: Option<String>,
    /// `auto` or `hold`.
    pub review: Option<String>,
    /// `feed` or `page` for URLs; folders are always `folder`.
    pub kind: Option<String>,
    /// Extra request headers, each `Name: value`.
    pub headers: Vec<String>,
}

const MAX_HEADERS: usize = 16;
/// Headers the fetcher sets itself: a source may not override them.
const RESERVED_HEADERS: &[&str] = &[
    "host",
    "user-agent",
    "accept-encoding",
    "if-none-match",
    "if-modified-since",
    "content-length",
    "transfer-encoding",
    "connection",
    "te",
    "upgrade",
    "trailer",
];

/// Parses `Name: value` lines into headers, refusing what HTTP or the fetcher would not take.
pub fn parse_headers(lines: &[String]) -> Result<Vec<(String, String)>, AppError> {
    if lines.len() > MAX_HEADERS {
        return Err(AppError::Input(format!("at most {MAX_HEADERS} extra headers per source")));
    }
    let mut out: Vec<(String, String)> = Vec::with_capacity(lines.len());
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            return Err(AppError::Input(format!("header {line:?} must look like \"Name: value\"")));
        };
        let (name, value) = (name.trim(), value.trim());
        let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
        if name.is_empty() || name.len() > 64 || !name.chars().all(token) {
            return Err(AppError::Input(format!("{name:?} is not a valid header name")));
        }
        if RESERVED_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
            return Err(AppError::Input(format!("the {name} header is set by wkly itself and cannot be changed")));
        }
        if value.len() > 4096 || value.chars().any(|c| c.is_control() && c != '\t') {
            return Err(AppError::Input(format!(
                "the value of {name} must be at most 4096 characters, without line breaks or control characters"
            )));
        }
        if out.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
            return Err(AppError::Input(format!("the {name} header is given twice")));
        }
        out.push((name.to_string(), value.to_string()));
    }
    Ok(out)
}

const MAX_URL: usize = 2048;

/// Checks `input` and turns it into a source row, or says exactly what is wrong.
pub fn validate(input: &SourceInput, taxonomy: &Taxonomy) -> Result<NewSource, AppError> {
    let location = input.location.trim();
    if location.is_empty() {
        return Err(AppError::Input("give a feed or page URL (https://…) or a folder path".into()));
    }
    let (kind, url, default_name) = if location.starts_with("http://") || location.starts_with("https://") {
        if location.len() > MAX_URL {
            return Err(AppError::Input(format!("the URL is longer than {MAX_URL} characters")));
        }
        let mut parsed =
            url::Url::parse(location).map_err(|e| AppError::Input(format!("{location:?} is not a valid URL: {e}")))?;
        let host = parsed.host_str().filter(|h| !h.is_empty()).map(str::to_string);
        let Some(host) = host else {
            return Err(AppError::Input(format!("{location:?} has no host name")));
        };
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(AppError::Input("put credentials in the source's headers, not in its URL".into()));
        }
        parsed.set_fragment(None);
        let kind = match input.kind.as_deref().map(str::trim) {
            None | Some("") | Some("feed") => "feed",
            Some("page") => "page",
            Some(other) => return Err(AppError::Input(format!("kind {other:?} is not one of feed, page"))),
        };
        (kind, parsed.to_string(), host.trim_start_matches("www.").to_string())
    } else if location.contains("://") {
        return Err(AppError::Input(format!(
            "{location:?}: only http:// and https:// URLs, or a local folder path, can be sources"
        )));
    } else {
        let path = Path::new(location);
        let dir =
            path.canonicalize().ok().filter(|p| p.is_dir()).ok_or_else(|| {
                AppError::Input(format!("{location:?} is neither an http(s) URL nor an existing folder"))
            })?;
        if input.kind.as_deref().is_some_and(|k| !k.trim().is_empty() && k.trim() != "folder") {
            return Err(AppError::Input("a folder source is always of kind folder".into()));
        }
        if !input.headers.is_empty() {
            return Err(AppError::Input("a folder source is read from disk: it takes no request headers".into()));
        }
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "folder".into());
        ("folder", format!("file://{}", dir.display()), name)
    };
    let name =
        input.name.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(str::to_string).unwrap_or(default_name);
    if name.chars().count() > 200 || name.chars().any(char::is_control) {
        return Err(AppError::Input("the name must be at most 200 characters, without control characters".into()));
    }
    let category = match input.category.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) if taxonomy.category(c).is_none() => {
            return Err(AppError::Input(format!(
                "category {c:?} is not one of {}",
                taxonomy.category_keys().join(", ")
            )));
        }
        other => other.map(str::to_string),
    };
    let review_policy = match input.review.as_deref().map(str::trim) {
        None | Some("") | Some("auto") => "auto",
        Some("hold") => "hold",
        Some(other) => return Err(AppError::Input(format!("review {other:?} is not one of auto, hold"))),
    };
    let extra_headers = parse_headers(&input.headers)?;
    Ok(NewSource { kind: kind.into(), url, name, category, review_policy: review_policy.into(), extra_headers })
}

pub async fn add_source(
    store: &Store,
    taxonomy: &Taxonomy,
    input: &SourceInput,
) -> Result<(AddSourceOutcome, NewSource), AppError> {
    let new = validate(input, taxonomy)?;
    let outcome = store.add_source(&new).await?;
    Ok((outcome, new))
}

/// What an OPML import did.
#[derive(Debug, Default)]
pub struct OpmlReport {
    pub added: usize,
    pub already_present: usize,
    /// One line per outline that could not become a source, saying why.
    pub problems: Vec<String>,
}

/// Adds every feed of an OPML file. Outlines that are not usable are reported and skipped;
/// a category is kept when it names one of the taxonomy's categories (by key or name).
pub async fn import_opml(store: &Store, taxonomy: &Taxonomy, bytes: &[u8]) -> Result<OpmlReport, AppError> {
    let outlines =
        wkly_feed::parse_opml(bytes).map_err(|e| AppError::Input(format!("cannot read the OPML file: {e}")))?;
    let mut report = OpmlReport::default();
    for o in outlines {
        let category = o.category.as_deref().and_then(|c| {
            let c = c.trim();
            taxonomy
                .categories
                .iter()
                .find(|t| t.key.eq_ignore_ascii_case(c) || t.name.eq_ignore_ascii_case(c))
                .map(|t| t.key.clone())
        });
        let input = SourceInput {
            location: o.xml_url.clone(),
            name: Some(o.title.clone()),
            category,
            review: None,
            kind: None,
            headers: Vec::new(),
        };
        match validate(&input, taxonomy) {
            Err(e) => report.problems.push(format!("{}: {e}", o.xml_url)),
            Ok(new) if new.kind == "folder" => {
                report.problems.push(format!("{}: an OPML entry must be an http(s) feed URL", o.xml_url))
            }
            Ok(new) => match store.add_source(&new).await? {
                AddSourceOutcome::Added(_) => report.added += 1,
                AddSourceOutcome::AlreadyExists(_) => report.already_present += 1,
            },
        }
    }
    Ok(report)
}

/// The feed and page sources as OPML 2.0 (local folders have no URL others could use).
pub async fn export_opml(store: &Store, title: &str) -> Result<String, AppError> {
    let outlines: Vec<wkly_feed::OpmlSource> = store
        .list_sources()
        .await?
        .into_iter()
        .filter(|s| s.kind != "folder")
        .map(|s| wkly_feed::OpmlSource { title: s.name, xml_url: s.url, html_url: None, category: s.category })
        .collect();
    Ok(wkly_feed::write_opml(title, &outlines))
}

pub async fn list_sources(store: &Store) -> Result<Vec<SourceRow>, AppError> {
    Ok(store.list_sources().await?)
}

/// Removes the source with this id or URL; `false` when there is none.
pub async fn remove_source(store: &Store, id_or_url: &str) -> Result<bool, AppError> {
    let wanted = id_or_url.trim();
    let found = store.list_sources().await?.into_iter().find(|s| s.id == wanted || s.url == wanted);
    match found {
        Some(s) => Ok(store.remove_source(&s.id).await?),
        None => Ok(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(location: &str) -> SourceInput {
        SourceInput { location: location.into(), ..SourceInput::default() }
    }

    #[test]
    fn a_feed_url_gets_a_name_from_its_host_and_loses_its_fragment() {
        let s =
            validate(&input(" https://www.harbourledger.example/feed.xml#top "), &Taxonomy::default()).expect("valid");
        assert_eq!(
            (s.kind.as_str(), s.url.as_str(), s.name.as_str()),
            ("feed", "https://www.harbourledger.example/feed.xml", "harbourledger.example")
        );
        assert_eq!(s.review_policy, "auto");
    }

    fn with_headers(lines: &[&str]) -> SourceInput {
        SourceInput { headers: lines.iter().map(|l| l.to_string()).collect(), ..input("https://x.example/f") }
    }

    #[test]
    fn extra_headers_are_kept_trimmed_with_their_case() {
        let s = validate(&with_headers(&["X-Api-Key:  k1 ", "Authorization: Bearer abc:def"]), &Taxonomy::default())
            .expect("valid");
        assert_eq!(
            s.extra_headers,
            [("X-Api-Key".to_string(), "k1".to_string()), ("Authorization".into(), "Bearer abc:def".into())]
        );
    }

    #[test]
    fn a_folder_becomes_a_file_url() {
        let dir = std::env::temp_dir();
        let s = validate(&input(&dir.display().to_string()), &Taxonomy::default()).expect("valid");
        assert_eq!(s.kind, "folder");
        assert!(s.url.starts_with("file:///"), "{}", s.url);
    }

    #[test]
    fn bad_input_says_what_is_wrong() {
        let t = Taxonomy::default();
        let cases: &[(SourceInput, &str)] = &[
            (input(""), "give a feed"),
            (input("ftp://x.example/feed"), "only http:// and https://"),
            (input("javascript:alert(1)"), "neither an http(s) URL nor an existing folder"),
            (input("https://"), "not a valid URL"),
            (input("https://user:pw@x.example/feed"), "credentials"),
            (input(&format!("https://x.example/{}", "a".repeat(3000))), "longer than"),
            (
                SourceInput { category: Some("astrology".into()), ..input("https://x.example/f") },
                "category \"astrology\"",
            ),
            (SourceInput { review: Some("later".into()), ..input("https://x.example/f") }, "review \"later\""),
            (SourceInput { kind: Some("podcast".into()), ..input("https://x.example/f") }, "kind \"podcast\""),
            (SourceInput { name: Some("a\u{0007}b".into()), ..input("https://x.example/f") }, "control characters"),
            (with_headers(&["X-Key k1"]), "must look like \"Name: value\""),
            (with_headers(&[": v"]), "not a valid header name"),
            (with_headers(&["X Key: v"]), "not a valid header name"),
            (with_headers(&["User-Agent: spoof"]), "set by wkly itself"),
            (with_headers(&["host: evil.example"]), "set by wkly itself"),
            (with_headers(&["X-Key: a\r\nInjected: yes"]), "without line breaks"),
            (with_headers(&["X-Key: a", "x-key: b"]), "given twice"),
            (with_headers(&["X-A: 1"; 17]), "at most 16"),
            (
                SourceInput { headers: vec!["X-Key: 1".into()], ..input(&std::env::temp_dir().display().to_string()) },
                "takes no request headers",
            ),
        ];
        for (i, expected) in cases {
            let err = validate(i, &t).expect_err(expected).to_string();
            assert!(err.contains(expected), "{:?}: {err}", i.location);
        }
    }
}

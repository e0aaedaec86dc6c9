use super::*;

const GOOD_STORY: &str = r#"+++
title = "Port fees to rise 12% in January"
category = "business"
goal = "money"
sentiment = "negative"
location = "Rotterdam, Netherlands"
published_at = "2026-11-03T08:30:00Z"
teaser = "The harbour authority blames a dredging bill."
roadmaps = ["build-an-emergency-fund"]
watch_next = ["The board votes on 12 December."]

[[sources]]
id = "ledger"
outlet = "Harbour Ledger"
url = "https://harbourledger.example/2026/11/03/port-fees"
title = "Port fees to rise"
published_at = "2026-11-03T07:55:00Z"
text = """
The new fees take effect on 1 January and apply to every container.
"A 12% rise sounds large," said Ilse Vermeer, freight economist at Lowlands Logistics Institute.
"""

[[impacts]]
goal = "money"
text = "Ask your importer whether the January rise will be passed on."
evidence = "The new fees take effect on 1 January and apply to every container."
source = "ledger"

[[perspectives]]
speaker = "Ilse Vermeer"
role = "Freight economist"
organisation = "Lowlands Logistics Institute"
quote = "A 12% rise sounds large,"
source = "ledger"

[poll]
question = "Would higher port fees change where you shop?"
options = ["Yes", "No", "Not sure"]
+++

The harbour authority will raise its fees by 12% from January, citing the cost of dredging.

## Background

Fees last rose in **2019**.
"#;

fn story(text: &str) -> StoryFile {
    match parse_file(text) {
        Ok(ParsedFile::Story(s)) => s,
        other => panic!("expected a story, got {other:?}"),
    }
}

#[track_caller]
fn check_problem(text: &str, line: usize, needle: &str) {
    let problems = parse_file(text).expect_err("the file must be refused");
    assert!(
        problems.iter().any(|p| p.line == line && p.message.contains(needle)),
        "expected a problem at line {line} containing {needle:?}, got {problems:#?}"
    );
}

#[test]
fn a_complete_story_parses_with_summary_and_background() {
    let s = story(GOOD_STORY);
    assert_eq!(s.slug.as_str(), "port-fees-to-rise-12-percent-in-january");
    assert_eq!(s.sentiment, Sentiment::Negative);
    assert!(s.summary.starts_with("The harbour authority will raise"));
    assert_eq!(s.background, "Fees last rose in **2019**.");
    assert_eq!(s.front.impacts.len(), 1);
    assert_eq!(s.front.poll.as_ref().map(|p| p.options.len()), Some(3));
}

#[test]
fn evidence_missing_from_its_source_is_refused_at_its_line() {
    let text = GOOD_STORY.replace(
        "evidence = \"The new fees take effect on 1 January and apply to every container.\"",
        "evidence = \"Fees double next week.\"",
    );
    check_problem(&text, 26, "not, word for word");
}

#[test]
fn a_quote_missing_from_its_source_is_refused() {
    let text = GOOD_STORY.replace("quote = \"A 12% rise sounds large,\"", "quote = \"Invented words\"");
    check_problem(&text, 33, "not, word for word");
}

#[test]
fn toml_syntax_errors_point_at_the_line() {
    let text = GOOD_STORY.replace("sentiment = \"negative\"", "sentiment = negative");
    check_problem(&text, 5, "front matter");
}

#[test]
fn unknown_keys_are_refused_so_typos_do_not_vanish() {
    let text = GOOD_STORY.replace("teaser =", "teaserr =");
    let problems = parse_file(&text).expect_err("refused");
    assert!(problems[0].message.contains("teaserr") || problems[0].message.contains("unknown"), "{problems:?}");
}

#[test]
fn bad_values_are_each_reported() {
    let text = GOOD_STORY
        .replace("sentiment = \"negative\"", "sentiment = \"bullish\"")
        .replace("published_at = \"2026-11-03T08:30:00Z\"", "published_at = \"yesterday\"")
        .replace("source = \"ledger\"\n\n[[perspectives]]", "source = \"wire\"\n\n[[perspectives]]");
    let problems = parse_file(&text).expect_err("refused");
    assert!(problems.iter().any(|p| p.line == 5 && p.message.contains("bullish")), "{problems:?}");
    assert!(problems.iter().any(|p| p.line == 7 && p.message.contains("RFC 3339")), "{problems:?}");
    assert!(problems.iter().any(|p| p.message.contains("\"wire\"")), "{problems:?}");
}

#[test]
fn files_without_front_matter_or_unclosed_are_refused() {
    check_problem("# Just markdown\n", 1, "starts with a line holding only +++");
    check_problem("+++\ntitle = \"x\"\n", 1, "not closed");
    check_problem("", 1, "starts with");
}

#[test]
fn a_missing_summary_and_stray_headings_are_reported() {
    let text = GOOD_STORY.replace(
        "The harbour authority will raise its fees by 12% from January, citing the cost of dredging.\n",
        "## Oops\n",
    );
    let problems = parse_file(&text).expect_err("refused");
    assert!(problems.iter().any(|p| p.message.contains("unexpected heading")), "{problems:?}");
    assert!(problems.iter().any(|p| p.message.contains("summary")), "{problems:?}");
}

#[test]
fn hostile_text_is_kept_verbatim_for_escaping_later() {
    let text = GOOD_STORY
        .replace("title = \"Port fees to rise 12% in January\"", "title = \"<script>alert(1)</script> fees\"");
    let s = story(&text);
    assert_eq!(s.front.title, "<script>alert(1)</script> fees");
    assert_eq!(s.slug.as_str(), "script-alert-1-script-fees");
}

#[test]
fn a_byte_order_mark_and_crlf_line_ends_are_accepted() {
    let text = format!("\u{feff}{}", GOOD_STORY.replace('\n', "\r\n"));
    let s = story(&text);
    assert_eq!(s.front.category, "business");
}

#[test]
fn oversized_files_are_refused() {
    let text = format!("{GOOD_STORY}{}", "x".repeat(MAX_FILE_BYTES));
    check_problem(&text, 0, "larger than");
}

const ROADMAP: &str = "+++\ntitle = \"Build an emergency fund\"\ngoal = \"money\"\ncategory = \"money\"\nsummary = \"Save three months.\"\nduration = \"3 months\"\n\n[[steps]]\ntitle = \"Count\"\ndo = \"Add up a month of essentials.\"\nwhy = \"You need a target.\"\n+++\nIntro.\n";

#[test]
fn a_roadmap_is_recognised_by_its_steps() {
    match parse_file(ROADMAP) {
        Ok(ParsedFile::Roadmap(r)) => {
            assert_eq!(r.slug.as_str(), "build-an-emergency-fund");
            assert_eq!(r.front.steps[0].body, "Add up a month of essentials.");
            assert_eq!(r.intro, "Intro.");
        }
        other => panic!("expected a roadmap, got {other:?}"),
    }
}

#[test]
fn a_roadmap_step_without_instructions_is_refused() {
    let text = ROADMAP.replace("do = \"Add up a month of essentials.\"", "do = \"\"");
    check_problem(&text, 9, "needs a title");
}

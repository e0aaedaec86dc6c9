//! Poll templates by story type, for stories no playbook entry drafted a poll for.
//!
//! Templates are data (`data/polls.toml`, format in its header): chosen by the story's
//! category and sentiment, with slots filled from the story only — the country it is
//! about (`{place}`) and the organisation its coverage names most (`{actor}`). A template
//! whose slot the story cannot fill is skipped, so a question is always tied to its story;
//! when none fits, the story gets no poll. Pure: the file is compiled in.

use std::sync::LazyLock;

use serde::Deserialize;
use wkly_core::Sentiment;
use wkly_core::enrich::{Entity, EntityKind, Place, PollDraft};

const FILE: &str = include_str!("../data/polls.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    template: Vec<Template>,
}

/// One poll template.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub id: String,
    pub categories: Vec<String>,
    /// `positive`, `neutral`, `negative`; empty for any.
    #[serde(default)]
    pub sentiment: Vec<String>,
    pub question: String,
    pub options: Vec<String>,
}

/// The templates compiled into the binary (checked by this module's tests; a broken file
/// gives no templates rather than a crash).
pub fn templates() -> &'static [Template] {
    static TEMPLATES: LazyLock<Vec<Template>> =
        LazyLock::new(|| toml::from_str::<File>(FILE).map(|f| f.template).unwrap_or_default());
    &TEMPLATES
}

/// A poll for a story of `category` and `sentiment`, from the first template that fits and
/// whose slots the story fills; `None` when no template does. `actor` is who the story is
/// about as the playbook found it (`Draft::actor`); without one, the organisation the
/// coverage names most stands in.
pub fn template_poll(
    category: Option<&str>,
    sentiment: Sentiment,
    entities: &[Entity],
    location: Option<&Place>,
    actor: Option<&str>,
) -> Option<PollDraft> {
    let category = category?;
    let place = location.map(|l| country_in_sentence(&l.country));
    let actor = actor.map(str::to_string).or_else(|| most_named_organisation(entities));
    templates()
        .iter()
        .filter(|t| t.categories.iter().any(|c| c == category))
        .filter(|t| t.sentiment.is_empty() || t.sentiment.iter().any(|s| s == sentiment.as_str()))
        .find_map(|t| {
            let mut question = t.question.clone();
            for (slot, value) in [("{place}", &place), ("{actor}", &actor)] {
                if question.contains(slot) {
                    question = question.replace(slot, value.as_deref()?);
                }
            }
            Some(PollDraft { question, options: t.options.clone() })
        })
}

/// The organisation the coverage returns to (named at least twice), not one named in
/// passing; never a name written in capitals only, as tickers and tokens are ("QLP"), nor
/// one the entity rules also read as a ticker.
fn most_named_organisation(entities: &[Entity]) -> Option<String> {
    let ticker = |e: &Entity| {
        !e.text.chars().any(char::is_lowercase)
            || entities.iter().any(|t| t.kind == EntityKind::Ticker && t.text.eq_ignore_ascii_case(&e.text))
    };
    entities
        .iter()
        .filter(|e| e.kind == EntityKind::Organisation && e.count >= 2 && !ticker(e))
        .max_by(|a, b| a.count.cmp(&b.count).then_with(|| b.key.cmp(&a.key)))
        .map(|e| match e.text.strip_prefix("The ") {
            Some(rest) => format!("the {rest}"),
            None => e.text.clone(),
        })
}

/// A country name as it reads mid-sentence: "the United States", "the Philippines".
fn country_in_sentence(country: &str) -> String {
    const WITH_THE: &[&str] = &[
        "Bahamas",
        "Central African Republic",
        "Comoros",
        "Czech Republic",
        "Democratic Republic of the Congo",
        "Dominican Republic",
        "Gambia",
        "Maldives",
        "Marshall Islands",
        "Netherlands",
        "Philippines",
        "Seychelles",
        "Solomon Islands",
    ];
    if country.starts_with("United ") || WITH_THE.contains(&country) {
        format!("the {country}")
    } else {
        country.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(text: &str, count: u32) -> Entity {
        Entity { kind: EntityKind::Organisation, key: text.to_lowercase(), text: text.into(), count }
    }

    fn place(country: &str) -> Place {
        Place { city: None, region: None, country: country.into(), country_code: String::new() }
    }

    #[test]
    fn the_template_file_parses_and_every_template_is_tied_to_its_story() {
        let parsed: Result<File, _> = toml::from_str(FILE);
        assert!(parsed.is_ok(), "{:?}", parsed.err());
        assert!(templates().len() >= 12);
        let categories = [
            "money",
            "business",
            "economy",
            "politics",
            "world",
            "tech",
            "science",
            "health",
            "climate",
            "sports",
            "culture",
            "lifestyle",
        ];
        for c in categories {
            assert!(templates().iter().any(|t| t.categories.iter().any(|k| k == c)), "no template for {c}");
        }
        for t in templates() {
            assert!((2..=5).contains(&t.options.len()), "{}: {} options", t.id, t.options.len());
            assert!(t.question.contains("{place}") || t.question.contains("{actor}"), "{}: no slot", t.id);
            assert!(t.question.ends_with('?'), "{}", t.id);
            assert!(t.categories.iter().all(|c| categories.contains(&c.as_str())), "{}", t.id);
            assert!(t.sentiment.iter().all(|s| s.parse::<Sentiment>().is_ok()), "{}", t.id);
        }
    }

    #[test]
    fn bad_money_news_asks_whether_the_reader_is_more_cautious_about_investing() {
        let poll =
            template_poll(Some("economy"), Sentiment::Negative, &[], Some(&place("Norway")), None).expect("poll");
        assert_eq!(poll.question, "Does news like this from Norway make you more cautious about investing?");
        assert_eq!(poll.options.len(), 4);
    }

    #[test]
    fn the_poll_asks_about_the_story_actor_not_a_customer_or_a_ticker() {
        // An outage story names its customers most, but is about the provider that failed.
        let customers = [org("Nordhaven Bank", 4), org("European Union", 3)];
        let poll = template_poll(Some("tech"), Sentiment::Negative, &customers, None, Some("Nimbara")).expect("poll");
        assert_eq!(poll.question, "Would news like this about Nimbara change how you use its products or services?");
        // A token named more often than the exchange is never the subject.
        let token = [org("QLP", 3), org("EU", 2), Entity { kind: EntityKind::Ticker, ..org("GMST3", 2) }];
        let lisbon = place("Portugal");
        let poll = template_poll(Some("business"), Sentiment::Negative, &token, Some(&lisbon), None).expect("poll");
        assert!(!poll.question.contains("QLP") && !poll.question.contains("EU "), "{}", poll.question);
        assert_eq!(poll.question, "Does news like this from Portugal make you more cautious about investing?");
        assert_eq!(most_named_organisation(&[org("GMST3", 3)]), None);
        // A business story is asked about its company before its country.
        let poll = template_poll(Some("business"), Sentiment::Negative, &token, Some(&lisbon), Some("Quellpay"))
            .expect("poll");
        assert_eq!(poll.question, "Does news like this about Quellpay make you more cautious about investing?");
    }

    #[test]
    fn slots_come_from_the_story_and_a_template_it_cannot_fill_is_skipped() {
        let entities = [org("Veltrix Semiconductor", 4), org("Kestrel Photonics", 3), org("Reuters", 1)];
        let poll = template_poll(Some("business"), Sentiment::Neutral, &entities, None, None).expect("poll");
        assert_eq!(
            poll.question,
            "Would news like this about Veltrix Semiconductor change how you see it as a customer, member or investor?"
        );
        // The question fits a fund its members belong to as well as a company people buy from.
        let fund = [org("Brightshore Super", 3)];
        let poll = template_poll(Some("business"), Sentiment::Positive, &fund, None, None).expect("poll");
        assert!(!poll.question.contains("buy from it"), "{}", poll.question);
        assert!(poll.options.iter().any(|o| o == "I have no dealings with it"), "{:?}", poll.options);
        let poll =
            template_poll(Some("world"), Sentiment::Neutral, &[], Some(&place("United States")), None).expect("poll");
        assert_eq!(poll.question, "How closely are you following events in the United States?");
        assert_eq!(template_poll(Some("world"), Sentiment::Neutral, &entities, None, None), None);
        assert_eq!(template_poll(None, Sentiment::Neutral, &entities, Some(&place("Chile")), None), None);
        assert_eq!(template_poll(Some("gardening"), Sentiment::Neutral, &entities, Some(&place("Chile")), None), None);
    }
}

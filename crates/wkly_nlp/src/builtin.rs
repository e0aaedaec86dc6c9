//! The builtin backend as an [`Enricher`]: each stage calls its module.

use wkly_core::Taxonomy;
use wkly_core::enrich::{
    BackendInfo, CategoryResult, Document, Enricher, Enrichment, Entity, Impact, Place, PollDraft, Quote,
    SentimentResult, Summary,
};

use crate::{category, entities, goal, location, playbook, polls, quotes, sentiment, summary};

/// Version of the rules and data files. Raise it when labels change, so stories labelled
/// by an older version can be found and enriched again.
pub const RULES_VERSION: &str = "2026.12.5";

/// wkly's offline enrichment: rules and data compiled into the binary.
#[derive(Debug, Default, Clone, Copy)]
pub struct Builtin;

impl Enricher for Builtin {
    fn info(&self) -> BackendInfo {
        BackendInfo { name: "builtin".into(), version: RULES_VERSION.into() }
    }

    fn entities(&self, doc: &Document<'_>) -> Vec<Entity> {
        entities::entities(doc)
    }

    fn sentiment(&self, doc: &Document<'_>) -> SentimentResult {
        sentiment::sentiment(doc)
    }

    fn category(&self, doc: &Document<'_>, entities: &[Entity], taxonomy: &Taxonomy) -> Option<CategoryResult> {
        category::category(doc, entities, taxonomy)
    }

    fn location(&self, doc: &Document<'_>, entities: &[Entity]) -> Option<Place> {
        location::location(doc, entities)
    }

    fn goal(
        &self,
        doc: &Document<'_>,
        category: Option<&CategoryResult>,
        entities: &[Entity],
        taxonomy: &Taxonomy,
    ) -> Option<String> {
        let found = goal::goal(doc, category, entities, taxonomy);
        let draft = playbook::playbook().draft(doc, category.map(|c| c.key.as_str()));
        goal::agree_with_advice(doc, category, taxonomy, found, &draft.goals())
    }

    fn summary(&self, doc: &Document<'_>) -> Summary {
        summary::summary(doc)
    }

    fn quotes(&self, doc: &Document<'_>) -> Vec<Quote> {
        quotes::quotes(doc)
    }

    fn impacts(&self, doc: &Document<'_>, category: Option<&str>, goal: Option<&str>) -> Vec<Impact> {
        playbook::playbook()
            .impacts(doc, category, goal)
            .into_iter()
            .map(|i| Impact { goal: i.goal, text: i.text, evidence: i.evidence })
            .collect()
    }

    /// The playbook's poll for the entry that fired first, else a template for the story's
    /// category and sentiment (`polls`) about the story's actor or place.
    fn poll(&self, doc: &Document<'_>, category: Option<&str>) -> Option<PollDraft> {
        let draft = playbook::playbook().draft(doc, category);
        draft.poll().map(|p| PollDraft { question: p.question, options: p.options }).or_else(|| {
            let entities = self.entities(doc);
            polls::template_poll(
                category,
                self.sentiment(doc).label,
                &entities,
                self.location(doc, &entities).as_ref(),
                draft.actor(),
            )
        })
    }

    /// All stages, with summary and quotes sharing one pass over the sentences.
    fn enrich(&self, doc: &Document<'_>, taxonomy: &Taxonomy) -> Enrichment {
        let entities = self.entities(doc);
        let category = self.category(doc, &entities, taxonomy);
        let location = self.location(doc, &entities);
        let key = category.as_ref().map(|c| c.key.as_str());
        let draft = playbook::playbook().draft(doc, key);
        // The primary goal is one the story has advice for, when it has any.
        let goal = self.goal(doc, category.as_ref(), &entities, taxonomy);
        let goal = goal::agree_with_advice(doc, category.as_ref(), taxonomy, goal, &draft.goals());
        let (summary, quotes) = summary::summary_and_quotes(doc);
        let impacts = draft
            .impacts(goal.as_deref())
            .into_iter()
            .map(|i| Impact { goal: i.goal, text: i.text, evidence: i.evidence })
            .collect();
        let sentiment = self.sentiment(doc);
        let poll = draft
            .poll()
            .map(|p| PollDraft { question: p.question, options: p.options })
            .or_else(|| polls::template_poll(key, sentiment.label, &entities, location.as_ref(), draft.actor()));
        Enrichment { sentiment, summary, quotes, impacts, poll, category, location, goal, entities }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_story_with_bullets_gets_a_goal_it_has_a_bullet_for_and_a_poll_about_its_actor() {
        let text = "FRANKFURT — A failure at cloud provider Nimbara disrupted banking apps, online shops and ticket \
                    sales across Germany on Thursday. Nordhaven Bank, whose 2.6 million customers could not use its \
                    app during the outage, said it would review its arrangements. Nordhaven Bank said its app was back. \
                    Nordhaven Bank apologised to customers.";
        let e = Builtin.enrich(&Document::new("Nimbara outage knocks apps offline", text), &Taxonomy::default());
        let goal = e.goal.expect("goal");
        assert!(e.impacts.iter().any(|i| i.goal == goal), "{goal}: {:#?}", e.impacts);
        assert_eq!(e.impacts.first().map(|i| i.goal.as_str()), Some(goal.as_str()), "the goal's bullet first");
        let poll = e.poll.expect("poll");
        assert!(!poll.question.contains("Nordhaven"), "{}", poll.question);
        let doc = Document::new("Nimbara outage knocks apps offline", text);
        assert_eq!(Builtin.goal(&doc, e.category.as_ref(), &e.entities, &Taxonomy::default()), Some(goal));
    }
}

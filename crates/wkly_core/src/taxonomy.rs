//! Categories (what a story is about) and reader goals (what a reader wants from it).
//!
//! Both are configuration: the defaults below serve a fresh install, and an operator may
//! replace them in `wkly.toml`. Keys are slugs and appear in URLs (`/c/money`, `/g/health`).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub key: String,
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Goal {
    pub key: String,
    /// Short name for menus: "Money".
    pub name: String,
    /// Badge text on a story: "I want money/finance advice".
    pub badge: String,
    pub description: String,
    /// A single emoji or short symbol shown beside the goal.
    pub icon: String,
}

/// The categories and goals in force, in display order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Taxonomy {
    pub categories: Vec<Category>,
    pub goals: Vec<Goal>,
}

impl Taxonomy {
    pub fn category(&self, key: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.key == key)
    }

    pub fn goal(&self, key: &str) -> Option<&Goal> {
        self.goals.iter().find(|g| g.key == key)
    }

    pub fn category_keys(&self) -> Vec<&str> {
        self.categories.iter().map(|c| c.key.as_str()).collect()
    }

    pub fn goal_keys(&self) -> Vec<&str> {
        self.goals.iter().map(|g| g.key.as_str()).collect()
    }
}

impl Default for Taxonomy {
    fn default() -> Self {
        let cat = |key: &str, name: &str, description: &str| Category {
            key: key.into(),
            name: name.into(),
            description: description.into(),
        };
        let goal = |key: &str, name: &str, badge: &str, description: &str, icon: &str| Goal {
            key: key.into(),
            name: name.into(),
            badge: badge.into(),
            description: description.into(),
            icon: icon.into(),
        };
        Taxonomy {
            categories: vec![
                cat("money", "Money", "Personal finance, markets, savings, borrowing and rates."),
                cat("business", "Business", "Companies, deals, jobs and the people who run them."),
                cat("economy", "Economy", "Growth, prices, trade, work and public money."),
                cat("politics", "Politics", "Elections, laws and the people who make them."),
                cat("world", "World", "What happens beyond the borders, and why it matters here."),
                cat("tech", "Tech", "Devices, software, AI, privacy and the companies behind them."),
                cat("science", "Science", "Research, space and discoveries, explained."),
                cat("health", "Health", "Medicine, public health, care and wellbeing."),
                cat("climate", "Climate", "Weather, energy, nature and the climate transition."),
                cat("sports", "Sports", "Results, people and the business of sport."),
                cat("culture", "Culture", "Arts, books, film, music and ideas."),
                cat("lifestyle", "Lifestyle", "Food, home, travel and everyday life."),
            ],
            goals: vec![
                goal(
                    "money",
                    "Money",
                    "I want money/finance advice",
                    "Saving, borrowing, investing and paying less.",
                    "💰",
                ),
                goal(
                    "career",
                    "Career",
                    "I want career and work advice",
                    "Jobs, pay, skills and your rights at work.",
                    "💼",
                ),
                goal(
                    "health",
                    "Health",
                    "I want health advice",
                    "Looking after your health and using care well.",
                    "🩺",
                ),
                goal(
                    "family",
                    "Family & home",
                    "I want family and home advice",
                    "Your household, home, bills and the people you care for.",
                    "🏠",
                ),
                goal(
                    "travel",
                    "Travel",
                    "I want travel advice",
                    "Getting there, getting back and what it costs.",
                    "✈️",
                ),
                goal(
                    "tech",
                    "Tech & privacy",
                    "I want technology and privacy advice",
                    "Your devices, accounts and personal data.",
                    "🔒",
                ),
                goal(
                    "informed",
                    "Stay informed",
                    "I want to stay informed",
                    "Understanding what happened and why it matters.",
                    "🧭",
                ),
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Slug;

    #[test]
    fn default_taxonomy_keys_are_slugs_and_unique() {
        let t = Taxonomy::default();
        let mut keys: Vec<&str> = t.category_keys();
        keys.extend(t.goal_keys());
        for k in &keys {
            assert!(Slug::parse(k).is_ok(), "{k}");
        }
        let mut cats = t.category_keys();
        cats.sort_unstable();
        cats.dedup();
        assert_eq!(cats.len(), 12);
        assert_eq!(t.goal("money").map(|g| g.badge.as_str()), Some("I want money/finance advice"));
    }
}

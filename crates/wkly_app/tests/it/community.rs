use std::collections::HashMap;

use wkly_app::community::{ReactReport, VoteReport, VoteResult, Voter, react, reader_marks, vote};
use wkly_core::{Reaction, Role, Timestamp};
use wkly_store::Store;
use wkly_store::community::ReactionOutcome;
use wkly_store::users::{NewUser, NewUserOutcome};

use super::{on_both, story, story_with_poll};

on_both! {
    a_vote_counts_once_and_reports_the_poll_as_it_stands => votes;
    a_vote_needs_a_published_story_with_a_poll_and_one_of_its_options => votes_need_a_real_poll_and_option;
    a_closed_poll_takes_no_vote_and_still_shows_its_results => closed_polls;
    a_reaction_is_set_switched_and_removed_and_unknown_kinds_change_nothing => reactions;
    three_hundred_simultaneous_votes_from_distinct_browsers_lose_none_and_double_none => concurrent_votes;
    three_hundred_simultaneous_reaction_clicks_from_distinct_readers_lose_none_and_double_none => concurrent_reactions;
}

fn browser(token: &str) -> Voter {
    Voter::Browser { token: token.into() }
}

async fn cast(store: &Store, slug: &str, option: &str, voter: &Voter) -> VoteReport {
    vote(store, slug, option, voter).await.expect("vote").expect("the story exists")
}

async fn click(store: &Store, slug: &str, kind: &str, voter: &Voter) -> ReactReport {
    react(store, slug, kind, voter).await.expect("react").expect("the story exists")
}

fn tally(report: &VoteReport) -> Vec<(i64, i64)> {
    report.poll.as_ref().expect("poll").options.iter().map(|o| (o.votes, o.percent)).collect()
}

fn counts(report: &ReactReport) -> Vec<(&'static str, i64)> {
    report.reactions.iter().map(|r| (r.reaction.as_str(), r.count)).collect()
}

async fn votes(store: &Store) {
    let (_, options) = story_with_poll(store, "alpha").await;
    let first = cast(store, "alpha", &options[0], &browser("one")).await;
    assert_eq!(first.result, VoteResult::Counted);
    assert_eq!(first.chosen.as_deref(), Some(options[0].as_str()));
    assert_eq!(tally(&first), vec![(1, 100), (0, 0)]);
    let poll = first.poll.as_ref().expect("poll");
    assert_eq!((poll.question.as_str(), poll.total, poll.closed), ("What about alpha?", 1, false));
    assert_eq!(poll.options.iter().map(|o| o.label.as_str()).collect::<Vec<_>>(), vec!["Yes", "No"]);

    let again = cast(store, "alpha", &options[1], &browser("one")).await;
    assert_eq!(again.result, VoteResult::AlreadyVoted, "a second click in the same browser");
    assert_eq!(again.chosen.as_deref(), Some(options[0].as_str()), "the first choice stands");
    assert_eq!(tally(&again), vec![(1, 100), (0, 0)]);

    let new = NewUser {
        name: "someone".into(),
        email: "someone@example.org".into(),
        password_hash: "!".into(),
        role: Role::Reader,
    };
    let Ok(NewUserOutcome::Created(user_id)) = store.insert_user(&new).await else { panic!("insert user") };
    let account = Voter::Account { user_id };
    let report = cast(store, "alpha", &options[1], &account).await;
    assert_eq!(report.result, VoteResult::Counted);
    assert_eq!(tally(&report), vec![(1, 50), (1, 50)]);
    let report = cast(store, "alpha", &options[1], &browser("two")).await;
    assert_eq!(tally(&report), vec![(1, 33), (2, 67)], "percentages are rounded");
}

async fn votes_need_a_real_poll_and_option(store: &Store) {
    let (_, options) = story_with_poll(store, "alpha").await;
    let (_, other_options) = story_with_poll(store, "beta").await;
    let (plain, _) = store.save_story(&story("no-poll", false, None)).await.expect("save");
    let mut draft = story("draft", true, None);
    draft.status = "draft".into();
    store.save_story(&draft).await.expect("save");

    for bad in ["", "not-an-option", other_options[0].as_str(), "' OR 1=1 --", &"x".repeat(10_000)] {
        let report = cast(store, "alpha", bad, &browser("one")).await;
        assert_eq!(report.result, VoteResult::UnknownOption, "{:?}", &bad[..bad.len().min(20)]);
        assert_eq!(report.chosen, None);
        assert_eq!(tally(&report), vec![(0, 0), (0, 0)]);
    }
    assert_eq!(cast(store, "alpha", &options[0], &browser("one")).await.result, VoteResult::Counted);

    let report = cast(store, "no-poll", &options[0], &browser("one")).await;
    assert_eq!(report.result, VoteResult::NoPoll);
    assert!(report.poll.is_none() && report.chosen.is_none());
    assert!(reader_marks(store, &plain, &browser("one")).await.expect("marks").vote.is_none());
    for missing in ["no-such-story", "draft", "", "../alpha"] {
        assert!(vote(store, missing, &options[0], &browser("one")).await.expect("vote").is_none(), "{missing}");
        assert!(react(store, missing, "useful", &browser("one")).await.expect("react").is_none(), "{missing}");
    }
}

async fn closed_polls(store: &Store) {
    let (id, options) = story_with_poll(store, "alpha").await;
    assert_eq!(cast(store, "alpha", &options[1], &browser("early")).await.result, VoteResult::Counted);

    let past = Timestamp::now().millis() - 1000;
    store.save_story(&story("alpha", true, Some(past))).await.expect("close the poll");
    let late = cast(store, "alpha", &options[0], &browser("late")).await;
    assert_eq!(late.result, VoteResult::Closed);
    assert_eq!(late.chosen, None);
    let poll = late.poll.as_ref().expect("results are still shown");
    assert!(poll.closed);
    assert_eq!(poll.total, 1, "the earlier vote kept, the late one not counted");
    let early = cast(store, "alpha", &options[0], &browser("early")).await;
    assert_eq!(early.result, VoteResult::Closed);
    assert_eq!(early.chosen.as_deref(), Some(options[1].as_str()), "an earlier voter still sees their answer");
    assert_eq!(reader_marks(store, &id, &browser("late")).await.expect("marks").vote, None);

    let future = Timestamp::now().millis() + 3_600_000;
    store.save_story(&story("alpha", true, Some(future))).await.expect("reopen until later");
    let report = cast(store, "alpha", &options[0], &browser("late")).await;
    assert_eq!(report.result, VoteResult::Counted);
    assert!(!report.poll.expect("poll").closed);
}

async fn reactions(store: &Store) {
    let (id, _) = store.save_story(&story("alpha", false, None)).await.expect("save");
    let me = browser("me");
    let all_zero: Vec<(&str, i64)> = Reaction::ALL.iter().map(|r| (r.as_str(), 0)).collect();

    for unknown in ["love", "", "<script>alert(1)</script>", "useful ", &"x".repeat(10_000)] {
        let report = click(store, "alpha", unknown, &me).await;
        assert_eq!(report.outcome, None, "{:?}", &unknown[..unknown.len().min(20)]);
        assert_eq!(counts(&report), all_zero, "every reaction listed, in the site's order, none counted");
        assert_eq!(report.mine, None);
    }

    let report = click(store, "alpha", "useful", &me).await;
    assert_eq!((report.outcome, report.mine), (Some(ReactionOutcome::Set), Some(Reaction::Useful)));
    click(store, "alpha", "useful", &browser("you")).await;
    let report = click(store, "alpha", "worrying", &me).await;
    assert_eq!((report.outcome, report.mine), (Some(ReactionOutcome::Set), Some(Reaction::Worrying)), "switched");
    let report_counts: HashMap<&str, i64> = counts(&report).into_iter().collect();
    assert_eq!((report_counts["useful"], report_counts["worrying"]), (1, 1));
    assert_eq!(report.reactions.iter().map(|r| r.count).sum::<i64>(), 2, "one reaction per reader");
    let marks = reader_marks(store, &id, &me).await.expect("marks");
    assert_eq!((marks.reaction, marks.vote), (Some(Reaction::Worrying), None));

    let report = click(store, "alpha", "worrying", &me).await;
    assert_eq!((report.outcome, report.mine), (Some(ReactionOutcome::Removed), None), "clicking again removes it");
    assert_eq!(report.reactions.iter().map(|r| r.count).sum::<i64>(), 1);
    let report = click(store, "alpha", "bogus", &me).await;
    assert_eq!(report.reactions.iter().map(|r| r.count).sum::<i64>(), 1, "an unknown kind removes nothing");
}

async fn concurrent_votes(store: &Store) {
    let (_, options) = story_with_poll(store, "busy").await;
    // Each of 300 browsers clicks twice at once, on either option: exactly one click counts.
    let mut tasks = Vec::new();
    for i in 0..300 {
        for click in 0..2 {
            let (store, option) = (store.clone(), options[(i + click) % 2].clone());
            tasks.push(tokio::spawn(async move {
                let report = vote(&store, "busy", &option, &browser(&format!("reader-{i}"))).await;
                (i, report.expect("vote").expect("story").result)
            }));
        }
    }
    let mut results: HashMap<usize, Vec<VoteResult>> = HashMap::new();
    for task in tasks {
        let (i, result) = task.await.expect("task");
        results.entry(i).or_default().push(result);
    }
    assert_eq!(results.len(), 300);
    for (i, mut r) in results {
        r.sort_by_key(|r| *r == VoteResult::AlreadyVoted);
        assert_eq!(r, vec![VoteResult::Counted, VoteResult::AlreadyVoted], "reader {i}");
    }
    let report = cast(store, "busy", "none", &browser("observer")).await;
    let poll = report.poll.expect("poll");
    assert_eq!(poll.total, 300, "none lost, none doubled");
    assert_eq!(poll.options.iter().map(|o| o.votes).sum::<i64>(), 300);
}

async fn concurrent_reactions(store: &Store) {
    store.save_story(&story("busy", false, None)).await.expect("save");
    let kind = |i: usize| Reaction::ALL[i % Reaction::ALL.len()].as_str();
    let wave = |clicks: Vec<(usize, &'static str)>| {
        let tasks: Vec<_> = clicks
            .into_iter()
            .map(|(i, kind)| {
                let store = store.clone();
                tokio::spawn(async move {
                    let report = react(&store, "busy", kind, &browser(&format!("reader-{i}"))).await;
                    report.expect("react").expect("story").outcome
                })
            })
            .collect();
        async move {
            let mut outcomes = Vec::new();
            for task in tasks {
                outcomes.push(task.await.expect("task"));
            }
            outcomes
        }
    };

    // 300 readers react at once.
    let outcomes = wave((0..300).map(|i| (i, kind(i))).collect()).await;
    assert!(outcomes.iter().all(|o| *o == Some(ReactionOutcome::Set)), "{outcomes:?}");
    let report = click(store, "busy", "none", &browser("observer")).await;
    assert_eq!(counts(&report), Reaction::ALL.iter().map(|r| (r.as_str(), 50)).collect::<Vec<_>>());

    // All at once again: the even ones take theirs back, the odd ones switch to the next kind.
    let outcomes = wave((0..300).map(|i| (i, if i % 2 == 0 { kind(i) } else { kind(i + 1) })).collect()).await;
    let removed = outcomes.iter().filter(|o| **o == Some(ReactionOutcome::Removed)).count();
    let set = outcomes.iter().filter(|o| **o == Some(ReactionOutcome::Set)).count();
    assert_eq!((removed, set), (150, 150));
    let mut expected: HashMap<&str, i64> = HashMap::new();
    for i in (1..300).step_by(2) {
        *expected.entry(kind(i + 1)).or_default() += 1;
    }
    let report = click(store, "busy", "none", &browser("observer")).await;
    for (kind, count) in counts(&report) {
        assert_eq!(count, expected.get(kind).copied().unwrap_or(0), "{kind}");
    }
    assert_eq!(report.reactions.iter().map(|r| r.count).sum::<i64>(), 150);
}

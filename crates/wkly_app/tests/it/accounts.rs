use wkly_app::AppError;
use wkly_app::accounts::secrets::{random_token, token_hash};
use wkly_app::accounts::{
    self, FieldProblem, Reader, SESSION_DAYS, SignInOutcome, SignUpForm, SignUpOutcome, change_password,
    current_reader, issue_token, redeem_token, reset_password, set_goals, sign_in, sign_out, sign_up,
};
use wkly_app::community::{Voter, vote};
use wkly_app::profile::{self, DeleteOutcome};
use wkly_app::progress;
use wkly_core::{Role, Taxonomy, Timestamp};
use wkly_store::Store;
use wkly_store::roadmaps::{NewRoadmap, NewStep};
use wkly_store::sessions::NewSession;
use wkly_store::users::TokenPurpose;

use super::{on_both, story_with_poll};

on_both! {
    a_sign_up_names_each_problem_with_its_field => sign_up_problems;
    a_taken_name_or_email_is_a_problem_whatever_its_case => taken_name_or_email;
    a_reader_signs_in_by_name_or_email_and_strangers_learn_nothing => sign_in_by_name_or_email;
    a_disabled_account_cannot_sign_in_nor_use_an_old_session => disabled_accounts;
    a_malformed_or_unknown_session_token_is_no_reader => unknown_tokens;
    signing_out_ends_that_session_only => sign_out_ends_one_session;
    each_sign_in_starts_a_new_session_with_its_own_secrets => session_rotation;
    a_session_past_half_its_life_is_extended_on_use => session_extension;
    what_a_browser_did_signed_out_joins_the_account_at_sign_up_and_sign_in => browser_actions_are_claimed;
    goals_must_be_the_site_s_and_are_kept_once => goals;
    changing_the_password_needs_the_current_one_and_ends_other_sessions => password_change;
    a_reset_link_sets_a_new_password_once => password_reset;
    a_reset_link_survives_a_password_the_rules_refuse => reset_keeps_the_link_for_bad_passwords;
    the_cli_creates_accounts_with_a_role_through_the_same_rules => create_account;
    another_reader_sees_only_the_public_part_of_a_profile => profile_privacy;
    the_export_holds_votes_reactions_and_goals_and_never_the_password => export;
    deleting_an_account_needs_the_password_and_keeps_the_counts => delete_account;
    forty_simultaneous_sign_ups_with_distinct_names_all_succeed => concurrent_distinct_sign_ups;
    twenty_simultaneous_sign_ups_with_one_name_create_one_account => concurrent_same_name_sign_ups;
}

const PASSWORD: &str = "correct horse battery";

fn form(name: &str, email: &str, password: &str) -> SignUpForm {
    SignUpForm { name: name.into(), email: email.into(), password: password.into() }
}

/// Signs up `name` with `name@example.org` and [`PASSWORD`]; the account and its session token.
async fn signed_up(store: &Store, name: &str, browser: Option<&str>) -> (String, String) {
    match sign_up(store, &form(name, &format!("{name}@example.org"), PASSWORD), browser).await.expect("sign up") {
        SignUpOutcome::Created { user_id, session } => (user_id, session.token),
        SignUpOutcome::Invalid(problems) => panic!("{name}: {problems:?}"),
    }
}

async fn reader(store: &Store, token: &str) -> Reader {
    current_reader(store, token).await.expect("current reader").expect("a live session")
}

async fn signed_in(store: &Store, login: &str, password: &str) -> String {
    match sign_in(store, login, password, None).await.expect("sign in") {
        SignInOutcome::SignedIn { session, .. } => session.token,
        other => panic!("{login}: {other:?}"),
    }
}

fn fields(problems: &[FieldProblem]) -> Vec<&'static str> {
    problems.iter().map(|p| p.field).collect()
}

async fn problems_of(store: &Store, f: SignUpForm) -> Vec<FieldProblem> {
    match sign_up(store, &f, None).await.expect("sign up") {
        SignUpOutcome::Invalid(problems) => problems,
        SignUpOutcome::Created { .. } => panic!("{f:?} should be refused"),
    }
}

async fn sign_up_problems(store: &Store) {
    for (f, field, says) in [
        (form("9lives", "ana@example.org", PASSWORD), "name", "start with a letter"),
        (form("ab", "ana@example.org", PASSWORD), "name", "at least 3"),
        (form("ana<script>", "ana@example.org", PASSWORD), "name", "only letters"),
        (form("Admin", "ana@example.org", PASSWORD), "name", "reserved"),
        (form("deleted", "ana@example.org", PASSWORD), "name", "reserved"),
        (form("ana", "ana@", PASSWORD), "email", "domain"),
        (form("ana", "ana example.org", PASSWORD), "email", "no spaces"),
        (form("ana", "ana@example.org\r\nBcc: all@example.org", PASSWORD), "email", "no spaces"),
        (form("ana", "ana@example.org", "short"), "password", "at least 10"),
        (form("ana", "ana@example.org", &"p".repeat(5000)), "password", "at most"),
        (form("ana", "ana@example.org", "zzzzzzzzzzzz"), "password", "repeated"),
        (form("longusername", "lu@example.org", "LongUserName"), "password", "your name or email"),
        (form("ana", "ana.lee@example.org", "Ana.Lee@Example.org"), "password", "your name or email"),
    ] {
        let problems = problems_of(store, f.clone()).await;
        assert_eq!(fields(&problems), vec![field], "{f:?}");
        assert!(problems[0].message.contains(says), "{f:?}: {problems:?}");
    }
    let all = problems_of(store, form("", "", "")).await;
    assert_eq!(fields(&all), vec!["name", "email", "password"], "every problem at once, in form order");
    assert!(store.list_accounts(10).await.expect("list").is_empty(), "nothing was created");
}

async fn taken_name_or_email(store: &Store) {
    let (ana, _) = signed_up(store, "ana", None).await;
    let problems = problems_of(store, form("ANA", "other@example.org", PASSWORD)).await;
    assert_eq!(fields(&problems), vec!["name"]);
    assert!(problems[0].message.contains("taken"), "{problems:?}");
    let problems = problems_of(store, form("bob", " ANA@Example.ORG ", PASSWORD)).await;
    assert_eq!(fields(&problems), vec!["email"], "addresses compare without case");
    assert!(problems[0].message.contains("already has an account"), "{problems:?}");
    let accounts = store.list_accounts(10).await.expect("list");
    assert_eq!(accounts.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), vec![ana.as_str()]);
    assert_eq!(accounts[0].email, "ana@example.org", "the address is kept in the form lookups use");
}

async fn sign_in_by_name_or_email(store: &Store) {
    let (ana, _) = signed_up(store, "ana", None).await;
    for login in ["ana", " ANA ", "ana@example.org", "Ana@Example.Org"] {
        match sign_in(store, login, PASSWORD, None).await.expect("sign in") {
            SignInOutcome::SignedIn { user_id, .. } => assert_eq!(user_id, ana, "{login}"),
            other => panic!("{login:?}: {other:?}"),
        }
    }
    let wrong = sign_in(store, "ana", "correct horse batterY", None).await.expect("sign in");
    let unknown = sign_in(store, "nobody@example.org", PASSWORD, None).await.expect("sign in");
    assert!(matches!(wrong, SignInOutcome::WrongCredentials), "{wrong:?}");
    assert!(matches!(unknown, SignInOutcome::WrongCredentials), "the same answer for both: {unknown:?}");
    for (login, password) in
        [("ana", ""), ("", PASSWORD), ("ana", &"x".repeat(100_000)), (&"a".repeat(10_000), PASSWORD)]
    {
        let outcome = sign_in(store, login, password, None).await.expect("sign in");
        assert!(matches!(outcome, SignInOutcome::WrongCredentials), "{}: {outcome:?}", login.len());
    }
}

async fn disabled_accounts(store: &Store) {
    let (ana, token) = signed_up(store, "ana", None).await;
    reader(store, &token).await;
    assert!(store.set_user_status(&ana, "disabled").await.expect("disable"));
    assert!(current_reader(store, &token).await.expect("current").is_none(), "the old session is refused");
    let outcome = sign_in(store, "ana", PASSWORD, None).await.expect("sign in");
    assert!(matches!(outcome, SignInOutcome::Disabled), "{outcome:?}");
    let outcome = sign_in(store, "ana", "not the password", None).await.expect("sign in");
    assert!(matches!(outcome, SignInOutcome::WrongCredentials), "a wrong password reveals nothing: {outcome:?}");

    // Even a session that outlived the switch (made by another node, say) is refused.
    let stray = random_token().expect("token");
    let now = Timestamp::now().millis();
    let session = NewSession {
        id_hash: token_hash(&stray),
        user_id: ana.clone(),
        csrf_token: random_token().expect("token"),
        created_at: now,
        expires_at: now + 3_600_000,
    };
    store.insert_session(&session).await.expect("insert");
    assert!(current_reader(store, &stray).await.expect("current").is_none());

    assert!(store.set_user_status(&ana, "active").await.expect("enable"));
    let token = signed_in(store, "ana", PASSWORD).await;
    assert_eq!(reader(store, &token).await.user_id, ana, "enabled again, the reader signs in");
}

async fn unknown_tokens(store: &Store) {
    let (_, token) = signed_up(store, "ana", None).await;
    let unknown = random_token().expect("token");
    let upper = token.to_uppercase();
    for bad in [
        "",
        "abc",
        "not hex at all, but exactly sixty-four characters long, padded!!",
        &"g".repeat(64),
        &format!("{token}0"),
        &token[..63],
        &unknown,
        &token_hash(&token),
        &"a".repeat(1_000_000),
        "ab\u{0}cd",
        &upper,
    ] {
        assert!(current_reader(store, bad).await.expect("current").is_none(), "{:?}", &bad[..bad.len().min(70)]);
    }
    let me = reader(store, &token).await;
    assert_eq!((me.name.as_str(), me.email.as_str(), me.role), ("ana", "ana@example.org", Role::Reader));
    assert_eq!(me.voter, format!("u:{}", me.user_id));
    assert!(!me.email_verified && me.banned_until.is_none() && !me.can_moderate());
    assert_eq!(me.csrf_token.len(), 64);
}

async fn sign_out_ends_one_session(store: &Store) {
    let (_, laptop) = signed_up(store, "ana", None).await;
    let phone = signed_in(store, "ana", PASSWORD).await;
    sign_out(store, &laptop).await.expect("sign out");
    assert!(current_reader(store, &laptop).await.expect("current").is_none());
    assert!(current_reader(store, &phone).await.expect("current").is_some(), "the other device stays signed in");
    sign_out(store, &laptop).await.expect("twice is harmless");
    sign_out(store, "").await.expect("an empty cookie is harmless");
    sign_out(store, &"z".repeat(10_000)).await.expect("a junk cookie is harmless");
}

async fn session_rotation(store: &Store) {
    let (_, first) = signed_up(store, "ana", None).await;
    let second = signed_in(store, "ana", PASSWORD).await;
    let third = signed_in(store, "ana", PASSWORD).await;
    assert!(first != second && second != third && first != third, "a new token at every sign-in");
    let readers = [reader(store, &first).await, reader(store, &second).await, reader(store, &third).await];
    assert!(readers.iter().all(|r| r.user_id == readers[0].user_id));
    let csrf: std::collections::HashSet<&str> = readers.iter().map(|r| r.csrf_token.as_str()).collect();
    assert_eq!(csrf.len(), 3, "each session has its own CSRF token");
    for token in [&first, &second, &third] {
        assert!(readers.iter().all(|r| &r.csrf_token != token), "the CSRF token is not the session token");
    }
}

async fn session_extension(store: &Store) {
    let (ana, _) = signed_up(store, "ana", None).await;
    let token = random_token().expect("token");
    let now = Timestamp::now().millis();
    let day = 24 * 3_600_000;
    let session = NewSession {
        id_hash: token_hash(&token),
        user_id: ana,
        csrf_token: random_token().expect("token"),
        created_at: now - 29 * day,
        expires_at: now + day,
    };
    store.insert_session(&session).await.expect("insert");
    reader(store, &token).await;
    let row = store.find_session(&token_hash(&token), now).await.expect("find").expect("session");
    assert!(row.expires_at >= now + (SESSION_DAYS - 1) * day, "extended to a full term: {}", row.expires_at - now);

    let (_, fresh) = signed_up(store, "bob", None).await;
    let before = store.find_session(&token_hash(&fresh), now).await.expect("find").expect("session").expires_at;
    reader(store, &fresh).await;
    let after = store.find_session(&token_hash(&fresh), now).await.expect("find").expect("session").expires_at;
    assert_eq!(before, after, "a young session is left alone");
}

async fn browser_actions_are_claimed(store: &Store) {
    let (alpha, alpha_options) = story_with_poll(store, "alpha").await;
    let (beta, beta_options) = story_with_poll(store, "beta").await;
    let first_browser = Voter::Browser { token: "first".into() };
    vote(store, "alpha", &alpha_options[1], &first_browser).await.expect("vote").expect("story");
    wkly_app::community::react(store, "alpha", "hopeful", &first_browser).await.expect("react").expect("story");

    let (ana, token) = signed_up(store, "ana", Some(&first_browser.key())).await;
    let me = Voter::Account { user_id: ana.clone() };
    let marks = wkly_app::community::reader_marks(store, &alpha, &me).await.expect("marks");
    assert_eq!(marks.vote, Some(alpha_options[1].clone()), "the vote joined the account at sign-up");
    assert_eq!(marks.reaction.map(|r| r.as_str()), Some("hopeful"));
    let left = wkly_app::community::reader_marks(store, &alpha, &first_browser).await.expect("marks");
    assert!(left.vote.is_none() && left.reaction.is_none(), "nothing stays with the browser");
    sign_out(store, &token).await.expect("sign out");

    let second_browser = Voter::Browser { token: "second".into() };
    vote(store, "beta", &beta_options[0], &second_browser).await.expect("vote").expect("story");
    let outcome = sign_in(store, "ana", PASSWORD, Some(&second_browser.key())).await.expect("sign in");
    assert!(matches!(outcome, SignInOutcome::SignedIn { .. }), "{outcome:?}");
    let marks = wkly_app::community::reader_marks(store, &beta, &me).await.expect("marks");
    assert_eq!(marks.vote, Some(beta_options[0].clone()), "the vote joined the account at sign-in");
    let answers: Vec<String> =
        store.list_votes_of_user(&ana).await.expect("votes").into_iter().map(|v| v.story_slug).collect();
    assert_eq!(answers.len(), 2, "{answers:?}");

    // Only a browser's key is claimed: naming another account's key takes nothing from it.
    let (bob, _) = signed_up(store, "bob", None).await;
    let bob_voter = Voter::Account { user_id: bob.clone() };
    vote(store, "alpha", &alpha_options[0], &bob_voter).await.expect("vote").expect("story");
    let outcome = sign_in(store, "ana", PASSWORD, Some(&bob_voter.key())).await.expect("sign in");
    assert!(matches!(outcome, SignInOutcome::SignedIn { .. }), "{outcome:?}");
    assert_eq!(store.list_votes_of_user(&bob).await.expect("votes").len(), 1, "bob keeps his vote");
    let totals: Vec<i64> = vote(store, "alpha", "none", &bob_voter)
        .await
        .expect("vote")
        .expect("story")
        .poll
        .expect("poll")
        .options
        .iter()
        .map(|o| o.votes)
        .collect();
    assert_eq!(totals, vec![1, 1], "bob's vote and ana's (from her first browser)");
}

async fn goals(store: &Store) {
    let taxonomy = Taxonomy::default();
    let (ana, _) = signed_up(store, "ana", None).await;
    let keys = |ks: &[&str]| ks.iter().map(|k| k.to_string()).collect::<Vec<_>>();
    set_goals(store, &taxonomy, &ana, &keys(&["money", "health", "money"])).await.expect("goals");
    assert_eq!(store.list_user_goals(&ana).await.expect("goals"), vec!["health", "money"], "kept once");

    let err = set_goals(store, &taxonomy, &ana, &keys(&["career", "fame"])).await;
    assert!(matches!(&err, Err(AppError::Input(m)) if m.contains("fame")), "{err:?}");
    let err = set_goals(store, &taxonomy, &ana, &keys(&["<script>alert(1)</script>"])).await;
    assert!(matches!(err, Err(AppError::Input(_))), "{err:?}");
    assert_eq!(store.list_user_goals(&ana).await.expect("goals"), vec!["health", "money"], "refused as a whole");

    set_goals(store, &taxonomy, &ana, &[]).await.expect("clear");
    assert!(store.list_user_goals(&ana).await.expect("goals").is_empty());
}

async fn password_change(store: &Store) {
    let (_, laptop) = signed_up(store, "ana", None).await;
    let phone = signed_in(store, "ana", PASSWORD).await;
    let me = reader(store, &laptop).await;

    let refused = change_password(store, &me, "a wrong guess!", "a brand new secret").await.expect("change");
    assert_eq!(fields(&refused.expect_err("wrong current password")), vec!["current_password"]);
    let refused = change_password(store, &me, PASSWORD, "tiny").await.expect("change");
    assert_eq!(fields(&refused.expect_err("too short")), vec!["password"]);
    assert!(current_reader(store, &phone).await.expect("current").is_some(), "refusals sign nobody out");

    let session = change_password(store, &me, PASSWORD, "a brand new secret").await.expect("change").expect("changed");
    assert!(current_reader(store, &laptop).await.expect("current").is_none(), "old sessions end");
    assert!(current_reader(store, &phone).await.expect("current").is_none());
    assert_eq!(reader(store, &session.token).await.user_id, me.user_id, "this browser gets a new session");
    assert!(matches!(sign_in(store, "ana", PASSWORD, None).await.expect("sign in"), SignInOutcome::WrongCredentials));
    signed_in(store, "ana", "a brand new secret").await;
}

async fn password_reset(store: &Store) {
    let (ana, session) = signed_up(store, "ana", None).await;
    let hour = 3_600_000;
    let verify = issue_token(store, &ana, TokenPurpose::VerifyEmail, hour).await.expect("verify link");
    let token = issue_token(store, &ana, TokenPurpose::ResetPassword, hour).await.expect("reset link");
    assert_eq!(token.len(), 64);

    let refused = reset_password(store, &token, "short").await.expect("reset");
    assert_eq!(fields(&refused.expect_err("too short")), vec!["password"]);
    let refused = reset_password(store, &verify, "a fresh passphrase").await.expect("reset");
    assert_eq!(fields(&refused.expect_err("wrong purpose")), vec!["token"]);
    let user = reset_password(store, &token, "a fresh passphrase").await.expect("reset").expect("the link worked");
    assert_eq!(user, ana);

    assert!(current_reader(store, &session).await.expect("current").is_none(), "sessions end on reset");
    assert!(matches!(sign_in(store, "ana", PASSWORD, None).await.expect("sign in"), SignInOutcome::WrongCredentials));
    let token_after = signed_in(store, "ana@example.org", "a fresh passphrase").await;
    assert!(reader(store, &token_after).await.email_verified, "following the mailed link proved the address");

    let again = reset_password(store, &token, "yet another passphrase").await.expect("reset");
    let problems = again.expect_err("a link works once");
    assert_eq!(fields(&problems), vec!["token"]);
    assert!(problems[0].message.contains("expired or was already used"), "{problems:?}");
    assert_eq!(redeem_token(store, &verify, TokenPurpose::VerifyEmail).await.expect("redeem"), Some(ana.clone()));

    let expired = issue_token(store, &ana, TokenPurpose::ResetPassword, -1).await.expect("reset link");
    let refused = reset_password(store, &expired, "yet another passphrase").await.expect("reset");
    assert_eq!(fields(&refused.expect_err("expired")), vec!["token"]);
    for junk in ["", "short", &"x".repeat(64), &format!("{token}00"), "../../etc/passwd"] {
        let refused = reset_password(store, junk, "yet another passphrase").await.expect("reset");
        assert_eq!(fields(&refused.expect_err("junk token")), vec!["token"], "{junk:?}");
        assert_eq!(redeem_token(store, junk, TokenPurpose::ResetPassword).await.expect("redeem"), None);
    }
}

async fn reset_keeps_the_link_for_bad_passwords(store: &Store) {
    let (ana, _) = signed_up(store, "ana", None).await;
    let token = issue_token(store, &ana, TokenPurpose::ResetPassword, 3_600_000).await.expect("reset link");
    // The account's own address is refused too, and that is checked before the link is spent.
    for bad in ["short", "", "aaaaaaaaaaaaaaaa", &"p".repeat(2000), "ana@example.org", "ANA@Example.org"] {
        let refused = reset_password(store, &token, bad).await.expect("reset");
        assert_eq!(fields(&refused.expect_err("refused")), vec!["password"], "{bad:?}");
    }
    let user = reset_password(store, &token, "finally a good one").await.expect("reset").expect("the link still works");
    assert_eq!(user, ana);
}

async fn create_account(store: &Store) {
    let id = accounts::create_account(store, "Chief", "chief@example.org", PASSWORD, Role::Editor)
        .await
        .expect("create")
        .expect("created");
    let account = store.find_account(&id).await.expect("find").expect("account");
    assert_eq!((account.name.as_str(), account.role.as_str()), ("chief", "editor"));
    let token = signed_in(store, "chief", PASSWORD).await;
    assert!(reader(store, &token).await.can_moderate());

    let problems =
        accounts::create_account(store, "x", "nope", "short", Role::Reader).await.expect("create").expect_err("bad");
    assert_eq!(fields(&problems), vec!["name", "email", "password"]);
    let problems = accounts::create_account(store, "chief", "boss@example.org", PASSWORD, Role::Admin)
        .await
        .expect("create")
        .expect_err("taken");
    assert_eq!(fields(&problems), vec!["name"]);
    let problems = accounts::create_account(store, "boss", "CHIEF@example.org", PASSWORD, Role::Admin)
        .await
        .expect("create")
        .expect_err("taken");
    assert_eq!(fields(&problems), vec!["email"]);
}

async fn profile_privacy(store: &Store) {
    let taxonomy = Taxonomy::default();
    let (_, options) = story_with_poll(store, "alpha").await;
    let (ana, ana_token) = signed_up(store, "ana", None).await;
    let (_, bob_token) = signed_up(store, "bob", None).await;
    let me = reader(store, &ana_token).await;
    let bob = reader(store, &bob_token).await;
    let voter = Voter::Account { user_id: ana.clone() };
    vote(store, "alpha", &options[0], &voter).await.expect("vote").expect("story");
    wkly_app::community::react(store, "alpha", "useful", &voter).await.expect("react").expect("story");
    set_goals(store, &taxonomy, &ana, &["career".into()]).await.expect("goals");

    let own = profile::profile_page(store, &taxonomy, "ANA", Some(&me)).await.expect("profile").expect("ana");
    assert_eq!((own.name.as_str(), own.role), ("ana", Role::Reader));
    let mine = own.own.expect("the owner sees their own part");
    assert_eq!(mine.email, "ana@example.org");
    assert_eq!(mine.goals.iter().map(|g| g.key.as_str()).collect::<Vec<_>>(), vec!["career"]);
    let votes: Vec<(&str, &str, &str)> =
        mine.votes.iter().map(|v| (v.story_slug.as_str(), v.question.as_str(), v.answer.as_str())).collect();
    assert_eq!(votes, vec![("alpha", "What about alpha?", "Yes")]);
    assert_eq!(mine.reactions.iter().map(|r| r.reaction.map(|r| r.as_str())).collect::<Vec<_>>(), vec![Some("useful")]);

    let seen_by_bob = profile::profile_page(store, &taxonomy, "ana", Some(&bob)).await.expect("profile").expect("ana");
    assert!(seen_by_bob.own.is_none(), "another reader sees only the public part");
    let seen_by_stranger = profile::profile_page(store, &taxonomy, "ana", None).await.expect("profile").expect("ana");
    assert!(seen_by_stranger.own.is_none());
    assert_eq!(seen_by_stranger.joined, own.joined);

    for missing in ["nobody", "", "ana' OR '1'='1", "<script>"] {
        assert!(profile::profile_page(store, &taxonomy, missing, None).await.expect("profile").is_none(), "{missing}");
    }
    store.set_user_status(&ana, "disabled").await.expect("disable");
    assert!(profile::profile_page(store, &taxonomy, "ana", None).await.expect("profile").is_none(), "disabled");
}

async fn export(store: &Store) {
    let taxonomy = Taxonomy::default();
    let (_, options) = story_with_poll(store, "alpha").await;
    let (ana, token) = signed_up(store, "ana", None).await;
    let me = reader(store, &token).await;
    let voter = Voter::Account { user_id: ana.clone() };
    vote(store, "alpha", &options[1], &voter).await.expect("vote").expect("story");
    wkly_app::community::react(store, "alpha", "surprising", &voter).await.expect("react").expect("story");
    set_goals(store, &taxonomy, &ana, &["money".into(), "health".into()]).await.expect("goals");
    let step =
        |i: usize| NewStep { title: format!("Step {i}"), body: format!("Do {i}."), why: format!("Because {i}.") };
    let roadmap = NewRoadmap {
        slug: "save-more".into(),
        title: "Save more".into(),
        summary: "Summary.".into(),
        intro: "Intro.".into(),
        goal: "money".into(),
        category: "money".into(),
        duration: "a week".into(),
        steps: (0..3).map(step).collect(),
    };
    store.save_roadmap(&roadmap).await.expect("roadmap");
    assert_eq!(progress::toggle_step(store, &me, "save-more", 2).await.expect("tick"), Some(true));

    let doc = profile::export(store, &me).await.expect("export");
    assert_eq!(doc["format"], "wkly-account-export/1");
    assert_eq!(doc["account"]["name"], "ana");
    assert_eq!(doc["account"]["email"], "ana@example.org");
    assert_eq!(doc["account"]["role"], "reader");
    assert_eq!(doc["goals"], serde_json::json!(["health", "money"]));
    assert_eq!(doc["votes"][0]["story"], "alpha");
    assert_eq!(doc["votes"][0]["question"], "What about alpha?");
    assert_eq!(doc["votes"][0]["answer"], "No");
    assert_eq!(doc["reactions"][0]["reaction"], "surprising");
    assert_eq!(doc["reactions"][0]["story_title"], "Title of alpha");
    assert_eq!(
        doc["roadmaps"],
        serde_json::json!([{ "roadmap": "save-more", "title": "Save more", "steps_done": 1, "steps": 3 }])
    );

    let text = doc.to_string();
    let hash = store.find_credentials("ana").await.expect("find").expect("ana").password_hash;
    assert!(!text.contains(&hash) && !text.contains("argon2"), "never the password hash: {text}");
    assert!(!text.contains(PASSWORD) && !text.contains(&me.csrf_token) && !text.contains(&token), "no secrets");
    assert!(!text.contains("password"), "{text}");
}

async fn delete_account(store: &Store) {
    let taxonomy = Taxonomy::default();
    let (_, options) = story_with_poll(store, "alpha").await;
    let (ana, token) = signed_up(store, "ana", None).await;
    let me = reader(store, &token).await;
    let voter = Voter::Account { user_id: ana.clone() };
    vote(store, "alpha", &options[0], &voter).await.expect("vote").expect("story");
    wkly_app::community::react(store, "alpha", "angry", &voter).await.expect("react").expect("story");

    let outcome = profile::delete_account(store, &me, "not my password").await.expect("delete");
    assert_eq!(outcome, DeleteOutcome::WrongPassword);
    assert_eq!(profile::delete_account(store, &me, "").await.expect("delete"), DeleteOutcome::WrongPassword);
    assert!(store.find_account(&ana).await.expect("find").is_some(), "a wrong password deletes nothing");

    assert_eq!(profile::delete_account(store, &me, PASSWORD).await.expect("delete"), DeleteOutcome::Deleted);
    assert!(current_reader(store, &token).await.expect("current").is_none());
    assert!(matches!(sign_in(store, "ana", PASSWORD, None).await.expect("sign in"), SignInOutcome::WrongCredentials));
    assert!(profile::profile_page(store, &taxonomy, "ana", None).await.expect("profile").is_none());
    let stranger = Voter::Browser { token: "stranger".into() };
    let report = vote(store, "alpha", "none", &stranger).await.expect("vote").expect("story");
    assert_eq!(report.poll.expect("poll").total, 1, "the deleted reader's vote still counts");
    let report = wkly_app::community::react(store, "alpha", "none", &stranger).await.expect("react").expect("story");
    assert_eq!(report.reactions.iter().map(|r| r.count).sum::<i64>(), 1, "so does their reaction");
}

async fn concurrent_distinct_sign_ups(store: &Store) {
    let tasks: Vec<_> = (0..40)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                let f = form(&format!("reader{i}"), &format!("reader{i}@example.org"), PASSWORD);
                sign_up(&store, &f, None).await.expect("sign up")
            })
        })
        .collect();
    let mut tokens = std::collections::HashSet::new();
    for task in tasks {
        match task.await.expect("task") {
            SignUpOutcome::Created { session, .. } => assert!(tokens.insert(session.token)),
            SignUpOutcome::Invalid(problems) => panic!("{problems:?}"),
        }
    }
    assert_eq!(store.list_accounts(100).await.expect("list").len(), 40);
}

async fn concurrent_same_name_sign_ups(store: &Store) {
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                let f = form("popular", &format!("fan{i}@example.org"), PASSWORD);
                sign_up(&store, &f, None).await.expect("no error, whoever loses the race")
            })
        })
        .collect();
    let mut created = 0;
    for task in tasks {
        match task.await.expect("task") {
            SignUpOutcome::Created { .. } => created += 1,
            SignUpOutcome::Invalid(problems) => {
                assert_eq!(fields(&problems), vec!["name"], "{problems:?}");
                assert!(problems[0].message.contains("taken"), "{problems:?}");
            }
        }
    }
    assert_eq!(created, 1);
    assert_eq!(store.list_accounts(100).await.expect("list").len(), 1);
}

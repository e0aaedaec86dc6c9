//! Accounts, votes and reactions over real HTTP: a reader with a cookie jar signs up,
//! signs in, votes, reacts and signs out; hostile requests (another site's forms, a
//! missing or stale token, a planted session, too many tries) are refused.

use std::collections::HashMap;

use reqwest::header::{HeaderMap, HeaderValue};
use wkly_test_support::{TestApp, test_config};

use super::{DEMO_STORY, Page, client};
use scraper::Html;

/// A browser on loopback: keeps the cookies wkly sets and sends same-origin requests.
pub(crate) struct Reader {
    pub base: String,
    pub cookies: HashMap<String, String>,
}

pub(crate) struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    pub(crate) fn location(&self) -> &str {
        self.headers.get("location").and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    pub(crate) fn page(&self) -> Page {
        Page {
            status: self.status,
            headers: self.headers.clone(),
            html: Html::parse_document(&self.body),
            body: self.body.clone(),
        }
    }

    pub(crate) fn set_cookies(&self) -> Vec<String> {
        self.headers.get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).map(str::to_string).collect()
    }
}

impl Reader {
    pub(crate) fn new(app: &TestApp) -> Reader {
        Reader { base: app.url(""), cookies: HashMap::new() }
    }

    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    fn keep_cookies(&mut self, headers: &HeaderMap) {
        for v in headers.get_all("set-cookie") {
            let v = v.to_str().expect("ascii cookie");
            let pair = v.split(';').next().expect("pair");
            let (name, value) = pair.split_once('=').expect("name=value");
            if v.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_string(), value.to_string());
            }
        }
    }

    pub(crate) async fn get(&mut self, path: &str) -> Reply {
        let res = client()
            .get(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .send()
            .await
            .expect("get");
        self.reply(res).await
    }

    /// A form post from this site's own page (the browser sends its origin).
    pub(crate) async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Reply {
        self.post_with(path, fields, &[("origin", &self.base.clone())]).await
    }

    pub(crate) async fn post_with(&mut self, path: &str, fields: &[(&str, &str)], extra: &[(&str, &str)]) -> Reply {
        let body = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
        let mut req = client()
            .post(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        for (k, v) in extra {
            req = req.header(*k, HeaderValue::from_str(v).expect("header"));
        }
        let res = req.send().await.expect("post");
        self.reply(res).await
    }

    async fn reply(&mut self, res: reqwest::Response) -> Reply {
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        self.keep_cookies(&headers);
        let body = res.text().await.expect("body");
        Reply { status, headers, body }
    }

    pub(crate) async fn sign_up(&mut self, name: &str) -> Reply {
        let email = format!("{name}@example.org");
        let r =
            self.post("/signup", &[("name", name), ("email", &email), ("password", "a long test passphrase")]).await;
        assert_eq!(r.status, 303, "sign-up of {name}: {}", r.body);
        r
    }

    /// The CSRF token the page's forms carry.
    pub(crate) async fn csrf(&mut self, path: &str) -> String {
        let page = self.get(path).await.page();
        page.attr("input[name=csrf]", "value")
    }
}

async fn poll_options(reader: &mut Reader, slug: &str) -> Vec<String> {
    let page = reader.get(&format!("/s/{slug}")).await.page();
    page.all("input[name=option]").iter().map(|e| e.value().attr("value").expect("value").to_string()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_up_signs_in_and_leads_to_choosing_goals_that_the_profile_shows() {
    let app = TestApp::demo().await;
    let mut ana = Reader::new(&app);
    let r = ana.sign_up("ana_reads").await;
    assert_eq!(r.location(), "/settings?n=welcome");
    let cookie = r.set_cookies().into_iter().find(|c| c.starts_with("wkly_session=")).expect("session cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain HTTP on loopback: no Secure flag");

    let settings = ana.get("/settings?n=welcome").await;
    assert_eq!(settings.status, 200);
    assert_eq!(settings.headers["cache-control"], "private, no-store");
    let page = settings.page();
    assert!(page.text(".notice").contains("Welcome"));
    assert!(page.all("input[name=goal]").len() >= 7, "every configured goal is offered");
    let csrf = page.attr("input[name=csrf]", "value");
    let saved = ana.post("/settings/goals", &[("csrf", &csrf), ("goal", "money"), ("goal", "health")]).await;
    assert_eq!((saved.status, saved.location()), (303, "/settings?n=goals#goals"));
    let checked = ana.get("/settings").await.page();
    let on: Vec<String> = checked
        .all("input[name=goal][checked]")
        .iter()
        .map(|e| e.value().attr("value").expect("value").to_string())
        .collect();
    assert_eq!(on, vec!["money", "health"]);

    let profile = ana.get("/u/ana_reads").await.page();
    assert_eq!(profile.text("h1"), "ana_reads");
    assert!(profile.text(".chips").contains("Money"), "{}", profile.text(".chips"));
    // The masthead knows who is signed in.
    assert_eq!(profile.text(".account-nav a[href='/u/ana_reads']"), "ana_reads");

    // The home page leads with stories for those goals; strangers get no such strip.
    let home = ana.get("/").await.page();
    assert!(home.text("#for-you-h").contains("Money · Health"), "{}", home.text("#for-you-h"));
    assert!(!home.all(".for-you .card").is_empty());
    assert!(super::get(&app.url("/")).await.all(".for-you").is_empty());

    // An unknown goal from a stale form stores nothing.
    let stale = ana.post("/settings/goals", &[("csrf", &csrf), ("goal", "astrology")]).await;
    assert_eq!(stale.status, 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_problems_are_named_per_field_and_keep_what_was_typed_except_the_password() {
    let app = TestApp::demo().await;
    let mut x = Reader::new(&app);
    let r = x
        .post("/signup", &[("name", "<script>alert(1)</script>"), ("email", "not-an-address"), ("password", "short")])
        .await;
    assert_eq!(r.status, 422);
    let page = r.page();
    for field in ["name", "email", "password"] {
        assert_eq!(page.all(&format!("#{field}-error")).len(), 1, "{field} has its problem");
    }
    assert!(!r.body.contains("<script>alert(1)</script>"), "typed text is escaped");
    assert_eq!(page.attr("#email", "value"), "not-an-address");
    assert!(page.one("#password").value().attr("value").is_none(), "the password is never echoed");
    assert!(!x.cookies.contains_key("wkly_session"));

    x.sign_up("taken_name").await;
    let mut y = Reader::new(&app);
    let again = y
        .post(
            "/signup",
            &[("name", "Taken_Name"), ("email", "other@example.org"), ("password", "a long test passphrase")],
        )
        .await;
    assert_eq!(again.status, 422);
    assert!(again.page().text("#name-error").contains("taken"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_and_an_unknown_account_read_the_same() {
    let app = TestApp::demo().await;
    Reader::new(&app).sign_up("bea_here").await;
    let mut x = Reader::new(&app);
    let wrong = x.post("/signin", &[("login", "bea_here"), ("password", "not her passphrase")]).await;
    let unknown = x.post("/signin", &[("login", "nobody_here"), ("password", "not her passphrase")]).await;
    assert_eq!((wrong.status, unknown.status), (401, 401));
    assert_eq!(wrong.page().text(".form-problems"), unknown.page().text(".form-problems"));
    // Demo readers have no password and cannot be signed in as.
    let demo = x.post("/signin", &[("login", "maria_k"), ("password", "!")]).await;
    assert_eq!(demo.status, 401);

    let ok = x
        .post("/signin", &[("login", "BEA_HERE@example.org"), ("password", "a long test passphrase"), ("next", "/r")])
        .await;
    assert_eq!((ok.status, ok.location()), (303, "/r"));
    // `next` only ever points into this site.
    let mut z = Reader::new(&app);
    let evil = z
        .post("/signin", &[("login", "bea_here"), ("password", "a long test passphrase"), ("next", "//evil.example/x")])
        .await;
    assert_eq!(evil.location(), "/");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_rotates_the_session_and_sign_out_ends_it_on_the_server() {
    let app = TestApp::demo().await;
    let mut cara = Reader::new(&app);
    cara.sign_up("cara_now").await;
    let first = cara.cookies["wkly_session"].clone();

    // A session id planted in the browser before sign-in is not the one after it.
    let planted = "ab".repeat(32);
    let mut victim = Reader::new(&app);
    victim.cookies.insert("wkly_session".into(), planted.clone());
    let r = victim.post("/signin", &[("login", "cara_now"), ("password", "a long test passphrase")]).await;
    assert_eq!(r.status, 303);
    let second = victim.cookies["wkly_session"].clone();
    assert_ne!(second, planted);
    assert_ne!(second, first);

    // Signing out deletes the session: replaying the old cookie gets a signed-out page.
    let csrf = victim.csrf("/settings").await;
    let out = victim.post("/signout", &[("csrf", &csrf)]).await;
    assert_eq!(out.status, 303);
    assert!(!victim.cookies.contains_key("wkly_session"));
    let mut replay = Reader::new(&app);
    replay.cookies.insert("wkly_session".into(), second);
    let settings = replay.get("/settings").await;
    assert_eq!((settings.status, settings.location()), (303, "/signin?next=/settings"));
    // The other browser's session is untouched.
    assert_eq!(cara.get("/settings").await.status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forms_from_another_site_or_without_the_session_token_are_refused() {
    let app = TestApp::demo().await;
    let mut dan = Reader::new(&app);
    dan.sign_up("dan_votes").await;
    let options = poll_options(&mut dan, DEMO_STORY).await;
    let vote = format!("/s/{DEMO_STORY}/vote");
    let csrf = dan.csrf(&format!("/s/{DEMO_STORY}")).await;

    let cross =
        dan.post_with(&vote, &[("option", &options[0]), ("csrf", &csrf)], &[("origin", "https://evil.example")]).await;
    assert_eq!(cross.status, 403);
    let fetch_cross =
        dan.post_with(&vote, &[("option", &options[0]), ("csrf", &csrf)], &[("sec-fetch-site", "cross-site")]).await;
    assert_eq!(fetch_cross.status, 403);
    let silent = dan.post_with(&vote, &[("option", &options[0]), ("csrf", &csrf)], &[]).await;
    assert_eq!(silent.status, 403, "a request that does not say where it came from");
    let no_token = dan.post(&vote, &[("option", &options[0])]).await;
    assert_eq!(no_token.status, 403);
    assert!(no_token.page().text("main").contains("Reload the page"));
    let wrong_token = dan.post(&vote, &[("option", &options[0]), ("csrf", &"0".repeat(64))]).await;
    assert_eq!(wrong_token.status, 403);
    // Nothing was counted by any of them.
    assert!(dan.get(&format!("/s/{DEMO_STORY}")).await.page().all(".poll-results").is_empty());

    let ok = dan.post(&vote, &[("option", &options[0]), ("csrf", &csrf)]).await;
    assert_eq!((ok.status, ok.location()), (303, format!("/s/{DEMO_STORY}?n=voted#poll").as_str()));
    // Sign-in and sign-up from another site are refused too (login CSRF).
    let mut x = Reader::new(&app);
    let login = x
        .post_with(
            "/signin",
            &[("login", "dan_votes"), ("password", "a long test passphrase")],
            &[("origin", "http://evil.example")],
        )
        .await;
    assert_eq!(login.status, 403);
    // A body that is not a form gets the site's error page, not a stack of text.
    let res = client()
        .post(app.url(&vote))
        .header("origin", app.url(""))
        .header("content-type", "application/json")
        .body("{\"option\": 1}")
        .send()
        .await
        .expect("post");
    assert_eq!(res.status().as_u16(), 400);
    assert!(res.text().await.expect("body").contains("could not be read"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_out_browser_votes_once_and_its_vote_moves_into_the_account_it_signs_into() {
    let app = TestApp::demo().await;
    let mut eve = Reader::new(&app);
    let options = poll_options(&mut eve, DEMO_STORY).await;
    let before = eve.get(&format!("/s/{DEMO_STORY}")).await.page().text(".poll-form .muted");

    let first = eve.post(&format!("/s/{DEMO_STORY}/vote"), &[("option", &options[1])]).await;
    assert_eq!(first.status, 303);
    assert!(eve.cookies.contains_key("wkly_browser"), "the browser gets a voter cookie");
    let page = eve.get(&format!("/s/{DEMO_STORY}?n=voted")).await.page();
    assert!(page.text(".poll-slot .notice").contains("counted"));
    assert_eq!(page.all(".poll-results li.mine").len(), 1);
    assert!(page.text(".poll-slot").contains("belongs to this browser only"));
    let total: i64 = page
        .all(".poll-results meter")
        .iter()
        .map(|m| m.value().attr("value").expect("value").parse::<i64>().expect("n"))
        .sum();
    assert!((98..=102).contains(&total), "percentages add up to about 100, got {total}");

    let second = eve.post(&format!("/s/{DEMO_STORY}/vote"), &[("option", &options[0])]).await;
    assert!(second.location().contains("n=already-voted"));
    // The anonymous page (cached for strangers) shows the new total.
    let stranger = super::get(&app.url(&format!("/s/{DEMO_STORY}"))).await;
    assert_ne!(stranger.text(".poll-form .muted"), before, "the cached page was refreshed after the vote");

    // Signing up on this browser takes the vote into the profile, counted once.
    eve.sign_up("eve_after").await;
    assert!(!eve.cookies.contains_key("wkly_browser"), "the browser token is spent");
    let profile = eve.get("/u/eve_after").await.page();
    assert!(profile.text("#pvotes-h").contains('1'), "{}", profile.text("#pvotes-h"));
    let story = eve.get(&format!("/s/{DEMO_STORY}")).await.page();
    assert_eq!(story.all(".poll-results li.mine").len(), 1);
    assert!(story.text(".poll-slot").contains("your profile"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reaction_toggles_and_switches_in_place_for_the_script() {
    let app = TestApp::demo().await;
    let mut fay = Reader::new(&app);
    fay.sign_up("fay_reacts").await;
    let csrf = fay.csrf(&format!("/s/{DEMO_STORY}")).await;
    let count =
        |page: &Page, kind: &str| -> i64 { page.text(&format!("button[value={kind}] .count")).parse().expect("count") };
    let start = fay.get(&format!("/s/{DEMO_STORY}")).await.page();
    let (useful, worrying) = (count(&start, "useful"), count(&start, "worrying"));

    let path = format!("/s/{DEMO_STORY}/react");
    let fragment_header = [("origin", fay.base.clone()), ("x-wkly-fragment", "1".to_string())];
    let extra: Vec<(&str, &str)> = fragment_header.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let set = fay.post_with(&path, &[("kind", "useful"), ("csrf", &csrf)], &extra).await;
    assert_eq!(set.status, 200);
    assert_eq!(set.headers["cache-control"], "no-store");
    let frag = set.page();
    assert_eq!(count(&frag, "useful"), useful + 1);
    assert_eq!(frag.attr("button[value=useful]", "aria-pressed"), "true");

    let switched = fay.post_with(&path, &[("kind", "worrying"), ("csrf", &csrf)], &extra).await.page();
    assert_eq!((count(&switched, "useful"), count(&switched, "worrying")), (useful, worrying + 1));
    let removed = fay.post_with(&path, &[("kind", "worrying"), ("csrf", &csrf)], &extra).await.page();
    assert_eq!(count(&removed, "worrying"), worrying);
    assert!(removed.all("button[aria-pressed=true]").is_empty());

    let bogus = fay.post(&path, &[("kind", "<img src=x onerror=alert(1)>"), ("csrf", &csrf)]).await;
    assert_eq!(bogus.status, 400);
    assert!(!bogus.body.contains("<img src=x"));
    let missing = fay.post("/s/no-such-story/react", &[("kind", "useful"), ("csrf", &csrf)]).await;
    assert_eq!(missing.status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_many_sign_in_attempts_are_slowed_with_retry_after() {
    let app = TestApp::demo().await;
    let mut x = Reader::new(&app);
    let mut statuses = Vec::new();
    for _ in 0..10 {
        statuses.push(x.post("/signin", &[("login", "gus_guess"), ("password", "wrong guess number")]).await);
    }
    let limited = statuses.iter().filter(|r| r.status == 429).count();
    assert!(limited >= 2, "the account's limit (8 per 10 minutes) refuses the rest: {limited}");
    let r = statuses.last().expect("last");
    assert_eq!(r.status, 429);
    let retry: u64 = r.headers["retry-after"].to_str().expect("ascii").parse().expect("seconds");
    assert!(retry > 0);
    assert!(r.page().text("main").contains("wait a little"));
}

/// Two nodes on one database enforce one sign-in limit together: guesses spread over both
/// are refused after the account's eight, on either node, on either database.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nodes_sharing_a_database_share_the_sign_in_limit() {
    for db in [wkly_test_support::TestDb::sqlite().await, wkly_test_support::TestDb::postgres().await] {
        let store = db.store.clone();
        let config = test_config(db.dir().map(Into::into).unwrap_or_default());
        let first = TestApp::with_db(db).await;
        let second = TestApp::spawn(store, config).await;
        let (mut a, mut b) = (Reader::new(&first), Reader::new(&second));
        let mut statuses = Vec::new();
        for i in 0..10 {
            let node = if i % 2 == 0 { &mut a } else { &mut b };
            let r = node.post("/signin", &[("login", "wes_guess"), ("password", "wrong guess number")]).await;
            statuses.push(r.status);
        }
        assert!(statuses[..8].iter().all(|s| *s != 429), "eight guesses are answered: {statuses:?}");
        assert_eq!(statuses[8..], [429, 429], "the ninth and tenth are refused, whichever node gets them");
        // A different account is not affected by wes_guess's limit.
        let other = b.post("/signin", &[("login", "someone_else"), ("password", "wrong guess number")]).await;
        assert_ne!(other.status, 429);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_profile_shows_votes_only_to_its_owner_who_can_export_and_delete_everything() {
    let app = TestApp::demo().await;
    let mut hal = Reader::new(&app);
    hal.sign_up("hal_owner").await;
    let options = poll_options(&mut hal, DEMO_STORY).await;
    let csrf = hal.csrf(&format!("/s/{DEMO_STORY}")).await;
    hal.post(&format!("/s/{DEMO_STORY}/vote"), &[("option", &options[0]), ("csrf", &csrf)]).await;
    hal.post(&format!("/s/{DEMO_STORY}/react"), &[("kind", "hopeful"), ("csrf", &csrf)]).await;

    let own = hal.get("/u/hal_owner").await.page();
    assert_eq!(own.all(".activity li").len(), 2, "one vote and one reaction");
    let mut ivy = Reader::new(&app);
    ivy.sign_up("ivy_visits").await;
    let other = ivy.get("/u/hal_owner").await.page();
    assert_eq!(other.text("h1"), "hal_owner");
    assert!(other.all("#pvotes-h").is_empty() && other.all(".activity").is_empty(), "votes are private");
    assert_eq!(super::get(&app.url("/u/nobody_at_all")).await.status, 404);

    let export = hal.get("/settings/export").await;
    assert_eq!(export.status, 200);
    assert!(export.headers["content-disposition"].to_str().expect("ascii").contains("attachment"));
    let doc: serde_json::Value = serde_json::from_str(&export.body).expect("json");
    assert_eq!(doc["account"]["name"], "hal_owner");
    assert_eq!(doc["votes"].as_array().expect("votes").len(), 1);
    assert_eq!(doc["reactions"][0]["reaction"], "hopeful");
    assert!(!export.body.contains("argon2"), "the export never holds the password hash");
    assert!(!ivy.get("/settings/export").await.body.contains("hal_owner"), "each reader exports only their own data");

    let results_before = hal.get(&format!("/s/{DEMO_STORY}")).await.page().text(".poll-results");
    let csrf = hal.csrf("/settings").await;
    let wrong = hal.post("/settings/delete", &[("csrf", &csrf), ("password", "not my password")]).await;
    assert_eq!(wrong.status, 422);
    let gone = hal.post("/settings/delete", &[("csrf", &csrf), ("password", "a long test passphrase")]).await;
    assert_eq!(gone.status, 200);
    assert!(gone.page().text("h1").contains("deleted"));
    assert_eq!(super::get(&app.url("/u/hal_owner")).await.status, 404);
    assert_eq!(hal.get("/settings").await.status, 303, "signed out");
    // The vote still counts, no longer linked to anyone.
    let mut jo = Reader::new(&app);
    jo.sign_up("jo_checks").await;
    let csrf = jo.csrf(&format!("/s/{DEMO_STORY}")).await;
    jo.post(&format!("/s/{DEMO_STORY}/vote"), &[("option", &options[1]), ("csrf", &csrf)]).await;
    let after = jo.get(&format!("/s/{DEMO_STORY}")).await.page();
    let total_votes = |text: &str| -> Vec<i64> {
        text.split(['(', ')']).skip(1).step_by(2).filter_map(|n| n.trim().parse().ok()).collect()
    };
    let (b, a) = (total_votes(&results_before), total_votes(&after.text(".poll-results")));
    assert_eq!(a[0], b[0], "the deleted reader's vote is still counted");
    assert_eq!(a[1], b[1] + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_disabled_account_is_signed_out_at_once() {
    let app = TestApp::demo().await;
    let mut kim = Reader::new(&app);
    kim.sign_up("kim_gone").await;
    assert_eq!(kim.get("/settings").await.status, 200);
    let account = app.store.find_account_by_name("kim_gone").await.expect("find").expect("exists");
    app.store.set_user_status(&account.id, "disabled").await.expect("disable");
    assert_eq!(kim.get("/settings").await.status, 303);
    let again = kim.post("/signin", &[("login", "kim_gone"), ("password", "a long test passphrase")]).await;
    assert_eq!(again.status, 403);
    assert!(again.page().text(".form-problems").contains("disabled"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn hundreds_of_simultaneous_votes_and_reactions_over_http_lose_none_and_double_none() {
    let db = wkly_test_support::TestDb::sqlite().await;
    let mut config = test_config(db.dir().map(Into::into).unwrap_or_default());
    // One loopback address stands for hundreds of readers here; the per-address limits
    // have their own tests.
    config.server.rate_limits = false;
    db.store.sync_taxonomy(&config.taxonomy).await.expect("taxonomy");
    let report = wkly_app::import::import_path(&db.store, &config.taxonomy, &wkly_test_support::demo_pack())
        .await
        .expect("import");
    assert!(report.problems.is_empty());
    let app = TestApp::spawn(db.store.clone(), config).await;
    let mut first = Reader::new(&app);
    let options = poll_options(&mut first, DEMO_STORY).await;
    let base = app.url("");
    let mut tasks = Vec::new();
    for i in 0..300 {
        let (base, option) = (base.clone(), options[i % options.len()].clone());
        tasks.push(tokio::spawn(async move {
            let mut r = Reader { base: base.clone(), cookies: HashMap::new() };
            let vote = r.post(&format!("/s/{DEMO_STORY}/vote"), &[("option", &option)]).await;
            let react = r.post(&format!("/s/{DEMO_STORY}/react"), &[("kind", "useful")]).await;
            let again = r.post(&format!("/s/{DEMO_STORY}/vote"), &[("option", &option)]).await;
            (vote.location().to_string(), react.status, again.location().to_string())
        }));
    }
    for t in tasks {
        let (vote, react, again) = t.await.expect("task");
        assert!(vote.contains("n=voted"), "{vote}");
        assert_eq!(react, 303);
        assert!(again.contains("n=already-voted"), "{again}");
    }
    let story = app.store.find_published_story(DEMO_STORY).await.expect("find").expect("story");
    let poll = app.store.find_poll(&story.id).await.expect("poll").expect("has poll");
    let votes: i64 = app.store.list_poll_results(&poll.id).await.expect("results").iter().map(|o| o.votes).sum();
    assert_eq!(votes, 300);
    let useful = app.store.reaction_counts(&story.id).await.expect("counts");
    assert_eq!(useful.iter().find(|(k, _)| k == "useful").map(|(_, n)| *n), Some(300));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_ticks_roadmap_steps_and_sees_the_progress_in_their_profile() {
    let app = TestApp::demo().await;
    let slug = super::get(&app.url("/r")).await.attr(".roadmap-card a", "href");
    let mut lee = Reader::new(&app);
    let anonymous = lee.get(&slug).await.page();
    assert!(anonymous.all(".step-form").is_empty());
    assert!(anonymous.text("main").contains("Sign in to tick off steps"));

    lee.sign_up("lee_steps").await;
    let page = lee.get(&slug).await.page();
    let steps = page.all(".step-form").len();
    assert!(steps >= 4, "every step can be ticked: {steps}");
    let csrf = page.attr("input[name=csrf]", "value");
    let done = lee.post(&format!("{slug}/steps/2"), &[("csrf", &csrf)]).await;
    assert_eq!((done.status, done.location()), (303, format!("{slug}#step-2").as_str()));
    let page = lee.get(&slug).await.page();
    assert_eq!(page.text(".progress-line span"), format!("1 of {steps} steps done"));
    assert_eq!(page.all(".step-done").len(), 1);
    let profile = lee.get("/u/lee_steps").await.page();
    assert!(profile.text("#proad-h").contains('1'));
    assert!(profile.body.contains(&format!("1 of {steps} steps done")));

    lee.post(&format!("{slug}/steps/2"), &[("csrf", &csrf)]).await;
    assert_eq!(lee.get(&slug).await.page().text(".progress-line span"), format!("0 of {steps} steps done"));
    assert_eq!(lee.post(&format!("{slug}/steps/99"), &[("csrf", &csrf)]).await.status, 404);
}

/// The first link to `path` in a mail (quoted-printable soft breaks and `=3D` undone).
fn link_in(mail: &str, path: &str) -> String {
    let text = mail.replace("=\r\n", "").replace("=\n", "").replace("=3D", "=");
    let at = text.find(path).unwrap_or_else(|| panic!("a {path} link in:\n{text}"));
    let rest = &text[at..];
    let end = rest.find(|c: char| c.is_whitespace() || c == '"' || c == '<' || c == '>').unwrap_or(rest.len());
    rest[..end].to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_mails_a_confirmation_link_and_a_reset_link_works_once() {
    let app = TestApp::demo().await;
    let mut uma = Reader::new(&app);
    uma.sign_up("uma_mails").await;
    let mails = app.mails(1).await;
    assert!(mails[0].contains("To: uma_mails@example.org"), "{}", mails[0]);
    let verify = link_in(&mails[0], "/verify?token=");
    assert!(uma.get("/settings").await.page().text("#account").contains("not confirmed yet"));
    let confirmed = uma.get(&verify).await;
    assert_eq!(confirmed.status, 200);
    assert!(uma.get("/settings").await.page().text("#account").contains("confirmed."));
    assert_eq!(uma.get(&verify).await.status, 410, "a link works once");

    // A reset request says the same for a known and an unknown address.
    let mut x = Reader::new(&app);
    let known = x.post("/reset", &[("email", "UMA_MAILS@example.org")]).await;
    let unknown = x.post("/reset", &[("email", "nobody@example.org")]).await;
    assert_eq!((known.status, unknown.status), (200, 200));
    assert_eq!(known.page().text(".notice"), unknown.page().text(".notice"));
    let mails = app.mails(2).await;
    let reset = link_in(&mails[1], "/reset/confirm?token=");
    app.outbox_drained().await;
    assert_eq!(app.mails(2).await.len(), 2, "no mail for the unknown address");

    let form = x.get(&reset).await.page();
    let token = form.attr("input[name=token]", "value");
    let weak = x.post("/reset/confirm", &[("token", &token), ("password", "short")]).await;
    assert_eq!(weak.status, 422, "a refused password does not spend the link");
    let done = x.post("/reset/confirm", &[("token", &token), ("password", "a brand new passphrase")]).await;
    assert_eq!((done.status, done.location()), (303, "/signin?n=password-changed"));
    assert_eq!(uma.get("/settings").await.status, 303, "every session ended with the reset");
    let again = x.post("/reset/confirm", &[("token", &token), ("password", "another new passphrase")]).await;
    assert_eq!(again.status, 422);
    assert!(again.page().text(".form-problems").contains("expired or was already used"));
    let old = x.post("/signin", &[("login", "uma_mails"), ("password", "a long test passphrase")]).await;
    assert_eq!(old.status, 401);
    let new = x.post("/signin", &[("login", "uma_mails"), ("password", "a brand new passphrase")]).await;
    assert_eq!(new.status, 303);
    // The owner is told the password changed.
    let mails = app.mails(3).await;
    assert!(mails[2].contains("To: uma_mails@example.org"));
    let hostile = x.get("/reset/confirm?token=%22%3E%3Cscript%3Ealert(1)%3C/script%3E").await.page();
    assert!(hostile.attr("input[name=token]", "value").chars().all(|c| c.is_ascii_hexdigit()));
    assert!(hostile.all("script:not([src]):not([type])").is_empty());
}

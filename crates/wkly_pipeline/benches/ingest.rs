//! End-to-end ingestion: a folder of generated feeds and article pages becomes stored,
//! clustered, enriched stories on a SQLite file.
//!
//! `cargo bench -p wkly_pipeline --bench ingest` prints the time for the whole run; the
//! articles-per-second figure is `ARTICLES / time`. The corpus: 20 outlets, each with one
//! RSS feed of 40 items, plus 200 article pages (1,000 articles), about 330 events each
//! reported by one to four outlets, so clustering has real work to do.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use wkly_pipeline::Pipeline;
use wkly_store::sources::NewSource;

const OUTLETS: usize = 20;
const FEED_ITEMS: usize = 40;
const PAGES: usize = 200;
/// Articles in the corpus: every feed item and every page.
pub const ARTICLES: usize = OUTLETS * FEED_ITEMS + PAGES;

/// A small deterministic generator, so every run ingests the same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const GIVEN: &[&str] =
    &["Ana", "Ravi", "Mei", "Tomasz", "Aisha", "Lars", "Keiko", "Diego", "Fatima", "Olu", "Ines", "Pavel", "Sara"];
const FAMILY: &[&str] = &[
    "Okafor",
    "Lindqvist",
    "Tanaka",
    "Moreau",
    "Haddad",
    "Novak",
    "Silva",
    "Brennan",
    "Kowalski",
    "Ferreira",
    "Chen",
    "Adeyemi",
    "Rossi",
    "Varga",
];
const ORG_STEM: &[&str] =
    &["Harbor", "Northwind", "Bluepeak", "Cobalt", "Fernhill", "Granite", "Lumen", "Meridian", "Oakridge", "Sable"];
const ORG_KIND: &[&str] = &["Bank", "Motors", "Airlines", "Group", "Holdings", "Energy", "Pharma", "Foods"];
const CITY: &[&str] = &["Lisbon", "Osaka", "Denver", "Nairobi", "Leeds", "Lyon", "Auckland", "Toronto", "Pune", "Lima"];
const TOPIC: &[(&str, &str)] = &[
    ("profit", "quarterly profit rose"),
    ("jobs", "plans to cut jobs"),
    ("strike", "workers walked out"),
    ("rates", "raised its lending rate"),
    ("recall", "recalled a product"),
    ("launch", "launched a new service"),
    ("storm", "a storm closed roads"),
    ("deal", "agreed to buy a rival"),
];
const FILLER: &[&str] = &[
    "Analysts had expected a smaller change.",
    "The decision follows months of talks.",
    "Customers will see the effect from January.",
    "Shares moved sharply in early trading.",
    "Officials said more details would follow next week.",
    "The figures were published on the company's website.",
    "Unions and managers are due to meet again.",
    "Regulators said they were watching closely.",
];

struct Event {
    person: String,
    org: String,
    city: &'static str,
    topic: &'static str,
    what: &'static str,
    amount: u64,
    pct: u64,
}

fn events(rng: &mut Rng, n: usize) -> Vec<Event> {
    (0..n)
        .map(|i| {
            let (topic, what) = TOPIC[i % TOPIC.len()];
            Event {
                person: format!("{} {}", rng.pick(GIVEN), rng.pick(FAMILY)),
                org: format!("{}{} {}", rng.pick(ORG_STEM), i, rng.pick(ORG_KIND)),
                city: rng.pick(CITY),
                topic,
                what,
                amount: 10 + rng.next() % 990,
                pct: 1 + rng.next() % 30,
            }
        })
        .collect()
}

/// One outlet's report of an event: shared names and numbers, its own wording and its own
/// extra figures (as two outlets' reports of one event are different articles).
fn report(rng: &mut Rng, e: &Event, outlet: usize) -> (String, String) {
    let title = format!("{} {} in {} ({})", e.org, e.what, e.city, outlet);
    let lead = match rng.next() % 3 {
        0 => format!(
            "{} — {} {} on Tuesday, a change worth ${} million, or {}% of its annual budget. ",
            e.city.to_uppercase(),
            e.org,
            e.what,
            e.amount,
            e.pct
        ),
        1 => format!(
            "{} (Outlet {outlet}) — A move worth ${} million at {}, which {} this week, equals {}% of its budget. ",
            e.city.to_uppercase(),
            e.amount,
            e.org,
            e.what,
            e.pct
        ),
        _ => format!(
            "{} {} in {}: the ${} million step amounts to {}% of what it spends in a year. ",
            e.org, e.what, e.city, e.amount, e.pct
        ),
    };
    let mut text = lead;
    let _ = write!(
        text,
        "Outlet {outlet} counted {} people at the site and {} calls to its newsroom by {}:{:02}. ",
        100 + rng.next() % 900,
        10 + rng.next() % 90,
        1 + rng.next() % 11,
        rng.next() % 60
    );
    let _ = write!(
        text,
        "\"We did not take this lightly,\" said {}, chief executive of {}. The {} news is the largest of its kind this year.\n\n",
        e.person, e.org, e.topic
    );
    for _ in 0..6 {
        text.push_str(rng.pick(FILLER));
        text.push(' ');
    }
    (title, text)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Writes the corpus into `dir`; returns the number of articles written.
pub fn write_corpus(dir: &Path) -> usize {
    let mut rng = Rng(0x5eed_cafe_f00d_1234);
    let events = events(&mut rng, ARTICLES / 3);
    let mut written = 0;
    for outlet in 0..OUTLETS {
        let mut feed = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Outlet {outlet}</title>\
             <link>https://outlet{outlet}.example/</link>"
        );
        for item in 0..FEED_ITEMS {
            let e = &events[(outlet * 7 + item * 3) % events.len()];
            let (title, text) = report(&mut rng, e, outlet);
            let _ = write!(
                feed,
                "<item><title>{}</title><link>https://outlet{outlet}.example/{item}</link>\
                 <pubDate>Tue, 17 Nov 2026 {:02}:{:02}:00 GMT</pubDate><description>{}</description></item>",
                escape(&title),
                item % 24,
                outlet % 60,
                escape(&text)
            );
            written += 1;
        }
        feed.push_str("</channel></rss>");
        std::fs::write(dir.join(format!("outlet{outlet}.xml")), feed).expect("write feed");
    }
    for page in 0..PAGES {
        let e = &events[(page * 5) % events.len()];
        let (title, text) = report(&mut rng, e, 100 + page);
        let paragraphs: String = text.split("\n\n").map(|p| format!("<p>{}</p>", escape(p))).collect();
        let html = format!(
            "<!doctype html><html lang=\"en\"><head><title>{t}</title>\
             <link rel=\"canonical\" href=\"https://pages.example/{page}\">\
             <meta property=\"article:published_time\" content=\"2026-11-17T10:00:00Z\"></head>\
             <body><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>\
             <article><h1>{t}</h1>{paragraphs}</article><footer>About us · Contact</footer></body></html>",
            t = escape(&title)
        );
        std::fs::write(dir.join(format!("page{page}.html")), html).expect("write page");
        written += 1;
    }
    written
}

fn ingest(c: &mut Criterion) {
    let corpus = tempfile::tempdir().expect("tmp");
    assert_eq!(write_corpus(corpus.path()), ARTICLES);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let mut group = c.benchmark_group("ingest");
    group.sample_size(10).measurement_time(Duration::from_secs(60)).warm_up_time(Duration::from_secs(1));
    group.bench_function(format!("{ARTICLES}_articles_to_stories_sqlite"), |b| {
        b.iter(|| {
            rt.block_on(async {
                let db = wkly_test_support::TestDb::sqlite().await;
                db.store
                    .add_source(&NewSource {
                        kind: "folder".into(),
                        url: format!("file://{}", corpus.path().display()),
                        name: "Generated".into(),
                        category: None,
                        review_policy: "auto".into(),
                        extra_headers: Vec::new(),
                    })
                    .await
                    .expect("source");
                let fetcher = wkly_fetch::Fetcher::new(wkly_fetch::FetchPolicy::default()).expect("fetcher");
                let p = Pipeline::new(db.store.clone(), fetcher, "bench");
                p.enqueue_due_sources().await.expect("enqueue");
                let summary = p.run_until_idle(100_000, |_| {}).await.expect("run");
                assert_eq!(summary.jobs_failed, 0, "{:?}", summary.failures);
                assert_eq!(summary.stats.articles_new, ARTICLES);
                if std::env::var_os("WKLY_BENCH_STAGES").is_some() {
                    for (kind, (n, time)) in &summary.time_by_kind {
                        eprintln!("{kind}: {n} jobs, {:.1} ms", time.as_secs_f64() * 1000.0);
                    }
                }
                summary
            })
        })
    });
    group.finish();
}

criterion_group!(benches, ingest);
criterion_main!(benches);

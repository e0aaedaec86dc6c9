//! wkly's pages over real HTTP on loopback, checked with an HTML parser, and in a real
//! headless Chromium (`browser`).

mod accounts;
mod browser;
mod comments;
mod hostile;
mod machine_made;
mod pages;

use scraper::{Html, Selector};

pub struct Page {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub html: Html,
    pub body: String,
}

pub fn client() -> reqwest::Client {
    // wkly_fetch turns on reqwest's provider-less rustls in the shared build; these tests
    // speak plain HTTP on loopback, but reqwest still wants a provider installed.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client")
}

pub async fn get(url: &str) -> Page {
    let res = client().get(url).send().await.expect("request");
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let body = res.text().await.expect("body");
    Page { status, headers, html: Html::parse_document(&body), body }
}

impl Page {
    pub fn all(&self, css: &str) -> Vec<scraper::ElementRef<'_>> {
        let sel = Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"));
        self.html.select(&sel).collect()
    }

    #[track_caller]
    pub fn one(&self, css: &str) -> scraper::ElementRef<'_> {
        let found = self.all(css);
        assert!(!found.is_empty(), "no element matches {css}");
        found[0]
    }

    pub fn text(&self, css: &str) -> String {
        text_of(self.one(css))
    }

    pub fn attr(&self, css: &str, name: &str) -> String {
        self.one(css).value().attr(name).unwrap_or_else(|| panic!("{css} has no {name}")).to_string()
    }

    pub fn texts(&self, css: &str) -> Vec<String> {
        self.all(css).into_iter().map(text_of).collect()
    }
}

pub fn text_of(e: scraper::ElementRef<'_>) -> String {
    e.text().collect::<Vec<_>>().join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The slug of a demo story that has comments, roadmaps, perspectives and a poll.
pub const DEMO_STORY: &str = "canada-lenders-cut-fixed-mortgage-rates-november";

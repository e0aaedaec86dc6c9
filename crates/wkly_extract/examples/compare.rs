//! Measures candidate article extractors against the gold texts in
//! `testdata/articles/` (the set wkly's rules were tuned on) and
//! `testdata/holdout/` (never tuned on): token F1 (bag of lowercased words)
//! per page and on average, and pages per second over each set
//! (`COMPARE_ITERATIONS` passes, default 10; one thread).
//!
//! Run in release, with the candidates switched on:
//!
//! ```text
//! cargo run --release --features compare --example compare            # the table
//! cargo run --release --features compare --example compare -- -v      # plus per-page F1
//! ```
//!
//! Each candidate is scored twice where it can be: on the plain text it
//! returns itself, and on its content HTML reduced to text nodes joined by
//! spaces. The second column removes differences in how each crate glues
//! text nodes together (a bag-of-words score punishes "end.Start"), so it
//! compares what each *selected*, not how it printed it.

#[path = "../tests/it/token_f1.rs"]
mod token_f1;

use std::path::{Path, PathBuf};
use std::time::Instant;

use token_f1::token_f1;

/// What one extractor made of one page.
struct Output {
    text: String,
    html: Option<String>,
}

type Run = fn(&str, &str) -> Result<Output, String>;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let verbose = std::env::args().any(|a| a == "-v");
    let iterations: usize = std::env::var("COMPARE_ITERATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(10);
    let testdata = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");

    let candidates: &[(&str, Run)] = &[
        ("wkly_extract (dom_smoothie + wkly rules)", run_wkly),
        ("rs-trafilatura 0.2.2", run_rs_trafilatura),
        ("rs-trafilatura 0.2.2, favor_precision", run_rs_trafilatura_precision),
        ("trafilatura 0.6.0", run_trafilatura),
        ("trafilatura 0.6.0, fallback on", run_trafilatura_fallback),
        ("dom_smoothie 0.19.0", run_dom_smoothie),
        ("dom_smoothie 0.19.0, formatted text", run_dom_smoothie_formatted),
        ("readability 0.3.0", run_readability),
        ("readable-readability 0.4.0", run_readable_readability),
        ("llm_readability 0.0.17", run_llm_readability),
    ];

    for (set, about) in [
        ("articles", "the 25 fixtures the wkly rules were tuned on"),
        ("holdout", "written after the rules were frozen; never tuned on"),
    ] {
        let pages = load_pages(&testdata.join(set))?;
        println!("\n### testdata/{set}/ ({about})\n");
        table(&pages, candidates, iterations, verbose);
    }
    Ok(())
}

fn table(pages: &[Page], candidates: &[(&str, Run)], iterations: usize, verbose: bool) {
    println!(
        "{} pages, {} gold words; speed over {iterations} passes\n",
        pages.len(),
        pages.iter().map(|p| token_f1::tokens(&p.gold).len()).sum::<usize>()
    );
    println!("| extractor | mean F1 (own text) | mean F1 (content HTML) | min F1 | P | R | failures | pages/s |");
    println!("|---|---|---|---|---|---|---|---|");
    for (name, run) in candidates {
        let mut f1_text = Vec::new();
        let mut f1_html = Vec::new();
        let (mut p_sum, mut r_sum) = (0.0, 0.0);
        let mut failures = 0;
        let mut per_page = Vec::new();
        for page in pages {
            match run(&page.html, &page.url) {
                Ok(out) => {
                    let s = token_f1(&out.text, &page.gold);
                    p_sum += s.precision;
                    r_sum += s.recall;
                    f1_text.push(s.f1);
                    if let Some(html) = &out.html {
                        f1_html.push(token_f1(&html_text_nodes(html), &page.gold).f1);
                    }
                    per_page.push((page.name.clone(), s));
                }
                Err(e) => {
                    failures += 1;
                    f1_text.push(0.0);
                    per_page.push((
                        format!("{} (error: {e})", page.name),
                        token_f1::Score { precision: 0.0, recall: 0.0, f1: 0.0 },
                    ));
                }
            }
        }
        let started = Instant::now();
        for _ in 0..iterations {
            for page in pages {
                let _ = std::hint::black_box(run(&page.html, &page.url));
            }
        }
        let secs = started.elapsed().as_secs_f64();
        let pps = (iterations * pages.len()) as f64 / secs;
        let n = pages.len() as f64;
        let html_col = if f1_html.len() == pages.len() { format!("{:.3}", mean(&f1_html)) } else { "–".to_string() };
        println!(
            "| {name} | {:.3} | {html_col} | {:.3} | {:.3} | {:.3} | {failures} | {pps:.0} |",
            mean(&f1_text),
            f1_text.iter().copied().fold(f64::INFINITY, f64::min),
            p_sum / n,
            r_sum / n,
        );
        if verbose {
            for (page, s) in per_page {
                eprintln!("    {name:<40} {page:<45} F1 {:.3}  P {:.3}  R {:.3}", s.f1, s.precision, s.recall);
            }
        }
    }
}

struct Page {
    name: String,
    url: String,
    html: String,
    gold: String,
}

fn load_pages(dir: &Path) -> Result<Vec<Page>, Box<dyn std::error::Error>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    paths.sort();
    let mut pages = Vec::new();
    for path in paths {
        let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        pages.push(Page {
            url: format!("https://{name}.example/article"),
            html: std::fs::read_to_string(&path)?,
            gold: std::fs::read_to_string(path.with_extension("txt"))?,
            name,
        });
    }
    Ok(pages)
}

fn mean(xs: &[f64]) -> f64 {
    if xs.is_empty() { 0.0 } else { xs.iter().sum::<f64>() / xs.len() as f64 }
}

/// Text nodes of an HTML fragment joined by spaces, scripts and styles left out.
fn html_text_nodes(html: &str) -> String {
    let fragment = dom_query::Document::fragment(html);
    fragment.select("script, style, noscript, template").remove();
    let mut out = String::new();
    for node in fragment.root().descendants_it() {
        if node.is_text() {
            out.push_str(&node.text());
            out.push(' ');
        }
    }
    out
}

fn run_wkly(html: &str, url: &str) -> Result<Output, String> {
    let a = wkly_extract::extract(html, Some(url)).map_err(|e| e.to_string())?;
    Ok(Output { text: a.text, html: None })
}

fn run_rs_trafilatura(html: &str, url: &str) -> Result<Output, String> {
    let options = rs_trafilatura::Options { url: Some(url.to_string()), ..rs_trafilatura::Options::default() };
    let r = rs_trafilatura::extract_with_options(html, &options).map_err(|e| e.to_string())?;
    Ok(Output { text: r.content_text, html: r.content_html })
}

fn run_rs_trafilatura_precision(html: &str, url: &str) -> Result<Output, String> {
    let options = rs_trafilatura::Options {
        url: Some(url.to_string()),
        favor_precision: true,
        ..rs_trafilatura::Options::default()
    };
    let r = rs_trafilatura::extract_with_options(html, &options).map_err(|e| e.to_string())?;
    Ok(Output { text: r.content_text, html: r.content_html })
}

fn trafilatura_options(url: &str) -> trafilatura::Options {
    let mut options = trafilatura::Options::default();
    if let Ok(u) = url::Url::parse(url) {
        options = options.with_url(u);
    }
    options
}

fn run_trafilatura(html: &str, url: &str) -> Result<Output, String> {
    let r = trafilatura::extract(html, &trafilatura_options(url)).map_err(|e| e.to_string())?;
    Ok(Output { text: r.content_text, html: Some(r.content_html) })
}

fn run_trafilatura_fallback(html: &str, url: &str) -> Result<Output, String> {
    let options = trafilatura_options(url).with_fallback(true);
    let r = trafilatura::extract(html, &options).map_err(|e| e.to_string())?;
    Ok(Output { text: r.content_text, html: Some(r.content_html) })
}

fn smoothie(html: &str, url: &str, mode: dom_smoothie::TextMode) -> Result<Output, String> {
    let cfg = dom_smoothie::Config { text_mode: mode, ..dom_smoothie::Config::default() };
    let mut r = dom_smoothie::Readability::new(html, Some(url), Some(cfg)).map_err(|e| e.to_string())?;
    let a = r.parse().map_err(|e| e.to_string())?;
    Ok(Output { text: a.text_content.to_string(), html: Some(a.content.to_string()) })
}

fn run_dom_smoothie(html: &str, url: &str) -> Result<Output, String> {
    smoothie(html, url, dom_smoothie::TextMode::Raw)
}

fn run_dom_smoothie_formatted(html: &str, url: &str) -> Result<Output, String> {
    smoothie(html, url, dom_smoothie::TextMode::Formatted)
}

fn run_readability(html: &str, url: &str) -> Result<Output, String> {
    let u = url::Url::parse(url).map_err(|e| e.to_string())?;
    let p = readability::extractor::extract(&mut html.as_bytes(), &u).map_err(|e| e.to_string())?;
    Ok(Output { text: p.text, html: Some(p.content) })
}

fn run_readable_readability(html: &str, url: &str) -> Result<Output, String> {
    let u = url::Url::parse(url).map_err(|e| e.to_string())?;
    let (node, _meta) = readable_readability::Readability::new().base_url(u).parse(html);
    Ok(Output { text: node.text_contents(), html: Some(node.to_string()) })
}

fn run_llm_readability(html: &str, url: &str) -> Result<Output, String> {
    let u = url::Url::parse(url).map_err(|e| e.to_string())?;
    let p = llm_readability::extractor::extract(&mut html.as_bytes(), &u).map_err(|e| e.to_string())?;
    Ok(Output { text: p.text, html: Some(p.content) })
}

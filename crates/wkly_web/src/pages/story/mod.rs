//! The story page, its deep dive, its related-roadmaps fragment and the Mastodon share hop;
//! voting and reacting in their own files.

pub(crate) mod comments;
mod react;
mod vote;

pub(crate) use comments::post as comment;
pub(crate) use react::react;
pub(crate) use vote::vote;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;
use wkly_app::community::{self, ReaderMarks};
use wkly_app::pages::{self, DeepDivePage, PollView, ReactionView, RoadmapCardView, StoryPage};
use wkly_core::Reaction;

use super::{cache_key, cached_page, render};
use crate::error::WebError;
use crate::forms::sign_in_href;
use crate::layout::{Layout, When, script_safe_json, shorten};
use crate::session::Visitor;
use crate::share::{ShareLinks, mastodon_share_url};
use crate::state::AppState;

#[derive(askama::Template)]
#[template(path = "story.html")]
struct StoryTemplate {
    layout: Layout,
    s: StoryPage,
    crumb: String,
    share: ShareLinks,
    /// The goals whose advice is "general guidance, not personal advice".
    needs_disclaimer: bool,
    poll_html: String,
    reactions_html: String,
    comments_html: String,
}

/// The poll block: a form before the reader votes, bars after (or once it closed).
#[derive(askama::Template)]
#[template(path = "story_poll.html")]
pub(crate) struct PollSection {
    pub slug: String,
    pub poll: Option<PollView>,
    /// The option id this reader chose.
    pub mine: Option<String>,
    pub signed_in: bool,
    pub reader_name: String,
    pub csrf: String,
    pub sign_in_href: String,
    pub notice: Option<&'static str>,
}

/// The reaction buttons with their counts.
#[derive(askama::Template)]
#[template(path = "story_reactions.html")]
pub(crate) struct ReactionsSection {
    pub slug: String,
    pub reactions: Vec<ReactionView>,
    pub mine: Option<Reaction>,
    pub signed_in: bool,
    pub csrf: String,
    pub sign_in_href: String,
    pub notice: Option<&'static str>,
}

impl PollSection {
    pub(crate) fn new(slug: &str, poll: Option<PollView>, mine: Option<String>, visitor: &Visitor) -> Self {
        PollSection {
            slug: slug.to_string(),
            poll,
            mine,
            signed_in: visitor.reader.is_some(),
            reader_name: visitor.reader.as_ref().map(|r| r.name.clone()).unwrap_or_default(),
            csrf: visitor.reader.as_ref().map(|r| r.csrf_token.clone()).unwrap_or_default(),
            sign_in_href: sign_in_href(&format!("/s/{slug}#poll")),
            notice: None,
        }
    }
}

impl ReactionsSection {
    pub(crate) fn new(slug: &str, reactions: Vec<ReactionView>, mine: Option<Reaction>, visitor: &Visitor) -> Self {
        ReactionsSection {
            slug: slug.to_string(),
            reactions,
            mine,
            signed_in: visitor.reader.is_some(),
            csrf: visitor.reader.as_ref().map(|r| r.csrf_token.clone()).unwrap_or_default(),
            sign_in_href: sign_in_href(&format!("/s/{slug}#reactions")),
            notice: None,
        }
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct ShowQuery {
    /// A notice code set by the vote and reaction forms' redirect.
    n: Option<String>,
}

pub(crate) async fn show(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<ShowQuery>,
    uri: Uri,
    headers: HeaderMap,
    visitor: Visitor,
) -> Result<Response, WebError> {
    let notice = q.n.as_deref().and_then(notice_text);
    cached_page(&state, cache_key(&uri), &headers, &visitor, render_show(&state, &slug, &visitor, notice)).await
}

/// The fixed messages a redirect back to the story may ask for; anything else is ignored,
/// so a link cannot put words on the page.
fn notice_text(code: &str) -> Option<(&'static str, &'static str)> {
    Some(match code {
        "voted" => ("poll", "Thanks, your vote is counted."),
        "already-voted" => ("poll", "You have already voted in this poll; your first vote stands."),
        "poll-closed" => ("poll", "This poll has closed, so no more votes are counted."),
        "choose" => ("poll", "Choose one of the answers, then press Vote."),
        "reacted" => ("reactions", "Your reaction is saved."),
        "unreacted" => ("reactions", "Your reaction is removed."),
        _ => return None,
    })
}

pub(crate) async fn render_show(
    state: &AppState,
    slug: &str,
    visitor: &Visitor,
    notice: Option<(&'static str, &'static str)>,
) -> Result<Option<String>, WebError> {
    let Some(mut s) = pages::story_page(&state.store, &state.taxonomy, &state.recent, slug).await? else {
        return Ok(None);
    };
    if let Some(reader) = &visitor.reader {
        // A reader's own goals come first among the points; each keeps its number, so
        // its link to the evidence below still matches.
        let goals =
            state.store.list_user_goals(&reader.user_id).await.map_err(|e| WebError::Internal(e.to_string()))?;
        s.impacts.sort_by_key(|i| !goals.contains(&i.goal.key));
    }
    let marks = match visitor.voter() {
        Some(voter) => community::reader_marks(&state.store, &s.id, &voter).await?,
        None => ReaderMarks::default(),
    };
    let mut poll = PollSection::new(&s.slug, s.poll.clone(), marks.vote, visitor);
    let mut reactions = ReactionsSection::new(&s.slug, s.reactions.clone(), marks.reaction, visitor);
    match notice {
        Some(("poll", text)) => poll.notice = Some(text),
        Some((_, text)) => reactions.notice = Some(text),
        None => {}
    }
    let path = format!("/s/{}", s.slug);
    let mut layout = Layout::for_visitor(state, visitor, &path, &s.title, &s.teaser);
    layout.og_type = "article";
    layout.published = Some(s.published_at.iso());
    layout.section = Some(s.category.name.clone());
    layout.json_ld = Some(news_article_json(state, &layout.canonical, &s));
    let share = ShareLinks::new(&s.title, &state.site.handle, &layout.canonical);
    let needs_disclaimer = s.impacts.iter().any(|i| matches!(i.goal.key.as_str(), "money" | "health"));
    let t = StoryTemplate {
        crumb: shorten(&s.title, 32),
        layout,
        share,
        needs_disclaimer,
        poll_html: render(&poll)?,
        reactions_html: render(&reactions)?,
        comments_html: render(&comments::CommentsSection::new(&s.slug, s.comments.clone(), s.comment_count, visitor))?,
        s,
    };
    render(&t).map(Some)
}

fn news_article_json(state: &AppState, url: &str, s: &StoryPage) -> String {
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": s.title,
        "description": s.teaser,
        "abstract": s.summary,
        "datePublished": s.published_at.iso(),
        "dateModified": s.updated_at.iso(),
        "articleSection": s.category.name,
        "mainEntityOfPage": url,
        "url": url,
        "inLanguage": "en",
        "author": { "@type": "Organization", "name": state.site.name },
        "publisher": { "@type": "Organization", "name": state.site.name },
        "isBasedOn": s.coverage.iter().map(|c| c.url.clone()).collect::<Vec<_>>(),
    });
    if !s.location.is_empty() {
        v["contentLocation"] = json!({ "@type": "Place", "name": s.location });
    }
    script_safe_json(&v)
}

#[derive(askama::Template)]
#[template(path = "deep_dive.html")]
struct DeepDiveTemplate {
    layout: Layout,
    d: DeepDivePage,
    crumb: String,
}

pub(crate) async fn deep_dive(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    visitor: Visitor,
) -> Result<Response, WebError> {
    cached_page(&state, cache_key(&uri), &headers, &visitor, async {
        let Some(d) = pages::deep_dive_page(&state.store, &state.taxonomy, &slug).await? else {
            return Ok(None);
        };
        let path = format!("/s/{}/deep-dive", d.slug);
        let title = format!("Deep dive: {}", d.title);
        let mut layout = Layout::for_visitor(&state, &visitor, &path, &title, &d.teaser);
        layout.og_type = "article";
        layout.section = Some(d.category.name.clone());
        let t = DeepDiveTemplate { crumb: shorten(&d.title, 32), layout, d };
        render(&t).map(Some)
    })
    .await
}

#[derive(Debug, Deserialize)]
pub(crate) struct FragmentQuery {
    fragment: Option<String>,
}

#[derive(askama::Template)]
#[template(path = "roadmaps_fragment.html")]
struct RoadmapsFragment {
    roadmaps: Vec<RoadmapCardView>,
}

#[derive(askama::Template)]
#[template(path = "story_roadmaps.html")]
struct StoryRoadmapsTemplate {
    layout: Layout,
    slug: String,
    title: String,
    fragment: String,
}

/// The related roadmaps: a bare fragment for the story page's script (`?fragment=1`),
/// or a whole page for readers without JavaScript.
pub(crate) async fn roadmaps(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<FragmentQuery>,
    uri: Uri,
    headers: HeaderMap,
    visitor: Visitor,
) -> Result<Response, WebError> {
    let bare = q.fragment.is_some();
    // The fragment is the same for everyone: cache it even for signed-in readers.
    let cache_as = if bare { Visitor::stranger(visitor.ip) } else { visitor.clone() };
    cached_page(&state, cache_key(&uri), &headers, &cache_as, async {
        let Some((title, roadmaps)) = pages::story_roadmaps(&state.store, &state.taxonomy, &slug).await? else {
            return Ok(None);
        };
        let fragment = render(&RoadmapsFragment { roadmaps })?;
        if bare {
            return Ok(Some(fragment));
        }
        let path = format!("/s/{slug}/roadmaps");
        let layout = Layout::for_visitor(
            &state,
            &visitor,
            &path,
            &format!("Roadmaps for: {title}"),
            "Step-by-step guides related to this story.",
        );
        render(&StoryRoadmapsTemplate { layout, slug, title, fragment }).map(Some)
    })
    .await
}

#[derive(Debug, Deserialize)]
pub(crate) struct MastodonQuery {
    server: Option<String>,
}

/// Mastodon has no single share address: the reader names their server and we send them
/// to its share page with the post prefilled.
pub(crate) async fn share_mastodon(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<MastodonQuery>,
) -> Result<Response, WebError> {
    let Some(story) = state.store.find_published_story(&slug).await.map_err(|e| WebError::Internal(e.to_string()))?
    else {
        return Err(WebError::NotFound);
    };
    let url = format!("{}/s/{}", state.base_url, story.slug);
    let text = format!("{} - via @{}", story.title, state.site.handle);
    match q.server.as_deref().and_then(|server| mastodon_share_url(server, &text, &url)) {
        Some(target) => Ok(Redirect::to(&target).into_response()),
        None => Err(WebError::BadRequest(
            "That doesn't look like a Mastodon server name. Enter just the server, such as mastodon.social, then try again.",
        )),
    }
}

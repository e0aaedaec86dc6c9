//! The one error type of this crate.

/// Why [`crate::extract`] returned no [`crate::Article`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    /// The HTML is larger than this crate will parse.
    #[error("the page is {actual} bytes, over the {limit}-byte limit")]
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
        /// The size of the page that was refused, in bytes.
        actual: usize,
    },
    /// The page has more elements than this crate will score: no article
    /// page comes near the limit, and scoring time grows with the count.
    #[error("the page has {actual} elements, over the {limit}-element limit")]
    TooManyElements {
        /// The limit, in elements.
        limit: usize,
        /// The number of elements on the refused page.
        actual: usize,
    },
    /// The page has no main text of at least [`crate::MIN_ARTICLE_WORDS`] words:
    /// an index page, a video page, an empty shell filled in by JavaScript.
    #[error("no article text of at least {min_words} words found")]
    NoArticle {
        /// The threshold that was not reached.
        min_words: usize,
    },
    /// `page_url` was given but is not an absolute `http` or `https` URL.
    #[error("the page URL {url:?} is not an absolute http(s) URL")]
    InvalidPageUrl {
        /// The URL as given.
        url: String,
    },
}

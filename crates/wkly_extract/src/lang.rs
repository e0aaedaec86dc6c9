//! The language of an article: what the page declares, else what its text
//! looks like.
//!
//! A declared `<html lang>` is returned as written (a BCP 47 tag such as
//! `en-GB`; `_` becomes `-`). Only without one is the text identified with
//! whatlang, and only when the text has at least [`MIN_WORDS`] words and
//! whatlang calls its answer reliable; the answer is then the two-letter
//! ISO 639-1 code (`es`), or the three-letter code for languages without
//! one. Identification reads at most the first [`SAMPLE_CHARS`] characters.

use dom_query::Document;

/// Below this many words whatlang guesses too often to be worth asking.
pub(crate) const MIN_WORDS: usize = 20;

/// Enough text to identify a language; more only costs time.
const SAMPLE_CHARS: usize = 4000;

/// The language declared on the `<html>` element, if it is plausible.
pub(crate) fn declared(doc: &Document) -> Option<String> {
    let html = doc.select("html");
    let tag = html.attr("lang").or_else(|| html.attr("xml:lang"))?;
    let tag = tag.trim().replace('_', "-");
    let plausible = !tag.is_empty()
        && tag.len() <= 35
        && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && tag.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    plausible.then_some(tag)
}

/// The language of `text`, when whatlang is confident about it.
pub(crate) fn detected(text: &str) -> Option<String> {
    if text.split_whitespace().take(MIN_WORDS).count() < MIN_WORDS {
        return None;
    }
    let sample: String = text.chars().take(SAMPLE_CHARS).collect();
    let info = whatlang::detect(&sample)?;
    info.is_reliable().then(|| iso_639_1(info.lang()).to_string())
}

/// The ISO 639-1 code of a whatlang language, or its ISO 639-3 code when
/// 639-1 has none.
fn iso_639_1(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match lang {
        Epo => "eo",
        Eng => "en",
        Rus => "ru",
        Cmn => "zh",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Ben => "bn",
        Fra => "fr",
        Deu => "de",
        Ukr => "uk",
        Kat => "ka",
        Ara => "ar",
        Hin => "hi",
        Jpn => "ja",
        Heb => "he",
        Yid => "yi",
        Pol => "pl",
        Amh => "am",
        Jav => "jv",
        Kor => "ko",
        Nob => "nb",
        Dan => "da",
        Swe => "sv",
        Fin => "fi",
        Tur => "tr",
        Nld => "nl",
        Hun => "hu",
        Ces => "cs",
        Ell => "el",
        Bul => "bg",
        Bel => "be",
        Mar => "mr",
        Kan => "kn",
        Ron => "ro",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Mkd => "mk",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Tam => "ta",
        Vie => "vi",
        Urd => "ur",
        Tha => "th",
        Guj => "gu",
        Uzb => "uz",
        Pan => "pa",
        Aze => "az",
        Ind => "id",
        Tel => "te",
        Pes => "fa",
        Mal => "ml",
        Ori => "or",
        Mya => "my",
        Nep => "ne",
        Sin => "si",
        Khm => "km",
        Tuk => "tk",
        Aka => "ak",
        Zul => "zu",
        Sna => "sn",
        Afr => "af",
        Lat => "la",
        Slk => "sk",
        Cat => "ca",
        Tgl => "tl",
        Hye => "hy",
        Cym => "cy",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_whatlang_language_has_a_two_letter_code() {
        for lang in whatlang::Lang::all() {
            assert_eq!(iso_639_1(*lang).len(), 2, "{lang:?}");
        }
    }

    #[test]
    fn text_is_identified_only_from_twenty_words_and_when_reliable() {
        let spanish = "El ayuntamiento aprobó el lunes un plan para renovar el mercado central, \
            que lleva cerrado desde el invierno pasado por problemas en la cubierta.";
        assert_eq!(detected(spanish).as_deref(), Some("es"));
        assert_eq!(detected("El ayuntamiento aprobó el lunes un plan para renovar el mercado."), None);
        assert_eq!(detected(&"ok 12 ".repeat(30)), None);
    }

    #[test]
    fn a_declared_language_is_kept_as_written() {
        let doc = Document::from(r#"<html lang=" en_GB "><body></body></html>"#);
        assert_eq!(declared(&doc).as_deref(), Some("en-GB"));
        let doc = Document::from(r#"<html lang="{{ lang }}"><body></body></html>"#);
        assert_eq!(declared(&doc), None);
    }
}

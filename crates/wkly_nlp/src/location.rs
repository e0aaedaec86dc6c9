//! The place a story is about.
//!
//! Signals, strongest first: a dateline at the start of the text ("TOKYO —", "NAIROBI,
//! Kenya (Agency) –", "SPRINGFIELD, Ill. —", "LONDON:"), unless the headline points to
//! another country and the first sentence says the event happens in a city there; then places
//! named in the headline and the first sentences, weighted by position, plus how often the
//! whole text names them
//! (from the entities); then nationality words ("Japanese exporters") and organisations that
//! stand for a country ("the Kremlin", "Bank of Japan"). Namesakes are told apart by the
//! region or country written after them ("Paris, Texas") or mentioned elsewhere in the text,
//! else by population.
//!
//! The answer is a city (with its country, and its region when the city's name is
//! ambiguous: "Springfield, Illinois, United States", but "Houston, United States") when a
//! dateline or the lead names one, a region ("Texas, United States") when the story is about
//! a state or province, else a country. Deliberately not done: places that are not in the
//! gazetteer (small towns outside a dateline, rivers, regions like "the Middle East"),
//! several places for one story, and geocoding.

use wkly_core::enrich::{Document, Entity, EntityKind, Place};

use crate::entities::{Mention, MentionKind, Mode, Scanner, context_of, headline, headline_mode, resolve_mention};
use crate::gazetteer::{FxMap, NameEntry, PlaceId, gazetteer, normalize, normalize_into};
use crate::text::{self, TokenKind};

/// How much a mention in the lead counts by where it starts (byte offset below the bound):
/// about the first sentence, the second, the third. The headline counts
/// `HEADLINE_WEIGHT`. Offsets rather than sentences, so the lead is scanned in one go.
const LEAD_WEIGHTS: [(usize, f32); 3] = [(250, 2.0), (500, 1.0), (800, 0.6)];
const HEADLINE_WEIGHT: f32 = 4.0;
/// The first place the text names is usually its subject ("Chile's copper output fell ...").
const FIRST_PLACE_BONUS: f32 = 1.0;
/// Mentions this heavy were named in the headline or the first sentence.
const FIRST_SENTENCE_WEIGHT: f32 = 2.0;
/// Each mention anywhere in the text (from the entities), up to `BODY_CAP` of them.
const BODY_WEIGHT: f32 = 0.3;
const BODY_CAP: u32 = 5;
const DEMONYM_FACTOR: f32 = 0.6;
const HINT_FACTOR: f32 = 0.5;
const MODIFIER_FACTOR: f32 = 0.6;
/// The share of its country's (region's) weight a region (city) needs to be the answer.
const HALF: f32 = 0.5;
/// Below this a story has no clear place.
const MIN_SCORE: f32 = 0.8;

/// The countries, regions and cities a document mentions, with weights: used to pick among
/// namesakes.
#[derive(Debug, Default, Clone)]
pub(crate) struct PlaceContext {
    countries: FxMap<u16, f32>,
    regions: FxMap<u16, f32>,
}

impl PlaceContext {
    pub(crate) fn add(&mut self, id: PlaceId, weight: f32) {
        let g = gazetteer();
        *self.countries.entry(g.country_of(id)).or_default() += weight;
        if let Some(r) = g.region_of(id) {
            *self.regions.entry(r).or_default() += weight;
        }
    }

    fn merge(&mut self, other: &PlaceContext) {
        for (&c, &w) in &other.countries {
            *self.countries.entry(c).or_default() += w;
        }
        for (&r, &w) in &other.regions {
            *self.regions.entry(r).or_default() += w;
        }
    }

    /// Whether the document names the country or region of this place.
    pub(crate) fn mentions_country_of(&self, id: PlaceId) -> bool {
        let g = gazetteer();
        self.country(g.country_of(id)) > 0.0 || g.region_of(id).is_some_and(|r| self.region(r) > 0.0)
    }

    fn country(&self, c: u16) -> f32 {
        self.countries.get(&c).copied().unwrap_or(0.0)
    }

    fn region(&self, r: u16) -> f32 {
        self.regions.get(&r).copied().unwrap_or(0.0)
    }
}

/// Picks the candidate a mention means: the one inside the written qualifier, else the one
/// whose country or region the document mentions, else the most populous (countries get a
/// small edge over namesake regions: "Georgia" alone is the country).
pub(crate) fn resolve(
    entries: &[NameEntry],
    qualifier: Option<PlaceId>,
    state: bool,
    ctx: &PlaceContext,
) -> Option<PlaceId> {
    let g = gazetteer();
    let candidates = || {
        entries.iter().filter_map(|e| match e {
            NameEntry::Place(id) => Some(*id),
            NameEntry::Demonym(_) => None,
        })
    };
    if let Some(q) = qualifier {
        let inside = candidates().filter(|&c| c != q && g.within(c, q));
        if let Some(best) = inside.max_by_key(|&c| g.population(c)) {
            return Some(best);
        }
    }
    if state && let Some(region) = candidates().find(|c| matches!(c, PlaceId::Region(_))) {
        return Some(region);
    }
    // A city and a region of one country with one name ("Washington", "New York"): the city.
    let keep = |c: PlaceId| match c {
        PlaceId::Region(r) => !candidates().any(|o| {
            matches!(o, PlaceId::City(_)) && g.country_of(o) == g.regions[r as usize].country && g.name(o) == g.name(c)
        }),
        _ => true,
    };
    let score = |c: PlaceId| {
        let population = g.population(c).max(1000) as f32;
        let mut s = population.ln();
        if matches!(c, PlaceId::Country(_)) {
            s += 1.0;
        }
        s += 3.0 * ctx.country(g.country_of(c)).min(2.0);
        if let Some(r) = g.region_of(c) {
            s += 4.0 * ctx.region(r).min(2.0);
        }
        s
    };
    candidates().filter(|&c| keep(c)).max_by(|&a, &b| score(a).total_cmp(&score(b)).then(b.cmp(&a)))
}

/// The place the story is about, if the text says.
pub fn location(doc: &Document<'_>, entities: &[Entity]) -> Option<Place> {
    let g = gazetteer();
    let body: Vec<(PlaceId, u32)> = entities
        .iter()
        .filter(|e| e.kind == EntityKind::Place)
        .filter_map(|e| g.from_key(&e.key).map(|id| (id, e.count)))
        .collect();
    let mut ctx = PlaceContext::default();
    for &(id, count) in &body {
        ctx.add(id, count.min(3) as f32);
    }

    // A dateline settles it (namesakes resolved with what the whole text mentions), unless
    // the wire filed from one country a story that happened in another.
    if let Some(place) = dateline(doc.text, &ctx) {
        let home = g.country_by_code(&place.country_code);
        return Some(event_elsewhere(doc, &ctx, home).unwrap_or(place));
    }

    // The lead: headline and first sentences, each mention with its weight.
    let mut scanner = Scanner::new();
    scanner.places_only = true;
    let title = headline(doc.title);
    scanner.scan(title, headline_mode(title));
    let in_title = scanner.mentions.len();
    let lead_end = LEAD_WEIGHTS[LEAD_WEIGHTS.len() - 1].0;
    let mut cut = doc.text.len().min(lead_end);
    // End the lead at white space so no word is cut in two.
    while cut < doc.text.len() && !doc.text[cut..].starts_with(char::is_whitespace) {
        cut += doc.text[cut..].chars().next().map_or(1, char::len_utf8);
    }
    scanner.scan(&doc.text[..cut], Mode::Prose);
    let lead: Vec<(Mention, f32)> = scanner
        .mentions
        .into_iter()
        .enumerate()
        .map(|(n, m)| {
            let weight = if n < in_title {
                HEADLINE_WEIGHT
            } else {
                LEAD_WEIGHTS
                    .iter()
                    .find(|(bound, _)| m.start < *bound)
                    .map_or(LEAD_WEIGHTS[LEAD_WEIGHTS.len() - 1].1, |(_, w)| *w)
            };
            (m, weight)
        })
        .collect();
    if body.is_empty() {
        ctx.merge(&context_of(lead.iter().map(|(m, _)| m)));
    }

    let mut country_score: FxMap<u16, f32> = FxMap::default();
    let mut place_score: FxMap<PlaceId, f32> = FxMap::default();
    let mut first_seen: FxMap<u16, usize> = FxMap::default();
    let mut named_in_lead: Vec<PlaceId> = Vec::new();
    let mut first_in_text = true;
    for (order, (m, weight)) in lead.iter().enumerate() {
        let (country, amount) = match &m.kind {
            MentionKind::Place(p) => {
                let Some(id) = resolve_mention(p, &ctx) else { continue };
                let mut w = if p.modifier { weight * MODIFIER_FACTOR } else { *weight };
                if first_in_text && *weight < HEADLINE_WEIGHT && !p.modifier {
                    first_in_text = false;
                    w += FIRST_PLACE_BONUS;
                }
                if !p.metonymy {
                    *place_score.entry(id).or_default() += w;
                    if let Some(r) = g.region_of(id).filter(|_| matches!(id, PlaceId::City(_))) {
                        *place_score.entry(PlaceId::Region(r)).or_default() += w;
                    }
                    if *weight >= FIRST_SENTENCE_WEIGHT && !p.modifier {
                        named_in_lead.push(id);
                    }
                }
                (g.country_of(id), w)
            }
            MentionKind::Demonym(c) => (*c, weight * DEMONYM_FACTOR),
            MentionKind::Hint(c) => (*c, weight * HINT_FACTOR),
            _ => continue,
        };
        *country_score.entry(country).or_default() += amount;
        first_seen.entry(country).or_insert(order);
    }
    for &(id, count) in &body {
        let w = BODY_WEIGHT * count.min(BODY_CAP) as f32;
        *country_score.entry(g.country_of(id)).or_default() += w;
        *place_score.entry(id).or_default() += w;
        first_seen.entry(g.country_of(id)).or_insert(usize::MAX);
    }

    let (&country, &score) = country_score.iter().max_by(|a, b| {
        a.1.total_cmp(b.1).then_with(|| first_seen.get(b.0).cmp(&first_seen.get(a.0))).then_with(|| b.0.cmp(a.0))
    })?;
    if score < MIN_SCORE {
        return None;
    }
    // Narrow down while a part carries at least half of the whole: the region within the
    // country, then the city within that; each must be named in the headline or first
    // sentence ("Houston power outages drag on" → Houston; a lead naming Texas and a town
    // in passing → Texas).
    let best_within = |outer: PlaceId, outer_score: f32, want_city: bool| {
        place_score
            .iter()
            .filter(|(id, _)| **id != outer && g.within(**id, outer))
            .filter(|(id, _)| if want_city { matches!(id, PlaceId::City(_)) } else { matches!(id, PlaceId::Region(_)) })
            .filter(|(id, s)| **s >= HALF * outer_score && named_in_lead.contains(id))
            .max_by(|a, b| a.1.total_cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(id, s)| (*id, *s))
    };
    let whole = PlaceId::Country(country);
    let id = match best_within(whole, score, false) {
        Some((region, region_score)) => best_within(region, region_score, true).map_or(region, |(city, _)| city),
        None => best_within(whole, score, true).map_or(whole, |(city, _)| city),
    };
    Some(g.place(id))
}

/// The city of a story's event when its dateline is only where the report was filed
/// ("STUTTGART — Kranfeld will close its factory in Łódź, Poland" under "Kranfeld to shut
/// Polish plant"): the headline points to a country other than the dateline's, by name or
/// nationality word, and never to the dateline's own, and the first sentence says something
/// happens in, at or near a city of that country. A headline about the dateline's country, one naming a foreign market
/// ("as Chinese shoppers pull back") without a city of it in the lead, or no place at all
/// keeps the dateline.
fn event_elsewhere(doc: &Document<'_>, ctx: &PlaceContext, home: Option<u16>) -> Option<Place> {
    let g = gazetteer();
    let mut scanner = Scanner::new();
    scanner.places_only = true;
    let title = headline(doc.title);
    scanner.scan(title, headline_mode(title));
    let countries: Vec<u16> = scanner
        .mentions
        .iter()
        .filter_map(|m| match &m.kind {
            MentionKind::Place(p) => resolve_mention(p, ctx).map(|id| g.country_of(id)),
            MentionKind::Demonym(c) | MentionKind::Hint(c) => Some(*c),
            _ => None,
        })
        .collect();
    if countries.is_empty() || countries.iter().any(|&c| Some(c) == home) {
        return None;
    }
    let paragraph = doc.text.trim_start().lines().next()?;
    let first = text::sentences(paragraph).into_iter().next()?;
    let mut scanner = Scanner::new();
    scanner.places_only = true;
    scanner.scan(first.text, Mode::Prose);
    // Where something happens is said with "in", "at" or "near", not "for a Houston operator".
    let located = |start: usize| {
        let before = first.text[..start].trim_end().rsplit(char::is_whitespace).next().unwrap_or("");
        matches!(before.to_lowercase().as_str(), "in" | "at" | "near" | "outside")
    };
    let city = scanner.mentions.iter().find_map(|m| match &m.kind {
        MentionKind::Place(p) if !p.metonymy && !p.modifier && located(m.start) => resolve_mention(p, ctx)
            .filter(|&id| matches!(id, PlaceId::City(_)) && countries.contains(&g.country_of(id))),
        _ => None,
    })?;
    Some(g.place(city))
}

/// Words of a dateline's place part, its qualifier (", Texas"), and whether the place was
/// written in capitals.
struct DatelineParts {
    place: Vec<String>,
    qualifier: Option<String>,
    upper: bool,
}

/// The place of a dateline at the start of the text: "TOKYO —", "TOKYO (Reuters) -",
/// "Tokyo, Nov. 4 (Agency) –", "NAIROBI, Kenya —", "PARIS, Texas —", "SPRINGFIELD, Ill. —",
/// "LONDON:".
pub(crate) fn dateline(text: &str, ctx: &PlaceContext) -> Option<Place> {
    let parts = dateline_parts(text)?;
    let g = gazetteer();
    let key = normalize(&parts.place.join(" "));
    let entries = g.lookup(&key);
    let candidates: Vec<PlaceId> = entries
        .iter()
        .filter_map(|e| match e {
            NameEntry::Place(id) => Some(*id),
            NameEntry::Demonym(_) => None,
        })
        .collect();
    let qualifier = parts.qualifier.as_deref().and_then(|q| {
        let options = g.qualifier(&normalize(q));
        // The option that contains a candidate, else the first (an unknown town in a known state).
        options
            .iter()
            .copied()
            .find(|&o| candidates.iter().any(|&c| c != o && g.within(c, o)))
            .or(options.first().copied())
    });
    if let Some(q) = qualifier {
        if let Some(id) = resolve(entries, Some(q), false, ctx).filter(|&id| id != q && g.within(id, q)) {
            return Some(g.place(id));
        }
        if matches!(q, PlaceId::Country(_) | PlaceId::Region(_)) && !parts.place.is_empty() {
            // A town the gazetteer does not list, in a region or country it does.
            let mut place = g.place(q);
            place.city = Some(title_case(&parts.place.join(" ")));
            return Some(place);
        }
    }
    if candidates.is_empty() {
        return None;
    }
    // Without a qualifier a dateline names a well-known place: the most populous namesake,
    // unless the text is clearly elsewhere.
    let id = resolve(entries, None, false, ctx)?;
    let _ = parts.upper;
    Some(g.place(id))
}

fn dateline_parts(text: &str) -> Option<DatelineParts> {
    let mut lines = text.trim_start().lines().map(str::trim).filter(|l| !l.is_empty());
    let mut line = lines.next()?;
    // A byline before the dateline.
    if (line.starts_with("By ") || line.starts_with("BY ")) && line.len() < 80 {
        line = lines.next()?;
    }
    let mut end = line.len().min(160);
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    let tokens = text::tokens(&line[..end]);
    let mut place = Vec::new();
    let mut i = 0;
    let mut upper = true;
    while i < tokens.len() && place.len() < 5 {
        let t = tokens[i];
        match t.kind {
            TokenKind::Word if t.is_capitalized() => {
                upper &= !t.text.chars().any(char::is_lowercase);
                place.push(t.text.to_string());
            }
            TokenKind::Word
                if !place.is_empty() && matches!(t.text, "de" | "do" | "da" | "del" | "of" | "la" | "el") =>
            {
                place.push(t.text.to_string());
            }
            TokenKind::Symbol if t.text == "." && !place.is_empty() => {
                if let Some(last) = place.last_mut() {
                    last.push('.');
                }
            }
            _ => break,
        }
        i += 1;
    }
    if place.is_empty() {
        return None;
    }
    let mut qualifier = None;
    let mut steps = 0;
    // "NEW YORK/LONDON (Reuters) -": the first city is the dateline.
    if tokens.get(i).is_some_and(|t| t.text == "/") {
        while i < tokens.len() && !matches!(tokens[i].text, "," | "(" | "—" | "–" | "-" | ":" | "―") {
            i += 1;
            steps += 1;
            if steps > 6 {
                return None;
            }
        }
        steps = 0;
    }
    while i < tokens.len() && steps < 4 {
        steps += 1;
        let t = tokens[i];
        match t.text {
            "—" | "–" | "-" | ":" | "―" => {
                return Some(DatelineParts { place, qualifier, upper });
            }
            "(" => {
                let close = tokens[i..].iter().take(10).position(|t| t.text == ")")?;
                i += close + 1;
            }
            "," => {
                i += 1;
                let start = i;
                while i < tokens.len() && !matches!(tokens[i].text, "," | "(" | "—" | "–" | "-" | ":" | "―") {
                    i += 1;
                    if i - start > 6 {
                        return None;
                    }
                }
                let part: Vec<&str> = tokens[start..i].iter().map(|t| t.text).collect();
                let is_date = part.iter().any(|w| w.chars().all(|c| c.is_ascii_digit()))
                    || part.first().is_some_and(|w| is_month_word(w));
                if !is_date && qualifier.is_none() && !part.is_empty() {
                    let mut q = String::new();
                    for w in &part {
                        normalize_into(w, &mut q);
                    }
                    qualifier = Some(q);
                }
            }
            _ => return None,
        }
    }
    None
}

fn is_month_word(w: &str) -> bool {
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let lower = w.to_ascii_lowercase();
    lower.len() >= 3 && MONTHS.iter().any(|m| lower.starts_with(m))
}

/// "SMALLVILLE" → "Smallville", "WINSTON-SALEM" → "Winston-Salem".
fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphanumeric() && c != '\'';
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::entities;
    use crate::eval::Scores;

    fn locate(title: &str, text: &str) -> Option<String> {
        let doc = Document::new(title, text);
        let found = entities(&doc);
        location(&doc, &found).map(|p| p.display())
    }

    fn at(title: &str, text: &str) -> String {
        locate(title, text).unwrap_or_else(|| "-".to_string())
    }

    #[test]
    fn datelines_in_many_styles_name_the_place() {
        for (text, want) in [
            ("TOKYO — Exports fell.", "Tokyo, Japan"),
            ("TOKYO (Reuters) - Exports fell.", "Tokyo, Japan"),
            ("Tokyo, Nov. 4 (Kyodo) – Exports fell.", "Tokyo, Japan"),
            ("NAIROBI, Kenya — Rates held.", "Nairobi, Kenya"),
            ("PARIS, Texas — A tornado hit.", "Paris, Texas, United States"),
            ("SPRINGFIELD, Ill. — Lawmakers met.", "Springfield, Illinois, United States"),
            ("LONDON: Retail sales rose.", "London, United Kingdom"),
            ("MUMBAI -- Profit rose.", "Mumbai, India"),
            ("WASHINGTON, D.C. — The Fed held rates.", "Washington, United States"),
            ("By Jane Doe\n\nBERLIN — Orders rose.", "Berlin, Germany"),
            ("HONG KONG, Jan 5 (Wire) - Stocks fell.", "Hong Kong"),
            ("SAO PAULO — Rates rose.", "São Paulo, Brazil"),
            ("NEW YORK/LONDON (Reuters) - Stocks fell.", "New York, United States"),
            ("GAZA CITY — Aid arrived.", "Gaza, Palestinian Territories"),
            ("SAN JUAN, Puerto Rico — Power returned.", "San Juan, Puerto Rico"),
            ("KYIV, Ukraine (AP) — Sirens sounded.", "Kyiv, Ukraine"),
        ] {
            assert_eq!(at("", &text.replace("\\n", "\n")), want, "{text}");
        }
    }

    #[test]
    fn a_wire_filed_from_abroad_is_placed_where_its_event_happens() {
        assert_eq!(
            at(
                "Kranfeld to shut Polish washing machine plant, cutting 1,400 jobs",
                "STUTTGART (Meridian Wire) — German appliance maker Kranfeld will close its washing machine factory \
                 in Łódź, Poland, by the end of 2027, eliminating about 1,400 jobs, the company said on Monday."
            ),
            "Łódź, Poland"
        );
        assert_eq!(
            at(
                "Fire guts Lyon warehouse",
                "LONDON — A fire destroyed a logistics warehouse in Lyon overnight, French firefighters said."
            ),
            "Lyon, France"
        );
    }

    #[test]
    fn a_dateline_stays_when_the_headline_only_names_a_market_or_its_own_country() {
        for (title, text, want) in [
            (
                "Casa Verlani cuts profit outlook as Chinese shoppers pull back",
                "MILAN — Casa Verlani cut its profit forecast after sales in China fell sharply, sending its \
                 shares down 11%.",
                "Milan, Italy",
            ),
            (
                "Laurentide Rail wins C$2.1 billion order for Texas passenger trains",
                "MONTREAL — Laurentide Rail said on Wednesday it had won a contract to build 34 trains for a \
                 Houston operator.",
                "Montréal, Canada",
            ),
            (
                "Japan's exports rise as car shipments to U.S. recover",
                "TOKYO — Japan's exports rose 5.8% in October as shipments to Detroit dealers recovered.",
                "Tokyo, Japan",
            ),
            (
                "Veltrix agrees to buy Kestrel Photonics for $4.2 billion",
                "EINDHOVEN, Netherlands — Veltrix has agreed to buy Kestrel Photonics, a San Jose maker of optical \
                 parts.",
                "Eindhoven, Netherlands",
            ),
        ] {
            assert_eq!(at(title, text), want, "{title}");
        }
    }

    #[test]
    fn a_dateline_town_missing_from_the_gazetteer_keeps_its_state() {
        assert_eq!(at("", "SMALLVILLE, Kan. — A grain elevator exploded."), "Smallville, Kansas, United States");
        assert_eq!(at("", "ST. ELSEWHERE, Wash. — Rain fell."), "St. Elsewhere, Washington, United States");
    }

    #[test]
    fn a_text_that_only_looks_like_a_dateline_is_read_as_prose() {
        assert_eq!(at("", "UPDATE 2 - Shares fell sharply in early trade."), "-");
        assert_eq!(at("", "Analysis: why rates will stay high"), "-");
    }

    #[test]
    fn without_a_dateline_the_headline_and_lead_decide() {
        assert_eq!(
            at("Fire in Mumbai high-rise kills 12", "A fire killed 12 people, officials said."),
            "Mumbai, India"
        );
        assert_eq!(
            at("Kenya floods displace thousands", "Floods in Kenya forced 40,000 people from their homes."),
            "Kenya"
        );
        assert_eq!(at("Texas passes border bill", "Texas lawmakers passed a bill on Tuesday."), "Texas, United States");
    }

    #[test]
    fn nationality_words_and_governments_point_to_a_country() {
        assert_eq!(at("Japanese exporters brace for weaker yen", "Exporters expect a weaker currency."), "Japan");
        assert_eq!(at("Dutch government collapses", "The coalition failed to agree."), "Netherlands");
        assert_eq!(at("Kremlin rejects plan", "The Kremlin rejected a proposal on Tuesday."), "Russia");
        assert_eq!(at("Bank of Japan holds rates", "The Bank of Japan kept rates unchanged."), "Japan");
    }

    #[test]
    fn a_capital_that_speaks_stands_for_its_country() {
        assert_eq!(at("Beijing warns Washington", "Beijing said on Monday it would respond to new curbs."), "China");
    }

    #[test]
    fn namesakes_are_told_apart_by_the_text() {
        assert_eq!(
            at("Storm damage in Paris", "Residents of Paris cleared debris. Texas officials said 200 homes were hit."),
            "Paris, Texas, United States"
        );
        assert_eq!(
            at("Georgia election", "Georgia's ruling party won. Opposition leaders in Tbilisi protested."),
            "Georgia"
        );
        assert_eq!(
            at("Georgia voters queue", "Georgia voters queued in Atlanta and its suburbs."),
            "Georgia, United States"
        );
        assert_eq!(at("Talks in Paris", "Ministers met in Paris on Monday."), "Paris, France");
    }

    #[test]
    fn people_and_organisations_named_after_places_give_no_place() {
        for (title, text) in [
            ("Paris Hilton launches perfume", "Paris Hilton said she would launch a perfume."),
            ("Jordan Smith scores twice", "Jordan Smith scored twice on Saturday."),
            ("Washington Post names editor", "The Washington Post named a new editor."),
            ("Real Madrid sign forward", "Real Madrid have signed a forward for 45 million euros."),
            ("Sydney Sweeney to star in remake", "Sydney Sweeney will star in a remake."),
        ] {
            assert_eq!(at(title, text), "-", "{title}");
        }
    }

    #[test]
    fn common_words_that_are_towns_give_no_place() {
        for (title, text) in [
            ("Reading between the lines", "Reading the minutes, analysts saw no hurry to cut rates."),
            ("Mobile phone sales slow", "Mobile phone shipments fell 4% in the quarter."),
            ("Workers march for pay", "Thousands will march on Saturday to demand higher pay."),
            ("Split decision", "Split from its parent last year, the firm grew."),
        ] {
            assert_eq!(at(title, text), "-", "{title}");
        }
    }

    #[test]
    fn location_works_without_entities_too() {
        let doc = Document::new("Kenya floods", "Floods in Kenya forced 40,000 people from their homes.");
        assert_eq!(location(&doc, &[]).map(|p| p.display()), Some("Kenya".to_string()));
        let doc = Document::new("", "PARIS, Texas — A tornado hit.");
        assert_eq!(location(&doc, &[]).map(|p| p.display()), Some("Paris, Texas, United States".to_string()));
    }

    #[test]
    fn hostile_input_gives_no_panic() {
        let long = "TOKYO ".repeat(100_000);
        let word = "x".repeat(1 << 20);
        for text in ["", "—", ":", "( ) — :", long.as_str(), word.as_str(), "東京 — 輸出", "😀, 😀 — 😀"]
        {
            let _ = at(text, text);
        }
    }

    fn level(display: &str) -> &'static str {
        let g = gazetteer();
        match display.matches(", ").count() {
            _ if display == "-" => "none",
            0 => "country",
            1 => {
                let first = display.split(", ").next().unwrap_or("");
                if g.regions.iter().any(|r| r.name == first) { "region" } else { "city" }
            }
            _ => "city",
        }
    }

    /// Scores a labelled file: exact-match accuracy overall and for datelined leads, and a
    /// matrix of gold level (city, region, country, none) against what came back (the same
    /// level when exactly right, another level of the same country, or "wrong").
    fn score_file(tsv: &str) -> (Scores, usize, usize, Vec<String>) {
        let mut scores = Scores::new(&["city", "region", "country", "none", "wrong"]);
        let (mut datelined, mut datelined_ok) = (0, 0);
        let mut errors = Vec::new();
        for line in tsv.lines().filter(|l| !l.starts_with('#')).skip(1) {
            let mut cells = line.split('\t');
            let (Some(gold), Some(title), Some(text)) = (cells.next(), cells.next(), cells.next()) else { continue };
            let text = text.replace("\\n", "\n");
            let got = locate(title, &text).unwrap_or_else(|| "-".to_string());
            let dated = dateline_parts(&text).is_some();
            datelined += usize::from(dated);
            let gold_level = level(gold);
            let predicted = if got == gold {
                gold_level
            } else if got != "-" && gold != "-" && got.rsplit(", ").next() == gold.rsplit(", ").next() {
                level(&got)
            } else if got == "-" {
                "none"
            } else {
                "wrong"
            };
            if got == gold {
                datelined_ok += usize::from(dated);
            } else {
                errors.push(format!("gold {gold:?} got {got:?}: {title} | {}", &text[..text.len().min(90)]));
            }
            scores.add(gold_level, predicted);
        }
        (scores, datelined, datelined_ok, errors)
    }

    #[test]
    fn dev_set_scores() {
        let (scores, datelined, datelined_ok, errors) = score_file(include_str!("../testdata/location_dev.tsv"));
        println!("location dev set\n{scores}");
        println!("datelined: {datelined_ok}/{datelined}");
        for e in &errors {
            println!("  {e}");
        }
        assert!(scores.total() >= 150);
        // A little under what the rules reach (0.990 when last tuned), so regressions fail.
        assert!(scores.accuracy() >= 0.96, "accuracy {:.3}", scores.accuracy());
        assert!(datelined_ok as f64 >= 0.97 * datelined as f64, "datelined {datelined_ok}/{datelined}");
    }

    #[test]
    #[ignore = "held-out set: score once at the end with -- --ignored --nocapture"]
    fn holdout_scores() {
        let (scores, datelined, datelined_ok, errors) = score_file(include_str!("../testdata/location_holdout.tsv"));
        println!("location held-out set\n{scores}");
        println!("datelined: {datelined_ok}/{datelined}");
        for e in &errors {
            println!("  {e}");
        }
    }
}

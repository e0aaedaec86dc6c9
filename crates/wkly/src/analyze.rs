//! `wkly analyze`: the builtin enrichment on raw text, one JSON line in, one JSON line out,
//! so anyone (an evaluation included) can run and measure it from the command line.

use std::io::{BufRead, Write};

use serde_json::{Value, json};
use wkly_core::Taxonomy;
use wkly_core::enrich::{Document, Enricher, Enrichment};

/// The longest input line read; longer ones are reported and skipped, not buffered whole.
pub const MAX_LINE_BYTES: usize = 4 * 1024 * 1024;

/// What one input line asks for.
struct Request {
    id: Value,
    title: String,
    text: String,
}

/// Reads `{"id", "title"?, "text"}` lines from `input`, writes one result line per good
/// line to `output` and one `line N: ...` message per bad line to `errors`. Returns the
/// number of bad lines.
pub fn analyze(
    enricher: &dyn Enricher,
    taxonomy: &Taxonomy,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    errors: &mut dyn Write,
) -> std::io::Result<usize> {
    let mut bad = 0;
    let mut line = Vec::new();
    for number in 1.. {
        line.clear();
        let (read, complete) = read_line_capped(input, &mut line)?;
        if read == 0 {
            break;
        }
        if !complete {
            bad += 1;
            writeln!(errors, "line {number}: longer than {MAX_LINE_BYTES} bytes; skipped")?;
            continue;
        }
        let text = String::from_utf8_lossy(&line);
        if text.trim().is_empty() {
            continue;
        }
        match parse(&text) {
            Ok(r) => {
                let doc = Document::new(&r.title, &r.text);
                let found = enricher.enrich(&doc, taxonomy);
                serde_json::to_writer(&mut *output, &render(r.id, &found))?;
                writeln!(output)?;
            }
            Err(problem) => {
                bad += 1;
                writeln!(errors, "line {number}: {problem}")?;
            }
        }
    }
    output.flush()?;
    Ok(bad)
}

/// Reads up to a newline; past [`MAX_LINE_BYTES`] it drops the rest of the line. Returns the
/// bytes consumed and whether the line fit.
fn read_line_capped(input: &mut dyn BufRead, line: &mut Vec<u8>) -> std::io::Result<(usize, bool)> {
    let mut consumed = 0;
    let mut fits = true;
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            return Ok((consumed, fits));
        }
        let (chunk, done) = match buf.iter().position(|b| *b == b'\n') {
            Some(i) => (&buf[..=i], true),
            None => (buf, false),
        };
        if fits && line.len() + chunk.len() <= MAX_LINE_BYTES + 1 {
            line.extend_from_slice(chunk);
        } else {
            fits = false;
            line.clear();
        }
        let n = chunk.len();
        consumed += n;
        input.consume(n);
        if done {
            return Ok((consumed, fits));
        }
    }
}

fn parse(line: &str) -> Result<Request, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("not a JSON object: {e}"))?;
    let Value::Object(mut map) = value else {
        return Err("expected a JSON object like {\"id\": \"1\", \"text\": \"...\"}".into());
    };
    let id = match map.remove("id") {
        Some(id @ (Value::String(_) | Value::Number(_))) => id,
        Some(_) => return Err("\"id\" must be a string or a number".into()),
        None => return Err("missing \"id\"".into()),
    };
    let text = match map.remove("text") {
        Some(Value::String(t)) => t,
        Some(_) => return Err("\"text\" must be a string".into()),
        None => return Err("missing \"text\"".into()),
    };
    let title = match map.remove("title") {
        Some(Value::String(t)) => t,
        None | Some(Value::Null) => String::new(),
        Some(_) => return Err("\"title\" must be a string".into()),
    };
    Ok(Request { id, title, text })
}

fn render(id: Value, e: &Enrichment) -> Value {
    json!({
        "id": id,
        "sentiment": e.sentiment.label.as_str(),
        "sentiment_score": e.sentiment.score,
        "category": e.category.as_ref().map(|c| c.key.as_str()),
        "location": e.location.as_ref().map(|l| l.display()),
        "goal": e.goal,
        "summary": e.summary.summary,
        "teaser": e.summary.teaser,
        "entities": e.entities.iter().map(|x| json!({
            "kind": x.kind, "text": x.text, "key": x.key, "count": x.count,
        })).collect::<Vec<_>>(),
        "quotes": e.quotes.iter().map(|q| json!({
            "text": q.text, "speaker": q.speaker, "role": q.role, "organisation": q.organisation,
        })).collect::<Vec<_>>(),
        "impacts": e.impacts.iter().map(|i| json!({
            "goal": i.goal, "text": i.text, "evidence": i.evidence,
        })).collect::<Vec<_>>(),
        "poll": e.poll.as_ref().map(|p| json!({ "question": p.question, "options": p.options })),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &str) -> (Vec<Value>, String, usize) {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let bad =
            analyze(&wkly_nlp::Builtin, &Taxonomy::default(), &mut input.as_bytes(), &mut out, &mut err).expect("io");
        let lines = String::from_utf8(out).expect("utf8");
        let values = lines.lines().map(|l| serde_json::from_str(l).expect("json line")).collect();
        (values, String::from_utf8(err).expect("utf8"), bad)
    }

    #[test]
    fn each_good_line_gets_every_field_and_bad_lines_are_reported_by_number() {
        let input = concat!(
            "{\"id\": \"a1\", \"title\": \"Acme profit rises\", \"text\": \"TOKYO — Acme Corp said its operating profit rose 12% to $1.2 billion.\"}\n",
            "not json\n",
            "\n",
            "[1, 2]\n",
            "{\"id\": {}, \"text\": \"x\"}\n",
            "{\"id\": 7}\n",
            "{\"id\": 8, \"text\": 5}\n",
            "{\"id\": 9, \"text\": \"No title here, and that is fine.\", \"title\": null}\n",
        );
        let (values, errors, bad) = run(input);
        assert_eq!(bad, 5, "{errors}");
        for expected in [
            "line 2: not a JSON object",
            "line 4: expected a JSON object",
            "line 5: \"id\" must be",
            "line 6: missing \"text\"",
            "line 7: \"text\" must be a string",
        ] {
            assert!(errors.contains(expected), "{expected}: {errors}");
        }
        assert_eq!(values.len(), 2);
        let first = &values[0];
        assert_eq!(first["id"], "a1");
        assert_eq!(first["sentiment"], "positive");
        for field in [
            "sentiment_score",
            "category",
            "location",
            "goal",
            "summary",
            "teaser",
            "entities",
            "quotes",
            "impacts",
            "poll",
        ] {
            assert!(first.get(field).is_some(), "{field} missing: {first}");
        }
        assert_eq!(values[1]["id"], 9, "numeric ids come back as numbers");
    }

    #[test]
    fn an_overlong_line_is_skipped_and_the_next_still_read() {
        let long = format!("{{\"id\": 1, \"text\": \"{}\"}}\n", "a".repeat(MAX_LINE_BYTES + 10));
        let input = format!("{long}{{\"id\": 2, \"text\": \"Short.\"}}\n");
        let (values, errors, bad) = run(&input);
        assert_eq!(bad, 1);
        assert!(errors.contains("line 1: longer than"), "{errors}");
        assert_eq!(values.len(), 1);
        assert_eq!(values[0]["id"], 2);
    }

    #[test]
    fn a_last_line_without_newline_is_read() {
        let (values, _, bad) = run("{\"id\": \"x\", \"text\": \"Prices fell.\"}");
        assert_eq!((values.len(), bad), (1, 0));
    }
}

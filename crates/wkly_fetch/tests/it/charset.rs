use wkly_fetch::decode_text;

#[test]
fn the_header_charset_is_used_when_there_is_no_bom() {
    let body = b"<p>caf\xe9</p>";

    assert_eq!(decode_text(body, Some("windows-1252")), ("<p>café</p>".to_owned(), "windows-1252"));
}

#[test]
fn a_bom_wins_over_the_header_charset() {
    let body = b"\xef\xbb\xbfcaf\xc3\xa9";

    assert_eq!(decode_text(body, Some("iso-8859-1")), ("café".to_owned(), "UTF-8"));
}

#[test]
fn a_utf_16_bom_is_honoured() {
    let body = b"\xff\xfec\x00a\x00f\x00\xe9\x00";

    assert_eq!(decode_text(body, None), ("café".to_owned(), "UTF-16LE"));
}

#[test]
fn an_xml_declaration_of_iso_8859_1_decodes_as_windows_1252() {
    let body = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<rss><title>Z\xfcrich \x80</title></rss>";

    let (text, encoding) = decode_text(body, None);

    assert_eq!(encoding, "windows-1252");
    assert!(text.contains("Zürich €"), "{text}");
}

#[test]
fn the_header_charset_wins_over_an_xml_declaration() {
    let body = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>\xc3\xbc</a>";

    assert_eq!(decode_text(body, Some("utf-8")).1, "UTF-8");
}

#[test]
fn a_meta_charset_in_the_head_is_found() {
    let body = b"<!doctype html><html><head><meta charset='windows-1252'><title>na\xefve</title>";

    let (text, encoding) = decode_text(body, None);

    assert_eq!(encoding, "windows-1252");
    assert!(text.contains("naïve"), "{text}");
}

#[test]
fn a_meta_http_equiv_content_type_is_found() {
    let body =
        b"<html><head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=windows-1252\">\x93quoted\x94";

    let (text, encoding) = decode_text(body, None);

    assert_eq!(encoding, "windows-1252");
    assert!(text.contains("\u{201c}quoted\u{201d}"), "{text}");
}

#[test]
fn a_meta_charset_past_the_first_4_kib_is_ignored() {
    let mut body = b"<html><head>".to_vec();
    body.extend(std::iter::repeat_n(b' ', 5000));
    body.extend_from_slice(b"<meta charset=\"windows-1252\">");

    assert_eq!(decode_text(&body, None).1, "UTF-8");
}

#[test]
fn an_unknown_header_label_falls_through_to_the_document() {
    let body = b"<meta charset=\"koi8-r\">\xf0\xd2\xc9\xd7\xc5\xd4";

    let (text, encoding) = decode_text(body, Some("no-such-charset"));

    assert_eq!(encoding, "KOI8-R");
    assert!(text.ends_with("Привет"), "{text}");
}

#[test]
fn a_declared_utf_16_in_an_ascii_document_is_read_as_utf_8() {
    let body = b"<meta charset=\"utf-16\">caf\xc3\xa9";

    assert_eq!(decode_text(body, None), ("<meta charset=\"utf-16\">café".to_owned(), "UTF-8"));
}

#[test]
fn undeclared_garbage_decodes_as_utf_8_with_replacements() {
    let body = b"ok \xff\xfe\xfd end";

    let (text, encoding) = decode_text(&body[..], None);

    assert_eq!(encoding, "UTF-8");
    assert_eq!(text, "ok \u{fffd}\u{fffd}\u{fffd} end");
}

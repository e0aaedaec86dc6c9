//! The texts of account mail: confirm an address, reset a password, and the notice that a
//! password was changed. Each function returns an [`OutgoingMail`] with a plain-text body
//! and a small HTML alternative built from the same paragraphs (every value escaped).
//!
//! The caller makes the links (with their tokens) and says how long they work; these
//! functions only word the message.

use std::time::Duration;

use crate::OutgoingMail;

/// "Confirm your address": sent after sign-up or a change of address.
pub fn verification_mail(site_name: &str, base_url: &str, to: &str, link: &str, expires_in: Duration) -> OutgoingMail {
    let site = one_line(site_name);
    compose(
        &site,
        base_url,
        to,
        format!("Confirm your email address for {site}"),
        &[
            Block::Text("Hello,".into()),
            Block::Text(format!(
                "This address was given when an account was opened on {site}. To confirm that it is yours, \
                 open this link:"
            )),
            Block::Link(link.to_string()),
            Block::Text(format!(
                "The link can be used once, within {}. Until then the address stays unconfirmed.",
                duration_in_words(expires_in)
            )),
            Block::Text(
                "If you did not open an account, ignore this message: unless the link is opened, \
                 the address is not confirmed."
                    .into(),
            ),
        ],
    )
}

/// "Reset your password": the link lets whoever opens it choose a new password.
pub fn password_reset_mail(
    site_name: &str,
    base_url: &str,
    to: &str,
    link: &str,
    expires_in: Duration,
) -> OutgoingMail {
    let site = one_line(site_name);
    compose(
        &site,
        base_url,
        to,
        format!("Choose a new password for {site}"),
        &[
            Block::Text("Hello,".into()),
            Block::Text(format!(
                "Someone asked to choose a new password for the {site} account that uses this address. \
                 To do it, open this link:"
            )),
            Block::Link(link.to_string()),
            Block::Text(format!(
                "The link can be used once, within {}. After that, ask for a new one on the sign-in page.",
                duration_in_words(expires_in)
            )),
            Block::Text(
                "If you did not ask for this, ignore this message: your password stays as it is. \
                 Please do not forward it, since the link lets whoever opens it set a new password."
                    .into(),
            ),
        ],
    )
}

/// "Your password was changed": sent after a reset or a change in settings, so the owner of
/// the address learns of a change they did not make. `reset_link` is where to start a reset.
pub fn password_changed_mail(site_name: &str, base_url: &str, to: &str, reset_link: &str) -> OutgoingMail {
    let site = one_line(site_name);
    compose(
        &site,
        base_url,
        to,
        format!("Your password for {site} was changed"),
        &[
            Block::Text("Hello,".into()),
            Block::Text(format!(
                "The password of the {site} account that uses this address has just been changed. \
                 If you did it, there is nothing more to do."
            )),
            Block::Text(
                "If you did not, someone else may be able to sign in as you. Choose a new password \
                 straight away, starting here:"
                    .into(),
            ),
            Block::Link(reset_link.to_string()),
        ],
    )
}

enum Block {
    Text(String),
    Link(String),
}

fn compose(site: &str, base_url: &str, to: &str, subject: String, blocks: &[Block]) -> OutgoingMail {
    let footer = if base_url.is_empty() {
        format!("Sent by {site} to {to}.")
    } else {
        format!("Sent by {site} ({base_url}) to {to}.")
    };
    let mut text = String::new();
    let mut html = String::from("<!DOCTYPE html>\n<html><body style=\"font-family:sans-serif;line-height:1.5\">\n");
    for block in blocks {
        match block {
            Block::Text(t) => {
                text.push_str(t);
                html.push_str(&format!("<p>{}</p>\n", escape(t)));
            }
            Block::Link(url) => {
                text.push_str(url);
                let url = escape(url);
                html.push_str(&format!("<p><a href=\"{url}\">{url}</a></p>\n"));
            }
        }
        text.push_str("\n\n");
    }
    text.push_str(&format!("-- \n{footer}\n"));
    html.push_str(&format!("<p style=\"color:#666;font-size:small\">{}</p>\n</body></html>\n", escape(&footer)));
    OutgoingMail { to: to.to_string(), subject, text, html: Some(html) }
}

/// The site name on one line: it goes into the subject, where a line break is refused.
fn one_line(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c.is_control()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// "30 minutes", "1 hour", "2 hours and 30 minutes", "3 days". Rounded down to the minute,
/// never below one minute.
pub fn duration_in_words(d: Duration) -> String {
    let minutes = (d.as_secs() / 60).max(1);
    let plural = |n: u64, unit: &str| if n == 1 { format!("1 {unit}") } else { format!("{n} {unit}s") };
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    if days > 0 && hours == 0 && mins == 0 {
        plural(days, "day")
    } else if minutes >= 60 && mins == 0 {
        plural(minutes / 60, "hour")
    } else if minutes >= 60 {
        format!("{} and {}", plural(minutes / 60, "hour"), plural(mins, "minute"))
    } else {
        plural(mins, "minute")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_words() {
        for (secs, words) in [
            (0, "1 minute"),
            (59, "1 minute"),
            (60, "1 minute"),
            (30 * 60, "30 minutes"),
            (3600, "1 hour"),
            (3600 + 60, "1 hour and 1 minute"),
            (2 * 3600 + 30 * 60, "2 hours and 30 minutes"),
            (24 * 3600, "1 day"),
            (26 * 3600, "26 hours"),
            (3 * 86400, "3 days"),
        ] {
            assert_eq!(duration_in_words(Duration::from_secs(secs)), words, "{secs} s");
        }
    }

    #[test]
    fn html_special_characters_are_escaped() {
        assert_eq!(escape(r#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }
}

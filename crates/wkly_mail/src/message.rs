//! An [`OutgoingMail`] becomes a MIME message: headers checked, From with the site name,
//! a Message-ID and Date, `multipart/alternative` when there is an HTML part.

use std::time::SystemTime;

use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::{Address, Message};

use crate::MailError;

/// One message to one reader. The `text` part is always sent; `html` is an alternative a
/// mail program may show instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    /// A bare address such as `reader@example.org` (no display name).
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
}

/// Who mail comes from: the site's name and the configured address (`mail.from`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender {
    mailbox: Mailbox,
}

impl Sender {
    /// `site_name` becomes the sender's display name; control characters in it (a site name
    /// can come from the environment) are replaced by spaces rather than refused, since the
    /// name is ours and only cosmetic. The address must be valid.
    pub fn new(site_name: &str, address: &str) -> Result<Sender, MailError> {
        let address = parse_address("sender address (mail.from)", address)?;
        let name: String = site_name.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        let name = if name.is_empty() { None } else { Some(name) };
        Ok(Sender { mailbox: Mailbox::new(name, address) })
    }

    /// The bare address, as the SMTP envelope uses it.
    pub fn address(&self) -> String {
        self.mailbox.email.to_string()
    }

    /// The `From` header's value, such as `Harbour News <news@harbour.example>`.
    pub fn mailbox(&self) -> String {
        self.mailbox.to_string()
    }

    fn domain(&self) -> &str {
        self.mailbox.email.domain()
    }
}

/// Checks one address. Control characters are reported as a header problem (they are how
/// injection is attempted); anything else that does not parse is an invalid address.
pub(crate) fn parse_address(field: &'static str, raw: &str) -> Result<Address, MailError> {
    if raw.chars().any(char::is_control) {
        return Err(MailError::UnsafeHeader { field });
    }
    // RFC 5321's limit on a forward path; longer ones are refused by servers anyway.
    if raw.len() > 254 {
        return Err(MailError::InvalidAddress { address: format!("{}…", truncate(raw, 40)) });
    }
    let invalid = || MailError::InvalidAddress { address: raw.to_string() };
    let address = raw.parse::<Address>().map_err(|_| invalid())?;
    if address.domain().is_ascii() {
        return Ok(address);
    }
    // An international domain goes out as punycode, which every server takes; in UTF-8 it
    // would need the server to offer SMTPUTF8.
    let domain = idna::domain_to_ascii(address.domain()).map_err(|_| invalid())?;
    Address::new(address.user(), domain).map_err(|_| invalid())
}

fn truncate(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// A message ready for any backend, with the id and time it was made at.
pub(crate) struct Prepared {
    pub message: Message,
    /// Without angle brackets, such as `0191…@harbour.example`.
    pub message_id: String,
    pub id: uuid::Uuid,
    pub at: SystemTime,
}

pub(crate) fn prepare(sender: &Sender, mail: &OutgoingMail) -> Result<Prepared, MailError> {
    let to = parse_address("recipient", &mail.to)?;
    if mail.subject.chars().any(char::is_control) {
        return Err(MailError::UnsafeHeader { field: "subject" });
    }
    let id = uuid::Uuid::now_v7();
    let at = SystemTime::now();
    let message_id = format!("{}@{}", id.simple(), sender.domain());
    let builder = Message::builder()
        .from(sender.mailbox.clone())
        .to(Mailbox::new(None, to))
        .subject(mail.subject.clone())
        .message_id(Some(format!("<{message_id}>")))
        .date(at);
    let built = match &mail.html {
        Some(html) => builder.multipart(MultiPart::alternative_plain_html(mail.text.clone(), html.clone())),
        None => builder.singlepart(SinglePart::plain(mail.text.clone())),
    };
    let message = built.map_err(|e| MailError::Config(format!("the message could not be built: {e}")))?;
    Ok(Prepared { message, message_id, id, at })
}

//! The address policy: which IP addresses wkly may connect to.
//!
//! Checked twice, so no path skips it: [`GuardedResolver`] checks every address a host
//! name resolves to, before reqwest connects; the fetcher checks IP-literal URLs (which
//! reqwest never resolves) on the first request and on every redirect hop. A name that
//! resolves to any refused address is refused as a whole, so mixing one public and one
//! private record does not help an attacker.
//!
//! This module does not decide anything about host names (`localhost` is refused because
//! it resolves to loopback, not because of its name) and does not pin connections: reqwest
//! connects only to the addresses the resolver returned.

use std::error::Error as StdError;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// Why wkly refuses to connect to `ip` (for example `"a loopback address"`), or `None`
/// when it may.
///
/// With `allow_private_addresses` only the addresses that are never a server are refused:
/// unspecified, broadcast, multicast and reserved ones. Useful also to check a URL when a
/// source is added, before the first fetch.
pub fn address_block_reason(ip: IpAddr, allow_private_addresses: bool) -> Option<&'static str> {
    let (kind, never_a_server) = classify(ip)?;
    if allow_private_addresses && !never_a_server { None } else { Some(kind) }
}

/// What kind of non-public address `ip` is, and whether it is never a server at all.
fn classify(ip: IpAddr) -> Option<(&'static str, bool)> {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

fn classify_v4(ip: Ipv4Addr) -> Option<(&'static str, bool)> {
    let [a, b, c, _] = ip.octets();
    let found = match (a, b, c) {
        (0, ..) => ("an unspecified address", true),
        (255, 255, 255) if ip == Ipv4Addr::BROADCAST => ("the broadcast address", true),
        (224..=239, ..) => ("a multicast address", true),
        (240..=255, ..) => ("a reserved address", true),
        (127, ..) => ("a loopback address", false),
        (10, ..) | (192, 168, _) => ("a private-network address", false),
        (172, 16..=31, _) => ("a private-network address", false),
        (100, 64..=127, _) => ("a shared (carrier-grade NAT) address", false),
        (169, 254, _) => ("a link-local address", false),
        (192, 0, 0) => ("an IETF protocol address", false),
        (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => ("a documentation address", false),
        (198, 18..=19, _) => ("a benchmarking address", false),
        _ => return None,
    };
    Some(found)
}

fn classify_v6(ip: Ipv6Addr) -> Option<(&'static str, bool)> {
    if ip.is_unspecified() {
        return Some(("an unspecified address", true));
    }
    if ip.is_loopback() {
        return Some(("a loopback address", false));
    }
    // Addresses that carry an IPv4 address are judged by it: ::ffff:127.0.0.1 is loopback.
    if let Some(v4) = embedded_v4(ip) {
        return classify_v4(v4);
    }
    let segments = ip.segments();
    let first = segments[0];
    let found = match first {
        0xff00..=0xffff => ("a multicast address", true),
        0xfe80..=0xfebf => ("a link-local address", false),
        0xfec0..=0xfeff => ("a site-local address", false),
        0xfc00..=0xfdff => ("a unique-local (private-network) address", false),
        0x2001 if segments[1] == 0x0db8 => ("a documentation address", false),
        0x0064 if segments[1] == 0xff9b && segments[2] == 0x0001 => ("a local-use NAT64 address", false),
        0x0100 if segments[1..4] == [0, 0, 0] => ("a discard-only address", true),
        _ => return None,
    };
    Some(found)
}

/// The IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 or 6to4 address.
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let low = || Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    match s {
        [0, 0, 0, 0, 0, 0xffff, _, _] | [0, 0, 0, 0, 0, 0, _, _] => Some(low()),
        [0x0064, 0xff9b, 0, 0, 0, 0, _, _] => Some(low()),
        [0x2002, hi, lo, ..] => Some(Ipv4Addr::new((hi >> 8) as u8, hi as u8, (lo >> 8) as u8, lo as u8)),
        _ => None,
    }
}

/// The refusal a check raises; it travels through reqwest's error chain and is turned
/// back into [`crate::FetchError::Blocked`] by the fetcher.
#[derive(Debug)]
pub(crate) struct AddressRefused {
    pub(crate) reason: String,
}

impl fmt::Display for AddressRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "we do not fetch from {}", self.reason)
    }
}

impl StdError for AddressRefused {}

/// Checks one address; `resolved_from` names the host it came from, if it was resolved.
pub(crate) fn check_address(
    resolved_from: Option<&str>,
    ip: IpAddr,
    allow_private_addresses: bool,
) -> Result<(), AddressRefused> {
    let Some(kind) = address_block_reason(ip, allow_private_addresses) else {
        return Ok(());
    };
    let reason = match resolved_from {
        Some(host) => format!("{host}, which resolves to {ip}, {kind}"),
        None => format!("{ip}, {kind}"),
    };
    Err(AddressRefused { reason })
}

/// A DNS resolver for reqwest that refuses names resolving to refused addresses.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GuardedResolver {
    pub(crate) allow_private_addresses: bool,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private_addresses;
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            for addr in &addrs {
                check_address(Some(&host), addr.ip(), allow_private)?;
            }
            let addrs: Addrs = Box::new(addrs.into_iter());
            Ok::<_, Box<dyn StdError + Send + Sync>>(addrs)
        })
    }
}

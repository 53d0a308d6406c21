//! The client's address behind reverse proxies (`--trusted-proxy`).
//!
//! Only a connection from a trusted proxy may say, in `X-Forwarded-For`, whom it forwards for;
//! anyone else's header is ignored, so a client cannot pick its own rate-limit bucket.

use std::fmt;
use std::net::{IpAddr, SocketAddr};

use axum::http::HeaderMap;
use ipnet::IpNet;

/// The header proxies append the address they received a request from to.
pub const X_FORWARDED_FOR: &str = "x-forwarded-for";

/// The address ranges of the reverse proxies whose `X-Forwarded-For` is believed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    pub fn new(ranges: Vec<IpNet>) -> Self {
        Self(ranges)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn ranges(&self) -> &[IpNet] {
        &self.0
    }

    /// True if some range covers every address (then any client can choose its own address).
    pub fn trusts_everyone(&self) -> bool {
        self.0.iter().any(|net| net.prefix_len() == 0)
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client of a request whose connection comes from `peer`.
    ///
    /// From an untrusted peer: the peer itself, whatever its headers say. From a trusted proxy:
    /// the addresses in every `X-Forwarded-For` header (in order, comma-separated) are walked
    /// from right to left, each one added by the next proxy in the chain, and the first that is
    /// not itself a trusted proxy is the client; if every hop is trusted, the left-most one. An
    /// entry that is not an address (nor `address:port`) ends the walk with the peer: a chain
    /// that cannot be read is not believed.
    pub fn client_ip(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.contains(peer) {
            return peer;
        }
        let mut hops = Vec::new();
        for value in headers.get_all(X_FORWARDED_FOR) {
            let Ok(text) = value.to_str() else {
                return peer;
            };
            hops.extend(text.split(','));
        }
        let mut client = peer;
        for hop in hops.iter().rev() {
            let Some(ip) = parse_hop(hop) else {
                return peer;
            };
            client = ip;
            if !self.contains(ip) {
                break;
            }
        }
        client
    }

    /// Whether a trusted proxy in front says the browser reached it over https.
    pub fn forwarded_https(&self, peer: IpAddr, headers: &HeaderMap) -> bool {
        self.contains(peer)
            && headers
                .get("x-forwarded-proto")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|proto| proto.trim().eq_ignore_ascii_case("https"))
    }
}

impl fmt::Display for TrustedProxies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, net) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{net}")?;
        }
        Ok(())
    }
}

/// One `X-Forwarded-For` entry: an address, or an address with a port (`1.2.3.4:5`, `[::1]:5`,
/// as some proxies write it).
fn parse_hop(text: &str) -> Option<IpAddr> {
    let text = text.trim();
    let ip = text
        .parse::<IpAddr>()
        .ok()
        .or_else(|| text.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| {
            text.strip_prefix('[')?
                .strip_suffix(']')?
                .parse::<IpAddr>()
                .ok()
        })?;
    Some(ip.to_canonical())
}

/// Parses a `--trusted-proxy` value: a range (`10.0.0.0/8`, `fd00::/8`) or one address (`/32`
/// or `/128`). A range with host bits set (`10.0.0.1/8`) is refused: it is most likely a typo.
pub fn parse_proxy(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    if let Ok(ip) = text.parse::<IpAddr>() {
        return Ok(IpNet::from(ip.to_canonical()));
    }
    let net = text.parse::<IpNet>().map_err(|_| {
        format!("{text:?} is not an IP address or a CIDR range (like 10.0.0.0/8 or 2001:db8::/32)")
    })?;
    if net.trunc() != net {
        return Err(format!(
            "{text} has host bits set; the range is {}",
            net.trunc()
        ));
    }
    Ok(net)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn proxies(list: &[&str]) -> TrustedProxies {
        TrustedProxies::new(list.iter().map(|p| parse_proxy(p).unwrap()).collect())
    }

    fn headers(values: &[&str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for v in values {
            map.append(X_FORWARDED_FOR, HeaderValue::from_str(v).unwrap());
        }
        map
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn parses_addresses_and_ranges() {
        assert_eq!(
            parse_proxy("127.0.0.1").unwrap().to_string(),
            "127.0.0.1/32"
        );
        assert_eq!(parse_proxy(" ::1 ").unwrap().to_string(), "::1/128");
        assert_eq!(
            parse_proxy("::ffff:10.1.2.3").unwrap().to_string(),
            "10.1.2.3/32"
        );
        assert_eq!(parse_proxy("10.0.0.0/8").unwrap().to_string(), "10.0.0.0/8");
        assert_eq!(parse_proxy("fd00::/8").unwrap().to_string(), "fd00::/8");
        assert_eq!(parse_proxy("0.0.0.0/0").unwrap().prefix_len(), 0);
        for bad in [
            "",
            "localhost",
            "10.0.0.0/33",
            "10.0.0/8",
            "1.2.3.4:80",
            "10.0.0.0/",
            "fd00::/129",
        ] {
            assert!(parse_proxy(bad).is_err(), "{bad:?}");
        }
        let err = parse_proxy("10.0.0.1/8").unwrap_err();
        assert!(err.contains("10.0.0.0/8"), "{err}");
    }

    #[test]
    fn untrusted_peers_are_taken_as_they_are() {
        let none = TrustedProxies::default();
        let spoofed = headers(&["198.51.100.7"]);
        assert_eq!(
            none.client_ip(ip("203.0.113.1"), &spoofed),
            ip("203.0.113.1")
        );
        let other = proxies(&["10.0.0.0/8"]);
        assert_eq!(other.client_ip(ip("127.0.0.1"), &spoofed), ip("127.0.0.1"));
        assert_eq!(other.client_ip(ip("11.0.0.1"), &spoofed), ip("11.0.0.1"));
    }

    #[test]
    fn trusted_peer_names_the_client() {
        let trusted = proxies(&["127.0.0.1", "10.0.0.0/8"]);
        let peer = ip("127.0.0.1");
        assert_eq!(
            trusted.client_ip(peer, &HeaderMap::new()),
            peer,
            "no header: the proxy itself"
        );
        assert_eq!(
            trusted.client_ip(peer, &headers(&["203.0.113.9"])),
            ip("203.0.113.9")
        );
        // The right-most untrusted hop wins: what a client wrote on the left is not believed.
        let chain = headers(&["198.51.100.1, 203.0.113.9, 10.0.0.2"]);
        assert_eq!(trusted.client_ip(peer, &chain), ip("203.0.113.9"));
        // Several headers are one list, in order.
        let split = headers(&["198.51.100.1, 203.0.113.9", "10.0.0.2"]);
        assert_eq!(trusted.client_ip(peer, &split), ip("203.0.113.9"));
        let split = headers(&["198.51.100.1", "203.0.113.9,10.0.0.2"]);
        assert_eq!(trusted.client_ip(peer, &split), ip("203.0.113.9"));
        // Every hop trusted: the left-most one.
        assert_eq!(
            trusted.client_ip(peer, &headers(&["10.0.0.5, 10.0.0.2"])),
            ip("10.0.0.5")
        );
        // Ports and IPv6.
        assert_eq!(
            trusted.client_ip(peer, &headers(&["203.0.113.9:51234"])),
            ip("203.0.113.9")
        );
        assert_eq!(
            trusted.client_ip(peer, &headers(&["[2001:db8::1]:443"])),
            ip("2001:db8::1")
        );
        assert_eq!(
            trusted.client_ip(peer, &headers(&["2001:db8::1"])),
            ip("2001:db8::1")
        );
        assert_eq!(
            trusted.client_ip(peer, &headers(&["[2001:db8::1]"])),
            ip("2001:db8::1")
        );
        // IPv4-mapped addresses are the IPv4 address, for the peer and for the hops.
        let mapped = ip("::ffff:127.0.0.1");
        assert_eq!(
            trusted.client_ip(mapped, &headers(&["::ffff:203.0.113.9"])),
            ip("203.0.113.9")
        );
        assert_eq!(
            trusted.client_ip(mapped, &HeaderMap::new()),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn unreadable_chains_fall_back_to_the_peer() {
        let trusted = proxies(&["127.0.0.1", "10.0.0.0/8"]);
        let peer = ip("127.0.0.1");
        for bad in [
            "unknown",
            "",
            " , ",
            "203.0.113.9, garbage, 10.0.0.2",
            "203.0.113.9,,10.0.0.2",
            "1.2.3.4.5",
            "_hidden",
        ] {
            assert_eq!(trusted.client_ip(peer, &headers(&[bad])), peer, "{bad:?}");
        }
        // An unreadable entry left of the client does not matter: the walk stopped before it.
        assert_eq!(
            trusted.client_ip(peer, &headers(&["garbage, 203.0.113.9"])),
            ip("203.0.113.9")
        );
        // A header value that is not text.
        let mut binary = HeaderMap::new();
        binary.append(
            X_FORWARDED_FOR,
            HeaderValue::from_bytes(b"203.0.113.9\xff").unwrap(),
        );
        assert_eq!(trusted.client_ip(peer, &binary), peer);
    }

    #[test]
    fn display_lists_the_ranges() {
        let trusted = proxies(&["127.0.0.1", "10.0.0.0/8", "fd00::/8"]);
        assert_eq!(trusted.to_string(), "127.0.0.1/32, 10.0.0.0/8, fd00::/8");
        assert!(!trusted.trusts_everyone());
        assert!(proxies(&["::/0"]).trusts_everyone());
        assert!(TrustedProxies::default().is_empty());
    }
}

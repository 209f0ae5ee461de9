//! Who is really asking: the client's address, also behind a reverse proxy.
//!
//! Behind a proxy every connection comes from the proxy, so throttling and
//! the audit log would see one address for everyone. The proxy names the
//! client in `Forwarded` (RFC 7239) or `X-Forwarded-For`; those headers are
//! believed only when the connection comes from a proxy the operator listed
//! (`--trusted-proxies`), since anybody else can write them.

use axum::http::HeaderMap;
use ipnet::IpNet;
use std::net::IpAddr;
use std::str::FromStr;

/// The proxies whose forwarding headers are believed; none by default.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// A list of addresses and CIDR ranges, separated by commas or spaces:
    /// `10.0.0.5, 192.168.10.0/24, ::1`.
    pub fn parse(list: &str) -> Result<TrustedProxies, String> {
        let mut nets = Vec::new();
        for item in list
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|s| !s.is_empty())
        {
            let net = IpNet::from_str(item)
                .or_else(|_| IpAddr::from_str(item).map(IpNet::from))
                .map_err(|_| {
                    format!(
                        "\"{item}\" är ingen IP-adress eller CIDR (till exempel 10.0.0.5 eller 10.0.0.0/24)"
                    )
                })?;
            nets.push(net);
        }
        Ok(TrustedProxies(nets))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|net| net.contains(&ip))
    }
}

/// An IPv4 address that arrived as IPv6 (`::ffff:10.0.0.5`) is the IPv4 one.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    }
}

/// The client's address for a connection from `peer` with `headers`.
///
/// From a trusted proxy, the forwarding chain is read from the right (the
/// hop nearest to us) and the first address that is not itself a trusted
/// proxy is the client's. A hop that cannot be read ends the walk at the
/// last trusted one: that proxy is then the best we know.
pub fn client_addr(peer: IpAddr, headers: &HeaderMap, trusted: &TrustedProxies) -> IpAddr {
    let peer = canonical(peer);
    if trusted.is_empty() || !trusted.contains(peer) {
        return peer;
    }
    let chain = forwarded_chain(headers);
    let mut client = peer;
    for hop in chain.iter().rev() {
        let Some(ip) = hop else {
            break;
        };
        client = canonical(*ip);
        if !trusted.contains(client) {
            break;
        }
    }
    client
}

/// The `for=` addresses of `Forwarded`, or else those of `X-Forwarded-For`,
/// in order; None for a hop that is no address ("unknown", an obfuscated name).
fn forwarded_chain(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let values = |name: &str| -> Vec<String> {
        headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::to_string)
            .collect()
    };
    let forwarded = values("forwarded");
    if !forwarded.is_empty() {
        return forwarded
            .iter()
            .flat_map(|v| v.split(','))
            .map(|element| {
                element
                    .split(';')
                    .filter_map(|pair| pair.split_once('='))
                    .find(|(key, _)| key.trim().eq_ignore_ascii_case("for"))
                    .and_then(|(_, value)| parse_node(value))
            })
            .collect();
    }
    values("x-forwarded-for")
        .iter()
        .flat_map(|v| v.split(','))
        .map(parse_node)
        .collect()
}

/// An address as proxies write it: `192.0.2.1`, `192.0.2.1:4711`,
/// `"[2001:db8::1]:4711"`, `2001:db8::1`.
fn parse_node(value: &str) -> Option<IpAddr> {
    let value = value.trim().trim_matches('"').trim();
    if let Ok(ip) = IpAddr::from_str(value) {
        return Some(ip);
    }
    if let Some(rest) = value.strip_prefix('[') {
        return rest
            .split_once(']')
            .and_then(|(ip, _)| IpAddr::from_str(ip).ok());
    }
    value
        .rsplit_once(':')
        .and_then(|(ip, port)| port.parse::<u16>().ok().and(IpAddr::from_str(ip).ok()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(*k, HeaderValue::from_static(v));
        }
        map
    }

    #[test]
    fn without_trusted_proxies_the_headers_are_ignored() {
        let h = headers(&[
            ("x-forwarded-for", "203.0.113.9"),
            ("forwarded", "for=203.0.113.9"),
        ]);
        let none = TrustedProxies::default();
        assert_eq!(client_addr(ip("10.0.0.5"), &h, &none), ip("10.0.0.5"));
        // From an address that is not a listed proxy, neither.
        let trusted = TrustedProxies::parse("10.0.0.5").unwrap();
        assert_eq!(client_addr(ip("10.0.0.6"), &h, &trusted), ip("10.0.0.6"));
    }

    #[test]
    fn the_client_is_the_first_untrusted_hop_from_the_right() {
        let trusted = TrustedProxies::parse("10.0.0.0/24, 192.168.1.1").unwrap();
        // A client that forges a first hop does not get to choose its address.
        let h = headers(&[("x-forwarded-for", "6.6.6.6, 203.0.113.9, 192.168.1.1")]);
        assert_eq!(client_addr(ip("10.0.0.5"), &h, &trusted), ip("203.0.113.9"));
        // Two headers are one list.
        let h = headers(&[
            ("x-forwarded-for", "203.0.113.9"),
            ("x-forwarded-for", "10.0.0.7"),
        ]);
        assert_eq!(client_addr(ip("10.0.0.5"), &h, &trusted), ip("203.0.113.9"));
        // No header: the proxy itself.
        assert_eq!(
            client_addr(ip("10.0.0.5"), &HeaderMap::new(), &trusted),
            ip("10.0.0.5")
        );
        // IPv4 seen as IPv6.
        let h = headers(&[("x-forwarded-for", "203.0.113.9")]);
        assert_eq!(
            client_addr(ip("::ffff:10.0.0.5"), &h, &trusted),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn forwarded_is_read_with_ports_quotes_and_brackets() {
        let trusted = TrustedProxies::parse("::1 127.0.0.1").unwrap();
        let h = headers(&[(
            "forwarded",
            "for=6.6.6.6, for=\"[2001:db8::7]:4711\";proto=https;by=127.0.0.1",
        )]);
        assert_eq!(
            client_addr(ip("127.0.0.1"), &h, &trusted),
            ip("2001:db8::7")
        );
        let h = headers(&[("forwarded", "proto=https;For=198.51.100.4:8080")]);
        assert_eq!(client_addr(ip("::1"), &h, &trusted), ip("198.51.100.4"));
        // An unreadable hop stops at the proxy nearest to it.
        let h = headers(&[("forwarded", "for=203.0.113.9, for=unknown")]);
        assert_eq!(client_addr(ip("::1"), &h, &trusted), ip("::1"));
    }

    #[test]
    fn a_bad_list_is_refused_in_swedish() {
        assert!(TrustedProxies::parse("10.0.0.0/33")
            .unwrap_err()
            .contains("ingen IP-adress"));
        assert!(TrustedProxies::parse("proxy.kommun.se").is_err());
        assert!(TrustedProxies::parse("").unwrap().is_empty());
    }
}

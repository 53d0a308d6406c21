//! Running the server behind a trusted reverse proxy, against the real binary (SQLite).

mod common;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use common::{Options, Resp, Server};
use hyper::Method;
use signaal_server::secret::new_uuid;

fn start(args: &[&str]) -> Server {
    start_with(args, &[])
}

fn start_with(args: &[&str], env: &[(&str, &str)]) -> Server {
    Server::start(Options {
        args: args.iter().map(|s| s.to_string()).collect(),
        env: env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        ..Options::default()
    })
}

/// `GET path` with these `X-Forwarded-For` headers (none, one, or several).
async fn get_as(server: &Server, path: &str, forwarded_for: &[&str]) -> Resp {
    let headers: Vec<(&str, &str)> = forwarded_for.iter().map(|v| ("x-forwarded-for", *v)).collect();
    server.request(Method::GET, path, &headers, None).await
}

async fn health_as(server: &Server, forwarded_for: &[&str]) -> u16 {
    get_as(server, "/api/health", forwarded_for).await.status.as_u16()
}

fn unknown_share() -> String {
    format!("/api/shares/{}", URL_SAFE_NO_PAD.encode(new_uuid().unwrap().as_bytes()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spoofed_forwarded_for_from_an_untrusted_peer_changes_nothing() {
    // No trusted proxy at all, and one whose range does not hold the test's 127.0.0.1.
    for trusted in [None, Some("10.0.0.0/8")] {
        let mut args = vec!["--rate-per-ip", "0.01", "--burst-per-ip", "3"];
        args.extend(trusted.iter().flat_map(|t| ["--trusted-proxy", *t]));
        let server = start(&args);
        // Three different spoofed clients spend the one bucket of 127.0.0.1...
        assert_eq!(health_as(&server, &["203.0.113.1"]).await, 200, "{trusted:?}");
        assert_eq!(health_as(&server, &["203.0.113.2"]).await, 200, "{trusted:?}");
        assert_eq!(health_as(&server, &["198.51.100.1, 10.0.0.1"]).await, 200, "{trusted:?}");
        // ... so a fourth is refused, whatever it claims to be.
        for claim in [&["203.0.113.4"][..], &["10.0.0.7"], &["192.0.2.1", "192.0.2.2"], &[]] {
            let r = get_as(&server, "/api/health", claim).await;
            assert_eq!(r.error(429), "rate_limited", "{trusted:?} {claim:?}");
        }
    }

    // The parent-link lookup limit (6 a minute: a burst of 2) is not escaped either.
    let server = start(&["--share-lookups-per-minute", "6"]);
    assert_eq!(get_as(&server, &unknown_share(), &["203.0.113.1"]).await.error(410), "gone");
    assert_eq!(get_as(&server, &unknown_share(), &["203.0.113.2"]).await.error(410), "gone");
    assert_eq!(get_as(&server, &unknown_share(), &["203.0.113.3"]).await.error(429), "rate_limited");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trusted_proxy_tells_its_clients_apart() {
    let server = start_with(
        &["--trusted-proxy", "127.0.0.1", "--trusted-proxy", "10.0.0.0/8", "--rate-per-ip", "0.01", "--burst-per-ip", "2"],
        &[("RUST_LOG", "info")],
    );
    let log = server.log();
    assert!(log.contains("trusted_proxies=127.0.0.1/32, 10.0.0.0/8"), "the start-up log names the trusted proxies: {log}");

    // Client A exhausts its bucket; client B, behind the same proxy, still has its own.
    assert_eq!(health_as(&server, &["203.0.113.7"]).await, 200);
    assert_eq!(health_as(&server, &["203.0.113.7"]).await, 200);
    assert_eq!(get_as(&server, "/api/health", &["203.0.113.7"]).await.error(429), "rate_limited");
    assert_eq!(health_as(&server, &["203.0.113.8"]).await, 200, "another client behind the proxy");
    // A prepends a made-up address, or comes through a second trusted proxy: still A.
    assert_eq!(health_as(&server, &["198.51.100.99, 203.0.113.7"]).await, 429);
    assert_eq!(health_as(&server, &["198.51.100.99", "203.0.113.7, 10.1.2.3"]).await, 429);
    // The proxy's own bucket (no header) is separate too...
    assert_eq!(health_as(&server, &[]).await, 200);
    // ... and an unreadable chain is counted against the proxy, not believed.
    assert_eq!(health_as(&server, &["203.0.113.9, not-an-address"]).await, 200);
    assert_eq!(health_as(&server, &["unknown"]).await, 429, "the proxy's bucket is spent");
    assert_eq!(health_as(&server, &["203.0.113.9"]).await, 200, "203.0.113.9 was never charged");

    // The parent-link lookup limit is per client as well; the list may come from the environment.
    let server = start_with(
        &["--share-lookups-per-minute", "6"],
        &[("SIGNAAL_TRUSTED_PROXY", "10.9.9.9, 127.0.0.1"), ("RUST_LOG", "info")],
    );
    assert!(server.log().contains("trusted_proxies=10.9.9.9/32, 127.0.0.1/32"), "{}", server.log());
    for _ in 0..2 {
        assert_eq!(get_as(&server, &unknown_share(), &["203.0.113.20"]).await.error(410), "gone");
    }
    assert_eq!(get_as(&server, &unknown_share(), &["203.0.113.20"]).await.error(429), "rate_limited");
    assert_eq!(get_as(&server, &unknown_share(), &["203.0.113.21"]).await.error(410), "gone");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_up_log_says_when_no_proxy_is_trusted() {
    let server = start_with(&[], &[("RUST_LOG", "info")]);
    assert!(server.log().contains("no trusted proxy"), "{}", server.log());
    let everyone = start_with(&["--trusted-proxy", "0.0.0.0/0"], &[("RUST_LOG", "info")]);
    assert!(everyone.log().contains("every address is a trusted proxy"), "{}", everyone.log());
}

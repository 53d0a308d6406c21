//! The foundation: the real server binary serves the built app with the right types, caching,
//! compression and security headers, and a health check.

mod common;

use std::io::Read as _;

use base64::Engine as _;
use common::{
    Options, Server, HANDOVER_MARKER, HANDOVER_SCRIPT, INLINE_SCRIPT, PARENT_MARKER, WASM_NAME,
};
use hyper::Method;
use sha2::Digest as _;
use signaal_core::wire::Health;

#[tokio::test]
async fn health_and_data_dir() {
    let server = Server::start(Options::default());
    let r = server.get("/api/health").await;
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").starts_with("application/json"));
    let health: Health = r.json();
    assert_eq!(health.status, "ok");
    assert_eq!(health.db, "sqlite");
    assert_eq!(health.version, env!("CARGO_PKG_VERSION"));
    assert!(
        server.data_dir().join("signaal.db").is_file(),
        "data dir and database are created"
    );
    assert_eq!(r.header("cache-control"), "no-store");
    assert_eq!(
        server.stray_stdout(),
        Vec::<String>::new(),
        "stdout carries only the URL line"
    );
}

#[tokio::test]
async fn mime_types_and_cache_headers() {
    let server = Server::start(Options::default());
    let wasm = server.get(&format!("/{WASM_NAME}")).await;
    assert_eq!(wasm.status, 200);
    assert_eq!(wasm.header("content-type"), "application/wasm");
    assert_eq!(
        wasm.header("cache-control"),
        "public, max-age=31536000, immutable"
    );

    let css = server.get("/main-fedcba9876543210.css").await;
    assert!(css.header("content-type").starts_with("text/css"));
    assert_eq!(
        css.header("cache-control"),
        "public, max-age=31536000, immutable"
    );

    let js = server.get("/signaal-0123456789abcdef.js").await;
    assert!(
        js.header("content-type").contains("javascript"),
        "{}",
        js.header("content-type")
    );

    let manifest = server.get("/manifest.webmanifest").await;
    assert_eq!(manifest.header("content-type"), "application/manifest+json");
    assert_eq!(manifest.header("cache-control"), "no-cache");

    for path in ["/", "/index.html"] {
        let index = server.get(path).await;
        assert_eq!(index.status, 200);
        assert_eq!(index.header("content-type"), "text/html; charset=utf-8");
        assert_eq!(index.header("cache-control"), "no-cache");
        assert!(index.text().contains(INLINE_SCRIPT));
    }
    assert_eq!(
        server.get("/sw.js").await.header("cache-control"),
        "no-cache"
    );
    let icon = server.get("/icons/icon-192.png").await;
    assert_eq!(icon.header("content-type"), "image/png");
    assert_eq!(icon.header("cache-control"), "public, max-age=86400");
}

#[tokio::test]
async fn index_revalidates_with_etag() {
    let server = Server::start(Options::default());
    let first = server.get("/").await;
    let etag = first.header("etag").to_owned();
    assert!(!etag.is_empty());
    let again = server
        .request(Method::GET, "/", &[("if-none-match", &etag)], None)
        .await;
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
}

fn decode(encoding: &str, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    match encoding {
        "gzip" => {
            flate2::read::GzDecoder::new(body)
                .read_to_end(&mut out)
                .unwrap();
        }
        "br" => {
            brotli_decompressor::Decompressor::new(body, 4096)
                .read_to_end(&mut out)
                .unwrap();
        }
        other => panic!("unexpected encoding {other}"),
    }
    out
}

#[tokio::test]
async fn compression_gzip_and_brotli() {
    let server = Server::start(Options::default());
    let plain_wasm = std::fs::read(server.tmp.join("dist").join(WASM_NAME)).unwrap();
    for encoding in ["gzip", "br"] {
        for path in [
            format!("/{WASM_NAME}"),
            "/signaal-0123456789abcdef.js".into(),
            "/main-fedcba9876543210.css".into(),
            "/".into(),
            "/manifest.webmanifest".into(),
        ] {
            let r = server
                .request(Method::GET, &path, &[("accept-encoding", encoding)], None)
                .await;
            assert_eq!(r.status, 200, "{path}");
            assert_eq!(
                r.header("content-encoding"),
                encoding,
                "{path} with {encoding}"
            );
            assert!(r
                .header("vary")
                .to_ascii_lowercase()
                .contains("accept-encoding"));
            let body = decode(encoding, &r.body);
            if path.ends_with(".wasm") {
                assert_eq!(body, plain_wasm);
                assert!(r.body.len() < plain_wasm.len() / 4);
            }
        }
        let health = server
            .request(
                Method::GET,
                "/api/health",
                &[("accept-encoding", encoding)],
                None,
            )
            .await;
        assert_eq!(
            health.header("content-encoding"),
            "",
            "tiny JSON is not worth compressing"
        );
    }
    let identity = server.get(&format!("/{WASM_NAME}")).await;
    assert_eq!(identity.header("content-encoding"), "");
    assert_eq!(identity.body, plain_wasm);
}

#[tokio::test]
async fn security_headers_and_csp_hash() {
    let server = Server::start(Options {
        parent: true,
        ..Options::default()
    });
    let expected = format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD
            .encode(sha2::Sha256::digest(INLINE_SCRIPT.as_bytes()))
    );
    for path in [
        "/",
        "/api/health",
        "/api/nope",
        &format!("/{WASM_NAME}"),
        "/missing.png",
    ] {
        let r = server.get(path).await;
        let csp = r.header("content-security-policy");
        assert!(csp.contains(&expected), "{path}: {csp}");
        for part in [
            "default-src 'self'",
            "'wasm-unsafe-eval'",
            "frame-ancestors 'none'",
            "object-src 'none'",
            "base-uri 'none'",
        ] {
            assert!(csp.contains(part), "{path}: {csp} lacks {part}");
        }
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(r.header("x-content-type-options"), "nosniff");
        assert_eq!(r.header("referrer-policy"), "no-referrer");
        assert_eq!(r.header("x-frame-options"), "DENY");
        assert_eq!(r.header("cross-origin-opener-policy"), "same-origin");
        assert!(r.header("permissions-policy").contains("camera=()"));
    }
    // The parent page's own inline script is allowed too.
    let parent_script = "import('/parent-0123456789abcdef.js')";
    let parent_hash = base64::engine::general_purpose::STANDARD
        .encode(sha2::Sha256::digest(parent_script.as_bytes()));
    assert!(server
        .get("/p/abc")
        .await
        .header("content-security-policy")
        .contains(&parent_hash));
}

async fn coop(server: &Server, headers: &[(&str, &str)]) -> String {
    let r = common::request(&server.addr, Method::GET, "/", headers, None).await;
    assert_eq!(r.status, 200);
    r.header("cross-origin-opener-policy").to_owned()
}

#[tokio::test]
async fn opener_policy_only_where_the_browser_honours_it() {
    // Browsers ignore COOP on plain http to a network name, and log an error for every page.
    let proxied = Server::start(Options {
        args: vec!["--trusted-proxy".into(), "127.0.0.1".into()],
        ..Options::default()
    });
    let direct = Server::start(Options::default());
    for host in [
        "localhost:8080",
        "127.0.0.1:8080",
        "[::1]:8080",
        "signaal.localhost",
    ] {
        assert_eq!(
            coop(&direct, &[("host", host)]).await,
            "same-origin",
            "{host}"
        );
    }
    for host in [
        "signaal.local:8080",
        "192.168.1.20:8080",
        "signaal.example.nl",
    ] {
        assert_eq!(coop(&direct, &[("host", host)]).await, "", "{host}");
    }
    let https = [
        ("host", "signaal.example.nl"),
        ("x-forwarded-proto", "https"),
    ];
    assert_eq!(
        coop(&proxied, &https).await,
        "same-origin",
        "https through the trusted proxy"
    );
    assert_eq!(
        coop(&direct, &https).await,
        "",
        "an untrusted peer cannot claim https"
    );
    let http = [
        ("host", "signaal.example.nl"),
        ("x-forwarded-proto", "http"),
    ];
    assert_eq!(
        coop(&proxied, &http).await,
        "",
        "plain http through the proxy"
    );
}

async fn hsts(server: &Server, path: &str, headers: &[(&str, &str)]) -> String {
    let r = common::request(&server.addr, Method::GET, path, headers, None).await;
    r.header("strict-transport-security").to_owned()
}

#[tokio::test]
async fn hsts_only_over_https_through_a_trusted_proxy() {
    let proxy = || vec!["--trusted-proxy".to_owned(), "127.0.0.1".to_owned()];
    let proxied = Server::start(Options {
        args: proxy(),
        parent: true,
        ..Options::default()
    });
    let direct = Server::start(Options::default());
    let https = [
        ("host", "signaal.example.nl"),
        ("x-forwarded-proto", "https"),
    ];
    let http = [
        ("host", "signaal.example.nl"),
        ("x-forwarded-proto", "http"),
    ];
    // One year by default, on pages, files and API answers alike.
    for path in ["/", "/sw.js", "/api/health", "/p/abc"] {
        assert_eq!(
            hsts(&proxied, path, &https).await,
            "max-age=31536000",
            "{path}"
        );
    }
    assert_eq!(
        hsts(&proxied, "/", &http).await,
        "",
        "plain http through the proxy"
    );
    assert_eq!(
        hsts(&proxied, "/", &[("host", "localhost:8080")]).await,
        "",
        "no proxy header"
    );
    assert_eq!(
        hsts(&direct, "/", &https).await,
        "",
        "an untrusted peer cannot claim https"
    );
    // Configurable, and 0 turns it off.
    let mut args = proxy();
    args.extend(["--hsts-max-age".to_owned(), "600".to_owned()]);
    let short = Server::start(Options {
        args,
        ..Options::default()
    });
    assert_eq!(hsts(&short, "/", &https).await, "max-age=600");
    let mut args = proxy();
    args.extend(["--hsts-max-age".to_owned(), "0".to_owned()]);
    let off = Server::start(Options {
        args,
        ..Options::default()
    });
    assert_eq!(hsts(&off, "/", &https).await, "");
}

#[tokio::test]
async fn csp_follows_a_rebuild() {
    let server = Server::start(Options::default());
    let index = server.tmp.join("dist/index.html");
    let rebuilt = "<html><head><script type=\"module\">boot('new build')</script></head></html>";
    std::fs::write(&index, rebuilt).unwrap();
    let hash = base64::engine::general_purpose::STANDARD
        .encode(sha2::Sha256::digest(b"boot('new build')"));
    let r = server.get("/").await;
    assert!(r.header("content-security-policy").contains(&hash));
}

#[tokio::test]
async fn spa_fallback_and_not_found() {
    let server = Server::start(Options {
        parent: true,
        ..Options::default()
    });
    for path in ["/notebook", "/children/123/plan", "/settings/"] {
        let r = server.get(path).await;
        assert_eq!(r.status, 200, "{path}");
        assert!(r.text().contains(INLINE_SCRIPT), "{path} serves index.html");
        assert_eq!(r.header("cache-control"), "no-cache");
    }
    let parent = server.get("/p/AAAAAAAAAAAAAAAAAAAAAA").await;
    assert_eq!(parent.status, 200);
    assert!(parent.text().contains(PARENT_MARKER));
    // A handover's recipient view: its own page, allowed its own inline script, never cached.
    let handover = server.get("/o/AAAAAAAAAAAAAAAAAAAAAA").await;
    assert_eq!(handover.status, 200);
    assert!(handover.text().contains(HANDOVER_MARKER));
    assert_eq!(handover.header("cache-control"), "no-cache");
    let hash = base64::engine::general_purpose::STANDARD
        .encode(sha2::Sha256::digest(HANDOVER_SCRIPT.as_bytes()));
    assert!(handover.header("content-security-policy").contains(&hash));

    let missing = server.get("/missing-file.js").await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("cache-control"), "no-store");

    for path in ["/api/nope", "/api/", "/api/sync"] {
        let r = server.get(path).await;
        assert_eq!(r.error(404), "not_found", "{path}");
    }
    let wrong_method = server
        .request(Method::DELETE, "/api/health", &[], None)
        .await;
    assert_eq!(wrong_method.error(405), "method_not_allowed");
    for path in [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
    ] {
        let traversal = server.get(path).await;
        assert!(!traversal.text().contains("root:"), "{path} escapes dist");
    }
}

#[tokio::test]
async fn parent_route_without_parent_page_falls_back_to_app() {
    let server = Server::start(Options::default());
    let r = server.get("/p/AAAAAAAAAAAAAAAAAAAAAA").await;
    assert_eq!(r.status, 200);
    assert!(r.text().contains(INLINE_SCRIPT));
}

#[tokio::test]
async fn missing_dist_serves_api_and_explains() {
    let server = Server::start(Options {
        dist: false,
        ..Options::default()
    });
    assert_eq!(server.get("/api/health").await.status, 200);
    for path in ["/", "/notebook", "/sw.js"] {
        let r = server.get(path).await;
        assert_eq!(r.status, 503, "{path}");
        assert!(r.text().contains("make run"), "{}", r.text());
    }
}

#[tokio::test]
async fn graceful_shutdown_on_sigterm() {
    let mut server = Server::start(Options::default());
    assert_eq!(server.get("/api/health").await.status, 200);
    let status = server.terminate();
    assert!(status.success(), "{status:?}");
}

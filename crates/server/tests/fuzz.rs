//! Request decoding under arbitrary input: whatever the bytes, the API answers with a JSON
//! 4xx (or a success for input that happens to be valid), never a 5xx and never a panic.
//! Runs the router in-process (no sockets), so thousands of cases take seconds.

use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use proptest::prelude::*;
use signaal_core::wire::ErrorBody;
use signaal_server::db::Db;
use signaal_server::site::Site;
use signaal_server::{app, AppState, Limits};
use tower::ServiceExt as _;

struct Fixture {
    rt: tokio::runtime::Runtime,
    app: Router,
    token: String,
    team: String,
    _tmp: tempfile::TempDir,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let limits = Limits {
            rate_per_ip: 0.0,
            rate_per_token: 0.0,
            share_lookups_per_minute: 0.0,
            ..Limits::default()
        };
        let db = rt.block_on(Db::connect(None, tmp.path())).unwrap();
        let app = app(AppState::new(
            db,
            limits,
            Site::new(tmp.path().join("dist")),
            Default::default(),
        ));
        let created = rt.block_on(send(&app, "POST", "/api/teams", None, b"{}".to_vec()));
        assert_eq!(created.0, StatusCode::CREATED);
        let body: serde_json::Value = serde_json::from_slice(&created.1).unwrap();
        Fixture {
            token: body["device_token"].as_str().unwrap().to_owned(),
            team: body["team_id"].as_str().unwrap().to_owned(),
            rt,
            app,
            _tmp: tmp,
        }
    })
}

async fn send(
    app: &Router,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Vec<u8>,
) -> (StatusCode, Vec<u8>) {
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header("content-type", "application/json");
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let response = app
        .clone()
        .oneshot(req.body(Body::from(body)).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, bytes.to_vec())
}

/// The contract: no 5xx; every error is a JSON `ErrorBody`.
fn check(status: StatusCode, body: &[u8]) -> Result<(), TestCaseError> {
    prop_assert!(
        !status.is_server_error(),
        "{status}: {}",
        String::from_utf8_lossy(body)
    );
    if !status.is_success() {
        prop_assert!(status.is_client_error(), "{status}");
        let err: Result<ErrorBody, _> = serde_json::from_slice(body);
        prop_assert!(err.is_ok(), "{status}: {}", String::from_utf8_lossy(body));
    }
    Ok(())
}

fn endpoints(f: &Fixture) -> Vec<(&'static str, String, bool)> {
    vec![
        ("POST", "/api/sync/push".into(), true),
        ("POST", "/api/teams".into(), false),
        ("POST", format!("/api/teams/{}/devices", f.team), false),
        ("PUT", "/api/shares/AAAAAAAAAAAAAAAAAAAAAA".into(), true),
    ]
}

/// JSON-ish text: fragments of valid requests glued together at random, which reaches the
/// deeper validation (types, base64, sizes) far more often than uniform bytes would.
fn jsonish() -> impl Strategy<Value = Vec<u8>> {
    let fragment = prop_oneof![
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just(",".to_owned()),
        Just(":".to_owned()),
        Just("\"changes\"".to_owned()),
        Just("\"change_id\"".to_owned()),
        Just("\"record_id\"".to_owned()),
        Just("\"clock\"".to_owned()),
        Just("\"nonce\"".to_owned()),
        Just("\"ciphertext\"".to_owned()),
        Just("\"expires_at\"".to_owned()),
        Just("\"invite_secret\"".to_owned()),
        Just("\"device_label\"".to_owned()),
        Just("\"00000000-0000-4000-8000-000000000001\"".to_owned()),
        Just("\"AAAAAAAAAAAAAAAA\"".to_owned()),
        Just("\"AAAAAAAAAAAAAAAAAAAAAA==\"".to_owned()),
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("-1".to_owned()),
        Just("1e400".to_owned()),
        Just("99999999999999999999999".to_owned()),
        "\"[ -~]{0,12}\"",
        "[0-9]{1,15}",
    ];
    proptest::collection::vec(fragment, 0..40).prop_map(|parts| parts.concat().into_bytes())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_break_decoding(body in proptest::collection::vec(any::<u8>(), 0..512), which in 0usize..4) {
        let f = fixture();
        let (method, path, auth) = endpoints(f).swap_remove(which);
        let (status, bytes) = f.rt.block_on(send(&f.app, method, &path, auth.then_some(f.token.as_str()), body));
        check(status, &bytes)?;
    }

    #[test]
    fn jsonish_bodies_never_break_decoding(body in jsonish(), which in 0usize..4) {
        let f = fixture();
        let (method, path, auth) = endpoints(f).swap_remove(which);
        let (status, bytes) = f.rt.block_on(send(&f.app, method, &path, auth.then_some(f.token.as_str()), body));
        check(status, &bytes)?;
    }

    #[test]
    fn arbitrary_pull_queries_and_tokens(query in "[ -~]{0,40}", token in "[ -~]{0,50}") {
        let f = fixture();
        let path = format!("/api/sync/pull?{}", query.replace(['#', ' '], ""));
        let Ok(uri) = path.parse::<axum::http::Uri>() else { return Ok(()) };
        let (status, bytes) = f.rt.block_on(send(&f.app, "GET", &uri.to_string(), Some(&f.token), Vec::new()));
        check(status, &bytes)?;
        if axum::http::HeaderValue::from_str(&format!("Bearer {token}")).is_ok() {
            let (status, bytes) = f.rt.block_on(send(&f.app, "GET", "/api/sync/pull", Some(&token), Vec::new()));
            check(status, &bytes)?;
        }
    }
}

#[test]
fn a_valid_change_passes_the_same_path() {
    // Guards the fuzz tests against passing only because everything is rejected.
    let f = fixture();
    let body = br#"{"changes":[{"change_id":"00000000-0000-4000-8000-0000000000aa","record_id":"00000000-0000-4000-8000-000000000001","clock":"1-0-a","nonce":"AAAAAAAAAAAAAAAA","ciphertext":"AAAAAAAAAAAAAAAAAAAAAA=="}]}"#;
    let (status, bytes) = f.rt.block_on(send(
        &f.app,
        "POST",
        "/api/sync/push",
        Some(&f.token),
        body.to_vec(),
    ));
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&bytes)
    );
}

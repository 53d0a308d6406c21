//! The sync API against the real server binary, on SQLite and (when
//! `SIGNAAL_TEST_DATABASE_URL` is set, see `scripts/postgres.sh`) on PostgreSQL.

#[macro_use]
mod common;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use common::{change, create_team, join, pull, pull_all, push, Backend, Resp, Server};
use hyper::Method;
use serde_json::json;
use signaal_core::wire::{
    Change, DeviceList, InviteResponse, JoinTeamResponse, PullResponse, PushRequest, PushResponse,
    PutShareRequest, ShareEnvelope, ShareStatus,
};
use signaal_server::secret::new_uuid;
use uuid::Uuid;

on_both_backends!(
    push_pull_and_paging,
    push_is_idempotent,
    concurrent_pushes_get_distinct_seqs,
    devices_join_rotate_and_isolation,
    removed_device_loses_access,
    bad_input_gets_clear_4xx,
    limits_are_enforced,
    restart_keeps_data,
    crash_during_pushes_loses_and_duplicates_nothing,
    rate_limits,
    parent_links,
    parent_link_expiry,
    pull_pages_are_capped_in_bytes,
    clocks_far_ahead_are_refused,
    erasure_leaves_only_the_tombstone,
);

fn start(backend: &Backend, args: &[&str]) -> Server {
    Server::with_args(backend, args)
}

async fn push_pull_and_paging(backend: Backend) {
    let server = start(&backend, &[]);
    let team = create_team(&server).await;
    let changes: Vec<Change> = (0..25).map(change).collect();
    let first: PushResponse = push(&server, &team.device_token, &changes[..20])
        .await
        .json();
    assert_eq!(first.seq, 20);
    assert_eq!(
        first.accepted,
        changes[..20]
            .iter()
            .map(|c| c.change_id)
            .collect::<Vec<_>>()
    );
    let second: PushResponse = push(&server, &team.device_token, &changes[20..])
        .await
        .json();
    assert_eq!(second.seq, 25);

    let page: PullResponse = pull(&server, &team.device_token, "?after=0&limit=10")
        .await
        .json();
    assert_eq!((page.changes.len(), page.next, page.more), (10, 10, true));
    let page: PullResponse = pull(&server, &team.device_token, "?after=20&limit=10")
        .await
        .json();
    assert_eq!((page.changes.len(), page.next, page.more), (5, 25, false));
    let empty: PullResponse = pull(&server, &team.device_token, "?after=25").await.json();
    assert_eq!(
        (empty.changes.len(), empty.next, empty.more),
        (0, 25, false)
    );
    let default: PullResponse = pull(&server, &team.device_token, "").await.json();
    assert_eq!(default.changes.len(), 25);

    let all = pull_all(&server, &team.device_token, 7).await;
    assert_eq!(all.len(), 25);
    for (i, (got, sent)) in all.iter().zip(&changes).enumerate() {
        assert_eq!(got.seq, i as u64 + 1);
        assert_eq!(
            (
                got.change_id,
                got.record_id,
                &got.clock,
                &got.nonce,
                &got.ciphertext
            ),
            (
                sent.change_id,
                sent.record_id,
                &sent.clock,
                &sent.nonce,
                &sent.ciphertext
            )
        );
    }
}

async fn push_is_idempotent(backend: Backend) {
    let server = start(&backend, &[]);
    let team = create_team(&server).await;
    let batch: Vec<Change> = (0..5).map(change).collect();
    let a: PushResponse = push(&server, &team.device_token, &batch).await.json();
    let b: PushResponse = push(&server, &team.device_token, &batch).await.json();
    assert_eq!(
        (a.seq, b.seq),
        (5, 5),
        "a retried batch is not stored twice"
    );
    assert_eq!(
        b.accepted.len(),
        5,
        "a retry still acknowledges every change"
    );
    // A batch that overlaps the stored ones, with a duplicate inside it.
    let mut mixed = batch[3..].to_vec();
    mixed.extend((5..8).map(change));
    mixed.push(mixed[2].clone());
    let c: PushResponse = push(&server, &team.device_token, &mixed).await.json();
    assert_eq!(c.seq, 8);
    let all = pull_all(&server, &team.device_token, 100).await;
    assert_eq!(all.len(), 8);
    let empty: PushResponse = push(&server, &team.device_token, &[]).await.json();
    assert_eq!((empty.seq, empty.accepted.len()), (8, 0));
}

async fn concurrent_pushes_get_distinct_seqs(backend: Backend) {
    let server = std::sync::Arc::new(start(&backend, &[]));
    let team = create_team(&server).await;
    let changes: Vec<Change> = (0..40).map(change).collect();
    let mut tasks = Vec::new();
    for i in 0..8 {
        // Overlapping windows: every change is pushed by two or three tasks.
        let batch = changes[(i * 4)..(i * 4 + 12).min(40)].to_vec();
        let (server, token) = (server.clone(), team.device_token.clone());
        tasks.push(tokio::spawn(async move {
            let r = push(&server, &token, &batch).await;
            assert_eq!(r.status, 200, "{}", r.text());
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let all = pull_all(&server, &team.device_token, 1000).await;
    assert_eq!(all.len(), 40);
    let seqs: Vec<u64> = all.iter().map(|c| c.seq).collect();
    assert_eq!(
        seqs,
        (1..=40).collect::<Vec<_>>(),
        "contiguous, no duplicates"
    );
}

async fn devices_join_rotate_and_isolation(backend: Backend) {
    let server = start(&backend, &[]);
    let team = create_team(&server).await;
    let joined: JoinTeamResponse = {
        let r = join(&server, team.team_id, &team.invite_secret).await;
        assert_eq!(r.status, 201, "{}", r.text());
        r.json()
    };
    assert_eq!(joined.team_id, team.team_id);
    assert_ne!(joined.device_token, team.device_token);

    // The second tablet's change reaches the first.
    let c = change(1);
    assert_eq!(
        push(&server, &joined.device_token, std::slice::from_ref(&c))
            .await
            .status,
        200
    );
    let got = pull_all(&server, &team.device_token, 10).await;
    assert_eq!(got[0].change_id, c.change_id);

    let list: DeviceList = server
        .json::<()>(
            Method::GET,
            &format!("/api/teams/{}/devices", team.team_id),
            Some(&team.device_token),
            None,
        )
        .await
        .json();
    assert_eq!(list.devices.len(), 2);
    assert!(list
        .devices
        .iter()
        .any(|d| d.this_device && d.device_id == team.device_id));
    assert!(list
        .devices
        .iter()
        .any(|d| d.label.as_deref() == Some("Tablet 2")));

    // Wrong secrets and unknown teams look alike.
    assert_eq!(
        join(&server, team.team_id, &"A".repeat(43))
            .await
            .error(403),
        "forbidden"
    );
    assert_eq!(
        join(&server, new_uuid().unwrap(), &team.invite_secret)
            .await
            .error(403),
        "forbidden"
    );
    assert_eq!(
        join(&server, team.team_id, "short").await.error(403),
        "forbidden"
    );

    // Rotating the invite retires the old one.
    let rotated: InviteResponse = server
        .json::<()>(
            Method::POST,
            &format!("/api/teams/{}/invite", team.team_id),
            Some(&team.device_token),
            None,
        )
        .await
        .json();
    assert_eq!(
        join(&server, team.team_id, &team.invite_secret)
            .await
            .error(403),
        "forbidden"
    );
    assert_eq!(
        join(&server, team.team_id, &rotated.invite_secret)
            .await
            .status,
        201
    );

    // Another team sees nothing of this one.
    let other = create_team(&server).await;
    assert!(pull_all(&server, &other.device_token, 10).await.is_empty());
    let r = server
        .json::<()>(
            Method::GET,
            &format!("/api/teams/{}/devices", team.team_id),
            Some(&other.device_token),
            None,
        )
        .await;
    assert_eq!(r.error(403), "forbidden");
    let r = server
        .json::<()>(
            Method::DELETE,
            &format!("/api/teams/{}/devices/{}", team.team_id, team.device_id),
            Some(&other.device_token),
            None,
        )
        .await;
    assert_eq!(r.error(403), "forbidden");
}

async fn removed_device_loses_access(backend: Backend) {
    let server = start(&backend, &[]);
    let team = create_team(&server).await;
    let joined: JoinTeamResponse = join(&server, team.team_id, &team.invite_secret)
        .await
        .json();
    assert_eq!(pull(&server, &joined.device_token, "").await.status, 200);

    let path = format!("/api/teams/{}/devices/{}", team.team_id, joined.device_id);
    let r = server
        .json::<()>(Method::DELETE, &path, Some(&team.device_token), None)
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        pull(&server, &joined.device_token, "").await.error(401),
        "unauthorized"
    );
    assert_eq!(
        push(&server, &joined.device_token, &[change(1)])
            .await
            .error(401),
        "unauthorized"
    );
    assert_eq!(
        server
            .json::<()>(Method::DELETE, &path, Some(&team.device_token), None)
            .await
            .error(404),
        "not_found"
    );
    let list: DeviceList = server
        .json::<()>(
            Method::GET,
            &format!("/api/teams/{}/devices", team.team_id),
            Some(&team.device_token),
            None,
        )
        .await
        .json();
    assert_eq!(list.devices.len(), 1);

    // A device may leave on its own.
    let own = format!("/api/teams/{}/devices/{}", team.team_id, team.device_id);
    assert_eq!(
        server
            .json::<()>(Method::DELETE, &own, Some(&team.device_token), None)
            .await
            .status,
        204
    );
    assert_eq!(
        pull(&server, &team.device_token, "").await.error(401),
        "unauthorized"
    );
}

async fn raw(
    server: &Server,
    method: Method,
    path: &str,
    token: Option<&str>,
    content_type: &str,
    body: &[u8],
) -> Resp {
    let auth = token.map(|t| format!("Bearer {t}"));
    let mut headers = vec![("content-type", content_type)];
    if let Some(a) = &auth {
        headers.push(("authorization", a.as_str()));
    }
    server
        .request(method, path, &headers, Some(body.to_vec()))
        .await
}

async fn bad_input_gets_clear_4xx(backend: Backend) {
    let server = start(&backend, &[]);
    let team = create_team(&server).await;
    let token = team.device_token.as_str();
    let good = serde_json::to_value(change(1)).unwrap();
    let with = |key: &str, value: serde_json::Value| {
        let mut c = good.clone();
        c[key] = value;
        json!({ "changes": [c] }).to_string().into_bytes()
    };
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        (
            "truncated JSON",
            b"{\"changes\": [".to_vec(),
            400,
            "invalid_json",
        ),
        ("not JSON", b"hello".to_vec(), 400, "invalid_json"),
        ("empty body", Vec::new(), 400, "invalid_json"),
        (
            "changes is not a list",
            br#"{"changes": 5}"#.to_vec(),
            422,
            "invalid_request",
        ),
        (
            "unknown top-level field",
            br#"{"changes": [], "x": 1}"#.to_vec(),
            422,
            "invalid_request",
        ),
        ("missing changes", b"{}".to_vec(), 422, "invalid_request"),
        ("JSON array", b"[]".to_vec(), 422, "invalid_request"),
        (
            "unknown change field",
            with("extra", json!(true)),
            422,
            "invalid_request",
        ),
        (
            "change_id not a uuid",
            with("change_id", json!("nope")),
            422,
            "invalid_request",
        ),
        (
            "record_id a number",
            with("record_id", json!(7)),
            422,
            "invalid_request",
        ),
        (
            "clock empty",
            with("clock", json!("")),
            422,
            "invalid_request",
        ),
        (
            "clock with spaces",
            with("clock", json!("1 2")),
            422,
            "invalid_request",
        ),
        (
            "clock too long",
            with("clock", json!("9".repeat(65))),
            422,
            "invalid_request",
        ),
        (
            "nonce not base64",
            with("nonce", json!("***")),
            422,
            "invalid_request",
        ),
        (
            "nonce too short",
            with("nonce", json!(STANDARD.encode([0u8; 8]))),
            422,
            "invalid_request",
        ),
        (
            "nonce too long",
            with("nonce", json!(STANDARD.encode([0u8; 16]))),
            413,
            "payload_too_large",
        ),
        (
            "ciphertext shorter than a tag",
            with("ciphertext", json!(STANDARD.encode([0u8; 4]))),
            422,
            "invalid_request",
        ),
        (
            "ciphertext null",
            with("ciphertext", json!(null)),
            422,
            "invalid_request",
        ),
    ];
    for (what, body, status, code) in cases {
        let r = raw(
            &server,
            Method::POST,
            "/api/sync/push",
            Some(token),
            "application/json",
            &body,
        )
        .await;
        assert_eq!(r.error(status), code, "{what}");
    }
    let r = raw(
        &server,
        Method::POST,
        "/api/sync/push",
        Some(token),
        "text/plain",
        b"{\"changes\":[]}",
    )
    .await;
    assert_eq!(r.error(415), "unsupported_media_type");

    // Tokens: missing, malformed, unknown.
    for auth in [
        None,
        Some("not-a-token"),
        Some(&*"A".repeat(43)),
        Some(&*format!("{token}x")),
    ] {
        let r = raw(
            &server,
            Method::POST,
            "/api/sync/push",
            auth,
            "application/json",
            br#"{"changes":[]}"#,
        )
        .await;
        assert_eq!(r.error(401), "unauthorized", "{auth:?}");
        assert_eq!(r.header("www-authenticate"), "Bearer");
    }
    let r = server
        .request(
            Method::GET,
            "/api/sync/pull",
            &[("authorization", token)],
            None,
        )
        .await;
    assert_eq!(
        r.error(401),
        "unauthorized",
        "token without the Bearer scheme"
    );

    for query in [
        "?limit=0",
        "?limit=100000",
        "?after=-1",
        "?after=abc",
        "?limit=1.5",
        "?foo=1",
        "?after=99999999999999999999",
    ] {
        assert_eq!(
            pull(&server, token, query).await.error(422),
            "invalid_request",
            "{query}"
        );
    }
    // Team creation and joining reject junk too.
    let r = raw(
        &server,
        Method::POST,
        "/api/teams",
        None,
        "application/json",
        br#"{"device_label": 5}"#,
    )
    .await;
    assert_eq!(r.error(422), "invalid_request");
    let r = raw(
        &server,
        Method::POST,
        "/api/teams",
        None,
        "application/json",
        br#"{"device_label": "a\u0000b"}"#,
    )
    .await;
    assert_eq!(r.error(422), "invalid_request");
    let path = format!("/api/teams/{}/devices", team.team_id);
    let r = raw(
        &server,
        Method::POST,
        &path,
        None,
        "application/json",
        br#"{"invite":"x"}"#,
    )
    .await;
    assert_eq!(r.error(422), "invalid_request");
    let r = raw(
        &server,
        Method::POST,
        "/api/teams/not-a-uuid/devices",
        None,
        "application/json",
        br#"{"invite_secret":"x"}"#,
    )
    .await;
    assert_eq!(r.error(403), "forbidden");
    let r = server
        .json::<()>(
            Method::GET,
            "/api/teams/not-a-uuid/devices",
            Some(token),
            None,
        )
        .await;
    assert_eq!(r.error(404), "not_found");
    let r = server
        .json::<()>(Method::PATCH, "/api/sync/push", Some(token), None)
        .await;
    assert_eq!(r.error(405), "method_not_allowed");
    // Still healthy after all that.
    assert_eq!(server.get("/api/health").await.status, 200);
}

async fn limits_are_enforced(backend: Backend) {
    let server = start(
        &backend,
        &[
            "--max-batch",
            "5",
            "--max-ciphertext-bytes",
            "100",
            "--max-body-bytes",
            "4000",
        ],
    );
    let team = create_team(&server).await;
    let token = team.device_token.as_str();
    let six: Vec<Change> = (0..6).map(change).collect();
    let r = push(&server, token, &six).await;
    assert_eq!(r.error(413), "payload_too_large");
    assert!(r.text().contains("at most 5"), "{}", r.text());
    assert_eq!(push(&server, token, &six[..5]).await.status, 200);

    let mut big = change(9);
    big.ciphertext = STANDARD.encode([7u8; 101]);
    assert_eq!(
        push(&server, token, &[big.clone()]).await.error(413),
        "payload_too_large"
    );
    big.ciphertext = STANDARD.encode([7u8; 100]);
    assert_eq!(push(&server, token, &[big]).await.status, 200);

    let huge = format!("{{\"changes\":[], \"pad\": \"{}\"}}", "x".repeat(5000));
    let r = raw(
        &server,
        Method::POST,
        "/api/sync/push",
        Some(token),
        "application/json",
        huge.as_bytes(),
    )
    .await;
    assert_eq!(r.error(413), "payload_too_large");
    let r = raw(
        &server,
        Method::POST,
        "/api/teams",
        None,
        "application/json",
        huge.as_bytes(),
    )
    .await;
    assert_eq!(r.error(413), "payload_too_large");
    // Nothing of the rejected pushes was stored.
    assert_eq!(pull_all(&server, token, 100).await.len(), 6);
}

async fn restart_keeps_data(backend: Backend) {
    let mut server = start(&backend, &[]);
    let team = create_team(&server).await;
    let changes: Vec<Change> = (0..10).map(change).collect();
    assert_eq!(
        push(&server, &team.device_token, &changes).await.status,
        200
    );
    server.restart(); // SIGKILL, then start again on the same data
    let all = pull_all(&server, &team.device_token, 100).await;
    assert_eq!(all.len(), 10);
    let more: PushResponse = push(&server, &team.device_token, &[change(10)])
        .await
        .json();
    assert_eq!(more.seq, 11, "sequence numbers continue after a restart");
    let status = server.terminate();
    assert!(status.success());
}

async fn crash_during_pushes_loses_and_duplicates_nothing(backend: Backend) {
    let mut server = start(&backend, &[]);
    let team = create_team(&server).await;
    let batches: Vec<Vec<Change>> = (0..40)
        .map(|b| (0..50).map(|i| change(b * 50 + i)).collect())
        .collect();
    let (addr, token) = (server.addr.clone(), team.device_token.clone());
    let sent = batches.clone();
    // A client pushing as fast as it can; it stops at the first failure (the crash).
    let pusher = tokio::spawn(async move {
        let auth = format!("Bearer {token}");
        let headers = [
            ("content-type", "application/json"),
            ("authorization", auth.as_str()),
        ];
        let mut acknowledged = Vec::new();
        for batch in &sent {
            let body = serde_json::to_vec(&PushRequest {
                changes: batch.clone(),
            })
            .unwrap();
            match common::try_request(&addr, Method::POST, "/api/sync/push", &headers, Some(body))
                .await
            {
                Ok(r) if r.status == 200 => acknowledged.extend(r.json::<PushResponse>().accepted),
                _ => break,
            }
        }
        acknowledged
    });
    tokio::time::sleep(std::time::Duration::from_millis(60)).await;
    server.kill(); // SIGKILL mid-stream
    let acknowledged = pusher.await.unwrap();
    eprintln!(
        "{} of 2000 changes acknowledged before the crash",
        acknowledged.len()
    );
    server.restart();

    // Every acknowledged change survived the crash.
    let stored: std::collections::HashSet<Uuid> = pull_all(&server, &team.device_token, 1000)
        .await
        .iter()
        .map(|c| c.change_id)
        .collect();
    assert!(
        acknowledged.iter().all(|id| stored.contains(id)),
        "an acknowledged change was lost"
    );

    // The client retries everything it has; nothing ends up twice.
    for batch in &batches {
        assert_eq!(push(&server, &team.device_token, batch).await.status, 200);
    }
    let all = pull_all(&server, &team.device_token, 1000).await;
    assert_eq!(all.len(), 2000);
    assert_eq!(
        all.iter().map(|c| c.seq).collect::<Vec<_>>(),
        (1..=2000).collect::<Vec<_>>()
    );
    let unique: std::collections::HashSet<Uuid> = all.iter().map(|c| c.change_id).collect();
    assert_eq!(unique.len(), 2000);
}

async fn rate_limits(backend: Backend) {
    let server = start(
        &backend,
        &["--rate-per-token", "0.5", "--burst-per-token", "3"],
    );
    let team = create_team(&server).await;
    for _ in 0..3 {
        assert_eq!(pull(&server, &team.device_token, "").await.status, 200);
    }
    let r = pull(&server, &team.device_token, "").await;
    assert_eq!(r.error(429), "rate_limited");
    assert!(r.header("retry-after").parse::<u64>().unwrap() >= 1);
    // Another device is not affected.
    let other = create_team(&server).await;
    assert_eq!(pull(&server, &other.device_token, "").await.status, 200);

    let per_ip = start(&backend, &["--rate-per-ip", "0.5", "--burst-per-ip", "2"]);
    assert_eq!(per_ip.get("/api/health").await.status, 200);
    assert_eq!(per_ip.get("/api/health").await.status, 200);
    assert_eq!(per_ip.get("/api/health").await.error(429), "rate_limited");
    assert_eq!(
        per_ip.get("/").await.status,
        200,
        "static files are not rate limited"
    );
}

fn share_id() -> String {
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(new_uuid().unwrap().as_bytes());
    URL_SAFE_NO_PAD.encode(bytes)
}

fn now_ms() -> i64 {
    signaal_server::now_ms()
}

fn share_body(text: &str, expires_at: i64) -> PutShareRequest {
    PutShareRequest {
        nonce: STANDARD.encode([1u8; 12]),
        ciphertext: STANDARD.encode(text.as_bytes()),
        expires_at,
        reply_auth: None,
    }
}

async fn parent_links(backend: Backend) {
    let server = start(&backend, &["--share-lookups-per-minute", "600"]);
    let team = create_team(&server).await;
    let token = Some(team.device_token.as_str());
    let id = share_id();
    let path = format!("/api/shares/{id}");
    let expires = now_ms() + 30 * 24 * 3600 * 1000;

    let put = server
        .json(
            Method::PUT,
            &path,
            token,
            Some(&share_body("summary version one!", expires)),
        )
        .await;
    assert_eq!(put.status, 200, "{}", put.text());
    let status: ShareStatus = put.json();
    assert_eq!(
        (status.open_count, status.last_opened_at, status.expires_at),
        (0, None, expires)
    );

    let opened: ShareEnvelope = server.get(&path).await.json();
    assert_eq!(
        STANDARD.decode(&opened.ciphertext).unwrap(),
        b"summary version one!"
    );
    assert_eq!(opened.expires_at, expires);
    let _ = server.get(&path).await;
    let status: ShareStatus = server
        .json::<()>(Method::GET, &format!("{path}/status"), token, None)
        .await
        .json();
    assert_eq!(status.open_count, 2);
    assert!(status.last_opened_at.is_some());

    // Updating keeps the link and its statistics.
    let put = server
        .json(
            Method::PUT,
            &path,
            token,
            Some(&share_body("summary version two!", expires)),
        )
        .await;
    assert_eq!(put.json::<ShareStatus>().open_count, 2);
    let opened: ShareEnvelope = server.get(&path).await.json();
    assert_eq!(
        STANDARD.decode(&opened.ciphertext).unwrap(),
        b"summary version two!"
    );

    // Another team cannot take over or revoke the link, nor read its statistics.
    let other = create_team(&server).await;
    // A PUT on the other team's id answers exactly as a first PUT on an unknown id does, so
    // it does not tell that the id exists; nothing of it is stored.
    let r = server
        .json(
            Method::PUT,
            &path,
            Some(&other.device_token),
            Some(&share_body("hijack attempt....", expires)),
        )
        .await;
    let unknown = server
        .json(
            Method::PUT,
            &format!("/api/shares/{}", share_id()),
            Some(&other.device_token),
            Some(&share_body("a link of its own", expires)),
        )
        .await;
    assert_eq!((r.status, r.text()), (unknown.status, unknown.text()));
    assert_eq!(
        r.json::<ShareStatus>(),
        ShareStatus {
            expires_at: expires,
            open_count: 0,
            last_opened_at: None
        }
    );
    let opened: ShareEnvelope = server.get(&path).await.json();
    assert_eq!(
        STANDARD.decode(&opened.ciphertext).unwrap(),
        b"summary version two!",
        "not overwritten"
    );
    assert_eq!(
        server
            .json::<()>(Method::DELETE, &path, Some(&other.device_token), None)
            .await
            .status,
        204
    );
    assert_eq!(server.get(&path).await.status, 200, "still there");
    let r = server
        .json::<()>(
            Method::GET,
            &format!("{path}/status"),
            Some(&other.device_token),
            None,
        )
        .await;
    assert_eq!(r.error(410), "gone");

    // Revoked, unknown and malformed ids all answer the same 410.
    assert_eq!(
        server
            .json::<()>(Method::DELETE, &path, token, None)
            .await
            .status,
        204
    );
    let revoked = server.get(&path).await;
    let unknown = server.get(&format!("/api/shares/{}", share_id())).await;
    let malformed = server.get("/api/shares/not*an*id").await;
    assert_eq!(revoked.error(410), "gone");
    assert_eq!(
        (revoked.text(), revoked.text()),
        (unknown.text(), malformed.text())
    );
    assert_eq!(unknown.error(410), "gone");

    // Bad input.
    let r = server
        .json(
            Method::PUT,
            "/api/shares/short",
            token,
            Some(&share_body("0123456789abcdef", expires)),
        )
        .await;
    assert_eq!(r.error(422), "invalid_request");
    let new_path = format!("/api/shares/{}", share_id());
    let r = server
        .json(
            Method::PUT,
            &new_path,
            token,
            Some(&share_body("0123456789abcdef", now_ms() - 1)),
        )
        .await;
    assert_eq!(r.error(422), "invalid_request");
    let r = server
        .json(
            Method::PUT,
            &new_path,
            token,
            Some(&share_body("0123456789abcdef", now_ms() + 400 * 86_400_000)),
        )
        .await;
    assert_eq!(r.error(422), "invalid_request");
    let r = server
        .json(
            Method::PUT,
            &new_path,
            None,
            Some(&share_body("0123456789abcdef", expires)),
        )
        .await;
    assert_eq!(r.error(401), "unauthorized");
    let huge = "x".repeat(300 * 1024);
    let r = server
        .json(
            Method::PUT,
            &new_path,
            token,
            Some(&share_body(&huge, expires)),
        )
        .await;
    assert_eq!(r.error(413), "payload_too_large");
}

async fn parent_link_expiry(backend: Backend) {
    let server = start(&backend, &["--share-lookups-per-minute", "6"]);
    let team = create_team(&server).await;
    let token = Some(team.device_token.as_str());
    let path = format!("/api/shares/{}", share_id());
    let put = server
        .json(
            Method::PUT,
            &path,
            token,
            Some(&share_body("expires very soon..", now_ms() + 1500)),
        )
        .await;
    assert_eq!(put.status, 200, "{}", put.text());
    assert_eq!(server.get(&path).await.status, 200);
    tokio::time::sleep(std::time::Duration::from_millis(1600)).await;
    assert_eq!(server.get(&path).await.error(410), "gone");
    assert_eq!(
        server
            .json::<()>(Method::GET, &format!("{path}/status"), token, None)
            .await
            .error(410),
        "gone"
    );
    // Lookups are rate limited per IP (6 a minute, burst 2; two were spent above).
    let mut statuses = Vec::new();
    for _ in 0..3 {
        statuses.push(server.get(&path).await.status.as_u16());
    }
    assert!(statuses.contains(&429), "{statuses:?}");
}

/// A change whose ciphertext is `bytes` long.
fn large_change(n: u32, bytes: usize) -> Change {
    Change {
        ciphertext: STANDARD.encode(vec![n as u8; bytes]),
        ..change(n)
    }
}

async fn pull_pages_are_capped_in_bytes(backend: Backend) {
    let server = start(&backend, &["--max-pull-bytes", "200000"]);
    let team = create_team(&server).await;
    let changes: Vec<Change> = (0..30).map(|n| large_change(n, 50_000)).collect();
    for batch in changes.chunks(10) {
        assert_eq!(push(&server, &team.device_token, batch).await.status, 200);
    }
    // 50 kB each, 200 kB a page: 4 changes a page, however many rows were asked for.
    let first: PullResponse = pull(&server, &team.device_token, "?after=0&limit=1000")
        .await
        .json();
    assert_eq!(first.changes.len(), 4);
    assert!(first.more);
    let all = pull_all(&server, &team.device_token, 1000).await;
    let seqs: Vec<u64> = all.iter().map(|c| c.seq).collect();
    assert_eq!(
        seqs,
        (1..=30).collect::<Vec<_>>(),
        "every change, once, in order"
    );
    assert_eq!(all[29].ciphertext, changes[29].ciphertext);

    // A change larger than the cap still comes, alone.
    let tight = start(&backend, &["--max-pull-bytes", "1000"]);
    let team = create_team(&tight).await;
    assert_eq!(
        push(&tight, &team.device_token, &changes[..3]).await.status,
        200
    );
    let page: PullResponse = pull(&tight, &team.device_token, "?after=0").await.json();
    assert_eq!((page.changes.len(), page.more), (1, true));
    let last: PullResponse = pull(&tight, &team.device_token, "?after=2").await.json();
    assert_eq!((last.changes.len(), last.more), (1, false));
}

async fn clocks_far_ahead_are_refused(backend: Backend) {
    use signaal_core::clock::{DeviceId, Hlc, MAX_SKEW_MS};
    let server = start(&backend, &[]);
    let team = create_team(&server).await;
    let now = u64::try_from(signaal_server::now_ms()).unwrap();
    let stamped = |wall_ms: u64| Change {
        clock: Hlc::new(wall_ms, 0, DeviceId(7)).to_string(),
        ..change(1)
    };
    // An hour ahead (a clock that drifts) is fine; two days ahead (a wrong date) is refused whole.
    let r = push(&server, &team.device_token, &[stamped(now + 3_600_000)]).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let r = push(
        &server,
        &team.device_token,
        &[stamped(now), stamped(now + 2 * MAX_SKEW_MS)],
    )
    .await;
    assert_eq!(r.error(422), "clock_ahead");
    assert!(r.text().contains("48 hours ahead"), "{}", r.text());
    assert_eq!(
        pull_all(&server, &team.device_token, 100).await.len(),
        1,
        "nothing of the refused batch stored"
    );
}

async fn erasure_leaves_only_the_tombstone(backend: Backend) {
    let server = start(&backend, &[]);
    let team = create_team(&server).await;
    let token = team.device_token.as_str();
    let secret_note =
        |n: u32| format!("ERASE-ME-{n}: what the notebook said about this child").into_bytes();
    let version = |n: u32, record: Uuid| Change {
        record_id: record,
        ciphertext: STANDARD.encode(secret_note(n)),
        ..change(n)
    };
    let (child, other) = (new_uuid().unwrap(), new_uuid().unwrap());
    assert_eq!(
        push(
            &server,
            token,
            &[version(1, child), version(2, child), version(3, other)]
        )
        .await
        .status,
        200
    );
    assert_eq!(push(&server, token, &[version(4, child)]).await.status, 200);

    let tombstone = Change {
        erased: true,
        record_id: child,
        ciphertext: STANDARD.encode(b"sealed tombstone, no fields"),
        ..change(5)
    };
    let erased: PushResponse = push(&server, token, &[tombstone.clone()]).await.json();
    assert_eq!(erased.accepted, vec![tombstone.change_id]);
    // A retried erasure, and a late edit from a device that had not seen it: accepted (they
    // leave the outbox) but nothing more is stored for the record.
    assert_eq!(push(&server, token, &[tombstone.clone()]).await.status, 200);
    let late: PushResponse = push(&server, token, &[version(6, child)]).await.json();
    assert_eq!(late.accepted.len(), 1);

    // A device that joins now and pulls from the start gets the tombstone and the other record.
    let joined: JoinTeamResponse = join(&server, team.team_id, &team.invite_secret)
        .await
        .json();
    let all = pull_all(&server, &joined.device_token, 100).await;
    assert_eq!(
        all.iter().map(|c| c.record_id).collect::<Vec<_>>(),
        vec![other, child]
    );
    assert_eq!(all[1].change_id, tombstone.change_id);
    for c in &all {
        assert!(
            !String::from_utf8_lossy(&STANDARD.decode(&c.ciphertext).unwrap())
                .contains("ERASE-ME-1")
        );
    }

    if let Backend::Sqlite = backend {
        // Not in the files either, not even in free pages or old frames of the write-ahead
        // log, while the server still runs: search every byte.
        let mut bytes = std::fs::read(server.data_dir().join("signaal.db")).unwrap();
        if let Ok(wal) = std::fs::read(server.data_dir().join("signaal.db-wal")) {
            bytes.extend(wal);
        }
        for n in [1, 2, 4, 6] {
            let needle = secret_note(n);
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "version {n} of the erased record is still in the file"
            );
        }
        let kept = secret_note(3);
        assert!(
            bytes.windows(kept.len()).any(|w| w == kept),
            "the other record is still there (the search works)"
        );
    }
}

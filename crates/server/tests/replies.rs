//! Parents' replies to a link, against the real server binary on SQLite and (with
//! `SIGNAAL_TEST_DATABASE_URL`) PostgreSQL: only a holder of the link's reply token may post,
//! the team fetches and confirms, revoking the link takes its replies along, and flooding is
//! refused with typed errors.

#[macro_use]
mod common;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use common::{create_team, Backend, Resp, Server};
use hyper::Method;
use signaal_core::wire::{
    limits, PostReplyRequest, PutShareRequest, ReplyList, ReplyReceipt, ReplyStatus,
};
use signaal_server::secret::{hash, new_secret, new_uuid};

on_both_backends!(
    only_the_links_token_may_reply,
    revoking_takes_the_replies_along,
    flooding_is_refused,
);

fn random_id(bytes: usize) -> String {
    URL_SAFE_NO_PAD.encode(&new_uuid().unwrap().as_bytes()[..bytes])
}

/// A live link of the team whose replies are checked against `reply_token` (none: a link
/// published before replies existed).
async fn publish(server: &Server, device_token: &str, reply_token: Option<&str>) -> String {
    let id = random_id(16);
    let body = PutShareRequest {
        nonce: STANDARD.encode([1u8; 12]),
        ciphertext: STANDARD.encode(b"sealed summary bytes"),
        expires_at: signaal_server::now_ms() + 86_400_000,
        reply_auth: reply_token.map(|t| STANDARD.encode(hash(t))),
    };
    let put = server
        .json(
            Method::PUT,
            &format!("/api/shares/{id}"),
            Some(device_token),
            Some(&body),
        )
        .await;
    assert_eq!(put.status, 200, "{}", put.text());
    id
}

fn reply_body(reply_id: &str, bytes: usize) -> PostReplyRequest {
    PostReplyRequest {
        reply_id: reply_id.to_owned(),
        nonce: STANDARD.encode([2u8; 12]),
        ciphertext: STANDARD.encode(vec![7u8; bytes]),
    }
}

async fn post(server: &Server, link: &str, token: Option<&str>, body: &PostReplyRequest) -> Resp {
    server
        .json(
            Method::POST,
            &format!("/api/shares/{link}/replies"),
            token,
            Some(body),
        )
        .await
}

async fn waiting(server: &Server, device_token: &str) -> ReplyList {
    let list = server
        .json::<()>(Method::GET, "/api/replies", Some(device_token), None)
        .await;
    assert_eq!(list.status, 200, "{}", list.text());
    list.json()
}

async fn delivered(server: &Server, link: &str, token: &str, reply_id: &str) -> bool {
    let status = server
        .json::<()>(
            Method::GET,
            &format!("/api/shares/{link}/replies/{reply_id}"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(status.status, 200, "{}", status.text());
    status.json::<ReplyStatus>().delivered
}

async fn only_the_links_token_may_reply(backend: Backend) {
    let server = Server::with_args(&backend, &[]);
    let team = create_team(&server).await;
    let other = create_team(&server).await;
    let token = new_secret().unwrap();
    let link = publish(&server, &team.device_token, Some(&token)).await;
    let reply_id = random_id(16);
    let body = reply_body(&reply_id, 300);

    let first = post(&server, &link, Some(&token), &body).await;
    assert_eq!(first.status, 201, "{}", first.text());
    assert!(first.json::<ReplyReceipt>().received_at > 0);
    // Posting the same reply again (its answer was lost) stores it once.
    assert_eq!(post(&server, &link, Some(&token), &body).await.status, 201);
    assert!(!delivered(&server, &link, &token, &reply_id).await);

    // Wrong, missing or malformed tokens; the device token of the team is no reply token either.
    let wrong = new_secret().unwrap();
    for t in [
        Some(wrong.as_str()),
        None,
        Some("short"),
        Some(team.device_token.as_str()),
    ] {
        let refused = post(&server, &link, t, &reply_body(&random_id(16), 30)).await;
        assert_eq!(refused.error(403), "reply_forbidden", "{t:?}");
    }
    let status = server
        .json::<()>(
            Method::GET,
            &format!("/api/shares/{link}/replies/{reply_id}"),
            Some(&wrong),
            None,
        )
        .await;
    assert_eq!(status.error(403), "reply_forbidden");
    // Unknown and malformed links answer as a revoked one does.
    for unknown in [random_id(16), "not-a-link".to_owned()] {
        assert_eq!(
            post(&server, &unknown, Some(&token), &body)
                .await
                .error(410),
            "gone"
        );
    }
    // A link published without a reply hash takes no replies.
    let old = publish(&server, &team.device_token, None).await;
    assert_eq!(
        post(&server, &old, Some(&token), &body).await.error(403),
        "reply_forbidden"
    );
    // Too large, a bad id, a bad nonce: each has its own error, and nothing is stored.
    let large = reply_body(&random_id(16), limits::MAX_REPLY_BYTES + 1);
    assert_eq!(
        post(&server, &link, Some(&token), &large).await.error(413),
        "payload_too_large"
    );
    let bad_id = reply_body("x", 30);
    assert_eq!(
        post(&server, &link, Some(&token), &bad_id).await.error(422),
        "invalid_request"
    );
    let bad_nonce = PostReplyRequest {
        nonce: STANDARD.encode([1u8; 5]),
        ..reply_body(&random_id(16), 30)
    };
    assert_eq!(
        post(&server, &link, Some(&token), &bad_nonce)
            .await
            .error(422),
        "invalid_request"
    );
    let not_json = server
        .request(
            Method::POST,
            &format!("/api/shares/{link}/replies"),
            &[
                ("content-type", "application/json"),
                ("authorization", &format!("Bearer {token}")),
            ],
            Some(b"{".to_vec()),
        )
        .await;
    assert_eq!(not_json.error(400), "invalid_json");

    // The team sees exactly the one reply, as posted; another team sees nothing and cannot
    // confirm it away.
    let list = waiting(&server, &team.device_token).await;
    assert_eq!(list.replies.len(), 1);
    let got = &list.replies[0];
    assert_eq!(
        (got.link_id.as_str(), got.reply_id.as_str()),
        (link.as_str(), reply_id.as_str())
    );
    assert_eq!(got.ciphertext, body.ciphertext);
    assert_eq!(got.nonce, body.nonce);
    assert!(waiting(&server, &other.device_token)
        .await
        .replies
        .is_empty());
    let confirm = format!("/api/replies/{link}/{reply_id}");
    let foreign = server
        .json::<()>(Method::DELETE, &confirm, Some(&other.device_token), None)
        .await;
    assert_eq!(foreign.status, 204);
    assert_eq!(waiting(&server, &team.device_token).await.replies.len(), 1);
    // Without a device token nobody lists or confirms replies.
    let anonymous = server
        .json::<()>(Method::GET, "/api/replies", None, None)
        .await;
    assert_eq!(anonymous.error(401), "unauthorized");

    // The team confirms: the server forgets the reply and the parent learns it arrived.
    let confirmed = server
        .json::<()>(Method::DELETE, &confirm, Some(&team.device_token), None)
        .await;
    assert_eq!(confirmed.status, 204);
    assert!(waiting(&server, &team.device_token)
        .await
        .replies
        .is_empty());
    assert!(delivered(&server, &link, &token, &reply_id).await);
}

async fn revoking_takes_the_replies_along(backend: Backend) {
    let server = Server::with_args(&backend, &[]);
    let team = create_team(&server).await;
    let token = new_secret().unwrap();
    let link = publish(&server, &team.device_token, Some(&token)).await;
    let body = reply_body(&random_id(16), 100);
    assert_eq!(post(&server, &link, Some(&token), &body).await.status, 201);
    assert_eq!(waiting(&server, &team.device_token).await.replies.len(), 1);

    let revoked = server
        .json::<()>(
            Method::DELETE,
            &format!("/api/shares/{link}"),
            Some(&team.device_token),
            None,
        )
        .await;
    assert_eq!(revoked.status, 204);
    assert!(waiting(&server, &team.device_token)
        .await
        .replies
        .is_empty());
    let late = post(
        &server,
        &link,
        Some(&token),
        &reply_body(&random_id(16), 100),
    )
    .await;
    assert_eq!(late.error(410), "gone");
    assert!(waiting(&server, &team.device_token)
        .await
        .replies
        .is_empty());
}

async fn flooding_is_refused(backend: Backend) {
    // 8 an hour per link lets two through at once; the IP limit is far off.
    let server = Server::with_args(
        &backend,
        &[
            "--replies-per-hour-per-link",
            "8",
            "--replies-per-hour-per-ip",
            "400",
        ],
    );
    let team = create_team(&server).await;
    let token = new_secret().unwrap();
    let link = publish(&server, &team.device_token, Some(&token)).await;
    for _ in 0..2 {
        let ok = post(
            &server,
            &link,
            Some(&token),
            &reply_body(&random_id(16), 50),
        )
        .await;
        assert_eq!(ok.status, 201, "{}", ok.text());
    }
    let flood = post(
        &server,
        &link,
        Some(&token),
        &reply_body(&random_id(16), 50),
    )
    .await;
    assert_eq!(flood.error(429), "rate_limited");
    assert!(flood.headers.contains_key("retry-after"));
    // Someone without the token cannot use up the link's turns: refused before the count.
    let other_link = publish(&server, &team.device_token, Some(&token)).await;
    for _ in 0..5 {
        let wrong = post(
            &server,
            &other_link,
            Some(&new_secret().unwrap()),
            &reply_body(&random_id(16), 50),
        )
        .await;
        assert_eq!(wrong.error(403), "reply_forbidden");
    }
    assert_eq!(
        post(
            &server,
            &other_link,
            Some(&token),
            &reply_body(&random_id(16), 50)
        )
        .await
        .status,
        201
    );

    // Per IP: one network posting to many links.
    let server = Server::with_args(
        &backend,
        &[
            "--replies-per-hour-per-link",
            "0",
            "--replies-per-hour-per-ip",
            "8",
        ],
    );
    let team = create_team(&server).await;
    let mut answers = Vec::new();
    for _ in 0..3 {
        let link = publish(&server, &team.device_token, Some(&token)).await;
        answers.push(
            post(
                &server,
                &link,
                Some(&token),
                &reply_body(&random_id(16), 50),
            )
            .await
            .status
            .as_u16(),
        );
    }
    assert_eq!(answers, [201, 201, 429]);

    // However slowly they come, at most so many replies wait for the team per link.
    let server = Server::with_args(
        &backend,
        &[
            "--replies-per-hour-per-link",
            "0",
            "--replies-per-hour-per-ip",
            "0",
        ],
    );
    let team = create_team(&server).await;
    let link = publish(&server, &team.device_token, Some(&token)).await;
    for _ in 0..limits::MAX_PENDING_REPLIES {
        assert_eq!(
            post(
                &server,
                &link,
                Some(&token),
                &reply_body(&random_id(16), 50)
            )
            .await
            .status,
            201
        );
    }
    let full = post(
        &server,
        &link,
        Some(&token),
        &reply_body(&random_id(16), 50),
    )
    .await;
    assert_eq!(full.error(429), "replies_waiting");
    assert_eq!(
        waiting(&server, &team.device_token).await.replies.len(),
        limits::MAX_PENDING_REPLIES
    );
}

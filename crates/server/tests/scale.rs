//! Scale-out: two server processes on one PostgreSQL database behave as one server. Each test
//! gets a database of its own, created and dropped here. Skipped unless
//! `SIGNAAL_TEST_DATABASE_URL` is set (see `scripts/postgres.sh`).

mod common;

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use common::{change, create_team, join, pull, pull_all, push, Backend, Options, Server};
use hyper::Method;
use signaal_core::wire::{
    Change, Health, InviteResponse, JoinTeamResponse, PullResponse, PulledChange, PushResponse,
    PutShareRequest, ShareStatus,
};
use signaal_server::secret::new_uuid;
use sqlx::{Connection as _, Row as _};

/// A database of its own on the test cluster, dropped (with its connections) at the end.
struct FreshDatabase {
    admin_url: String,
    name: String,
    url: String,
}

impl FreshDatabase {
    async fn create(admin_url: &str) -> Self {
        let name = format!("signaal_scale_{}", new_uuid().unwrap().simple());
        let mut admin = sqlx::PgConnection::connect(admin_url)
            .await
            .expect("connect to SIGNAAL_TEST_DATABASE_URL");
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .await
            .unwrap();
        admin.close().await.unwrap();
        // postgres://user@host:port/db?params → the same with this database.
        let (base, params) = admin_url
            .split_once('?')
            .map_or((admin_url, None), |(b, p)| (b, Some(p)));
        let scheme_end = base.find("://").expect("a postgres:// URL") + 3;
        let host_end = base[scheme_end..]
            .find('/')
            .map_or(base.len(), |i| scheme_end + i);
        let mut url = format!("{}/{name}", &base[..host_end]);
        if let Some(params) = params {
            url = format!("{url}?{params}");
        }
        FreshDatabase {
            admin_url: admin_url.to_owned(),
            name,
            url,
        }
    }

    async fn connect(&self) -> sqlx::PgConnection {
        sqlx::PgConnection::connect(&self.url).await.unwrap()
    }
}

impl Drop for FreshDatabase {
    fn drop(&mut self) {
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        // Drop runs inside the test's runtime: use a runtime of its own on another thread.
        let dropped = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                let mut admin = sqlx::PgConnection::connect(&admin_url).await?;
                sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut admin)
                    .await?;
                admin.close().await
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!(
                "note: could not drop the test database {}: {dropped:?}",
                self.name
            );
        }
    }
}

/// Starts two servers on `url` at the same moment (both migrate the fresh database at once).
fn start_two(url: &str) -> [Server; 2] {
    let start = || {
        Server::start(Options {
            backend: Backend::Postgres(url.to_owned()),
            ..Options::default()
        })
    };
    std::thread::scope(|s| {
        let a = s.spawn(start);
        let b = s.spawn(start);
        [a.join().unwrap(), b.join().unwrap()]
    })
}

fn admin_url() -> Option<String> {
    match Backend::postgres()? {
        Backend::Postgres(url) => Some(url),
        Backend::Sqlite => None,
    }
}

const TASKS: usize = 4;
const PUSHES: usize = 50;
const BATCH: usize = 3;

/// One device's pushes, alternating between the instances. Every fifth batch is retried on the
/// other instance after it was acknowledged (a client whose answer was lost, sent elsewhere by
/// the load balancer); every fifth other batch goes to both instances at the same moment.
async fn pusher(servers: Arc<[Server; 2]>, token: String, task: usize) -> Vec<Change> {
    let mut sent = Vec::new();
    for i in 0..PUSHES {
        let batch: Vec<Change> = (0..BATCH)
            .map(|k| change(u32::try_from(task * 10_000 + i * BATCH + k).unwrap()))
            .collect();
        let ids: Vec<_> = batch.iter().map(|c| c.change_id).collect();
        let (here, there) = (&servers[(task + i) % 2], &servers[(task + i + 1) % 2]);
        let answers = match i % 5 {
            0 => {
                let first = push(here, &token, &batch).await;
                vec![first, push(there, &token, &batch).await]
            }
            1 => {
                let (a, b) = tokio::join!(push(here, &token, &batch), push(there, &token, &batch));
                vec![a, b]
            }
            _ => vec![push(here, &token, &batch).await],
        };
        let mut last_seq = 0;
        for r in answers {
            assert_eq!(r.status, 200, "task {task} push {i}: {}", r.text());
            let answer: PushResponse = r.json();
            assert_eq!(
                answer.accepted, ids,
                "every change acknowledged, also on a retry"
            );
            assert!(answer.seq >= (BATCH as u64), "{answer:?}");
            last_seq = last_seq.max(answer.seq);
        }
        assert!(last_seq <= (TASKS * PUSHES * BATCH) as u64);
        sent.extend(batch);
    }
    sent
}

/// A device pulling while the others push, each page from the other instance: every page must
/// continue exactly where the last one ended (a cursor never skips a change that commits later).
async fn live_reader(
    servers: Arc<[Server; 2]>,
    token: String,
    pushing_done: Arc<AtomicBool>,
) -> Vec<PulledChange> {
    let mut seen: Vec<PulledChange> = Vec::new();
    let mut cursor = 0u64;
    for page_no in 0usize.. {
        let finished = pushing_done.load(Ordering::SeqCst);
        let r = pull(
            &servers[page_no % 2],
            &token,
            &format!("?after={cursor}&limit=37"),
        )
        .await;
        assert_eq!(r.status, 200, "{}", r.text());
        let page: PullResponse = r.json();
        let seqs: Vec<u64> = page.changes.iter().map(|c| c.seq).collect();
        let expected: Vec<u64> = (cursor + 1..=cursor + seqs.len() as u64).collect();
        assert_eq!(
            seqs, expected,
            "a page continues right after the cursor, without gaps"
        );
        assert_eq!(page.next, cursor + seqs.len() as u64);
        cursor = page.next;
        seen.extend(page.changes);
        if finished && !page.more {
            return seen;
        }
        if !page.more {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
    unreachable!()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_database_number_every_change_once() {
    let Some(admin) = admin_url() else { return };
    let db = FreshDatabase::create(&admin).await;
    let servers = Arc::new(start_two(&db.url));
    for server in servers.iter() {
        let health: Health = server.get("/api/health").await.json();
        assert_eq!(health.db, "postgres");
    }
    // The team starts on one instance; its second device joins through the other.
    let team = create_team(&servers[0]).await;
    let joined: JoinTeamResponse = {
        let r = join(&servers[1], team.team_id, &team.invite_secret).await;
        assert_eq!(r.status, 201, "{}", r.text());
        r.json()
    };
    let tokens = [team.device_token.clone(), joined.device_token.clone()];

    let pushing_done = Arc::new(AtomicBool::new(false));
    let reader = tokio::spawn(live_reader(
        Arc::clone(&servers),
        tokens[1].clone(),
        Arc::clone(&pushing_done),
    ));
    let tasks: Vec<_> = (0..TASKS)
        .map(|t| tokio::spawn(pusher(Arc::clone(&servers), tokens[t % 2].clone(), t)))
        .collect();
    let mut sent = Vec::new();
    for task in tasks {
        sent.extend(task.await.unwrap());
    }
    pushing_done.store(true, Ordering::SeqCst);
    let total = TASKS * PUSHES * BATCH;
    assert_eq!(sent.len(), total);

    // Everything, from each instance and as each device: the same list, every change once,
    // numbered 1..N.
    let from_a = pull_all(&servers[0], &tokens[0], 1000).await;
    let from_b = pull_all(&servers[1], &tokens[1], 64).await;
    assert_eq!(from_a, from_b, "both instances return the same change log");
    assert_eq!(
        from_a.iter().map(|c| c.seq).collect::<Vec<_>>(),
        (1..=total as u64).collect::<Vec<_>>()
    );
    let by_id: HashMap<_, _> = sent.iter().map(|c| (c.change_id, c)).collect();
    let pulled_ids: HashSet<_> = from_a.iter().map(|c| c.change_id).collect();
    assert_eq!(pulled_ids.len(), total, "no change twice");
    assert_eq!(
        pulled_ids,
        by_id.keys().copied().collect::<HashSet<_>>(),
        "every pushed change, nothing else"
    );
    for got in &from_a {
        let sent = by_id[&got.change_id];
        assert_eq!(
            (got.record_id, &got.clock, &got.nonce, &got.ciphertext),
            (sent.record_id, &sent.clock, &sent.nonce, &sent.ciphertext)
        );
    }
    let live = reader.await.unwrap();
    assert_eq!(
        live, from_a,
        "the device pulling during the pushes ends up with exactly the same"
    );

    // Both instances agree on the team's counter, and numbering goes on from it on either one.
    for server in servers.iter() {
        let empty: PushResponse = push(server, &tokens[0], &[]).await.json();
        assert_eq!(empty.seq, total as u64);
    }
    let next: PushResponse = push(&servers[1], &tokens[0], &[change(99_999)])
        .await
        .json();
    assert_eq!(next.seq, total as u64 + 1);
    assert_eq!(
        pull_all(&servers[0], &tokens[1], 1000).await.len(),
        total + 1
    );
    let mut conn = db.connect().await;
    let stored: i64 = sqlx::query("SELECT count(*) FROM changes")
        .fetch_one(&mut conn)
        .await
        .unwrap()
        .get(0);
    assert_eq!(stored, total as i64 + 1);
    conn.close().await.unwrap();
    for server in servers.iter() {
        assert!(!server.log().contains("ERROR"), "{}", server.log());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_share_devices_invites_links_and_the_purge() {
    let Some(admin) = admin_url() else { return };
    let db = FreshDatabase::create(&admin).await;
    let [a, b] = start_two(&db.url);
    let team = create_team(&a).await;
    let token = team.device_token.as_str();

    // An invite rotated on one instance is void on the other at once.
    let rotated: InviteResponse = b
        .json::<()>(
            Method::POST,
            &format!("/api/teams/{}/invite", team.team_id),
            Some(token),
            None,
        )
        .await
        .json();
    assert_eq!(
        join(&a, team.team_id, &team.invite_secret).await.error(403),
        "forbidden"
    );
    let joined: JoinTeamResponse = join(&a, team.team_id, &rotated.invite_secret).await.json();
    // A device removed on one instance is refused by the other at once (no token cache).
    assert_eq!(pull(&b, &joined.device_token, "").await.status, 200);
    let path = format!("/api/teams/{}/devices/{}", team.team_id, joined.device_id);
    let renewed: InviteResponse = a
        .json::<()>(Method::DELETE, &path, Some(token), None)
        .await
        .json();
    assert_eq!(
        pull(&b, &joined.device_token, "").await.error(401),
        "unauthorized"
    );
    // The removal rotated the invite: void on the other instance, the new one works there.
    assert_eq!(
        join(&b, team.team_id, &rotated.invite_secret)
            .await
            .error(403),
        "forbidden"
    );
    assert_eq!(
        join(&b, team.team_id, &renewed.invite_secret).await.status,
        201
    );

    // A parent link published on one instance opens on the other; the count is shared.
    let share = format!(
        "/api/shares/{}",
        URL_SAFE_NO_PAD.encode(new_uuid().unwrap().as_bytes())
    );
    let body = |text: &str, expires_at| PutShareRequest {
        nonce: STANDARD.encode([1u8; 12]),
        ciphertext: STANDARD.encode(text.as_bytes()),
        expires_at,
        reply_auth: None,
    };
    let expires = signaal_server::now_ms() + 86_400_000;
    assert_eq!(
        a.json(
            Method::PUT,
            &share,
            Some(token),
            Some(&body("a parent summary.", expires))
        )
        .await
        .status,
        200
    );
    assert_eq!(b.get(&share).await.status, 200);
    assert_eq!(a.get(&share).await.status, 200);
    let status: ShareStatus = b
        .json::<()>(Method::GET, &format!("{share}/status"), Some(token), None)
        .await
        .json();
    assert_eq!(status.open_count, 2);
    assert_eq!(
        b.json::<()>(Method::DELETE, &share, Some(token), None)
            .await
            .status,
        204
    );
    assert_eq!(a.get(&share).await.error(410), "gone");

    // Every instance sweeps expired links (at start, then every 10 minutes): two sweeping the
    // same rows at once is harmless, a DELETE of rows already deleted deletes nothing.
    let expiring = format!(
        "/api/shares/{}",
        URL_SAFE_NO_PAD.encode(new_uuid().unwrap().as_bytes())
    );
    let put = a
        .json(
            Method::PUT,
            &expiring,
            Some(token),
            Some(&body("gone in a moment", signaal_server::now_ms() + 1000)),
        )
        .await;
    assert_eq!(put.status, 200, "{}", put.text());
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let [c, d] = start_two(&db.url);
    let mut conn = db.connect().await;
    let mut left = 1;
    for _ in 0..100 {
        left = sqlx::query("SELECT count(*) FROM shares")
            .fetch_one(&mut conn)
            .await
            .unwrap()
            .get::<i64, _>(0);
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    conn.close().await.unwrap();
    assert_eq!(left, 0, "the start-up sweep deleted the expired link");
    for server in [&a, &b, &c, &d] {
        assert_eq!(server.get(&expiring).await.error(410), "gone");
        assert_eq!(server.get("/api/health").await.status, 200);
        assert!(
            !server.log().contains("cannot delete expired parent links"),
            "{}",
            server.log()
        );
    }
}

//! Running the server: behind a trusted reverse proxy, `signaal-server backup` and
//! `signaal-server health`, against the real binary (SQLite).

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use common::{change, create_team, join, pull_all, push, run_command, Options, Resp, Server};
use hyper::Method;
use signaal_core::wire::{Change, JoinTeamResponse, PushResponse};
use signaal_server::secret::new_uuid;

fn start(args: &[&str]) -> Server {
    start_with(args, &[])
}

fn start_with(args: &[&str], env: &[(&str, &str)]) -> Server {
    Server::start(Options {
        args: args.iter().map(|s| s.to_string()).collect(),
        env: env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        ..Options::default()
    })
}

/// `GET path` with these `X-Forwarded-For` headers (none, one, or several).
async fn get_as(server: &Server, path: &str, forwarded_for: &[&str]) -> Resp {
    let headers: Vec<(&str, &str)> = forwarded_for
        .iter()
        .map(|v| ("x-forwarded-for", *v))
        .collect();
    server.request(Method::GET, path, &headers, None).await
}

async fn health_as(server: &Server, forwarded_for: &[&str]) -> u16 {
    get_as(server, "/api/health", forwarded_for)
        .await
        .status
        .as_u16()
}

fn unknown_share() -> String {
    format!(
        "/api/shares/{}",
        URL_SAFE_NO_PAD.encode(new_uuid().unwrap().as_bytes())
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spoofed_forwarded_for_from_an_untrusted_peer_changes_nothing() {
    // No trusted proxy at all, and one whose range does not hold the test's 127.0.0.1.
    for trusted in [None, Some("10.0.0.0/8")] {
        let mut args = vec!["--rate-per-ip", "0.01", "--burst-per-ip", "3"];
        args.extend(trusted.iter().flat_map(|t| ["--trusted-proxy", *t]));
        let server = start(&args);
        // Three different spoofed clients spend the one bucket of 127.0.0.1...
        assert_eq!(
            health_as(&server, &["203.0.113.1"]).await,
            200,
            "{trusted:?}"
        );
        assert_eq!(
            health_as(&server, &["203.0.113.2"]).await,
            200,
            "{trusted:?}"
        );
        assert_eq!(
            health_as(&server, &["198.51.100.1, 10.0.0.1"]).await,
            200,
            "{trusted:?}"
        );
        // ... so a fourth is refused, whatever it claims to be.
        for claim in [
            &["203.0.113.4"][..],
            &["10.0.0.7"],
            &["192.0.2.1", "192.0.2.2"],
            &[],
        ] {
            let r = get_as(&server, "/api/health", claim).await;
            assert_eq!(r.error(429), "rate_limited", "{trusted:?} {claim:?}");
        }
    }

    // The parent-link lookup limit (6 a minute: a burst of 2) is not escaped either.
    let server = start(&["--share-lookups-per-minute", "6"]);
    assert_eq!(
        get_as(&server, &unknown_share(), &["203.0.113.1"])
            .await
            .error(410),
        "gone"
    );
    assert_eq!(
        get_as(&server, &unknown_share(), &["203.0.113.2"])
            .await
            .error(410),
        "gone"
    );
    assert_eq!(
        get_as(&server, &unknown_share(), &["203.0.113.3"])
            .await
            .error(429),
        "rate_limited"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trusted_proxy_tells_its_clients_apart() {
    let server = start_with(
        &[
            "--trusted-proxy",
            "127.0.0.1",
            "--trusted-proxy",
            "10.0.0.0/8",
            "--rate-per-ip",
            "0.01",
            "--burst-per-ip",
            "2",
        ],
        &[("RUST_LOG", "info")],
    );
    let log = server.log();
    assert!(
        log.contains("trusted_proxies=127.0.0.1/32, 10.0.0.0/8"),
        "the start-up log names the trusted proxies: {log}"
    );

    // Client A exhausts its bucket; client B, behind the same proxy, still has its own.
    assert_eq!(health_as(&server, &["203.0.113.7"]).await, 200);
    assert_eq!(health_as(&server, &["203.0.113.7"]).await, 200);
    assert_eq!(
        get_as(&server, "/api/health", &["203.0.113.7"])
            .await
            .error(429),
        "rate_limited"
    );
    assert_eq!(
        health_as(&server, &["203.0.113.8"]).await,
        200,
        "another client behind the proxy"
    );
    // A prepends a made-up address, or comes through a second trusted proxy: still A.
    assert_eq!(
        health_as(&server, &["198.51.100.99, 203.0.113.7"]).await,
        429
    );
    assert_eq!(
        health_as(&server, &["198.51.100.99", "203.0.113.7, 10.1.2.3"]).await,
        429
    );
    // The proxy's own bucket (no header) is separate too...
    assert_eq!(health_as(&server, &[]).await, 200);
    // ... and an unreadable chain is counted against the proxy, not believed.
    assert_eq!(
        health_as(&server, &["203.0.113.9, not-an-address"]).await,
        200
    );
    assert_eq!(
        health_as(&server, &["unknown"]).await,
        429,
        "the proxy's bucket is spent"
    );
    assert_eq!(
        health_as(&server, &["203.0.113.9"]).await,
        200,
        "203.0.113.9 was never charged"
    );

    // The parent-link lookup limit is per client as well; the list may come from the environment.
    let server = start_with(
        &["--share-lookups-per-minute", "6"],
        &[
            ("SIGNAAL_TRUSTED_PROXY", "10.9.9.9, 127.0.0.1"),
            ("RUST_LOG", "info"),
        ],
    );
    assert!(
        server
            .log()
            .contains("trusted_proxies=10.9.9.9/32, 127.0.0.1/32"),
        "{}",
        server.log()
    );
    for _ in 0..2 {
        assert_eq!(
            get_as(&server, &unknown_share(), &["203.0.113.20"])
                .await
                .error(410),
            "gone"
        );
    }
    assert_eq!(
        get_as(&server, &unknown_share(), &["203.0.113.20"])
            .await
            .error(429),
        "rate_limited"
    );
    assert_eq!(
        get_as(&server, &unknown_share(), &["203.0.113.21"])
            .await
            .error(410),
        "gone"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_up_log_says_when_no_proxy_is_trusted() {
    let server = start_with(&[], &[("RUST_LOG", "info")]);
    assert!(
        server.log().contains("no trusted proxy"),
        "{}",
        server.log()
    );
    let everyone = start_with(&["--trusted-proxy", "0.0.0.0/0"], &[("RUST_LOG", "info")]);
    assert!(
        everyone.log().contains("every address is a trusted proxy"),
        "{}",
        everyone.log()
    );
}

/// Pushes batches of changes until `stop`; returns how many batches were acknowledged.
fn keep_pushing(
    server: &Server,
    token: &str,
    stop: Arc<AtomicBool>,
) -> tokio::task::JoinHandle<usize> {
    let (addr, auth) = (server.addr.clone(), format!("Bearer {token}"));
    tokio::spawn(async move {
        let headers = [
            ("content-type", "application/json"),
            ("authorization", auth.as_str()),
        ];
        let mut done = 0;
        while !stop.load(Ordering::SeqCst) {
            let n = u32::try_from(done).unwrap();
            let batch: Vec<Change> = (0..10).map(|i| change(1000 + n * 10 + i)).collect();
            let body =
                serde_json::to_vec(&signaal_core::wire::PushRequest { changes: batch }).unwrap();
            let r =
                common::request(&addr, Method::POST, "/api/sync/push", &headers, Some(body)).await;
            assert_eq!(r.status, 200, "{}", r.text());
            done += 1;
        }
        done
    })
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_while_the_server_writes_is_a_consistent_copy() {
    let server = start(&[]);
    let team = create_team(&server).await;
    let joined: JoinTeamResponse = join(&server, team.team_id, &team.invite_secret)
        .await
        .json();
    for b in 0..5 {
        let token = if b % 2 == 0 {
            &team.device_token
        } else {
            &joined.device_token
        };
        let batch: Vec<Change> = (0..20).map(|i| change(b * 20 + i)).collect();
        assert_eq!(push(&server, token, &batch).await.status, 200);
    }
    let backups = tempfile::tempdir().unwrap();
    let data_dir = server.data_dir();
    let data_dir = data_dir.to_str().unwrap();

    // A backup taken while another device keeps pushing.
    let stop = Arc::new(AtomicBool::new(false));
    let pusher = keep_pushing(&server, &joined.device_token, Arc::clone(&stop));
    tokio::time::sleep(Duration::from_millis(100)).await;
    let during = backups.path().join("during.db");
    let out = run_command(
        &["backup", during.to_str().unwrap(), "--data-dir", data_dir],
        &[],
    )
    .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("backup written: "),
        "{}",
        text(&out.stdout)
    );
    tokio::time::sleep(Duration::from_millis(100)).await;
    stop.store(true, Ordering::SeqCst);
    let batches_meanwhile = pusher.await.unwrap();
    assert!(batches_meanwhile > 0);
    let live = pull_all(&server, &team.device_token, 1000).await;
    assert_eq!(live.len(), 100 + batches_meanwhile * 10);

    // The copy holds a prefix of the live change log, each change whole, and nothing else.
    let restored = Server::start(Options {
        seed_db: Some(during.clone()),
        ..Options::default()
    });
    let copied = pull_all(&restored, &team.device_token, 1000).await;
    assert!(
        copied.len() >= 100 && copied.len() % 10 == 0,
        "{} changes",
        copied.len()
    );
    assert_eq!(
        copied[..],
        live[..copied.len()],
        "the copy is the live log up to a point"
    );
    // The team's counter was copied in the same snapshot: the next change follows on.
    let next: PushResponse = push(&restored, &joined.device_token, &[change(9999)])
        .await
        .json();
    assert_eq!(next.seq, copied.len() as u64 + 1);
    drop(restored);

    // A backup while nothing is written: exactly the live state, for both devices.
    let quiet = backups.path().join("quiet.db");
    let out = run_command(
        &["--data-dir", data_dir, "backup", quiet.to_str().unwrap()],
        &[],
    )
    .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains(&format!("{} changes", live.len())),
        "{}",
        text(&out.stdout)
    );
    let restored = Server::start(Options {
        seed_db: Some(quiet.clone()),
        ..Options::default()
    });
    assert_eq!(pull_all(&restored, &team.device_token, 1000).await, live);
    assert_eq!(pull_all(&restored, &joined.device_token, 7).await, live);
    let only_file: Vec<_> = std::fs::read_dir(backups.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        only_file.len(),
        2,
        "no partial or -wal files are left beside the backups: {only_file:?}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(
            std::fs::metadata(&quiet).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }

    // An existing file is never overwritten.
    let before = std::fs::read(&quiet).unwrap();
    let out = run_command(
        &["backup", quiet.to_str().unwrap(), "--data-dir", data_dir],
        &[],
    )
    .await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("exists already"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(&quiet).unwrap(), before);

    // The directory must exist; it is not created.
    let nested = backups.path().join("missing/copy.db");
    let out = run_command(
        &["backup", nested.to_str().unwrap()],
        &[("SIGNAAL_DATA_DIR", data_dir)],
    )
    .await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("does not exist; create it first"),
        "{}",
        text(&out.stderr)
    );
    assert!(!backups.path().join("missing").exists());

    // A data directory without a database (a wrong --data-dir) is said so, and not created.
    let empty = backups.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let copy = backups.path().join("nothing.db");
    let out = run_command(
        &[
            "backup",
            copy.to_str().unwrap(),
            "--data-dir",
            empty.to_str().unwrap(),
        ],
        &[],
    )
    .await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("there is no database at"),
        "{}",
        text(&out.stderr)
    );
    assert!(!empty.join("signaal.db").exists() && !copy.exists());

    // PostgreSQL is backed up with pg_dump; the message gives the command.
    let pg = backups.path().join("pg.dump");
    let out = run_command(
        &["backup", pg.to_str().unwrap()],
        &[("DATABASE_URL", "postgres://signaal@127.0.0.1:1/signaal")],
    )
    .await;
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!(
            "pg_dump --format=custom --no-owner --file={} \"$DATABASE_URL\"",
            pg.display()
        )),
        "{err}"
    );
    assert!(err.contains("pg_restore"), "{err}");
    assert!(!pg.exists());
    // The running server was not disturbed by any of it.
    assert_eq!(pull_all(&server, &team.device_token, 1000).await, live);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_command_checks_a_running_server() {
    let server = start(&[]);
    let url = format!("http://{}/api/health", server.addr);
    let out = run_command(&["health", "--url", &url], &[]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains(r#""status":"ok""#),
        "{}",
        text(&out.stdout)
    );

    // Without --url: 127.0.0.1 on SIGNAAL_PORT (or --port).
    let port = server.addr.rsplit(':').next().unwrap();
    let out = run_command(&["health"], &[("SIGNAAL_PORT", port)]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = run_command(&["health", "--port", port], &[]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    // Answers that are not a healthy server's.
    let page = run_command(
        &["health", "--url", &format!("http://{}/", server.addr)],
        &[],
    )
    .await;
    assert_eq!(page.status.code(), Some(1));
    assert!(
        text(&page.stderr).contains("not with JSON"),
        "{}",
        text(&page.stderr)
    );
    let missing = run_command(
        &[
            "health",
            "--url",
            &format!("http://{}/api/nothing", server.addr),
        ],
        &[],
    )
    .await;
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        text(&missing.stderr).contains("answered 404"),
        "{}",
        text(&missing.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_command_fails_on_a_closed_port_and_a_silent_one() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap(); // dropped: closed again
    let out = run_command(
        &["health", "--url", &format!("http://{closed}/api/health")],
        &[],
    )
    .await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("cannot connect"),
        "{}",
        text(&out.stderr)
    );
    let out = run_command(&["health"], &[("SIGNAAL_PORT", &closed.port().to_string())]).await;
    assert_eq!(
        out.status.code(),
        Some(1),
        "the default URL uses SIGNAAL_PORT"
    );
    assert!(
        text(&out.stderr).contains(&format!("http://127.0.0.1:{}/api/health", closed.port())),
        "{}",
        text(&out.stderr)
    );

    // A port that accepts the connection and never answers: given up after 5 seconds.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = silent.local_addr().unwrap();
    std::thread::spawn(move || {
        let held: Vec<_> = silent.incoming().take(1).collect();
        std::thread::sleep(Duration::from_secs(30));
        drop(held);
    });
    let started = Instant::now();
    let out = run_command(
        &["health", "--url", &format!("http://{addr}/api/health")],
        &[],
    )
    .await;
    let took = started.elapsed();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("no answer within 5 s"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        took >= Duration::from_secs(5) && took < Duration::from_secs(20),
        "{took:?}"
    );
}

/// Slowloris: clients that send their headers a byte at a time, more of them than the server
/// serves at once. Each is cut off when the header timeout is up, and a normal client is still
/// answered.
#[tokio::test]
async fn slow_clients_are_cut_off_and_do_not_hold_the_server() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let server = start(&["--header-read-timeout-secs", "1", "--max-connections", "8"]);
    let mut slow = Vec::new();
    for _ in 0..12 {
        let mut stream = tokio::net::TcpStream::connect(&server.addr).await.unwrap();
        stream
            .write_all(b"GET /api/health HTTP/1.1\r\nHost: signaal\r\n")
            .await
            .unwrap();
        slow.push(stream);
    }
    let started = Instant::now();
    let trickle = tokio::spawn(async move {
        // Keep every connection busy with one more header byte at a time until the server closes it.
        let mut closed_after = Vec::new();
        for mut stream in slow {
            let t0 = Instant::now();
            let mut buf = [0u8; 256];
            loop {
                let _ = stream.write_all(b"X").await;
                match tokio::time::timeout(Duration::from_millis(200), stream.read(&mut buf)).await
                {
                    Ok(Ok(0) | Err(_)) => break,
                    Ok(Ok(_)) => {} // an error answer (e.g. 408) before the close
                    Err(_) if t0.elapsed() > Duration::from_secs(15) => {
                        panic!("a slow client was never cut off")
                    }
                    Err(_) => {}
                }
            }
            closed_after.push(t0.elapsed());
        }
        closed_after
    });
    let answer = tokio::time::timeout(Duration::from_secs(10), server.get("/api/health"))
        .await
        .expect("a normal client is answered while slow clients trickle");
    assert_eq!(answer.status, 200);
    let closed_after = trickle.await.unwrap();
    assert_eq!(closed_after.len(), 12);
    assert!(
        started.elapsed() < Duration::from_secs(12),
        "all slow clients cut off in {:?}",
        started.elapsed()
    );
}

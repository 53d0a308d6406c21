//! Who may do what on a server many teams share: team admins, invites that expire, sign-up
//! modes, the per-team storage cap and the removal of idle teams. Against the real server
//! binary, on SQLite and (when `SIGNAAL_TEST_DATABASE_URL` is set, see `scripts/postgres.sh`)
//! on PostgreSQL.

#[macro_use]
mod common;

use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use common::{change, create_team, join, pull, pull_all, push, Backend, Options, Resp, Server};
use hyper::Method;
use signaal_core::wire::{
    Change, CreateTeamRequest, CreateTeamResponse, DeviceList, InviteResponse, JoinTeamResponse,
    PushResponse,
};
use signaal_server::db::Db;

on_both_backends!(
    only_admins_remove_devices_and_rotate_the_invite,
    removal_rotates_the_invite,
    the_last_admin_stays,
    invites_expire_and_admins_renew_them,
    signup_modes,
    team_storage_cap,
    idle_teams_are_removed,
);

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

fn start(backend: &Backend, args: &[&str]) -> Server {
    Server::start(Options {
        backend: backend.clone(),
        args: args.iter().map(|s| s.to_string()).collect(),
        ..Options::default()
    })
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// The server's database, opened beside the running server, for what the API cannot do:
/// moving times into the past.
async fn db(server: &Server, backend: &Backend) -> Db {
    let url = match backend {
        Backend::Sqlite => None,
        Backend::Postgres(url) => Some(url.as_str()),
    };
    Db::connect(url, &server.data_dir()).await.unwrap()
}

async fn exec(db: &Db, sql: &str) {
    match db {
        Db::Sqlite { write, .. } => sqlx::query(sql).execute(write).await.map(drop),
        Db::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(drop),
    }
    .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

async fn count(db: &Db, sql: &str) -> i64 {
    use sqlx::Row as _;
    match db {
        Db::Sqlite { read, .. } => sqlx::query(sql)
            .fetch_one(read)
            .await
            .and_then(|r| r.try_get(0)),
        Db::Postgres(pool) => sqlx::query(sql)
            .fetch_one(pool)
            .await
            .and_then(|r| r.try_get(0)),
    }
    .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

async fn joined(server: &Server, team: &CreateTeamResponse, invite: &str) -> JoinTeamResponse {
    let r = join(server, team.team_id, invite).await;
    assert_eq!(r.status, 201, "{}", r.text());
    r.json()
}

async fn devices(server: &Server, team: &CreateTeamResponse, token: &str) -> DeviceList {
    let r = server
        .json::<()>(
            Method::GET,
            &format!("/api/teams/{}/devices", team.team_id),
            Some(token),
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

async fn remove(
    server: &Server,
    team: &CreateTeamResponse,
    token: &str,
    device: impl std::fmt::Display,
) -> Resp {
    server
        .json::<()>(
            Method::DELETE,
            &format!("/api/teams/{}/devices/{device}", team.team_id),
            Some(token),
            None,
        )
        .await
}

async fn admin(
    server: &Server,
    method: Method,
    team: &CreateTeamResponse,
    token: &str,
    device: impl std::fmt::Display,
) -> Resp {
    server
        .json::<()>(
            method,
            &format!("/api/teams/{}/devices/{device}/admin", team.team_id),
            Some(token),
            None,
        )
        .await
}

async fn rotate(server: &Server, team: &CreateTeamResponse, token: &str) -> Resp {
    server
        .json::<()>(
            Method::POST,
            &format!("/api/teams/{}/invite", team.team_id),
            Some(token),
            None,
        )
        .await
}

async fn only_admins_remove_devices_and_rotate_the_invite(backend: Backend) {
    let server = start(&backend, &[]);
    let team = create_team(&server).await;
    let b = joined(&server, &team, &team.invite_secret).await;
    let c = joined(&server, &team, &team.invite_secret).await;

    let list = devices(&server, &team, &b.device_token).await;
    let admins: Vec<_> = list
        .devices
        .iter()
        .filter(|d| d.is_admin)
        .map(|d| d.device_id)
        .collect();
    assert_eq!(
        admins,
        [team.device_id],
        "the creating device is the only admin"
    );
    assert_eq!(list.invite_expires_at, team.invite_expires_at);

    // A device that is not an admin removes nobody else, rotates nothing, promotes nobody.
    assert_eq!(
        remove(&server, &team, &b.device_token, c.device_id)
            .await
            .error(403),
        "admin_only"
    );
    assert_eq!(
        remove(&server, &team, &b.device_token, team.device_id)
            .await
            .error(403),
        "admin_only"
    );
    assert_eq!(
        rotate(&server, &team, &b.device_token).await.error(403),
        "admin_only"
    );
    assert_eq!(
        admin(&server, Method::POST, &team, &b.device_token, b.device_id)
            .await
            .error(403),
        "admin_only"
    );
    assert_eq!(
        admin(
            &server,
            Method::DELETE,
            &team,
            &b.device_token,
            team.device_id
        )
        .await
        .error(403),
        "admin_only"
    );
    assert_eq!(
        devices(&server, &team, &team.device_token)
            .await
            .devices
            .len(),
        3,
        "nothing was removed"
    );
    assert_eq!(
        join(&server, team.team_id, &team.invite_secret)
            .await
            .status,
        201,
        "nor the invite rotated"
    );

    // But it may leave, and the invite stays as it was (the others still use it).
    assert_eq!(
        remove(&server, &team, &c.device_token, c.device_id)
            .await
            .status,
        204
    );
    assert_eq!(
        pull(&server, &c.device_token, "").await.error(401),
        "unauthorized"
    );
    assert_eq!(
        join(&server, team.team_id, &team.invite_secret)
            .await
            .status,
        201
    );

    // The admin rotates the invite: the old one stops working, the new one has its expiry.
    let before = now_ms();
    let r = rotate(&server, &team, &team.device_token).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let rotated: InviteResponse = r.json();
    let expires = rotated.invite_expires_at.unwrap();
    assert!(
        (before + 14 * DAY_MS..=now_ms() + 14 * DAY_MS).contains(&expires),
        "14 days by default"
    );
    assert_eq!(
        join(&server, team.team_id, &team.invite_secret)
            .await
            .error(403),
        "forbidden"
    );
    assert_eq!(
        devices(&server, &team, &b.device_token)
            .await
            .invite_expires_at,
        Some(expires)
    );

    // An admin of another team is nobody here.
    let other = create_team(&server).await;
    assert_eq!(
        remove(&server, &team, &other.device_token, b.device_id)
            .await
            .error(403),
        "forbidden"
    );
    assert_eq!(
        admin(
            &server,
            Method::POST,
            &team,
            &other.device_token,
            b.device_id
        )
        .await
        .error(403),
        "forbidden"
    );
    assert_eq!(
        remove(&server, &other, &other.device_token, b.device_id)
            .await
            .error(404),
        "not_found"
    );
    assert_eq!(
        admin(
            &server,
            Method::POST,
            &other,
            &other.device_token,
            b.device_id
        )
        .await
        .error(404),
        "not_found"
    );
}

async fn removal_rotates_the_invite(backend: Backend) {
    let server = start(&backend, &[]);
    let team = create_team(&server).await;
    // The removed tablet keeps the invite secret it joined with (src/sync/config.rs).
    let stored_secret = team.invite_secret.clone();
    let tablet = joined(&server, &team, &stored_secret).await;

    let r = remove(&server, &team, &team.device_token, tablet.device_id).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let fresh: InviteResponse = r.json();
    assert_ne!(fresh.invite_secret, stored_secret);
    assert_eq!(
        pull(&server, &tablet.device_token, "").await.error(401),
        "unauthorized"
    );
    assert_eq!(
        join(&server, team.team_id, &stored_secret).await.error(403),
        "forbidden",
        "it cannot come back"
    );
    let list = devices(&server, &team, &team.device_token).await;
    assert_eq!(list.devices.len(), 1);
    assert_eq!(list.invite_expires_at, fresh.invite_expires_at);
    // The admin's new link works.
    assert_eq!(
        join(&server, team.team_id, &fresh.invite_secret)
            .await
            .status,
        201
    );
}

async fn the_last_admin_stays(backend: Backend) {
    let server = start(&backend, &[]);
    let team = create_team(&server).await;
    let b = joined(&server, &team, &team.invite_secret).await;

    // Alone as admin with another device in the team: it can neither step down nor leave.
    assert_eq!(
        admin(
            &server,
            Method::DELETE,
            &team,
            &team.device_token,
            team.device_id
        )
        .await
        .error(409),
        "last_admin"
    );
    assert_eq!(
        remove(&server, &team, &team.device_token, team.device_id)
            .await
            .error(409),
        "last_admin"
    );
    assert_eq!(pull(&server, &team.device_token, "").await.status, 200);

    // Once b is admin too, it can.
    let r = admin(
        &server,
        Method::POST,
        &team,
        &team.device_token,
        b.device_id,
    )
    .await;
    assert_eq!(r.status, 204, "{}", r.text());
    let r = admin(
        &server,
        Method::POST,
        &team,
        &team.device_token,
        b.device_id,
    )
    .await;
    assert_eq!(r.status, 204, "making an admin admin again changes nothing");
    let list = devices(&server, &team, &b.device_token).await;
    assert!(list.devices.iter().all(|d| d.is_admin));
    let r = admin(
        &server,
        Method::DELETE,
        &team,
        &team.device_token,
        team.device_id,
    )
    .await;
    assert_eq!(r.status, 204, "{}", r.text());
    let list = devices(&server, &team, &b.device_token).await;
    assert_eq!(
        list.devices
            .iter()
            .filter(|d| d.is_admin)
            .map(|d| d.device_id)
            .collect::<Vec<_>>(),
        [b.device_id]
    );
    // Now b is the last admin, and the first device is not an admin any more.
    assert_eq!(
        admin(&server, Method::DELETE, &team, &b.device_token, b.device_id)
            .await
            .error(409),
        "last_admin"
    );
    assert_eq!(
        remove(&server, &team, &team.device_token, b.device_id)
            .await
            .error(403),
        "admin_only"
    );
    assert_eq!(
        rotate(&server, &team, &team.device_token).await.error(403),
        "admin_only"
    );

    // b removes the first device; as the team's only device it may then leave.
    assert_eq!(
        remove(&server, &team, &b.device_token, team.device_id)
            .await
            .status,
        200
    );
    assert_eq!(
        remove(&server, &team, &b.device_token, b.device_id)
            .await
            .status,
        204
    );
    assert_eq!(
        pull(&server, &b.device_token, "").await.error(401),
        "unauthorized"
    );
}

async fn invites_expire_and_admins_renew_them(backend: Backend) {
    let server = start(&backend, &["--invite-days", "2"]);
    let team = create_team(&server).await;
    let expires = team.invite_expires_at.unwrap();
    assert!(
        (expires - now_ms() - 2 * DAY_MS).abs() < 60_000,
        "--invite-days 2"
    );
    let b = joined(&server, &team, &team.invite_secret).await;
    assert_eq!(b.invite_expires_at, Some(expires));

    // Two days later (moved in the database rather than waited for):
    let db = db(&server, &backend).await;
    exec(
        &db,
        &format!(
            "UPDATE teams SET invite_expires_at = {} WHERE id = '{}'",
            now_ms() - 1,
            team.team_id
        ),
    )
    .await;
    assert_eq!(
        join(&server, team.team_id, &team.invite_secret)
            .await
            .error(403),
        "invite_expired"
    );
    // Only the holder of the current secret learns that it expired.
    assert_eq!(
        join(&server, team.team_id, &b.device_token)
            .await
            .error(403),
        "forbidden"
    );
    // Devices already in keep working.
    assert_eq!(pull(&server, &b.device_token, "").await.status, 200);

    // A non-admin cannot renew; the admin renews with a new secret and a new expiry.
    assert_eq!(
        rotate(&server, &team, &b.device_token).await.error(403),
        "admin_only"
    );
    let renewed: InviteResponse = rotate(&server, &team, &team.device_token).await.json();
    assert!(renewed.invite_expires_at.unwrap() > now_ms() + DAY_MS);
    assert_eq!(
        join(&server, team.team_id, &team.invite_secret)
            .await
            .error(403),
        "forbidden",
        "the old secret is gone"
    );
    assert_eq!(
        join(&server, team.team_id, &renewed.invite_secret)
            .await
            .status,
        201
    );
    db.close().await;
}

async fn create(server: &Server, code: Option<&str>) -> Resp {
    let body = CreateTeamRequest {
        device_label: None,
        signup_code: code.map(str::to_owned),
    };
    server
        .json(Method::POST, "/api/teams", None, Some(&body))
        .await
}

async fn signup_modes(backend: Backend) {
    // open (the default): anyone, with or without a code.
    let open = start(&backend, &[]);
    assert_eq!(create(&open, None).await.status, 201);
    assert_eq!(create(&open, Some("whatever it is")).await.status, 201);
    drop(open);

    let explicit = start(&backend, &["--team-signup", "open"]);
    assert_eq!(create(&explicit, None).await.status, 201);
    drop(explicit);

    let closed = start(&backend, &["--team-signup", "closed"]);
    assert_eq!(create(&closed, None).await.error(403), "signup_closed");
    assert_eq!(
        create(&closed, Some("a guess at a code")).await.error(403),
        "signup_closed"
    );
    drop(closed);

    // code, from the environment as systemd's EnvironmentFile gives it.
    let code = Server::start(Options {
        backend: backend.clone(),
        env: vec![
            ("SIGNAAL_TEAM_SIGNUP".into(), "code".into()),
            ("SIGNAAL_TEAM_SIGNUP_CODE".into(), "bso-de-regenboog".into()),
            ("RUST_LOG".into(), "info".into()),
        ],
        ..Options::default()
    });
    assert_eq!(create(&code, None).await.error(403), "signup_code_required");
    assert_eq!(
        create(&code, Some("")).await.error(403),
        "signup_code_required"
    );
    assert_eq!(
        create(&code, Some("bso-de-regenbooG")).await.error(403),
        "signup_code_wrong"
    );
    let r = create(&code, Some("bso-de-regenboog")).await;
    assert_eq!(r.status, 201, "{}", r.text());
    let team: CreateTeamResponse = r.json();
    // Joining an existing team needs no code.
    assert_eq!(
        join(&code, team.team_id, &team.invite_secret).await.status,
        201
    );
    let log = code.log();
    assert!(
        log.contains("team rules") && log.contains("signup=code"),
        "{log}"
    );
    assert!(!log.contains("bso-de-regenboog"), "the code is not logged");
}

fn size(changes: &[Change]) -> u64 {
    changes
        .iter()
        .map(|c| {
            (STANDARD.decode(&c.nonce).unwrap().len()
                + STANDARD.decode(&c.ciphertext).unwrap().len()) as u64
        })
        .sum()
}

async fn team_storage_cap(backend: Backend) {
    let changes: Vec<Change> = (0..20).map(change).collect();
    let (first, second, third) = (&changes[..5], &changes[5..10], &changes[10..14]);
    // Room for the first two batches but one byte.
    let max = size(first) + size(second) - 1;
    let server = start(&backend, &["--team-max-bytes", &max.to_string()]);
    let team = create_team(&server).await;

    let ok: PushResponse = push(&server, &team.device_token, first).await.json();
    assert_eq!(ok.seq, 5);
    let full = push(&server, &team.device_token, second).await;
    assert_eq!(full.error(507), "team_storage_full");
    let stored = pull_all(&server, &team.device_token, 100).await;
    assert_eq!(
        stored.len(),
        5,
        "a push past the cap is refused whole: nothing of it is stored"
    );
    // A retry of what is stored is still acknowledged (it adds nothing), and a smaller batch fits.
    let retry: PushResponse = push(&server, &team.device_token, first).await.json();
    assert_eq!((retry.seq, retry.accepted.len()), (5, 5));
    let more: PushResponse = push(&server, &team.device_token, third).await.json();
    assert_eq!(more.seq, 9);
    assert_eq!(
        push(&server, &team.device_token, &changes[14..15])
            .await
            .error(507),
        "team_storage_full"
    );
    let db = db(&server, &backend).await;
    let total = count(
        &db,
        &format!(
            "SELECT stored_bytes FROM teams WHERE id = '{}'",
            team.team_id
        ),
    )
    .await;
    assert_eq!(
        total as u64,
        size(first) + size(third),
        "the running total counts ciphertext and nonce"
    );
    let summed = count(
        &db,
        &format!("SELECT CAST(SUM(LENGTH(ciphertext) + LENGTH(nonce)) AS BIGINT) FROM changes WHERE team_id = '{}'", team.team_id),
    )
    .await;
    assert_eq!(summed, total);
    db.close().await;

    // The cap is per team.
    let other = create_team(&server).await;
    assert_eq!(push(&server, &other.device_token, second).await.status, 200);

    // 0 = unlimited.
    drop(server);
    let unlimited = start(&backend, &["--team-max-bytes", "0"]);
    let team = create_team(&unlimited).await;
    assert_eq!(
        push(&unlimited, &team.device_token, &changes).await.status,
        200
    );
}

async fn idle_teams_are_removed(backend: Backend) {
    let mut server = Server::start(Options {
        backend: backend.clone(),
        args: vec!["--remove-idle-teams-after-days".into(), "30".into()],
        env: vec![("RUST_LOG".into(), "info,sqlx=warn".into())],
        ..Options::default()
    });
    assert!(
        server.log().contains("after_days=30"),
        "the setting is logged at start-up: {}",
        server.log()
    );
    let idle = create_team(&server).await;
    let idle_b = joined(&server, &idle, &idle.invite_secret).await;
    assert_eq!(
        push(&server, &idle.device_token, &[change(1), change(2)])
            .await
            .status,
        200
    );
    let link = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(signaal_server::secret::new_uuid().unwrap().as_bytes());
    let share = serde_json::json!({ "nonce": STANDARD.encode([1u8; 12]), "ciphertext": STANDARD.encode([2u8; 32]), "expires_at": now_ms() + DAY_MS });
    let r = server
        .json(
            Method::PUT,
            &format!("/api/shares/{link}"),
            Some(&idle.device_token),
            Some(&share),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    // One device of this team was seen recently: the team stays.
    let half = create_team(&server).await;
    let half_b = joined(&server, &half, &half.invite_secret).await;
    let fresh = create_team(&server).await;

    let db = db(&server, &backend).await;
    let long_ago = now_ms() - 45 * DAY_MS;
    for team in [&idle, &half] {
        exec(
            &db,
            &format!(
                "UPDATE teams SET created_at = {long_ago} WHERE id = '{}'",
                team.team_id
            ),
        )
        .await;
    }
    exec(
        &db,
        &format!(
            "UPDATE devices SET created_at = {long_ago}, last_seen_at = {} WHERE team_id = '{}'",
            long_ago + DAY_MS,
            idle.team_id
        ),
    )
    .await;
    exec(
        &db,
        &format!(
            "UPDATE devices SET created_at = {long_ago}, last_seen_at = NULL WHERE id = '{}'",
            half.device_id
        ),
    )
    .await;
    exec(
        &db,
        &format!(
            "UPDATE devices SET created_at = {long_ago}, last_seen_at = {} WHERE id = '{}'",
            now_ms() - 29 * DAY_MS,
            half_b.device_id
        ),
    )
    .await;

    // The sweep runs at start-up (then hourly).
    server.restart();
    let mut log = String::new();
    for _ in 0..100 {
        log = server.log();
        if log.contains("idle teams deleted") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let line = log
        .lines()
        .find(|l| l.contains("idle teams deleted"))
        .unwrap_or_else(|| panic!("no sweep logged: {log}"));
    assert!(line.contains("after_days=30"), "{line}");
    if matches!(backend, Backend::Sqlite) {
        // (A shared PostgreSQL test database may hold idle teams of earlier runs as well.)
        assert!(
            line.contains("count=1") && line.contains("idle_days_least=44 idle_days_most=44"),
            "{line}"
        );
    }

    for token in [&idle.device_token, &idle_b.device_token] {
        assert_eq!(pull(&server, token, "").await.error(401), "unauthorized");
    }
    for table in ["devices", "changes", "shares"] {
        let left = count(
            &db,
            &format!(
                "SELECT COUNT(*) FROM {table} WHERE team_id = '{}'",
                idle.team_id
            ),
        )
        .await;
        assert_eq!(left, 0, "{table} of the idle team");
    }
    assert_eq!(
        count(
            &db,
            &format!("SELECT COUNT(*) FROM teams WHERE id = '{}'", idle.team_id)
        )
        .await,
        0
    );
    assert_eq!(
        server.get(&format!("/api/shares/{link}")).await.error(410),
        "gone"
    );
    for token in [
        &half.device_token,
        &half_b.device_token,
        &fresh.device_token,
    ] {
        assert_eq!(
            pull(&server, token, "").await.status,
            200,
            "teams with a device seen in the last 30 days stay"
        );
    }
    db.close().await;
}

/// A database made by the previous version (migration 0001 only) with two teams: after the
/// upgrade, each team's oldest device is its admin, invites work 14 more days and the storage
/// total counts the changes already stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upgrade_makes_the_oldest_device_admin() {
    let tmp = tempfile::tempdir().unwrap();
    let migrations = tmp.path().join("migrations");
    std::fs::create_dir_all(&migrations).unwrap();
    let initial = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/migrations/sqlite/0001_initial.sql"
    );
    std::fs::copy(initial, migrations.join("0001_initial.sql")).unwrap();
    let file = tmp.path().join("old.db");
    {
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&file)
            .create_if_missing(true);
        let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
        sqlx::migrate::Migrator::new(migrations.as_path())
            .await
            .unwrap()
            .run(&pool)
            .await
            .unwrap();
        for sql in [
            "INSERT INTO teams (id, invite_hash, seq, created_at) VALUES ('t1', x'00', 1, 1), ('t2', x'00', 0, 1)",
            "INSERT INTO devices (id, team_id, token_hash, created_at) VALUES \
             ('b', 't1', x'01', 20), ('a', 't1', x'02', 10), ('c', 't1', x'03', 30), ('d', 't2', x'04', 5)",
            "INSERT INTO changes (team_id, seq, change_id, record_id, device_id, clock, nonce, ciphertext, received_at) \
             VALUES ('t1', 1, 'c1', 'r1', 'a', 'k', x'000000000000000000000000', x'00112233445566778899aabbccddeeff0011', 1)",
        ] {
            sqlx::query(sql).execute(&pool).await.unwrap();
        }
        pool.close().await;
    }
    let server = Server::start(Options {
        seed_db: Some(file),
        ..Options::default()
    });
    let db = Db::connect(None, &server.data_dir()).await.unwrap();
    let admins = count(&db, "SELECT COUNT(*) FROM devices WHERE is_admin = 1").await;
    assert_eq!(admins, 2, "one per team");
    assert_eq!(
        count(&db, "SELECT is_admin FROM devices WHERE id = 'a'").await,
        1
    );
    assert_eq!(
        count(&db, "SELECT is_admin FROM devices WHERE id = 'd'").await,
        1
    );
    assert_eq!(
        count(&db, "SELECT stored_bytes FROM teams WHERE id = 't1'").await,
        12 + 18
    );
    assert_eq!(
        count(&db, "SELECT stored_bytes FROM teams WHERE id = 't2'").await,
        0
    );
    let expiry = count(&db, "SELECT MIN(invite_expires_at) FROM teams").await;
    assert!(
        (expiry - now_ms() - 14 * DAY_MS).abs() < 120_000,
        "{expiry}"
    );
    db.close().await;
}

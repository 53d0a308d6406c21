//! Load generator for the sync API, on loopback: push and pull throughput and p50/p99 latency
//! with N concurrent clients, against a baseline of the same server serving a static file in
//! the same run. Bounded in requests and in time.
//!
//! Start a server without rate limits, then point this at it:
//! ```text
//! cargo build --profile server -p signaal-server --example load
//! target/server/signaal-server --port 0 --data-dir /tmp/bench --rate-per-ip 0 --rate-per-token 0 &
//! target/server/examples/load --url http://127.0.0.1:PORT/ [--clients 50] [--requests 400] [--seconds 10]
//! ```
//! Through an https proxy such as Caddy: `--url https://signaal.test:PORT/ --connect
//! 127.0.0.1:PORT --ca root.crt` (the name is sent as SNI and Host, the connection goes to
//! `--connect`, and the certificate must chain to `--ca`).
//! Prints a Markdown table for BENCHMARKS.md.

use std::time::{Duration, Instant};

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::SendRequest;
use hyper::{Method, Request};
use hyper_util::rt::TokioIo;
use signaal_core::wire::{Change, CreateTeamResponse, PullResponse, PushRequest};
use signaal_server::secret::new_uuid;
use std::sync::Arc;
use tokio_rustls::rustls::pki_types::pem::PemObject as _;
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName};
use tokio_rustls::rustls::{ClientConfig, RootCertStore};
use tokio_rustls::TlsConnector;

/// Where the clients connect and what they call the server.
#[derive(Clone)]
struct Target {
    /// `host:port` for the Host header (and SNI).
    addr: String,
    /// `host:port` to open the TCP connection to.
    connect: String,
    tls: Option<(TlsConnector, ServerName<'static>)>,
}

struct Args {
    target: Target,
    clients: usize,
    requests: usize,
    seconds: u64,
    /// Teams of large changes, pulled whole: what a server holds in memory for big pages.
    large: bool,
}

fn parse_args() -> Args {
    let (mut url, mut connect, mut ca) = (String::new(), None, None);
    let (mut clients, mut requests, mut seconds, mut large) = (50, 400, 10, false);
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it
            .next()
            .unwrap_or_else(|| usage(&format!("{flag} needs a value")));
        match flag.as_str() {
            "--url" => url = value,
            "--connect" => connect = Some(value),
            "--ca" => ca = Some(value),
            "--clients" => clients = value.parse().unwrap_or_else(|_| usage("--clients")),
            "--requests" => requests = value.parse().unwrap_or_else(|_| usage("--requests")),
            "--seconds" => seconds = value.parse().unwrap_or_else(|_| usage("--seconds")),
            "--large" => large = value == "true",
            other => usage(&format!("unknown flag {other}")),
        }
    }
    let (https, rest) = match (url.strip_prefix("https://"), url.strip_prefix("http://")) {
        (Some(rest), _) => (true, rest),
        (None, Some(rest)) => (false, rest),
        _ => usage("--url must start with http:// or https://"),
    };
    let addr = rest.trim_end_matches('/').to_owned();
    if addr.is_empty() {
        usage("--url is required");
    }
    let tls = https.then(|| {
        let ca = ca.unwrap_or_else(|| usage("an https --url needs --ca FILE"));
        let mut roots = RootCertStore::empty();
        for cert in
            CertificateDer::pem_file_iter(&ca).unwrap_or_else(|e| usage(&format!("--ca {ca}: {e}")))
        {
            roots
                .add(cert.unwrap_or_else(|e| usage(&format!("--ca {ca}: {e}"))))
                .expect("CA certificate");
        }
        let config = ClientConfig::builder_with_provider(Arc::new(
            tokio_rustls::rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
        let host = addr
            .rsplit_once(':')
            .map_or(addr.as_str(), |(host, _)| host)
            .to_owned();
        let name =
            ServerName::try_from(host).unwrap_or_else(|_| usage("--url has no valid host name"));
        (TlsConnector::from(Arc::new(config)), name)
    });
    let connect = connect.unwrap_or_else(|| addr.clone());
    Args {
        target: Target { addr, connect, tls },
        clients,
        requests,
        seconds,
        large,
    }
}

fn usage(problem: &str) -> ! {
    eprintln!(
        "load: {problem}\nusage: load --url http://127.0.0.1:PORT/ [--connect HOST:PORT] [--ca FILE] \
         [--clients 50] [--requests 400] [--seconds 10] [--large true]"
    );
    std::process::exit(2)
}

type Client = SendRequest<Full<Bytes>>;

async fn connect(target: &Target) -> Client {
    let stream = tokio::net::TcpStream::connect(&target.connect)
        .await
        .expect("connect");
    stream.set_nodelay(true).expect("nodelay");
    match &target.tls {
        None => {
            let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
                .await
                .expect("handshake");
            tokio::spawn(conn);
            sender
        }
        Some((connector, name)) => {
            let stream = connector
                .connect(name.clone(), stream)
                .await
                .expect("TLS handshake");
            let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
                .await
                .expect("handshake");
            tokio::spawn(conn);
            sender
        }
    }
}

/// One request on a kept-alive connection; returns the status and body.
async fn call(
    client: &mut Client,
    addr: &str,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Vec<u8>>,
) -> (u16, Bytes) {
    client.ready().await.expect("connection ready");
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header("host", addr);
    if body.is_some() {
        req = req.header("content-type", "application/json");
    }
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let req = req
        .body(Full::new(Bytes::from(body.unwrap_or_default())))
        .expect("request");
    let response = client.send_request(req).await.expect("response");
    let status = response.status().as_u16();
    (
        status,
        response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes(),
    )
}

fn changes(n: usize, size: usize) -> Vec<Change> {
    (0..n)
        .map(|i| Change {
            change_id: new_uuid().unwrap(),
            record_id: new_uuid().unwrap(),
            clock: format!("{:016}-{i:04}-load", 1_700_000_000_000u64),
            nonce: STANDARD.encode([0u8; 12]),
            ciphertext: STANDARD.encode(vec![0x5a; size]),
            erased: false,
        })
        .collect()
}

/// What one phase sends: each client gets a token and says what its next request is.
#[derive(Clone, Copy, PartialEq)]
enum Phase {
    Static,
    PullEmpty,
    PullPage,
    PullLarge,
    Push,
}

impl Phase {
    fn name(self) -> &'static str {
        match self {
            Phase::Static => "static file (baseline): GET /manifest.webmanifest",
            Phase::PullEmpty => "pull, up to date: GET /api/sync/pull?after=LATEST",
            Phase::PullPage => "pull, page of 50 changes × 300 B",
            Phase::PullLarge => "pull, everything: 100 changes × 60 KiB asked in one page",
            Phase::Push => "push, batch of 10 changes × 300 B",
        }
    }
}

struct Outcome {
    latencies: Vec<Duration>,
    errors: usize,
    elapsed: Duration,
}

async fn run_phase(args: &Args, phase: Phase, teams: &[(String, u64)]) -> Outcome {
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..args.clients {
        let target = args.target.clone();
        let (token, latest) = teams[c % teams.len()].clone();
        let requests = args.requests;
        tasks.push(tokio::spawn(async move {
            let mut client = connect(&target).await;
            let mut latencies = Vec::with_capacity(requests);
            let mut errors = 0;
            for _ in 0..requests {
                if Instant::now() > deadline {
                    break;
                }
                let (method, path, body) = match phase {
                    Phase::Static => (Method::GET, "/manifest.webmanifest".to_owned(), None),
                    Phase::PullEmpty => {
                        (Method::GET, format!("/api/sync/pull?after={latest}"), None)
                    }
                    Phase::PullPage => (
                        Method::GET,
                        "/api/sync/pull?after=0&limit=50".to_owned(),
                        None,
                    ),
                    Phase::PullLarge => (
                        Method::GET,
                        "/api/sync/pull?after=0&limit=1000".to_owned(),
                        None,
                    ),
                    Phase::Push => {
                        let body = serde_json::to_vec(&PushRequest {
                            changes: changes(10, 300),
                        })
                        .unwrap();
                        (Method::POST, "/api/sync/push".to_owned(), Some(body))
                    }
                };
                let token = (phase != Phase::Static).then_some(token.as_str());
                let t0 = Instant::now();
                let (status, _) = call(&mut client, &target.addr, method, &path, token, body).await;
                latencies.push(t0.elapsed());
                if status != 200 {
                    errors += 1;
                }
            }
            (latencies, errors)
        }));
    }
    let mut latencies = Vec::new();
    let mut errors = 0;
    for t in tasks {
        let (l, e) = t.await.expect("client task");
        latencies.extend(l);
        errors += e;
    }
    Outcome {
        latencies,
        errors,
        elapsed: start.elapsed(),
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

#[tokio::main]
async fn main() {
    let args = parse_args();
    let mut setup = connect(&args.target).await;
    let (status, health) = call(
        &mut setup,
        &args.target.addr,
        Method::GET,
        "/api/health",
        None,
        None,
    )
    .await;
    assert_eq!(
        status,
        200,
        "server not healthy: {}",
        String::from_utf8_lossy(&health)
    );

    // Ten teams, each with 200 changes of 300 B (or 100 of 60 KiB), shared by the clients.
    let (batches, size) = if args.large {
        (10, 60 * 1024)
    } else {
        (4, 300)
    };
    let per_batch = if args.large { 10 } else { 50 };
    let mut teams = Vec::new();
    for _ in 0..10 {
        let (status, body) = call(
            &mut setup,
            &args.target.addr,
            Method::POST,
            "/api/teams",
            None,
            Some(b"{}".to_vec()),
        )
        .await;
        assert_eq!(
            status,
            201,
            "create team: {}",
            String::from_utf8_lossy(&body)
        );
        let team: CreateTeamResponse = serde_json::from_slice(&body).unwrap();
        for _ in 0..batches {
            let body = serde_json::to_vec(&PushRequest {
                changes: changes(per_batch, size),
            })
            .unwrap();
            let (status, body) = call(
                &mut setup,
                &args.target.addr,
                Method::POST,
                "/api/sync/push",
                Some(&team.device_token),
                Some(body),
            )
            .await;
            assert_eq!(
                status,
                200,
                "seed push (is the server rate limited?): {}",
                String::from_utf8_lossy(&body)
            );
        }
        let (_, body) = call(
            &mut setup,
            &args.target.addr,
            Method::GET,
            "/api/sync/pull?after=150&limit=100",
            Some(&team.device_token),
            None,
        )
        .await;
        let page: PullResponse = serde_json::from_slice(&body).unwrap();
        teams.push((team.device_token, page.next));
    }

    println!(
        "| workload ({} clients, ≤{} requests each, ≤{} s) | requests | errors | req/s | p50 ms | p99 ms | req/s vs baseline |",
        args.clients, args.requests, args.seconds
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let mut baseline = None;
    let phases: &[Phase] = if args.large {
        &[Phase::Static, Phase::PullLarge]
    } else {
        &[
            Phase::Static,
            Phase::PullEmpty,
            Phase::PullPage,
            Phase::Push,
        ]
    };
    for &phase in phases {
        let mut outcome = run_phase(&args, phase, &teams).await;
        outcome.latencies.sort_unstable();
        let n = outcome.latencies.len();
        let rps = n as f64 / outcome.elapsed.as_secs_f64();
        let base = *baseline.get_or_insert(rps);
        println!(
            "| {} | {n} | {} | {rps:.0} | {:.2} | {:.2} | {:.2} |",
            phase.name(),
            outcome.errors,
            percentile(&outcome.latencies, 0.50).as_secs_f64() * 1e3,
            percentile(&outcome.latencies, 0.99).as_secs_f64() * 1e3,
            rps / base
        );
    }
}

//! Helpers for the integration tests: start the real server binary on a free port with a
//! temporary data directory and dist folder, and talk HTTP/1.1 to it.
#![allow(dead_code)] // each test file uses a different part of this module

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::header::{HeaderMap, HeaderName, HeaderValue};
use hyper::{Method, Request, StatusCode};
use hyper_util::rt::TokioIo;
use serde::de::DeserializeOwned;
use serde::Serialize;
use signaal_core::wire::{
    Change, CreateTeamRequest, CreateTeamResponse, JoinTeamRequest, PullResponse, PulledChange,
    PushRequest,
};
use signaal_server::secret::new_uuid;
use uuid::Uuid;

pub const INLINE_SCRIPT: &str = "\nimport init, * as bindings from '/signaal-0123456789abcdef.js';\n\
    const wasm = await init({ module_or_path: '/signaal-0123456789abcdef_bg.wasm' });\nwindow.wasmBindings = bindings;\n";
pub const WASM_NAME: &str = "signaal-0123456789abcdef_bg.wasm";
pub const PARENT_MARKER: &str = "<title>Parent page</title>";
pub const HANDOVER_MARKER: &str = "<title>Handover page</title>";
pub const HANDOVER_SCRIPT: &str = "import('/handover-0123456789abcdef.js')";

/// Writes a dist folder shaped like Trunk's output: an index.html with an inline module
/// script, a hashed wasm and js, a stylesheet, a manifest, a service worker and an icon.
/// Files are large and repetitive enough to be worth compressing.
pub fn write_dist(dir: &Path, with_parent: bool) {
    std::fs::create_dir_all(dir.join("icons")).unwrap();
    let filler = "<!-- a comment long enough to make compression worthwhile -->\n".repeat(20);
    let index = format!(
        "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\">\n<title>Signaal</title>\n\
         <link rel=\"manifest\" href=\"/manifest.webmanifest\">\n\
         <link rel=\"modulepreload\" href=\"/signaal-0123456789abcdef.js\" crossorigin=\"anonymous\" integrity=\"sha384-abc\">\n\
         <script type=\"module\">{INLINE_SCRIPT}</script>\n{filler}</head><body></body></html>\n"
    );
    std::fs::write(dir.join("index.html"), index).unwrap();
    if with_parent {
        let parent = format!(
            "<!DOCTYPE html><html><head>{PARENT_MARKER}<script type=\"module\">import('/parent-0123456789abcdef.js')</script></head><body>{filler}</body></html>"
        );
        std::fs::write(dir.join("parent.html"), parent).unwrap();
        let handover = format!(
            "<!DOCTYPE html><html><head>{HANDOVER_MARKER}<script type=\"module\">{HANDOVER_SCRIPT}</script></head><body>{filler}</body></html>"
        );
        std::fs::write(dir.join("handover.html"), handover).unwrap();
    }
    let wasm: Vec<u8> = b"\0asm\x01\0\0\0"
        .iter()
        .copied()
        .chain((0..20_000u32).map(|i| (i % 7) as u8))
        .collect();
    std::fs::write(dir.join(WASM_NAME), wasm).unwrap();
    std::fs::write(
        dir.join("signaal-0123456789abcdef.js"),
        "export default function init() {}\n".repeat(50),
    )
    .unwrap();
    std::fs::write(
        dir.join("main-fedcba9876543210.css"),
        "body { margin: 0; padding: 0; }\n".repeat(50),
    )
    .unwrap();
    let manifest = format!(
        "{{\"name\":\"Signaal\",\"short_name\":\"Signaal\",\"start_url\":\"/\",\"display\":\"standalone\",\"description\":\"{}\"}}",
        "x".repeat(400)
    );
    std::fs::write(dir.join("manifest.webmanifest"), manifest).unwrap();
    std::fs::write(
        dir.join("sw.js"),
        "self.addEventListener('fetch', () => {});\n".repeat(20),
    )
    .unwrap();
    std::fs::write(
        dir.join("icons/icon-192.png"),
        b"\x89PNG\r\n\x1a\nnot really",
    )
    .unwrap();
}

/// Runs each scenario once per backend: `sqlite::name` and `postgres::name`.
#[allow(unused_macros)] // only the files that run on both backends use it
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
               async fn $name() { super::$name(super::Backend::Sqlite).await } )*
        }
        mod postgres {
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
               async fn $name() {
                   if let Some(backend) = super::Backend::postgres() { super::$name(backend).await }
               } )*
        }
    };
}

/// Which database the server under test uses.
#[derive(Clone, Debug)]
pub enum Backend {
    Sqlite,
    Postgres(String),
}

impl Backend {
    /// PostgreSQL from `SIGNAAL_TEST_DATABASE_URL` (see `scripts/postgres.sh`), if set.
    pub fn postgres() -> Option<Backend> {
        match std::env::var("SIGNAAL_TEST_DATABASE_URL") {
            Ok(url) if !url.is_empty() => Some(Backend::Postgres(url)),
            _ => {
                eprintln!(
                    "note: SIGNAAL_TEST_DATABASE_URL is not set; PostgreSQL variant skipped \
                     (run `scripts/postgres.sh start` and export the URL it prints)"
                );
                None
            }
        }
    }
}

pub struct Server {
    pub url: String,
    pub addr: String,
    child: Child,
    pub tmp: PathBuf,
    _tmp: Option<tempfile::TempDir>,
    backend: Backend,
    extra: Vec<String>,
    env: Vec<(String, String)>,
    stray: Arc<Mutex<Vec<String>>>,
}

pub struct Options {
    pub backend: Backend,
    pub dist: bool,
    pub parent: bool,
    /// Extra command-line flags.
    pub args: Vec<String>,
    /// Extra environment variables (after the harness's own, so they may override `RUST_LOG`).
    pub env: Vec<(String, String)>,
    /// An SQLite file to start from, copied into the new data directory as `signaal.db`.
    pub seed_db: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            backend: Backend::Sqlite,
            dist: true,
            parent: false,
            args: Vec::new(),
            env: Vec::new(),
            seed_db: None,
        }
    }
}

impl Server {
    /// The server on `backend` with these extra flags and the rest as [`Options::default`].
    pub fn with_args(backend: &Backend, args: &[&str]) -> Server {
        Server::start(Options {
            backend: backend.clone(),
            args: args.iter().map(|s| s.to_string()).collect(),
            ..Options::default()
        })
    }

    pub fn start(options: Options) -> Server {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().to_path_buf();
        if options.dist {
            write_dist(&path.join("dist"), options.parent);
        }
        if let Some(seed) = &options.seed_db {
            std::fs::create_dir_all(path.join("data")).unwrap();
            std::fs::copy(seed, path.join("data/signaal.db")).unwrap();
        }
        let mut extra = vec![
            "--rate-per-ip".into(),
            "0".into(),
            "--rate-per-token".into(),
            "0".into(),
        ];
        extra.extend(options.args);
        let stray = Arc::default();
        let (child, url) = spawn(
            &path,
            &options.backend,
            &extra,
            &options.env,
            Arc::clone(&stray),
        );
        let addr = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned();
        Server {
            url,
            addr,
            child,
            tmp: path,
            _tmp: Some(tmp),
            backend: options.backend,
            extra,
            env: options.env,
            stray,
        }
    }

    /// What the server wrote to stderr (its log) so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.tmp.join("server.log")).unwrap_or_default()
    }

    /// Lines the server printed to stdout after the URL line (there should be none).
    pub fn stray_stdout(&self) -> Vec<String> {
        self.stray.lock().unwrap().clone()
    }

    pub fn data_dir(&self) -> PathBuf {
        self.tmp.join("data")
    }

    /// SIGKILL, as in a crash.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// SIGTERM, and wait for a clean exit.
    pub fn terminate(&mut self) -> std::process::ExitStatus {
        let status = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status()
            .unwrap();
        assert!(status.success());
        self.child.wait().unwrap()
    }

    /// Starts the server again on the same data (a new port).
    pub fn restart(&mut self) {
        self.kill();
        let (child, url) = spawn(
            &self.tmp,
            &self.backend,
            &self.extra,
            &self.env,
            Arc::clone(&self.stray),
        );
        self.child = child;
        self.addr = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned();
        self.url = url;
    }

    pub async fn get(&self, path: &str) -> Resp {
        self.request(Method::GET, path, &[], None).await
    }

    pub async fn request(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<Vec<u8>>,
    ) -> Resp {
        request(&self.addr, method, path, headers, body).await
    }

    /// JSON request with an optional bearer token.
    pub async fn json<B: Serialize>(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&B>,
    ) -> Resp {
        let auth = token.map(|t| format!("Bearer {t}"));
        let mut headers = vec![("content-type", "application/json")];
        if let Some(a) = &auth {
            headers.push(("authorization", a.as_str()));
        }
        let body = body.map(|b| serde_json::to_vec(b).unwrap());
        self.request(method, path, &headers, body).await
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

fn spawn(
    tmp: &Path,
    backend: &Backend,
    extra: &[String],
    env: &[(String, String)],
    stray: Arc<Mutex<Vec<String>>>,
) -> (Child, String) {
    let stderr = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(tmp.join("server.log"))
        .unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_signaal-server"));
    cmd.args(["--port", "0", "--host", "127.0.0.1"])
        .arg("--data-dir")
        .arg(tmp.join("data"))
        .arg("--dist")
        .arg(tmp.join("dist"))
        .args(extra)
        .env("RUST_LOG", "warn")
        .env_remove("DATABASE_URL")
        .env_remove("SIGNAAL_TRUSTED_PROXY")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(stderr);
    if let Backend::Postgres(url) = backend {
        cmd.env("DATABASE_URL", url);
    }
    cmd.envs(env.iter().map(|(k, v)| (k, v)));
    let mut child = cmd.spawn().expect("start signaal-server");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut lines = BufReader::new(stdout).lines();
        let first = lines.next().and_then(Result::ok);
        let _ = tx.send(first);
        // Anything more on stdout breaks the one-line contract: keep it for `stray_stdout`.
        for line in lines.map_while(Result::ok) {
            stray.lock().unwrap().push(line);
        }
    });
    let line = rx
        .recv_timeout(Duration::from_secs(60))
        .ok()
        .flatten()
        .unwrap_or_else(|| {
            let _ = child.kill();
            panic!(
                "server did not start: {}",
                std::fs::read_to_string(tmp.join("server.log")).unwrap_or_default()
            )
        });
    let url = line
        .strip_prefix("Signaal: ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    assert!(
        url.starts_with("http://127.0.0.1:") && url.ends_with('/'),
        "{url}"
    );
    (child, url)
}

#[derive(Debug)]
pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).map_or("", |v| v.to_str().unwrap())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json<T: DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {} {}", self.status, self.text()))
    }

    /// Asserts a JSON error with this status and returns its code.
    pub fn error(&self, status: u16) -> String {
        assert_eq!(self.status.as_u16(), status, "{}", self.text());
        assert!(
            self.header("content-type").starts_with("application/json"),
            "{:?}",
            self.headers
        );
        let body: signaal_core::wire::ErrorBody = self.json();
        assert!(!body.message.is_empty());
        body.error
    }
}

/// One request on a fresh connection (keeps the client trivially correct).
pub async fn request(
    addr: &str,
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<Vec<u8>>,
) -> Resp {
    try_request(addr, method, path, headers, body)
        .await
        .unwrap()
}

/// Like [`request`], but a failed connection (a killed server) is an error, not a panic.
pub async fn try_request(
    addr: &str,
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<Vec<u8>>,
) -> Result<Resp, String> {
    let stream = tokio::net::TcpStream::connect(addr)
        .await
        .map_err(|e| e.to_string())?;
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| e.to_string())?;
    tokio::spawn(conn);
    let mut req = Request::builder().method(method).uri(path);
    // The connection's address is the Host unless the test names another.
    if !headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("host"))
    {
        req = req.header("host", addr);
    }
    for (name, value) in headers {
        req = req.header(
            HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    let req = req
        .body(Full::new(Bytes::from(body.unwrap_or_default())))
        .unwrap();
    let response = sender.send_request(req).await.map_err(|e| e.to_string())?;
    let (parts, body) = response.into_parts();
    let body = body
        .collect()
        .await
        .map_err(|e| e.to_string())?
        .to_bytes()
        .to_vec();
    Ok(Resp {
        status: parts.status,
        headers: parts.headers,
        body,
    })
}

/// Runs `signaal-server ARGS` (a command such as `backup` or `health`) to its end, off the async
/// runtime's threads. Only `env` and the harness's own variables are set.
pub async fn run_command(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_signaal-server"));
    cmd.args(args)
        .env("RUST_LOG", "warn")
        .env_remove("DATABASE_URL")
        .env_remove("SIGNAAL_DATA_DIR")
        .env_remove("SIGNAAL_PORT");
    cmd.envs(env.iter().copied()).stdin(Stdio::null());
    tokio::task::spawn_blocking(move || cmd.output().expect("run signaal-server"))
        .await
        .unwrap()
}

// The sync API, as a device uses it.

pub async fn create_team(server: &Server) -> CreateTeamResponse {
    let r = server
        .json(
            Method::POST,
            "/api/teams",
            None,
            Some(&CreateTeamRequest::default()),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    r.json()
}

pub fn change(n: u32) -> Change {
    Change {
        change_id: new_uuid().unwrap(),
        record_id: new_uuid().unwrap(),
        clock: format!("{:016}-{n:04}-dev", 1_700_000_000_000u64 + u64::from(n)),
        nonce: STANDARD.encode([n as u8; 12]),
        ciphertext: STANDARD
            .encode(format!("opaque ciphertext {n} with its 16-byte tag").as_bytes()),
        erased: false,
    }
}

pub async fn push(server: &Server, token: &str, changes: &[Change]) -> Resp {
    server
        .json(
            Method::POST,
            "/api/sync/push",
            Some(token),
            Some(&PushRequest {
                changes: changes.to_vec(),
            }),
        )
        .await
}

pub async fn pull(server: &Server, token: &str, query: &str) -> Resp {
    server
        .json::<()>(
            Method::GET,
            &format!("/api/sync/pull{query}"),
            Some(token),
            None,
        )
        .await
}

/// Pulls everything, page by page.
pub async fn pull_all(server: &Server, token: &str, limit: u32) -> Vec<PulledChange> {
    let mut all = Vec::new();
    let mut after = 0;
    loop {
        let r = pull(server, token, &format!("?after={after}&limit={limit}")).await;
        assert_eq!(r.status, 200, "{}", r.text());
        let page: PullResponse = r.json();
        assert!(page.changes.len() <= limit as usize);
        all.extend(page.changes);
        assert!(page.next >= after);
        after = page.next;
        if !page.more {
            return all;
        }
    }
}

pub async fn join(server: &Server, team: Uuid, invite: &str) -> Resp {
    let body = JoinTeamRequest {
        invite_secret: invite.into(),
        device_label: Some("Tablet 2".into()),
    };
    server
        .json(
            Method::POST,
            &format!("/api/teams/{team}/devices"),
            None,
            Some(&body),
        )
        .await
}

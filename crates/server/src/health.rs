//! `signaal-server health [--url URL]`: a container health check without curl.
//!
//! One `GET` over plain HTTP/1.1 on a TCP connection (`Connection: close`), 5 seconds for all
//! of it. Healthy only if the answer is `200` with a JSON body whose `status` is `"ok"` (the
//! server answers that only when its database answers).

use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

/// The whole check (connect, send, read) must finish within this.
pub const TIMEOUT: Duration = Duration::from_secs(5);
/// Larger answers are not a health answer.
const MAX_RESPONSE_BYTES: u64 = 64 * 1024;

/// The URL checked when none is given.
pub fn default_url(port: u16) -> String {
    format!("http://127.0.0.1:{port}/api/health")
}

/// What was asked for: `http://host[:port][/path]`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Target {
    /// As in the Host header (with the port if one was given, IPv6 in brackets).
    authority: String,
    /// What to connect to.
    host: String,
    port: u16,
    path: String,
}

fn parse_url(url: &str) -> Result<Target, String> {
    let rest = url.strip_prefix("http://").ok_or_else(|| {
        if url.starts_with("https://") {
            format!("{url}: https is not supported; check the server itself over http (inside its container)")
        } else {
            format!("{url}: the URL must start with http://")
        }
    })?;
    let (authority, path) = rest
        .find(['/', '?'])
        .map_or((rest, "/"), |i| (&rest[..i], &rest[i..]));
    let path = if path.starts_with('?') {
        format!("/{path}")
    } else {
        path.to_owned()
    };
    let bad = || format!("{url}: cannot read the host and port");
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (host, after) = v6.split_once(']').ok_or_else(bad)?;
        match after {
            "" => (host, 80),
            _ => (
                host,
                after
                    .strip_prefix(':')
                    .and_then(|p| p.parse().ok())
                    .ok_or_else(bad)?,
            ),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, port.parse().map_err(|_| bad())?),
            None => (authority, 80),
        }
    };
    if host.is_empty()
        || authority.contains('@')
        || path.bytes().any(|b| b.is_ascii_control() || b == b' ')
    {
        return Err(bad());
    }
    Ok(Target {
        authority: authority.to_owned(),
        host: host.to_owned(),
        port,
        path,
    })
}

/// Checks the server at `url`; `Ok` carries the health answer's body, `Err` says what is wrong.
pub async fn check(url: &str) -> Result<String, String> {
    let target = parse_url(url)?;
    match tokio::time::timeout(TIMEOUT, ask(&target)).await {
        Ok(Ok((status, body))) => judge(url, status, &body),
        Ok(Err(why)) => Err(format!("{url}: {why}")),
        Err(_) => Err(format!("{url}: no answer within {} s", TIMEOUT.as_secs())),
    }
}

/// Sends the request; returns the status code and the (de-chunked) body.
async fn ask(target: &Target) -> Result<(u16, Vec<u8>), String> {
    let mut stream = TcpStream::connect((target.host.as_str(), target.port))
        .await
        .map_err(|e| format!("cannot connect to {}: {e}", target.authority))?;
    let request = format!(
        "GET {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: signaal-server-health\r\nAccept: application/json\r\nConnection: close\r\n\r\n",
        target.path, target.authority
    );
    stream
        .write_all(request.as_bytes())
        .await
        .map_err(|e| format!("cannot send the request: {e}"))?;
    let mut raw = Vec::new();
    (&mut stream)
        .take(MAX_RESPONSE_BYTES + 1)
        .read_to_end(&mut raw)
        .await
        .map_err(|e| format!("cannot read the answer: {e}"))?;
    if raw.len() as u64 > MAX_RESPONSE_BYTES {
        return Err(format!(
            "the answer is larger than {MAX_RESPONSE_BYTES} bytes"
        ));
    }
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> Result<(u16, Vec<u8>), String> {
    if raw.is_empty() {
        return Err("the connection closed without an answer".into());
    }
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("the answer is not HTTP (no end of headers)")?;
    let head = std::str::from_utf8(&raw[..end]).map_err(|_| "the answer's headers are not text")?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let mut parts = status_line.splitn(3, ' ');
    let (version, code) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
    );
    let status = match code.parse::<u16>() {
        Ok(status) if version.starts_with("HTTP/1.") => status,
        _ => return Err(format!("the answer is not HTTP/1.x: {status_line:?}")),
    };
    let mut chunked = false;
    let mut length = None;
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let (name, value) = (name.trim(), value.trim());
        if name.eq_ignore_ascii_case("transfer-encoding") {
            chunked = value.to_ascii_lowercase().contains("chunked");
        } else if name.eq_ignore_ascii_case("content-length") {
            length = Some(
                value
                    .parse::<usize>()
                    .map_err(|_| format!("bad Content-Length {value:?}"))?,
            );
        }
    }
    let body = &raw[end + 4..];
    let body = if chunked {
        dechunk(body)?
    } else if let Some(length) = length {
        body.get(..length)
            .ok_or("the answer is shorter than its Content-Length")?
            .to_vec()
    } else {
        body.to_vec()
    };
    Ok((status, body))
}

fn dechunk(mut body: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    loop {
        let line_end = body
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or("a chunked answer is cut short")?;
        let size_text = std::str::from_utf8(&body[..line_end]).map_err(|_| "bad chunk size")?;
        let size_text = size_text.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| format!("bad chunk size {size_text:?}"))?;
        body = &body[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        let chunk = body.get(..size).ok_or("a chunked answer is cut short")?;
        out.extend_from_slice(chunk);
        body = body
            .get(size + 2..)
            .ok_or("a chunked answer is cut short")?;
    }
}

fn judge(url: &str, status: u16, body: &[u8]) -> Result<String, String> {
    let text = String::from_utf8_lossy(body);
    let shown: String = text.chars().take(200).collect();
    if status != 200 {
        return Err(format!("{url} answered {status}: {shown}"));
    }
    let json: serde_json::Value = serde_json::from_slice(body)
        .map_err(|_| format!("{url} answered 200, but not with JSON: {shown}"))?;
    if json.get("status").and_then(serde_json::Value::as_str) == Some("ok") {
        Ok(text.into_owned())
    } else {
        Err(format!(
            "{url} answered 200, but not with \"status\":\"ok\": {shown}"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_urls() {
        let t = parse_url("http://127.0.0.1:8080/api/health").unwrap();
        assert_eq!(
            (
                t.host.as_str(),
                t.port,
                t.path.as_str(),
                t.authority.as_str()
            ),
            ("127.0.0.1", 8080, "/api/health", "127.0.0.1:8080")
        );
        let t = parse_url("http://[::1]:9000/api/health?x=1").unwrap();
        assert_eq!(
            (
                t.host.as_str(),
                t.port,
                t.path.as_str(),
                t.authority.as_str()
            ),
            ("::1", 9000, "/api/health?x=1", "[::1]:9000")
        );
        let t = parse_url("http://localhost").unwrap();
        assert_eq!(
            (t.host.as_str(), t.port, t.path.as_str()),
            ("localhost", 80, "/")
        );
        let t = parse_url("http://[::1]").unwrap();
        assert_eq!((t.host.as_str(), t.port), ("::1", 80));
        assert!(parse_url("https://example.org/api/health")
            .unwrap_err()
            .contains("https is not supported"));
        for bad in [
            "127.0.0.1:8080/api/health",
            "http://",
            "http://:80/",
            "http://host:port/",
            "http://[::1/",
            "http://a@b/",
            "http://h/a b",
        ] {
            assert!(parse_url(bad).is_err(), "{bad:?}");
        }
        assert_eq!(default_url(8080), "http://127.0.0.1:8080/api/health");
    }

    #[test]
    fn reads_answers() {
        let plain = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 15\r\n\r\n{\"status\":\"ok\"}";
        assert_eq!(
            parse_response(plain).unwrap(),
            (200, b"{\"status\":\"ok\"}".to_vec())
        );
        let chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n{\"stat\r\n9;x=y\r\nus\":\"ok\"}\r\n0\r\n\r\n";
        assert_eq!(
            parse_response(chunked).unwrap(),
            (200, b"{\"status\":\"ok\"}".to_vec())
        );
        let until_close = b"HTTP/1.0 503 Service Unavailable\r\n\r\ndown";
        assert_eq!(
            parse_response(until_close).unwrap(),
            (503, b"down".to_vec())
        );
        assert!(parse_response(b"").is_err());
        assert!(parse_response(b"SSH-2.0-OpenSSH\r\n\r\n").is_err());
        assert!(parse_response(b"HTTP/1.1 200 OK\r\ncontent-length: 99\r\n\r\nshort").is_err());
        assert!(
            parse_response(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n").is_err()
        );
        assert!(
            parse_response(b"HTTP/1.1 200 OK\r\ncontent-length: 5").is_err(),
            "headers never end"
        );
    }

    #[test]
    fn judges_answers() {
        let url = "http://x/api/health";
        assert!(judge(
            url,
            200,
            br#"{"status":"ok","version":"0.1.0","db":"sqlite"}"#
        )
        .is_ok());
        assert!(judge(url, 200, br#"{"status":"degraded"}"#)
            .unwrap_err()
            .contains("status"));
        assert!(judge(url, 200, br#"{"state":"ok"}"#).is_err());
        assert!(judge(url, 200, b"<!DOCTYPE html>")
            .unwrap_err()
            .contains("not with JSON"));
        assert!(judge(url, 503, br#"{"status":"ok"}"#)
            .unwrap_err()
            .contains("503"));
    }
}

//! Serving Trunk's build output: the app shell, hashed assets, the parent page, a handover's
//! recipient view, SPA fallback,
//! cache headers and the CSP that matches the served HTML.

use std::path::{Path, PathBuf};
use std::sync::RwLock;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use tower::ServiceExt as _;
use tower_http::services::ServeDir;

use crate::csp::{self, InlineHashes};
use crate::error::ApiError;
use crate::AppState;

pub const INDEX: &str = "index.html";
pub const PARENT: &str = "parent.html";
pub const HANDOVER: &str = "handover.html";

/// Files that must be revalidated on every load: they name the current build's assets.
const NO_CACHE_FILES: [&str; 7] = [
    INDEX,
    PARENT,
    HANDOVER,
    "manifest.webmanifest",
    "parent.webmanifest",
    "sw.js",
    "parent-sw.js",
];
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Unhashed static files (icons): cached a day; the service worker handles offline use.
const MODEST: &str = "public, max-age=86400";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Page {
    Index,
    Parent,
    Handover,
}

impl Page {
    fn file(self) -> &'static str {
        match self {
            Page::Index => INDEX,
            Page::Parent => PARENT,
            Page::Handover => HANDOVER,
        }
    }
}

pub struct Site {
    dist: PathBuf,
    files: ServeDir,
    /// Inline-code hashes of the last read index.html, parent.html and handover.html. Refreshed
    /// whenever a page is served, so a rebuild under a running server gets a matching policy.
    hashes: RwLock<[InlineHashes; 3]>,
    policy: RwLock<String>,
}

impl Site {
    pub fn new(dist: PathBuf) -> Self {
        let read = |name: &str| {
            std::fs::read_to_string(dist.join(name))
                .map(|t| InlineHashes::of_html(&t))
                .unwrap_or_default()
        };
        let hashes = [read(INDEX), read(PARENT), read(HANDOVER)];
        let policy = csp::policy(hashes.iter());
        let files = ServeDir::new(&dist)
            .append_index_html_on_directories(false)
            // A post-build step may write `.br`/`.gz` next to the assets at maximum compression;
            // the CompressionLayer then leaves those responses alone.
            .precompressed_br()
            .precompressed_gzip();
        Self {
            dist,
            files,
            hashes: RwLock::new(hashes),
            policy: RwLock::new(policy),
        }
    }

    pub fn dist(&self) -> &Path {
        &self.dist
    }

    pub fn is_built(&self) -> bool {
        self.dist.join(INDEX).is_file()
    }

    /// The current Content-Security-Policy (for every response).
    pub fn policy(&self) -> String {
        self.policy
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn note_page(&self, page: Page, html: &str) -> String {
        let fresh = InlineHashes::of_html(html);
        let slot = page as usize;
        if self.hashes.read().unwrap_or_else(|e| e.into_inner())[slot] != fresh {
            let mut hashes = self.hashes.write().unwrap_or_else(|e| e.into_inner());
            hashes[slot] = fresh;
            *self.policy.write().unwrap_or_else(|e| e.into_inner()) = csp::policy(hashes.iter());
        }
        self.policy()
    }
}

/// Handler for everything outside `/api/`.
pub async fn serve(State(state): State<AppState>, request: Request) -> Response {
    let site = &state.site;
    let path = request.uri().path();
    // `/api` and `/api/` are not matched by the nested API router; never answer them with HTML.
    if path == "/api" || path.starts_with("/api/") {
        return ApiError::not_found().into_response();
    }
    if !site.is_built() {
        return not_built(site.dist());
    }
    let path = request.uri().path().to_owned();
    let is_read = matches!(*request.method(), Method::GET | Method::HEAD);
    match path.as_str() {
        "/" | "/index.html" if is_read => return page(site, Page::Index, request.headers()).await,
        "/parent.html" if is_read => return page(site, Page::Parent, request.headers()).await,
        "/handover.html" if is_read => return page(site, Page::Handover, request.headers()).await,
        _ => {}
    }
    let mut request = request;
    if NO_CACHE_FILES.contains(&path.rsplit('/').next().unwrap_or_default()) {
        // Modification times have one-second precision: two builds within a second would look
        // unchanged, and a browser would keep an old service worker. These files are tiny.
        request.headers_mut().remove(header::IF_MODIFIED_SINCE);
        request.headers_mut().remove(header::IF_NONE_MATCH);
    }
    let headers = request.headers().clone();
    let response = match site.files.clone().oneshot(request).await {
        Ok(r) => r.map(Body::new),
        Err(never) => match never {},
    };
    if response.status() != StatusCode::NOT_FOUND || !is_read {
        return with_cache_headers(&path, response);
    }
    // Client-side routes: `/p/<id>` is the parent page, `/o/<id>` a handover's recipient view,
    // other extension-less paths the app.
    if path.starts_with("/p/") && site.dist.join(PARENT).is_file() {
        return page(site, Page::Parent, &headers).await;
    }
    if path.starts_with("/o/") && site.dist.join(HANDOVER).is_file() {
        return page(site, Page::Handover, &headers).await;
    }
    let last = path.rsplit('/').next().unwrap_or_default();
    if !last.contains('.') {
        return page(site, Page::Index, &headers).await;
    }
    with_cache_headers(&path, response)
}

/// An HTML entry page, with a CSP made from its own bytes and an ETag for cheap revalidation.
async fn page(site: &Site, which: Page, request_headers: &HeaderMap) -> Response {
    let html = match tokio::fs::read_to_string(site.dist.join(which.file())).await {
        Ok(html) => html,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return (StatusCode::NOT_FOUND, "not found").into_response();
        }
        Err(err) => {
            tracing::error!(error = %err, file = which.file(), "cannot read page");
            return (StatusCode::INTERNAL_SERVER_ERROR, "cannot read the page").into_response();
        }
    };
    let policy = site.note_page(which, &html);
    let digest = Sha256::digest(html.as_bytes());
    let etag = format!(
        "\"{}\"",
        digest[..12]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    let fresh = request_headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim().trim_start_matches("W/") == etag)
        });
    let (status, body) = if fresh {
        (StatusCode::NOT_MODIFIED, Body::empty())
    } else {
        (StatusCode::OK, Body::from(html))
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    if let Ok(v) = HeaderValue::from_str(&policy) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    response
}

fn not_built(dist: &Path) -> Response {
    let text = format!(
        "Signaal is not built yet: there is no {INDEX} in {}.\n\
         Build and start it with `make run` (the API under /api/ works meanwhile).\n",
        dist.display()
    );
    let mut response = (StatusCode::SERVICE_UNAVAILABLE, text).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn with_cache_headers(path: &str, mut response: Response) -> Response {
    let status = response.status();
    let value = if !(status.is_success() || status == StatusCode::NOT_MODIFIED) {
        "no-store"
    } else {
        cache_policy(path)
    };
    if value == "no-cache" {
        response.headers_mut().remove(header::LAST_MODIFIED);
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

/// Cache-Control for a successfully served static file.
pub fn cache_policy(path: &str) -> &'static str {
    let file = path.rsplit('/').next().unwrap_or_default();
    if NO_CACHE_FILES.contains(&file) {
        "no-cache"
    } else if path.split('/').any(is_content_hashed) {
        IMMUTABLE
    } else {
        MODEST
    }
}

/// Trunk names built files `<name>-<hash>[_bg].<ext>` (and snippet folders `<crate>-<hash>`), the
/// hash a 64-bit number in hex without leading zeros (so usually 16 digits, sometimes fewer):
/// such a name changes whenever the content does, so it may be cached forever.
pub fn is_content_hashed(segment: &str) -> bool {
    let stem = segment.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(name, hash)| {
        !name.is_empty()
            && (8..=16).contains(&hash.len())
            && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names() {
        assert!(is_content_hashed("signaal-1a2b3c4d5e6f7a8b_bg.wasm"));
        assert!(is_content_hashed("signaal-1a2b3c4d5e6f7a8b.js"));
        assert!(is_content_hashed("main-0123456789abcdef.css"));
        assert!(
            is_content_hashed("signaal-2fdfbdf29560280_bg.wasm"),
            "15 digits: a leading zero dropped"
        );
        assert!(!is_content_hashed("main-2024.css"));
        assert!(!is_content_hashed("icon-192.png"));
        assert!(!is_content_hashed("main-0123456789abcdeg.css"));
        assert!(!is_content_hashed("-0123456789abcdef.css"));
        assert_eq!(
            cache_policy("/snippets/signaal-0123456789abcdef/inline0.js"),
            IMMUTABLE
        );
        assert_eq!(
            cache_policy("/parent-words-tr-0123456789abcdef.json"),
            IMMUTABLE,
            "the parent page's fetched words are named by their content"
        );
        assert_eq!(cache_policy("/sw.js"), "no-cache");
        assert_eq!(cache_policy("/manifest.webmanifest"), "no-cache");
        assert_eq!(cache_policy("/parent-sw.js"), "no-cache");
        assert_eq!(cache_policy("/parent.webmanifest"), "no-cache");
        assert_eq!(cache_policy("/icons/icon-192.png"), MODEST);
    }
}

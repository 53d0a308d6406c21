//! The Content-Security-Policy, derived from the built HTML.
//!
//! Trunk boots the wasm from an inline `<script type="module">` whose text changes with every
//! build (it names the hashed files). Rather than `'unsafe-inline'`, the policy allows exactly
//! the inline scripts (and styles) found in the served pages, by their SHA-256.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use sha2::{Digest, Sha256};

/// CSP source expressions (`'sha256-…'`) of the inline scripts and styles of one HTML page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InlineHashes {
    pub scripts: Vec<String>,
    pub styles: Vec<String>,
}

impl InlineHashes {
    pub fn of_html(html: &str) -> Self {
        Self {
            scripts: inline_bodies(html, "script").map(hash_source).collect(),
            styles: inline_bodies(html, "style").map(hash_source).collect(),
        }
    }
}

fn hash_source(text: &str) -> String {
    format!(
        "'sha256-{}'",
        STANDARD.encode(Sha256::digest(text.as_bytes()))
    )
}

/// The policy for pages whose inline code hashes are `pages`.
pub fn policy<'a>(pages: impl IntoIterator<Item = &'a InlineHashes>) -> String {
    let mut scripts: Vec<&str> = Vec::new();
    let mut styles: Vec<&str> = Vec::new();
    for page in pages {
        scripts.extend(page.scripts.iter().map(String::as_str));
        styles.extend(page.styles.iter().map(String::as_str));
    }
    scripts.sort_unstable();
    scripts.dedup();
    styles.sort_unstable();
    styles.dedup();
    let join = |extra: &[&str]| extra.iter().map(|h| format!(" {h}")).collect::<String>();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{}; style-src 'self'{}; \
         img-src 'self' data:; connect-src 'self'; manifest-src 'self'; worker-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        join(&scripts),
        join(&styles)
    )
}

/// Text of every `<tag …>text</tag>` element in `html` that has no `src` attribute, exactly as
/// written (browsers hash the raw text). Skips comments. A tolerant scanner, not a full HTML
/// parser: it only has to understand Trunk's output and our hand-written entry pages.
fn inline_bodies<'a>(html: &'a str, tag: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let lower = html.to_ascii_lowercase();
    let open = format!("<{tag}");
    let close = format!("</{tag}");
    let mut pos = 0;
    std::iter::from_fn(move || loop {
        let next_tag = lower[pos..].find(&open).map(|i| pos + i)?;
        if let Some(comment) = lower[pos..next_tag].find("<!--").map(|i| pos + i) {
            pos = lower[comment..]
                .find("-->")
                .map_or(lower.len(), |i| comment + i + 3);
            continue;
        }
        let after_name = next_tag + open.len();
        // `<scripts>` or `<style-x>` are other elements.
        match lower.as_bytes().get(after_name) {
            Some(b) if b.is_ascii_whitespace() || *b == b'>' || *b == b'/' => {}
            _ => {
                pos = after_name;
                continue;
            }
        }
        let tag_end = lower[after_name..].find('>').map(|i| after_name + i)?;
        let attrs = &lower[after_name..tag_end];
        let body_start = tag_end + 1;
        let body_end = lower[body_start..]
            .find(&close)
            .map_or(lower.len(), |i| body_start + i);
        pos = body_end;
        if has_attribute(attrs, "src") {
            continue;
        }
        return Some(&html[body_start..body_end]);
    })
}

fn has_attribute(attrs: &str, name: &str) -> bool {
    attrs.split(|c: char| c.is_ascii_whitespace()).any(|a| {
        a == name
            || a.strip_prefix(name)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_trunk_style_inline_module_script() {
        let html = r#"<!DOCTYPE html><html><head>
<link rel="modulepreload" href="/signaal-0123456789abcdef.js" integrity="sha384-x">
<script type="module">
import init, * as bindings from '/signaal-0123456789abcdef.js';
const wasm = await init({ module_or_path: '/signaal-0123456789abcdef_bg.wasm' });
</script>
<script src="/other.js"></script>
<!-- <script>ignored()</script> -->
<SCRIPT>second()</SCRIPT>
<style>body{color:red}</style>
</head></html>"#;
        let h = InlineHashes::of_html(html);
        assert_eq!(h.scripts.len(), 2);
        let first = "\nimport init, * as bindings from '/signaal-0123456789abcdef.js';\nconst wasm = await init({ module_or_path: '/signaal-0123456789abcdef_bg.wasm' });\n";
        assert_eq!(h.scripts[0], hash_source(first));
        assert_eq!(h.scripts[1], hash_source("second()"));
        assert_eq!(h.styles, vec![hash_source("body{color:red}")]);
        let p = policy([&h]);
        assert!(p.contains(&h.scripts[0]) && !p.contains("unsafe-inline"));
    }

    #[test]
    fn known_hash() {
        // echo -n 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            hash_source("alert(1)"),
            "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
        );
    }

    #[test]
    fn tolerates_broken_html() {
        for html in [
            "<script",
            "<script>unclosed",
            "<!-- <script>",
            "<scriptx>a</scriptx>",
            "",
        ] {
            let _ = InlineHashes::of_html(html);
        }
        assert!(InlineHashes::of_html("<scriptx>a</scriptx>")
            .scripts
            .is_empty());
    }
}

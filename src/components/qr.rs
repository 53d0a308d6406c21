use leptos::prelude::*;
use qrcodegen::{QrCode, QrCodeEcc};
use std::fmt::Write;

/// Quiet zone around the code, in modules, as scanners expect.
const BORDER: i32 = 4;

/// `text` as a QR code, drawn as one SVG path (no image library): another tablet's camera opens
/// the invite link without typing it.
#[component]
pub fn QrCode(text: String, label: &'static str) -> impl IntoView {
    // Medium error correction fits a full invite link (team, key, secret) in a small version.
    let Ok(qr) = QrCode::encode_text(&text, QrCodeEcc::Medium) else {
        return ().into_any();
    };
    let mut path = String::new();
    for y in 0..qr.size() {
        for x in 0..qr.size() {
            if qr.get_module(x, y) {
                let _ = write!(path, "M{},{}h1v1h-1z", x + BORDER, y + BORDER);
            }
        }
    }
    let side = qr.size() + 2 * BORDER;
    view! {
        <svg class="qr" viewBox=format!("0 0 {side} {side}") role="img" aria-label=label shape-rendering="crispEdges">
            <rect width=side height=side fill="#fff"/>
            <path d=path fill="#000"/>
        </svg>
    }
    .into_any()
}

//! Writes the app-lock settings a device kept before the PBKDF2 iteration count was stored with
//! them (150,000 iterations, no `iterations` field), for the browser test of the upgrade:
//! `cargo run -p signaal-core --example legacy_lock -- <base64 PBKDF2 key> <base64 data key>`.
//! The browser test derives the PIN's key itself with 150,000 iterations of PBKDF2-SHA256.

use signaal_core::lock::wrap_data_key;
use signaal_core::storage::sealed::SealKey;

fn key(arg: Option<String>) -> SealKey {
    let text = arg.expect("two base64 keys");
    SealKey::new(decode(&text).try_into().expect("32 bytes"))
}

/// Standard base64 with padding (the examples take no base64 crate).
fn decode(text: &str) -> Vec<u8> {
    const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in text.bytes().filter(|&c| c != b'=') {
        acc = (acc << 6) | ABC.iter().position(|&a| a == c).expect("base64") as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (pin_key, data_key) = (key(args.next()), key(args.next()));
    print!("{}", wrap_data_key(&pin_key, [7; 12], &data_key));
}

//! Prints localStorage contents (a JSON object of key → value) holding a deterministic sample
//! notebook, encoded exactly as the app stores it. The browser benchmark loads it into a page:
//! `cargo run --release -p signaal-core --example seed -- 10000 > seed.json`.

use std::collections::BTreeMap;

use signaal_core::record::Record;
use signaal_core::sample::Sample;
use signaal_core::storage::codec::encode_bucket;
use signaal_core::storage::{bucket_of, BucketKey, Key};

fn main() {
    let count = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let records = Sample::generate(count, 42).records();
    let mut buckets: BTreeMap<BucketKey, Vec<&Record>> = BTreeMap::new();
    for record in &records {
        buckets.entry(bucket_of(record)).or_default().push(record);
    }
    let mut storage = serde_json::Map::new();
    for (bucket, list) in buckets {
        match encode_bucket(&list) {
            Ok(value) => drop(storage.insert(Key::Bucket(bucket).to_string(), value.into())),
            Err(err) => {
                eprintln!("seed: could not encode a bucket: {err}");
                std::process::exit(1);
            }
        }
    }
    println!("{}", serde_json::Value::Object(storage));
}

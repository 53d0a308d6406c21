//! Prints the storage and speed figures of the notebook core for BENCHMARKS.md:
//! `cargo run --release -p signaal-core --example capacity`.
//!
//! Uses the same deterministic sample as the tests: 10,000 moments of ~200 characters of Dutch
//! text with two tags, one child, an author and a few flags.

use std::collections::BTreeMap;
use std::time::Instant;

use signaal_core::moment::Tag;
use signaal_core::notebook::{weekly_counts, Filter, NotebookIndex};
use signaal_core::record::{Kind, Record};
use signaal_core::sample::Sample;
use signaal_core::storage::codec::{decode_bucket, encode_bucket, encode_record};
use signaal_core::storage::sealed::SealKey;
use signaal_core::storage::{bucket_of, utf16_len, BucketKey, Key, QUOTA_UNITS};
use signaal_core::view::View;

fn main() {
    let count = 10_000;
    let sample = Sample::generate(count, 42);
    let records = sample.records();

    let mut buckets: BTreeMap<BucketKey, Vec<&Record>> = BTreeMap::new();
    for r in &records {
        buckets.entry(bucket_of(r)).or_default().push(r);
    }
    let mut total = 0;
    let mut moment_units = 0;
    let mut largest = 0;
    let started = Instant::now();
    let mut encoded = Vec::new();
    for (key, list) in &buckets {
        let value = match encode_bucket(list) {
            Ok(v) => v,
            Err(e) => return eprintln!("encode failed: {e}"),
        };
        let units = utf16_len(&Key::Bucket(key.clone()).to_string()) + utf16_len(&value);
        total += units;
        if key.kind == Kind::Moment {
            moment_units += units;
            largest = largest.max(list.len());
        }
        encoded.push(value);
    }
    let encode_all = started.elapsed();
    let started = Instant::now();
    let decoded: usize = encoded
        .iter()
        .filter_map(|v| decode_bucket(v).ok())
        .map(|r| r.len())
        .sum();
    let decode_all = started.elapsed();

    println!(
        "moments: {count} in {} buckets (largest month: {largest} moments)",
        buckets.len()
    );
    println!(
        "storage: {total} UTF-16 units in total ({:.1} % of the {QUOTA_UNITS} quota), {:.0} units per moment",
        total as f64 * 100.0 / QUOTA_UNITS as f64,
        moment_units as f64 / count as f64
    );
    println!("encode all buckets: {encode_all:?}; decode all: {decode_all:?} ({decoded} records)");

    // With an app-lock PIN every bucket is stored sealed (the nonce is fixed here; the app draws
    // a random one per write).
    let key = SealKey::new([7; 32]);
    let names: Vec<String> = buckets
        .keys()
        .map(|k| Key::Bucket(k.clone()).to_string())
        .collect();
    let started = Instant::now();
    let sealed: Vec<String> = names
        .iter()
        .zip(&encoded)
        .map(|(name, value)| key.seal(name.as_bytes(), [1; 12], value.as_bytes()))
        .collect();
    let seal_all = started.elapsed();
    let started = Instant::now();
    let opened = names
        .iter()
        .zip(&sealed)
        .filter(|(name, value)| key.open(name.as_bytes(), value).is_ok())
        .count();
    let open_all = started.elapsed();
    let sealed_total: usize = names
        .iter()
        .zip(&sealed)
        .map(|(n, v)| utf16_len(n) + utf16_len(v))
        .sum();
    println!(
        "sealed: {sealed_total} UTF-16 units ({:.1} % of the quota, {:.2}× plain); seal all: {seal_all:?}; open all: {open_all:?} ({opened} buckets)",
        sealed_total as f64 * 100.0 / QUOTA_UNITS as f64,
        sealed_total as f64 / total as f64
    );

    // Saving one moment rewrites one month bucket.
    let month = buckets
        .iter()
        .filter(|(k, _)| k.kind == Kind::Moment)
        .max_by_key(|(_, l)| l.len());
    if let Some((_, list)) = month {
        let runs = 50;
        let started = Instant::now();
        for _ in 0..runs {
            let _ = encode_bucket(list);
        }
        println!(
            "save one moment (re-encode largest month bucket): {:?}",
            started.elapsed() / runs
        );
    }

    let moments: Vec<_> = records
        .iter()
        .filter(|r| r.kind() == Kind::Moment)
        .filter_map(|r| signaal_core::moment::Moment::from_record(r).ok())
        .collect();
    let started = Instant::now();
    let index = NotebookIndex::new(moments);
    println!("build notebook index: {:?}", started.elapsed());

    let filters = [
        ("no filter", Filter::default()),
        (
            "text \"schommel\"",
            Filter {
                text: "schommel".into(),
                ..Filter::default()
            },
        ),
        (
            "tag + text + child",
            Filter {
                tags: vec![Tag::Conflict],
                text: "ruzie".into(),
                child: Some(sample.children[0].id),
                ..Filter::default()
            },
        ),
    ];
    for (name, filter) in &filters {
        let runs = 100;
        let started = Instant::now();
        let mut hits = 0;
        for _ in 0..runs {
            hits = index.timeline(filter).len();
        }
        println!(
            "timeline filter ({name}): {:?} ({hits} hits)",
            started.elapsed() / runs
        );
    }
    if let Some(target) = index.iter().next() {
        let started = Instant::now();
        let similar = index.similar(target, 5);
        println!("similar moments (5 of them): {:?}", started.elapsed());
        let child = Filter {
            child: target.child_ids.first().copied(),
            ..Filter::default()
        };
        let started = Instant::now();
        let weeks = weekly_counts(index.timeline(&child), 12, target.occurred_at.date());
        println!(
            "weekly counts (12 weeks, one child): {:?} ({} weeks)",
            started.elapsed(),
            weeks.len()
        );
        drop(similar);
    }
    if let Some(r) = records.iter().find(|r| r.kind() == Kind::Moment) {
        if let Ok(text) = encode_record(r) {
            println!("one encoded moment ({} units):\n{text}", utf16_len(&text));
        }
    }
}

//! A small in-process token-bucket rate limiter. Each instance counts on its own (several
//! instances on one PostgreSQL let a client through up to N times the limits; README).

use std::collections::HashMap;
use std::hash::Hash;
use std::net::{IpAddr, Ipv6Addr};
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use lru::LruCache;

/// Buckets kept at most; past that the least recently used one is dropped (it starts full
/// again if its client comes back), so memory stays bounded whatever the number of clients,
/// and each check is O(1).
const MAX_BUCKETS: usize = 100_000;

#[derive(Debug)]
pub struct RateLimiter<K: Hash + Eq> {
    /// Tokens added per second; 0 disables the limiter.
    rate: f64,
    burst: f64,
    buckets: Mutex<LruCache<K, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// The unit a per-IP limit counts: an IPv4 address, or an IPv6 /64. One household or school
/// network gets a /64 from its provider and can use every address in it, so counting single
/// IPv6 addresses would let one client walk around the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientNet(IpAddr);

impl From<IpAddr> for ClientNet {
    fn from(ip: IpAddr) -> Self {
        match ip.to_canonical() {
            IpAddr::V6(v6) => {
                let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                ClientNet(IpAddr::V6(Ipv6Addr::from(prefix)))
            }
            v4 => ClientNet(v4),
        }
    }
}

impl<K: Hash + Eq> RateLimiter<K> {
    pub fn new(per_second: f64, burst: f64) -> Self {
        Self::with_capacity(per_second, burst, MAX_BUCKETS)
    }

    fn with_capacity(per_second: f64, burst: f64, capacity: usize) -> Self {
        let rate = if per_second.is_finite() && per_second > 0.0 {
            per_second
        } else {
            0.0
        };
        let capacity = NonZeroUsize::new(capacity).unwrap_or(NonZeroUsize::MIN);
        Self {
            rate,
            burst: burst.max(1.0),
            buckets: Mutex::new(LruCache::new(capacity)),
        }
    }

    /// Takes one token for `key`, or says how long until one is available.
    pub fn check(&self, key: impl Into<K>) -> Result<(), Duration> {
        self.check_at(key.into(), Instant::now())
    }

    fn check_at(&self, key: K, now: Instant) -> Result<(), Duration> {
        if self.rate == 0.0 {
            return Ok(());
        }
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let bucket = buckets.get_or_insert_mut(key, || Bucket {
            tokens: self.burst,
            at: now,
        });
        let refill = now.duration_since(bucket.at).as_secs_f64() * self.rate;
        bucket.tokens = (bucket.tokens + refill).min(self.burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / self.rate))
        }
    }

    #[cfg(test)]
    fn tracked(&self) -> usize {
        self.buckets.lock().unwrap().len()
    }
}

/// At most `max` requests per key running at once (e.g. pulls per device: each builds a page
/// in memory). The map holds only keys with a request running.
#[derive(Debug)]
pub struct InFlight<K: Hash + Eq + Clone> {
    max: usize,
    running: Arc<Mutex<HashMap<K, usize>>>,
}

/// A place taken in an [`InFlight`]; dropping it gives the place back.
#[derive(Debug)]
pub struct Entered<K: Hash + Eq + Clone> {
    key: K,
    running: Arc<Mutex<HashMap<K, usize>>>,
}

impl<K: Hash + Eq + Clone> InFlight<K> {
    pub fn new(max: usize) -> Self {
        Self {
            max: max.max(1),
            running: Arc::default(),
        }
    }

    /// A place for `key`, or None while `max` requests of it are running.
    pub fn enter(&self, key: K) -> Option<Entered<K>> {
        let mut running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        let count = running.entry(key.clone()).or_insert(0);
        if *count >= self.max {
            return None;
        }
        *count += 1;
        Some(Entered {
            key,
            running: self.running.clone(),
        })
    }
}

impl<K: Hash + Eq + Clone> Drop for Entered<K> {
    fn drop(&mut self) {
        let mut running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(count) = running.get_mut(&self.key) {
            *count -= 1;
            if *count == 0 {
                running.remove(&self.key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_then_refill() {
        let limiter = RateLimiter::new(2.0, 3.0);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(limiter.check_at("a", t0).is_ok());
        }
        let wait = limiter.check_at("a", t0).unwrap_err();
        assert!(wait > Duration::ZERO && wait <= Duration::from_millis(500));
        assert!(limiter.check_at("b", t0).is_ok(), "keys are independent");
        assert!(limiter
            .check_at("a", t0 + Duration::from_millis(500))
            .is_ok());
    }

    #[test]
    fn ipv6_counts_per_64_and_ipv4_per_address() {
        let limiter: RateLimiter<ClientNet> = RateLimiter::new(1.0, 2.0);
        let t0 = Instant::now();
        let one: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let same_64: IpAddr = "2001:db8:1:2:ffff:ffff:ffff:fffe".parse().unwrap();
        let next_64: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert!(limiter.check_at(one.into(), t0).is_ok());
        assert!(limiter.check_at(same_64.into(), t0).is_ok());
        assert!(
            limiter.check_at(same_64.into(), t0).is_err(),
            "the whole /64 shares one bucket"
        );
        assert!(limiter.check_at(next_64.into(), t0).is_ok());
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        let v4: IpAddr = "192.0.2.7".parse().unwrap();
        assert_eq!(
            ClientNet::from(mapped),
            ClientNet::from(v4),
            "IPv4-mapped IPv6 is the IPv4 address"
        );
        assert_ne!(
            ClientNet::from(v4),
            ClientNet::from("192.0.2.8".parse::<IpAddr>().unwrap())
        );
    }

    #[test]
    fn memory_is_bounded_and_recent_clients_keep_their_bucket() {
        let limiter = RateLimiter::with_capacity(1.0, 1.0, 100);
        let t0 = Instant::now();
        assert!(limiter.check_at(u32::MAX, t0).is_ok());
        for key in 0..10_000u32 {
            let _ = limiter.check_at(key, t0);
            // The client that keeps coming back stays among the recently used.
            if key % 50 == 0 {
                assert!(
                    limiter.check_at(u32::MAX, t0).is_err(),
                    "its empty bucket was kept"
                );
            }
        }
        assert_eq!(limiter.tracked(), 100);
    }

    #[test]
    fn in_flight_caps_each_key_and_frees_places() {
        let pulls = InFlight::new(2);
        let a1 = pulls.enter("a").expect("first");
        let a2 = pulls.enter("a").expect("second");
        assert!(pulls.enter("a").is_none(), "a third at once is refused");
        assert!(pulls.enter("b").is_some(), "other keys are not affected");
        drop(a1);
        let a3 = pulls.enter("a").expect("a place came free");
        drop((a2, a3));
        assert!(
            pulls.running.lock().unwrap().is_empty(),
            "no key kept once idle"
        );
    }

    #[test]
    fn zero_rate_disables() {
        let limiter: RateLimiter<u32> = RateLimiter::new(0.0, 0.0);
        for _ in 0..1000 {
            assert!(limiter.check(1u32).is_ok());
        }
    }
}

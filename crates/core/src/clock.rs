//! Hybrid logical clock (HLC).
//!
//! Every field write is stamped so devices that edited offline can agree on the last writer
//! without a server deciding. Wall-clock time alone fails on tablets with wrong or jumping clocks;
//! a pure logical counter loses the human meaning "newest". An HLC stamp is
//! `(wall_ms, counter, device)`: it follows the wall clock when that moves forward, counts up when
//! it does not (so stamps from one device are strictly increasing even if its clock goes back),
//! and the device id makes stamps from different devices distinct, so the order is total.
//!
//! The crate reads no clock itself: the caller passes the current time in milliseconds.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Identifies one device (one browser profile). Made from caller-provided random bytes once
/// and kept in local storage; 64 random bits make a collision within a team negligible.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct DeviceId(pub u64);

impl DeviceId {
    pub fn from_random(bytes: [u8; 8]) -> Self {
        DeviceId(u64::from_le_bytes(bytes))
    }
}

impl fmt::Debug for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DeviceId({})", base36(self.0))
    }
}

impl fmt::Display for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&base36(self.0))
    }
}

impl FromStr for DeviceId {
    type Err = ParseHlcError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_base36(s, "device").map(DeviceId)
    }
}

/// One HLC stamp. The derived order compares `wall_ms`, then `counter`, then `device`, which is
/// exactly the total order last-writer-wins needs (field order matters: do not reorder).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Hlc {
    pub wall_ms: u64,
    pub counter: u32,
    pub device: DeviceId,
}

/// Why a string is not an [`Hlc`] (or [`DeviceId`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseHlcError {
    #[error("a clock stamp has three parts `wall.counter.device`, got {0}")]
    Parts(usize),
    #[error("clock part `{part}` is not a lowercase base-36 number that fits: \"{text}\"")]
    Number { part: &'static str, text: String },
}

impl Hlc {
    pub const fn new(wall_ms: u64, counter: u32, device: DeviceId) -> Self {
        Hlc {
            wall_ms,
            counter,
            device,
        }
    }
}

/// Compact text form `wall.counter.device`, each in lowercase base 36, e.g. `mubbs7i8.0.2bk3j1g8y7c`
/// (about 24 characters instead of ~40 in decimal JSON). Not lexically sortable: compare parsed
/// values.
impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}.{}.{}",
            base36(self.wall_ms),
            base36(u64::from(self.counter)),
            base36(self.device.0)
        )
    }
}

impl fmt::Debug for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hlc({self})")
    }
}

impl FromStr for Hlc {
    type Err = ParseHlcError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut parts = s.split('.');
        let (Some(w), Some(c), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(ParseHlcError::Parts(s.split('.').count()));
        };
        let counter =
            u32::try_from(parse_base36(c, "counter")?).map_err(|_| ParseHlcError::Number {
                part: "counter",
                text: c.to_owned(),
            })?;
        Ok(Hlc {
            wall_ms: parse_base36(w, "wall")?,
            counter,
            device: DeviceId(parse_base36(d, "device")?),
        })
    }
}

impl Serialize for Hlc {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Hlc {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl Serialize for DeviceId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DeviceId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

fn base36(mut n: u64) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut buf = [0u8; 13]; // u64::MAX has 13 base-36 digits
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = DIGITS[(n % 36) as usize];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    buf[i..].iter().map(|&b| char::from(b)).collect()
}

/// Strict parser: lowercase digits only, no sign, no leading zeros, so each value has exactly one
/// spelling (`u64::from_str_radix` would also accept `+` and uppercase).
fn parse_base36(s: &str, part: &'static str) -> Result<u64, ParseHlcError> {
    let bad = || ParseHlcError::Number {
        part,
        text: s.chars().take(20).collect(),
    };
    if s.is_empty() || (s.len() > 1 && s.starts_with('0')) {
        return Err(bad());
    }
    let mut n: u64 = 0;
    for c in s.chars() {
        let d = match c {
            '0'..='9' => c as u64 - '0' as u64,
            'a'..='z' => c as u64 - 'a' as u64 + 10,
            _ => return Err(bad()),
        };
        n = n
            .checked_mul(36)
            .and_then(|n| n.checked_add(d))
            .ok_or_else(bad)?;
    }
    Ok(n)
}

/// How far ahead of the receiver's own clock a stamp may be. A stamp further ahead (a tablet
/// whose date is wrong by days, or a forged change) would win every merge for as long as it is
/// in the future, so devices and the server refuse it instead of merging it.
pub const MAX_SKEW_MS: u64 = 24 * 60 * 60 * 1000;

/// A stamp too far ahead of the receiver's clock (see [`MAX_SKEW_MS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("clock stamp {stamp} is {} hours ahead of this clock (at most 24 are allowed)", .ahead_ms.div_ceil(3_600_000))]
pub struct ClockAhead {
    pub stamp: Hlc,
    pub ahead_ms: u64,
}

/// Refuses `stamp` if it is more than [`MAX_SKEW_MS`] ahead of `now_ms`.
pub fn check_skew(stamp: Hlc, now_ms: u64) -> Result<(), ClockAhead> {
    match stamp.wall_ms.checked_sub(now_ms) {
        Some(ahead_ms) if ahead_ms > MAX_SKEW_MS => Err(ClockAhead { stamp, ahead_ms }),
        _ => Ok(()),
    }
}

/// The device's clock state. Persist [`Clock::last`] (e.g. in the storage meta record) and
/// restore it with [`Clock::resume`] so stamps stay monotonic across reloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    last: Hlc,
}

impl Clock {
    /// A fresh clock for `device` that has issued no stamp yet.
    pub fn new(device: DeviceId) -> Self {
        Clock {
            last: Hlc::new(0, 0, device),
        }
    }

    /// Continues from a persisted stamp (its device becomes this clock's device).
    pub fn resume(last: Hlc) -> Self {
        Clock { last }
    }

    /// The last stamp issued or observed (with this device's id).
    pub fn last(&self) -> Hlc {
        self.last
    }

    pub fn device(&self) -> DeviceId {
        self.last.device
    }

    /// A new stamp for a local write, strictly greater than every stamp issued or observed before,
    /// even if `now_ms` went backwards (clock corrected, tablet rebooted with a wrong date).
    pub fn tick(&mut self, now_ms: u64) -> Hlc {
        if now_ms > self.last.wall_ms {
            self.last.wall_ms = now_ms;
            self.last.counter = 0;
        } else {
            self.bump_counter();
        }
        self.last
    }

    /// Takes a stamp seen on a remote change into account: the next local stamp will be greater
    /// than it, so an edit made after seeing someone else's edit wins over it (causality).
    /// Returns the new clock value (also a valid stamp for a local write).
    ///
    /// A remote stamp up to [`MAX_SKEW_MS`] ahead drags this clock along (inherent to HLCs);
    /// callers refuse stamps further ahead with [`check_skew`] before they merge or observe them.
    pub fn observe(&mut self, remote: Hlc, now_ms: u64) -> Hlc {
        let local = self.last;
        let wall = local.wall_ms.max(remote.wall_ms).max(now_ms);
        if wall == local.wall_ms && wall == remote.wall_ms {
            self.last.counter = local.counter.max(remote.counter);
            self.bump_counter();
        } else if wall == local.wall_ms {
            self.bump_counter();
        } else if wall == remote.wall_ms {
            self.last.wall_ms = wall;
            self.last.counter = remote.counter;
            self.bump_counter();
        } else {
            self.last.wall_ms = wall;
            self.last.counter = 0;
        }
        self.last
    }

    /// Counter overflow (4 billion stamps within one millisecond) would be a bug elsewhere, but
    /// rather than panic or wrap (which would break monotonicity) it borrows the next millisecond.
    fn bump_counter(&mut self) {
        match self.last.counter.checked_add(1) {
            Some(c) => self.last.counter = c,
            None => {
                self.last.wall_ms = self.last.wall_ms.saturating_add(1);
                self.last.counter = 0;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const A: DeviceId = DeviceId(1);
    const B: DeviceId = DeviceId(2);

    #[test]
    fn order_is_wall_then_counter_then_device() {
        assert!(Hlc::new(2, 0, A) > Hlc::new(1, 9, B));
        assert!(Hlc::new(1, 1, A) > Hlc::new(1, 0, B));
        assert!(Hlc::new(1, 1, B) > Hlc::new(1, 1, A));
    }

    #[test]
    fn tick_follows_wall_clock_forward() {
        let mut c = Clock::new(A);
        assert_eq!(c.tick(100), Hlc::new(100, 0, A));
        assert_eq!(c.tick(150), Hlc::new(150, 0, A));
    }

    #[test]
    fn tick_is_monotonic_when_wall_clock_stalls_or_goes_back() {
        let mut c = Clock::new(A);
        let a = c.tick(1000);
        let b = c.tick(1000);
        let d = c.tick(10); // clock jumped back
        assert!(a < b && b < d);
        assert_eq!(d, Hlc::new(1000, 2, A));
    }

    #[test]
    fn observe_moves_past_remote() {
        let mut c = Clock::new(A);
        c.tick(100);
        let seen = c.observe(Hlc::new(500, 7, B), 200);
        assert_eq!(seen, Hlc::new(500, 8, A));
        assert!(c.tick(300) > Hlc::new(500, 7, B));
    }

    #[test]
    fn observe_same_wall_takes_max_counter() {
        let mut c = Clock::resume(Hlc::new(500, 3, A));
        assert_eq!(c.observe(Hlc::new(500, 9, B), 400), Hlc::new(500, 10, A));
        let mut c = Clock::resume(Hlc::new(500, 12, A));
        assert_eq!(c.observe(Hlc::new(500, 9, B), 400), Hlc::new(500, 13, A));
    }

    #[test]
    fn observe_older_remote_keeps_local_order() {
        let mut c = Clock::resume(Hlc::new(900, 0, A));
        assert_eq!(c.observe(Hlc::new(100, 5, B), 800), Hlc::new(900, 1, A));
        // Wall clock ahead of both: counter resets.
        assert_eq!(c.observe(Hlc::new(100, 5, B), 1000), Hlc::new(1000, 0, A));
    }

    #[test]
    fn counter_overflow_borrows_next_millisecond() {
        let mut c = Clock::resume(Hlc::new(5, u32::MAX, A));
        assert_eq!(c.tick(5), Hlc::new(6, 0, A));
    }

    #[test]
    fn text_form_roundtrips_and_is_compact() {
        let h = Hlc::new(1_790_000_000_000, 3, DeviceId(u64::MAX));
        let s = h.to_string();
        assert_eq!(s, "mubbs7i8.3.3w5e11264sgsf");
        assert_eq!(s.parse::<Hlc>().unwrap(), h);
        assert_eq!("0.0.0".parse::<Hlc>().unwrap(), Hlc::default());
        let json = serde_json::to_string(&h).unwrap();
        assert_eq!(serde_json::from_str::<Hlc>(&json).unwrap(), h);
    }

    #[test]
    fn rejects_malformed_text() {
        assert_eq!("1.2".parse::<Hlc>(), Err(ParseHlcError::Parts(2)));
        assert_eq!("1.2.3.4".parse::<Hlc>(), Err(ParseHlcError::Parts(4)));
        for bad in [
            "a..1",
            "A.0.1",
            "+1.0.1",
            "01.0.1",
            "1.-1.1",
            "zzzzzzzzzzzzzz.0.1",
            "1.zzzzzzz.1",
        ] {
            assert!(bad.parse::<Hlc>().is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn text_roundtrip(w in any::<u64>(), c in any::<u32>(), d in any::<u64>()) {
            let h = Hlc::new(w, c, DeviceId(d));
            prop_assert_eq!(h.to_string().parse::<Hlc>().unwrap(), h);
        }

        /// Whatever mix of ticks and observations, every stamp a clock hands out is greater than
        /// everything it issued or saw before.
        #[test]
        fn stamps_strictly_increase(ops in proptest::collection::vec(
            (any::<bool>(), 0u64..1000, 0u64..1000, 0u32..5), 1..60)
        ) {
            let mut c = Clock::new(A);
            let mut high = Hlc::default();
            for (is_tick, now, remote_wall, remote_counter) in ops {
                let stamp = if is_tick {
                    c.tick(now)
                } else {
                    let remote = Hlc::new(remote_wall, remote_counter, B);
                    let s = c.observe(remote, now);
                    prop_assert!(s > remote);
                    s
                };
                prop_assert!(stamp > high);
                prop_assert!(stamp.wall_ms >= now);
                high = stamp;
            }
        }
    }
}

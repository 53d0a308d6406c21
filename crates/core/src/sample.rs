//! Deterministic, realistic sample data.
//!
//! The capacity budget (10,000 moments in local storage), the notebook speed goals and the app's
//! browser benchmarks all need the same believable notebook: ~200-character Dutch notes with some
//! accents, two tags, one child, an author, a few flags. Generating it here, from a seed, means the
//! figures in BENCHMARKS.md and the tests measure the same thing. Not a randomness source for
//! real ids: a seeded SplitMix64 only makes the sample reproducible.

use chrono::{Duration, NaiveDate, NaiveDateTime};

use crate::child::Child;
use crate::clock::{DeviceId, Hlc};
use crate::group::Group;
use crate::id::Id;
use crate::moment::{Moment, Rating, Tag};
use crate::record::Record;
use crate::view::create;

/// A small seeded PRNG (SplitMix64): reproducible, dependency-free.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn id(&mut self) -> Id {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&self.next().to_le_bytes());
        bytes[8..].copy_from_slice(&self.next().to_le_bytes());
        Id::from_random(bytes)
    }
}

const GROUP_NAMES: &[&str] = &["De Vlinders", "Het Bos", "De Uilen", "Bovenbouw"];
const FIRST_NAMES: &[&str] = &[
    "Sem", "Noah", "Liam", "Zoë", "Julia", "Mila", "Daan", "Finn", "Emma", "Saar", "Lucas", "Noor",
    "Yara", "Mohammed", "Ayoub", "Chloë", "Loïs", "Tess", "Jesse", "Anouk",
];
const AUTHORS: &[&str] = &[
    "Anouk", "Fatima", "Sven", "Priya", "Joost", "Meryem", "Kees", "Linda",
];
const SENTENCES: &[&str] = &[
    "Tijdens het buitenspelen duwde hij een ander kind van de glijbaan.",
    "Bij binnenkomst was ze stil en wilde niet aan tafel bij het fruit.",
    "Ruzie over de beurt bij de schommel; na een time-out weer rustig.",
    "Hielp spontaan een jonger kind met de jas, erg fijn om te zien.",
    "Schopte tegen de deur toen de tablet-tijd voorbij was.",
    "Zat lang alleen in de leeshoek en reageerde nauwelijks op vragen.",
    "Vertelde uit zichzelf dat het thuis druk is met de nieuwe baby.",
    "Werd uitgelachen door twee oudere kinderen tijdens het voetballen.",
    "Hield zich niet aan de afspraak over de gang; twee keer herinnerd.",
    "Gaf aan buikpijn te hebben vlak voor het ophalen door de oppas.",
    "Speelde heel geconcentreerd met Lego en deelde zelf de blokken.",
    "Moeder vertelde bij het ophalen dat hij slecht slaapt deze week.",
    "Na school erg moe, wilde direct naar huis, huilde even bij de tas.",
    "Was trots op de tekening en liet die aan iedereen zien. Compliment!",
    "Reageerde boos toen een ander kind het kunstwerk per ongeluk pakte.",
];

/// A consistent sample: groups, children in those groups and moments about those children.
#[derive(Debug, Clone)]
pub struct Sample {
    pub groups: Vec<Group>,
    pub children: Vec<Child>,
    pub moments: Vec<Moment>,
    /// Creation stamp of each moment (same order as `moments`).
    pub stamps: Vec<Hlc>,
}

impl Sample {
    /// `moment_count` moments spread evenly over three school years (about 14 a day at 10,000),
    /// written between 12:00 and 18:30 by eight practitioners on eight tablets.
    pub fn generate(moment_count: usize, seed: u64) -> Sample {
        let mut rng = SplitMix(seed);
        let groups: Vec<Group> = GROUP_NAMES
            .iter()
            .map(|n| Group::new(rng.id(), *n))
            .collect();
        let children: Vec<Child> = (0..60)
            .map(|i| {
                let initial = char::from(b'A' + (i % 26) as u8);
                let mut c = Child::new(
                    rng.id(),
                    format!("{} {initial}.", FIRST_NAMES[i % FIRST_NAMES.len()]),
                    groups[i % groups.len()].id,
                );
                c.birth_year = Some(2014 + (i % 9) as u16);
                c
            })
            .collect();
        let devices: Vec<DeviceId> = AUTHORS.iter().map(|_| DeviceId(rng.next())).collect();

        let start = NaiveDate::from_ymd_opt(2023, 9, 4)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .unwrap_or(NaiveDateTime::MIN);
        let span_days = 3 * 365;
        let mut moments = Vec::with_capacity(moment_count);
        let mut stamps = Vec::with_capacity(moment_count);
        for i in 0..moment_count {
            let day = (i * span_days / moment_count.max(1)) as i64;
            let minutes = 12 * 60 + rng.below(390) as i64;
            let occurred_at = start + Duration::days(day) + Duration::minutes(minutes);
            let child = rng.pick(&children);
            let author_ix = rng.below(AUTHORS.len());
            let mut m = Moment::new(
                rng.id(),
                AUTHORS[author_ix],
                vec![child.id],
                child.group_id,
                occurred_at,
            );
            let first = rng.below(Tag::BUILT_IN.len());
            let second = (first + 1 + rng.below(Tag::BUILT_IN.len() - 1)) % Tag::BUILT_IN.len();
            m.tags = vec![Tag::BUILT_IN[first].clone(), Tag::BUILT_IN[second].clone()];
            while m.note.chars().count() < 180 {
                if !m.note.is_empty() {
                    m.note.push(' ');
                }
                m.note.push_str(rng.pick::<&str>(SENTENCES));
            }
            m.for_handover = rng.chance(20);
            m.told_parent = rng.chance(10);
            if rng.chance(15) {
                m.rating = Some(*rng.pick(&[Rating::Red, Rating::Orange, Rating::Green]));
            }
            let wall_ms = occurred_at.and_utc().timestamp_millis().max(0) as u64 + 60_000;
            stamps.push(Hlc::new(wall_ms, 0, devices[author_ix]));
            moments.push(m);
        }
        Sample {
            groups,
            children,
            moments,
            stamps,
        }
    }

    /// All sample data as records, as the app would have created them. Sample data is valid by
    /// construction; anything that fails validation is skipped rather than panicking.
    pub fn records(&self) -> Vec<Record> {
        let setup = Hlc::new(1_693_000_000_000, 0, DeviceId(1));
        let groups = self
            .groups
            .iter()
            .filter_map(|g| create(g, AUTHORS[0], setup).ok());
        let children = self
            .children
            .iter()
            .filter_map(|c| create(c, AUTHORS[0], setup).ok());
        let moments = self
            .moments
            .iter()
            .zip(&self.stamps)
            .filter_map(|(m, stamp)| create(m, &m.author, *stamp).ok());
        groups.chain(children).chain(moments).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::View;

    #[test]
    fn sample_is_deterministic_and_valid() {
        let a = Sample::generate(200, 7);
        let b = Sample::generate(200, 7);
        assert_eq!(a.moments, b.moments);
        for m in &a.moments {
            assert_eq!(m.validate(), Ok(()));
            let len = m.note.chars().count();
            assert!((180..320).contains(&len), "{len}");
        }
        assert_eq!(a.records().len(), 4 + 60 + 200);
    }
}

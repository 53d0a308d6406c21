//! Looking back in the notebook: timeline filters, full-text search, similar earlier moments,
//! weekly frequency per tag and the handover list.
//!
//! All functions are pure and work on live (not deleted) [`Moment`]s; the app decodes them from
//! records and skips deleted ones. [`NotebookIndex`] keeps the moments sorted newest first with
//! their search text folded once, so a filtered timeline over 10,000 moments is one linear pass
//! without allocation per moment (well under 5 ms natively; the test prints the figure).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};

use crate::id::Id;
use crate::moment::{Moment, Tag};
use crate::text::{normalize, terms};

/// What to show. Empty/`None` criteria match everything; all given criteria must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Moments about this child (among possibly several children).
    pub child: Option<Id>,
    pub group: Option<Id>,
    /// Any of these tags (an empty list: no tag filter).
    pub tags: Vec<Tag>,
    /// Author name, compared case- and accent-insensitively.
    pub author: Option<String>,
    /// First day included.
    pub from: Option<NaiveDate>,
    /// Last day included.
    pub to: Option<NaiveDate>,
    /// Words that must all occur (as parts of words) in the note, details or custom tags,
    /// ignoring case and accents: "schop" finds "Schopte".
    pub text: String,
}

/// A filter with its text folded once, instead of once per moment.
struct Prepared<'f> {
    filter: &'f Filter,
    author: Option<String>,
    words: Vec<String>,
}

impl<'f> Prepared<'f> {
    fn new(filter: &'f Filter) -> Self {
        Prepared {
            filter,
            author: filter.author.as_deref().map(normalize),
            words: normalize(&filter.text)
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect(),
        }
    }

    fn matches(&self, e: &Entry) -> bool {
        let f = self.filter;
        let m = &e.moment;
        let date = m.occurred_at.date();
        f.child.is_none_or(|c| m.child_ids.contains(&c))
            && f.group.is_none_or(|g| m.group_id == g)
            && f.from.is_none_or(|d| date >= d)
            && f.to.is_none_or(|d| date <= d)
            && (f.tags.is_empty() || f.tags.iter().any(|t| m.tags.contains(t)))
            && self.author.as_ref().is_none_or(|a| *a == e.author)
            && self.words.iter().all(|w| e.text.contains(w.as_str()))
    }
}

struct Entry {
    moment: Moment,
    /// Folded note, details and custom tags.
    text: String,
    /// Folded author.
    author: String,
}

impl Entry {
    fn new(moment: Moment) -> Entry {
        Entry {
            text: search_text(&moment),
            author: normalize(&moment.author),
            moment,
        }
    }
}

/// The folded text a moment is searched and compared by.
fn search_text(m: &Moment) -> String {
    let mut raw = m.note.clone();
    for (_, detail) in m.details() {
        raw.push(' ');
        raw.push_str(detail);
    }
    for tag in &m.tags {
        if let Tag::Custom(text) = tag {
            raw.push(' ');
            raw.push_str(text);
        }
    }
    normalize(&raw)
}

/// Newest first; ties (same minute) by id so the order is stable across devices.
fn newest_first(a: &Moment, b: &Moment) -> std::cmp::Ordering {
    b.occurred_at
        .cmp(&a.occurred_at)
        .then_with(|| b.id.cmp(&a.id))
}

/// Moments sorted newest first with precomputed search text.
#[derive(Default)]
pub struct NotebookIndex {
    entries: Vec<Entry>,
}

impl NotebookIndex {
    pub fn new(moments: impl IntoIterator<Item = Moment>) -> Self {
        let mut entries: Vec<Entry> = moments.into_iter().map(Entry::new).collect();
        entries.sort_by(|a, b| newest_first(&a.moment, &b.moment));
        // A moment listed twice (e.g. decoded from two buckets during a move) would show twice.
        entries.dedup_by(|a, b| a.moment.id == b.moment.id);
        NotebookIndex { entries }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, id: Id) -> Option<&Moment> {
        self.entries
            .iter()
            .find(|e| e.moment.id == id)
            .map(|e| &e.moment)
    }

    /// Adds or replaces a moment (after a save or a merge) without rebuilding the index.
    pub fn upsert(&mut self, moment: Moment) {
        self.remove(moment.id);
        let at = self
            .entries
            .partition_point(|e| newest_first(&e.moment, &moment).is_lt());
        self.entries.insert(at, Entry::new(moment));
    }

    /// Removes a moment (deleted, erased); returns it if it was there.
    pub fn remove(&mut self, id: Id) -> Option<Moment> {
        let at = self.entries.iter().position(|e| e.moment.id == id)?;
        Some(self.entries.remove(at).moment)
    }

    /// All moments, newest first.
    pub fn iter(&self) -> impl Iterator<Item = &Moment> {
        self.entries.iter().map(|e| &e.moment)
    }

    /// The moments matching `filter`, newest first.
    pub fn timeline(&self, filter: &Filter) -> Vec<&Moment> {
        let prepared = Prepared::new(filter);
        // Sorted newest first: skip what is after `to`, stop at the first moment before `from`.
        let start = filter.to.map_or(0, |to| {
            self.entries
                .partition_point(|e| e.moment.occurred_at.date() > to)
        });
        self.entries[start..]
            .iter()
            .take_while(|e| {
                filter
                    .from
                    .is_none_or(|from| e.moment.occurred_at.date() >= from)
            })
            .filter(|e| prepared.matches(e))
            .map(|e| &e.moment)
            .collect()
    }

    /// Earlier moments about the same child(ren) as `target`, most similar first (see
    /// [`similar`]). `target` may be a moment being written that is not in the index yet.
    pub fn similar(&self, target: &Moment, limit: usize) -> Vec<Similar> {
        rank_similar(
            target,
            self.entries.iter().map(|e| (&e.moment, e.text.as_str())),
            limit,
        )
    }
}

/// A moment like the target, with the reasons so the UI can say *why* it is shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Similar {
    pub id: Id,
    pub occurred_at: NaiveDateTime,
    /// 0..=1: half from shared tags, half from shared words (both Jaccard similarity).
    pub score: f32,
    pub shared_tags: Vec<Tag>,
    /// Shared words as the target spells them (folded), e.g. `schopte`.
    pub shared_words: Vec<String>,
}

/// Earlier moments (before `target`, same child among their children) that share tags or
/// meaningful words with `target`, best first, at most `limit`. Without an index; the index
/// version saves re-folding every candidate's text.
pub fn similar<'a>(
    target: &Moment,
    candidates: impl IntoIterator<Item = &'a Moment>,
    limit: usize,
) -> Vec<Similar> {
    let texts: Vec<(&Moment, String)> = candidates
        .into_iter()
        .filter(|c| is_candidate(target, c))
        .map(|c| (c, search_text(c)))
        .collect();
    rank_similar(target, texts.iter().map(|(m, t)| (*m, t.as_str())), limit)
}

fn is_candidate(target: &Moment, c: &Moment) -> bool {
    c.id != target.id
        && c.occurred_at <= target.occurred_at
        && c.child_ids.iter().any(|id| target.child_ids.contains(id))
}

fn rank_similar<'a>(
    target: &Moment,
    candidates: impl Iterator<Item = (&'a Moment, &'a str)>,
    limit: usize,
) -> Vec<Similar> {
    let target_text = search_text(target);
    // stem -> the target's own spelling, for display.
    let mut target_terms: BTreeMap<&str, &str> = BTreeMap::new();
    for (stem, word) in terms(&target_text) {
        target_terms.entry(stem).or_insert(word);
    }
    let mut found: Vec<Similar> = candidates
        .filter(|(c, _)| is_candidate(target, c))
        .filter_map(|(c, text)| {
            let stems: BTreeSet<&str> = terms(text).map(|(stem, _)| stem).collect();
            let shared_words: Vec<String> = target_terms
                .iter()
                .filter(|(stem, _)| stems.contains(*stem))
                .map(|(_, word)| (*word).to_owned())
                .collect();
            let shared_tags: Vec<Tag> = target
                .tags
                .iter()
                .filter(|t| c.tags.contains(t))
                .cloned()
                .collect();
            if shared_tags.is_empty() && shared_words.is_empty() {
                return None;
            }
            let tag_union = target.tags.len() + c.tags.len() - shared_tags.len();
            let word_union = target_terms.len() + stems.len() - shared_words.len();
            let score = 0.5 * jaccard(shared_tags.len(), tag_union)
                + 0.5 * jaccard(shared_words.len(), word_union);
            Some(Similar {
                id: c.id,
                occurred_at: c.occurred_at,
                score,
                shared_tags,
                shared_words,
            })
        })
        .collect();
    found.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| b.occurred_at.cmp(&a.occurred_at))
            .then_with(|| b.id.cmp(&a.id))
    });
    found.truncate(limit);
    found
}

fn jaccard(shared: usize, union: usize) -> f32 {
    if union == 0 {
        0.0
    } else {
        shared as f32 / union as f32
    }
}

/// Moments per ISO week, for the frequency chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekCount {
    pub iso_year: i32,
    pub iso_week: u32,
    pub monday: NaiveDate,
    /// Moments carrying each tag (a moment with two tags counts for both).
    pub per_tag: BTreeMap<Tag, u32>,
    /// Moments in the week (each once, tagged or not).
    pub total: u32,
}

/// Counts for the `weeks_back` ISO weeks up to and including the week of `today`, oldest first
/// (so a chart reads left to right). Moments outside that range are ignored. Pass a filtered
/// timeline to chart one child or one tag.
pub fn weekly_counts<'a>(
    moments: impl IntoIterator<Item = &'a Moment>,
    weeks_back: u32,
    today: NaiveDate,
) -> Vec<WeekCount> {
    let this_monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let first_monday = this_monday - Duration::weeks(i64::from(weeks_back.saturating_sub(1)));
    let mut weeks: Vec<WeekCount> = (0..weeks_back)
        .map(|i| {
            let monday = first_monday + Duration::weeks(i64::from(i));
            let iso = monday.iso_week();
            WeekCount {
                iso_year: iso.year(),
                iso_week: iso.week(),
                monday,
                per_tag: BTreeMap::new(),
                total: 0,
            }
        })
        .collect();
    for m in moments {
        let days = (m.occurred_at.date() - first_monday).num_days();
        let Some(week) = usize::try_from(days / 7)
            .ok()
            .filter(|_| days >= 0)
            .and_then(|i| weeks.get_mut(i))
        else {
            continue;
        };
        week.total += 1;
        for tag in &m.tags {
            *week.per_tag.entry(tag.clone()).or_default() += 1;
        }
    }
    weeks
}

/// The handover list of one group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handover {
    pub group_id: Id,
    /// Moments flagged for handover that day and parents' replies not yet read, oldest first
    /// (the order of the shift).
    pub moment_ids: Vec<Id>,
}

/// Moments flagged "for handover" on `date`, and every parent's reply nobody has marked read
/// (whatever its day: it waits for the next shift), per group (groups by id; the app sorts by
/// name).
pub fn handover<'a>(
    moments: impl IntoIterator<Item = &'a Moment>,
    date: NaiveDate,
) -> Vec<Handover> {
    let mut per_group: BTreeMap<Id, Vec<&Moment>> = BTreeMap::new();
    for m in moments {
        let flagged = m.for_handover && m.occurred_at.date() == date;
        if flagged || (m.from_parent && !m.read) {
            per_group.entry(m.group_id).or_default().push(m);
        }
    }
    per_group
        .into_iter()
        .map(|(group_id, mut list)| {
            list.sort_by(|a, b| newest_first(b, a));
            Handover {
                group_id,
                moment_ids: list.iter().map(|m| m.id).collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::moment::tests::at;
    use crate::sample::Sample;

    fn id(n: u8) -> Id {
        Id::from_random([n; 16])
    }

    fn m(n: u8, child: u8, when: NaiveDateTime, tags: &[Tag], note: &str) -> Moment {
        let mut m = Moment::new(id(n), "Anouk", vec![id(child)], id(100), when);
        m.tags = tags.to_vec();
        m.note = note.into();
        m
    }

    fn sample() -> Vec<Moment> {
        vec![
            m(
                1,
                50,
                at(2, 15, 0),
                &[Tag::Conflict],
                "Schopte Daan bij de glijbaan.",
            ),
            m(
                2,
                50,
                at(3, 16, 0),
                &[Tag::Positive],
                "Hielp met opruimen, één en al glimlach.",
            ),
            m(
                3,
                51,
                at(4, 14, 0),
                &[Tag::Conflict, Tag::Rules],
                "Ruzië over de bal.",
            ),
            m(
                4,
                50,
                at(5, 17, 30),
                &[Tag::Conflict, Tag::Externalising],
                "Schoppen bij de schommel.",
            ),
        ]
    }

    fn ids(list: &[&Moment]) -> Vec<Id> {
        list.iter().map(|m| m.id).collect()
    }

    #[test]
    fn timeline_is_newest_first_and_filters() {
        let ix = NotebookIndex::new(sample());
        assert_eq!(
            ids(&ix.timeline(&Filter::default())),
            [id(4), id(3), id(2), id(1)]
        );
        let f = Filter {
            child: Some(id(50)),
            ..Filter::default()
        };
        assert_eq!(ids(&ix.timeline(&f)), [id(4), id(2), id(1)]);
        let f = Filter {
            tags: vec![Tag::Rules, Tag::Positive],
            ..Filter::default()
        };
        assert_eq!(ids(&ix.timeline(&f)), [id(3), id(2)]);
        let f = Filter {
            from: Some(at(3, 0, 0).date()),
            to: Some(at(4, 0, 0).date()),
            ..Filter::default()
        };
        assert_eq!(ids(&ix.timeline(&f)), [id(3), id(2)]);
        let f = Filter {
            author: Some("ANOUK".into()),
            group: Some(id(101)),
            ..Filter::default()
        };
        assert!(ix.timeline(&f).is_empty());
    }

    #[test]
    fn text_search_ignores_case_and_accents() {
        let ix = NotebookIndex::new(sample());
        let search = |q: &str| {
            ids(&ix.timeline(&Filter {
                text: q.into(),
                ..Filter::default()
            }))
        };
        assert_eq!(search("schop"), [id(4), id(1)]);
        assert_eq!(search("RUZIE"), [id(3)]);
        assert_eq!(search("een glimlach"), [id(2)]);
        assert_eq!(search("schop daan"), [id(1)]);
        assert_eq!(search("  "), [id(4), id(3), id(2), id(1)]);
        assert!(search("zwemmen").is_empty());
    }

    #[test]
    fn upsert_and_remove_keep_order() {
        let mut ix = NotebookIndex::new(sample());
        let mut edited = sample()[0].clone();
        edited.occurred_at = at(6, 15, 0);
        ix.upsert(edited);
        assert_eq!(ix.len(), 4);
        assert_eq!(
            ids(&ix.timeline(&Filter::default())),
            [id(1), id(4), id(3), id(2)]
        );
        assert_eq!(ix.remove(id(3)).map(|m| m.id), Some(id(3)));
        assert_eq!(ix.remove(id(3)), None);
        assert_eq!(
            ix.iter().map(|m| m.id).collect::<Vec<_>>(),
            [id(1), id(4), id(2)]
        );
    }

    #[test]
    fn similar_explains_shared_tags_and_words() {
        let moments = sample();
        let ix = NotebookIndex::new(moments.clone());
        let found = ix.similar(&moments[3], 10);
        // Moment 3 is about another child; moment 2 shares nothing.
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id, id(1));
        assert_eq!(found[0].shared_tags, [Tag::Conflict]);
        assert_eq!(found[0].shared_words, ["schoppen"]);
        assert!(found[0].score > 0.0 && found[0].score <= 1.0);
        // The free function agrees with the index.
        assert_eq!(similar(&moments[3], &moments, 10), found);
        // Later moments are not "earlier similar" ones.
        assert!(ix.similar(&moments[0], 10).is_empty());
        assert!(ix.similar(&moments[3], 0).is_empty());
    }

    #[test]
    fn weekly_counts_per_iso_week() {
        let moments = sample(); // 2026-11-02 is a Monday (ISO week 45)
        let weeks = weekly_counts(&moments, 3, at(12, 0, 0).date());
        assert_eq!(weeks.len(), 3);
        assert_eq!((weeks[0].iso_year, weeks[0].iso_week), (2026, 44));
        assert_eq!(weeks[0].total, 0);
        assert_eq!(weeks[1].monday, at(2, 0, 0).date());
        assert_eq!(weeks[1].total, 4);
        assert_eq!(weeks[1].per_tag.get(&Tag::Conflict), Some(&3));
        assert_eq!(weeks[1].per_tag.get(&Tag::Positive), Some(&1));
        assert_eq!(weeks[2].total, 0);
        assert!(weekly_counts(&moments, 0, at(12, 0, 0).date()).is_empty());
        // Across a year boundary: 2027-01-01 is in ISO week 53 of 2026.
        let jan = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        let weeks = weekly_counts(&moments, 1, jan);
        assert_eq!((weeks[0].iso_year, weeks[0].iso_week), (2026, 53));
    }

    #[test]
    fn handover_groups_flagged_moments_oldest_first() {
        let mut moments = sample();
        for m in &mut moments {
            m.occurred_at = at(
                9,
                m.occurred_at.format("%H").to_string().parse().unwrap(),
                0,
            );
            m.for_handover = m.id != id(2);
        }
        moments[2].group_id = id(101);
        let list = handover(&moments, at(9, 0, 0).date());
        assert_eq!(
            list,
            [
                Handover {
                    group_id: id(100),
                    moment_ids: vec![id(1), id(4)]
                },
                Handover {
                    group_id: id(101),
                    moment_ids: vec![id(3)]
                },
            ]
        );
        assert!(handover(&moments, at(10, 0, 0).date()).is_empty());
    }

    /// The speed goal: a filtered timeline over 10,000 moments well under 5 ms natively.
    /// Unoptimised test builds are several times slower, so the assertion here is loose; the
    /// example `cargo run --release -p signaal-core --example capacity` prints the real figure.
    #[test]
    fn timeline_over_10k_is_fast() {
        let sample = Sample::generate(10_000, 1);
        let ix = NotebookIndex::new(sample.moments.clone());
        let filter = Filter {
            text: "schommel".into(),
            tags: vec![Tag::Conflict],
            ..Filter::default()
        };
        let started = std::time::Instant::now();
        let runs = 5;
        let mut hits = 0;
        for _ in 0..runs {
            hits = ix.timeline(&filter).len();
        }
        let per_run = started.elapsed() / runs;
        println!(
            "timeline filter over 10,000 moments: {per_run:?} per run ({hits} hits, debug build)"
        );
        assert!(hits > 0);
        assert!(per_run.as_millis() < 100, "{per_run:?}");
    }
}

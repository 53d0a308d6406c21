//! The app's records in memory, backed by small localStorage buckets.
//!
//! A save rewrites only the bucket of the changed record (a month of moments, or all children),
//! and memory changes only after the write succeeded: when storage is full, nothing half-happens
//! and the caller still holds what the user typed.

use super::{keys, outbox, read_checked, remove, write, SaveError, Unopened};
use crate::platform::{new_device_id, now_ms, timed};
use signaal_core::child::Child;
use signaal_core::clock::{Clock, Hlc};
use signaal_core::group::Group;
use signaal_core::id::Id;
use signaal_core::moment::Moment;
use signaal_core::notebook::NotebookIndex;
use signaal_core::plan::budget::{self, BudgetError, BudgetKey, Budgets, CoachBudget, Setting};
use signaal_core::record::{Kind, MergeError, Record};
use signaal_core::storage::codec::{decode_bucket_partial, encode_bucket};
use signaal_core::storage::{bucket_of, BucketKey, Key, Meta, Profile};
use signaal_core::view::{self, ApplyError, ValidationError, View};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use thiserror::Error;

/// What a merge did: records new here, records that changed, and those that could not be merged.
#[derive(Debug, Default)]
pub struct Merged {
    pub added: usize,
    pub changed: usize,
    pub rejected: Vec<(Record, MergeError)>,
}

#[derive(Debug, Clone, PartialEq, Error)]
pub enum RepoError {
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    #[error(transparent)]
    Save(#[from] SaveError),
    #[error("this entry no longer exists")]
    NotFound,
    #[error("this entry was erased and cannot be changed")]
    Erased,
    #[error(transparent)]
    Budget(#[from] BudgetError),
}

impl From<ApplyError> for RepoError {
    fn from(err: ApplyError) -> Self {
        match err {
            ApplyError::Invalid(e) => RepoError::Invalid(e),
            ApplyError::Erased(_) => RepoError::Erased,
            // A view applied to the wrong record is a bug in the app, not something to retry.
            ApplyError::WrongRecord { .. } | ApplyError::WrongKind { .. } => RepoError::NotFound,
        }
    }
}

/// Data found in storage that could not be read. It is kept aside, never dropped.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The storage key it came from.
    pub key: String,
    /// How many records could not be read (0 when the whole value was unreadable).
    pub records: usize,
    /// Where the raw data now lives; `None` when it could not be moved (it stays in place).
    pub kept_at: Option<String>,
    pub detail: String,
}

pub struct Repo {
    meta: Meta,
    clock: Clock,
    records: HashMap<Id, Record>,
    buckets: HashMap<BucketKey, BTreeSet<Id>>,
    notebook: NotebookIndex,
    children: BTreeMap<Id, Child>,
    groups: BTreeMap<Id, Group>,
    problems: Vec<Problem>,
    /// Records changed here and not yet accepted by the sync server (see [`outbox`]); `None`
    /// while this device is in no team.
    outbox: Option<BTreeSet<Id>>,
}

impl Repo {
    /// Reads everything under the app's prefix. Never fails: unreadable data is reported in
    /// [`Repo::problems`] and moved aside.
    pub fn load() -> Repo {
        timed("signaal:load", Repo::read_all)
    }

    fn read_all() -> Repo {
        let mut problems = Vec::new();
        let meta_key = Key::Meta.to_string();
        let decoded = read_checked(&meta_key).map(|stored| {
            let raw = stored.map_err(|Unopened { raw, error }| (raw, error.to_string()))?;
            Meta::decode(&raw).map_err(|err| (raw, err.to_string()))
        });
        let meta = match decoded {
            Some(Ok(meta)) => meta,
            Some(Err((raw, detail))) => {
                problems.push(quarantine(&meta_key, &raw, 0, detail));
                fresh_meta()
            }
            None => fresh_meta(),
        };
        let mut repo = Repo {
            clock: Clock::resume(meta.clock),
            meta,
            records: HashMap::new(),
            buckets: HashMap::new(),
            notebook: NotebookIndex::default(),
            children: BTreeMap::new(),
            groups: BTreeMap::new(),
            problems,
            outbox: None,
        };
        let mut moments = Vec::new();
        for key in keys() {
            if let Ok(Key::Bucket(bucket)) = Key::parse(&key) {
                repo.load_bucket(&key, bucket, &mut moments);
            }
        }
        repo.notebook = NotebookIndex::new(moments);
        repo.load_outbox();
        // Stamps must stay ahead of everything already written, also by other devices.
        let now = now_ms();
        if let Some(latest) = repo.records.values().flat_map(Record::stamps).max() {
            repo.clock.observe(latest, now);
        }
        repo
    }

    fn load_outbox(&mut self) {
        self.outbox = match outbox::load() {
            // An id whose bucket write failed after the outbox write has nothing to push.
            Ok(dirty) => dirty.map(|ids| {
                ids.into_iter()
                    .filter(|id| self.records.contains_key(id))
                    .collect()
            }),
            Err(bad) => {
                // Pushing a record twice is harmless, missing one is not: resend everything.
                self.problems
                    .push(quarantine(&outbox::key(), &bad.raw, 0, bad.detail));
                let all = self.records.keys().copied().collect();
                // Written back at once: the key's presence is what says "this device syncs".
                let _ = outbox::save(&all);
                Some(all)
            }
        };
    }

    fn load_bucket(&mut self, key: &str, bucket: BucketKey, moments: &mut Vec<Moment>) {
        let raw = match read_checked(key) {
            None => return,
            Some(Ok(raw)) => raw,
            Some(Err(Unopened { raw, error })) => {
                self.problems
                    .push(quarantine(key, &raw, 0, error.to_string()));
                return;
            }
        };
        let partial = match decode_bucket_partial(&raw) {
            Ok(partial) => partial,
            Err(err) => {
                self.problems
                    .push(quarantine(key, &raw, 0, err.to_string()));
                return;
            }
        };
        if !partial.rejected.is_empty() {
            let raws: Vec<&str> = partial.rejected.iter().map(|r| r.raw.as_str()).collect();
            let detail = partial
                .rejected
                .iter()
                .map(|r| r.error.to_string())
                .collect::<Vec<_>>()
                .join("; ");
            let aside = format!("[{}]", raws.join(","));
            let mut problem = quarantine_copy(key, &aside, partial.rejected.len(), detail);
            // Only drop the bad records from the bucket once their copy is safe.
            if problem.kept_at.is_some() {
                if let Ok(clean) = encode_bucket(&partial.records) {
                    if write(key, &clean).is_err() {
                        problem.detail.push_str(" (left in place as well)");
                    }
                }
            }
            self.problems.push(problem);
        }
        for mut record in partial.records {
            let id = record.id();
            self.buckets.entry(bucket.clone()).or_default().insert(id);
            // A record can sit in two buckets if a move was interrupted: keep both versions.
            if let Some(other) = self.records.remove(&id) {
                let _ = record.merge_from(&other);
                moments.retain(|m: &Moment| m.id != id);
            }
            if let Some(moment) = self.index_record(&record) {
                moments.push(moment);
            }
            self.records.insert(id, record);
        }
    }

    /// Updates the typed indexes for `record`; returns a live moment for the caller to index
    /// (bulk loading builds the notebook index once).
    fn index_record(&mut self, record: &Record) -> Option<Moment> {
        let id = record.id();
        let live = !record.is_deleted();
        match record.kind() {
            Kind::Moment => return live.then(|| self.decoded(record)).flatten(),
            Kind::Child => match live.then(|| self.decoded::<Child>(record)).flatten() {
                Some(child) => drop(self.children.insert(id, child)),
                None => drop(self.children.remove(&id)),
            },
            Kind::Group => match live.then(|| self.decoded::<Group>(record)).flatten() {
                Some(group) => drop(self.groups.insert(id, group)),
                None => drop(self.groups.remove(&id)),
            },
            _ => {}
        }
        None
    }

    fn decoded<V: View>(&mut self, record: &Record) -> Option<V> {
        match V::from_record(record) {
            Ok(view) => Some(view),
            Err(err) => {
                self.problems.push(Problem {
                    key: Key::Bucket(bucket_of(record)).to_string(),
                    records: 1,
                    kept_at: None,
                    detail: err.to_string(),
                });
                None
            }
        }
    }

    pub fn notebook(&self) -> &NotebookIndex {
        &self.notebook
    }

    pub fn children(&self) -> &BTreeMap<Id, Child> {
        &self.children
    }

    pub fn groups(&self) -> &BTreeMap<Id, Group> {
        &self.groups
    }

    pub fn record(&self, id: Id) -> Option<&Record> {
        self.records.get(&id)
    }

    /// Every live record of `V`'s kind, decoded (one that does not decode is skipped; loading
    /// already reported it).
    /// Everything the monitor and the funder report count, as the device holds it.
    pub fn monitor_records(&self) -> signaal_core::monitor::Records {
        signaal_core::monitor::Records {
            children: self.children().values().cloned().collect(),
            groups: self.groups().values().cloned().collect(),
            trajectories: self.all(),
            entries: self.all(),
            templates: self.all(),
            coach_sessions: self.all(),
            wellbeing: self.all(),
            coach_activities: self.all(),
        }
    }

    pub fn all<V: View>(&self) -> Vec<V> {
        self.records
            .values()
            .filter(|r| r.kind() == V::KIND && !r.is_deleted())
            .filter_map(|r| V::from_record(r).ok())
            .collect()
    }

    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    pub fn profile(&self) -> &Profile {
        &self.meta.profile
    }

    pub fn set_profile(&mut self, profile: Profile) -> Result<(), SaveError> {
        let mut meta = self.meta.clone();
        meta.profile = profile;
        meta.clock = self.clock.last();
        write_meta(&meta)?;
        self.meta = meta;
        Ok(())
    }

    fn author(&self) -> String {
        self.meta.profile.author.clone()
    }

    /// Creates or edits the record behind `view`, as this device's author.
    pub fn save<V: View>(&mut self, view: &V) -> Result<(), RepoError> {
        let author = self.author();
        timed("signaal:save", || self.save_by(view, &author))
    }

    /// Creates or edits the record behind `view` in the name of `author`, not this device's
    /// (a parent's reply, fetched here).
    pub fn save_as<V: View>(&mut self, view: &V, author: &str) -> Result<(), RepoError> {
        timed("signaal:save", || self.save_by(view, author))
    }

    fn save_by<V: View>(&mut self, view: &V, author: &str) -> Result<(), RepoError> {
        let mut clock = self.clock;
        let stamp = clock.tick(now_ms());
        let record = match self.records.get(&view.id()) {
            Some(existing) => {
                let mut record = existing.clone();
                if view::apply(&mut record, view, author, stamp)?.is_empty() {
                    return Ok(());
                }
                record
            }
            None => view::create(view, author, stamp)?,
        };
        self.put(record)?;
        self.clock = clock;
        Ok(())
    }

    /// Every coach budget the team set (a record that does not decode is skipped; loading
    /// already reported it).
    pub fn budgets(&self) -> Budgets {
        Budgets(
            self.records
                .values()
                .filter(|r| r.kind() == Kind::CoachBudget && !r.is_deleted())
                .filter_map(|r| CoachBudget::from_record(r).ok())
                .collect(),
        )
    }

    /// Sets one setting of the team's coach budget `key` (see `signaal_core::plan::budget`).
    pub fn set_budget(
        &mut self,
        key: BudgetKey,
        setting: Setting,
        value: Option<u32>,
    ) -> Result<(), RepoError> {
        let mut clock = self.clock;
        let stamp = clock.tick(now_ms());
        let author = self.author();
        let record = budget::set(
            self.records.get(&key.id()),
            key,
            setting,
            value,
            &author,
            stamp,
        )?;
        self.put(record)?;
        self.clock = clock;
        Ok(())
    }

    /// Deletes (`true`) or restores (`false`, the undo) a record.
    pub fn set_deleted(&mut self, id: Id, deleted: bool) -> Result<(), RepoError> {
        let mut record = self.records.get(&id).cloned().ok_or(RepoError::NotFound)?;
        let mut clock = self.clock;
        let stamp = clock.tick(now_ms());
        let author = self.author();
        if deleted {
            record.delete(&author, stamp);
        } else {
            record.restore(&author, stamp);
        }
        self.put(record)?;
        self.clock = clock;
        Ok(())
    }

    /// Every record held, erased and deleted ones included.
    pub fn records(&self) -> impl Iterator<Item = &Record> {
        self.records.values()
    }

    /// Erases records for good: every field goes, a stamped tombstone stays and is queued for
    /// sync, so the team's other devices erase them too.
    pub fn erase(&mut self, ids: &[Id]) -> Result<(), SaveError> {
        let mut clock = self.clock;
        let stamp = clock.tick(now_ms());
        let records: Vec<Record> = ids
            .iter()
            .filter_map(|id| self.records.get(id).cloned())
            .map(|mut record| {
                record.erase(stamp);
                record
            })
            .collect();
        for record in &records {
            self.mark_dirty(record.id())?;
        }
        self.store(records)?;
        self.clock = clock;
        Ok(())
    }

    /// Stores a record changed on this device and queues it for sync.
    pub fn put(&mut self, record: Record) -> Result<(), SaveError> {
        self.mark_dirty(record.id())?;
        self.store(vec![record])
    }

    /// The outbox is written before the bucket: if the bucket write then fails, an extra id
    /// only costs a needless push, whereas the other order could lose a saved edit to a crash.
    fn mark_dirty(&mut self, id: Id) -> Result<(), SaveError> {
        let Some(dirty) = &self.outbox else {
            return Ok(());
        };
        if dirty.contains(&id) {
            return Ok(());
        }
        let mut next = dirty.clone();
        next.insert(id);
        outbox::save(&next)?;
        self.outbox = Some(next);
        Ok(())
    }

    /// Merges records pulled from the team into the local ones and stores those that changed,
    /// without queueing them for sync (they came from there). The result counts what changed
    /// and holds the records that could not be merged (same id, other kind: corrupt or forged),
    /// for the caller to report.
    pub fn merge_remote(&mut self, incoming: Vec<Record>) -> Result<Merged, SaveError> {
        self.merge(incoming, false)
    }

    /// Merges the records of a backup: by id and per field, exactly like a sync, so restoring
    /// twice (or a backup of this very device) adds nothing twice. What changed is queued for
    /// sync, so the team gets it too.
    pub fn restore(&mut self, incoming: Vec<Record>) -> Result<Merged, SaveError> {
        self.merge(incoming, true)
    }

    fn merge(&mut self, incoming: Vec<Record>, queue: bool) -> Result<Merged, SaveError> {
        let mut merged: BTreeMap<Id, Record> = BTreeMap::new();
        let mut rejected = Vec::new();
        let now = now_ms();
        for record in incoming {
            // A copy from a device whose date is days ahead would win every merge until then.
            if let Err(err) = record.check_skew(now) {
                rejected.push((record, err));
                continue;
            }
            let id = record.id();
            let base = merged
                .remove(&id)
                .or_else(|| self.records.get(&id).cloned());
            match base {
                None => drop(merged.insert(id, record)),
                Some(mut base) => match base.merge_from(&record) {
                    Ok(_) => drop(merged.insert(id, base)),
                    Err(err) => {
                        merged.insert(id, base);
                        rejected.push((record, err));
                    }
                },
            }
        }
        merged.retain(|id, record| self.records.get(id) != Some(record));
        let added = merged
            .keys()
            .filter(|id| !self.records.contains_key(id))
            .count();
        let changed = merged.len() - added;
        let latest = merged.values().flat_map(Record::stamps).max();
        if queue {
            for id in merged.keys() {
                self.mark_dirty(*id)?;
            }
        }
        self.store(merged.into_values().collect())?;
        // Causality: an edit made after seeing these must win over them.
        if let Some(latest) = latest {
            self.clock.observe(latest, now_ms());
        }
        Ok(Merged {
            added,
            changed,
            rejected,
        })
    }

    /// Writes the buckets of `records` (new homes first, then the buckets records moved out
    /// of, so an interrupted move leaves a record in two buckets, which loading merges, rather
    /// than in none), then updates memory. Each bucket is written once however many of its
    /// records changed, which keeps a pulled page of hundreds of records cheap.
    fn store(&mut self, records: Vec<Record>) -> Result<(), SaveError> {
        let incoming: HashMap<Id, Record> = records.into_iter().map(|r| (r.id(), r)).collect();
        let mut gained: BTreeMap<BucketKey, BTreeSet<Id>> = BTreeMap::new();
        let mut lost: BTreeMap<BucketKey, BTreeSet<Id>> = BTreeMap::new();
        for (id, record) in &incoming {
            let home = bucket_of(record);
            if let Some(old) = self.records.get(id).map(bucket_of).filter(|b| *b != home) {
                lost.entry(old).or_default().insert(*id);
            }
            gained.entry(home).or_default().insert(*id);
        }
        let members = |bucket: &BucketKey| -> BTreeSet<Id> {
            let mut ids = self.buckets.get(bucket).cloned().unwrap_or_default();
            ids.extend(gained.get(bucket).into_iter().flatten());
            ids
        };
        for bucket in gained.keys() {
            self.write_bucket(bucket, &members(bucket), &incoming)?;
        }
        for (bucket, leaving) in &lost {
            let rest: BTreeSet<Id> = members(bucket).difference(leaving).copied().collect();
            self.write_bucket(bucket, &rest, &incoming)?;
        }

        for (bucket, ids) in lost {
            if let Some(members) = self.buckets.get_mut(&bucket) {
                members.retain(|id| !ids.contains(id));
            }
        }
        for (bucket, ids) in gained {
            self.buckets.entry(bucket).or_default().extend(ids);
        }
        for record in incoming.into_values() {
            self.keep(record);
        }
        Ok(())
    }

    /// Puts a stored record into memory and the typed indexes.
    fn keep(&mut self, record: Record) {
        let id = record.id();
        if record.kind() == Kind::Moment {
            match self.index_record(&record) {
                Some(moment) => self.notebook.upsert(moment),
                None => drop(self.notebook.remove(id)),
            }
        } else {
            self.index_record(&record);
        }
        self.records.insert(id, record);
    }

    /// Another tab of the app on this device wrote `key` (the browser's `storage` event). Taking
    /// its records in at once keeps this tab from writing that bucket back without them; merging
    /// (not replacing) keeps this tab's own newer edits too. Nothing is written here: storage
    /// already holds what the other tab wrote.
    pub fn absorb(&mut self, key: &str, value: Option<&str>) {
        match Key::parse(key) {
            Ok(Key::Bucket(bucket)) => {
                // A removed bucket lost its records to another one, which has its own event;
                // an unreadable one is reported by the tab that reads it at start-up.
                let Some(partial) = value.and_then(|raw| decode_bucket_partial(raw).ok()) else {
                    return;
                };
                let mut latest = None;
                for mut record in partial.records {
                    let id = record.id();
                    if let Some(mine) = self.records.get(&id) {
                        if record.merge_from(mine).is_err()
                            || Some(&record) == self.records.get(&id)
                        {
                            continue;
                        }
                        if let Some(old) = Some(bucket_of(mine)).filter(|b| *b != bucket) {
                            if let Some(members) = self.buckets.get_mut(&old) {
                                members.remove(&id);
                            }
                        }
                    }
                    latest = latest.max(record.stamps().max());
                    self.buckets.entry(bucket.clone()).or_default().insert(id);
                    self.keep(record);
                }
                if let Some(latest) = latest {
                    self.clock.observe(latest, now_ms());
                }
            }
            Ok(Key::Outbox) => {
                if let (Some(mine), Ok(Some(theirs))) = (&mut self.outbox, outbox::load()) {
                    mine.extend(theirs);
                }
            }
            _ => {}
        }
    }

    /// Writes one bucket with `ids` as its members (`incoming` before what is in memory); an
    /// empty bucket is removed.
    fn write_bucket(
        &self,
        bucket: &BucketKey,
        ids: &BTreeSet<Id>,
        incoming: &HashMap<Id, Record>,
    ) -> Result<(), SaveError> {
        let key = Key::Bucket(bucket.clone()).to_string();
        let records: Vec<&Record> = ids
            .iter()
            .filter_map(|id| incoming.get(id).or_else(|| self.records.get(id)))
            .collect();
        if records.is_empty() {
            remove(&key);
            return Ok(());
        }
        let encoded = encode_bucket(&records).map_err(|e| SaveError::Unavailable(e.to_string()))?;
        write(&key, &encoded)
    }

    /// Starts keeping the outbox (on joining or starting a team), with every record in it: the
    /// team gets everything this device already holds.
    pub fn start_outbox(&mut self) -> Result<(), SaveError> {
        let all: BTreeSet<Id> = self.records.keys().copied().collect();
        outbox::save(&all)?;
        self.outbox = Some(all);
        Ok(())
    }

    /// Stops syncing (leaving the team): the records stay, the queue goes.
    pub fn stop_outbox(&mut self) {
        outbox::clear();
        self.outbox = None;
    }

    /// Ids waiting to be pushed, oldest-id order (stable, so batches resume where they stopped).
    pub fn outbox(&self) -> Vec<Id> {
        self.outbox.iter().flatten().copied().collect()
    }

    pub fn outbox_len(&self) -> usize {
        self.outbox.as_ref().map_or(0, BTreeSet::len)
    }

    /// Drops records the server accepted, each as it was when pushed (`updated` stamp): one
    /// edited again meanwhile stays queued, so the newer edit is pushed too.
    pub fn acknowledge(&mut self, pushed: &[(Id, Hlc)]) -> Result<(), SaveError> {
        let Some(dirty) = &self.outbox else {
            return Ok(());
        };
        let mut next = dirty.clone();
        for (id, stamp) in pushed {
            if self.records.get(id).and_then(Record::updated) == Some(*stamp) {
                next.remove(id);
            }
        }
        if next.len() != dirty.len() {
            outbox::save(&next)?;
            self.outbox = Some(next);
        }
        Ok(())
    }
}

fn fresh_meta() -> Meta {
    let meta = Meta::new(new_device_id());
    // If even this write fails, the app still runs; the next successful save writes meta.
    let _ = write_meta(&meta);
    meta
}

fn write_meta(meta: &Meta) -> Result<(), SaveError> {
    let raw = meta
        .encode()
        .map_err(|e| SaveError::Unavailable(e.to_string()))?;
    write(&Key::Meta.to_string(), &raw)
}

/// Copies `raw` aside under a quarantine key and removes the original.
fn quarantine(key: &str, raw: &str, records: usize, detail: String) -> Problem {
    let problem = quarantine_copy(key, raw, records, detail);
    if problem.kept_at.is_some() {
        remove(key);
    }
    problem
}

fn quarantine_copy(key: &str, raw: &str, records: usize, detail: String) -> Problem {
    let aside = Key::quarantine(key, now_ms()).to_string();
    let kept_at = write(&aside, raw).ok().map(|_| aside);
    Problem {
        key: key.to_owned(),
        records,
        kept_at,
        detail,
    }
}

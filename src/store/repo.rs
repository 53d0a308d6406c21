//! The app's records in memory, backed by small localStorage buckets.
//!
//! A save rewrites only the bucket of the changed record (a month of moments, or all children),
//! and memory changes only after the write succeeded: when storage is full, nothing half-happens
//! and the caller still holds what the user typed.

use super::{keys, read, remove, write, SaveError};
use crate::platform::{new_device_id, now_ms};
use signaal_core::child::Child;
use signaal_core::clock::Clock;
use signaal_core::group::Group;
use signaal_core::id::Id;
use signaal_core::moment::Moment;
use signaal_core::notebook::NotebookIndex;
use signaal_core::record::{Kind, Record};
use signaal_core::storage::codec::{decode_bucket_partial, encode_bucket};
use signaal_core::storage::{bucket_of, BucketKey, Key, Meta, Profile};
use signaal_core::view::{self, ApplyError, ValidationError, View};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use thiserror::Error;

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
}

impl Repo {
    /// Reads everything under the app's prefix. Never fails: unreadable data is reported in
    /// [`Repo::problems`] and moved aside.
    pub fn load() -> Repo {
        let mut problems = Vec::new();
        let meta_key = Key::Meta.to_string();
        let meta = match read(&meta_key).map(|raw| (Meta::decode(&raw), raw)) {
            Some((Ok(meta), _)) => meta,
            Some((Err(err), raw)) => {
                problems.push(quarantine(&meta_key, &raw, 0, err.to_string()));
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
        };
        let mut moments = Vec::new();
        for key in keys() {
            if let Ok(Key::Bucket(bucket)) = Key::parse(&key) {
                repo.load_bucket(&key, bucket, &mut moments);
            }
        }
        repo.notebook = NotebookIndex::new(moments);
        // Stamps must stay ahead of everything already written, also by other devices.
        let now = now_ms();
        if let Some(latest) = repo.records.values().flat_map(Record::stamps).max() {
            repo.clock.observe(latest, now);
        }
        repo
    }

    fn load_bucket(&mut self, key: &str, bucket: BucketKey, moments: &mut Vec<Moment>) {
        let Some(raw) = read(key) else { return };
        let partial = match decode_bucket_partial(&raw) {
            Ok(partial) => partial,
            Err(err) => {
                self.problems.push(quarantine(key, &raw, 0, err.to_string()));
                return;
            }
        };
        if !partial.rejected.is_empty() {
            let raws: Vec<&str> = partial.rejected.iter().map(|r| r.raw.as_str()).collect();
            let detail = partial.rejected.iter().map(|r| r.error.to_string()).collect::<Vec<_>>().join("; ");
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
        let mut clock = self.clock;
        let stamp = clock.tick(now_ms());
        let author = self.author();
        let record = match self.records.get(&view.id()) {
            Some(existing) => {
                let mut record = existing.clone();
                if view::apply(&mut record, view, &author, stamp)?.is_empty() {
                    return Ok(());
                }
                record
            }
            None => view::create(view, &author, stamp)?,
        };
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

    /// Writes `record`'s bucket (and its old one, if it moved), then updates memory.
    pub fn put(&mut self, record: Record) -> Result<(), SaveError> {
        let id = record.id();
        let new_bucket = bucket_of(&record);
        let old_bucket = self.records.get(&id).map(bucket_of).filter(|b| *b != new_bucket);

        let mut members: Vec<&Record> = self
            .buckets
            .get(&new_bucket)
            .into_iter()
            .flatten()
            .filter(|other| **other != id)
            .filter_map(|other| self.records.get(other))
            .collect();
        members.push(&record);
        let encoded = encode_bucket(&members).map_err(|e| SaveError::Unavailable(e.to_string()))?;
        write(&Key::Bucket(new_bucket.clone()).to_string(), &encoded)?;
        if let Some(old) = &old_bucket {
            self.rewrite_without(old, id)?;
        }

        if let Some(old) = old_bucket {
            if let Some(ids) = self.buckets.get_mut(&old) {
                ids.remove(&id);
            }
        }
        self.buckets.entry(new_bucket).or_default().insert(id);
        if record.kind() == Kind::Moment {
            match self.index_record(&record) {
                Some(moment) => self.notebook.upsert(moment),
                None => drop(self.notebook.remove(id)),
            }
        } else {
            self.index_record(&record);
        }
        self.records.insert(id, record);
        Ok(())
    }

    fn rewrite_without(&self, bucket: &BucketKey, id: Id) -> Result<(), SaveError> {
        let key = Key::Bucket(bucket.clone()).to_string();
        let rest: Vec<&Record> = self.buckets.get(bucket).into_iter().flatten()
            .filter(|other| **other != id)
            .filter_map(|other| self.records.get(other))
            .collect();
        if rest.is_empty() {
            remove(&key);
            return Ok(());
        }
        let encoded = encode_bucket(&rest).map_err(|e| SaveError::Unavailable(e.to_string()))?;
        write(&key, &encoded)
    }
}

fn fresh_meta() -> Meta {
    let meta = Meta::new(new_device_id());
    // If even this write fails, the app still runs; the next successful save writes meta.
    let _ = write_meta(&meta);
    meta
}

fn write_meta(meta: &Meta) -> Result<(), SaveError> {
    let raw = meta.encode().map_err(|e| SaveError::Unavailable(e.to_string()))?;
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
    Problem { key: key.to_owned(), records, kept_at, detail }
}

//! Signaal's domain logic, free of browser and server types so it is tested natively and
//! compiled unchanged into the wasm app and the server.
//!
//! No randomness and no clock are read here: callers pass random bytes ([`id::Id::from_random`],
//! [`clock::DeviceId::from_random`]) and the current time (`now_ms`, `today`).
//!
//! - [`id`], [`clock`]: record ids and hybrid logical clock stamps.
//! - [`record`]: the generic sync-ready record and its convergent [`record::merge`].
//! - [`iso`]: dates and times as ISO text, without chrono's strftime.
//! - [`lang`]: the UI's two languages and dates in words.
//! - [`lock`]: the app lock's rules (PIN form, waiting after wrong PINs, idleness).
//! - [`view`]: typed views over records and the minimal-write edit path;
//!   [`group`], [`child`], [`moment`] are the views of the notebook.
//! - [`notebook`]: timeline filters, search, similar moments, weekly counts, handover.
//! - [`plan`]: the step plan — versioned templates, trajectories, step forms, the step engine
//!   (moves, blockers, due dates), consents, coaching, wellbeing list and contact scheme.
//! - [`monitor`]: the manager's figures per period and group (signals, escalations, referrals
//!   avoided, coaching hours, wellbeing) and their CSV, with a CSV of the trajectories.
//! - [`parent_words`]: the parent page's words in five languages, three of them fetched when needed.
//! - [`share`]: parent links — the curated summary a parent reads and the team's link record.
//! - [`reply`]: a parent's encrypted answer to a summary, and the moment the team keeps of it.
//! - [`erasure`]: erasing a child completely (what goes, what stays without the child, which
//!   parent links to revoke first).
//! - [`storage`]: local-storage key layout, bucketing and the compact record codec.
//! - [`text`]: accent-insensitive normalisation, stopwords and stemming.
//! - [`sample`]: deterministic realistic data for tests, benchmarks and demos.
//! - [`wire`]: JSON shapes of the sync server's HTTP API (maintained with the server).

pub mod child;
pub mod clock;
pub mod csv;
pub mod erasure;
pub mod group;
pub mod growth;
pub mod handover;
pub mod handover_link;
pub mod id;
pub mod iso;
pub mod lang;
pub mod lock;
pub mod moment;
pub mod monitor;
pub mod notebook;
pub mod parent_words;
pub mod plan;
pub mod record;
pub mod reply;
pub mod sample;
pub mod share;
pub mod storage;
pub mod text;
pub mod view;
pub mod wire;

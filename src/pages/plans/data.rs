//! What one trajectory's screens and panels read from the repo in one go.

use crate::store::repo::Repo;
use signaal_core::id::Id;
use signaal_core::plan::consent::{Consent, ConsentRegister};
use signaal_core::plan::engine::Case;
use signaal_core::plan::template::Template;
use signaal_core::plan::trajectory::{StepEntry, Subject, Trajectory};
use signaal_core::plan::Role;
use signaal_core::view::View;

/// Everything one trajectory screen shows, read from the repo in one go.
#[derive(Clone, PartialEq)]
pub(crate) struct Snapshot {
    pub(crate) traj: Trajectory,
    pub(crate) template: Template,
    pub(crate) entries: Vec<StepEntry>,
    pub(crate) consents: ConsentRegister,
    pub(crate) child_name: String,
    /// The roles of the person using this device (Settings): steps reserved for other roles are
    /// blocked, with those roles as the reason.
    pub(crate) roles: Vec<Role>,
}

impl Snapshot {
    pub(crate) fn read(r: &Repo, id: Id) -> Option<Snapshot> {
        let traj = r
            .record(id)
            .filter(|rec| !rec.is_deleted())
            .and_then(|rec| Trajectory::from_record(rec).ok())?;
        let template = r
            .record(traj.template_id)
            .and_then(|rec| Template::from_record(rec).ok())?;
        // Oldest first: by date, then by when the entry was recorded (several steps a day).
        let mut entries: Vec<StepEntry> = r
            .all::<StepEntry>()
            .into_iter()
            .filter(|e| e.trajectory_id == id)
            .collect();
        entries.sort_by_key(|e| (e.date, r.record(e.id).and_then(|rec| rec.created()), e.id));
        let (consents, child_name) = match traj.subject {
            Subject::Child(c) => (
                ConsentRegister::for_child(c, r.all::<Consent>().iter()),
                r.children()
                    .get(&c)
                    .map(|c| c.display_name.clone())
                    .unwrap_or_default(),
            ),
            Subject::Group(g) => (
                ConsentRegister::empty(),
                r.groups()
                    .get(&g)
                    .map(|g| g.name.clone())
                    .unwrap_or_default(),
            ),
        };
        Some(Snapshot {
            traj,
            template,
            entries,
            consents,
            child_name,
            roles: r.profile().roles.clone(),
        })
    }

    pub(crate) fn case(&self) -> Case<'_> {
        Case {
            trajectory: &self.traj,
            template: &self.template,
            entries: &self.entries,
            consents: &self.consents,
        }
    }
}

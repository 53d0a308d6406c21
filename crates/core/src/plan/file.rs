//! Export and import of a template as a JSON file, to share a plan between locations.
//!
//! The file is self-describing and versioned so a future app can still read today's files:
//! ```json
//! { "format": "signaal-template", "version": 1,
//!   "exported_from": { "lineage": "…", "version": 3 },
//!   "template": { "name": "…", "scope": "child", "rhythm": {…}, "steps": [ … ] } }
//! ```
//! Import checks, in order: size, JSON syntax, the `format` marker, the format version, the
//! shape of the template, and finally every template rule ([`TemplateContent::check`]), each
//! with its own error so the app can say exactly what is wrong with the file. The imported
//! content becomes a new template ([`Template::first`]) or a new version of an existing one
//! ([`Template::revise`]); the caller decides.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::template::{Template, TemplateContent};
use super::PlanError;
use crate::id::Id;

pub const FORMAT: &str = "signaal-template";
pub const FORMAT_VERSION: u32 = 1;
/// A real template is a few tens of KB; anything far larger is not a template file.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

/// Where an exported template came from (informational: shown when importing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    pub lineage: Id,
    pub version: u32,
}

#[derive(Serialize, Deserialize)]
struct FileV1 {
    format: String,
    version: u32,
    #[serde(default)]
    exported_from: Option<Origin>,
    template: TemplateContent,
}

/// A successfully read file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub content: TemplateContent,
    pub origin: Option<Origin>,
}

/// Why a file cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("the file is {len} bytes; a template file is at most {max}")]
    TooLarge { len: usize, max: usize },
    #[error("the file is not valid JSON: {0}")]
    Json(String),
    #[error("the file is not a Signaal template")]
    NotATemplate,
    #[error("template file version {found} is not supported (this app reads up to {supported})")]
    UnsupportedVersion { found: u64, supported: u32 },
    #[error("the template in the file is incomplete or malformed: {0}")]
    Shape(String),
    #[error("the template breaks a rule: {0}")]
    Invalid(#[from] PlanError),
}

/// The file text for `template` (pretty-printed: people open these files).
pub fn export(template: &Template) -> String {
    let file = FileV1 {
        format: FORMAT.to_owned(),
        version: FORMAT_VERSION,
        exported_from: Some(Origin {
            lineage: template.lineage,
            version: template.version,
        }),
        template: template.content.clone(),
    };
    // Plain structs with string keys always serialise; an empty string would only mean a bug,
    // and import would then report it rather than anything panicking here.
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

pub fn import(text: &str) -> Result<Imported, ImportError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge {
            len: text.len(),
            max: MAX_FILE_BYTES,
        });
    }
    let value: Value = serde_json::from_str(text).map_err(|e| ImportError::Json(e.to_string()))?;
    if value.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(ImportError::NotATemplate);
    }
    match value.get("version").and_then(Value::as_u64) {
        Some(v) if v == u64::from(FORMAT_VERSION) => {}
        Some(found) => {
            return Err(ImportError::UnsupportedVersion {
                found,
                supported: FORMAT_VERSION,
            })
        }
        None => return Err(ImportError::Shape("missing format version".into())),
    }
    let file: FileV1 =
        serde_json::from_value(value).map_err(|e| ImportError::Shape(e.to_string()))?;
    file.template.check()?;
    Ok(Imported {
        content: file.template,
        origin: file.exported_from,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::defaults;
    use crate::plan::template::{Localized, StepKey};
    use proptest::prelude::*;

    fn template() -> Template {
        Template::first(Id::from_random([1; 16]), defaults::child_plan()).unwrap()
    }

    #[test]
    fn roundtrip_and_import_as_new_template_or_version() {
        let mut t = template();
        t.content
            .rename_step(
                &StepKey::new("signaal").unwrap(),
                Localized::new("Zorg melden", "Raise a concern"),
            )
            .unwrap();
        let text = export(&t);
        assert!(text.contains("\"format\": \"signaal-template\""));
        let imported = import(&text).unwrap();
        assert_eq!(imported.content, t.content);
        assert_eq!(
            imported.origin,
            Some(Origin {
                lineage: t.lineage,
                version: 1
            })
        );
        let elsewhere =
            Template::first(Id::from_random([5; 16]), imported.content.clone()).unwrap();
        assert_eq!((elsewhere.version, elsewhere.lineage), (1, elsewhere.id));
        let v2 = t
            .revise(Id::from_random([6; 16]), imported.content)
            .unwrap();
        assert_eq!(v2.version, 2);
        let group = Template::first(Id::from_random([7; 16]), defaults::group_flow()).unwrap();
        assert_eq!(import(&export(&group)).unwrap().content, group.content);
    }

    #[test]
    fn invalid_files_have_typed_errors() {
        assert!(matches!(import("{ not json"), Err(ImportError::Json(_))));
        assert_eq!(import("[1, 2]"), Err(ImportError::NotATemplate));
        assert_eq!(
            import(r#"{"format":"signaal-moments","version":1}"#),
            Err(ImportError::NotATemplate)
        );
        assert_eq!(
            import(r#"{"format":"signaal-template","version":7,"template":{}}"#),
            Err(ImportError::UnsupportedVersion {
                found: 7,
                supported: 1
            })
        );
        assert!(matches!(
            import(r#"{"format":"signaal-template","template":{}}"#),
            Err(ImportError::Shape(_))
        ));
        assert!(matches!(
            import(r#"{"format":"signaal-template","version":1,"template":{"name":"x"}}"#),
            Err(ImportError::Shape(_))
        ));
        let mut v: Value = serde_json::from_str(&export(&template())).unwrap();
        v["template"]["steps"][1]["form"] = Value::from("dance");
        assert!(matches!(import(&v.to_string()), Err(ImportError::Shape(_))));
        let mut v: Value = serde_json::from_str(&export(&template())).unwrap();
        v["template"]["steps"][1]["key"] = Value::from("Bad Key");
        assert!(matches!(import(&v.to_string()), Err(ImportError::Shape(_))));
        let mut v: Value = serde_json::from_str(&export(&template())).unwrap();
        v["template"]["steps"][1]["key"] = Value::from("volgen");
        assert_eq!(
            import(&v.to_string()),
            Err(ImportError::Invalid(PlanError::DuplicateStepKey(
                "volgen".into()
            )))
        );
        let mut v: Value = serde_json::from_str(&export(&template())).unwrap();
        v["template"]["steps"] = Value::Array(vec![]);
        assert_eq!(
            import(&v.to_string()),
            Err(ImportError::Invalid(PlanError::NoSteps))
        );
        let big = " ".repeat(MAX_FILE_BYTES + 1);
        assert!(matches!(import(&big), Err(ImportError::TooLarge { .. })));
    }

    proptest! {
        /// Import never panics, whatever bytes it is given.
        #[test]
        fn import_never_panics(s in "\\PC{0,200}") {
            let _ = import(&s);
        }

        /// Renaming steps to any text within limits roundtrips exactly.
        #[test]
        fn renamed_templates_roundtrip(names in proptest::collection::vec("\\PC{1,40}", 13)) {
            let mut t = template();
            for (step, name) in t.content.steps.iter_mut().zip(&names) {
                step.name.nl = name.clone();
            }
            prop_assume!(t.content.check().is_ok());
            prop_assert_eq!(import(&export(&t)).unwrap().content, t.content);
        }
    }
}

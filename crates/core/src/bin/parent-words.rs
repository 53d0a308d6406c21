//! Writes the parent page's fetched word files into a built site (scripts/build-web.sh):
//! `parent-words <dist dir>`.

use signaal_core::parent_words::{file, file_content, FETCHED_LANGS};
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dist) = std::env::args().nth(1) else {
        eprintln!("usage: parent-words <dist dir>");
        return ExitCode::FAILURE;
    };
    for (slot, lang) in FETCHED_LANGS.into_iter().enumerate() {
        let name = file(lang).expect("a fetched language has a file");
        let path = Path::new(&dist).join(name.trim_start_matches('/'));
        if let Err(err) = std::fs::write(&path, file_content(slot)) {
            eprintln!("cannot write {}: {err}", path.display());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

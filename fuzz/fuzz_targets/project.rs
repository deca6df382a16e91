//! Whole projects written to a scratch folder (see `miglint_fuzz::project`):
//! discovery, every rule, every output format.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use miglint_fuzz::project::{ProjectInput, run, scratch_root};
use miglint_fuzz::{deeply_nested, skip_known};

fuzz_target!(|data: &[u8]| {
    miglint_fuzz::init();
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    let Some(input) = ProjectInput::from_bytes(data) else {
        return;
    };
    if skip_known() && input.texts().any(deeply_nested) {
        return;
    }
    run(&input, ROOT.get_or_init(scratch_root));
});

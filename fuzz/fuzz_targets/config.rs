//! Arbitrary bytes as `miglint.toml`: read, validate against the rule
//! registry, and ask the selection about every rule.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use miglint_engine::Config;

fuzz_target!(|data: &[u8]| {
    miglint_fuzz::init();
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(config) = Config::from_toml(Path::new("miglint.toml"), text) else {
        return;
    };
    let registry = miglint_rules::all_meta();
    let _ = config.validate(&registry);
    for meta in &registry {
        let _ = config.rules.enables(meta);
        let _ = config.severity.get(meta.id);
    }
});

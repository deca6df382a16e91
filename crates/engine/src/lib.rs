//! The rule trait, the contexts rules see, configuration and the runner.

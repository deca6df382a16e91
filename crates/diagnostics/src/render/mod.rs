//! One module per output format; [`render`] picks one.

use std::str::FromStr;

use miglint_source::SourceMap;

use crate::{Report, RuleMeta};

mod gcc;
mod github;
mod gitlab;
mod human;
mod json;
mod location;
mod markdown;
mod sarif;

pub use gcc::PROBLEM_MATCHER as GCC_PROBLEM_MATCHER;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Gcc,
    Github,
    Sarif,
    Gitlab,
    Markdown,
}

impl Format {
    pub const NAMES: [&'static str; 7] = [
        "human", "json", "gcc", "github", "sarif", "gitlab", "markdown",
    ];
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "human" => Ok(Format::Human),
            "json" => Ok(Format::Json),
            "gcc" => Ok(Format::Gcc),
            "github" => Ok(Format::Github),
            "sarif" => Ok(Format::Sarif),
            "gitlab" => Ok(Format::Gitlab),
            "markdown" => Ok(Format::Markdown),
            other => Err(format!(
                "unknown format `{other}` (expected one of: {})",
                Format::NAMES.join(", ")
            )),
        }
    }
}

#[derive(Clone, Debug)]
pub struct RenderOptions {
    /// ANSI colour in the human format.
    pub color: bool,
    /// Terminal width for the human format.
    pub width: usize,
    /// miglint's version, for JSON and SARIF.
    pub tool_version: &'static str,
    /// A rule's documentation address, `{rule}` standing for its id
    /// (`[output] docs-url`); used when the build names no repository.
    pub docs_url: Option<String>,
}

/// Renders a whole run in `format`. `rules` is the registry (SARIF lists it).
pub fn render(
    format: Format,
    report: &Report,
    sources: &SourceMap,
    rules: &[RuleMeta],
    options: &RenderOptions,
) -> String {
    match format {
        Format::Human => human::render(report, sources, options),
        Format::Json => json::render(report, sources, options),
        Format::Gcc => gcc::render(report, sources),
        Format::Github => github::render(report, sources),
        Format::Sarif => sarif::render(report, sources, rules, options),
        Format::Gitlab => gitlab::render(report, sources),
        Format::Markdown => markdown::render(report, sources),
    }
}

use miglint_diagnostics::RuleMeta;
use miglint_engine::{Findings, ProjectContext, Rule};
use miglint_source::{FileId, SourceFile, Span};
use sha2::{Digest, Sha256};

declare_rule! {
    /// ## What it does
    /// Checks Atlas's `atlas.sum` against the migration files beside it, the
    /// way `atlas migrate validate` does: the sum file holds, for every `.sql`
    /// file in name order, a SHA-256 over all file names and contents up to
    /// and including that file, and on its first line a SHA-256 over those
    /// lines. A file marked `-- atlas:sum ignore` is hashed by name only.
    ///
    /// ## Why is this bad?
    /// Atlas refuses to apply any migration while the sum does not match: a
    /// migration added by hand without `atlas migrate hash`, an applied
    /// migration edited afterwards, or a merge that kept one side's sum all
    /// stop the deploy.
    ///
    /// ## Example
    /// ```text
    /// migrations/atlas.sum
    /// migrations/20240101000000_init.sql
    /// migrations/20240102000000_users.sql    <- not in atlas.sum
    /// ```
    ///
    /// Use instead: run `atlas migrate hash` after adding a migration; never
    /// edit one that was applied, add a new migration instead.
    pub struct MigrationChecksumMismatch {
        id: "migration-checksum-mismatch",
        category: History,
        severity: Error,
        summary: "the tool's recorded checksums (atlas.sum) no longer match the migration files",
    }
}

const HELP: &str = "run `atlas migrate hash` if the change is meant (a new migration); if an \
                    applied migration was edited, revert it and add a new migration instead";

impl Rule for MigrationChecksumMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_project(&self, cx: &ProjectContext<'_>, out: &mut Findings<'_>) {
        let Some(sum_id) = cx.history.checksum_file else {
            return;
        };
        let Some(sum_file) = cx.sources.get(sum_id) else {
            return;
        };
        if cx.unreadable.iter().any(|u| u.file == sum_id) {
            return; // unreadable-file says so.
        }
        let recorded = parse(&sum_file.text);
        // Atlas's files: every `.sql` file of the folder, in name order.
        let mut files: Vec<(String, FileId, &SourceFile)> = cx
            .project
            .migrations
            .iter()
            .zip(cx.migration_files)
            .filter_map(|(m, &id)| {
                let name = m.path.file_name()?.to_string_lossy().into_owned();
                Some((name, id, cx.sources.get(id)?))
            })
            .collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        let expected = hash_files(files.iter().map(|(n, _, f)| (n.as_str(), f.text.as_str())));

        let mut push = |file: FileId, span: Span, message: String| {
            out.report_at(file, span, message).help(HELP);
        };
        let first_line =
            Span::from_range(0..sum_file.text.find('\n').unwrap_or(sum_file.text.len()));
        if recorded.total.as_deref() != Some(total(&recorded.entries).as_str()) {
            push(
                sum_id,
                first_line,
                "atlas.sum is damaged: its first line is not the checksum of the lines below \
                 (edited by hand, or a merge conflict resolved by hand); Atlas refuses to run"
                    .to_owned(),
            );
            return;
        }
        // The hashes are cumulative: the first difference is the cause, and
        // every later line differs because of it.
        for (index, (name, hash)) in expected.iter().enumerate() {
            let Some((file_id, _)) = files
                .iter()
                .find(|(n, _, _)| n == name)
                .map(|(_, id, f)| (*id, f))
            else {
                continue;
            };
            match recorded.entries.get(index) {
                Some(entry) if &entry.name == name && &entry.hash == hash => continue,
                Some(entry) if &entry.name == name => push(
                    file_id,
                    Span::new(0, 0),
                    format!(
                        "this migration does not match its checksum in atlas.sum (line {}): it \
                         changed after `atlas migrate hash` ran, and Atlas refuses to run until the sum \
                         matches",
                        entry.line
                    ),
                ),
                _ if recorded.entries.iter().any(|e| &e.name == name) => push(
                    file_id,
                    Span::new(0, 0),
                    format!(
                        "atlas.sum lists the files in another order than Atlas reads them \
                         (`{name}` is out of place); Atlas refuses to run until the sum matches"
                    ),
                ),
                _ => push(
                    file_id,
                    Span::new(0, 0),
                    "this migration is not in atlas.sum: it was added without `atlas \
                     migrate hash`, and Atlas refuses to run until the sum matches"
                        .to_owned(),
                ),
            }
            return;
        }
        if let Some(extra) = recorded.entries.get(expected.len()) {
            push(
                sum_id,
                extra.span,
                format!(
                    "atlas.sum lists `{}`, which is not in the migrations folder; Atlas refuses \
                     to run until the sum matches",
                    extra.name
                ),
            );
        }
    }
}

/// One `name h1:hash` line of `atlas.sum`.
struct Entry {
    name: String,
    hash: String,
    line: usize,
    span: Span,
}

struct SumFile {
    /// The first line's `h1:` checksum.
    total: Option<String>,
    entries: Vec<Entry>,
}

fn parse(text: &str) -> SumFile {
    let mut lines = text.split_inclusive('\n');
    let total = lines
        .next()
        .map(|l| l.trim_end_matches(['\n', '\r']))
        .and_then(|l| l.strip_prefix("h1:"))
        .map(str::to_owned);
    let mut offset = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut entries = Vec::new();
    for (index, raw) in lines.enumerate() {
        let line = raw.trim_end_matches(['\n', '\r']);
        if let Some((name, hash)) = line.split_once("h1:") {
            entries.push(Entry {
                name: name.trim().to_owned(),
                hash: hash.to_owned(),
                line: index + 2,
                span: Span::from_range(offset..offset + line.len()),
            });
        }
        offset += raw.len();
    }
    SumFile { total, entries }
}

/// `(file name, cumulative hash)` for every file not marked `atlas:sum ignore`.
fn hash_files<'a>(files: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<(String, String)> {
    let mut hasher = Sha256::new();
    let mut out = Vec::new();
    for (name, text) in files {
        hasher.update(name.as_bytes());
        if ignored(text) {
            continue;
        }
        hasher.update(text.as_bytes());
        out.push((name.to_owned(), base64(&hasher.clone().finalize())));
    }
    out
}

/// The first line's checksum: SHA-256 over every name and hash.
fn total(entries: &[Entry]) -> String {
    let mut hasher = Sha256::new();
    for entry in entries {
        hasher.update(entry.name.as_bytes());
        hasher.update(entry.hash.as_bytes());
    }
    base64(&hasher.finalize())
}

/// A file whose leading comments say `atlas:sum ignore`.
fn ignored(text: &str) -> bool {
    text.lines()
        .take_while(|l| l.trim_start().starts_with("--"))
        .any(|l| {
            let words: Vec<&str> = l
                .trim_start_matches(['-', ' '])
                .split_whitespace()
                .collect();
            words == ["atlas:sum", "ignore"]
        })
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                let index = ((n >> shift) & 63) as usize;
                out.push(char::from(ALPHABET.get(index).copied().unwrap_or(b'=')));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_alphabet() {
        // RFC 4648 test vectors.
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}

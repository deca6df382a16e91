use std::path::{Path, PathBuf};

use crate::span::{LineColumn, LineIndex};

/// Index of a file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

/// One file miglint read: its path (as shown to the user) and its text.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as it appears in output: relative to the current directory
    /// when below it, with `/` separators.
    pub display_path: String,
    /// The path to read or open the file.
    pub path: PathBuf,
    pub text: String,
    pub line_index: LineIndex,
}

impl SourceFile {
    pub fn new(path: PathBuf, display_path: String, text: String) -> Self {
        let line_index = LineIndex::new(&text);
        Self {
            display_path,
            path,
            text,
            line_index,
        }
    }

    pub fn line_column(&self, offset: u32) -> LineColumn {
        self.line_index.line_column(&self.text, offset)
    }
}

/// Every file of a run, addressed by [`FileId`].
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(u32::try_from(self.files.len() - 1).unwrap_or(u32::MAX))
    }

    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| f.path == path)
            .and_then(|i| u32::try_from(i).ok())
            .map(FileId)
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(u32::try_from(i).unwrap_or(u32::MAX)), f))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// The path to show for `path`: relative to `cwd` when below it, `/`-separated.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    let shown = path.strip_prefix(cwd).unwrap_or(path);
    let text = shown.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").map(str::to_owned).unwrap_or(text)
}

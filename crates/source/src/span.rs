//! Byte ranges into one source file, and their conversion to lines and columns.

use serde::Serialize;

/// A half-open byte range `start..end` into one file's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub const fn new(start: u32, end: u32) -> Self {
        Self { start, end }
    }

    pub fn from_range(range: std::ops::Range<usize>) -> Self {
        Self::new(to_u32(range.start), to_u32(range.end))
    }

    pub const fn len(self) -> u32 {
        self.end.saturating_sub(self.start)
    }

    pub const fn is_empty(self) -> bool {
        self.end <= self.start
    }

    /// The same range moved `by` bytes further into the file.
    pub const fn shift(self, by: u32) -> Self {
        Self::new(self.start.saturating_add(by), self.end.saturating_add(by))
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Self {
        Self::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The text this span covers, or "" when it does not fit `text`.
    pub fn slice(self, text: &str) -> &str {
        text.get(self.range()).unwrap_or("")
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A 1-based line and column; the column counts Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct LineColumn {
    pub line: u32,
    pub column: u32,
}

/// Start offsets of every line of a file, for offset → line/column conversion.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| to_u32(i + 1)),
        );
        Self { line_starts }
    }

    /// Line and column of a byte offset; offsets inside a multi-byte character
    /// or past the end are clamped.
    pub fn line_column(&self, text: &str, offset: u32) -> LineColumn {
        let offset = offset.min(to_u32(text.len()));
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1) - 1;
        let line_start = self.line_starts.get(line).copied().unwrap_or(0);
        let prefix = text
            .get(line_start as usize..offset as usize)
            .map(|s| s.chars().count())
            .unwrap_or_else(|| {
                // `offset` is inside a character: count the whole ones before it.
                text.get(line_start as usize..)
                    .unwrap_or("")
                    .char_indices()
                    .take_while(|(i, _)| line_start as usize + i < offset as usize)
                    .count()
            });
        LineColumn {
            line: to_u32(line + 1),
            column: to_u32(prefix + 1),
        }
    }

    /// Byte offset of a 1-based line and character column; clamped to the file.
    pub fn offset(&self, text: &str, line: u32, column: u32) -> u32 {
        let Some(&line_start) = self.line_starts.get(line.saturating_sub(1) as usize) else {
            return to_u32(text.len());
        };
        let rest = text.get(line_start as usize..).unwrap_or("");
        let within = rest
            .char_indices()
            .nth(column.saturating_sub(1) as usize)
            .map_or(rest.len(), |(i, _)| i);
        line_start + to_u32(within)
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "ab\nçé x\n";
        let index = LineIndex::new(text);
        let x = text.find('x').map_or(0, |i| i as u32);
        assert_eq!(
            index.line_column(text, x),
            LineColumn { line: 2, column: 4 }
        );
        assert_eq!(index.offset(text, 2, 4), x);
        assert_eq!(
            index.line_column(text, 0),
            LineColumn { line: 1, column: 1 }
        );
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let text = "a\nb";
        let index = LineIndex::new(text);
        assert_eq!(
            index.line_column(text, 99),
            LineColumn { line: 2, column: 2 }
        );
        assert_eq!(index.offset(text, 9, 1), 3);
    }
}

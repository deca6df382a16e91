//! Prisma Schema Language: parser with spans, mapping to the expected database schema, drift comparison.

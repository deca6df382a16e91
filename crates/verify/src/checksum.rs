//! The checksums migration tools record, computed as each tool computes them.

use sha2::{Digest, Sha256, Sha384};

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

/// SHA-256 of the text, lowercase hex: drizzle's `hash` (it hashes the file
/// read as a string) and Prisma's `checksum` of `migration.sql`.
pub fn sha256_hex(text: &[u8]) -> String {
    hex(&Sha256::digest(text))
}

/// SHA-384 of the file, lowercase hex: sqlx's `checksum` (stored as bytes).
pub fn sha384_hex(text: &[u8]) -> String {
    hex(&Sha384::digest(text))
}

/// Whether Prisma accepts `recorded` for `script`: its schema engine compares
/// the script as it is, with CRLF turned into LF and with LF turned into
/// CRLF, each also in the old rendering that did not zero-pad hex bytes.
pub fn prisma_matches(script: &str, recorded: &str) -> bool {
    let variants = [
        script.to_owned(),
        script.replace("\r\n", "\n"),
        script.replace('\n', "\r\n"),
    ];
    variants.iter().any(|variant| {
        let digest = Sha256::digest(variant.as_bytes());
        if !recorded.is_empty() && recorded.len() != 64 {
            let old: String = digest.iter().map(|b| format!("{b:x}")).collect();
            old == recorded
        } else {
            hex(&digest) == recorded
        }
    })
}

/// Flyway's checksum of a SQL migration: CRC-32 (IEEE, as
/// `java.util.zip.CRC32`) fed with the UTF-8 bytes of each line without its
/// terminator (`BufferedReader.readLine` splits at `\n`, `\r` or `\r\n`),
/// a byte-order mark removed from the first line, and the result read as a
/// signed 32-bit integer.
pub fn flyway_crc32(text: &str) -> i32 {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut hasher = crc32fast::Hasher::new();
    // Line terminators are left out, so hashing the text between them is
    // the same as hashing line by line.
    for piece in text.split(['\r', '\n']) {
        hasher.update(piece.as_bytes());
    }
    i32::from_ne_bytes(hasher.finalize().to_ne_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prisma_checksums() {
        // Prisma's own test vector for "hello".
        let hello = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
        assert_eq!(sha256_hex(b"hello"), hello);
        assert!(prisma_matches("hello", hello));
        assert!(prisma_matches("a\r\nb\r\n", &sha256_hex(b"a\nb\n")));
        assert!(prisma_matches("a\nb\n", &sha256_hex(b"a\r\nb\r\n")));
        assert!(!prisma_matches("abc\n", &sha256_hex(b"abc")));
    }

    #[test]
    fn flyway_checksum_ignores_line_endings_and_bom() {
        // CRC-32 of "123456789" is the standard check value 0xCBF43926.
        assert_eq!(
            flyway_crc32("123456789"),
            i32::from_ne_bytes(0xCBF4_3926u32.to_ne_bytes())
        );
        assert_eq!(flyway_crc32("1234\n56789\n"), flyway_crc32("123456789"));
        let unix = flyway_crc32("CREATE TABLE t (id int);\nSELECT 1;\n");
        assert_eq!(
            flyway_crc32("CREATE TABLE t (id int);\r\nSELECT 1;\r\n"),
            unix
        );
        assert_eq!(
            flyway_crc32("\u{feff}CREATE TABLE t (id int);\rSELECT 1;"),
            unix
        );
        assert_ne!(
            flyway_crc32("CREATE TABLE t (id bigint);\nSELECT 1;\n"),
            unix
        );
    }

    #[test]
    fn sqlx_checksum_is_sha384() {
        // SHA-384("abc") from FIPS 180-2.
        assert!(sha384_hex(b"abc").starts_with("cb00753f45a35e8bb5a03d699ac65007"));
    }
}

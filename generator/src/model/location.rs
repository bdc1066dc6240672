//! Where an item of the model was read: a file and a line, written `file:line` in the JSON.

use serde::de::{Deserializer, Error as _};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// Where an item of the model comes from: a docs file (its path as diagnostics show it) and a
/// line in it, from 1. The JSON writes it `file:line`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SourceLoc {
    /// The file, relative to the docs root (`api-reference/v1.0/api/user-get.md`).
    pub file: String,
    /// The line, from 1.
    pub line: u32,
}

impl SourceLoc {
    /// Line `line` of `file`.
    pub fn new(file: impl Into<String>, line: u32) -> SourceLoc {
        SourceLoc {
            file: file.into(),
            line,
        }
    }

    /// Parses `file:line`: the line is what follows the last `:` (a file name may hold `:`)
    /// and must be a number.
    pub fn parse(s: &str) -> Result<SourceLoc, String> {
        let Some((file, line)) = s.rsplit_once(':') else {
            return Err(format!("`{s}` is not `file:line`"));
        };
        match line.parse() {
            Ok(line) => Ok(SourceLoc::new(file, line)),
            Err(_) => Err(format!("the line of `{s}` is not a number")),
        }
    }
}

impl fmt::Display for SourceLoc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

impl Serialize for SourceLoc {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for SourceLoc {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<SourceLoc, D::Error> {
        let s = String::deserialize(deserializer)?;
        SourceLoc::parse(&s).map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_and_read_as_file_colon_line() {
        let s = SourceLoc::new("api/user-get.md", 12);
        assert_eq!(s.to_string(), "api/user-get.md:12");
        let json = serde_json::to_string(&s).expect("serializes");
        assert_eq!(json, "\"api/user-get.md:12\"");
        let back: SourceLoc = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, s);
        // The line follows the last colon.
        assert_eq!(
            SourceLoc::parse("c:/docs/x.md:3"),
            Ok(SourceLoc::new("c:/docs/x.md", 3))
        );
        for bad in ["\"x.md\"", "\"x.md:\"", "\"x.md:three\"", "\"x.md:-1\""] {
            assert!(serde_json::from_str::<SourceLoc>(bad).is_err(), "{bad}");
        }
    }
}

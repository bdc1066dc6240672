//! Round trips of JSON through the generated types, chosen by name at run time (feature
//! `registry`). A generated crate built with its `registry` feature has one `registry::round_trip`
//! function per API version; `cargo xtask examples` feeds it every example of the docs through
//! [`serve`] and compares what comes back.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::io::{BufRead, Write};

/// Which generated type to use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "by")]
pub enum Selector {
    /// A type or enum by qualified name (`microsoft.graph.user`) or an `Edm.X` primitive; a
    /// collection is read as one page of a collection response.
    Type {
        /// Qualified name.
        name: String,
        /// Read a collection response of it.
        collection: bool,
    },
    /// The request body type of an operation (by its model name, `createUser`).
    Request {
        /// Operation name.
        operation: String,
    },
    /// The response type of an operation.
    Response {
        /// Operation name.
        operation: String,
    },
}

/// Why a body did not deserialize (or serialize).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    /// The JSON path where it failed (`value[0].createdDateTime`), `.` for the whole body.
    pub path: String,
    /// serde's message.
    pub message: String,
}

/// A generated lookup: the round trip through the type `selector` names, or `None` when the
/// crate has no such type or operation.
pub type Lookup = fn(&Selector, &str) -> Option<Result<Value, Failure>>;

/// Deserializes `body` as `T` and serializes it back.
pub fn round_trip<T: DeserializeOwned + Serialize>(body: &str) -> Result<Value, Failure> {
    let mut de = serde_json::Deserializer::from_str(body);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| Failure {
        path: e.path().to_string(),
        message: e.into_inner().to_string(),
    })?;
    de.end().map_err(|e| Failure {
        path: ".".to_owned(),
        message: e.to_string(),
    })?;
    serde_json::to_value(&value).map_err(|e| Failure {
        path: ".".to_owned(),
        message: format!("cannot serialize: {e}"),
    })
}

/// One body to round-trip.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Job {
    /// Echoed in the result.
    pub id: usize,
    /// The version module (`v1`, `beta`).
    pub version: String,
    /// The type to use.
    pub selector: Selector,
    /// The JSON body.
    pub body: Value,
}

/// What happened to one job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "outcome")]
pub enum Outcome {
    /// The crate has no such version, type or operation.
    Unknown,
    /// Deserialization (or serialization) failed.
    Failed(Failure),
    /// The body as the generated type writes it back.
    RoundTripped {
        /// The serialized value.
        value: Value,
    },
}

/// The result of one [`Job`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobResult {
    /// The job's id.
    pub id: usize,
    /// What happened.
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// Runs one job against the lookups of each version module.
pub fn run(versions: &[(&str, Lookup)], job: &Job) -> JobResult {
    let outcome = match versions.iter().find(|(v, _)| *v == job.version) {
        None => Outcome::Unknown,
        Some((_, lookup)) => {
            let body = job.body.to_string();
            // A panic in a generated impl is a generator bug; it is reported, not fatal.
            match std::panic::catch_unwind(|| lookup(&job.selector, &body)) {
                Ok(None) => Outcome::Unknown,
                Ok(Some(Ok(value))) => Outcome::RoundTripped { value },
                Ok(Some(Err(f))) => Outcome::Failed(f),
                Err(_) => Outcome::Failed(Failure {
                    path: ".".to_owned(),
                    message: "the generated code panicked".to_owned(),
                }),
            }
        }
    };
    JobResult {
        id: job.id,
        outcome,
    }
}

/// Reads [`Job`]s (one JSON object per line) from `input` and writes a [`JobResult`] line for
/// each to `output`. Lines that are not jobs are an error.
pub fn serve(
    versions: &[(&str, Lookup)],
    input: impl BufRead,
    mut output: impl Write,
) -> std::io::Result<()> {
    for line in input.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let job: Job = serde_json::from_str(&line)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
        serde_json::to_writer(&mut output, &run(versions, &job))?;
        output.write_all(b"\n")?;
    }
    output.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn lookup(selector: &Selector, body: &str) -> Option<Result<Value, Failure>> {
        match selector {
            Selector::Type { name, collection } => match (name.as_str(), collection) {
                ("Edm.Int32", false) => Some(round_trip::<i32>(body)),
                ("Edm.Int32", true) => Some(round_trip::<crate::Collection<i32>>(body)),
                ("panics", _) => panic!("boom"),
                _ => None,
            },
            _ => None,
        }
    }

    fn job(id: usize, name: &str, collection: bool, body: Value) -> Job {
        Job {
            id,
            version: "v1".to_owned(),
            selector: Selector::Type {
                name: name.to_owned(),
                collection,
            },
            body,
        }
    }

    #[test]
    fn serves_lines() {
        let jobs = [
            job(1, "Edm.Int32", false, json!(5)),
            job(2, "Edm.Int32", true, json!({"value": [1, "x"]})),
            job(3, "microsoft.graph.user", false, json!({})),
            job(4, "panics", false, json!(null)),
        ];
        let input: String = jobs
            .iter()
            .map(|j| serde_json::to_string(j).expect("job") + "\n")
            .collect();
        let mut out = Vec::new();
        serve(&[("v1", lookup)], input.as_bytes(), &mut out).expect("serve");
        let results: Vec<JobResult> = String::from_utf8(out)
            .expect("utf8")
            .lines()
            .map(|l| serde_json::from_str(l).expect("result"))
            .collect();
        assert_eq!(
            results[0].outcome,
            Outcome::RoundTripped { value: json!(5) }
        );
        match &results[1].outcome {
            Outcome::Failed(f) => assert_eq!(f.path, "value[1]"),
            other => panic!("{other:?}"),
        }
        assert_eq!(results[2].outcome, Outcome::Unknown);
        assert!(
            matches!(&results[3].outcome, Outcome::Failed(f) if f.message.contains("panicked"))
        );
        assert_eq!(
            results.iter().map(|r| r.id).collect::<Vec<_>>(),
            vec![1, 2, 3, 4]
        );
    }

    #[test]
    fn trailing_input_is_a_failure() {
        assert_eq!(
            round_trip::<i32>("5 6").map_err(|f| f.path),
            Err(".".to_owned())
        );
    }
}

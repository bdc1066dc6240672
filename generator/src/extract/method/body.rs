//! What a method takes and returns: the request body and the response, each a linked type,
//! a type named in prose, or (the request body) a parameter table.

use super::{BodyFact, ResponseFact};
use crate::diag::{DiagKind, Diagnostics};
use crate::extract::property_rows;
use crate::extract::typeref::{parse_type_cell, LinkTarget, Primitive, TypeRef, TypeTarget};
use crate::read::{Inline, Link, Page, Section};

/// The page's response, from its `## Response` section (reported when there is none: the
/// response is then at `line`, the title's).
pub(crate) fn response_of(page: &Page, line: u32, diags: &mut Diagnostics) -> ResponseFact {
    match page.section(|h| h == "response" || h == "responses") {
        Some(s) => response(s),
        None => {
            diags.warn(
                &page.path,
                line,
                DiagKind::MissingSection,
                "no `## Response` section",
            );
            // What the response examples say is reported at the title.
            ResponseFact {
                line,
                ..ResponseFact::default()
            }
        }
    }
}

/// The first link to a docs page in the inline text, as a type reference.
fn linked_type(links: &[Link]) -> Option<TypeRef> {
    links.iter().find_map(|l| {
        let t = LinkTarget::parse(&l.target)?;
        if t.file.is_empty() {
            return None;
        }
        parse_type_cell(&Inline {
            text: l.text.clone(),
            links: vec![l.clone()],
            code: Vec::new(),
        })
        .ok()
    })
}

/// The first status code in the text followed by its reason phrase (`200 OK`).
fn status_code(text: &str) -> Option<u16> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(2)).find_map(|i| {
        let ok = b[i..i + 3].iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
            && b.get(i + 3).is_none_or(|c| !c.is_ascii_digit())
            && matches!(b[i], b'1'..=b'5');
        if !ok {
            return None;
        }
        // Followed by a reason phrase: `200 OK`, `201 Created`, `204 No Content`.
        let after = text[i + 3..].trim_start_matches(['`', ' ']);
        after
            .starts_with(|c: char| c.is_ascii_uppercase())
            .then(|| text[i..i + 3].parse().ok())?
    })
}

/// The response a `## Response` section describes: the first paragraph with a status code.
fn response(sec: &Section) -> ResponseFact {
    let mut r = ResponseFact {
        line: sec.line,
        ..Default::default()
    };
    for (line, p) in sec.paragraphs() {
        let Some(status) = status_code(&p.text) else {
            continue;
        };
        r.status = Some(status);
        r.line = line;
        let lower = p.text.to_ascii_lowercase();
        let collection = lower.contains("collection of");
        if let Some(mut t) = linked_type(&p.links) {
            t.collection |= collection;
            r.ty = Some(t);
        } else if let Some(name) = bare_object_name(&p.text) {
            r.ty = Some(TypeRef {
                target: TypeTarget::Named { name, link: None },
                collection,
            });
        } else {
            r.ty = primitive_in_body(&p.text);
        }
        break;
    }
    r
}

/// "… and a String collection in the response body" / "… and a Int32 in the response body" →
/// the primitive.
fn primitive_in_body(text: &str) -> Option<TypeRef> {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '.')
                .to_owned()
        })
        .collect();
    let at = words
        .windows(3)
        .position(|w| w[0] == "in" && w[1] == "the" && w[2].eq_ignore_ascii_case("response"))?;
    let mut i = at.checked_sub(1)?;
    let collection = words[i].eq_ignore_ascii_case("collection");
    if collection {
        i = i.checked_sub(1)?;
    }
    let article = words.get(i.checked_sub(1)?)?.to_ascii_lowercase();
    if article != "a" && article != "an" {
        return None;
    }
    Primitive::parse(&words[i]).map(|p| TypeRef {
        target: TypeTarget::Primitive(p),
        collection,
    })
}

/// "… a collection of signIn objects" / "… a user object in the response body" → the name.
fn bare_object_name(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let idx = words.iter().position(|w| {
        let w = w
            .trim_matches(|c: char| !c.is_ascii_alphabetic())
            .to_ascii_lowercase();
        w == "object" || w == "objects"
    })?;
    let name = words
        .get(idx.checked_sub(1)?)?
        .trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '.');
    let bad = ["the", "a", "an", "json", "of", "response", "empty"];
    (!name.is_empty()
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && !bad.contains(&name.to_ascii_lowercase().as_str()))
    .then(|| name.to_owned())
}

/// What the `## Request body` section says the body is: a linked type, or a parameter table.
pub(crate) fn request_body(path: &str, sec: &Section, diags: &mut Diagnostics) -> BodyFact {
    for (line, p) in sec.paragraphs() {
        let lower = p.text.to_ascii_lowercase();
        if lower.contains("json representation of") || lower.contains("supply a json") {
            if let Some(ty) = linked_type(&p.links) {
                return BodyFact::Type { ty, line };
            }
        }
    }
    let mut params = Vec::new();
    for t in sec.tables() {
        params.extend(property_rows(path, t, false, diags));
    }
    if params.is_empty() {
        BodyFact::None
    } else {
        BodyFact::Parameters(params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primitive_responses() {
        let t = primitive_in_body("If successful, this function returns a `200 OK` response code and a String collection in the response body.").expect("string collection");
        assert_eq!(
            (t.target, t.collection),
            (TypeTarget::Primitive(Primitive::String), true)
        );
        let t = primitive_in_body("If successful, this action returns a `200 OK` response code and a Int32 in the response body.").expect("int");
        assert_eq!(
            (t.target, t.collection),
            (TypeTarget::Primitive(Primitive::Int32), false)
        );
        assert!(primitive_in_body(
            "returns a `200 OK` response code and a user object in the response body."
        )
        .is_none());
        assert!(
            primitive_in_body("returns `200 OK` and the string in the response body.").is_none()
        );
    }

    #[test]
    fn status_codes() {
        assert_eq!(status_code("returns a `200 OK` response code"), Some(200));
        assert_eq!(status_code("returns `204 No Content`"), Some(204));
        assert_eq!(status_code("returns 1000 items"), None);
        assert_eq!(
            status_code("If successful, this method returns a 201 Created response"),
            Some(201)
        );
    }

    #[test]
    fn bare_names() {
        assert_eq!(
            bare_object_name("returns 200 OK and collection of signIn objects in the body")
                .as_deref(),
            Some("signIn")
        );
        assert_eq!(bare_object_name("returns an empty object").as_deref(), None);
    }
}

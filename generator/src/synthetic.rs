//! Synthetic docs of any size, for `cargo xtask bench --scale` and the tests that show the front
//! of the pipeline stays linear: a resource page with a table of N rows and a JSON
//! representation of N keys, and two method pages whose response examples have N keys, one of the
//! page's type and one of a type no page defines (so its type is inferred from the example). Not part of the API.

use std::fmt::Write as _;
use std::path::Path;

/// Writes the synthetic docs of `n` properties under `dir` (a version folder `v1.0`).
pub fn write_docs(dir: &Path, n: usize) -> std::io::Result<()> {
    let res = dir.join("v1.0/resources");
    let api = dir.join("v1.0/api");
    std::fs::create_dir_all(&res)?;
    std::fs::create_dir_all(&api)?;
    let mut rows = String::new();
    let mut json = String::new();
    let mut body = String::from("{");
    let mut other = String::from("{");
    for i in 0..n {
        let _ = writeln!(
            rows,
            "|prop{i}|String|Property number {i}. The possible values are: `a`, `b`.|"
        );
        let _ = write!(
            json,
            "{}\n  \"prop{i}\": \"String\"",
            if i > 0 { "," } else { "" }
        );
        let sep = if i > 0 { "," } else { "" };
        let _ = write!(body, "{sep}\"prop{i}\": \"x\"");
        let _ = write!(other, "{sep}\"key{i}\": {i}");
    }
    body.push('}');
    other.push('}');
    let page = format!(
        "---\ntitle: \"big resource type\"\ndoc_type: resourcePageType\n---\n\n# big resource type\n\nNamespace: microsoft.graph\n\nA big type.\n\n## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n{rows}\n## JSON representation\n\n<!-- {{ \"blockType\": \"resource\", \"keyProperty\": \"prop0\", \"@odata.type\": \"microsoft.graph.big\" }} -->\n```json\n{{{json}\n}}\n```\n"
    );
    std::fs::write(res.join("big.md"), page)?;
    let get = |name: &str, ty: &str, body: &str| {
        format!(
            "---\ntitle: \"Get {name}\"\ndoc_type: apiPageType\n---\n\n# Get {name}\n\nNamespace: microsoft.graph\n\n## HTTP request\n\n```http\nGET /{name}s/{{id}}\n```\n\n## Response\n\nIf successful, this method returns a `200 OK` response code and a [{ty}](../resources/{lower}.md) object in the response body.\n\n## Examples\n\n<!-- {{ \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.{ty}\" }} -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{body}\n```\n",
            lower = ty.to_ascii_lowercase()
        )
    };
    std::fs::write(api.join("big-get.md"), get("big", "big", &body))?;
    // No page defines `unknownThing`: its type is inferred from this example.
    std::fs::write(
        api.join("thing-get.md"),
        get("thing", "unknownThing", &other),
    )?;
    Ok(())
}

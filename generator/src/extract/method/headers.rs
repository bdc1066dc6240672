//! The request headers a method page lists.

use crate::model::Header;
use crate::read::Section;

/// The headers listed in the tables of a `## Request headers` section.
pub(crate) fn headers_of(sec: &Section) -> Vec<Header> {
    let mut out = Vec::new();
    for t in sec.tables() {
        let n = t
            .column(|h| h == "name" || h == "header" || h == "request header")
            .unwrap_or(0);
        let d = t
            .column(|h| h == "description" || h == "value")
            .unwrap_or(1);
        for r in &t.rows {
            let Some(name) = r.cells.get(n).map(|c| c.text.trim().to_owned()) else {
                continue;
            };
            if name.is_empty() {
                continue;
            }
            out.push(Header {
                name,
                description: r.cells.get(d).map(|c| c.text.clone()).unwrap_or_default(),
            });
        }
    }
    out
}

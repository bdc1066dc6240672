//! Values in URLs: [`ODataValue`] (how a parameter value is written as an OData literal in a
//! function call of the path, or as text in the query string) and the rendering of path
//! templates (`/users/{user-id}/getMemberGroups(securityEnabledOnly={securityEnabledOnly})`).

use crate::encode::{encode_literal, encode_path_segment};

/// A value that can stand in a URL: as an OData literal in a function call of the path
/// (strings single-quoted with `'` doubled; numbers, booleans, dates and GUIDs bare; enum members
/// by name, quoted), or as plain text in a query string.
///
/// ```
/// use graphgen_runtime::ODataValue;
/// assert_eq!("O'Neil".literal(), "'O''Neil'");
/// assert_eq!(7.literal(), "7");
/// assert_eq!("O'Neil".text(), "O'Neil");
/// ```
pub trait ODataValue {
    /// The value as an OData literal (not yet percent-encoded).
    fn literal(&self) -> String;
    /// The value as query string text (not yet percent-encoded).
    fn text(&self) -> String;
}

/// `'…'` with every `'` doubled.
pub fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

impl ODataValue for str {
    fn literal(&self) -> String {
        quote(self)
    }
    fn text(&self) -> String {
        self.to_owned()
    }
}

impl ODataValue for String {
    fn literal(&self) -> String {
        quote(self)
    }
    fn text(&self) -> String {
        self.clone()
    }
}

macro_rules! bare {
    ($($t:ty),*) => {$(
        impl ODataValue for $t {
            fn literal(&self) -> String {
                self.to_string()
            }
            fn text(&self) -> String {
                self.to_string()
            }
        }
    )*};
}

bare!(
    bool,
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    f32,
    f64,
    uuid::Uuid
);

impl<Tz: chrono::TimeZone> ODataValue for chrono::DateTime<Tz> {
    fn literal(&self) -> String {
        self.to_utc()
            .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    }
    fn text(&self) -> String {
        self.literal()
    }
}

impl ODataValue for chrono::NaiveDate {
    fn literal(&self) -> String {
        self.format("%Y-%m-%d").to_string()
    }
    fn text(&self) -> String {
        self.literal()
    }
}

impl ODataValue for chrono::NaiveTime {
    fn literal(&self) -> String {
        self.format("%H:%M:%S%.f").to_string()
    }
    fn text(&self) -> String {
        self.literal()
    }
}

/// A collection: `['a','b']` as a literal, `a,b` as text.
impl<T: ODataValue> ODataValue for [T] {
    fn literal(&self) -> String {
        let items: Vec<String> = self.iter().map(ODataValue::literal).collect();
        format!("[{}]", items.join(","))
    }
    fn text(&self) -> String {
        let items: Vec<String> = self.iter().map(ODataValue::text).collect();
        items.join(",")
    }
}

impl<T: ODataValue> ODataValue for Vec<T> {
    fn literal(&self) -> String {
        self.as_slice().literal()
    }
    fn text(&self) -> String {
        self.as_slice().text()
    }
}

impl<T: ODataValue + ?Sized> ODataValue for &T {
    fn literal(&self) -> String {
        (**self).literal()
    }
    fn text(&self) -> String {
        (**self).text()
    }
}

/// Text written into the URL as it is (still percent-encoded where the URL needs it): for
/// parameters whose type the docs do not give, or values this crate cannot type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Verbatim(pub String);

impl ODataValue for Verbatim {
    fn literal(&self) -> String {
        self.0.clone()
    }
    fn text(&self) -> String {
        self.0.clone()
    }
}

/// An enum member, written by its name: `'week'` as a literal, `week` as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Member<'a>(pub &'a str);

impl ODataValue for Member<'_> {
    fn literal(&self) -> String {
        quote(self.0)
    }
    fn text(&self) -> String {
        self.0.to_owned()
    }
}

/// A value set for a placeholder of a path template, already encoded for the URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PathValue {
    pub name: &'static str,
    pub encoded: String,
}

impl PathValue {
    /// A key segment's value: every reserved character encoded.
    pub fn key(name: &'static str, value: &str) -> PathValue {
        PathValue {
            name,
            encoded: encode_path_segment(value),
        }
    }

    /// A function argument: the value's literal, encoded for the path.
    pub fn arg(name: &'static str, value: &(impl ODataValue + ?Sized)) -> PathValue {
        PathValue {
            name,
            encoded: encode_literal(&value.literal()),
        }
    }
}

/// Fills `template`'s `{name}` placeholders from `values`. Inside a call's parentheses, an
/// argument whose placeholder has no value (an optional parameter left unset) is left out with
/// its `name=`; elsewhere a placeholder without a value stays as it is.
pub(crate) fn render(template: &str, values: &[PathValue]) -> String {
    let lookup = |name: &str| {
        values
            .iter()
            .rev()
            .find(|v| v.name == name)
            .map(|v| v.encoded.as_str())
    };
    let fill = |text: &str, out: &mut String| -> bool {
        // Returns false when a placeholder has no value.
        let mut rest = text;
        let mut complete = true;
        while let Some(i) = rest.find('{') {
            out.push_str(&rest[..i]);
            let Some(j) = rest[i..].find('}') else {
                out.push_str(&rest[i..]);
                return complete;
            };
            let name = &rest[i + 1..i + j];
            match lookup(name) {
                Some(v) => out.push_str(v),
                None => {
                    complete = false;
                    out.push_str(&rest[i..i + j + 1]);
                }
            }
            rest = &rest[i + j + 1..];
        }
        out.push_str(rest);
        complete
    };
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('(') {
        fill(&rest[..=open], &mut out);
        let Some(close) = rest[open..].find(')').map(|c| open + c) else {
            fill(&rest[open + 1..], &mut out);
            return out;
        };
        let mut args: Vec<String> = Vec::new();
        for part in rest[open + 1..close].split(',').filter(|p| !p.is_empty()) {
            let mut filled = String::new();
            if fill(part, &mut filled) || !part.contains('=') {
                args.push(filled);
            }
        }
        out.push_str(&args.join(","));
        out.push(')');
        rest = &rest[close + 1..];
    }
    fill(rest, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals() {
        assert_eq!("week".literal(), "'week'");
        assert_eq!("it's".literal(), "'it''s'");
        assert_eq!(String::from("a").literal(), "'a'");
        assert_eq!(true.literal(), "true");
        assert_eq!((-3i64).literal(), "-3");
        assert_eq!(1.5f64.literal(), "1.5");
        assert_eq!(["a", "b'c"].as_slice().literal(), "['a','b''c']");
        assert_eq!(vec![1, 2].text(), "1,2");
        assert_eq!(Verbatim("5".into()).literal(), "5");
        assert_eq!(Member("week").literal(), "'week'");
        let d = chrono::NaiveDate::from_ymd_opt(2024, 7, 1).unwrap();
        assert_eq!(d.literal(), "2024-07-01");
        let t = chrono::DateTime::parse_from_rfc3339("2024-07-01T10:00:00+02:00").unwrap();
        assert_eq!(t.literal(), "2024-07-01T08:00:00Z");
        let u = uuid::Uuid::nil();
        assert_eq!(u.literal(), "00000000-0000-0000-0000-000000000000");
    }

    #[test]
    fn templates_render() {
        let t = "/users/{user-id}/mailFolders/{mailFolder-id}/messages";
        let v = [
            PathValue::key("user-id", "a/b c"),
            PathValue::key("mailFolder-id", "inbox"),
        ];
        assert_eq!(render(t, &v), "/users/a%2Fb%20c/mailFolders/inbox/messages");
        let t = "/sites/{site-id}/getActivitiesByInterval(startDateTime={startDateTime},endDateTime={endDateTime},interval={interval})";
        let v = [
            PathValue::key("site-id", "s1"),
            PathValue::arg("startDateTime", "2017-01-01"),
            PathValue::arg("endDateTime", "2017-01-10"),
            PathValue::arg("interval", "week"),
        ];
        assert_eq!(
            render(t, &v),
            "/sites/s1/getActivitiesByInterval(startDateTime='2017-01-01',endDateTime='2017-01-10',interval='week')"
        );
        // An optional argument left unset is left out; a quote in a string is doubled.
        let t =
            "/charts/{chart-name}/image(width={width},height={height},fittingMode={fittingMode})";
        let v = [
            PathValue::key("chart-name", "c"),
            PathValue::arg("height", &480),
            PathValue::arg("fittingMode", "it's fit"),
        ];
        assert_eq!(
            render(t, &v),
            "/charts/c/image(height=480,fittingMode='it''s%20fit')"
        );
        assert_eq!(render("/f()", &[]), "/f()");
        assert_eq!(render("/a/{x}", &[]), "/a/{x}");
        // A key in parentheses.
        let v = [PathValue::arg("list-id", "l1")];
        assert_eq!(render("/lists({list-id})/items", &v), "/lists('l1')/items");
    }
}

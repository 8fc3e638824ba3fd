//! Known gaps: `conformance/expectations.txt`, one `BACKEND CASE: reason` per line (`*` for
//! every backend). A listed case must fail; one that passes is reported, so the file stays
//! exact.

use std::collections::BTreeMap;

/// The parsed expectations file.
#[derive(Clone, Debug, Default)]
pub struct Expectations {
    entries: BTreeMap<(String, String), String>,
}

impl Expectations {
    /// The project's expectations file.
    pub fn load() -> Result<Expectations, String> {
        Expectations::parse(include_str!("../expectations.txt"))
    }

    /// Parses the file's text.
    pub fn parse(text: &str) -> Result<Expectations, String> {
        let mut entries = BTreeMap::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (head, reason) = line.split_once(':').ok_or(format!("expectations.txt:{}: expected `BACKEND CASE: reason`", n + 1))?;
            let (backend, case) =
                head.trim().split_once(' ').ok_or(format!("expectations.txt:{}: expected `BACKEND CASE: reason`", n + 1))?;
            if reason.trim().is_empty() {
                return Err(format!("expectations.txt:{}: every expected failure needs a reason", n + 1));
            }
            entries.insert((backend.trim().to_string(), case.trim().to_string()), reason.trim().to_string());
        }
        Ok(Expectations { entries })
    }

    /// Why `case` is expected to fail on `backend`, if it is.
    pub fn reason(&self, backend: &str, case: &str) -> Option<&str> {
        self.entries
            .get(&(backend.to_string(), case.to_string()))
            .or_else(|| self.entries.get(&("*".to_string(), case.to_string())))
            .map(String::as_str)
    }

    /// Every listed (backend, case).
    pub fn listed(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.keys().map(|(b, c)| (b.as_str(), c.as_str()))
    }
}

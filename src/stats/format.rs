//! Reading a `stats/1` document. The `format` field is read first: another version is refused
//! by name (a newer driftlock's file is not half-read); fields this version does not know are
//! ignored (additions within `stats/1` are compatible). Every problem names the file, and the
//! line and column where serde found it.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The version this driftlock reads.
pub const FORMAT: &str = "stats/1";

/// One table as the statistics hold it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableStats {
    /// `reltuples`: `None` when the table was never analysed (PostgreSQL writes -1).
    pub rows: Option<u64>,
    pub total_bytes: Option<u64>,
    pub heap_bytes: Option<u64>,
    pub index_bytes: Option<u64>,
}

/// A statistics file, read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// The file as the user named it, for messages.
    pub file: String,
    /// `snapshot_at` as written, and read (seconds since the epoch).
    pub snapshot_at: String,
    pub snapshot_secs: i64,
    pub server_version: Option<String>,
    /// Tables by (schema, name).
    pub tables: BTreeMap<(String, String), TableStats>,
}

#[derive(Deserialize)]
struct FileJson {
    snapshot_at: String,
    #[serde(default)]
    server_version: Option<String>,
    tables: Vec<TableJson>,
}

#[derive(Deserialize)]
struct TableJson {
    schema: String,
    name: String,
    #[serde(default)]
    rows: Option<f64>,
    #[serde(default)]
    total_bytes: Option<u64>,
    #[serde(default)]
    heap_bytes: Option<u64>,
    #[serde(default)]
    index_bytes: Option<u64>,
}

#[derive(Deserialize)]
struct VersionJson {
    #[serde(default)]
    format: Option<serde_json::Value>,
}

/// Reads `text`, the contents of the statistics file `file`. An error is one line naming the
/// file (and the line and column in it, when the JSON is at fault).
pub fn parse(file: &str, text: &str) -> Result<Snapshot, String> {
    let at = |e: &serde_json::Error| format!("{file}:{}:{}", e.line(), e.column());
    let version: VersionJson = serde_json::from_str(text).map_err(|e| {
        format!(
            "{}: not a table statistics document ({e}); make it with `driftlock stats --query`",
            at(&e)
        )
    })?;
    match version.format {
        Some(serde_json::Value::String(f)) if f == FORMAT => {}
        Some(other) => {
            return Err(format!(
                "{file}: table statistics of format {other}, which this driftlock does not read \
                 (it reads \"{FORMAT}\"); export them again with this version's `driftlock stats --query`"
            ))
        }
        None => {
            return Err(format!(
                "{file}: no \"format\" field: not a table statistics document (\"{FORMAT}\"); \
                 make it with `driftlock stats --query`"
            ))
        }
    }
    let doc: FileJson = serde_json::from_str(text)
        .map_err(|e| format!("{}: invalid {FORMAT} document: {e}", at(&e)))?;
    let snapshot_secs = super::time::parse(&doc.snapshot_at).ok_or_else(|| {
        format!(
            "{file}: snapshot_at {:?} is not a timestamp like 2026-05-01T10:11:12+00:00",
            doc.snapshot_at
        )
    })?;
    let mut tables = BTreeMap::new();
    for t in doc.tables {
        let rows = match t.rows {
            Some(r) if r.is_finite() && r >= 0.0 => Some(r.round() as u64),
            // -1: never analysed (PostgreSQL 14+); anything else negative means the same.
            _ => None,
        };
        let stats = TableStats {
            rows,
            total_bytes: t.total_bytes,
            heap_bytes: t.heap_bytes,
            index_bytes: t.index_bytes,
        };
        if tables
            .insert((t.schema.clone(), t.name.clone()), stats)
            .is_some()
        {
            return Err(format!(
                "{file}: table \"{}.{}\" is listed twice",
                t.schema, t.name
            ));
        }
    }
    Ok(Snapshot {
        file: file.to_string(),
        snapshot_at: doc.snapshot_at,
        snapshot_secs,
        server_version: doc.server_version,
        tables,
    })
}

#[cfg(test)]
mod tests {
    use super::parse;

    const DOC: &str = r#"{"format" : "stats/1", "snapshot_at" : "2026-05-01T10:00:00+00:00",
      "server_version" : "16.4", "future_field": 1,
      "tables" : [
        {"schema" : "public", "name" : "events", "rows" : 120000000, "total_bytes" : 42949672960,
         "heap_bytes" : 32212254720, "index_bytes" : 10737418240, "n_tup_ins": 5},
        {"schema" : "public", "name" : "fresh", "rows" : -1, "total_bytes" : 8192,
         "heap_bytes" : 0, "index_bytes" : 8192}
      ]}"#;

    #[test]
    fn reads_tables_and_never_analysed_rows() {
        let s = parse("stats.json", DOC).unwrap();
        assert_eq!(s.snapshot_secs, 1_777_629_600);
        let events = &s.tables[&("public".into(), "events".into())];
        assert_eq!(events.rows, Some(120_000_000));
        assert_eq!(events.heap_bytes, Some(32_212_254_720));
        assert_eq!(s.tables[&("public".into(), "fresh".into())].rows, None);
    }

    #[test]
    fn refuses_other_versions_and_names_the_place_of_bad_json() {
        let e = parse("s.json", r#"{"format": "stats/2", "tables": 3}"#).unwrap_err();
        assert!(
            e.contains("format \"stats/2\"") && e.contains("stats/1"),
            "{e}"
        );
        let e = parse("s.json", r#"{"tables": []}"#).unwrap_err();
        assert!(e.contains("no \"format\""), "{e}");
        let e = parse("s.json", "{\"format\": \"stats/1\",\n \"tables\": [}").unwrap_err();
        assert!(e.starts_with("s.json:2:"), "{e}");
        let e = parse(
            "s.json",
            "{\"format\": \"stats/1\", \"snapshot_at\": \"now\", \"tables\": []}",
        )
        .unwrap_err();
        assert!(e.contains("not a timestamp"), "{e}");
        let e = parse(
            "s.json",
            "{\"format\": \"stats/1\", \"snapshot_at\": \"2026-01-01\",\n\"tables\": [{\"schema\": \"public\"}]}",
        )
        .unwrap_err();
        assert!(e.starts_with("s.json:2:") && e.contains("name"), "{e}");
    }
}

//! The one place that decides what a table's size does to a finding. Rules only say which
//! table their operation works on and how (`Diagnostic::cost`: a lock held, a rewrite, a
//! scan, an index build); once the settings have set every finding's level, `judge` reads
//! the table in the statistics and
//! - a small table (fewer than `small-table-rows` rows and fewer than `large-table-bytes`
//!   bytes): the finding drops to `info`, "small table (N rows)";
//! - a large one (`large-table-bytes` or more): the level stays, and the message says the
//!   size and the estimated duration (rewrite: heap and indexes at `rewrite-rate`; scan:
//!   heap at `scan-rate`; index build: heap at `index-build-rate`; a lock alone: no
//!   estimate);
//! - in between: judged as without statistics (the size is still carried in `report/1` and
//!   SARIF);
//! - absent, and created by a revision whose `Create Date` is after the snapshot: new since
//!   it, empty when the pending revisions run: `info`;
//! - absent otherwise: judged as without statistics, and counted (one `table-stats-unknown`
//!   note names them).
//!
//! Staleness is judged without a clock, so that the same checkout and file always give the
//! same report: the statistics are stale when the newest revision's `Create Date` is more
//! than `stats-max-age` days after their snapshot (the migrations under review were written
//! long after the sizes were taken). Stale statistics still show sizes, but lower no level.
//! A table the history renamed after the snapshot is found under its former name, with a
//! warning.

use std::collections::{BTreeMap, BTreeSet};

use super::format::{Snapshot, TableStats};
use crate::codes;
use crate::config::SizeSettings;
use crate::diagnostic::{Diagnostic, Kind, Severity, SizeClass, TableSize, Work};

/// What the statistics did to a check, for the reports' headers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Judged {
    pub file: String,
    pub snapshot_at: String,
    /// Older than `stats-max-age` before the newest revision: no finding was lowered.
    pub stale: bool,
    /// Findings judged, by class.
    pub findings: BTreeMap<SizeClass, usize>,
    /// Tables findings concern that the statistics lack (as findings name them: `name` in
    /// `public`, `schema.name` elsewhere), sorted.
    pub unknown_tables: Vec<String>,
}

const MB: f64 = 1_048_576.0;
const DAY: i64 = 86_400;

/// Judges every finding that carries a cost against `snapshot`, and adds the notes about the
/// statistics themselves (stale, renamed tables, unknown tables). `revisions` are the
/// history's revision ids with their `Create Date` lines.
pub fn judge(
    diagnostics: &mut Vec<Diagnostic>,
    snapshot: &Snapshot,
    sizes: &SizeSettings,
    revisions: &[(String, Option<String>)],
) -> Judged {
    let dates: BTreeMap<&str, i64> = revisions
        .iter()
        .filter_map(|(id, date)| Some((id.as_str(), super::time::parse(date.as_deref()?)?)))
        .collect();
    let newest = revisions
        .iter()
        .filter_map(|(id, _)| dates.get(id.as_str()).map(|d| (*d, id.as_str())))
        .max();
    let mut judged = Judged {
        file: snapshot.file.clone(),
        snapshot_at: snapshot.snapshot_at.clone(),
        ..Judged::default()
    };
    let mut notes = Vec::new();
    if let Some((date, id)) = newest {
        let age_days = (date - snapshot.snapshot_secs).div_euclid(DAY);
        if age_days > sizes.stats_max_age_days as i64 {
            judged.stale = true;
            let created = revisions
                .iter()
                .find(|(r, _)| r == id)
                .and_then(|(_, d)| d.as_deref())
                .map_or("", super::time::date_of);
            let message = format!(
                "the table statistics {} (snapshot {}) are {age_days} days older than the newest \
                 revision {id} (created {created}), more than stats-max-age ({} days): sizes are \
                 shown but no finding is lowered",
                snapshot.file,
                super::time::date_of(&snapshot.snapshot_at),
                sizes.stats_max_age_days,
            );
            notes.push(
                Diagnostic::warning(Kind::History, codes::TABLE_STATS_STALE, message).with_help(
                    "export the statistics again: psql -At -c \"$(driftlock stats --query)\" > FILE",
                ),
            );
        }
    }
    let mut unknown = BTreeSet::new();
    let mut renamed = BTreeSet::new();
    for d in diagnostics.iter_mut() {
        let Some(cost) = d.cost.as_deref().cloned() else {
            continue;
        };
        if d.kind != Kind::Risk {
            continue;
        }
        let display = crate::schema::display_key;
        let found = snapshot
            .tables
            .get(&cost.table)
            .map(|t| (&cost.table, t))
            .or_else(|| {
                cost.former_names.iter().find_map(|(old, revision)| {
                    let t = snapshot.tables.get(old)?;
                    renamed.insert((display(old), display(&cost.table), revision.clone()));
                    Some((old, t))
                })
            });
        let size = match found {
            Some((name, stats)) => sized(display(name), stats, cost.work, sizes),
            None => {
                let created = cost
                    .created_by
                    .as_deref()
                    .map(|r| (r, dates.get(r).copied()));
                match created {
                    Some((r, Some(date))) if date > snapshot.snapshot_secs => absent(
                        display(&cost.table),
                        SizeClass::New,
                        cost.work,
                        format!(
                            "new table: created by revision {r} after the table statistics of {}",
                            super::time::date_of(&snapshot.snapshot_at)
                        ),
                    ),
                    _ => {
                        unknown.insert(display(&cost.table));
                        let why = match created {
                            Some((r, Some(_))) => format!(
                                "table not in the statistics, though revision {r} created it before their snapshot"
                            ),
                            Some((r, None)) => format!(
                                "table not in the statistics; revision {r}, which created it, has no Create Date"
                            ),
                            None => "table not in the statistics".to_string(),
                        };
                        absent(display(&cost.table), SizeClass::Unknown, cost.work, why)
                    }
                }
            }
        };
        *judged.findings.entry(size.class).or_default() += 1;
        let lowers = matches!(size.class, SizeClass::Small | SizeClass::New);
        if lowers && !judged.stale {
            d.severity = Severity::Info;
        }
        if !size.note.is_empty() {
            d.message = format!("{}; {}", d.message, size.note);
        }
        d.size = Some(Box::new(size));
    }
    for (old, new, revision) in &renamed {
        notes.push(
            Diagnostic::warning(
                Kind::History,
                codes::TABLE_STATS_RENAMED,
                format!(
                    "the table statistics {} know \"{new}\" as \"{old}\": revision {revision} renamed it after their snapshot; its size is read under the old name",
                    snapshot.file
                ),
            )
            .with_help("export the statistics again once the rename is deployed"),
        );
    }
    judged.unknown_tables = unknown.into_iter().collect();
    if !judged.unknown_tables.is_empty() {
        let mut names = judged.unknown_tables.clone();
        let more = names.len().saturating_sub(8);
        names.truncate(8);
        let mut list = names.join(", ");
        if more > 0 {
            list.push_str(&format!(" and {more} more"));
        }
        notes.push(Diagnostic::info(
            Kind::History,
            codes::TABLE_STATS_UNKNOWN,
            format!(
                "{} table(s) that findings concern are not in the table statistics {} and were judged without their size: {list}",
                judged.unknown_tables.len(),
                snapshot.file
            ),
        ));
    }
    diagnostics.append(&mut notes);
    judged
}

/// A table the statistics hold: its class, its estimate, and the note for the message.
fn sized(table: String, stats: &TableStats, work: Work, sizes: &SizeSettings) -> TableSize {
    let total = stats.total_bytes.unwrap_or(0);
    let class = match stats.rows {
        Some(rows) if rows < sizes.small_table_rows && total < sizes.large_table_bytes => {
            SizeClass::Small
        }
        _ if total >= sizes.large_table_bytes => SizeClass::Large,
        _ => SizeClass::Medium,
    };
    let (bytes, rate, verb) = match work {
        Work::Lock => (None, 0.0, ""),
        // A rewrite writes the heap, its TOAST and every index anew.
        Work::Rewrite => (stats.total_bytes, sizes.rewrite_rate, "rewrite"),
        Work::Scan => (stats.heap_bytes, sizes.scan_rate, "scan"),
        Work::IndexBuild => (stats.heap_bytes, sizes.index_build_rate, "index build"),
    };
    let estimate_ms = bytes.map(|b| (b as f64 / MB / rate * 1000.0).round() as u64);
    let rows = match stats.rows {
        Some(r) => format!("{} rows", thousands(r)),
        None => "rows unknown (never analysed)".to_string(),
    };
    let note = match class {
        SizeClass::Small => format!("small table ({rows})"),
        SizeClass::Large => {
            let mut note = format!("large table \"{table}\": {}, {rows}", pretty_bytes(total));
            if let Some(ms) = estimate_ms {
                note.push_str(&format!(
                    ", {verb} ~{} at {} MB/s",
                    duration(ms),
                    rate_text(rate)
                ));
            }
            note
        }
        _ => String::new(),
    };
    TableSize {
        table,
        class,
        work,
        rows: stats.rows,
        total_bytes: stats.total_bytes,
        heap_bytes: stats.heap_bytes,
        index_bytes: stats.index_bytes,
        estimate_ms,
        note,
    }
}

fn absent(table: String, class: SizeClass, work: Work, note: String) -> TableSize {
    TableSize {
        table,
        class,
        work,
        rows: None,
        total_bytes: None,
        heap_bytes: None,
        index_bytes: None,
        estimate_ms: None,
        note,
    }
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Bytes as `pg_size_pretty` counts them (1 kB = 1024 bytes), one decimal.
pub fn pretty_bytes(bytes: u64) -> String {
    let units = ["bytes", "kB", "MB", "GB", "TB", "PB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < units.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} bytes")
    } else {
        format!("{value:.1} {}", units[unit])
    }
}

/// A duration in milliseconds, rounded for people: `<1 s`, `12 s`, `6.5 min`, `2.1 h`.
pub fn duration(ms: u64) -> String {
    let s = ms as f64 / 1000.0;
    if s < 1.0 {
        "<1 s".to_string()
    } else if s < 90.0 {
        format!("{s:.0} s")
    } else if s < 5400.0 {
        format!("{:.1} min", s / 60.0)
    } else {
        format!("{:.1} h", s / 3600.0)
    }
}

fn rate_text(rate: f64) -> String {
    if rate.fract() == 0.0 {
        format!("{rate:.0}")
    } else {
        format!("{rate}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::TableCost;

    fn snapshot() -> Snapshot {
        super::super::format::parse(
            "stats.json",
            r#"{"format": "stats/1", "snapshot_at": "2026-05-01T00:00:00+00:00", "tables": [
              {"schema": "public", "name": "events", "rows": 120000000,
               "total_bytes": 42949672960, "heap_bytes": 32212254720, "index_bytes": 10737418240},
              {"schema": "public", "name": "colours", "rows": 12,
               "total_bytes": 16384, "heap_bytes": 8192, "index_bytes": 8192},
              {"schema": "public", "name": "old_name", "rows": 50,
               "total_bytes": 16384, "heap_bytes": 8192, "index_bytes": 8192}
            ]}"#,
        )
        .unwrap()
    }

    fn finding(table: &str, work: Work, created_by: Option<&str>) -> Diagnostic {
        Diagnostic::error(Kind::Risk, "set-not-null", "it scans").costing(TableCost {
            table: ("public".into(), table.into()),
            work,
            created_by: created_by.map(str::to_string),
            former_names: Vec::new(),
        })
    }

    fn revisions(dates: &[(&str, &str)]) -> Vec<(String, Option<String>)> {
        dates
            .iter()
            .map(|(r, d)| (r.to_string(), Some(d.to_string())))
            .collect()
    }

    #[test]
    fn small_drops_to_info_large_keeps_its_level_with_an_estimate() {
        let mut ds = vec![
            finding("colours", Work::Scan, None),
            finding("events", Work::Rewrite, None),
        ];
        let j = judge(&mut ds, &snapshot(), &SizeSettings::default(), &[]);
        assert_eq!(ds[0].severity, Severity::Info);
        assert_eq!(ds[0].message, "it scans; small table (12 rows)");
        assert_eq!(ds[0].message_without_size(), "it scans");
        assert_eq!(ds[1].severity, Severity::Error);
        // 40 GB at 90 MB/s: 455 s.
        assert_eq!(
            ds[1].message,
            "it scans; large table \"events\": 40.0 GB, 120,000,000 rows, rewrite ~7.6 min at 90 MB/s"
        );
        assert_eq!(ds[1].size.as_ref().unwrap().estimate_ms, Some(455_111));
        assert_eq!(j.findings[&SizeClass::Large], 1);
        assert!(!j.stale);
    }

    #[test]
    fn absent_tables_are_new_after_the_snapshot_and_unknown_otherwise() {
        let mut ds = vec![
            finding("fresh", Work::Scan, Some("r2")),
            finding("older", Work::Scan, Some("r1")),
            finding("elsewhere", Work::IndexBuild, None),
        ];
        let revs = revisions(&[("r1", "2026-04-01 10:00:00"), ("r2", "2026-05-02 09:00:00")]);
        let j = judge(&mut ds, &snapshot(), &SizeSettings::default(), &revs);
        assert_eq!(ds[0].severity, Severity::Info);
        assert!(
            ds[0].message.contains("new table: created by revision r2"),
            "{}",
            ds[0].message
        );
        assert_eq!(ds[1].severity, Severity::Error);
        assert!(
            ds[1].message.contains("revision r1 created it before"),
            "{}",
            ds[1].message
        );
        assert_eq!(j.unknown_tables, ["elsewhere", "older"]);
        let note = ds
            .iter()
            .find(|d| d.code == codes::TABLE_STATS_UNKNOWN)
            .unwrap();
        assert!(note.message.starts_with("2 table(s)"), "{}", note.message);
    }

    #[test]
    fn stale_statistics_warn_and_lower_nothing() {
        let mut ds = vec![finding("colours", Work::Scan, None)];
        let revs = revisions(&[("r9", "2026-07-15 12:00:00")]);
        let j = judge(&mut ds, &snapshot(), &SizeSettings::default(), &revs);
        assert!(j.stale);
        assert_eq!(ds[0].severity, Severity::Error);
        assert!(ds[0].message.contains("small table"));
        let stale = ds
            .iter()
            .find(|d| d.code == codes::TABLE_STATS_STALE)
            .unwrap();
        assert!(
            stale
                .message
                .contains("75 days older than the newest revision r9"),
            "{}",
            stale.message
        );
    }

    #[test]
    fn a_table_renamed_since_is_read_under_its_old_name_with_a_warning() {
        let mut d = finding("new_name", Work::Lock, None);
        if let Some(c) = d.cost.as_mut() {
            c.former_names = vec![(("public".into(), "old_name".into()), "r3".into())];
        }
        let mut ds = vec![d];
        judge(&mut ds, &snapshot(), &SizeSettings::default(), &[]);
        assert_eq!(ds[0].severity, Severity::Info);
        let w = ds
            .iter()
            .find(|d| d.code == codes::TABLE_STATS_RENAMED)
            .unwrap();
        assert!(
            w.message.contains("know \"new_name\" as \"old_name\""),
            "{}",
            w.message
        );
    }

    #[test]
    fn numbers_for_people() {
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(999), "999");
        assert_eq!(pretty_bytes(500), "500 bytes");
        assert_eq!(pretty_bytes(1536), "1.5 kB");
        assert_eq!(duration(400), "<1 s");
        assert_eq!(duration(12_400), "12 s");
        assert_eq!(duration(7_200_000), "2.0 h");
    }
}

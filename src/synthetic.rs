//! Synthetic Alembic histories for benchmarks: thousands of revisions in the shape real ones
//! have (long linear stretches, branches that merge back), with realistic `op.*` bodies.
//! Deterministic: the same size gives the same files.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// A 12-hex-digit revision id, as Alembic generates them, derived from the index.
pub fn revision_id(index: usize) -> String {
    // splitmix64: well spread, so ids do not sort in creation order (as real ones do not).
    let mut z = (index as u64).wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    format!("{:012x}", z & 0xffff_ffff_ffff)
}

/// Writes an Alembic project with `revisions` revision files under `dir`: `alembic.ini`,
/// `migrations/env.py` and `migrations/versions/*.py`. Every 40 revisions a branch of three
/// and two revisions splits off and merges back.
pub fn write_project(dir: &Path, revisions: usize) -> io::Result<()> {
    let versions = dir.join("migrations").join("versions");
    std::fs::create_dir_all(&versions)?;
    std::fs::write(
        dir.join("alembic.ini"),
        "[alembic]\nscript_location = %(here)s/migrations\npath_separator = os\n",
    )?;
    std::fs::write(
        dir.join("migrations").join("env.py"),
        "from alembic import context\n\ntarget_metadata = None\n",
    )?;
    let mut next = 0usize;
    let mut tip: Option<String> = None;
    let mut tables = 0usize;
    while next < revisions {
        let remaining = revisions - next;
        if next % 40 == 20 && remaining >= 6 {
            let base = tip.clone();
            let mut a = base.clone();
            for _ in 0..3 {
                a = Some(write_revision(&versions, next, a.as_slice(), &mut tables)?);
                next += 1;
            }
            let mut b = base;
            for _ in 0..2 {
                b = Some(write_revision(&versions, next, b.as_slice(), &mut tables)?);
                next += 1;
            }
            let parents: Vec<String> = a.into_iter().chain(b).collect();
            tip = Some(write_revision(&versions, next, &parents, &mut tables)?);
            next += 1;
        } else {
            tip = Some(write_revision(
                &versions,
                next,
                tip.as_slice(),
                &mut tables,
            )?);
            next += 1;
        }
    }
    Ok(())
}

fn write_revision(
    dir: &Path,
    index: usize,
    parents: &[String],
    tables: &mut usize,
) -> io::Result<String> {
    let id = revision_id(index);
    let down = match parents {
        [] => "None".to_string(),
        [one] => format!("\"{one}\""),
        many => format!(
            "({})",
            many.iter()
                .map(|p| format!("\"{p}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let (message, upgrade, downgrade) = if parents.len() > 1 {
        (
            "merge heads".to_string(),
            "    pass\n".to_string(),
            "    pass\n".to_string(),
        )
    } else if *tables == 0 || index % 5 == 0 {
        *tables += 1;
        let t = *tables;
        (
            format!("create table t{t}"),
            format!(
                "    op.create_table(\n        \"t{t}\",\n        sa.Column(\"id\", sa.Integer(), nullable=False),\n        \
                 sa.Column(\"name\", sa.String(length=100), nullable=False),\n        \
                 sa.Column(\"created_at\", sa.DateTime(timezone=True), server_default=sa.text(\"now()\"), nullable=False),\n        \
                 sa.PrimaryKeyConstraint(\"id\"),\n    )\n    op.create_index(op.f(\"ix_t{t}_name\"), \"t{t}\", [\"name\"], unique=False)\n"
            ),
            format!("    op.drop_index(op.f(\"ix_t{t}_name\"), table_name=\"t{t}\")\n    op.drop_table(\"t{t}\")\n"),
        )
    } else {
        let t = 1 + index % *tables;
        (
            format!("add c{index} to t{t}"),
            format!(
                "    op.add_column(\"t{t}\", sa.Column(\"c{index}\", sa.Text(), nullable=True))\n"
            ),
            format!("    op.drop_column(\"t{t}\", \"c{index}\")\n"),
        )
    };
    let mut text = String::new();
    let _ = write!(
        text,
        "\"\"\"{message}\n\nRevision ID: {id}\nRevises: {}\nCreate Date: 2026-01-01 00:00:00.000000\n\n\"\"\"\n\
         from typing import Sequence, Union\n\nfrom alembic import op\nimport sqlalchemy as sa\n\n\
         # revision identifiers, used by Alembic.\nrevision: str = \"{id}\"\n\
         down_revision: Union[str, Sequence[str], None] = {down}\n\
         branch_labels: Union[str, Sequence[str], None] = None\n\
         depends_on: Union[str, Sequence[str], None] = None\n\n\n\
         def upgrade() -> None:\n{upgrade}\n\ndef downgrade() -> None:\n{downgrade}",
        parents.join(", ")
    );
    let slug: String = message.replace(' ', "_");
    std::fs::write(dir.join(format!("{id}_{slug}.py")), text)?;
    Ok(id)
}

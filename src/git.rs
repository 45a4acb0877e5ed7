//! The one place driftlock runs another program: `git`, read-only, for `check --since`
//! (which revision files changed since a ref, and which of them existed there).

use std::path::Path;

/// What git says changed since a ref: files (relative to the project root, `/`-separated)
/// added or modified, and among them those that already existed at the ref.
pub struct Changes {
    pub changed: Vec<String>,
    pub existed: Vec<String>,
    pub reference: String,
}

fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| format!("--since needs git: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

pub fn changes_since(root: &Path, reference: &str) -> Result<Changes, String> {
    git(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{reference}^{{commit}}"),
        ],
    )
    .map_err(|_| format!("--since {reference}: no such commit in {}", root.display()))?;
    // Paths relative to the project root, whatever the repository's root is.
    let modified = git(
        root,
        &[
            "diff",
            "--name-only",
            "--relative",
            "--no-renames",
            "--diff-filter=AM",
            reference,
            "--",
            ".",
        ],
    )?;
    let untracked = git(
        root,
        &["ls-files", "--others", "--exclude-standard", "--", "."],
    )?;
    let prefix = git(root, &["rev-parse", "--show-prefix"])?
        .trim()
        .to_string();
    let mut changed: Vec<String> = modified
        .lines()
        .chain(untracked.lines())
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    changed.sort();
    changed.dedup();
    let mut existed = Vec::new();
    for file in &changed {
        let spec = format!("{reference}:{prefix}{file}");
        if git(root, &["cat-file", "-e", &spec]).is_ok() {
            existed.push(file.clone());
        }
    }
    Ok(Changes {
        changed,
        existed,
        reference: reference.to_string(),
    })
}

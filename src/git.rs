//! The one place driftlock runs another program: `git`, for `check --since` (which files
//! changed since a ref, and which of them existed there). Only plumbing that reads objects is
//! used: `rev-parse`, `ls-tree` and `hash-object` without `-w`, with `GIT_OPTIONAL_LOCKS=0`;
//! nothing under `.git` is written (`git diff` and `git status` refresh the index).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// What changed since a ref among the files a check read: files (relative to the project
/// root, `/`-separated) added or modified, and among them those that already existed at the
/// ref.
pub struct Changes {
    pub changed: Vec<String>,
    pub existed: Vec<String>,
    pub reference: String,
}

/// Runs `git -C root ARGS` with `input` on its standard input; its standard output.
fn git(root: &Path, args: &[&str], input: Option<&[u8]>) -> Result<Vec<u8>, String> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .env("GIT_OPTIONAL_LOCKS", "0")
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("--since needs git: {e}"))?;
    if let (Some(input), Some(mut stdin)) = (input, child.stdin.take()) {
        // A write error shows up as git's failure below.
        let _ = stdin.write_all(input);
    }
    let out = child
        .wait_with_output()
        .map_err(|e| format!("--since needs git: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(out.stdout)
}

/// Fails unless `reference` names a commit of the repository around `root`.
pub fn verify_commit(root: &Path, reference: &str) -> Result<(), String> {
    git(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{reference}^{{commit}}"),
        ],
        None,
    )
    .map(|_| ())
    .map_err(|_| format!("--since {reference}: no such commit in {}", root.display()))
}

/// Which of `files` (relative to `root`, `/`-separated) differ from `reference`, a commit
/// [`verify_commit`] accepted: each file's blob id as git would store it now (`hash-object`,
/// filters applied, nothing written) against the tree of the ref (`ls-tree`).
pub fn changes_since(root: &Path, reference: &str, files: &[String]) -> Result<Changes, String> {
    let listing = git(root, &["ls-tree", "-r", "-z", reference, "--", "."], None)?;
    let mut at_ref: BTreeMap<String, String> = BTreeMap::new();
    for entry in listing.split(|b| *b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        // `<mode> <type> <id>\t<path>`, the path relative to `root`.
        if let Some((meta, path)) = entry.split_once('\t') {
            if let Some(id) = meta.split(' ').nth(2) {
                at_ref.insert(path.to_string(), id.to_string());
            }
        }
    }
    let present: Vec<&String> = files
        .iter()
        .filter(|f| crate::fs::is_file(&root.join(f)))
        .collect();
    let mut input = Vec::new();
    for f in &present {
        input.extend_from_slice(f.as_bytes());
        input.push(b'\n');
    }
    let hashes = if present.is_empty() {
        Vec::new()
    } else {
        git(root, &["hash-object", "--stdin-paths"], Some(&input))?
    };
    let hashes = String::from_utf8_lossy(&hashes);
    let mut changed = Vec::new();
    let mut existed = Vec::new();
    for (file, now) in present.iter().zip(hashes.lines()) {
        match at_ref.get(file.as_str()) {
            Some(then) if then == now => {}
            Some(_) => {
                changed.push((*file).clone());
                existed.push((*file).clone());
            }
            None => changed.push((*file).clone()),
        }
    }
    changed.sort();
    changed.dedup();
    existed.sort();
    existed.dedup();
    Ok(Changes {
        changed,
        existed,
        reference: reference.to_string(),
    })
}

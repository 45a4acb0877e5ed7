//! Release versions of Python packages, as PEP 440 orders their release segments: read by the
//! interpreter (`packaging.version.parse(...) >= parse("3.0.0")`) and by the model reader
//! (which SQLModel is installed).

use std::cmp::Ordering;

/// `"3.3.2"` → `[3, 3, 2]`. A suffix (`rc1`, `.dev0`, `+local`) is dropped when `base` is set
/// (the release alone, as `.base_version` gives it); otherwise such a version is not ordered
/// by its release and the answer is `None`.
pub fn release(text: &str, base: bool) -> Option<Vec<i64>> {
    let text = text.trim().trim_start_matches(['v', 'V']);
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    if end < text.len() && !base {
        return None;
    }
    let release: Option<Vec<i64>> = text[..end]
        .trim_end_matches('.')
        .split('.')
        .map(|p| p.parse().ok())
        .collect();
    release.filter(|r| !r.is_empty())
}

/// Releases compare segment by segment, the shorter padded with zeros (`3.0` == `3.0.0`).
pub fn compare(a: &[i64], b: &[i64]) -> Ordering {
    let n = a.len().max(b.len());
    let pad = |v: &[i64]| -> Vec<i64> {
        let mut v = v.to_vec();
        v.resize(n, 0);
        v
    };
    pad(a).cmp(&pad(b))
}

#[cfg(test)]
mod tests {
    #[test]
    fn releases_are_read_and_ordered_by_segment() {
        assert_eq!(super::release("0.0.50", false), Some(vec![0, 0, 50]));
        assert_eq!(super::release("3.0.0rc1", false), None);
        assert_eq!(super::release("3.0.0rc1", true), Some(vec![3, 0, 0]));
        assert!(super::compare(&[3, 0], &[3, 0, 0]).is_eq());
        assert!(super::compare(&[2, 10], &[2, 9, 1]).is_gt());
    }
}

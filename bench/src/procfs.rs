//! Linux `/proc` helpers: a child's pid and its memory high-water mark.

use std::collections::HashSet;
use std::fs;

/// Pids whose parent is this process.
pub fn children() -> HashSet<u32> {
    let me = std::process::id();
    let mut out = HashSet::new();
    let Ok(dir) = fs::read_dir("/proc") else {
        return out;
    };
    for e in dir.flatten() {
        let Some(pid) = e.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else {
            continue;
        };
        if parent_of(pid) == Some(me) {
            out.insert(pid);
        }
    }
    out
}

/// Parent pid from `/proc/<pid>/stat` (the field after the `(comm)`).
pub fn parent_of(pid: u32) -> Option<u32> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = &stat[stat.rfind(')')? + 1..];
    rest.split_whitespace().nth(1)?.parse().ok()
}

/// A `kB` field of `/proc/<pid>/status` (`VmHWM`, `VmRSS`), in KiB.
pub fn status_kb(pid: u32, field: &str) -> Option<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status.lines().find_map(|l| {
        let rest = l.strip_prefix(field)?.strip_prefix(':')?;
        rest.split_whitespace().next()?.parse().ok()
    })
}

/// Own `VmRSS` / `VmHWM` in KiB.
pub fn self_kb(field: &str) -> Option<u64> {
    status_kb(std::process::id(), field)
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_own_status() {
        assert!(super::self_kb("VmRSS").unwrap_or(0) > 0);
        assert_eq!(
            super::parent_of(std::process::id()),
            Some(std::os::unix::process::parent_id())
        );
    }
}

//! The on-disk vector file: a header (magic, model id, guide hash, sizes)
//! then one record per passage: its target, the blake3 key of its text and
//! its vector. Written to a temporary file and renamed, so readers never
//! see half a file; anything malformed reads as "no file".

use std::path::Path;

use super::passages::Target;

const MAGIC: &[u8; 8] = b"GLSVEC01";

/// Key of a passage text: the first 16 bytes of its blake3 hash.
pub type Key = [u8; 16];

pub fn key(text: &str) -> Key {
    let h = blake3::hash(text.as_bytes());
    let mut k = [0u8; 16];
    k.copy_from_slice(&h.as_bytes()[..16]);
    k
}

/// The contents of a vector file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Records {
    pub targets: Vec<Target>,
    pub keys: Vec<Key>,
    /// `keys.len() × dims` floats.
    pub data: Vec<f32>,
}

fn encode_target(t: Target) -> u64 {
    match t {
        Target::Item(i) => (i as u64) << 1,
        Target::Term(i) => ((i as u64) << 1) | 1,
    }
}

fn decode_target(v: u64) -> Target {
    let id = (v >> 1) as usize;
    if v & 1 == 0 {
        Target::Item(id)
    } else {
        Target::Term(id)
    }
}

/// Writes `records` for (`model_id`, `guide_hash`) to `path` atomically.
pub fn write(
    path: &Path,
    model_id: &str,
    guide_hash: &str,
    dims: usize,
    records: &Records,
) -> std::io::Result<()> {
    let n = records.keys.len();
    let mut buf = Vec::with_capacity(64 + n * (24 + dims * 4));
    buf.extend_from_slice(MAGIC);
    for s in [model_id, guide_hash] {
        buf.extend_from_slice(&(s.len() as u32).to_le_bytes());
        buf.extend_from_slice(s.as_bytes());
    }
    buf.extend_from_slice(&(dims as u32).to_le_bytes());
    buf.extend_from_slice(&(n as u32).to_le_bytes());
    for i in 0..n {
        let t = records.targets.get(i).copied().unwrap_or(Target::Item(0));
        buf.extend_from_slice(&encode_target(t).to_le_bytes());
        buf.extend_from_slice(&records.keys[i]);
    }
    for x in &records.data {
        buf.extend_from_slice(&x.to_le_bytes());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, &buf)?;
    std::fs::rename(&tmp, path)
}

/// Reads a vector file written for `model_id` with `dims`-long vectors;
/// `guide_hash` must match unless `None`.
pub fn read(path: &Path, model_id: &str, guide_hash: Option<&str>, dims: usize) -> Option<Records> {
    let bytes = std::fs::read(path).ok()?;
    parse(&bytes, model_id, guide_hash, dims)
}

/// A bounds-checked reader over the file bytes.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(s)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn string(&mut self) -> Option<&'a str> {
        let len = self.u32()? as usize;
        std::str::from_utf8(self.take(len)?).ok()
    }
}

fn parse(bytes: &[u8], model_id: &str, guide_hash: Option<&str>, dims: usize) -> Option<Records> {
    let mut r = Reader { bytes, at: 0 };
    if r.take(8)? != MAGIC {
        return None;
    }
    let id = r.string()?;
    let hash = r.string()?;
    if id != model_id || guide_hash.is_some_and(|h| h != hash) {
        return None;
    }
    let file_dims = r.u32()? as usize;
    let n = r.u32()? as usize;
    if file_dims != dims {
        return None;
    }
    // The header must promise no more than the file holds.
    let need = n.checked_mul(24 + dims * 4)?;
    if bytes.len().saturating_sub(r.at) != need {
        return None;
    }
    let mut targets = Vec::with_capacity(n);
    let mut keys = Vec::with_capacity(n);
    for _ in 0..n {
        targets.push(decode_target(r.u64()?));
        keys.push(r.take(16)?.try_into().ok()?);
    }
    let floats = r.take(n * dims * 4)?;
    let data: Vec<f32> = floats
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    if data.iter().any(|x| !x.is_finite()) {
        return None;
    }
    Some(Records {
        targets,
        keys,
        data,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_damage() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("v.bin");
        let rec = Records {
            targets: vec![Target::Item(3), Target::Term(7)],
            keys: vec![key("a"), key("b")],
            data: vec![0.5, -0.5, 1.0, 0.0],
        };
        write(&path, "m-1", "abc", 2, &rec).expect("write");
        assert_eq!(read(&path, "m-1", Some("abc"), 2), Some(rec.clone()));
        assert_eq!(read(&path, "m-1", None, 2), Some(rec));
        assert!(read(&path, "m-2", None, 2).is_none(), "other model");
        assert!(read(&path, "m-1", Some("x"), 2).is_none(), "other guide");
        assert!(read(&path, "m-1", None, 3).is_none(), "other size");
        let bytes = std::fs::read(&path).expect("read");
        for cut in [0, 5, 20, bytes.len() - 1] {
            assert!(
                parse(&bytes[..cut], "m-1", None, 2).is_none(),
                "cut at {cut}"
            );
        }
    }
}

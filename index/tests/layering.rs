//! The crate's top-level modules depend on each other one way only.
//!
//! Reads `index/src`, collects every `crate::…` path per top-level module
//! (a file `x.rs` or a folder `x/`), and fails on any import cycle between
//! modules, naming it. Intended direction, lowest first:
//! `span` → `text`, `model` → `parse`, `outline`, `anchors`, `terms`,
//! `refs` → `guide`, `embed` → `search` → `library` → `hybrid` → `drafts`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeSet<String>>;

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Source with `//` comments removed (doc links must not count as imports).
fn code_of(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first segment of every `crate::` path, expanding `crate::{a, b::C}`.
fn crate_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let before = rest[..i].chars().next_back();
        rest = &rest[i + "crate::".len()..];
        // `gloss_index_crate::`, `$crate::` and the like are not ours.
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let mut end = group.len();
            for (j, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = j;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let mut depth = 0;
            let mut start = 0;
            let inner = &group[..end];
            for (j, c) in inner.char_indices().chain([(inner.len(), ',')]) {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.push(first_segment(&inner[start..j]));
                        start = j + 1;
                    }
                    _ => {}
                }
            }
        } else {
            out.push(first_segment(rest));
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

fn first_segment(path: &str) -> String {
    path.trim()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// What a crate-root name means: a module, or an item `lib.rs` re-exports.
struct Root {
    modules: BTreeSet<String>,
    reexports: BTreeMap<String, String>,
    globs: Vec<String>,
}

impl Root {
    fn read(lib: &str) -> Root {
        let mut root = Root {
            modules: BTreeSet::new(),
            reexports: BTreeMap::new(),
            globs: Vec::new(),
        };
        for line in code_of(lib).lines() {
            let line = line.trim().trim_end_matches(';');
            if let Some(m) = line
                .strip_prefix("pub mod ")
                .or_else(|| line.strip_prefix("mod "))
            {
                root.modules.insert(m.trim().to_string());
            } else if let Some(u) = line.strip_prefix("pub use ") {
                let Some((module, names)) = u.split_once("::") else {
                    continue;
                };
                let names = names.trim_matches(|c| c == '{' || c == '}');
                for n in names.split(',').map(str::trim) {
                    if n == "*" {
                        root.globs.push(module.to_string());
                    } else if !n.is_empty() {
                        let n = n.rsplit("::").next().unwrap_or(n);
                        root.reexports.insert(n.to_string(), module.to_string());
                    }
                }
            }
        }
        root
    }

    fn module_of(&self, segment: &str) -> Option<String> {
        if self.modules.contains(segment) {
            return Some(segment.to_string());
        }
        if let Some(m) = self.reexports.get(segment) {
            return Some(m.clone());
        }
        // An item a glob re-export brings to the root.
        match self.globs.as_slice() {
            [only] if segment.starts_with(|c: char| c.is_uppercase()) => Some(only.clone()),
            _ => None,
        }
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn module_graph() -> Graph {
    let src = src_dir();
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("index/src/lib.rs");
    let root = Root::read(&lib);
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph = Graph::new();
    for f in files {
        let rel = f.strip_prefix(&src).expect("under src");
        let first = rel.components().next().expect("non-empty path");
        let name = first.as_os_str().to_string_lossy();
        let module = name.trim_end_matches(".rs").to_string();
        if module == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(&f).expect("readable source");
        let deps = graph.entry(module.clone()).or_default();
        for seg in crate_paths(&code_of(&text)) {
            if let Some(m) = root.module_of(&seg) {
                if m != module {
                    deps.insert(m);
                }
            }
        }
    }
    graph
}

/// One cycle in the graph, as a path that returns to its start.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    // 0 = unvisited, 1 = on the current path, 2 = done.
    fn visit(
        n: &str,
        graph: &Graph,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(n.to_string(), 1);
        path.push(n.to_string());
        for d in graph.get(n).into_iter().flatten() {
            match state.get(d.as_str()).copied().unwrap_or(0) {
                1 => {
                    let at = path.iter().position(|p| p == d).unwrap_or(0);
                    let mut cycle = path[at..].to_vec();
                    cycle.push(d.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(d, graph, state, path) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        path.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in graph.keys() {
        if state.get(n.as_str()).copied().unwrap_or(0) == 0 {
            if let Some(c) = visit(n, graph, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

#[test]
fn top_level_modules_have_no_import_cycle() {
    let graph = module_graph();
    // The scanner sees real imports (so an empty graph cannot pass).
    assert!(graph["guide"].contains("model"), "{graph:#?}");
    assert!(graph["drafts"].contains("library"), "{graph:#?}");
    assert!(graph["text"].contains("span"), "{graph:#?}");
    if let Some(cycle) = find_cycle(&graph) {
        panic!("import cycle between modules: {}", cycle.join(" → "));
    }
}

#[test]
fn scanner_reads_groups_and_detects_cycles() {
    let code = code_of(
        "use crate::{model::{Span, Guide}, text};\n\
         // use crate::library;\n\
         let x = crate::refs::find(y); $crate::ignored::x;",
    );
    assert_eq!(crate_paths(&code), ["model", "text", "refs"]);
    let mut g = Graph::new();
    g.entry("a".into()).or_default().insert("b".into());
    g.entry("b".into()).or_default().insert("c".into());
    assert_eq!(find_cycle(&g), None);
    g.entry("c".into()).or_default().insert("a".into());
    assert_eq!(
        find_cycle(&g).map(|c| c.join(" → ")),
        Some("a → b → c → a".to_string())
    );
}

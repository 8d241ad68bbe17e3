//! End-to-end LSP tests: run `gloss lsp` on `examples/workspace` and talk to it
//! over stdio like an editor would. Fixture facts these tests rely on are
//! computed from the fixture files themselves (line numbers are never hard-coded).

use std::path::{Path, PathBuf};
use std::time::Duration;

use gloss_tests::*;
use serde_json::{json, Value};

const SLOW: Duration = Duration::from_secs(30);

fn guide_text() -> String {
    std::fs::read_to_string(example_guide()).expect("fixture guide")
}

fn note(name: &str) -> PathBuf {
    example_workspace().join("notes").join(name)
}

fn draft(name: &str) -> PathBuf {
    example_workspace().join("drafts").join(name)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// 0-based line of a guide line starting with `prefix`.
fn guide_line(prefix: &str) -> u32 {
    line_starting_with(&guide_text(), prefix)
        .unwrap_or_else(|| panic!("guide has no line starting with {prefix:?}"))
}

/// 0-based line of `#### Q{q}.` inside `## Part {part} `.
fn question_line(part: u32, q: u32) -> u32 {
    let text = guide_text();
    let part_line = line_starting_with(&text, &format!("## Part {part} ")).expect("part heading");
    line_starting_with_after(&text, part_line, &format!("#### Q{q}.")).expect("question heading")
}

fn is_guide_uri(uri: &str) -> bool {
    uri.split('#')
        .next()
        .unwrap_or(uri)
        .ends_with("guides/STORAGE_ENGINES.md")
}

/// A server started in the example workspace, initialized with its root.
fn start() -> LspClient {
    let root = example_workspace();
    let mut client = LspClient::spawn_gloss(&root).expect("spawn gloss lsp");
    client.timeout = SLOW;
    client
        .initialize(&file_uri(&root), None)
        .expect("initialize");
    client
}

/// Asserts a request result and prints server stderr on failure.
fn ok(client: &LspClient, result: anyhow::Result<Value>) -> Value {
    match result {
        Ok(v) => v,
        Err(e) => panic!(
            "request failed: {e:#}\nserver stderr:\n{}",
            client.stderr_text()
        ),
    }
}

/// Hover at `needle` (one character into it) on the line containing `marker`.
fn hover_at(client: &mut LspClient, uri: &str, text: &str, marker: &str, needle: &str) -> Value {
    let (line, col) = position_of(text, marker, needle);
    let r = client.hover(uri, line, col + 1);
    ok(client, r)
}

fn definition_at(
    client: &mut LspClient,
    uri: &str,
    text: &str,
    marker: &str,
    needle: &str,
) -> Vec<(String, u32)> {
    let (line, col) = position_of(text, marker, needle);
    let r = client.definition(uri, line, col + 1);
    locations(&ok(client, r))
}

/// Asserts the hover text links to the guide at 0-based `line` (accepting a
/// 1-based `#L` fragment, which is what GitHub-style links use, or 0-based).
fn assert_links_to_guide_line(hover: &str, line: u32) {
    let marker = "STORAGE_ENGINES.md#L";
    let at = hover
        .find(marker)
        .unwrap_or_else(|| panic!("hover has no link to the guide ({marker}…):\n{hover}"));
    assert!(
        hover[..at].contains("file://"),
        "guide link is not a file:// URI:\n{hover}"
    );
    let digits: String = hover[at + marker.len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let n: u32 = digits
        .parse()
        .unwrap_or_else(|_| panic!("no line number after #L:\n{hover}"));
    assert!(
        n == line + 1 || n == line,
        "hover links to #L{n}, expected the line of the definition (0-based {line}):\n{hover}"
    );
}

#[test]
fn initialize_advertises_capabilities() {
    let root = example_workspace();
    let mut client = LspClient::spawn_gloss(&root).expect("spawn");
    client.timeout = SLOW;
    let init = client.initialize(&file_uri(&root), None);
    let init = ok(&client, init);
    let caps = &init["capabilities"];
    for cap in [
        "hoverProvider",
        "definitionProvider",
        "referencesProvider",
        "workspaceSymbolProvider",
        "documentSymbolProvider",
        "foldingRangeProvider",
        "completionProvider",
        "codeLensProvider",
        "codeActionProvider",
        "executeCommandProvider",
        "textDocumentSync",
    ] {
        let v = &caps[cap];
        assert!(
            !v.is_null() && *v != json!(false),
            "capability {cap} missing: {caps:#}"
        );
    }
    let commands = caps["executeCommandProvider"]["commands"]
        .as_array()
        .expect("commands list");
    assert!(
        commands.iter().any(|c| c == "gloss.search"),
        "gloss.search not advertised: {commands:?}"
    );
    let triggers = caps["completionProvider"]["triggerCharacters"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        triggers.iter().any(|t| t == "§"),
        "§ should trigger completion: {triggers:?}"
    );
    // Incremental sync (2), either as a number or inside TextDocumentSyncOptions.
    let sync = &caps["textDocumentSync"];
    let kind = sync.as_i64().or_else(|| sync["change"].as_i64());
    assert_eq!(kind, Some(2), "expected incremental sync: {sync}");
}

#[test]
fn hover_on_term_in_note_shows_definition_and_link() {
    let mut client = start();
    let path = note("lsm-notes.md");
    let text = read(&path);
    let uri = client.open(&path).unwrap();

    let hover = hover_at(
        &mut client,
        &uri,
        &text,
        "Everything starts at the WAL",
        "WAL",
    );
    let body = hover_text(&hover);
    assert!(
        body.contains("append-only"),
        "WAL hover should quote the guide's definition:\n{body}"
    );
    assert_links_to_guide_line(&body, guide_line("- WAL (Write-Ahead Log)"));
    // The range, when given, covers the word under the cursor.
    if let Some(r) = hover.get("range").filter(|r| !r.is_null()) {
        let (line, col) = position_of(&text, "Everything starts at the WAL", "WAL");
        assert_eq!(r["start"]["line"], line);
        assert_eq!(r["start"]["character"], col);
        assert_eq!(r["end"]["character"], col + 3);
    }
}

#[test]
fn hover_matches_plurals_case_and_phrases() {
    let mut client = start();
    let path = note("lsm-notes.md");
    let text = read(&path);
    let uri = client.open(&path).unwrap();

    // Plural of a glossary term.
    let body = hover_text(&hover_at(
        &mut client,
        &uri,
        &text,
        "Memtables are per column",
        "Memtables",
    ));
    assert!(
        body.to_lowercase().contains("in-memory"),
        "Memtables hover:\n{body}"
    );
    // Different case + plural of a section-heading term (`### 2.3 Bloom filters`).
    let body = hover_text(&hover_at(
        &mut client,
        &uri,
        &text,
        "Bloom Filters only help",
        "Filters",
    ));
    assert!(
        body.to_lowercase().contains("probabilistic"),
        "Bloom Filters hover:\n{body}"
    );
    // Multi-word paragraph lead-in term, hovered on its second word.
    let body = hover_text(&hover_at(
        &mut client,
        &uri,
        &text,
        "Write amplification was",
        "amplification",
    ));
    assert!(
        body.to_lowercase().contains("ratio"),
        "write amplification hover:\n{body}"
    );
    // Acronym from `Log-Structured Merge tree (LSM)`.
    let body = hover_text(&hover_at(
        &mut client,
        &uri,
        &text,
        "The LSM design trades",
        "LSM",
    ));
    assert!(
        body.to_lowercase().contains("in place"),
        "LSM hover:\n{body}"
    );
}

#[test]
fn hover_on_acronym_expansion_in_other_note() {
    let mut client = start();
    let path = note("isolation.md");
    let text = read(&path);
    let uri = client.open(&path).unwrap();
    let body = hover_text(&hover_at(
        &mut client,
        &uri,
        &text,
        "MVCC keeps old row versions",
        "MVCC",
    ));
    assert!(
        body.to_lowercase().contains("version"),
        "MVCC hover:\n{body}"
    );
}

#[test]
fn hover_on_plain_word_is_null() {
    let mut client = start();
    let path = note("lsm-notes.md");
    let text = read(&path);
    let uri = client.open(&path).unwrap();
    let hover = hover_at(&mut client, &uri, &text, "before it clicked", "clicked");
    assert!(hover.is_null(), "plain word should have no hover: {hover}");
}

#[test]
fn hover_out_of_range_is_null_not_error() {
    let mut client = start();
    let path = note("lsm-notes.md");
    let uri = client.open(&path).unwrap();
    let r = client.hover(&uri, 9_999, 0);
    assert!(ok(&client, r).is_null());
    let r = client.hover(&uri, 0, 9_999);
    assert!(ok(&client, r).is_null());
    // Still serving afterwards.
    let text = read(&path);
    let hover = hover_at(
        &mut client,
        &uri,
        &text,
        "Everything starts at the WAL",
        "WAL",
    );
    assert!(!hover.is_null());
}

#[test]
fn hover_on_section_reference_mentions_its_title() {
    let mut client = start();
    let path = note("reading-plan.md");
    let text = read(&path);
    let uri = client.open(&path).unwrap();
    let body = hover_text(&hover_at(&mut client, &uri, &text, "Tuesday:", "§2.1"));
    assert!(
        body.contains("Secondary indexes"),
        "§2.1 hover should show the section title:\n{body}"
    );
}

#[test]
fn definition_of_term_goes_to_defining_line() {
    let mut client = start();
    let path = note("lsm-notes.md");
    let text = read(&path);
    let uri = client.open(&path).unwrap();
    let locs = definition_at(
        &mut client,
        &uri,
        &text,
        "Everything starts at the WAL",
        "WAL",
    );
    assert!(!locs.is_empty(), "no definition for WAL");
    assert!(
        is_guide_uri(&locs[0].0),
        "definition should be in the guide: {locs:?}"
    );
    assert_eq!(locs[0].1, guide_line("- WAL (Write-Ahead Log)"), "{locs:?}");

    let locs = definition_at(
        &mut client,
        &uri,
        &text,
        "Memtables are per column",
        "Memtables",
    );
    assert_eq!(
        locs.first().map(|l| l.1),
        Some(guide_line("- Memtable —")),
        "{locs:?}"
    );
}

#[test]
fn definition_of_section_reference() {
    let mut client = start();
    let path = note("reading-plan.md");
    let text = read(&path);
    let uri = client.open(&path).unwrap();
    let locs = definition_at(&mut client, &uri, &text, "Tuesday:", "§2.1");
    assert_eq!(locs.len(), 1, "{locs:?}");
    assert!(is_guide_uri(&locs[0].0));
    assert_eq!(locs[0].1, guide_line("### 2.1 "));

    let locs = definition_at(&mut client, &uri, &text, "Monday:", "§1.2");
    assert_eq!(
        locs.first().map(|l| l.1),
        Some(guide_line("### 1.2 ")),
        "{locs:?}"
    );
}

#[test]
fn definition_of_part_question_reference_picks_the_right_part() {
    let mut client = start();
    let path = note("lsm-notes.md");
    let text = read(&path);
    let uri = client.open(&path).unwrap();

    let locs = definition_at(&mut client, &uri, &text, "Part 1 Q2 says", "Part 1 Q2");
    assert_eq!(locs.len(), 1, "{locs:?}");
    assert!(is_guide_uri(&locs[0].0));
    assert_eq!(
        locs[0].1,
        question_line(1, 2),
        "Part 1 Q2 must resolve inside Part 1, not another part's Q2"
    );

    let locs = definition_at(
        &mut client,
        &uri,
        &text,
        "quick version in Part 2 Q2",
        "Part 2 Q2",
    );
    assert_eq!(
        locs.first().map(|l| l.1),
        Some(question_line(2, 2)),
        "{locs:?}"
    );

    // `§2.5 Q3`: a question cited through its Q&A section.
    let locs = definition_at(&mut client, &uri, &text, "§2.5 Q3", "§2.5 Q3");
    assert_eq!(
        locs.first().map(|l| l.1),
        Some(question_line(2, 3)),
        "{locs:?}"
    );

    // `Part 3` alone → the part heading.
    let iso = note("isolation.md");
    let iso_text = read(&iso);
    let iso_uri = client.open(&iso).unwrap();
    let locs = definition_at(
        &mut client,
        &iso_uri,
        &iso_text,
        "Part 3 is the section",
        "Part 3",
    );
    assert_eq!(
        locs.first().map(|l| l.1),
        Some(guide_line("## Part 3 ")),
        "{locs:?}"
    );
}

#[test]
fn definition_on_plain_word_is_empty() {
    let mut client = start();
    let path = note("lsm-notes.md");
    let text = read(&path);
    let uri = client.open(&path).unwrap();
    let locs = definition_at(&mut client, &uri, &text, "before it clicked", "clicked");
    assert!(locs.is_empty(), "{locs:?}");
}

#[test]
fn references_include_guide_and_notes() {
    let mut client = start();
    let path = note("lsm-notes.md");
    let text = read(&path);
    let uri = client.open(&path).unwrap();
    let (line, col) = position_of(&text, "Everything starts at the WAL", "WAL");
    let mut params = text_document_position(&uri, line, col + 1);
    params["context"] = json!({ "includeDeclaration": true });
    let r = client.request("textDocument/references", params);
    let refs = locations(&ok(&client, r));
    let guide_refs: Vec<u32> = refs
        .iter()
        .filter(|(u, _)| is_guide_uri(u))
        .map(|(_, l)| *l)
        .collect();
    assert!(
        guide_refs.contains(&guide_line("- WAL (Write-Ahead Log)")),
        "declaration missing: {refs:?}"
    );
    assert!(
        guide_refs.contains(&question_line(1, 2)),
        "Part 1 Q2 mentions the WAL: {refs:?}"
    );
    let note_lines: Vec<u32> = refs
        .iter()
        .filter(|(u, _)| u.ends_with("notes/lsm-notes.md"))
        .map(|(_, l)| *l)
        .collect();
    assert!(
        note_lines.contains(&line),
        "the note's own mention is missing: {refs:?}"
    );
    // No bogus hit inside the ```ini block, which mentions no WAL… but its `#` line
    // must not have become a heading either (checked in document_symbols test).
}

#[test]
fn workspace_symbol_finds_questions_and_terms() {
    let mut client = start();
    let r = client.request("workspace/symbol", json!({ "query": "tombstone" }));
    let syms = ok(&client, r);
    let syms = syms.as_array().expect("symbol array");
    let q = syms
        .iter()
        .find(|s| {
            s["name"]
                .as_str()
                .is_some_and(|n| n.contains("What is a tombstone and why does it linger"))
        })
        .unwrap_or_else(|| panic!("Part 1 Q3 not among symbols: {syms:#?}"));
    let loc = &q["location"];
    assert!(is_guide_uri(loc["uri"].as_str().unwrap_or_default()), "{q}");
    if let Some(line) = loc.pointer("/range/start/line") {
        assert_eq!(line, question_line(1, 3), "{q}");
    }

    let r = client.request("workspace/symbol", json!({ "query": "memtable" }));
    let syms = ok(&client, r);
    let names: Vec<&str> = syms
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert!(
        names
            .iter()
            .any(|n| n.to_lowercase().starts_with("memtable")),
        "term Memtable missing: {names:?}"
    );

    let r = client.request(
        "workspace/symbol",
        json!({ "query": "zzzzqqq-not-a-thing" }),
    );
    let syms = ok(&client, r);
    assert!(
        syms.is_null() || syms.as_array().is_some_and(Vec::is_empty),
        "{syms}"
    );
}

fn flatten_symbols(syms: &[Value], depth: usize, out: &mut Vec<(usize, String, u32)>) {
    for s in syms {
        let name = s["name"].as_str().unwrap_or_default().to_string();
        let line = s
            .pointer("/selectionRange/start/line")
            .or_else(|| s.pointer("/location/range/start/line"))
            .and_then(Value::as_u64)
            .unwrap_or(u64::MAX) as u32;
        out.push((depth, name, line));
        if let Some(children) = s["children"].as_array() {
            flatten_symbols(children, depth + 1, out);
        }
    }
}

#[test]
fn document_symbols_on_guide_are_nested() {
    let mut client = start();
    let text = guide_text();
    let uri = client.open(&example_guide()).unwrap();
    let r = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    let syms = ok(&client, r);
    let syms = syms.as_array().expect("symbols");
    assert!(!syms.is_empty());
    let mut flat = Vec::new();
    flatten_symbols(syms, 0, &mut flat);
    let find = |needle: &str| flat.iter().find(|(_, n, _)| n.contains(needle)).cloned();
    let part1 = find("Storage Engine Internals").expect("Part 1 symbol");
    let qa = find("Part 1 Q&A").expect("1.5 symbol");
    let q3 = flat
        .iter()
        .find(|(_, n, l)| n.contains("tombstone") && *l == question_line(1, 3))
        .cloned()
        .expect("Part 1 Q3 symbol");
    assert!(
        part1.0 < qa.0 && qa.0 < q3.0,
        "expected Part > section > question nesting: {part1:?} {qa:?} {q3:?}"
    );
    assert_eq!(qa.2, guide_line("### 1.5 "));
    // The `# durability knobs` comment inside the ```ini fence is not a heading.
    assert!(
        !flat.iter().any(|(_, n, _)| n.contains("durability knobs")),
        "code-block comment became a symbol"
    );
    // Nothing points past the end of the document.
    let lines = text.lines().count() as u32;
    assert!(flat.iter().all(|(_, _, l)| *l < lines));
}

#[test]
fn folding_ranges_on_guide_are_nested() {
    let mut client = start();
    let uri = client.open(&example_guide()).unwrap();
    let r = client.request(
        "textDocument/foldingRange",
        json!({ "textDocument": { "uri": uri } }),
    );
    let ranges = ok(&client, r);
    let ranges: Vec<(u64, u64)> = ranges
        .as_array()
        .expect("folding ranges")
        .iter()
        .map(|r| {
            (
                r["startLine"].as_u64().unwrap(),
                r["endLine"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(!ranges.is_empty());
    let part1 = guide_line("## Part 1 ") as u64;
    let qa1 = guide_line("### 1.5 ") as u64;
    let outer = ranges
        .iter()
        .find(|(s, _)| *s == part1)
        .expect("fold for Part 1");
    let inner = ranges
        .iter()
        .find(|(s, _)| *s == qa1)
        .expect("fold for 1.5");
    assert!(
        outer.0 < inner.0 && inner.1 <= outer.1,
        "1.5 should fold inside Part 1: {outer:?} {inner:?}"
    );
    assert!(
        outer.1 < guide_line("## Part 2 ") as u64,
        "Part 1 fold runs into Part 2: {outer:?}"
    );
    assert!(ranges.iter().all(|(s, e)| s <= e));
}

#[test]
fn completion_after_section_sign_lists_sections() {
    let mut client = start();
    let uri = file_uri(&note("scratch-completion.md"));
    client.open_text(&uri, "Revisit §").unwrap();
    let mut params = text_document_position(&uri, 0, utf16_len("Revisit §"));
    params["context"] = json!({ "triggerKind": 2, "triggerCharacter": "§" });
    let r = client.request("textDocument/completion", params);
    let result = ok(&client, r);
    let items = result
        .as_array()
        .cloned()
        .or_else(|| result["items"].as_array().cloned())
        .expect("completion items");
    assert!(!items.is_empty(), "no completions after §");
    let text_of = |i: &Value| {
        format!(
            "{} {} {} {}",
            i["label"].as_str().unwrap_or_default(),
            i["detail"].as_str().unwrap_or_default(),
            i["insertText"].as_str().unwrap_or_default(),
            i["textEdit"]["newText"].as_str().unwrap_or_default()
        )
    };
    let all: Vec<String> = items.iter().map(text_of).collect();
    assert!(
        all.iter().any(|t| t.contains("2.3") && t.contains("Bloom")),
        "§2.3 Bloom filters missing: {all:#?}"
    );
    assert!(
        all.iter().any(|t| t.contains("1.5")),
        "§1.5 missing: {all:#?}"
    );
}

fn search(client: &mut LspClient, args: Value) -> Vec<Value> {
    let r = client.request(
        "workspace/executeCommand",
        json!({ "command": "gloss.search", "arguments": args }),
    );
    let v = ok(client, r);
    v.as_array()
        .cloned()
        .unwrap_or_else(|| panic!("gloss.search should return an array: {v}"))
}

#[test]
fn search_command_ranks_questions() {
    let mut client = start();
    let hits = search(
        &mut client,
        json!([{ "query": "tombstone linger", "kind": "question", "limit": 5 }]),
    );
    assert!(!hits.is_empty() && hits.len() <= 5, "{hits:#?}");
    for h in &hits {
        for field in [
            "title", "kind", "uri", "range", "line", "score", "snippet", "label",
        ] {
            assert!(h.get(field).is_some(), "hit lacks {field}: {h}");
        }
        assert_eq!(h["kind"], "question", "kind filter ignored: {h}");
    }
    let top = &hits[0];
    assert!(
        top["title"].as_str().unwrap().contains("tombstone"),
        "best hit should be Part 1 Q3: {hits:#?}"
    );
    assert!(is_guide_uri(top["uri"].as_str().unwrap()));
    let want = question_line(1, 3);
    assert_eq!(top["range"]["start"]["line"], want, "{top}");
    let line = top["line"].as_u64().unwrap() as u32;
    assert!(line == want || line == want + 1, "{top}");
    assert!(top["label"].as_str().unwrap().contains("Q3"), "{top}");
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "hits not sorted by score: {scores:?}"
    );

    let hits = search(
        &mut client,
        json!([{ "query": "long-running transaction bloat", "kind": "question", "limit": 5 }]),
    );
    assert_eq!(
        hits.first().map(|h| h["range"]["start"]["line"].clone()),
        Some(json!(question_line(3, 5))),
        "{hits:#?}"
    );
}

#[test]
fn search_command_accepts_plain_string_argument() {
    let mut client = start();
    let hits = search(&mut client, json!(["leveled compaction size-tiered"]));
    assert!(!hits.is_empty());
    assert!(
        hits.iter().take(3).any(|h| h["title"]
            .as_str()
            .unwrap_or_default()
            .contains("leveled compaction")),
        "Part 2 Q1 should be near the top: {hits:#?}"
    );
}

#[test]
fn code_lenses_on_questions() {
    let mut client = start();
    let uri = client.open(&example_guide()).unwrap();
    let r = client.request(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": uri } }),
    );
    let lenses = ok(&client, r);
    let lenses = lenses.as_array().expect("lenses");
    let lines: Vec<u32> = lenses
        .iter()
        .filter_map(|l| l.pointer("/range/start/line")?.as_u64())
        .map(|l| l as u32)
        .collect();
    for (part, q) in [(1, 1), (1, 3), (2, 1), (3, 1)] {
        assert!(
            lines.contains(&question_line(part, q)),
            "no lens on Part {part} Q{q}: {lines:?}"
        );
    }
    // `drafts/part2-q4.md` answers Part 2 Q4 under `## Part 2 Q4` (line 2):
    // its lens counts it and, clicked, lists that heading.
    let q4 = question_line(2, 4);
    let lens = lenses
        .iter()
        .find(|l| l.pointer("/range/start/line").and_then(Value::as_u64) == Some(q4 as u64))
        .expect("lens on Part 2 Q4");
    assert_eq!(lens["command"]["title"], "1 draft answers this", "{lens}");
    assert_eq!(lens["command"]["command"], "gloss.showAnswers", "{lens}");
    let args = lens["command"]["arguments"].clone();
    let locs = args[2].as_array().expect("locations").clone();
    assert_eq!(locs.len(), 1, "{lens}");
    assert!(
        locs[0]["uri"]
            .as_str()
            .is_some_and(|u| u.ends_with("/drafts/part2-q4.md")),
        "{lens}"
    );
    assert_eq!(locs[0]["range"]["start"]["line"], 2, "{lens}");
    // A question no draft answers has a title only.
    let q1 = question_line(1, 1);
    let bare = lenses
        .iter()
        .find(|l| l.pointer("/range/start/line").and_then(Value::as_u64) == Some(q1 as u64))
        .expect("lens on Part 1 Q1");
    assert_eq!(bare["command"]["command"], "", "{bare}");
    // The server runs the command too, for clients without their own list.
    let r = client.request(
        "workspace/executeCommand",
        json!({ "command": "gloss.showAnswers", "arguments": args }),
    );
    assert_eq!(ok(&client, r), json!(locs));
    let r = client.request(
        "workspace/executeCommand",
        json!({ "command": "gloss.showAnswers", "arguments": ["x"] }),
    );
    assert!(r.is_err(), "bad arguments are an error: {r:?}");
}

fn missing_anchor(diags: &[Value]) -> Option<&Value> {
    diags.iter().find(|d| d["code"] == "missing-anchor")
}

#[test]
fn missing_anchor_diagnostic_and_quick_fix() {
    let mut client = start();
    let path = draft("tombstones.md");
    let text = read(&path);
    let uri = client.open(&path).unwrap();
    let params = client
        .wait_diagnostics_matching(&uri, SLOW, |d| missing_anchor(d).is_some())
        .unwrap_or_else(|| {
            panic!(
                "no missing-anchor diagnostic for tombstones.md; stderr:\n{}",
                client.stderr_text()
            )
        });
    let diags = params["diagnostics"].as_array().unwrap().clone();
    let diag = missing_anchor(&diags).unwrap().clone();
    assert_eq!(diag["source"], "gloss", "{diag}");
    assert_eq!(diag["severity"], 2, "{diag}");
    let heading = line_starting_with(&text, "## ").unwrap();
    assert_eq!(diag["range"]["start"]["line"], heading, "{diag}");

    let r = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": diag["range"],
            "context": { "diagnostics": [diag], "only": ["quickfix"] }
        }),
    );
    let actions = ok(&client, r);
    let actions = actions.as_array().expect("code actions");
    let fix = actions
        .iter()
        .find(|a| {
            a["kind"]
                .as_str()
                .is_some_and(|k| k.starts_with("quickfix"))
                && !a["edit"].is_null()
        })
        .unwrap_or_else(|| panic!("no quick fix with an edit: {actions:#?}"));
    let edit = &fix["edit"];
    let mut edits: Vec<Value> = Vec::new();
    if let Some(changes) = edit["changes"].as_object() {
        for (u, es) in changes {
            assert_eq!(uri_to_path(u), path, "quick fix edits another file: {u}");
            edits.extend(es.as_array().cloned().unwrap_or_default());
        }
    }
    if let Some(doc_changes) = edit["documentChanges"].as_array() {
        for dc in doc_changes {
            edits.extend(dc["edits"].as_array().cloned().unwrap_or_default());
        }
    }
    assert!(
        edits
            .iter()
            .any(|e| e["newText"].as_str().is_some_and(|t| !t.trim().is_empty())),
        "quick fix inserts nothing: {fix:#}"
    );
}

#[test]
fn missing_anchor_on_q_colon_heading() {
    let mut client = start();
    let path = draft("bloom.md");
    let text = read(&path);
    let uri = client.open(&path).unwrap();
    let params = client
        .wait_diagnostics_matching(&uri, SLOW, |d| missing_anchor(d).is_some())
        .expect("bloom.md cites no anchor");
    let diag = missing_anchor(params["diagnostics"].as_array().unwrap())
        .unwrap()
        .clone();
    assert_eq!(
        diag["range"]["start"]["line"],
        line_starting_with(&text, "## Q:").unwrap()
    );
}

#[test]
fn anchored_drafts_have_no_missing_anchor() {
    let mut client = start();
    // First prove diagnostics flow at all, using a draft that must warn.
    let bad = client.open(&draft("tombstones.md")).unwrap();
    assert!(client
        .wait_diagnostics_matching(&bad, SLOW, |d| missing_anchor(d).is_some())
        .is_some());

    for name in ["wal.md", "part2-q4.md", "part3/replication-lag.md"] {
        let uri = client.open(&draft(name)).unwrap();
        // Either the server publishes (then without missing-anchor) or it publishes nothing.
        if let Some(p) = client.wait_diagnostics(&uri, Duration::from_secs(5)) {
            let diags = p["diagnostics"].as_array().unwrap();
            assert!(
                missing_anchor(diags).is_none(),
                "{name} is anchored/unknown but got {diags:#?}"
            );
        }
        // The ones published later for the same uri must agree.
        while let Some(p) = client.wait_diagnostics(&uri, Duration::from_millis(300)) {
            assert!(
                missing_anchor(p["diagnostics"].as_array().unwrap()).is_none(),
                "{name}: {p}"
            );
        }
    }
}

#[test]
fn fixing_a_draft_clears_the_warning() {
    let mut client = start();
    let path = draft("tombstones.md");
    let text = read(&path);
    let uri = client.open(&path).unwrap();
    assert!(client
        .wait_diagnostics_matching(&uri, SLOW, |d| missing_anchor(d).is_some())
        .is_some());
    let end_line = text.lines().count() as u32;
    client
        .change(
            &uri,
            2,
            vec![json!({
                "range": range((end_line, 0), (end_line, 0)),
                "text": "\nDuring the search index rebuild on our 40 GB RocksDB index, tombstones from a tenant purge slowed scans until we compacted.\n"
            })],
        )
        .unwrap();
    assert!(
        client
            .wait_diagnostics_matching(&uri, SLOW, |d| missing_anchor(d).is_none())
            .is_some(),
        "warning not cleared after citing an anchor"
    );
}

#[test]
fn incremental_edits_with_emoji_keep_hover_right() {
    let mut client = start();
    let path = note("unicode.md");
    let text = read(&path);
    let uri = client.open(&path).unwrap();
    let marker = "then the WAL keeps";

    let body = hover_text(&hover_at(&mut client, &uri, &text, marker, "WAL"));
    assert!(
        body.contains("append-only"),
        "WAL after emoji + CJK:\n{body}"
    );
    let body = hover_text(&hover_at(
        &mut client,
        &uri,
        &text,
        "数据库 bloom filter",
        "filter",
    ));
    assert!(
        body.to_lowercase().contains("probabilistic"),
        "bloom filter after CJK:\n{body}"
    );
    let body = hover_text(&hover_at(&mut client, &uri, &text, "메모: MVCC", "MVCC"));
    assert!(
        body.to_lowercase().contains("version"),
        "MVCC after ZWJ emoji:\n{body}"
    );

    // Edit 1: insert two emoji at the start of the WAL line (4 UTF-16 units + space).
    let (line, col) = position_of(&text, marker, "WAL");
    client
        .change(
            &uri,
            2,
            vec![json!({ "range": range((line, 0), (line, 0)), "text": "🎉🎉 " })],
        )
        .unwrap();
    let mut current = text.lines().map(str::to_string).collect::<Vec<_>>();
    current[line as usize].insert_str(0, "🎉🎉 ");
    let col2 = col + 5;
    assert_eq!(
        position_of(&current.join("\n"), marker, "WAL"),
        (line, col2)
    );
    let r = client.hover(&uri, line, col2 + 1);
    let body = hover_text(&ok(&client, r));
    assert!(
        body.contains("append-only"),
        "WAL hover after inserting emoji:\n{body}"
    );

    // Edit 2: replace the three CJK characters (after "🎉🎉 😀 ") with two others.
    let cjk_start = utf16_len("🎉🎉 😀 ");
    client
        .change(
            &uri,
            3,
            vec![
                json!({ "range": range((line, cjk_start), (line, cjk_start + 3)), "text": "中文" }),
            ],
        )
        .unwrap();
    let col3 = col2 - 1;
    let r = client.hover(&uri, line, col3 + 1);
    let body = hover_text(&ok(&client, r));
    assert!(
        body.contains("append-only"),
        "WAL hover after replacing CJK text:\n{body}"
    );
    // A plain word just before the term must not hover as the term.
    let then_col = col3 - utf16_len("then the ") + 1; // inside "then"
    let r = client.hover(&uri, line, then_col);
    let body = hover_text(&ok(&client, r));
    assert!(
        !body.contains("append-only"),
        "plain word 'then' should not hover as WAL:\n{body}"
    );

    // Edit 3: a multi-line insertion above shifts everything down by two lines.
    client
        .change(
            &uri,
            4,
            vec![json!({ "range": range((1, 0), (1, 0)), "text": "🧪 new line\n第二行\n" })],
        )
        .unwrap();
    let r = client.hover(&uri, line + 2, col3 + 1);
    let body = hover_text(&ok(&client, r));
    assert!(
        body.contains("append-only"),
        "WAL hover after inserting lines above:\n{body}"
    );

    // Edit 4: full-document replacement (no range) is also accepted.
    client
        .change(&uri, 5, vec![json!({ "text": "🙂 WAL\n" })])
        .unwrap();
    let r = client.hover(&uri, 0, utf16_len("🙂 ") + 1);
    let body = hover_text(&ok(&client, r));
    assert!(
        body.contains("append-only"),
        "WAL hover after full replacement:\n{body}"
    );
}

#[test]
fn hover_beyond_end_of_opened_document_is_null() {
    let mut client = start();
    let uri = file_uri(&note("scratch-eof.md"));
    client.open_text(&uri, "A single WAL line").unwrap();
    for (line, ch) in [(5, 0), (0, 500), (1, 0), (u32::MAX / 2, 3)] {
        let r = client.hover(&uri, line, ch);
        assert!(
            ok(&client, r).is_null(),
            "hover at {line}:{ch} should be null"
        );
    }
    let r = client.hover(&uri, 0, utf16_len("A single ") + 1);
    assert!(
        !ok(&client, r).is_null(),
        "server stopped answering after out-of-range hovers"
    );
}

#[test]
fn garbage_framed_input_does_not_kill_the_server() {
    let mut client = start();
    // Well-framed but invalid JSON.
    let junk = b"{ this is not json";
    client
        .send_raw(format!("Content-Length: {}\r\n\r\n", junk.len()).as_bytes())
        .unwrap();
    client.send_raw(junk).unwrap();
    // Valid JSON that is not a JSON-RPC message.
    let junk = br#"[1, 2, "three"]"#;
    client
        .send_raw(format!("Content-Length: {}\r\n\r\n", junk.len()).as_bytes())
        .unwrap();
    client.send_raw(junk).unwrap();
    // A notification with wrong params type.
    client
        .notify("textDocument/didOpen", json!("nonsense"))
        .unwrap();
    let r = client.request("workspace/symbol", json!({ "query": "memtable" }));
    let syms = ok(&client, r);
    assert!(
        syms.as_array().is_some_and(|a| !a.is_empty()),
        "server stopped serving: {syms}"
    );
    assert!(client.is_running());
}

#[test]
fn unframed_garbage_bytes_do_not_kill_the_server() {
    let mut client = start();
    client
        .send_raw(b"\x00\xff\xfehello there\r\nX-Junk: yes\r\n\r\n")
        .unwrap();
    let r = client.request("workspace/symbol", json!({ "query": "tombstone" }));
    let syms = ok(&client, r);
    assert!(
        syms.as_array().is_some_and(|a| !a.is_empty()),
        "server stopped serving: {syms}"
    );
}

#[test]
fn request_before_initialize_is_an_error_not_a_crash() {
    let root = example_workspace();
    let mut client = LspClient::spawn_gloss(&root).expect("spawn");
    client.timeout = SLOW;
    let err = client
        .request("workspace/symbol", json!({ "query": "wal" }))
        .expect_err("request before initialize must fail");
    let err = err
        .downcast_ref::<ResponseError>()
        .unwrap_or_else(|| panic!("not an error response: {err:#}"));
    assert_ne!(err.code, 0);
    assert!(client.is_running());
    let init = client.initialize(&file_uri(&root), None);
    ok(&client, init);
    let r = client.request("workspace/symbol", json!({ "query": "memtable" }));
    ok(&client, r);
}

#[test]
fn unknown_method_is_method_not_found() {
    let mut client = start();
    let err = client
        .request("gloss/noSuchMethod", json!({}))
        .expect_err("unknown method must fail");
    let err = err.downcast_ref::<ResponseError>().expect("error response");
    assert_eq!(err.code, codes::METHOD_NOT_FOUND, "{err}");
    // Unknown notifications are ignored silently.
    client
        .notify("gloss/noSuchNotification", json!({}))
        .unwrap();
    let r = client.request("workspace/symbol", json!({ "query": "memtable" }));
    ok(&client, r);
}

#[test]
fn shutdown_then_exit_exits_zero() {
    let mut client = start();
    let status = client
        .shutdown()
        .unwrap_or_else(|e| panic!("{e:#}\nstderr:\n{}", client.stderr_text()));
    assert!(
        status.success(),
        "exit status {status:?}; stderr:\n{}",
        client.stderr_text()
    );
}

#[test]
fn initialization_options_override_globs() {
    let dir = tempfile::tempdir().unwrap();
    let guides = dir.path().join("study");
    std::fs::create_dir_all(&guides).unwrap();
    std::fs::copy(example_guide(), guides.join("STORAGE_ENGINES.md")).unwrap();
    // A gloss.toml pointing elsewhere: the init options must win.
    std::fs::write(
        dir.path().join("gloss.toml"),
        "guides = [\"nowhere/*.md\"]\n",
    )
    .unwrap();
    let mut client = LspClient::spawn_gloss(dir.path()).expect("spawn");
    client.timeout = SLOW;
    let init = client.initialize(
        &file_uri(dir.path()),
        Some(json!({ "guides": ["study/*.md"], "drafts": ["answers/**/*.md"] })),
    );
    ok(&client, init);
    let r = client.request("workspace/symbol", json!({ "query": "tombstone" }));
    let syms = ok(&client, r);
    let syms = syms.as_array().expect("symbols");
    assert!(
        syms.iter().any(|s| s["location"]["uri"]
            .as_str()
            .is_some_and(|u| u.contains("/study/STORAGE_ENGINES.md"))),
        "guide from initializationOptions not indexed: {syms:#?}"
    );
}

fn missing_points(diags: &[Value]) -> Vec<&Value> {
    diags
        .iter()
        .filter(|d| d["code"] == "missing-point")
        .collect()
}

/// `drafts/tombstones.md` answers Part 1 Q3 but never says why a replicated
/// store must keep the tombstone longer: one `missing-point` on its heading
/// quoting that sentence and pointing at it in the guide; a lens counting
/// the points that opens the model answer; a hover listing them.
#[test]
fn model_answer_coverage_diagnostic_lens_and_hover() {
    let mut client = start();
    let path = draft("tombstones.md");
    let text = read(&path);
    let heading = line_starting_with(&text, "## ").unwrap();
    let uri = client.open(&path).unwrap();
    let params = client
        .wait_diagnostics_matching(&uri, SLOW, |d| !missing_points(d).is_empty())
        .unwrap_or_else(|| {
            panic!(
                "no missing-point diagnostic for tombstones.md; stderr:\n{}",
                client.stderr_text()
            )
        });
    let diags = params["diagnostics"].as_array().unwrap().clone();
    let points = missing_points(&diags);
    assert!(points.len() <= 5, "{points:#?}");
    let replicated = points
        .iter()
        .find(|d| d["message"].as_str().is_some_and(|m| m.contains("replica")))
        .unwrap_or_else(|| panic!("the replica point is missing: {points:#?}"));
    assert_eq!(replicated["severity"], 3, "information: {replicated}");
    assert_eq!(
        replicated["range"]["start"]["line"], heading,
        "{replicated}"
    );
    let msg = replicated["message"].as_str().unwrap();
    assert!(
        msg.starts_with("the model answer also says: \"") && msg.ends_with('"'),
        "{msg}"
    );
    let related = &replicated["relatedInformation"][0]["location"];
    assert!(
        related["uri"].as_str().is_some_and(is_guide_uri),
        "{replicated}"
    );
    let guide = guide_text();
    let related_line = related["range"]["start"]["line"].as_u64().unwrap() as usize;
    assert!(
        guide
            .lines()
            .nth(related_line)
            .is_some_and(|l| l.contains("replica")),
        "relatedInformation points at the sentence: line {related_line}"
    );
    // The deletion-marker point is covered: not reported.
    assert!(
        points
            .iter()
            .all(|d| !d["message"].as_str().unwrap().contains("deletion marker")),
        "{points:#?}"
    );

    // Code lens on the draft heading: counts, label, opens the model answer.
    let r = client.request(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": uri } }),
    );
    let lenses = ok(&client, r);
    let lens = lenses
        .as_array()
        .expect("lenses")
        .iter()
        .find(|l| l.pointer("/range/start/line").and_then(Value::as_u64) == Some(heading as u64))
        .unwrap_or_else(|| panic!("no lens on the draft heading: {lenses:#}"))
        .clone();
    let title = lens["command"]["title"].as_str().unwrap();
    assert!(
        title.starts_with("covers ") && title.contains(" points · §") && title.ends_with(" Q3"),
        "{title}"
    );
    assert_eq!(lens["command"]["command"], "gloss.showAnswers", "{lens}");
    let target = &lens["command"]["arguments"][2][0];
    assert!(target["uri"].as_str().is_some_and(is_guide_uri), "{lens}");
    assert_eq!(
        target["range"]["start"]["line"],
        question_line(1, 3),
        "{lens}"
    );

    // Hover on the heading lists the points, covered and missing.
    let r = client.hover(&uri, heading, 4);
    let hover = hover_text(&ok(&client, r));
    assert!(hover.contains("✓ covered"), "{hover}");
    assert!(hover.contains("✗ missing"), "{hover}");
    assert!(hover.contains("Q3"), "{hover}");
}

/// `coverage = false` (here from initializationOptions) turns it all off.
#[test]
fn coverage_can_be_switched_off() {
    let root = example_workspace();
    let mut client = LspClient::spawn_gloss(&root).expect("spawn gloss lsp");
    client.timeout = SLOW;
    client
        .initialize(&file_uri(&root), Some(json!({ "coverage": false })))
        .expect("initialize");
    let path = draft("tombstones.md");
    let uri = client.open(&path).unwrap();
    let params = client
        .wait_diagnostics_matching(&uri, SLOW, |d| missing_anchor(d).is_some())
        .expect("diagnostics still flow");
    assert!(
        missing_points(params["diagnostics"].as_array().unwrap()).is_empty(),
        "{params}"
    );
    let r = client.request(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": uri } }),
    );
    let lenses = ok(&client, r);
    assert!(lenses.as_array().is_none_or(|l| l.is_empty()), "{lenses}");
}

/// A server whose `model` setting names a folder that does not exist:
/// search by meaning is off, everything else must work lexically.
fn start_lexical() -> LspClient {
    let root = example_workspace();
    let mut client = LspClient::spawn_gloss(&root).expect("spawn gloss lsp");
    client.timeout = SLOW;
    let missing = std::env::temp_dir().join("gloss-tests-no-model-here");
    client
        .initialize(&file_uri(&root), Some(json!({ "model": missing })))
        .expect("initialize");
    client
}

fn lenses_of(client: &mut LspClient, uri: &str) -> Vec<Value> {
    let r = client.request(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": uri } }),
    );
    ok(client, r).as_array().cloned().unwrap_or_default()
}

#[test]
fn related_lens_on_note_headings_and_gloss_related_without_model() {
    let mut client = start_lexical();
    let path = note("lsm-notes.md");
    let text = read(&path);
    let uri = client.open(&path).unwrap();
    let lenses = lenses_of(&mut client, &uri);
    let heading = line_starting_with(&text, "# ").expect("note heading") as u64;
    assert!(!lenses.is_empty() && lenses.len() <= 3, "{lenses:#?}");
    for (i, l) in lenses.iter().enumerate() {
        assert_eq!(
            l.pointer("/range/start/line").and_then(Value::as_u64),
            Some(heading),
            "{l}"
        );
        let title = l["command"]["title"].as_str().unwrap_or_default();
        assert_eq!(title.starts_with("Related: "), i == 0, "{l}");
        assert_eq!(l["command"]["command"], "gloss.openRelated", "{l}");
        let args = &l["command"]["arguments"];
        assert!(args[0].as_str().is_some_and(is_guide_uri), "{l}");
        let line = args[1].as_u64().expect("line") as usize;
        let target = guide_text()
            .lines()
            .nth(line)
            .unwrap_or_default()
            .to_string();
        assert!(
            target.starts_with("#### Q"),
            "lens entry {title:?} → {target:?}"
        );
    }
    // The full list for a line of that section, in the gloss.search shape.
    let r = client.request(
        "workspace/executeCommand",
        json!({ "command": "gloss.related", "arguments": [{ "uri": uri, "line": 2 }] }),
    );
    let items = ok(&client, r).as_array().cloned().expect("array");
    assert!(items.len() >= lenses.len(), "{items:#?}");
    for key in [
        "title", "kind", "label", "uri", "range", "line", "score", "snippet",
    ] {
        assert!(items[0].get(key).is_some(), "no {key}: {}", items[0]);
    }
    let first_lens = lenses[0]["command"]["title"]
        .as_str()
        .unwrap()
        .trim_start_matches("Related: ");
    assert!(
        items.iter().any(|i| i["label"] == first_lens),
        "lens entry {first_lens:?} missing from {items:#?}"
    );
    // Running a lens entry opens its target (the server answers with the location).
    let args = lenses[0]["command"]["arguments"].clone();
    let r = client.request(
        "workspace/executeCommand",
        json!({ "command": "gloss.openRelated", "arguments": args }),
    );
    assert_eq!(ok(&client, r)["range"]["start"]["line"], args[1]);
    // No lens of this kind on drafts (they have coverage lenses); the guide
    // keeps its own lenses.
    let draft_uri = client.open(&draft("wal.md")).unwrap();
    let draft_lenses = lenses_of(&mut client, &draft_uri);
    assert!(
        draft_lenses.iter().all(|l| !l["command"]["title"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Related")),
        "{draft_lenses:#?}"
    );
    let guide_uri = client.open(&example_guide()).unwrap();
    let guide_lenses = lenses_of(&mut client, &guide_uri);
    assert!(guide_lenses.iter().all(|l| !l["command"]["title"]
        .as_str()
        .unwrap_or_default()
        .starts_with("Related")));
    // Bad arguments are an error, not a crash.
    let r = client.request(
        "workspace/executeCommand",
        json!({ "command": "gloss.related", "arguments": [{ "uri": 3 }] }),
    );
    assert!(r.is_err(), "{r:?}");
    // Lexical, said once in the log with how to fetch the model; never an error popup.
    let r = client.request(
        "workspace/executeCommand",
        json!({ "command": "gloss.status", "arguments": [] }),
    );
    let status = ok(&client, r);
    assert_eq!(status["search"], "lexical", "{status}");
    let log = client
        .wait_notification_matching("window/logMessage", SLOW, |p| {
            p["message"]
                .as_str()
                .is_some_and(|m| m.contains("search is lexical"))
        })
        .expect("a log line saying search is lexical");
    assert!(
        log["message"]
            .as_str()
            .unwrap()
            .contains("gloss model fetch"),
        "{log}"
    );
    let rest = client.drain_pending();
    let errors: Vec<&Value> = rest
        .iter()
        .filter(|m| m["method"] == "window/showMessage" && m["params"]["type"] == 1)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let mentions = rest
        .iter()
        .filter(|m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|s| s.contains("search is lexical"))
        })
        .count();
    assert_eq!(mentions, 0, "logged more than once");
}

/// With the embedding model installed (`gloss model fetch`): the guide is
/// embedded in the background with `$/progress`, then `gloss.search` and
/// `gloss.related` rank by meaning. Skips loudly without the model.
#[test]
fn background_embedding_progress_then_search_by_meaning() {
    let mut client = start();
    let Some(begin) = client.wait_notification_matching("$/progress", SLOW, |p| {
        p.pointer("/value/title").and_then(Value::as_str) == Some("gloss: embedding guide")
    }) else {
        let r = client.request(
            "workspace/executeCommand",
            json!({ "command": "gloss.status", "arguments": [] }),
        );
        let status = ok(&client, r);
        assert_eq!(
            status["search"], "lexical",
            "no embedding progress, yet not lexical: {status}"
        );
        eprintln!("SKIP: no embedding model installed (run `gloss model fetch`): {status}");
        return;
    };
    // Hover never waits for the embedding.
    let path = note("lsm-notes.md");
    let text = read(&path);
    let uri = client.open(&path).unwrap();
    let started = std::time::Instant::now();
    let h = hover_at(&mut client, &uri, &text, "Memtables are", "Memtables");
    assert!(hover_text(&h).contains("Memtable"), "{h}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "hover waited {:?}",
        started.elapsed()
    );
    let token = begin["token"].clone();
    let end = client
        .wait_notification_matching("$/progress", Duration::from_secs(120), |p| {
            p["token"] == token && p.pointer("/value/kind").and_then(Value::as_str) == Some("end")
        })
        .expect("embedding progress ends");
    assert!(end.pointer("/value/message").is_some(), "{end}");
    let deadline = std::time::Instant::now() + SLOW;
    let status = loop {
        let r = client.request(
            "workspace/executeCommand",
            json!({ "command": "gloss.status", "arguments": [] }),
        );
        let s = ok(&client, r);
        if s["search"] == "meaning" || std::time::Instant::now() > deadline {
            break s;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(status["search"], "meaning", "{status}");
    // Hybrid scores are fused into 0..=1.
    let r = client.request(
        "workspace/executeCommand",
        json!({ "command": "gloss.search", "arguments": [{ "query": "why do deleted keys come back" }] }),
    );
    let hits = ok(&client, r).as_array().cloned().unwrap_or_default();
    assert!(!hits.is_empty());
    assert!(
        hits.iter().all(|h| h["score"]
            .as_f64()
            .is_some_and(|s| (0.0..=1.0).contains(&s))),
        "{hits:#?}"
    );
    let lenses = lenses_of(&mut client, &uri);
    assert!(
        lenses[0]["command"]["title"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Related: "),
        "{lenses:#?}"
    );
}

//! The headings of a note (a markdown file that is neither a guide nor a
//! draft): where the "Related: …" lenses go.

/// 0-based lines of the ATX headings of `text` (`# …` to `###### …`),
/// skipping fenced code blocks.
pub fn heading_lines(text: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let mut fence: Option<&str> = None;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| t.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => fence = Some(m),
            (Some(open), Some(m)) if open == m => fence = None,
            (None, None) if is_heading(line) => out.push(i as u32),
            _ => {}
        }
    }
    out
}

/// `#` to `######`, then a space (or nothing), at most three spaces indented.
fn is_heading(line: &str) -> bool {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let t = &line[indent..];
    let hashes = t.len() - t.trim_start_matches('#').len();
    indent <= 3
        && (1..=6).contains(&hashes)
        && t[hashes..]
            .chars()
            .next()
            .is_none_or(|c| c == ' ' || c == '\t')
        && !t[hashes..].trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_outside_code() {
        let text = "# Notes\n\nintro\n\n## Compaction\n```sh\n# not a heading\n```\n#hashtag\n### \n   #### Deep\n";
        assert_eq!(heading_lines(text), vec![0, 4, 10]);
        assert!(heading_lines("").is_empty());
    }
}

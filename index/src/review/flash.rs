//! Flash cards: the list items under a heading that names them
//! (`Flash cards`, `Flash-card Q&A bank`, `Flashcards`), each written
//! `- Question? Answer.` or `- Prompt sentence. Answer.`.

use crate::text::first_sentences;

/// Whether a heading introduces a bank of flash cards.
pub fn is_flash_heading(title: &str) -> bool {
    let squashed: String = title
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    squashed.contains("flashcard")
}

/// Splits a flash card into (prompt, answer): up to and including the first
/// `?` that ends a word, else the first sentence (`Name 3 SASL mechanisms.`).
pub fn split(item: &str) -> (&str, &str) {
    let item = item.trim();
    let bytes = item.as_bytes();
    let mut in_code = false;
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'`' => in_code = !in_code,
            b'?' if !in_code => {
                let next = bytes.get(i + 1).copied();
                if next.is_none_or(|n| n.is_ascii_whitespace()) {
                    return (item[..=i].trim(), item[i + 1..].trim());
                }
            }
            _ => {}
        }
    }
    let first = first_sentences(item, 1);
    (first.trim(), item[first.len()..].trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompt_is_the_question_or_the_first_sentence() {
        assert_eq!(
            split("What is a memtable? The in-memory buffer. It is flushed."),
            (
                "What is a memtable?",
                "The in-memory buffer. It is flushed."
            )
        );
        assert_eq!(
            split("Name two compaction styles. Leveled and size-tiered."),
            ("Name two compaction styles.", "Leveled and size-tiered.")
        );
        assert_eq!(split("Is `a?b` a glob? Yes."), ("Is `a?b` a glob?", "Yes."));
        assert_eq!(split("Just one line"), ("Just one line", ""));
        assert!(is_flash_heading("10.1 Flash-card Q&A bank (rapid-fire)"));
        assert!(is_flash_heading("Flashcards"));
        assert!(is_flash_heading("3.5 Flash cards"));
        assert!(!is_flash_heading("3.5 Flash memory"));
    }
}

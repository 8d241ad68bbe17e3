//! Prints what gloss extracts from a guide: `cargo run -p gloss-index --example dump -- GUIDE [terms|outline|anchors]`.
use gloss_index::Guide;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: dump GUIDE [terms|outline|anchors]");
        std::process::exit(2);
    };
    let what = args.next().unwrap_or_else(|| "terms".into());
    let guide = match Guide::load(path.as_ref()) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    match what.as_str() {
        "outline" => {
            for it in &guide.items {
                println!(
                    "{:5} {:>9} {:24} {}",
                    it.line + 1,
                    it.kind.as_str(),
                    it.label,
                    it.title
                );
            }
        }
        "anchors" => {
            for a in &guide.anchors {
                println!(
                    "{} (line {}) aliases={:?}\n  prompts={:?}\n  details={:?}",
                    a.name,
                    a.line + 1,
                    a.aliases,
                    a.prompts,
                    a.details
                );
            }
        }
        _ => {
            for t in &guide.terms {
                println!(
                    "{:?} {:?} [{:?} L{} {}] {}",
                    t.name,
                    t.aliases,
                    t.origin,
                    t.line + 1,
                    guide.items[t.item].label,
                    t.definition
                );
            }
        }
    }
}

//! Hover probe: which of these phrases does the matcher resolve, and to what?
//! `cargo run -p gloss-index --example probe -- GUIDE phrase...`
use gloss_index::LoadedGuide;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else { return };
    let Ok(g) = LoadedGuide::load(path.as_ref(), None) else {
        return;
    };
    for phrase in args {
        let at = phrase.len() / 2;
        match g.matcher.match_at(&phrase, at) {
            Some(m) => {
                let t = &g.guide.terms[m.term];
                let label = &g.guide.items[t.item].label;
                println!(
                    "{phrase:28} -> {} [{label}] {}",
                    t.name,
                    t.definition.chars().take(70).collect::<String>()
                );
            }
            None => println!("{phrase:28} -> (none)"),
        }
    }
}

//! `gloss review`: spaced repetition of the guide in the terminal, and its
//! scriptable subcommands (`next`, `grade`, `show`, `stats`).

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{anyhow, Result};
use clap::{Args, Subcommand};
use gloss_index::cache::Cache;
use gloss_index::config::Workspace;
use gloss_index::review::deck::Filter;
use gloss_index::review::{clock, CardKind, Deck, Grade};
use gloss_index::{Guide, LoadedGuide};

use crate::cli::{flush, guide_paths, EXIT_NOT_FOUND};

#[derive(Debug, Args)]
pub struct ReviewArgs {
    #[command(subcommand)]
    pub action: Option<ReviewCommand>,
    /// Guide file(s) to use instead of the workspace's.
    #[arg(long = "guide", value_name = "PATH", global = true)]
    pub guides: Vec<PathBuf>,
    /// Interactive session: only cards of this kind.
    #[arg(long)]
    pub kind: Option<String>,
    /// Interactive session: only cards of this part (`4`).
    #[arg(long)]
    pub part: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ReviewCommand {
    /// The next card due (or new), or `null` when nothing is due.
    Next {
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        part: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Record a grade: again, hard, good or easy (or 1–4).
    Grade { card: String, grade: String },
    /// A card, its source, its grade history and its next due time.
    Show {
        card: String,
        #[arg(long)]
        json: bool,
    },
    /// Due, new, learning and review counts, by kind; reviews today; retention.
    Stats {
        #[arg(long)]
        json: bool,
    },
}

/// Opens the deck of the current workspace (or of `--guide` files).
fn open_deck(explicit: &[PathBuf]) -> Result<Deck> {
    let root = std::env::current_dir()?;
    let ws = Workspace::discover(&root, None)?;
    let paths = if explicit.is_empty() {
        guide_paths(&[])?
    } else {
        explicit.to_vec()
    };
    let cache = Cache::default_location();
    let mut loaded = Vec::new();
    for p in &paths {
        loaded.push(LoadedGuide::load(p, cache.as_ref()).map_err(|e| anyhow!("{e}"))?);
    }
    let guides: Vec<&Guide> = loaded.iter().map(|g| &g.guide).collect();
    let deck = Deck::open(&guides, &ws.root, ws.review.clone())?;
    for w in &deck.warnings {
        eprintln!("gloss: warning: {w}");
    }
    Ok(deck)
}

fn filter(kind: Option<&str>, part: Option<&str>) -> Result<Filter> {
    Ok(Filter {
        kind: kind.map(str::parse::<CardKind>).transpose()?,
        part: part.map(|p| p.trim().to_string()),
    })
}

pub fn run(args: ReviewArgs) -> Result<i32> {
    let now = clock::now()?;
    match args.action {
        None => interactive(
            &args.guides,
            &filter(args.kind.as_deref(), args.part.as_deref())?,
        ),
        Some(ReviewCommand::Next { kind, part, json }) => {
            let f = filter(kind.as_deref(), part.as_deref())?;
            let deck = open_deck(&args.guides)?;
            let card = deck.next(now, &f);
            let mut o = String::new();
            if json {
                let v = card.map_or(serde_json::Value::Null, |c| deck.card_json(c));
                o.push_str(&serde_json::to_string_pretty(&v)?);
                o.push('\n');
            } else {
                match card {
                    Some(c) => {
                        o.push_str(&format!(
                            "{}  [{}] {}\n\n{}\n",
                            c.id, c.source.label, c.kind, c.front
                        ));
                    }
                    None => o.push_str(&nothing_due(&deck, now)),
                }
            }
            flush(&o)?;
            Ok(0)
        }
        Some(ReviewCommand::Grade { card, grade }) => {
            let grade: Grade = grade.parse()?;
            let mut deck = open_deck(&args.guides)?;
            if deck.card(&card).is_none() && deck.state(&card).is_none() {
                eprintln!("gloss: no card `{card}` in the guide or the review log");
                return Ok(EXIT_NOT_FOUND);
            }
            let st = deck.grade(&card, grade, now)?;
            flush(&format!(
                "{card}: {grade}; next review {} ({})\n",
                clock::format(st.due()),
                st.state_name()
            ))?;
            Ok(0)
        }
        Some(ReviewCommand::Show { card, json }) => {
            let deck = open_deck(&args.guides)?;
            let Some(v) = deck.show_json(&card) else {
                eprintln!("gloss: no card `{card}` in the guide or the review log");
                return Ok(EXIT_NOT_FOUND);
            };
            if json {
                flush(&format!("{}\n", serde_json::to_string_pretty(&v)?))?;
                return Ok(0);
            }
            let s = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
            let mut o = format!("{}  {}  {}\n", s("card"), s("kind"), s("state"));
            if let Some(src) = v.get("source").filter(|x| !x.is_null()) {
                o.push_str(&format!(
                    "{}:{}  [{}]\n",
                    crate::cli::show(std::path::Path::new(src["path"].as_str().unwrap_or(""))),
                    src["line"],
                    src["label"].as_str().unwrap_or("")
                ));
            } else {
                o.push_str("stale: its item is gone from the guide\n");
            }
            o.push_str(&format!("\n{}\n", s("front")));
            if let Some(h) = v.get("history").and_then(|h| h.as_array()) {
                o.push_str(&format!("\n{} reviews\n", h.len()));
                for e in h {
                    o.push_str(&format!(
                        "  {}  {}\n",
                        e["at"].as_str().unwrap_or(""),
                        e["grade"].as_str().unwrap_or("")
                    ));
                }
            }
            if !s("due").is_empty() {
                o.push_str(&format!("next review {}\n", s("due")));
            }
            flush(&o)?;
            Ok(0)
        }
        Some(ReviewCommand::Stats { json }) => {
            let deck = open_deck(&args.guides)?;
            let st = deck.stats(now);
            if json {
                flush(&format!("{}\n", serde_json::to_string_pretty(&st)?))?;
                return Ok(0);
            }
            let mut o = format!(
                "due now {}, new {} ({} allowed today), learning {}, review {}, total {}\n",
                st.due, st.new, st.new_today, st.learning, st.review, st.total
            );
            for (k, ks) in &st.by_kind {
                o.push_str(&format!(
                    "  {k:<9} {:>4} cards: {} due, {} new, {} learning, {} review\n",
                    ks.total, ks.due, ks.new, ks.learning, ks.review
                ));
            }
            let retention = st
                .retention
                .map_or("n/a".to_string(), |r| format!("{:.0}%", r * 100.0));
            o.push_str(&format!(
                "reviews today {}, all time {}; retention {retention} (target {:.0}%)\n",
                st.reviews_today,
                st.reviews_total,
                st.retention_target * 100.0
            ));
            if st.stale > 0 {
                o.push_str(&format!(
                    "stale {} (in the log, gone from the guide): {}\n",
                    st.stale,
                    st.stale_cards.join(", ")
                ));
            }
            flush(&o)?;
            Ok(0)
        }
    }
}

fn nothing_due(deck: &Deck, now: chrono::DateTime<chrono::Utc>) -> String {
    let st = deck.stats(now);
    let soonest = deck
        .cards
        .iter()
        .filter_map(|c| deck.state(&c.id))
        .map(|s| s.due())
        .filter(|d| *d > now)
        .min();
    let mut o = format!("Nothing due. {} new cards left today.\n", st.new_today);
    if let Some(d) = soonest {
        o.push_str(&format!("Next review {}.\n", clock::format(d)));
    }
    o
}

/// One keystroke from the terminal (raw mode), or one line when stdin is
/// not a terminal (scripts, pipes, dumb terminals).
struct Keys {
    tty: bool,
    lines: std::io::StdinLock<'static>,
}

#[derive(Debug, PartialEq, Eq)]
enum Key {
    Enter,
    Char(char),
    Quit,
}

impl Keys {
    fn new() -> Keys {
        let stdin = std::io::stdin();
        Keys {
            tty: stdin.is_terminal(),
            lines: stdin.lock(),
        }
    }

    fn read(&mut self) -> Result<Key> {
        if self.tty {
            crossterm::terminal::enable_raw_mode()?;
            let mut b = [0u8; 1];
            let r = std::io::Read::read(&mut self.lines, &mut b);
            crossterm::terminal::disable_raw_mode()?;
            return Ok(match r? {
                0 => Key::Quit,
                _ => match b[0] {
                    b'\r' | b'\n' | b' ' => Key::Enter,
                    3 | 4 | b'q' | b'Q' | 27 => Key::Quit,
                    c => Key::Char(c as char),
                },
            });
        }
        let mut line = String::new();
        if self.lines.read_line(&mut line)? == 0 {
            return Ok(Key::Quit);
        }
        let t = line.trim();
        Ok(match t {
            "" => Key::Enter,
            "q" | "quit" => Key::Quit,
            _ => Key::Char(t.chars().next().unwrap_or(' ')),
        })
    }
}

fn say(s: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(s.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Front, Enter for the back, 1–4 to grade, q to quit.
fn interactive(explicit: &[PathBuf], f: &Filter) -> Result<i32> {
    let mut deck = open_deck(explicit)?;
    let mut keys = Keys::new();
    let mut done = 0;
    loop {
        let now = clock::now()?;
        let Some(card) = deck.next(now, f).cloned() else {
            say(&format!("\n{}", nothing_due(&deck, now)))?;
            break;
        };
        let st = deck.stats(now);
        say(&format!(
            "\n── {} · {} · {} due, {} new ──\n[{}] {}\n\n{}\n\n(Enter: show answer, q: quit) ",
            card.kind,
            deck.state(&card.id).map_or("new", |s| s.state_name()),
            st.due,
            st.new_today,
            card.source.label,
            crate::cli::show(&card.source.path),
            card.front
        ))?;
        if keys.read()? == Key::Quit {
            break;
        }
        say(&format!(
            "\n\n{}\n\n1 again  2 hard  3 good  4 easy  q quit: ",
            card.back
        ))?;
        let grade = loop {
            match keys.read()? {
                Key::Quit => break None,
                Key::Char(c @ '1'..='4') => break c.to_string().parse::<Grade>().ok(),
                _ => say("1–4 or q: ")?,
            }
        };
        let Some(grade) = grade else { break };
        let st = deck.grade(&card.id, grade, clock::now()?)?;
        done += 1;
        say(&format!(
            "{grade} — next review {}\n",
            clock::format(st.due())
        ))?;
    }
    say(&format!("\n{done} reviewed.\n"))?;
    Ok(0)
}

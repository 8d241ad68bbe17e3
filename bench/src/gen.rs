//! Benchmark workspace generator.
//!
//! Writes `<out>/guides/<guide file>` (a copy of the given guide),
//! `<out>/gloss.toml`, the benchmark note `<out>/notes/bench.md` and
//! `notes - 1` further notes. All prose is generated here from a small
//! vocabulary of our own; the only things taken from the guide are term
//! names (chosen from the parsed guide's `terms`, keeping those the term
//! matcher finds again) and citation labels of its sections (`§2.3`,
//! `§1.9 Q4`, `Part 4`), so notes exercise hover/definition of a real guide.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use gloss_index::{links, Guide, ItemKind, TermMatcher};

use crate::rng::Rng;

/// Name of the benchmark note, relative to the workspace.
pub const BENCH_NOTE: &str = "notes/bench.md";

#[derive(Debug, Clone)]
pub struct GenOptions {
    pub guide: PathBuf,
    pub out: PathBuf,
    /// Total notes, including `notes/bench.md`.
    pub notes: usize,
    /// Approximate size of each generated note.
    pub note_bytes: usize,
    pub seed: u64,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct GenReport {
    pub notes: usize,
    pub note_bytes_total: u64,
    pub guide_bytes: u64,
    pub terms_used: usize,
    pub refs_used: usize,
    /// Markdown links into the guide written (`[§4.3](../guides/G.md#43-…)`).
    pub guide_links: usize,
}

/// Terms and citation labels of a guide usable in generated notes.
pub struct Vocabulary {
    pub terms: Vec<String>,
    pub refs: Vec<String>,
    /// `(label, heading slug)` of the same items, for `[§4.3](guide.md#slug)` links.
    pub anchors: Vec<(String, String)>,
}

impl Vocabulary {
    pub fn from_guide(guide: &Guide) -> Vocabulary {
        let matcher = TermMatcher::new(guide);
        let mut terms: Vec<String> = Vec::new();
        for (id, t) in guide.terms.iter().enumerate() {
            let name = t.name.trim();
            let n_words = name.split_whitespace().count();
            let plain = name
                .chars()
                .all(|c| c.is_alphanumeric() || c == ' ' || c == '-');
            // Keep names the matcher maps back to this very term, so a mention is a hit.
            if (1..=3).contains(&n_words)
                && plain
                && name.len() >= 3
                && matcher.lookup(name) == Some(id)
                && !terms.iter().any(|x| x.eq_ignore_ascii_case(name))
            {
                terms.push(name.to_string());
            }
        }
        let slugs = links::heading_slugs(guide);
        let anchors: Vec<(String, String)> = guide
            .items
            .iter()
            .zip(slugs)
            .filter(|(it, _)| {
                matches!(
                    it.kind,
                    ItemKind::Section | ItemKind::Question | ItemKind::Part
                )
            })
            .filter(|(it, slug)| {
                !it.label.is_empty() && !it.label.contains('`') && !slug.is_empty()
            })
            .map(|(it, slug)| (it.label.clone(), slug))
            .collect();
        let refs = anchors.iter().map(|(l, _)| l.clone()).collect();
        Vocabulary {
            terms,
            refs,
            anchors,
        }
    }
}

const FILLER: &[&str] = &[
    "the",
    "a",
    "every",
    "our",
    "this",
    "that",
    "one",
    "each",
    "old",
    "new",
    "slow",
    "fast",
    "team",
    "service",
    "table",
    "request",
    "batch",
    "queue",
    "deploy",
    "review",
    "budget",
    "dashboard",
    "window",
    "retry",
    "ticket",
    "runbook",
    "incident",
    "pager",
    "rollout",
    "cache",
    "metric",
    "alert",
    "shard",
    "client",
    "payload",
    "worker",
    "schedule",
    "backlog",
    "config",
    "tests",
    "latency",
    "nightly",
    "weekly",
    "report",
    "change",
    "owner",
    "limit",
    "handler",
    "keeps",
    "breaks",
    "needs",
    "shows",
    "hides",
    "doubles",
    "halves",
    "drifts",
    "waits",
    "moves",
    "under",
    "after",
    "before",
    "during",
    "without",
    "because",
    "unless",
    "when",
    "while",
    "quietly",
    "mostly",
    "rarely",
    "again",
    "still",
    "only",
    "almost",
    "clearly",
];

const OPENERS: &[&str] = &[
    "Reminder to self:",
    "Worth repeating:",
    "From the last mock interview:",
    "Open question:",
    "Flash card idea:",
    "Rule of thumb:",
    "Gotcha:",
    "Summary so far:",
];

const HEADINGS: &[&str] = &[
    "in practice",
    "trade-offs",
    "failure story",
    "how I would explain it",
    "numbers to remember",
    "questions to revisit",
];

fn note_name(i: usize) -> String {
    format!("note-{i:05}")
}

/// Path of note `i` relative to `notes/` (sharded 100 per folder).
fn note_rel(i: usize) -> String {
    format!("t{:02}/{}.md", i / 100, note_name(i))
}

struct Writer<'a> {
    rng: Rng,
    vocab: &'a Vocabulary,
    /// Number of generated notes (`note-00001 ..`), for links.
    others: usize,
    /// The guide's file name under `guides/`, URL-escaped.
    guide_file: String,
    guide_links: usize,
}

impl Writer<'_> {
    fn filler(&mut self, n: usize, out: &mut String) {
        for _ in 0..n {
            out.push(' ');
            out.push_str(FILLER[self.rng.below(FILLER.len())]);
        }
    }

    fn term(&mut self) -> String {
        if self.vocab.terms.is_empty() {
            return "write-ahead log".into();
        }
        self.rng.pick(&self.vocab.terms).clone()
    }

    fn link_target(&mut self) -> usize {
        if self.others == 0 {
            0
        } else {
            1 + self.rng.below(self.others)
        }
    }

    /// A wiki link to another note (or to the bench note when there is none).
    fn wiki(&mut self) -> String {
        let t = self.link_target();
        if t == 0 {
            "[[bench]]".into()
        } else {
            format!("[[{}]]", note_name(t))
        }
    }

    /// A markdown link; `from_shard` says whether the source lives in a `tNN/` folder.
    fn md_link(&mut self, from_shard: bool) -> String {
        let t = self.link_target();
        let target = if t == 0 {
            if from_shard {
                "../bench.md".to_string()
            } else {
                "bench.md".to_string()
            }
        } else if from_shard {
            format!("../{}", note_rel(t))
        } else {
            note_rel(t)
        };
        let label = self.term();
        format!("[{label}]({target})")
    }

    /// A markdown link to a guide heading by its slug, relative to a note
    /// in `notes/` or, `from_shard`, in `notes/tNN/`.
    fn guide_link(&mut self, from_shard: bool) -> String {
        let up = if from_shard { "../.." } else { ".." };
        self.guide_links += 1;
        let Some((label, slug)) =
            (!self.vocab.anchors.is_empty()).then(|| self.rng.pick(&self.vocab.anchors).clone())
        else {
            return format!("[the guide]({up}/guides/{})", self.guide_file);
        };
        format!("[{label}]({up}/guides/{}#{slug})", self.guide_file)
    }

    fn reference(&mut self) -> String {
        if self.vocab.refs.is_empty() {
            return "§1.1".into();
        }
        self.rng.pick(&self.vocab.refs).clone()
    }

    fn sentence(&mut self, from_shard: bool, out: &mut String) {
        let term = self.term();
        match self.rng.below(6) {
            0 => {
                out.push_str(OPENERS[self.rng.below(OPENERS.len())]);
                out.push(' ');
                out.push_str(&term);
                let n = self.rng.range(4, 10);
                self.filler(n, out);
                out.push('.');
            }
            1 => {
                let _ = write!(out, "The {term} part");
                let n = self.rng.range(3, 8);
                self.filler(n, out);
                let w = self.wiki();
                let _ = write!(out, " — see {w}.");
            }
            2 => {
                let r = self.reference();
                let _ = write!(out, "Reread {r} on {term};");
                let n = self.rng.range(3, 8);
                self.filler(n, out);
                out.push('.');
            }
            3 => {
                let l = self.md_link(from_shard);
                let _ = write!(out, "Compare with {l}:");
                let n = self.rng.range(5, 12);
                self.filler(n, out);
                out.push('.');
            }
            4 => {
                let g = self.guide_link(from_shard);
                let _ = write!(out, "Background for {term} in {g};");
                let n = self.rng.range(3, 8);
                self.filler(n, out);
                out.push('.');
            }
            _ => {
                out.push_str("Our");
                let n = self.rng.range(3, 9);
                self.filler(n, out);
                let t2 = self.term();
                let _ = write!(out, " until {t2} fixed it.");
            }
        }
    }

    fn note(&mut self, title: &str, target_bytes: usize, from_shard: bool) -> String {
        let mut out = String::with_capacity(target_bytes + 512);
        let _ = writeln!(out, "# {title}\n");
        while out.len() < target_bytes {
            let t = self.term();
            let h = HEADINGS[self.rng.below(HEADINGS.len())];
            let _ = writeln!(out, "## {t} {h}\n");
            for _ in 0..self.rng.range(1, 3) {
                let mut para = String::new();
                for s in 0..self.rng.range(2, 5) {
                    if s > 0 {
                        para.push(' ');
                    }
                    self.sentence(from_shard, &mut para);
                }
                out.push_str(&para);
                out.push_str("\n\n");
            }
            if self.rng.chance(40) {
                for _ in 0..self.rng.range(2, 4) {
                    let mut item = String::from("- ");
                    self.sentence(from_shard, &mut item);
                    out.push_str(&item);
                    out.push('\n');
                }
                out.push('\n');
            }
        }
        out
    }

    /// The note the benchmark opens: every body line has a term mention, a
    /// wiki link, a markdown link to another note and one into the guide,
    /// so hover/definition positions exist for gloss (terms),
    /// link-oriented servers (links) and both (links into the guide).
    fn bench_note(&mut self) -> String {
        let mut out = String::from("# Benchmark note\n\nGenerated by lsp-bench; every line below mentions a guide term and links another note.\n\n");
        for section in 0..8 {
            let t = self.term();
            let _ = writeln!(out, "## {t} review {section}\n");
            for _ in 0..8 {
                let term = self.term();
                let w = self.wiki();
                let l = self.md_link(false);
                let r = self.reference();
                let g = self.guide_link(false);
                let _ = writeln!(
                    out,
                    "- {term} matters here, see {w} and {l} ({r}); background in {g}."
                );
            }
            out.push('\n');
        }
        out
    }
}

/// Writes the workspace and returns what was written.
pub fn generate(opts: &GenOptions) -> Result<GenReport> {
    if opts.notes == 0 {
        bail!("--notes must be at least 1 (the benchmark note)");
    }
    let guide_text = fs::read_to_string(&opts.guide)
        .with_context(|| format!("reading guide {}", opts.guide.display()))?;
    let guide = Guide::parse(&opts.guide, guide_text.clone());
    let vocab = Vocabulary::from_guide(&guide);

    let out = &opts.out;
    if out.join("notes").exists() {
        fs::remove_dir_all(out.join("notes"))?;
    }
    fs::create_dir_all(out.join("guides"))?;
    fs::create_dir_all(out.join("notes"))?;
    let file_name = opts
        .guide
        .file_name()
        .context("guide path has no file name")?;
    fs::write(out.join("guides").join(file_name), &guide_text)?;
    fs::write(
        out.join("gloss.toml"),
        "# generated by lsp-bench gen\nguides = [\"guides/*.md\"]\ndrafts = [\"drafts/**/*.md\"]\n",
    )?;

    let mut w = Writer {
        rng: Rng::new(opts.seed),
        vocab: &vocab,
        others: opts.notes - 1,
        guide_file: file_name
            .to_string_lossy()
            .replace('%', "%25")
            .replace(' ', "%20"),
        guide_links: 0,
    };
    let mut total = 0u64;
    let bench = w.bench_note();
    total += bench.len() as u64;
    fs::write(out.join(BENCH_NOTE), bench)?;
    for i in 1..opts.notes {
        let path = out.join("notes").join(note_rel(i));
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        let t1 = w.term();
        let t2 = w.term();
        let size = w
            .rng
            .range(opts.note_bytes * 6 / 10, opts.note_bytes * 14 / 10);
        let text = w.note(&format!("{} — {t1} and {t2}", note_name(i)), size, true);
        total += text.len() as u64;
        fs::write(path, text)?;
    }
    Ok(GenReport {
        notes: opts.notes,
        note_bytes_total: total,
        guide_bytes: guide_text.len() as u64,
        terms_used: vocab.terms.len(),
        refs_used: vocab.refs.len(),
        guide_links: w.guide_links,
    })
}

/// Guides of a workspace per its `gloss.toml` (or auto-detection).
pub fn workspace_guides(root: &Path) -> Vec<PathBuf> {
    gloss_index::config::Workspace::discover(root, None)
        .map(|w| w.guides)
        .unwrap_or_default()
}

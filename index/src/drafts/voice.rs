//! Voice and tense: does a sentence speak of something the writer actually
//! did or owns, or only of what they would do, think, like or have read?
//!
//! An anchor counts only when it is the writer's own project, so a sentence
//! qualifies when one of its first-person clauses is an act (`I built`, `we
//! migrated`, `I've run`, `we were losing`, `they asked me to lead`), a role
//! held now (`the service I own`, `we run`, `I'm on call for it`), or it
//! names something the writer possesses (`our bridge`, `my team`) outside a
//! hypothetical. It does not qualify when every first-person clause is
//! conditional, modal or future (`if I were`, `I'd`, `when I lead the next
//! one`), a stance (`I think`, `I recommend`, `I used to think`), learning
//! rather than doing (`I read`, `a talk I watched`, `we were taught`),
//! watching others (`I've seen teams…`), negated, or a present habit (`I
//! always use`). `my`/`our` before a stance, a source of learning, another
//! person or a whole field (`my take`, `our textbook`, `our industry`) is
//! not ownership.
//!
//! A sentence after one about own work continues it only when it narrates
//! (points back, or is in the past tense) rather than advises.
//!
//! The word classes in `voice/words.rs` are closed classes of English
//! grammar, not words of any guide or sample.

mod words;

use crate::text::words;
use words::*;

/// How one first-person clause relates to the writer's experience.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Clause {
    /// Something done, owned or being done.
    Did,
    /// Conditional, modal or future: not (yet) real.
    Hypothetical,
    /// Opinion, preference, intention or study: about the writer's mind.
    Stance,
    /// Negated, a present habit, a state: no evidence either way.
    Neutral,
}

/// Whether `sentence` speaks of the writer's own work (see module doc).
#[cfg(test)]
pub(crate) fn is_own_work(sentence: &str) -> bool {
    is_own_work_in(&analyse(sentence))
}

/// [`is_own_work`] for an analysed sentence.
pub(crate) fn is_own_work_in(v: &Voice) -> bool {
    v.clauses.contains(&Clause::Did)
        || (v.possessive && !v.modal && !v.clauses.contains(&Clause::Hypothetical))
}

/// The first-person clauses of a sentence and whether it names something
/// the writer possesses.
#[derive(Debug, Default)]
pub(crate) struct Voice {
    pub clauses: Vec<Clause>,
    pub possessive: bool,
    /// A modal anywhere (`my plan would be …`): possession may be imagined.
    pub modal: bool,
    /// Narration that can continue a sentence about own work: it points
    /// back (`It moved 10k a day`) or tells what happened in the past
    /// tense, without a modal or a `you` (advice is not narration).
    pub narrates: bool,
}

/// Whether a sentence after one about own work still tells of that work.
pub(crate) fn continues_own_work(v: &Voice) -> bool {
    v.clauses.is_empty() && v.narrates
}

pub(crate) fn analyse(sentence: &str) -> Voice {
    // `I/O` is not a pronoun.
    let sentence = sentence.replace("I/O", "IO");
    let ws: Vec<&str> = words(&sentence).map(|w| w.text).collect();
    let lower: Vec<String> = ws.iter().map(|w| w.to_lowercase()).collect();
    let mut v = Voice::default();
    let mut past = false;
    let mut addressed = false;
    for (i, w) in ws.iter().enumerate() {
        let l = lower[i].as_str();
        let subject = *w == "I" || l == "we";
        if MODALS.contains(&l) {
            v.modal = true;
        }
        if matches!(l, "you" | "your" | "yours") {
            addressed = true;
        }
        past |= is_finite_past(&lower, i);
        if matches!(l, "me" | "us") && object_of_past_act(&lower, i) {
            // `they asked me to lead the migration`: the writer took part.
            v.clauses.push(Clause::Did);
        } else if subject {
            v.clauses.push(clause(&lower, i));
        } else if matches!(l, "my" | "our") && possesses(&lower, i) {
            v.possessive = true;
        }
    }
    let points_back = lower
        .iter()
        .find(|w| !CONNECTIVES.contains(&w.as_str()))
        .is_some_and(|w| ANAPHORS.contains(&w.as_str()));
    v.narrates = !v.modal && !addressed && (points_back || past);
    v
}

/// The words from `j` (after a present `am`/`are`) state a role: `responsible
/// for`, `the owner`, `in charge of`, `on call for`.
fn holds_role(lower: &[String], j: usize) -> bool {
    let at = |k: usize| lower.get(k).map_or("", String::as_str);
    let (first, second) = match at(j) {
        "the" | "a" | "an" | "its" | "their" => (at(j + 1), at(j + 2)),
        w => (w, at(j + 1)),
    };
    ROLE_STATES.contains(&first)
        || (first == "in" && second == "charge")
        || (first == "on" && second == "call")
}

/// The word at `i` is a verb in the past tense: `was`, `had`, or a past
/// form that does not follow a determiner, preposition or form of `be`
/// (`the shared table`, `is designed for`, `with automated checks`).
fn is_finite_past(lower: &[String], i: usize) -> bool {
    let w = lower[i].as_str();
    if matches!(w, "was" | "were" | "had" | "wasn" | "weren" | "hadn") {
        return true;
    }
    if !is_past_form(w) || w.ends_with("eed") {
        return false;
    }
    i.checked_sub(1)
        .and_then(|p| lower.get(p))
        .is_none_or(|p| !NOT_BEFORE_FINITE_VERB.contains(&p.as_str()))
}

/// `me`/`us` at `i` is the object of a past act done with or for the
/// writer (`asked me to lead`, `paged us twice`), not of teaching, speech
/// or an effect on the mind (`taught me`, `told us`, `it convinced me`)
/// nor part of `let me`.
fn object_of_past_act(lower: &[String], i: usize) -> bool {
    let Some(prev) = i.checked_sub(1).and_then(|p| lower.get(p)) else {
        return false;
    };
    is_finite_past(lower, i - 1)
        && !is_stance_verb(prev)
        && !matches!(
            prev.as_str(),
            "taught" | "told" | "showed" | "shown" | "gave" | "let" | "struck"
        )
        && !base_forms(prev)
            .iter()
            .any(|b| MIND_VERBS.contains(&b.as_str()))
}

/// `my`/`our` at `i` owns a thing, not a stance (`my opinion`, `in my
/// experience`, `our guess`).
fn possesses(lower: &[String], i: usize) -> bool {
    // The noun phrase after it (`our own old ingest service`, `our online
    // course`): a stance, a source of learning, another person or a whole
    // field (`our instructor`, `our industry`) is not a thing the writer
    // owns.
    let phrase: Vec<&str> = lower
        .iter()
        .skip(i + 1)
        .take(3)
        .map(String::as_str)
        .take_while(|w| !is_function_word(w))
        .collect();
    !phrase.is_empty()
        && !phrase
            .iter()
            .any(|w| STANCE_NOUNS.contains(w) || LEARNING_NOUNS.contains(w) || NOT_OWN.contains(w))
        && phrase
            .iter()
            .any(|w| !matches!(*w, "own" | "very" | "personal" | "humble"))
}

fn clause(lower: &[String], i: usize) -> Clause {
    let prev = i.checked_sub(1).map(|p| lower[p].as_str());
    // `if I`, `suppose we`; inverted `were I`, `should we`, `had I known`.
    let next_is_participle = lower.get(i + 1).is_some_and(|n| is_past_form(n));
    if prev.is_some_and(|p| CONDITIONAL.contains(&p) || matches!(p, "were" | "should"))
        || (prev == Some("had") && next_is_participle)
    {
        return Clause::Hypothetical;
    }
    let relative = prev.is_some_and(|p| {
        matches!(p, "that" | "which" | "who") || (!is_function_word(p) && !p.ends_with("ly"))
    });
    let mut j = i + 1;
    let mut negated = false;
    let skip = |j: &mut usize, negated: &mut bool| {
        while let Some(w) = lower.get(*j) {
            match w.as_str() {
                "not" | "never" | "t" | "no" => *negated = true,
                w if ADVERBS.contains(&w) || (w.len() > 4 && w.ends_with("ly")) => {}
                "myself" | "ourselves" | "both" | "all" => {}
                _ => break,
            }
            *j += 1;
        }
    };
    skip(&mut j, &mut negated);
    let Some(aux) = lower.get(j).map(String::as_str) else {
        return Clause::Neutral;
    };
    if *lower.get(i).map_or("", |s| s.as_str()) == *"i" && aux == "were" {
        // Subjunctive `I were`.
        return Clause::Hypothetical;
    }
    let (verb, tense) = match aux {
        m if MODALS.contains(&m) => return Clause::Hypothetical,
        "ve" | "have" | "has" | "had" | "haven" | "hasn" | "hadn" => {
            if aux.ends_with('n') {
                negated = true;
            }
            j += 1;
            skip(&mut j, &mut negated);
            match lower.get(j).map(String::as_str) {
                // `we have to` states a rule; `we had to` is what happened.
                Some("to") => {
                    return if aux.starts_with("had") && !negated {
                        Clause::Did
                    } else {
                        Clause::Neutral
                    }
                }
                Some("been") => {
                    j += 1;
                    skip(&mut j, &mut negated);
                    (lower.get(j).map(String::as_str), Tense::Past)
                }
                // `we had a dedup table`: a past possession.
                Some(w) if aux.starts_with("had") && !is_past_participle_like(w) => {
                    return if negated {
                        Clause::Neutral
                    } else {
                        Clause::Did
                    }
                }
                w => (w, Tense::Past),
            }
        }
        "m" | "am" | "re" | "are" | "was" | "were" | "wasn" | "weren" | "aren" => {
            let past = matches!(aux, "was" | "were" | "wasn" | "weren");
            if matches!(aux, "wasn" | "weren" | "aren") {
                negated = true;
            }
            j += 1;
            skip(&mut j, &mut negated);
            match lower.get(j).map(String::as_str) {
                // `I'm going to`, `we're about to`: the future.
                Some("going" | "about") => return Clause::Hypothetical,
                Some(w) if w.ends_with("ing") && w.len() > 4 => (Some(w), Tense::Progressive),
                // `we were taught`, `I was told`: learning from others.
                Some("taught" | "told" | "shown" | "lectured") => return Clause::Stance,
                // A state: `we were on call`, `I was the owner`.
                _ if past => {
                    return if negated {
                        Clause::Neutral
                    } else {
                        Clause::Did
                    }
                }
                // `the service I'm on call for`, `we are its owners`: a role
                // held now.
                _ if holds_role(lower, j) => {
                    return if negated {
                        Clause::Neutral
                    } else {
                        Clause::Did
                    }
                }
                // `I'm a fan`, `we are sure`.
                _ => return Clause::Neutral,
            }
        }
        "did" | "didn" | "do" | "does" | "don" | "doesn" => {
            let past = aux.starts_with("did");
            if aux.ends_with('n') {
                negated = true;
            }
            j += 1;
            skip(&mut j, &mut negated);
            // `what I did:`: `did` is the verb.
            if lower.get(j).is_none() {
                return if past && !negated {
                    Clause::Did
                } else {
                    Clause::Neutral
                };
            }
            (
                lower.get(j).map(String::as_str),
                if past { Tense::Past } else { Tense::Present },
            )
        }
        w => (Some(w), Tense::Unknown),
    };
    let Some(mut verb) = verb else {
        return Clause::Neutral;
    };
    // `I used to think …`: the verb after `used to` says what it was.
    if verb == "used" && lower.get(j + 1).is_some_and(|n| n == "to") {
        if let Some(next) = lower.get(j + 2) {
            j += 2;
            verb = next.as_str();
        }
    }
    let tense = match tense {
        Tense::Unknown if is_past_form(verb) => Tense::Past,
        Tense::Unknown => Tense::Present,
        t => t,
    };
    // `I've seen teams adopt it`: watching others work is not own work.
    if matches!(verb, "saw" | "seen" | "see" | "watched" | "noticed")
        && lower
            .iter()
            .skip(j + 1)
            .take(3)
            .any(|w| THIRD_PARTIES.contains(&w.as_str()))
    {
        return Clause::Stance;
    }
    // `the service I look after`: a phrasal verb of care, not of intention.
    let looks_after = base_forms(verb).iter().any(|b| b == "look")
        && lower.get(j + 1).is_some_and(|n| n == "after");
    // `I recommend` is a stance; `I recommended it to six teams` was an act.
    let advised = is_advice_verb(verb) && tense == Tense::Past;
    if is_stance_verb(verb) && !looks_after && !advised {
        return Clause::Stance;
    }
    if negated {
        return Clause::Neutral;
    }
    // `when I lead the next one`, `once we run it`: the present after a
    // conjunction of time speaks of a future or a habit.
    let temporal = prev.is_some_and(|p| TEMPORAL.contains(&p));
    let did = match tense {
        Tense::Past | Tense::Progressive => true,
        // `the service I own`, `we run ten services`: a role held now.
        Tense::Present => !temporal && (relative || is_role_verb(verb)),
        Tense::Unknown => false,
    };
    if !did {
        return Clause::Neutral;
    }
    // `I spent the weekend on the tutorials`: time with a source of
    // learning is study, whatever the verb, unless the writer made it
    // (`I wrote the runbook`, `I ran a workshop for the interns`).
    if !is_creation_verb(verb) && learns_from(&lower[(j + 1).min(lower.len())..]) {
        return Clause::Stance;
    }
    Clause::Did
}

/// The clause after a verb has a source of learning as the head of a noun
/// phrase (`the docs`, `a talk on compaction`), not as a modifier of
/// another noun (`the video pipeline`).
fn learns_from(after: &[String]) -> bool {
    let clause = after
        .iter()
        .take(7)
        .take_while(|w| {
            !matches!(
                w.as_str(),
                "and" | "but" | "so" | "because" | "which" | "that"
            )
        })
        .collect::<Vec<_>>();
    clause.iter().enumerate().any(|(k, w)| {
        LEARNING_NOUNS.contains(&w.as_str())
            && clause.get(k + 1).is_none_or(|n| {
                crate::drafts::lex::is_stop(n)
                    || n.ends_with("ly")
                    || TIME_ADVERBS.contains(&n.as_str())
            })
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    Past,
    Progressive,
    Present,
    Unknown,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acts_and_roles_are_own_work() {
        for s in [
            "I built the bridge.",
            "We migrated the templates to generated classes.",
            "The ingest service I own had the same problem.",
            "When I coordinated the effort we settled on one record type.",
            "I've run this in production for two years.",
            "We were losing messages after every rebalance.",
            "We had to rebuild the index twice.",
            "We run ten services on it.",
            "Our bridge restarted twice.",
            "If it failed, I restarted the bridge.",
            "I think our dedup table was overkill.",
            "We're moving the last consumers this quarter.",
            "My team caught two duplicates.",
            "The service I own moved to manual commits.",
            "The double-entry service I looked after grew tenfold.",
            "I recommended one compatibility default and six teams adopted it.",
            "I wrote the runbook every new hire follows.",
            "We built the video pipeline in a quarter.",
            "I studied the logs, and our consumer lagged.",
            "The consumer I'm responsible for takes ten thousand a day.",
            "The service I'm on call for held up.",
            "I'm the owner of the ingest path.",
            "My manager asked me to lead the standardization.",
        ] {
            assert!(is_own_work(s), "{s}");
        }
    }

    #[test]
    fn imagined_opinions_and_study_are_not() {
        for s in [
            "If I were leading it, I'd start with a registry.",
            "I'd also set up office hours for my team.",
            "We would shard by key.",
            "I think exponential backoff is best.",
            "I read the documentation end to end last month.",
            "I've been reading about progressive delivery.",
            "I prefer a dedup table with a short TTL.",
            "I always use jitter.",
            "In my experience consumers need a DLQ.",
            "I'm a big fan of GitOps.",
            "I'm going to try canaries next.",
            "I spent the weekend on the tutorials for it.",
            "I went through the docs twice.",
            "I never used it in production.",
            "I recommend a registry in BACKWARD mode.",
            "Suppose we shard by tenant.",
            "Disk I/O dominates.",
            "You retry with jitter.",
            "In my opinion, the outbox is simpler.",
            "I learned a lot from the talk.",
            "I haven't tried it.",
            "We can roll back with a revert.",
            "I followed the getting-started guide for it.",
            "I recommend a registry in BACKWARD mode.",
            "We studied the vendor's design notes.",
            "I believe the defaults are sane.",
            "Let me explain: the US region fails over.",
            "Our textbook recommends one compatibility default.",
            "I've seen teams adopt canary rollouts with automatic rollback.",
            "My favourite setup is a registry with a review gate.",
            "In our industry a dedup table is the usual answer.",
            "Our instructor showed how the generator works.",
            "I'm in favour of a registry.",
            "The approach I'm most excited about is canaries.",
            "When I lead the next migration, I'll start with the schema.",
            "I used to think TTLs were exact.",
            "We were taught that a registry prevents breakage.",
            "The talk taught me that canaries matter.",
            "It convinced me that size-tiered is rarely worth it.",
        ] {
            assert!(!is_own_work(s), "{s}");
        }
    }

    #[test]
    fn narration_continues_advice_does_not() {
        for (s, want) in [
            ("It moved over ten thousand a day.", true),
            ("The bridge restarted twice during the cutover.", true),
            ("And that was the last duplicate.", true),
            ("ArgoCD with canary analysis keeps deploys boring.", false),
            ("You should give the table a TTL.", false),
            ("Rollbacks are automated on a shared cluster.", false),
            ("A managed service is designed for this.", false),
            ("It would have caught the duplicates.", false),
        ] {
            assert_eq!(continues_own_work(&analyse(s)), want, "{s}");
        }
    }
}

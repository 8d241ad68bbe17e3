//! Closed word classes of English grammar that voice analysis needs:
//! modals, conditional conjunctions, adverbs, irregular past forms, verbs of
//! cognition, preference, intention, study and advice, sources of learning.
//! None of these are words of a guide or of a sample draft.

/// Sources of learning: going through one is study, not project work.
pub(super) const LEARNING_NOUNS: &[&str] = &[
    "documentation",
    "docs",
    "tutorial",
    "tutorials",
    "talk",
    "talks",
    "book",
    "books",
    "course",
    "courses",
    "article",
    "articles",
    "blog",
    "blogs",
    "video",
    "videos",
    "paper",
    "papers",
    "guide",
    "guides",
    "readme",
    "handbook",
    "whitepaper",
    "walkthrough",
    "quickstart",
    "bootcamp",
    "meetup",
    "webinar",
    "podcast",
    "chapter",
    "workshop",
    "conference",
    "certification",
    "textbook",
    "lecture",
    "lectures",
];

/// Modal auxiliaries (and their contracted or negated forms as `words`
/// splits them: `I'd` → `I`, `d`).
pub(super) const MODALS: &[&str] = &[
    "d", "ll", "would", "could", "should", "might", "may", "will", "shall", "can", "must",
    "wouldn", "couldn", "shouldn", "ought", "won", "cannot",
];

/// Conjunctions that make the clause after them conditional or imagined.
pub(super) const CONDITIONAL: &[&str] = &[
    "if",
    "unless",
    "suppose",
    "supposing",
    "imagine",
    "whether",
    "hypothetically",
];

/// Adverbs that may sit between a subject and its verb.
pub(super) const ADVERBS: &[&str] = &[
    "also",
    "then",
    "just",
    "still",
    "once",
    "first",
    "finally",
    "eventually",
    "later",
    "even",
    "already",
    "ever",
    "too",
    "soon",
    "now",
    "again",
    "always",
    "often",
    "sometimes",
    "usually",
    "mostly",
    "originally",
    "initially",
    "recently",
    "personally",
    "actually",
    "really",
    "quickly",
    "eventually",
    "jointly",
    "together",
    "alone",
    "ourselves",
    "myself",
    "basically",
];

/// Nouns after `my`/`our` that name a stance or a source of learning, not
/// something the writer built or runs.
pub(super) const STANCE_NOUNS: &[&str] = &[
    "opinion",
    "opinions",
    "view",
    "views",
    "experience",
    "mind",
    "take",
    "guess",
    "sense",
    "feeling",
    "understanding",
    "knowledge",
    "favourite",
    "favorite",
    "preference",
    "advice",
    "recommendation",
    "suggestion",
    "reading",
    "book",
    "books",
    "notes",
    "head",
    "eyes",
    "bet",
    "best",
    "belief",
    "instinct",
    "gut",
    "idea",
    "ideas",
    "thinking",
    "hope",
    "answer",
];

/// Verbs of cognition, preference, intention, study and advice, as base
/// forms; inflections are matched by [`base_forms`].
pub(super) const STANCE_VERBS: &[&str] = &[
    // cognition
    "think",
    "believe",
    "feel",
    "guess",
    "suppose",
    "reckon",
    "know",
    "understand",
    "assume",
    "doubt",
    "wonder",
    "suspect",
    "consider",
    "imagine",
    "expect",
    "realize",
    "realise",
    "bet",
    "mean",
    "agree",
    "disagree",
    "remember",
    "forget",
    "see",
    // preference
    "like",
    "love",
    "prefer",
    "hate",
    "enjoy",
    "dislike",
    "favor",
    "favour",
    "trust",
    "care",
    "find",
    // intention
    "want",
    "wish",
    "hope",
    "plan",
    "intend",
    "aim",
    "need",
    "tend",
    "look",
    // study
    "read",
    "study",
    "learn",
    "watch",
    "hear",
    "research",
    "skim",
    "browse",
    "attend",
    "reread",
];

/// Verbs of advice: a stance in the present, an act in the past.
pub(super) const ADVICE_VERBS: &[&str] = &[
    "recommend",
    "suggest",
    "advise",
    "argue",
    "say",
    "claim",
    "encourage",
    "urge",
];

/// Irregular forms of the stance verbs (`thought`, `read`, `heard`).
pub(super) const STANCE_IRREGULAR: &[&str] = &[
    "thought",
    "felt",
    "knew",
    "known",
    "understood",
    "meant",
    "forgot",
    "forgotten",
    "learnt",
    "heard",
    "said",
    "studied",
    "studies",
];

/// Irregular past forms of common English verbs (regular ones end in -ed).
pub(super) const IRREGULAR_PAST: &[&str] = &[
    "built",
    "ran",
    "led",
    "kept",
    "put",
    "set",
    "went",
    "took",
    "made",
    "wrote",
    "saw",
    "chose",
    "caught",
    "brought",
    "drove",
    "held",
    "cut",
    "got",
    "gave",
    "began",
    "broke",
    "fought",
    "sent",
    "spent",
    "shut",
    "split",
    "stood",
    "struck",
    "taught",
    "told",
    "threw",
    "won",
    "became",
    "came",
    "did",
    "had",
    "left",
    "lost",
    "met",
    "paid",
    "rode",
    "rose",
    "sold",
    "shot",
    "sat",
    "spoke",
    "stuck",
    "bent",
    "bound",
    "dealt",
    "dug",
    "fed",
    "flew",
    "froze",
    "grew",
    "hid",
    "hit",
    "hung",
    "laid",
    "lit",
    "overcame",
    "quit",
    "rebuilt",
    "rewrote",
    "reran",
    "shook",
    "shrank",
    "sought",
    "slid",
    "swept",
    "tore",
    "undertook",
    "upheld",
    "withdrew",
    "wound",
    "oversaw",
    "drew",
    "fell",
    "found",
    "bought",
    "spun",
    "spread",
    "beat",
    "bit",
    "blew",
    "burnt",
    "forbade",
    "forgave",
    "let",
    "lent",
    "rang",
    "sank",
    "sprang",
    "stole",
    "stung",
    "swore",
    "swam",
    "wove",
    "woke",
    "wore",
    "written",
    "driven",
    "taken",
    "given",
    "broken",
    "chosen",
    "done",
    "seen",
    "gone",
    "begun",
    "grown",
    "shown",
    "drawn",
    "thrown",
    "flown",
    "ridden",
    "risen",
    "shaken",
    "spoken",
    "stolen",
    "torn",
    "worn",
    "woken",
    "frozen",
    "hidden",
    "fallen",
    "overseen",
    "undertaken",
];

/// Verbs that state a role the writer holds now (`I own`, `we run`).
pub(super) const ROLE_VERBS: &[&str] = &[
    "own",
    "run",
    "maintain",
    "operate",
    "manage",
    "lead",
    "host",
    "oversee",
    "work",
    "mentor",
    "coordinate",
    "chair",
];

/// Candidate base forms of an inflected verb (`recommended` → `recommend`,
/// `planning` → `plan`, `studies` → `study`).
pub(super) fn base_forms(w: &str) -> Vec<String> {
    let mut out = vec![w.to_string()];
    for suffix in ["ing", "ed", "es", "s", "d"] {
        if let Some(b) = w.strip_suffix(suffix) {
            if b.len() < 2 {
                continue;
            }
            out.push(b.to_string());
            out.push(format!("{b}e"));
            let bytes = b.as_bytes();
            if bytes.len() >= 3 && bytes[bytes.len() - 1] == bytes[bytes.len() - 2] {
                out.push(b[..b.len() - 1].to_string());
            }
            if let Some(s) = b.strip_suffix('i') {
                out.push(format!("{s}y"));
            }
        }
    }
    out
}

pub(super) fn is_stance_verb(w: &str) -> bool {
    STANCE_IRREGULAR.contains(&w)
        || base_forms(w)
            .iter()
            .any(|b| STANCE_VERBS.contains(&b.as_str()) || ADVICE_VERBS.contains(&b.as_str()))
}

pub(super) fn is_advice_verb(w: &str) -> bool {
    base_forms(w)
        .iter()
        .any(|b| ADVICE_VERBS.contains(&b.as_str()))
}

/// Verbs of making something: making a guide or a talk is work, not study.
const CREATION_VERBS: &[&str] = &[
    "write", "wrote", "written", "publish", "author", "create", "produce", "draft", "prepare",
    "give", "gave", "given", "teach", "taught", "run", "ran", "organize", "organise", "host",
    "record", "present", "deliver", "build", "built",
];

pub(super) fn is_creation_verb(w: &str) -> bool {
    base_forms(w)
        .iter()
        .any(|b| CREATION_VERBS.contains(&b.as_str()))
}

/// Time adverbs that may follow an object (`the docs twice`).
pub(super) const TIME_ADVERBS: &[&str] = &[
    "twice",
    "again",
    "once",
    "last",
    "yesterday",
    "today",
    "tonight",
    "recently",
    "before",
];

pub(super) fn is_role_verb(w: &str) -> bool {
    base_forms(w)
        .iter()
        .any(|b| ROLE_VERBS.contains(&b.as_str()))
}

pub(super) fn is_past_form(w: &str) -> bool {
    (w.len() > 3 && w.ends_with("ed")) || IRREGULAR_PAST.contains(&w)
}

pub(super) fn is_past_participle_like(w: &str) -> bool {
    is_past_form(w) || w == "been"
}

/// Words that cannot end a noun phrase before a relative clause.
pub(super) fn is_function_word(w: &str) -> bool {
    matches!(
        w,
        "and"
            | "but"
            | "or"
            | "so"
            | "then"
            | "because"
            | "when"
            | "where"
            | "while"
            | "since"
            | "after"
            | "before"
            | "as"
            | "until"
            | "though"
            | "although"
            | "once"
            | "there"
            | "here"
            | "what"
            | "how"
            | "why"
            | "where's"
            | "in"
            | "on"
            | "at"
            | "for"
            | "to"
            | "of"
            | "with"
            | "by"
            | "from"
            | "about"
            | "into"
            | "than"
            | "like"
            | "also"
            | "now"
            | "today"
            | "yes"
            | "no"
            | "well"
            | "s"
    ) || CONDITIONAL.contains(&w)
}

/// Words that open a sentence continuing the one before it.
pub(super) const ANAPHORS: &[&str] = &[
    "it",
    "its",
    "this",
    "that",
    "they",
    "their",
    "them",
    "these",
    "those",
    "there",
    "both",
    "which",
    "he",
    "she",
    "his",
    "her",
    "everything",
    "nothing",
    "none",
];

/// Connectives skipped before an anaphor (`And it …`, `So that …`).
pub(super) const CONNECTIVES: &[&str] = &[
    "and",
    "so",
    "but",
    "then",
    "later",
    "afterwards",
    "eventually",
    "also",
    "still",
    "yet",
];

/// Words after which a past form is an adjective or a passive, not a
/// past-tense verb (`the shared table`, `is designed`, `with automated`).
pub(super) const NOT_BEFORE_FINITE_VERB: &[&str] = &[
    "a", "an", "the", "is", "are", "be", "been", "being", "am", "s", "re", "get", "gets",
    "getting", "of", "with", "for", "by", "in", "on", "to", "from", "as", "into", "more", "less",
    "most", "least", "well", "very", "fully", "highly", "pre", "non", "self", "any", "some",
    "every", "each", "no", "all", "your", "this", "these", "those", "that", "its", "their",
];

/// Other people: watching them work is not the writer's own work.
pub(super) const THIRD_PARTIES: &[&str] = &[
    "teams",
    "companies",
    "people",
    "others",
    "folks",
    "engineers",
    "developers",
    "colleagues",
    "friends",
    "someone",
    "somebody",
    "organisations",
    "organizations",
    "orgs",
    "shops",
    "vendors",
];

/// Role words after a present `am`/`are` (`I'm responsible for it`).
pub(super) const ROLE_STATES: &[&str] = &[
    "responsible",
    "accountable",
    "owner",
    "owners",
    "lead",
    "maintainer",
    "maintainers",
    "manager",
    "admin",
    "administrator",
    "architect",
];

/// After `my`/`our`: other people (whose work it is) and whole fields or
/// groups the writer belongs to rather than runs.
pub(super) const NOT_OWN: &[&str] = &[
    "instructor",
    "instructors",
    "teacher",
    "teachers",
    "professor",
    "professors",
    "lecturer",
    "lecturers",
    "tutor",
    "tutors",
    "friend",
    "friends",
    "colleague",
    "colleagues",
    "classmate",
    "classmates",
    "peers",
    "mentor",
    "boss",
    "manager",
    "industry",
    "field",
    "profession",
    "community",
    "world",
    "society",
    "country",
    "generation",
    "era",
    "school",
    "university",
    "college",
    "class",
    "course",
    "homework",
    "assignment",
    "exam",
    "exams",
    "interview",
    "interviews",
    "interviewer",
];

/// Conjunctions of time: a present verb after one is a future or a habit.
pub(super) const TEMPORAL: &[&str] = &[
    "when", "whenever", "once", "before", "after", "until", "till", "next",
];

/// Verbs of an effect on the mind (`it convinced me`): not work done.
pub(super) const MIND_VERBS: &[&str] = &[
    "convince",
    "persuade",
    "surprise",
    "impress",
    "inspire",
    "remind",
    "interest",
    "bore",
    "confuse",
    "scare",
    "excite",
    "amaze",
    "annoy",
    "bother",
    "worry",
    "puzzle",
    "fascinate",
    "intrigue",
    "motivate",
    "teach",
    "show",
    "tell",
    "help",
];

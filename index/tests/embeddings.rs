//! The embedder against reference vectors (`../shared/eval/embeddings_reference.json`,
//! computed by sentence-transformers), and its handling of bad model folders.
//! Needs the model (`gloss model fetch`, or `GLOSS_MODEL=dir`); skips loudly without.

mod common;
use common::*;

use gloss_index::embed::{dot, Embedder, ModelError};

#[test]
fn matches_the_reference_embeddings() {
    let Some(shared) = shared() else { return };
    let Some(model) = embedder() else { return };
    let reference = eval(&shared, "embeddings_reference.json");
    let dims = reference["dims"].as_u64().expect("dims") as usize;
    assert_eq!(model.dims(), dims);
    let items = reference["items"].as_array().expect("items");
    assert!(items.len() >= 8);
    let texts: Vec<&str> = items
        .iter()
        .map(|i| i["text"].as_str().expect("text"))
        .collect();
    // In one padded batch (the mask must hide the padding) and one by one.
    let batch = model.embed(&texts).expect("embed");
    for (i, item) in items.iter().enumerate() {
        let want: Vec<f32> = item["embedding"]
            .as_array()
            .expect("embedding")
            .iter()
            .map(|x| x.as_f64().expect("float") as f32)
            .collect();
        let single = model.embed_one(texts[i]).expect("embed one");
        for (how, got) in [("batch", &batch[i]), ("single", &single)] {
            let norm = dot(got, got).sqrt();
            let cos = dot(got, &want) / norm / dot(&want, &want).sqrt();
            println!("{how:>6} cos {cos:.6}  {}", texts[i]);
            assert!((norm - 1.0).abs() < 1e-4, "unit length: {norm}");
            assert!(cos >= 0.999, "{how} cosine {cos} for {:?}", texts[i]);
        }
    }
}

#[test]
fn odd_texts_embed() {
    let Some(model) = embedder() else { return };
    let long = "word ".repeat(10_000);
    for t in ["", " ", "🙂🙂🙂", "the of and", &long, "漢字 é ß"] {
        let v = model.embed_one(t).expect(t);
        assert_eq!(v.len(), model.dims());
        assert!(v.iter().all(|x| x.is_finite()));
    }
}

/// Copies the real model's files into a temp folder, then damages one.
fn damaged(src: &std::path::Path, damage: impl FnOnce(&std::path::Path)) -> ModelError {
    let tmp = tempfile::tempdir().expect("tmp");
    for f in ["config.json", "model.safetensors", "tokenizer.json"] {
        std::fs::copy(src.join(f), tmp.path().join(f)).expect("copy");
    }
    damage(tmp.path());
    Embedder::load(tmp.path()).expect_err("damaged model must not load")
}

#[test]
fn bad_model_folders_are_clear_errors() {
    let missing = Embedder::load(std::path::Path::new("/nonexistent/model")).unwrap_err();
    assert!(matches!(missing, ModelError::Missing(_)), "{missing}");
    let empty = tempfile::tempdir().expect("tmp");
    let e = Embedder::load(empty.path()).unwrap_err();
    assert!(matches!(e, ModelError::MissingFile { .. }), "{e}");
    assert!(e.to_string().contains("config.json"), "{e}");

    let Some(src) = model_dir() else { return };
    // Truncated weights.
    let e = damaged(&src, |d| {
        let p = d.join("model.safetensors");
        let bytes = std::fs::read(&p).expect("read");
        std::fs::write(&p, &bytes[..bytes.len() / 2]).expect("truncate");
    });
    assert!(matches!(e, ModelError::Weights { .. }), "{e}");
    // Wrong dimensions: the config promises a wider model than the weights.
    let e = damaged(&src, |d| {
        let p = d.join("config.json");
        let text = std::fs::read_to_string(&p).expect("read");
        std::fs::write(
            &p,
            text.replace("\"hidden_size\": 384", "\"hidden_size\": 768"),
        )
        .expect("w");
    });
    assert!(matches!(e, ModelError::Weights { .. }), "{e}");
    assert!(e.to_string().contains("model.safetensors"), "{e}");
    // A tokenizer that is not one.
    let e = damaged(&src, |d| {
        std::fs::write(d.join("tokenizer.json"), b"{\"version\": 1").expect("w");
    });
    assert!(matches!(e, ModelError::Tokenizer { .. }), "{e}");
    // A config that is not JSON.
    let e = damaged(&src, |d| {
        std::fs::write(d.join("config.json"), b"not json").expect("w");
    });
    assert!(matches!(e, ModelError::Config { .. }), "{e}");
}

/// A guide edited after (or while) it was embedded: the new version reuses
/// every unchanged passage's vector and embeds only what changed; a build
/// cancelled half-way keeps what it embedded for the next one; vectors of
/// one version are refused by another.
#[test]
fn edited_guides_reembed_only_what_changed_and_never_serve_stale_vectors() {
    use gloss_index::cache::Cache;
    use gloss_index::embed::GuideVectors;
    use gloss_index::{Guide, LoadedGuide};
    use std::sync::Arc;

    let Some(e) = embedder() else { return };
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/workspace/guides/STORAGE_ENGINES.md");
    let text = std::fs::read_to_string(&path).expect("example guide");
    let tmp = tempfile::tempdir().expect("tmp");
    let cache = Cache::new(tmp.path());
    let build = |g: &Guide, cancel: &dyn Fn() -> bool| {
        GuideVectors::load_or_build(g, e, Some(&cache), &mut |_| {}, cancel)
    };

    let v1 = Guide::parse(&path, text.clone());
    let (vectors1, s1) = build(&v1, &|| false).expect("first build");
    assert_eq!((s1.reused, s1.embedded), (0, s1.passages), "{s1:?}");

    // One new section at the end: everything else is reused.
    let edited = format!(
        "{text}\n\n### 9.9 Compaction debt\n\nWhen writes outpace compaction, read amplification grows until stalls throttle ingest.\n"
    );
    let v2 = Guide::parse(&path, edited.clone());
    let (vectors2, s2) = build(&v2, &|| false).expect("second build");
    assert!(s2.embedded >= 1 && s2.embedded <= 3, "{s2:?}");
    assert_eq!(s2.reused + s2.embedded, s2.passages, "{s2:?}");

    // Cancelled before its first batch, a third version embeds nothing
    // yet; the next build finishes it.
    let third = edited.replace("read amplification grows", "reads slow down");
    let v3 = Guide::parse(&path, third.clone());
    assert!(
        build(&v3, &|| true).is_err(),
        "cancel is an error, not vectors"
    );
    let (_, s3) = build(&v3, &|| false).expect("third build");
    assert!(s3.embedded >= 1 && s3.embedded <= 3, "{s3:?}");

    // Vectors belong to one version of the guide text.
    let loaded = LoadedGuide::from_text(&path, edited, None).expect("loads");
    assert!(
        !loaded.set_vectors(Arc::new(vectors1)),
        "stale vectors refused"
    );
    assert!(
        loaded.set_vectors(Arc::new(vectors2)),
        "its own vectors accepted"
    );
    assert!(loaded.vectors().is_some());
}

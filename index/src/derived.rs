//! Data that higher layers derive from a loaded guide (the draft-analysis
//! model, for one), built once on first use and kept with the guide.
//!
//! `library` stores these slots without knowing their types, so the modules
//! that analyse drafts depend on `library` and never the other way round.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

type Slot = Arc<OnceLock<Arc<dyn Any + Send + Sync>>>;

/// One value per type, each built at most once.
#[derive(Default)]
pub struct Derived {
    slots: Mutex<HashMap<TypeId, Slot>>,
}

impl Derived {
    /// The value of type `T`, built by `init` on first use. Concurrent
    /// callers for the same `T` wait for the one build; other types are not
    /// blocked by it.
    pub fn get_or_init<T: Any + Send + Sync>(&self, init: impl FnOnce() -> T) -> Arc<T> {
        let slot = {
            // A panic in another caller's `init` poisons nothing we rely on.
            let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
            slots.entry(TypeId::of::<T>()).or_default().clone()
        };
        let value = slot
            .get_or_init(|| Arc::new(init()) as Arc<dyn Any + Send + Sync>)
            .clone();
        match value.downcast::<T>() {
            Ok(v) => v,
            // Slots are keyed by `TypeId::of::<T>()`, so this cannot happen.
            Err(_) => unreachable!("derived slot holds another type"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_once_per_type() {
        let d = Derived::default();
        let mut calls = 0;
        let a = d.get_or_init(|| {
            calls += 1;
            7u32
        });
        let b = d.get_or_init(|| {
            calls += 1;
            8u32
        });
        assert_eq!((*a, *b, calls), (7, 7, 1));
        let s = d.get_or_init(|| String::from("x"));
        assert_eq!(s.as_str(), "x");
    }
}

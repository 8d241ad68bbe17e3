//! Answer drafts and anchor checks (being written).

//! The background embedding thread runs at the lowest normal priority: a
//! guide's vectors can wait, requests and the user's other work cannot.

/// Niceness of the thread that builds a guide's vectors.
const BACKGROUND_NICE: i32 = 19;

/// Lowers the calling thread's scheduling priority to the lowest normal
/// one. Linux keeps a nice value per thread, so the rest of the process
/// is untouched. Best effort: a refusal is logged, never an error.
pub fn lower_this_thread() {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: gettid and setpriority take no pointers and only touch
        // the calling thread's scheduling attributes.
        let rc = unsafe {
            let tid = libc::gettid();
            libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, BACKGROUND_NICE)
        };
        if rc != 0 {
            tracing::debug!(
                "cannot lower the embedding thread's priority: {}",
                std::io::Error::last_os_error()
            );
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    #[cfg(target_os = "linux")]
    fn lowers_only_the_calling_thread() {
        let nice_of = |tid: i32| {
            // SAFETY: as above; getpriority reads one thread's nice value.
            unsafe { libc::getpriority(libc::PRIO_PROCESS, tid as libc::id_t) }
        };
        // SAFETY: gettid has no preconditions.
        let main = unsafe { libc::gettid() };
        let before = nice_of(main);
        let worker = std::thread::spawn(move || {
            super::lower_this_thread();
            // SAFETY: as above.
            nice_of(unsafe { libc::gettid() })
        })
        .join()
        .expect("thread");
        assert_eq!(worker, super::BACKGROUND_NICE);
        assert_eq!(nice_of(main), before);
    }
}

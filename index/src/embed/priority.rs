//! The background embedding thread yields the CPU to everything else: a
//! guide's vectors can wait a few milliseconds, a hover cannot.

/// Niceness of the thread that builds a guide's vectors.
const BACKGROUND_NICE: i32 = 19;

/// Lowers the calling thread's scheduling priority to the lowest normal
/// one. Linux keeps a nice value per thread, so the rest of the process
/// is untouched. Best effort: a refusal is logged, never an error.
pub fn lower_this_thread() {
    #[cfg(target_os = "linux")]
    {
        // SCHED_IDLE: any normal thread that wakes preempts it at once,
        // where a nice value only shrinks its share over a time slice.
        // The nice value stays as a fallback where the policy is refused.
        let param = libc::sched_param { sched_priority: 0 };
        // SAFETY: gettid takes nothing; sched_setscheduler reads `param`,
        // which outlives the call; setpriority takes no pointers. All three
        // touch only the calling thread's scheduling attributes.
        let (idle, nice) = unsafe {
            let tid = libc::gettid();
            (
                libc::sched_setscheduler(tid, libc::SCHED_IDLE, &param),
                libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, BACKGROUND_NICE),
            )
        };
        if idle != 0 || nice != 0 {
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
            // SAFETY: as above; sched_getscheduler reads one thread's policy.
            let tid = unsafe { libc::gettid() };
            (nice_of(tid), unsafe { libc::sched_getscheduler(tid) })
        })
        .join()
        .expect("thread");
        assert_eq!(worker, (super::BACKGROUND_NICE, libc::SCHED_IDLE));
        assert_eq!(nice_of(main), before);
    }
}

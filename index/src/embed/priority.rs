//! The background embedding thread runs at the lowest normal priority: a
//! guide's vectors can wait, requests and the user's other work cannot.

/// Niceness of the thread that builds a guide's vectors.
const BACKGROUND_NICE: i32 = 19;

/// Time slice asked for the background thread: the longest Linux grants.
/// Under EEVDF (Linux ≥ 6.12) a waking thread with a shorter slice than
/// the running one preempts it at once; with the default slice a hover
/// that woke behind the embedding often waited for the next scheduler
/// tick (up to 4 ms). Older kernels ignore the field.
const BACKGROUND_SLICE_NS: u64 = 100_000_000;

/// Lowers the calling thread's scheduling priority to the lowest normal
/// one, with a long slice so that any request thread preempts it. Linux
/// keeps both per thread, so the rest of the process is untouched. Best
/// effort: a refusal is logged, never an error.
pub fn lower_this_thread() {
    #[cfg(target_os = "linux")]
    {
        let attr = libc::sched_attr {
            size: std::mem::size_of::<libc::sched_attr>() as u32,
            sched_policy: libc::SCHED_OTHER as u32,
            sched_flags: 0,
            sched_nice: BACKGROUND_NICE,
            sched_priority: 0,
            sched_runtime: BACKGROUND_SLICE_NS,
            sched_deadline: 0,
            sched_period: 0,
        };
        // SAFETY: gettid takes nothing; sched_setattr reads `attr`, whose
        // size field matches its layout and which outlives the call;
        // setpriority takes no pointers. All of them touch only the
        // calling thread's scheduling attributes.
        let rc = unsafe {
            let tid = libc::gettid();
            if libc::syscall(libc::SYS_sched_setattr, tid, &attr, 0u32) == 0 {
                0
            } else {
                // No sched_setattr (seccomp, an old kernel): the nice value
                // alone.
                libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, BACKGROUND_NICE)
            }
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
            // SAFETY: getpriority takes no pointers and reads one thread's
            // nice value.
            unsafe { libc::getpriority(libc::PRIO_PROCESS, tid as libc::id_t) }
        };
        // SAFETY: gettid has no preconditions.
        let main = unsafe { libc::gettid() };
        let before = nice_of(main);
        let worker = std::thread::spawn(move || {
            super::lower_this_thread();
            // SAFETY: as above.
            let tid = unsafe { libc::gettid() };
            (
                nice_of(tid),
                // SAFETY: sched_getscheduler takes no pointers.
                unsafe { libc::sched_getscheduler(tid) },
            )
        })
        .join()
        .expect("thread");
        assert_eq!(worker, (super::BACKGROUND_NICE, libc::SCHED_OTHER));
        assert_eq!(nice_of(main), before);
    }
}

//! Giving memory back to the system. A heavy computation (national coverage, a large matrix)
//! allocates gigabytes for a few seconds; glibc's allocator keeps freed pages in its arenas,
//! one per thread that ever allocated, so a server that ran a few of them on different threads
//! holds their sum long after. Fewer arenas and a trim after each heavy computation keep the
//! resident size near what the data needs.

/// Arenas glibc may create: one per core is plenty for a server whose heavy work runs on a
/// pool of that size, and bounds how much freed memory can stay scattered.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn limit_allocator_arenas() {
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    let arenas = i32::try_from(cores.max(2)).unwrap_or(2);
    // SAFETY: mallopt only reads its integer arguments; called before the server's threads.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, arenas);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn limit_allocator_arenas() {}

/// Returns the freed pages of every arena to the system (after a heavy computation).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn release_freed_memory() {
    // SAFETY: malloc_trim takes the pad to keep; it only walks the allocator's own state.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn release_freed_memory() {}

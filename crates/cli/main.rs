// mimalloc rather than the system allocator: a long history allocates
// millions of small objects, and glibc's malloc spends a growing share of
// the run consolidating its free lists as the heap grows.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    miglint_cli::main()
}

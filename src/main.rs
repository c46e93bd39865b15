//! The `maillage` command line; the commands are in [`cli`].

mod cli;

use clap::Parser;

/// The runtime of the commands, and of `serve`'s accept loop and background work (reloads,
/// tiles cut ahead): `serve` answers connections on threads of its own (`api::shards`). The
/// allocator's arenas are bounded before any thread starts (see `api::memory`).
fn main() {
    maillage::api::memory::limit_allocator_arenas();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(cores.max(2))
        .enable_all()
        .build();
    match runtime {
        Ok(rt) => rt.block_on(run()),
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            std::process::exit(1);
        }
    }
}

async fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    if let Err(e) = cli::run(cli::Cli::parse()).await {
        if cli::is_closed_pipe(&e) {
            return;
        }
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}

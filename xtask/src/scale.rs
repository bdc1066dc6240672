//! `cargo xtask bench --scale [N]`: does reading, extracting and resolving grow linearly with the
//! size of a page? Times the front of the pipeline on synthetic docs with N and 10·N properties
//! (`graphgen::synthetic`: a table of N rows, a JSON representation of N keys, response examples
//! of N keys, one of them of a type inferred from it) and prints the medians and their ratio:
//! about 10 is linear, 100 quadratic.

use anyhow::{Context, Result};
use std::path::Path;
use std::time::{Duration, Instant};

/// Median times of read + extract + resolve (`graphgen::load_models`) over `runs`: the whole,
/// read + extract, resolve.
fn front(dir: &Path, runs: usize) -> Result<(Duration, Duration, Duration)> {
    let (mut all, mut read, mut resolve) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let mut d = graphgen::diag::Diagnostics::default();
        let mut t = graphgen::Timings::default();
        let start = Instant::now();
        let models = graphgen::load_models_timed(dir, &mut d, &mut t).context("loading")?;
        all.push(start.elapsed());
        read.push(t.read_extract);
        resolve.push(t.resolve);
        anyhow::ensure!(models.len() == 1, "expected one model");
    }
    Ok((
        super::median(all),
        super::median(read),
        super::median(resolve),
    ))
}

/// Prints the medians for `n` and `10 * n` properties and their ratio.
pub fn run(n: usize, runs: usize) -> Result<()> {
    let small = tempfile::tempdir().context("temp dir")?;
    let large = tempfile::tempdir().context("temp dir")?;
    graphgen::synthetic::write_docs(small.path(), n).context("writing the docs")?;
    graphgen::synthetic::write_docs(large.path(), 10 * n).context("writing the docs")?;
    // Warm up (page cache, allocator).
    front(small.path(), 1)?;
    let (a, ar, aw) = front(small.path(), runs)?;
    let (b, br, bw) = front(large.path(), runs)?;
    println!("read + extract + resolve, {runs} runs, medians:");
    println!("| properties | read + extract + resolve | read + extract | resolve |");
    println!("|---|---|---|---|");
    for (k, all, r, w) in [(n, a, ar, aw), (10 * n, b, br, bw)] {
        println!(
            "| {k} | {:.1} ms | {:.1} ms | {:.1} ms |",
            super::ms(all),
            super::ms(r),
            super::ms(w)
        );
    }
    println!(
        "ratio {} / {n} properties: {:.1} (10 is linear, 100 quadratic)",
        10 * n,
        super::ms(b) / super::ms(a).max(0.001)
    );
    Ok(())
}

//! Writes a synthetic Alembic history to a directory, for timing driftlock against other
//! tools on the same files: `cargo run --release --example synth -- OUT_DIR 1000`.

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(n)) = (args.next(), args.next()) else {
        eprintln!("usage: synth OUT_DIR REVISIONS");
        std::process::exit(2);
    };
    let n: usize = n.parse().unwrap_or_else(|_| {
        eprintln!("REVISIONS must be a number");
        std::process::exit(2);
    });
    if let Err(e) = driftlock::synthetic::write_project(std::path::Path::new(&dir), n) {
        eprintln!("cannot write {dir}: {e}");
        std::process::exit(1);
    }
}

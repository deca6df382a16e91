//! `synthetic-history DIR N`: writes a synthetic Prisma project of N
//! migrations into DIR (see `miglint_testing::synthetic`).

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let (Some(dir), Some(n)) = (args.next(), args.next()) else {
        eprintln!("usage: synthetic-history DIR N");
        return ExitCode::from(2);
    };
    let Some(n) = n.to_str().and_then(|n| n.parse::<usize>().ok()) else {
        eprintln!("N must be a number");
        return ExitCode::from(2);
    };
    match miglint_testing::synthetic::write_prisma_history(&PathBuf::from(dir), n) {
        Ok(mix) => {
            println!(
                "{n} migrations: {} CREATE TABLE, {} ADD COLUMN, {} CREATE INDEX, {} UPDATE",
                mix.create_table, mix.add_column, mix.create_index, mix.update
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write the history: {e}");
            ExitCode::FAILURE
        }
    }
}

#!/usr/bin/env bash
# Compares miglint's drift findings with Prisma's own verdict on every Prisma
# PostgreSQL corpus and example (tests/prisma_oracle_drift.rs), and the
# Prisma mapping with Prisma's datamodel (crates/prisma/tests/oracle.rs).
# Needs Node.js and a PostgreSQL server with password auth for postgres on
# 127.0.0.1 (as root: pg_ctlcluster 15 main start; ALTER USER postgres PASSWORD 'postgres').
set -euo pipefail
cd "$(dirname "$0")/../.."
oracle=${MIGLINT_PRISMA_ORACLE:-$(pwd)/../shared/oracles/prisma/prisma-oracle}
export MIGLINT_PRISMA_ORACLE="$oracle"
cargo test --test prisma_oracle_drift -- --nocapture
cargo test -p miglint_prisma --test oracle -- --nocapture

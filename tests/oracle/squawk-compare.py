#!/usr/bin/env python3
"""Runs squawk and miglint on the same PostgreSQL corpus files and counts the
findings of each shared hazard both ways.

usage: tests/oracle/squawk-compare.py [--squawk PATH] [--miglint PATH] CORPUS_DIR...

squawk lints each file alone; miglint replays each project's whole history,
so it knows which tables are new and how the runner sends a file. The table
printed is: hazard, squawk rule, miglint rule, squawk count, miglint count.
Without squawk installed (`pip install squawk-cli`) the script says so and
exits 0.
"""
import argparse
import collections
import json
import os
import shutil
import subprocess
import sys

# squawk rule -> miglint rule, one line per shared hazard.
MAPPING = [
    ("index built without CONCURRENTLY", "require-concurrent-index-creation", "create-index-non-concurrently"),
    ("index dropped without CONCURRENTLY", "require-concurrent-index-deletion", "drop-index-non-concurrently"),
    ("foreign key without NOT VALID", "adding-foreign-key-constraint", "add-foreign-key-without-not-valid"),
    ("constraint without NOT VALID (squawk: FK and check)", "constraint-missing-not-valid", "add-check-without-not-valid"),
    ("required column without default", "adding-required-field", "add-column-not-null-without-default"),
    ("SET NOT NULL", "adding-not-nullable-field", "set-not-null"),
    ("column type change", "changing-column-type", "change-column-type"),
    ("unique constraint", "disallowed-unique-constraint", "add-unique-constraint"),
    ("primary key", "adding-serial-primary-key-field", "add-primary-key"),
    ("volatile default", "adding-field-with-default", "add-column-volatile-default"),
    ("drop column", "ban-drop-column", "drop-column"),
    ("drop table", "ban-drop-table", "drop-table"),
    ("rename column", "renaming-column", "rename-column"),
    ("rename table", "renaming-table", "rename-table"),
    ("drop not null", "ban-drop-not-null", "drop-not-null"),
    ("truncate cascade", "ban-truncate-cascade", "truncate-cascade"),
    ("drop database", "ban-drop-database", "drop-database"),
    ("concurrent index in transaction", "ban-concurrent-index-creation-in-transaction", "concurrent-index-in-transaction"),
    ("nested transaction", "transaction-nesting", "nested-transaction"),
    ("json column", "prefer-jsonb", "json-column"),
    ("uncommitted transaction", "ban-uncommitted-transaction", "uncommitted-transaction"),
    ("primary key constraint", "adding-primary-key-constraint", "add-primary-key"),
    ("domain with constraint (create)", "ban-create-domain-with-constraint", "domain-with-constraint"),
    ("domain with constraint (alter)", "ban-alter-domain-with-add-constraint", "domain-with-constraint"),
    ("lock timeout (off by default)", "require-lock-timeout", "missing-lock-timeout"),
    ("statement timeout (off by default)", "require-statement-timeout", "missing-statement-timeout"),
    ("reindex without CONCURRENTLY", "require-concurrent-reindex", "reindex-non-concurrently"),
    ("drop schema", "ban-drop-schema", "drop-schema"),
    ("identifier too long", "identifier-too-long", "identifier-too-long"),
    ("char column (off by default)", "ban-char-field", "char-column"),
    ("serial column (off by default)", "prefer-identity", "prefer-identity"),
    ("varchar(n) (off by default)", "prefer-text-field", "prefer-text"),
    ("timestamp (off by default)", "prefer-timestamp-tz", "prefer-timestamptz"),
    ("32-bit int (squawk: any column; miglint: keys, off by default)", "prefer-bigint-over-int", "prefer-bigint-primary-key"),
]


def sql_files(root):
    for dirpath, _, names in os.walk(root):
        for name in sorted(names):
            if name.endswith(".sql") and not name.endswith(".down.sql") and name != "down.sql":
                yield os.path.join(dirpath, name)


def squawk_counts(squawk, files):
    counts = collections.Counter()
    # squawk takes many files per call; batches keep the command line short.
    for start in range(0, len(files), 200):
        batch = files[start:start + 200]
        out = subprocess.run([squawk, "--reporter", "json", *batch],
                             capture_output=True, text=True).stdout
        try:
            findings = json.loads(out or "[]")
        except json.JSONDecodeError:
            continue
        for finding in findings:
            counts[finding.get("rule_name", "?")] += 1
    return counts


def miglint_counts(miglint, roots):
    counts = collections.Counter()
    for root in roots:
        # Every rule, including those off by default, so both sides are counted.
        out = subprocess.run([miglint, "check", "--format", "json", "--select", "all", root],
                             capture_output=True, text=True).stdout
        try:
            report = json.loads(out)
        except json.JSONDecodeError:
            print(f"miglint gave no JSON for {root}", file=sys.stderr)
            continue
        for finding in report.get("diagnostics", []):
            counts[finding["rule"]] += 1
    return counts


def is_postgres(miglint, root):
    out = subprocess.run([miglint, "check", "--format", "json", root],
                         capture_output=True, text=True).stdout
    try:
        projects = json.loads(out).get("projects", [])
    except json.JSONDecodeError:
        return False
    return any(p.get("dialect") == "postgresql" for p in projects)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--squawk", default=shutil.which("squawk"))
    parser.add_argument("--miglint", default="target/release/miglint")
    parser.add_argument("corpora", nargs="+")
    args = parser.parse_args()
    if not args.squawk:
        print("squawk is not installed (pip install squawk-cli); nothing compared")
        return 0
    roots = [r for r in args.corpora if is_postgres(args.miglint, r)]
    files = [f for r in roots for f in sql_files(r)]
    squawk = squawk_counts(args.squawk, files)
    miglint = miglint_counts(args.miglint, roots)
    print(f"{len(roots)} PostgreSQL corpora, {len(files)} files")
    print(f"| hazard | squawk rule | miglint rule | squawk | miglint |")
    print(f"|---|---|---|---:|---:|")
    for hazard, s_rule, m_rule in MAPPING:
        print(f"| {hazard} | {s_rule} | {m_rule} | {squawk.get(s_rule, 0)} | {miglint.get(m_rule, 0)} |")
    mapped = {s for _, s, _ in MAPPING}
    others = ", ".join(f"{r} {n}" for r, n in squawk.most_common() if r not in mapped)
    print(f"\nsquawk rules without a counterpart: {others}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

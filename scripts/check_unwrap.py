#!/usr/bin/env python3
"""No new `unwrap()` / `expect(` / `panic!` on data paths.

Scans the non-test Rust code of pipeline/ and filters/ (everything before a
file's `#[cfg(test)]` module; `src/bin/` benchmark tools excluded) for
`.unwrap()`, `.expect(`, `panic!(`, `unreachable!(`, `todo!(` and
`unimplemented!(`. A use that cannot fail on data may stay if the line, or
the line above it, carries a `// ok-unwrap: <why>` comment; uses listed in
scripts/unwrap_baseline.txt (`path: code`, code another session owns) are
tolerated until that code is reworked. `tests.rs` files (test-only modules)
are skipped. Prints every other use as file:line and exits 1 if there is any.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PATTERN = re.compile(r"\.unwrap\(\)|\.expect\(|\bpanic!\(|\bunreachable!\(|\btodo!\(|\bunimplemented!\(")
ALLOW = "ok-unwrap:"


def code_part(line: str) -> str:
    """The line without a trailing // comment (strings are not parsed: a
    `//` inside a string literal only hides the rest of that line)."""
    i = line.find("//")
    return line if i < 0 else line[:i]


def scan(path: pathlib.Path):
    lines = path.read_text(encoding="utf-8").splitlines()
    hits = []
    for n, line in enumerate(lines):
        if line.strip().startswith("#[cfg(test)]"):
            break
        stripped = line.strip()
        if stripped.startswith("//"):
            continue
        if not PATTERN.search(code_part(line)):
            continue
        if ALLOW in line or (n > 0 and ALLOW in lines[n - 1]):
            continue
        hits.append((n + 1, stripped))
    return hits


def main() -> int:
    baseline = set()
    bl = ROOT / "scripts" / "unwrap_baseline.txt"
    if bl.exists():
        for line in bl.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                path, _, code = line.partition(": ")
                baseline.add((path.strip(), code.strip()))
    files = []
    for crate in ("pipeline", "filters"):
        for p in sorted((ROOT / crate / "src").rglob("*.rs")):
            if "/bin/" in p.as_posix() or p.name == "tests.rs":
                continue
            files.append(p)
    total = 0
    for p in files:
        rel = p.relative_to(ROOT).as_posix()
        for n, text in scan(p):
            if (rel, text) in baseline:
                continue
            total += 1
            print(f"{p.relative_to(ROOT)}:{n}: {text}")
    if total:
        print(
            f"check_unwrap: {total} unwrap/expect/panic on a data path in pipeline/ or filters/ "
            f"(return an error with the stage, unit and row instead, or justify a use that "
            f"cannot fail with `// {ALLOW} <why>`)",
            file=sys.stderr,
        )
        return 1
    print(f"check_unwrap: {len(files)} files clean")
    return 0


if __name__ == "__main__":
    sys.exit(main())

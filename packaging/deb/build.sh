#!/usr/bin/env bash
# Builds the Debian package: target/debian/record-reader_<version>-1_<arch>.deb
# Needs cargo-deb (`cargo install cargo-deb --locked`) and dpkg. Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --locked
# Man pages (one per command, from the clap definition) and shell completions.
rm -rf target/packaging
target/release/record-reader generate-files target/packaging >/dev/null
cargo deb --no-build --locked "$@"

#!/usr/bin/env bash
# Renders the application icon from its one source, record-reader.svg, into the hicolor
# theme layout and into the window icon the app embeds (assets/icon-256.png).
# Needs rsvg-convert (Debian package librsvg2-bin). Run from anywhere.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
for size in 16 32 48 64 128 256 512; do
  mkdir -p "$here/hicolor/${size}x${size}/apps"
  rsvg-convert -w "$size" -h "$size" "$here/record-reader.svg" -o "$here/hicolor/${size}x${size}/apps/record-reader.png"
done
mkdir -p "$here/hicolor/scalable/apps"
cp "$here/record-reader.svg" "$here/hicolor/scalable/apps/record-reader.svg"
cp "$here/hicolor/256x256/apps/record-reader.png" "$here/../../assets/icon-256.png"
# The Windows icon resource embedded by build.rs, when ImageMagick is there to write it.
if command -v convert >/dev/null; then
  mkdir -p "$here/../windows"
  convert $(for s in 16 32 48 64 128 256; do echo "$here/hicolor/${s}x${s}/apps/record-reader.png"; done) \
    "$here/../windows/record-reader.ico"
fi

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Renders the application icon resources/icons/switchboard.svg into the files the installers use, all committed:
#   resources/icons/hicolor/<N>x<N>/apps/switchboard.png   N = 16 22 24 32 48 64 128 256 512 (Linux, freedesktop)
#   resources/icons/switchboard.ico                        16..256, PNG entries (Windows executable and installer)
#   resources/icons/switchboard.icns                       16..1024, PNG entries (macOS bundle)
# Needs rsvg-convert (Debian: librsvg2-bin) and python3. Run it again after editing the SVG.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v rsvg-convert >/dev/null || { echo "render-icons: rsvg-convert is missing (apt-get install librsvg2-bin)" >&2; exit 1; }

svg=resources/icons/switchboard.svg
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for n in 16 22 24 32 48 64 128 256 512 1024; do
    rsvg-convert --width "$n" --height "$n" --keep-aspect-ratio "$svg" --output "$tmp/$n.png"
done
for n in 16 22 24 32 48 64 128 256 512; do
    mkdir -p "resources/icons/hicolor/${n}x${n}/apps"
    cp "$tmp/$n.png" "resources/icons/hicolor/${n}x${n}/apps/switchboard.png"
done

python3 - "$tmp" resources/icons <<'PY'
import struct, sys
src, out = sys.argv[1], sys.argv[2]
png = lambda n: open(f"{src}/{n}.png", "rb").read()

# ICO: ICONDIR, one ICONDIRENTRY per size, then the PNG images (width/height 0 means 256).
sizes = [16, 24, 32, 48, 64, 128, 256]
images = [png(n) for n in sizes]
offset = 6 + 16 * len(sizes)
ico = struct.pack("<HHH", 0, 1, len(sizes))
for n, data in zip(sizes, images):
    ico += struct.pack("<BBBBHHII", n % 256, n % 256, 0, 0, 1, 32, len(data), offset)
    offset += len(data)
open(f"{out}/switchboard.ico", "wb").write(ico + b"".join(images))

# ICNS: 'icns' + total length, then (type, length incl. 8-byte header, PNG data) chunks.
types = [("icp4", 16), ("icp5", 32), ("icp6", 64), ("ic07", 128), ("ic08", 256), ("ic09", 512),
         ("ic10", 1024), ("ic11", 32), ("ic12", 64), ("ic13", 256), ("ic14", 512)]
body = b"".join(t.encode() + struct.pack(">I", 8 + len(png(n))) + png(n) for t, n in types)
open(f"{out}/switchboard.icns", "wb").write(b"icns" + struct.pack(">I", 8 + len(body)) + body)
PY
echo "render-icons: wrote resources/icons/hicolor/*/apps/switchboard.png, switchboard.ico, switchboard.icns"

"""Checks that node labels survive rasterising: dark text pixels inside every label's halo.

Usage: python3 label_pixels.py SVG NAME=PNG... [--expect-none]

SVG is an ideagraph picture export; each PNG is that SVG rasterised (by resvg, librsvg,
ImageMagick...) at any scale. A label's halo is its own <rect class="halo">, painted in
the background colour at 80% over whatever lies under it, so inside a halo only the
label's text is dark. For each PNG, counts the halos holding dark pixels and fails
unless nearly all of them do. With --expect-none (a render of the SVG with the label
text removed) it fails if any halo holds text: the check can tell labels from none.
PNGs are decoded by ImageMagick's `convert` to binary PPM, so no Python package is
needed.
"""
import re
import subprocess
import sys

DARK = 110  # A pixel whose every channel is below this is ink, not halo or faded edge.
MIN_DARK_PIXELS = 3
MIN_SHARE = 0.9


def halos(svg_text):
    size = re.search(r'<svg [^>]*width="([\d.]+)" height="([\d.]+)"', svg_text)
    rects = re.findall(
        r'<rect class="halo" x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" height="([\d.]+)"',
        svg_text,
    )
    return (float(size.group(1)), float(size.group(2))), [tuple(map(float, r)) for r in rects]


def read_ppm(png):
    data = subprocess.run(
        ["convert", png, "-background", "white", "-flatten", "-depth", "8", "ppm:-"],
        check=True,
        capture_output=True,
    ).stdout
    # P6 <w> <h> <max>\n then RGB bytes.
    head = re.match(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    w, h = int(head.group(1)), int(head.group(2))
    return w, h, data[head.end():]


def labelled(png, svg_size, rects):
    w, h, px = read_ppm(png)
    sx, sy = w / svg_size[0], h / svg_size[1]
    found = 0
    for x, y, rw, rh in rects:
        # One pixel in from the edge: the halo's own rim may be antialiased.
        x0, y0 = int(x * sx) + 1, int(y * sy) + 1
        x1, y1 = min(int((x + rw) * sx) - 1, w), min(int((y + rh) * sy) - 1, h)
        dark = 0
        for yy in range(max(y0, 0), y1):
            row = yy * w * 3
            for xx in range(max(x0, 0), x1):
                i = row + xx * 3
                if px[i] < DARK and px[i + 1] < DARK and px[i + 2] < DARK:
                    dark += 1
        if dark >= MIN_DARK_PIXELS:
            found += 1
    return found


def main(argv):
    expect_none = "--expect-none" in argv
    args = [a for a in argv if a != "--expect-none"]
    svg_size, rects = halos(open(args[0], encoding="utf-8").read())
    assert len(rects) >= 10, f"only {len(rects)} labels in {args[0]}"
    ok = True
    for spec in args[1:]:
        name, png = spec.split("=", 1)
        found = labelled(png, svg_size, rects)
        print(f"{name}: text in {found} of {len(rects)} label halos")
        if expect_none:
            ok &= found == 0
        else:
            ok &= found >= MIN_SHARE * len(rects)
    if not ok:
        want = "none" if expect_none else f"at least {MIN_SHARE:.0%}"
        sys.exit(f"label check failed: wanted text in {want} of the label halos")


main(sys.argv[1:])

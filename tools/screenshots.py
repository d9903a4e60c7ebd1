"""Screenshots of the static site's main pages, for docs/ and the README.

    python tools/screenshots.py [--out docs/screenshots] [--work DIR]

builds the seed data (``data/``) and the test corpus (``tests/corpus/``) and makes their sites with the CLI, as a
user does (``kg build --data D --build B``, ``kg site --build B --out S``), in a temporary folder (or ``--work``),
then opens each page below in headless Chromium (the system's browser, launched as the tests launch it:
``tests/browser.py``; nothing is downloaded) from its ``file://`` URL and saves a PNG: 1280 px wide (a 1280×900
viewport), the whole page down to at most ``MAX_HEIGHT`` px. The file names are fixed (``SHOTS``). A page that logs
a console error or warning, throws or requests anything non-local is still saved, but reported, and the exit status
is then 1.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: tools/ is on the path, not the repository
    sys.path.insert(0, str(ROOT))

from playwright.sync_api import FloatRect, Page, sync_playwright  # noqa: E402

from tests.browser import (  # noqa: E402
    VIEWPORT,
    chromium_executable,
    file_url,
    launch,
    page_problems,
    watched_page,
)

MAX_HEIGHT = 2400


@dataclass(frozen=True)
class Shot:
    """One screenshot: the file name, which site (``seed`` or ``corpus``), the page and its query, and what to wait
    for before taking it (a CSS selector; "" for nothing)."""

    name: str
    site: str
    page: str
    query: str = ""
    wait_for: str = ""


SHOTS = (
    Shot("home.png", "seed", "index.html"),
    Shot("figure-children-1928.png", "seed", "figure/children-1928.html", wait_for="div.archived-text .quote mark"),
    Shot("article-snhr-russia-fourth-anniversary.png", "seed", "article/snhr-russia-fourth-anniversary.html"),
    Shot("measure-children-killed-by-russian-forces-since-2015.png", "corpus",
         "measure/children-killed-by-russian-forces-since-2015.html", wait_for="svg.chart"),
    Shot("incident-zardana-massacre.png", "corpus", "incident/zardana-massacre.html"),
    Shot("article-al-araby-snhr-zardana-2018-07-18-ar.png", "corpus",
         "article/al-araby-snhr-zardana-2018-07-18-ar.html"),
    Shot("search-zardana-ar.png", "corpus", "search.html", query="زردنا",
         wait_for='main a[href$="place/zardana.html"]'),
)

DATA = {"seed": ROOT / "data", "corpus": ROOT / "tests" / "corpus"}


def kg(*args: str) -> None:
    """Run the CLI (``python -m kg ARGS``); exits with its message if it fails."""
    result = subprocess.run([sys.executable, "-m", "kg", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"kg {' '.join(args)} exited {result.returncode}:\n{result.stdout}{result.stderr}")


def make_site(data: Path, work: Path) -> Path:
    """``kg build`` of ``data`` into ``work/build``, then ``kg site`` into ``work/site``; the site's folder."""
    build, site = work / "build", work / "site"
    kg("build", "--data", str(data), "--build", str(build))
    kg("site", "--build", str(build), "--out", str(site))
    return site


def take(page: Page, url: str, shot: Shot, out: Path) -> None:
    """Open ``url`` and save the page, full width and at most ``MAX_HEIGHT`` px high, as ``out/shot.name``."""
    page.goto(url)
    if shot.wait_for:
        page.locator(shot.wait_for).first.wait_for(state="visible")
    page.evaluate("document.fonts.ready")
    height = min(int(page.evaluate("document.documentElement.scrollHeight")), MAX_HEIGHT)
    clip: FloatRect = {"x": 0, "y": 0, "width": VIEWPORT["width"], "height": max(height, VIEWPORT["height"])}
    page.screenshot(path=out / shot.name, full_page=True, clip=clip, animations="disabled", caret="hide")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots", help="folder of the PNG files")
    parser.add_argument("--work", type=Path, help="folder for the builds and sites (default: a temporary one)")
    args = parser.parse_args(argv)
    executable = chromium_executable()
    if executable is None:
        sys.exit("no Chromium: tools/test-deps.sh installs Debian's chromium (as root)")
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kg-screenshots-") as temp:
        work: Path = args.work or Path(temp)
        sites = {name: make_site(data, work / name) for name, data in DATA.items()}
        problems: list[str] = []
        with sync_playwright() as playwright:
            browser = launch(playwright, executable)
            try:
                for shot in SHOTS:
                    query = {"q": shot.query} if shot.query else {}
                    with watched_page(browser) as (page, watch):
                        take(page, file_url(sites[shot.site] / shot.page, **query), shot, out)
                        problems += [f"{shot.page}: {problem}" for problem in page_problems(page, watch)]
                    print(out / shot.name)
            finally:
                browser.close()
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Prints the per-request statistics table of a Gatling HTML report (the newest one by default).

    python3 load-tests/report.py [load-tests/target/gatling/visitorloadsimulation-...]
"""
import glob, html, os, re, sys

here = os.path.dirname(os.path.abspath(__file__))
runs = sys.argv[1:] or sorted(glob.glob(os.path.join(here, "target/gatling/*/")), key=os.path.getmtime)[-1:]
if not runs:
    sys.exit("no Gatling report under target/gatling/")
cols = ["total", "ok", "ko", "ko%", "req/s", "min", "p50", "p75", "p95", "p99", "max", "mean", "std"]
for run in runs:
    page = open(os.path.join(run, "index.html"), encoding="utf-8").read()
    body = page[page.find('id="container_statistics_body"'):] if 'container_statistics_body' in page else page
    print(os.path.basename(os.path.normpath(run)), "(times in ms)")
    print(f"{'request':28}" + "".join(f"{c:>9}" for c in cols))
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = [html.unescape(re.sub(r"<[^>]+>", " ", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        cells = [re.sub(r"\s+", " ", c) for c in cells if c != ""]
        if len(cells) >= 14:
            name = re.sub(r" 0$", "", cells[0])
            print(f"{name[:28]:28}" + "".join(f"{c:>9}" for c in cells[1:14]))

"""`make bench`: build speed, live-reload latency, page weight and Lighthouse scores, each
against its budget. A script, not a test: the numbers depend on the machine and its load.

Everything runs in a throwaway copy of the project (no .cache, so the first build is cold),
and every ratio compares runs made side by side in the same invocation. Results go to
bench-results/bench.json and bench-results/bench.md; a summary table is printed at the end.

    .venv/bin/python -m scripts.bench [--with-tests] [--runs 3] [--skip-serve] [--skip-lighthouse] [--only scale,...]

"Scale" (scripts/bench/scale.py) grows a second copy to twice today's section pages and questions
and measures its builds, serve reload and page weights beside today's: the growth figures.

"Plain build" = the same final pages without the machinery that makes them: an untimed build
saves each page's Markdown as the macros rendered it, and the plain build turns those pages
(plus the drawn SVGs, as plain files) into a site with the same theme, Markdown extensions,
search, print-site and handout hooks, but no macros plugin and no diagram hook. The budget
warm / plain <= 1.10 is the cost of the macros and the diagram hook themselves. A second,
"placeholder" build (every macro returns one word) shows what the generated content costs
the rest of the build. Both are generated configs (INHERIT of mkdocs.yml) in the copy:
production code has no benchmark switches. This machine's speed drifts from one build to the
next, so a warm build and its plain partner run at the same moment, one per CPU (common.at_once);
each pair is listed. machinery.py also times the macros' and the diagram hook's own handlers
inside one warm build, a share that drift cannot skew.
"""

"""Contributor tools, run from the project root as modules: `python -m scripts.handout site`.

project.py is what they share with each other and with the tests (tests/support.py): the one
reader of mkdocs.yml, the Chromium launcher, and the budgets.
"""

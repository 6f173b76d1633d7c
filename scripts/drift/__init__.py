"""The currency watch behind `make drift`: what changed at AWS since the guide was checked.

Three sources, one report (drift-report/drift.md for people, drift.json for tools):

- api.py      botocore's API models, pinned release against the newest (or any two releases)
- facts.py    each fact of docs/_data/facts.yml re-read from the newest models
- docs.py     the registry's pages (text fingerprints against docs/_data/sources.lock.json)
              and the AWS guides' document-history feeds
- stale.py    section pages whose `checked:` date or `botocore:` release is old

guide.py indexes what the guide names (API names, citations, front matter) so that every item
can say which pages, questions and facts it touches; report.py holds the report's schema.
"""

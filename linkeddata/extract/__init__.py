"""Extraction: article text -> `ArticleFacts` (plain Python objects with text spans; no RDF here).

The stages, each in its own module:
  extractor.py `Extractor`: loads spaCy once and runs the stages below over each article
  entities.py  persons (names, posts), countries, places, organisations, and which tokens mention them
  source.py    publisher (URL host, "X reports") and dateline
  coref.py     "the Vice President", "he", "the two leaders", "the delegation"
  events.py    the six event types from triggers and their arguments in the dependency parse
  dates.py     date expressions resolved against the publication date
  topics.py    what was discussed
  names.py     given names and their short forms (also read by resolution)
Cross-article keys are the next stage, `linkeddata/resolve.py`, run by the pipeline.

Only `extractor.py` imports spaCy, and nothing imports it at the top of a module: a build that extracts
nothing (every article unchanged) never loads spaCy.
"""

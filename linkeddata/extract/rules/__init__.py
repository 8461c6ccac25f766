"""Extraction rules kept as data: the words and wordings of the event finders, each with its examples."""

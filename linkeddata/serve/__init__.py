"""Serving the web application: its settings and the options of `linkeddata serve` (`settings`, importable
without Flask, so that the commands that serve nothing start quickly) and the gunicorn runner (`server`)."""

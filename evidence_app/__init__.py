"""Evidence Archive Compiler: a headless core (archive, indexing, export) with two faces, CLI
and Qt."""

__version__ = "0.1.0"

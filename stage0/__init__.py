"""stage0: the bootstrap compiler of the SPy toolchain, written in Python.

The pipeline (one module per phase, see docs/architecture.md section 3):
lexer -> parser -> scope -> importer -> vm -> redshift -> cwriter -> build.
The C backend is cwriter (emission) with cnames (names, C types,
literals) and canalysis (class ids, may-panic and effect analyses).
"""

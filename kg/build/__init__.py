"""The build: records -> RDF units -> SHACL -> Turtle, TriG, store, manifest.

``pipeline`` orchestrates a full build (all or nothing); ``incremental``
replaces only the named graphs of changed articles; ``outputs`` writes the
documents; ``batches`` and ``shacl`` validate them (in worker processes, in
batches); ``manifest`` and ``store`` keep the digests and the Oxigraph store (in versions
that readers hold); ``atomic`` locks the build folder, stages and commits the
outputs together; ``orphans`` makes child processes die with their parent.
Imports the model, the loader and the RDF layer; never ``ask``, ``show`` or the CLI.
"""

from kg.build.pipeline import (
    MANIFEST,
    ORIGINS,
    TRIG,
    TURTLE,
    BuildResult,
    Checked,
    build,
    check,
    validate_data,
)

__all__ = ["MANIFEST", "ORIGINS", "TRIG", "TURTLE", "BuildResult", "Checked", "build", "check", "validate_data"]

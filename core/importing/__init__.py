"""Importing what we paid and what we signed.

An import runs in stages, each a plain function:

1. :mod:`core.importing.files` checks the file (size, kind, zip bombs,
   encryption) and reads it into a :class:`RawTable` of text cells;
2. :mod:`core.importing.detect` recognises the format by its header;
3. the format's converter (:mod:`core.importing.formats`) turns the raw
   table into usage rows, collecting a :class:`~core.errors.Problem` per bad
   cell;
4. :mod:`core.importing.pipeline` decides, as one transaction, what enters
   the workspace: nothing if any row is bad (unless bad rows are skipped),
   and never a row already imported.
"""

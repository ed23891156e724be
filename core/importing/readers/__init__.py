"""Readers behind :func:`core.importing.files.read_raw`, one per kind of file.

:mod:`.safety` checks a file before anything parses it; :mod:`.layout`
finds the header and the rows around it; :mod:`.delimited`,
:mod:`.spreadsheet`, :mod:`.jsonpages` and :mod:`.columnar` read each kind
into a :class:`~core.importing.base.RawTable`.
"""

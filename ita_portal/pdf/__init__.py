"""The portal's PDF engine, shared by every document kind (reports, memos).

* :mod:`.render`: Django template → WeasyPrint → PDF bytes, deterministic for a given
  issue time; the one place ``write_pdf`` is called.
* :mod:`.fetcher`: the URL fetcher that reads only ``data:`` URLs and the portal's files.
* :mod:`.text_layer`: one character code per (glyph, text) so Thai copies right.
* :mod:`.text_check`: reads PDFs back and compares with what was laid out (QA tools).

Nothing here knows about agencies, measures or memos.
"""

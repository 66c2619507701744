"""Tag suggestions: the archive proposes requirements and mechanisms, staff confirm.

- ``mechanisms``: a document whose 文号 is a mechanism's is linked to it, with certainty.
- ``model``: requirements (and mechanisms) ranked by content, from the catalogue's own words
  on the first day and from the tags staff have given as they accumulate.
- ``hooks``: what an import and a catalogue import call afterwards.

No Qt here; the CLI (`evidence-app suggest`) and the window's review queue call this.
"""

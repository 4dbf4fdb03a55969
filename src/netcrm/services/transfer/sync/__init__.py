"""`netcrm sync vdir`: a folder of vCard files (a vdir) and the database, kept in step.

`fields.py` says which fields are synced and reads them from either side, `cards.py` writes
netcrm's fields into a card while keeping what it does not own, `folder.py` reads and writes
the folder's files safely, and `vdir.py` runs one sync (see docs/sync.md).
"""

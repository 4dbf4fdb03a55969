"""A contact's lasting identity: the uid exports name it by, across databases and upgrades."""

import uuid
from datetime import datetime

# Never change it: the uids netcrm derived before every contact stored one are made from it.
UID_NAMESPACE = uuid.UUID("6c1f3a52-2f4e-4d7e-9a49-3f1d2b0c7e11")


def legacy_uid(contact_id: int, created_at: datetime) -> str:
    """The uid netcrm derived from id and creation time before every contact stored one.

    Never change it: migration 0003 stores exactly this value in `vcard_uid`, so files exported
    before the upgrade still match their contacts after it.
    """
    return str(uuid.uuid5(UID_NAMESPACE, f"{contact_id}/{created_at.isoformat()}"))


def contact_uid(contact_id: int, created_at: datetime, vcard_uid: str | None) -> str:
    """The contact's stable uid: its stored `vcard_uid`, else the legacy derived one.

    netcrm stores a uid for every contact (new ones at creation, older ones by migration
    0003), so the fallback only serves rows another tool inserted without one. It stays, on
    purpose: an export must still name such a row, and never write to the database to do it.
    """
    return vcard_uid or legacy_uid(contact_id, created_at)

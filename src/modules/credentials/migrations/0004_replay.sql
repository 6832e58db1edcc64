-- A QR code is good once: the digest of its key-binding JWT is kept with the check that used it, and a second
-- check of the same code is refused as a replay. (Codes live two minutes; the digest says nothing about
-- the holder.)
alter table cred_verifications add column presentation_digest text;
create unique index cred_verifications_presentation on cred_verifications (presentation_digest) where presentation_digest is not null;

-- 0003 indexed (status_list_id, status_index) again, though 0001's unique constraint already does: one is enough.
drop index cred_licences_status_entry;

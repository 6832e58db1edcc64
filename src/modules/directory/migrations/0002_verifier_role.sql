-- 核验员: staff of a verifier organisation (hotel, scenic spot, museum, library, hospital) who check citizens'
-- electronic licences. Granted on the region the place lies in; the credentials module says which place.
alter table dir_role_grants drop constraint dir_role_grants_role_check;
alter table dir_role_grants add constraint dir_role_grants_role_check check (role in ('platform_admin', 'org_admin', 'chief_data_officer',
  'data_steward', 'approver', 'auditor', 'developer', 'verifier'));

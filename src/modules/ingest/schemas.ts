// Request and response schemas of the ingest routes.
import { Type } from 'typebox';
import { FILE_FORMATS, TEXT_ENCODINGS } from './sources/files.ts';

export const EntryParams = Type.Object({ entryId: Type.String({ format: 'uuid' }) });
export const BatchParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }) });

export const Page = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  offset: Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0 }),
});

export const UploadQuery = Type.Object({
  fileName: Type.String({ minLength: 1, maxLength: 255, description: 'original file name; its extension gives the format unless `format` is set' }),
  format: Type.Optional(Type.Enum(FILE_FORMATS)),
  encoding: Type.Optional(Type.Enum(TEXT_ENCODINGS, { default: 'auto' })),
});

const Problem = Type.Object({ item: Type.String(), zh: Type.String(), en: Type.String() });

export const Batch = Type.Object({
  id: Type.Integer(),
  entryId: Type.String(),
  source: Type.String(),
  sourceName: Type.String(),
  status: Type.String(),
  format: Type.Union([Type.String(), Type.Null()]),
  totalBytes: Type.Union([Type.Integer(), Type.Null()]),
  bytesRead: Type.Integer(),
  rowsRead: Type.Integer(),
  inserted: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  deleted: Type.Integer(),
  rejected: Type.Integer(),
  ignoredColumns: Type.Array(Type.String()),
  error: Type.Union([Type.Object({ zh: Type.String(), en: Type.String() }), Type.Null()]),
  startedAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
});

export const Opened = Type.Object({
  state: Type.String({ description: 'new | resumed | done (this content was imported before: nothing changed)' }),
  batch: Batch,
});

export const BatchPage = Type.Object({ items: Type.Array(Batch), total: Type.Integer() });

const Record = Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,62}$' }), Type.Union([Type.String({ maxLength: 10000 }), Type.Number(), Type.Boolean(), Type.Null()]));

export const PushBody = Type.Object(
  {
    batchId: Type.String({ minLength: 1, maxLength: 100, description: "the sending system's own id for this batch; sending it again is a no-op" }),
    records: Type.Array(Record, { maxItems: 10_000 }),
    deletes: Type.Optional(Type.Array(Record, { maxItems: 10_000, description: 'key values of records to delete' })),
  },
  { additionalProperties: false },
);

export const RecordPage = Type.Object({ items: Type.Array(Type.Record(Type.String(), Type.Unknown())), total: Type.Integer() });

export const HistoryQuery = Type.Object({ key: Type.String({ minLength: 2, maxLength: 2000, description: 'the key items as a JSON object, e.g. {"gmsfhm":"370702..."}' }) });

export const LedgerQuery = Type.Object({ days: Type.Integer({ minimum: 1, maximum: 366, default: 30 }) });

export const SourceParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const SourceBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    kind: Type.Enum(['postgres', 'mysql', 'http']),
    config: Type.Object(
      {
        host: Type.Optional(Type.String({ maxLength: 255 })),
        port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
        database: Type.Optional(Type.String({ maxLength: 100 })),
        user: Type.Optional(Type.String({ maxLength: 100 })),
        table: Type.Optional(Type.String({ maxLength: 130 })),
        updatedAt: Type.Optional(Type.String({ maxLength: 63 })),
        url: Type.Optional(Type.String({ maxLength: 2000 })),
        cursorParam: Type.Optional(Type.String({ maxLength: 63 })),
        recordsPath: Type.Optional(Type.String({ maxLength: 200 })),
      },
      { additionalProperties: false },
    ),
    secret: Type.Optional(Type.Union([Type.String({ maxLength: 1000, description: 'password or bearer token; stored encrypted, never shown again' }), Type.Null()])),
    intervalMinutes: Type.Integer({ minimum: 1, maximum: 44640 }),
  },
  { additionalProperties: false },
);

export { Problem };

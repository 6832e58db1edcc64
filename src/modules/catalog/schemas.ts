// Request and response schemas of the catalog routes.
import { Type } from 'typebox';
import {
  DATA_GRADES, ENTRY_STATUSES, ITEM_TYPES, MASK_RULES, OPEN_TYPES, RESOURCE_CLASSES, SENSITIVITIES, SHARE_MODES, SHARE_TYPES, UPDATE_FREQUENCIES,
} from './model.ts';

const Uuid = Type.String({ format: 'uuid' });
const Text = (max: number) => Type.String({ maxLength: max });
const NullableText = (max: number) => Type.Union([Type.String({ maxLength: max }), Type.Null()]);

export const Item = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z][a-z0-9_]{0,62}$', description: 'column-safe item code' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    type: Type.Enum(ITEM_TYPES),
    length: Type.Union([Type.Integer({ minimum: 1, maximum: 10000 }), Type.Null()]),
    scale: Type.Union([Type.Integer({ minimum: 0, maximum: 30 }), Type.Null()]),
    required: Type.Boolean(),
    key: Type.Boolean(),
    sensitivity: Type.Enum(SENSITIVITIES),
    mask: Type.Enum(MASK_RULES),
  },
  { additionalProperties: false },
);

export const Content = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    summary: Text(2000),
    resourceClass: Type.Enum(RESOURCE_CLASSES),
    category: Type.String({ minLength: 1, maxLength: 50 }),
    format: Type.String({ minLength: 1, maxLength: 50 }),
    updateFrequency: Type.Enum(UPDATE_FREQUENCIES),
    shareType: Type.Enum(SHARE_TYPES),
    shareConditions: NullableText(1000),
    notSharedBasis: NullableText(1000),
    shareModes: Type.Array(Type.Enum(SHARE_MODES), { uniqueItems: true, maxItems: 3 }),
    openType: Type.Enum(OPEN_TYPES),
    dataGrade: Type.Enum(DATA_GRADES),
    relatedCodes: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 50, uniqueItems: true }),
    items: Type.Array(Item, { maxItems: 500 }),
  },
  { additionalProperties: false },
);

export const Entry = Type.Object({
  ...Content.properties,
  id: Uuid,
  code: Type.String(),
  providerOrgId: Uuid,
  providerName: Type.String(),
  providerUscc: Type.Union([Type.String(), Type.Null()]),
  status: Type.Enum(ENTRY_STATUSES),
  version: Type.Integer(),
  publishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  returnReason: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const CreateBody = Type.Object({ providerOrgId: Uuid, content: Content }, { additionalProperties: false });
export const ReturnBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false });
export const IdParams = Type.Object({ id: Uuid });

export const EntryQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    providerOrgId: Type.Optional(Uuid),
    resourceClass: Type.Optional(Type.Enum(RESOURCE_CLASSES)),
    category: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'category within the class, e.g. 人口 (the tree\'s second level)' })),
    shareType: Type.Optional(Type.Enum(SHARE_TYPES)),
    dataGrade: Type.Optional(Type.Enum(DATA_GRADES)),
    status: Type.Optional(Type.Enum(ENTRY_STATUSES)),
    page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
  },
  { additionalProperties: false },
);
export const EntryPage = Type.Object({ items: Type.Array(Entry), total: Type.Integer() });

export const Versions = Type.Array(Type.Object({ version: Type.Integer(), publishedAt: Type.String({ format: 'date-time' }), content: Content }));

export const TreeQuery = Type.Object({ by: Type.Enum(['class', 'provider'] as const, { default: 'class' }) }, { additionalProperties: false });
export const Tree = Type.Array(
  Type.Object({
    key: Type.String(),
    title: Type.String(),
    count: Type.Integer(),
    children: Type.Array(Type.Object({ key: Type.String(), title: Type.String(), count: Type.Integer(), children: Type.Array(Type.Unknown()) })),
  }),
);

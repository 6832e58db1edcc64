// Request and response schemas of the VC-API routes. The credential and presentation documents are open
// JSON objects here: the VC 2.0 data model is checked by model.ts, which names the rule that failed.
import { Type } from 'typebox';
import { STATUS_PURPOSES } from './bitstring.ts';

const Uuid = Type.String({ format: 'uuid' });
const Document = Type.Record(Type.String(), Type.Unknown());

export const IssueBody = Type.Object(
  {
    credential: Document,
    options: Type.Optional(Type.Object({ issuerOrgId: Type.Optional(Uuid) }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export const IssueResponse = Type.Object({ verifiableCredential: Document });

export const VerifyBody = Type.Object(
  { verifiableCredential: Document, options: Type.Optional(Type.Object({}, { additionalProperties: false })) },
  { additionalProperties: false },
);

const ProblemList = Type.Array(Type.Object({ code: Type.String(), message: Type.String() }));
const Outcome = {
  verified: Type.Boolean(),
  checks: Type.Array(Type.String()),
  warnings: ProblemList,
  errors: ProblemList,
};
export const VerifyResponse = Type.Object(Outcome);

export const PresentationBody = Type.Object(
  {
    verifiablePresentation: Document,
    options: Type.Object(
      { challenge: Type.String({ minLength: 1, maxLength: 500 }), domain: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export const PresentationResponse = Type.Object({
  ...Outcome,
  credentialResults: Type.Array(Type.Object({ credentialId: Type.Union([Type.String(), Type.Null()]), ...Outcome })),
});

export const StatusBody = Type.Object(
  {
    credentialId: Type.String({ minLength: 1, maxLength: 2000 }),
    credentialStatus: Type.Array(
      Type.Object(
        { type: Type.Literal('BitstringStatusListEntry'), statusPurpose: Type.Enum([...STATUS_PURPOSES]), status: Type.Optional(Type.Boolean()) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 1 },
    ),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  },
  { additionalProperties: false },
);
export const StatusResponse = Type.Object({
  credentialId: Type.String(),
  status: Type.Enum(['valid', 'suspended', 'revoked']),
  statusReason: Type.Union([Type.String(), Type.Null()]),
  validUntil: Type.Union([Type.String(), Type.Null()]),
});

export const IdParams = Type.Object({ id: Uuid });
export const OrgParams = Type.Object({ orgId: Uuid });

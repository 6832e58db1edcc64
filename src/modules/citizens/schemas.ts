// Request and response shapes of the citizen (公众用户) API.
import { Type } from 'typebox';

const Mobile = Type.String({ minLength: 11, maxLength: 16, description: '手机号码 mainland mobile number' });

export const CodeBody = Type.Object({ mobile: Mobile }, { additionalProperties: false });
export const CodeSent = Type.Object({ sentTo: Type.String(), resendAfterSeconds: Type.Integer(), expiresInSeconds: Type.Integer() });
export const LoginBody = Type.Object({ mobile: Mobile, code: Type.String({ pattern: '^\\s*\\d{6}\\s*$' }) }, { additionalProperties: false });
export const Account = Type.Object({
  id: Type.String(),
  mobile: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  idNumber: Type.Union([Type.String(), Type.Null()]),
  boundAt: Type.Union([Type.String(), Type.Null()]),
});
export const LoginResult = Type.Object({ account: Account, binding: Type.Union([Type.Literal('bound'), Type.Literal('choose'), Type.Literal('not_in_register')]) });
export const BindBody = Type.Object(
  { idNumber: Type.String({ minLength: 18, maxLength: 18 }), name: Type.String({ minLength: 1, maxLength: 50 }) },
  { additionalProperties: false },
);

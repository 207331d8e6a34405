import { Type } from '@sinclair/typebox';

export const SessionOut = Type.Object({
  object: Type.Literal('dashboard_session'),
  management_id: Type.String(),
  csrf_token: Type.String({
    description: 'Send it as the x-csrf-token header on every mutating request made with the session cookie',
  }),
  expires_at: Type.String({ format: 'date-time' }),
});

import type { AddressInfo } from 'node:net';
import { VoucherifyClientSide, VoucherifyServerSide } from '@voucherify/sdk';
import { KEYS, type TestApp } from './app.js';

export type ServerSdk = ReturnType<typeof VoucherifyServerSide>;
export type ClientSdk = ReturnType<typeof VoucherifyClientSide>;

/** Listens on 127.0.0.1 (once) and returns the base URL the SDKs talk to. */
export async function listen(t: TestApp): Promise<string> {
  if (!t.vs.app.server.listening) await t.vs.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(t.vs.app.server.address() as AddressInfo).port}`;
}

/** The official server-side SDK with the test app's key. */
export function serverSdk(apiUrl: string): ServerSdk {
  return VoucherifyServerSide({ applicationId: KEYS.appId, secretKey: KEYS.appToken, apiUrl });
}

/** The official client-side SDK with a client key, sending `origin`. */
export function clientSdk(
  apiUrl: string,
  key: { client_app_id: string; client_token: string },
  origin: string,
): ClientSdk {
  return VoucherifyClientSide({
    clientApplicationId: key.client_app_id,
    clientSecretKey: key.client_token,
    apiUrl,
    origin,
  });
}

/** The x-request-id of the SDK's last response. */
export function lastRequestId(sdk: object): string {
  const holder = sdk as { apiLimitsHandler?: { requestController: any }; client?: any };
  const controller = holder.apiLimitsHandler?.requestController ?? holder.client;
  return controller.getLastResponseHeaders()['x-request-id'];
}

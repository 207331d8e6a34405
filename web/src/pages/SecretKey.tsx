import { useState } from 'react';
import { api, type Project, type WebhookSecret } from '../api';
import { ConfirmDialog, ErrorBox, Icon, Loading, useAsync } from '../components/ui';
import { formatTime } from '../format';

const SNIPPET = `import { createHmac, timingSafeEqual } from 'node:crypto';

// rawBody: the request body exactly as received (a Buffer), before JSON parsing.
export function isSignedByVouchsafe(rawBody, headers, secretKey) {
  const given = Buffer.from(String(headers['x-voucherify-signature'] ?? ''));
  const expected = Buffer.from(
    createHmac('sha256', secretKey).update(rawBody).digest('hex'),
  );
  return given.length === expected.length && timingSafeEqual(given, expected);
}`;

function mask(secret: string): string {
  const prefix = secret.startsWith('whsec_') ? 'whsec_' : '';
  return prefix + '•'.repeat(24);
}

/** The project's webhook secret key: masked, revealable, copyable, and regenerable with a 24 h overlap. */
export function SecretKey({ project }: { project: Project }) {
  const secret = useAsync(
    () => api<WebhookSecret>('GET', `/projects/${project.id}/webhook-secret`),
    [project.id],
  );
  const [revealed, setRevealed] = useState(false);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const [confirming, setConfirming] = useState(false);

  const copy = async () => {
    if (!secret.data) return;
    try {
      await navigator.clipboard.writeText(secret.data.secret_key);
      setCopyState('copied');
    } catch {
      // The clipboard needs a secure context (https or localhost); show the key so it can be copied by hand.
      setRevealed(true);
      setCopyState('failed');
    }
  };

  return (
    <section className="card" aria-labelledby="secret-title">
      <div className="card-head">
        <div>
          <h2 id="secret-title">Webhook secret key</h2>
          <p className="muted">Every send-out of this project is signed with it.</p>
        </div>
        <button type="button" className="btn" onClick={() => setConfirming(true)} disabled={!secret.data}>
          Regenerate
        </button>
      </div>
      {secret.error ? <ErrorBox error={secret.error} onRetry={secret.reload} /> : null}
      {!secret.data && !secret.error ? <Loading label="Loading the secret key…" /> : null}
      {secret.data ? (
        <>
          <div className="secret-row">
            <code className="secret" data-testid="secret-key">
              {revealed ? secret.data.secret_key : mask(secret.data.secret_key)}
            </code>
            <button
              type="button"
              className="btn btn-small"
              aria-pressed={revealed}
              onClick={() => setRevealed((r) => !r)}
            >
              <Icon name="eye" /> {revealed ? 'Hide' : 'Reveal'}
            </button>
            <button type="button" className="btn btn-small" onClick={copy}>
              <Icon name="copy" /> Copy
            </button>
            <span className="muted small" role="status">
              {copyState === 'copied'
                ? 'Copied'
                : copyState === 'failed'
                  ? 'Copy is not allowed here; select the key'
                  : ''}
            </span>
          </div>
          {secret.data.previous_secret_key_expires_at ? (
            <p className="notice">
              The previous key still signs <code>webhook-signature</code>, next to the new one, until{' '}
              {formatTime(secret.data.previous_secret_key_expires_at)}.
            </p>
          ) : null}
          <details className="verify">
            <summary>How to verify a send-out</summary>
            <p>
              The header <code>x-voucherify-signature</code> holds the hex HMAC-SHA256 of the raw request
              body, keyed with this secret. Compute it over the bytes you received, before parsing, and
              compare in constant time. The Standard Webhooks headers (<code>webhook-id</code>,{' '}
              <code>webhook-timestamp</code>, <code>webhook-signature</code>) are sent too.
            </p>
            <pre className="code">{SNIPPET}</pre>
          </details>
        </>
      ) : null}
      {confirming ? (
        <ConfirmDialog
          title="Regenerate the secret key?"
          confirmLabel="Regenerate"
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            secret.setData(
              await api<WebhookSecret>('POST', `/projects/${project.id}/webhook-secret/regenerate`),
            );
            setRevealed(true);
          }}
        >
          <p>
            A new key signs every send-out from now on. <code>x-voucherify-signature</code> uses only the new
            key, so update your receivers at once.
          </p>
          <p>
            For 24 hours, <code>webhook-signature</code> carries two signatures, one with the old key and one
            with the new, so that Standard Webhooks receivers keep verifying while you roll the new key out.
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

import { useId } from 'react';
import type { Project } from '../api';
import { SecretKey } from './SecretKey';
import { WebhooksSection } from './WebhooksPage';

/**
 * Project settings, laid out as in Voucherify's dashboard: a "General" tab whose Webhooks section lists the
 * endpoints, followed by the webhook secret key that signs their send-outs.
 */
export function ProjectSettings({ project }: { project: Project }) {
  const tabId = useId();
  const panelId = useId();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Project settings</h1>
        </div>
      </div>
      <div role="tablist" aria-label="Project settings" className="tabs">
        <button
          type="button"
          role="tab"
          id={tabId}
          aria-selected="true"
          aria-controls={panelId}
          className="tab tab-active"
        >
          General
        </button>
      </div>
      <div role="tabpanel" id={panelId} aria-labelledby={tabId}>
        <WebhooksSection project={project} />
        <SecretKey project={project} />
      </div>
    </>
  );
}

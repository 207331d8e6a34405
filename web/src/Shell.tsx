import { useEffect, useState } from 'react';
import { api, type CatalogEntry, type List, type Project, type Session } from './api';
import { ErrorBox, Loading, useAsync } from './components/ui';
import { AuditLog } from './pages/AuditLog';
import { ProjectSettings } from './pages/ProjectSettings';
import { WebhookForm } from './pages/WebhookForm';
import { navigate, paths, type Route, useRefreshKey } from './router';

/** The signed-in frame: brand, project switcher, navigation, sign-out, and the page of the route. */
export function Shell(props: { route: Route; session: Session; onSignedOut: () => void }) {
  const { route } = props;
  const refreshKey = useRefreshKey();
  const projects = useAsync(() => api<List<Project>>('GET', '/projects'), [refreshKey]);
  const catalog = useAsync(() => api<List<CatalogEntry>>('GET', '/webhook-events'), []);
  const [signOutError, setSignOutError] = useState<unknown>(null);

  const list = projects.data?.data ?? [];
  const projectId = 'projectId' in route ? route.projectId : list[0]?.id;
  const project = list.find((p) => p.id === projectId);

  useEffect(() => {
    if (route.name === 'home' && list[0]) navigate(paths.webhooks(list[0].id), { replace: true });
  }, [route.name, list]);

  const signOut = async () => {
    try {
      await api('DELETE', '/session');
      props.onSignedOut();
    } catch (e) {
      setSignOutError(e);
    }
  };

  const section = route.name === 'audit-log' ? 'audit' : 'settings';
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            V
          </span>
          Vouchsafe
        </div>
        {list.length > 1 ? (
          <div className="project-switcher">
            <label htmlFor="project-switcher">Project</label>
            <select
              id="project-switcher"
              value={projectId ?? ''}
              onChange={(e) =>
                navigate(
                  route.name === 'audit-log'
                    ? paths.auditLog(e.target.value)
                    : paths.webhooks(e.target.value),
                )
              }
            >
              {list.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        ) : project ? (
          <span className="project-name" title={project.id}>
            {project.name}
          </span>
        ) : null}
        <div className="topbar-end">
          <span className="muted small who" title="Signed in with this management key">
            {props.session.management_id}
          </span>
          <button type="button" className="btn btn-small" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      {projectId ? (
        <nav className="sidenav" aria-label="Sections">
          <a
            href={paths.webhooks(projectId)}
            aria-current={section === 'settings' ? 'page' : undefined}
            onClick={(e) => {
              e.preventDefault();
              navigate(paths.webhooks(projectId));
            }}
          >
            Project settings
          </a>
          <a
            href={paths.auditLog(projectId)}
            aria-current={section === 'audit' ? 'page' : undefined}
            onClick={(e) => {
              e.preventDefault();
              navigate(paths.auditLog(projectId));
            }}
          >
            Audit log
          </a>
        </nav>
      ) : null}
      <main id="main" className="content" tabIndex={-1}>
        <ErrorBox error={signOutError} />
        {projects.error ? (
          <ErrorBox error={projects.error} onRetry={projects.reload} />
        ) : catalog.error ? (
          <ErrorBox error={catalog.error} onRetry={catalog.reload} />
        ) : !projects.data || !catalog.data ? (
          <Loading />
        ) : !project ? (
          <ErrorBox error={new Error(`There is no project ${projectId ?? ''}`.trim())} />
        ) : (
          <Page route={route} project={project} catalog={catalog.data.data} />
        )}
      </main>
    </div>
  );
}

function Page({ route, project, catalog }: { route: Route; project: Project; catalog: CatalogEntry[] }) {
  switch (route.name) {
    case 'webhook-new':
      return <WebhookForm key="new" project={project} catalog={catalog} webhookId={null} />;
    case 'webhook-edit':
      return (
        <WebhookForm key={route.webhookId} project={project} catalog={catalog} webhookId={route.webhookId} />
      );
    case 'audit-log':
      return <AuditLog key={project.id} project={project} catalog={catalog} />;
    default:
      return <ProjectSettings key={project.id} project={project} />;
  }
}

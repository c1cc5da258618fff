/**
 * The console's pages, one row each: the navigation and the router both read this table, and a
 * page is only listed (and only rendered) for the roles it allows — the hub checks the same roles
 * on every API route. To add a page (e.g. the staff dashboards "Parc" and "Évaluation"):
 *
 *   { path: 'parc', label: 'nav.fleet', minRole: 'staff', Page: lazy(() => import('./dashboards/Fleet.tsx')) },
 *
 * where the module's default export is a component taking PageProps, and `nav.fleet` is added to
 * locales/fr.json and en.json. Rows without a label are reachable by link only (histories).
 */
import { lazy, type ComponentType } from 'react';
import type { Me, Role } from './api.ts';
import type { ConsoleKey } from './t.ts';
import { Queue } from './Queue.tsx';

export interface PageProps {
  me: Me;
  params: Record<string, string>;
  onMeChanged(me: Me): void;
}

export interface ConsoleRoute {
  /** Hash path pattern: "machines", "machines/:id/history". */
  path: string;
  /** Shown in the navigation when set. */
  label?: ConsoleKey;
  minRole: Role;
  Page: ComponentType<PageProps>;
}

export const routes: ConsoleRoute[] = [
  { path: 'queue', label: 'nav.queue', minRole: 'accompagnant', Page: Queue },
  { path: 'people', label: 'nav.people', minRole: 'accompagnant', Page: lazy(() => import('./people/PeoplePage.tsx')) },
  { path: 'machines', label: 'nav.machines', minRole: 'staff', Page: lazy(() => import('./pages/Machines.tsx')) },
  { path: 'beneficiaries', label: 'nav.beneficiaries', minRole: 'staff', Page: lazy(() => import('./pages/Beneficiaries.tsx')) },
  { path: 'loans', label: 'nav.loans', minRole: 'staff', Page: lazy(() => import('./pages/Loans.tsx')) },
  { path: 'accounts', label: 'nav.accounts', minRole: 'admin', Page: lazy(() => import('./pages/Accounts.tsx')) },
  { path: 'settings', label: 'nav.settings', minRole: 'staff', Page: lazy(() => import('./pages/Settings.tsx')) },
  { path: 'profile', minRole: 'accompagnant', Page: lazy(() => import('./pages/Profile.tsx')) },
  { path: 'machines/:id/history', minRole: 'accompagnant', Page: lazy(() => import('./pages/History.tsx')) },
  { path: 'beneficiaries/:id/history', minRole: 'accompagnant', Page: lazy(() => import('./pages/History.tsx')) },
  { path: 'parc', label: 'dashboards.nav.fleet', minRole: 'staff', Page: lazy(() => import('./dashboards/FleetRoute.tsx')) },
  { path: 'parc/:id', minRole: 'staff', Page: lazy(() => import('./dashboards/MachineRoute.tsx')) },
  { path: 'people/:id', minRole: 'accompagnant', Page: lazy(() => import('./people/PersonPage.tsx')) },
  { path: 'people/:id/access', minRole: 'accompagnant', Page: lazy(() => import('./people/AccessReport.tsx')) },
  { path: 'tiles', label: 'nav.tiles', minRole: 'accompagnant', Page: lazy(() => import('./tiles/TilesPage.tsx')) },
  { path: 'studio', label: 'nav.studio', minRole: 'accompagnant', Page: lazy(() => import('./studio/Studio.tsx')) },
  { path: 'journal', label: 'nav.webzine', minRole: 'accompagnant', Page: lazy(() => import('./webzine/Journal.tsx')) },
  { path: 'evaluation', label: 'dashboards.nav.evaluation', minRole: 'staff', Page: lazy(() => import('./dashboards/EvaluationRoute.tsx')) },
  { path: 'lessons', label: 'nav.lessons', minRole: 'staff', Page: lazy(() => import('./updates/LessonsPage.tsx')) },
  { path: 'updates', label: 'nav.updates', minRole: 'staff', Page: lazy(() => import('./updates/UpdatesPage.tsx')) },
];

export const DEFAULT_PATH = 'queue';

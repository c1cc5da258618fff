/** The dashboards' calls to the hub (staff routes of server/routes/reports-dashboards.ts), through the console's one client. */
import { API_PREFIX } from '../../../../app/protocol/hub.ts';
import type { EvaluationView, FleetView, MachineHistory } from '../../../../app/protocol/reports.ts';
import { call } from '../api.ts';

const get = <T>(path: string) => call<T>('GET', path);

export const dashboardApi = {
  fleet: (silentDays: number) => get<FleetView>(`/console/fleet?silentDays=${silentDays}`),
  history: (id: string, days = 365) => get<MachineHistory>(`/console/fleet/${encodeURIComponent(id)}/history?days=${days}`),
  evaluation: (from: string, to: string) => get<EvaluationView>(`/console/evaluation?from=${from}&to=${to}`),
};

export const downloadUrls = {
  glpiZip: `${API_PREFIX}/console/fleet/glpi.zip`,
  glpiMachine: (id: string) => `${API_PREFIX}/console/fleet/${encodeURIComponent(id)}/glpi.json`,
  evaluationCsv: (from: string, to: string, lang: string) => `${API_PREFIX}/console/evaluation.csv?from=${from}&to=${to}&lang=${lang === 'en' ? 'en' : 'fr'}`,
};

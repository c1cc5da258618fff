/**
 * The dashboards as console pages (default exports for the console's route table, server/console/src/routes.ts):
 *   #/parc          fleet
 *   #/parc/:id      one machine's history
 *   #/evaluation    evaluation
 */
import { navigate } from '../router.ts';
import type { PageProps } from '../routes.ts';
import { EvaluationPage } from './EvaluationPage.tsx';
import { FleetPage } from './FleetPage.tsx';
import { MachineHistoryPage } from './MachineHistoryPage.tsx';

export function FleetRoute(_props: PageProps) {
  return <FleetPage onOpenMachine={(id) => navigate(`parc/${encodeURIComponent(id)}`)} />;
}

export function MachineRoute({ params }: PageProps) {
  const id = params.id ?? '';
  return <MachineHistoryPage key={id} machineId={id} onBack={() => navigate('parc')} />;
}

export function EvaluationRoute(_props: PageProps) {
  return <EvaluationPage />;
}

/** The route × role rows of following each person (issue 12). */
import { hub, newBeneficiary, newMachine, newVisitor, newVoiceGoal, type Row } from './support.ts';

/** Issue 12: following each person; every helper of the association may. */
export const peopleRows: Row[] = [
  { method: 'GET', route: '/console/people', min: 'accompagnant', ok: 200, prepare: async () => ({ path: '/console/people' }) },
  { method: 'GET', route: '/console/people/:id', min: 'accompagnant', ok: 200, prepare: async () => ({ path: `/console/people/${await newBeneficiary()}` }) },
  {
    method: 'GET',
    route: '/console/people/:id/access-report',
    min: 'accompagnant',
    ok: 200,
    prepare: async () => ({ path: `/console/people/${await newVisitor()}/access-report` }),
  },
  {
    method: 'GET',
    route: '/console/people/:id/suggestions',
    min: 'accompagnant',
    ok: 200,
    prepare: async () => ({ path: `/console/people/${await newBeneficiary()}/suggestions` }),
  },
  {
    method: 'PUT',
    route: '/console/people/:id/path',
    min: 'accompagnant',
    ok: 200,
    prepare: async () => ({ path: `/console/people/${await newBeneficiary()}/path`, body: { lessons: ['souris-cliquer', 'souris-bouger'] } }),
  },
  {
    method: 'POST',
    route: '/console/people/:id/goals',
    min: 'accompagnant',
    ok: 201,
    prepare: async () => ({ path: `/console/people/${await newBeneficiary()}/goals`, body: { text: 'écrire à ma petite-fille' } }),
  },
  {
    method: 'POST',
    route: '/console/people/:id/goals/voice',
    min: 'accompagnant',
    ok: 201,
    prepare: async () => ({
      path: `/console/people/${await newBeneficiary()}/goals/voice`,
      body: Buffer.from('une note vocale'),
      headers: { 'content-type': 'audio/ogg', 'x-voice-duration-ms': '3000' },
    }),
  },
  {
    method: 'GET',
    route: '/console/people/:id/goals/:goalId/voice',
    min: 'accompagnant',
    ok: 200,
    prepare: async () => {
      const { person, goal } = await newVoiceGoal();
      return { path: `/console/people/${person}/goals/${goal}/voice` };
    },
  },
  {
    method: 'DELETE',
    route: '/console/people/:id/goals/:goalId',
    min: 'accompagnant',
    ok: 204,
    prepare: async () => {
      const { person, goal } = await newVoiceGoal();
      return { path: `/console/people/${person}/goals/${goal}` };
    },
  },
  {
    method: 'POST',
    route: '/console/people/:id/notes',
    min: 'accompagnant',
    ok: 201,
    prepare: async () => ({ path: `/console/people/${await newBeneficiary()}/notes`, body: { text: 'Aime les photos de famille.' } }),
  },
  {
    method: 'POST',
    route: '/console/people/:id/followups',
    min: 'accompagnant',
    ok: 201,
    prepare: async () => ({
      path: `/console/people/${await newBeneficiary()}/followups`,
      body: { kind: 'phone', day: '2026-11-02', durationMinutes: 20, done: 'Appel pour la souris', nextStep: 'Visite', nextDay: '2026-11-09' },
    }),
  },
  {
    method: 'PUT',
    route: '/console/people/:id/consent',
    min: 'accompagnant',
    ok: 200,
    prepare: async () => {
      const person = await newBeneficiary();
      const loan = await hub.store.register.createLoan(hub.seed.associationId, await newMachine(), person);
      if (!loan.ok) throw new Error(loan.reason);
      return { path: `/console/people/${person}/consent`, body: { granted: true } };
    },
  },
  { method: 'GET', route: '/console/followups/due', min: 'accompagnant', ok: 200, prepare: async () => ({ path: '/console/followups/due?today=2026-11-30' }) },
  {
    method: 'POST',
    route: '/console/visitors',
    min: 'accompagnant',
    ok: 201,
    prepare: async () => ({ path: '/console/visitors', body: { name: 'Momo', language: 'ar' } }),
  },
  {
    method: 'PATCH',
    route: '/console/visitors/:id',
    min: 'accompagnant',
    ok: 200,
    prepare: async () => ({ path: `/console/visitors/${await newVisitor()}`, body: { language: 'en' } }),
  },
  { method: 'POST', route: '/console/visitors/:id/card', min: 'accompagnant', ok: 201, prepare: async () => ({ path: `/console/visitors/${await newVisitor()}/card` }) },
  { method: 'DELETE', route: '/console/visitors/:id', min: 'accompagnant', ok: 204, prepare: async () => ({ path: `/console/visitors/${await newVisitor()}` }) },
  { method: 'GET', route: '/console/path-lessons', min: 'accompagnant', ok: 200, prepare: async () => ({ path: '/console/path-lessons' }) },
  { method: 'GET', route: '/console/path-lessons/:id/picture', min: 'accompagnant', ok: 200, prepare: async () => ({ path: '/console/path-lessons/souris-cliquer/picture' }) },
];

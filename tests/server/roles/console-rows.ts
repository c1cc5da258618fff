/** The route × role rows of the console's session, help queue, register, accounts, settings and reports. */
import { expect } from 'vitest';
import { accountIds, hub, machineOfRequest, newBeneficiary, newMachine, newRequest, passwords, unique, type Row } from './support.ts';

export const consoleRows: Row[] = [
  { method: 'GET', route: '/console/me', min: 'accompagnant', ok: 200, prepare: async () => ({ path: '/console/me' }) },
  { method: 'POST', route: '/console/logout', min: 'accompagnant', ok: 204, prepare: async () => ({ path: '/console/logout' }) },
  { method: 'PUT', route: '/console/me/duty', min: 'accompagnant', ok: 200, prepare: async () => ({ path: '/console/me/duty', body: { onDuty: true } }) },
  { method: 'PUT', route: '/console/me/first-name', min: 'accompagnant', ok: 200, prepare: async () => ({ path: '/console/me/first-name', body: { firstName: 'Marie' } }) },
  {
    method: 'PUT',
    route: '/console/me/photo',
    min: 'accompagnant',
    ok: 204,
    prepare: async () => ({ path: '/console/me/photo', body: { photo: 'data:image/png;base64,iVBORw0KGgo=' } }),
  },
  {
    method: 'POST',
    route: '/console/me/password',
    min: 'accompagnant',
    ok: 200,
    prepare: async (role) => {
      const next = `${passwords[role]}x`;
      const body = { currentPassword: passwords[role], newPassword: next };
      // Once the change succeeds, the next call must present the new password.
      return { path: '/console/me/password', body, onOk: () => (passwords[role] = next) };
    },
  },
  { method: 'GET', route: '/console/presence', min: 'accompagnant', ok: 200, prepare: async () => ({ path: '/console/presence' }) },
  { method: 'GET', route: '/console/helpers', min: 'accompagnant', ok: 200, prepare: async () => ({ path: '/console/helpers' }) },
  { method: 'GET', route: '/console/help-requests', min: 'accompagnant', ok: 200, prepare: async () => ({ path: '/console/help-requests' }) },
  { method: 'GET', route: '/console/help-requests/resolved', min: 'accompagnant', ok: 200, prepare: async () => ({ path: '/console/help-requests/resolved?days=7' }) },
  {
    method: 'GET',
    route: '/console/help-requests/:id',
    min: 'accompagnant',
    ok: 200,
    prepare: async () => ({ path: `/console/help-requests/${await newRequest()}` }),
  },
  {
    method: 'POST',
    route: '/console/help-requests/:id/actions',
    min: 'accompagnant',
    ok: 200,
    prepare: async () => ({ path: `/console/help-requests/${await newRequest()}/actions`, body: { action: 'claim' } }),
  },
  {
    method: 'POST',
    route: '/console/help-requests/:id/notes',
    min: 'accompagnant',
    ok: 201,
    prepare: async () => ({ path: `/console/help-requests/${await newRequest()}/notes`, body: { text: 'Rappelée, tout va bien.' } }),
  },
  {
    method: 'GET',
    route: '/console/help-requests/:id/voice',
    min: 'accompagnant',
    ok: 200,
    prepare: async () => {
      const id = await newRequest();
      const attached = await hub.store.help.attachVoice(machineOfRequest.get(id)!, id, { mimeType: 'audio/webm', durationMs: 1200, bytes: Buffer.from('voice') }, { maxBytesPerDay: 1e6 });
      expect(attached.ok).toBe(true);
      return { path: `/console/help-requests/${id}/voice` };
    },
  },
  {
    method: 'GET',
    route: '/console/help-requests/:id/files/:n',
    min: 'accompagnant',
    ok: 200,
    prepare: async () => {
      const id = await newRequest();
      const attached = await hub.store.help.attachFile(machineOfRequest.get(id)!, id, { name: 'facture.pdf', mimeType: 'application/pdf', bytes: Buffer.from('%PDF-1.4\n') }, { maxBytesPerDay: 1024 * 1024 });
      expect(attached.ok).toBe(true);
      return { path: `/console/help-requests/${id}/files/1` };
    },
  },
  { method: 'GET', route: '/console/accounts', min: 'admin', ok: 200, prepare: async () => ({ path: '/console/accounts' }) },
  {
    method: 'POST',
    route: '/console/accounts',
    min: 'admin',
    ok: 201,
    prepare: async () => ({ path: '/console/accounts', body: { email: `n${unique()}@asso.test`, firstName: 'Nina', role: 'accompagnant' } }),
  },
  {
    method: 'PATCH',
    route: '/console/accounts/:id',
    min: 'admin',
    ok: 200,
    prepare: async () => ({ path: `/console/accounts/${accountIds.accompagnant}`, body: { firstName: 'Aline' } }),
  },
  {
    method: 'POST',
    route: '/console/accounts/:id/password-reset',
    min: 'admin',
    ok: 200,
    prepare: async () => {
      const other = await hub.store.accounts.createAccount({
        associationId: hub.seed.associationId,
        email: `r${unique()}@asso.test`,
        firstName: 'Rémi',
        role: 'accompagnant',
        password: 'x'.repeat(12),
      });
      return { path: `/console/accounts/${other.id}/password-reset` };
    },
  },
  { method: 'GET', route: '/console/settings', min: 'staff', ok: 200, prepare: async () => ({ path: '/console/settings' }) },
  { method: 'PUT', route: '/console/settings', min: 'staff', ok: 200, prepare: async () => ({ path: '/console/settings', body: { helpPhone: '01 23 45 67 89' } }) },
  { method: 'GET', route: '/console/machines', min: 'staff', ok: 200, prepare: async () => ({ path: '/console/machines' }) },
  {
    method: 'POST',
    route: '/console/machines',
    min: 'staff',
    ok: 201,
    prepare: async () => ({ path: '/console/machines', body: { assetTag: `PC-${unique()}`, mode: 'kiosk', cohort: 'EHPAD Les Tilleuls' } }),
  },
  {
    method: 'PATCH',
    route: '/console/machines/:id',
    min: 'staff',
    ok: 200,
    prepare: async () => ({ path: `/console/machines/${await newMachine()}`, body: { cohort: 'home-2025' } }),
  },
  {
    method: 'POST',
    route: '/console/machines/:id/enrolment-code',
    min: 'staff',
    ok: 201,
    prepare: async () => ({ path: `/console/machines/${await newMachine()}/enrolment-code` }),
  },
  {
    method: 'POST',
    route: '/console/machines/:id/retire',
    min: 'staff',
    ok: 200,
    prepare: async () => ({ path: `/console/machines/${await newMachine()}/retire` }),
  },
  {
    method: 'GET',
    route: '/console/machines/:id/history',
    min: 'accompagnant',
    ok: 200,
    prepare: async () => ({ path: `/console/machines/${hub.seed.demoMachine.id}/history` }),
  },
  { method: 'GET', route: '/console/beneficiaries', min: 'staff', ok: 200, prepare: async () => ({ path: '/console/beneficiaries' }) },
  {
    method: 'POST',
    route: '/console/beneficiaries',
    min: 'staff',
    ok: 201,
    prepare: async () => ({ path: '/console/beneficiaries', body: { firstName: 'Odette', phone: '+33 6 11 22 33 44', language: 'fr' } }),
  },
  {
    method: 'PATCH',
    route: '/console/beneficiaries/:id',
    min: 'staff',
    ok: 200,
    prepare: async () => ({ path: `/console/beneficiaries/${await newBeneficiary()}`, body: { language: 'ar' } }),
  },
  {
    method: 'GET',
    route: '/console/beneficiaries/:id/history',
    min: 'accompagnant',
    ok: 200,
    prepare: async () => ({ path: `/console/beneficiaries/${await newBeneficiary()}/history` }),
  },
  { method: 'GET', route: '/console/loans', min: 'staff', ok: 200, prepare: async () => ({ path: '/console/loans?active=true' }) },
  {
    method: 'POST',
    route: '/console/loans',
    min: 'staff',
    ok: 201,
    prepare: async () => ({ path: '/console/loans', body: { machineId: await newMachine(), beneficiaryId: await newBeneficiary() } }),
  },
  { method: 'GET', route: '/console/fleet', min: 'staff', ok: 200, prepare: async () => ({ path: '/console/fleet' }) },
  {
    method: 'GET',
    route: '/console/fleet/:id/history',
    min: 'staff',
    ok: 200,
    prepare: async () => ({ path: `/console/fleet/${hub.seed.demoMachine.id}/history` }),
  },
  {
    method: 'GET',
    route: '/console/fleet/:id/glpi.json',
    min: 'staff',
    ok: 200,
    prepare: async () => ({ path: `/console/fleet/${hub.seed.demoMachine.id}/glpi.json` }),
  },
  { method: 'GET', route: '/console/fleet/glpi.zip', min: 'staff', ok: 200, prepare: async () => ({ path: '/console/fleet/glpi.zip' }) },
  { method: 'GET', route: '/console/evaluation', min: 'staff', ok: 200, prepare: async () => ({ path: '/console/evaluation' }) },
  { method: 'GET', route: '/console/evaluation.csv', min: 'staff', ok: 200, prepare: async () => ({ path: '/console/evaluation.csv' }) },
  {
    method: 'POST',
    route: '/console/loans/:id/end',
    min: 'staff',
    ok: 200,
    prepare: async () => {
      const loan = await hub.store.register.createLoan(hub.seed.associationId, await newMachine(), await newBeneficiary());
      if (!loan.ok) throw new Error(loan.reason);
      return { path: `/console/loans/${loan.loan.id}/end` };
    },
  },
];

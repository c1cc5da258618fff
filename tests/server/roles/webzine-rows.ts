/** The route × role rows of the webzine (issue 17). */
import { expect } from 'vitest';
import { EDITED, postStory, storyBody } from '../webzine-support.ts';
import { hub, machineToken, type Row } from './support.ts';

/** Issue 17: a story waiting in the webzine's queue; with `ready`, transcribed and placed in an issue. */
async function newStory(ready = false): Promise<string> {
  const body = storyBody();
  expect((await postStory(hub, machineToken, body)).statusCode).toBe(201);
  if (ready) {
    const issue = await hub.store.webzine.createIssue(hub.seed.associationId, 'Numéro des rôles');
    const edited = await hub.store.webzine.editStory(hub.seed.associationId, body.id as string, { ...EDITED, issue: issue.number });
    expect(edited.ok).toBe(true);
  }
  return body.id as string;
}
export const webzineRows: Row[] = [
  { method: 'GET', route: '/console/webzine/stories', min: 'accompagnant', ok: 200, prepare: async () => ({ path: '/console/webzine/stories?state=all' }) },
  { method: 'GET', route: '/console/webzine/stories/:id', min: 'accompagnant', ok: 200, prepare: async () => ({ path: `/console/webzine/stories/${await newStory()}` }) },
  {
    method: 'GET',
    route: '/console/webzine/stories/:id/media/:media',
    min: 'accompagnant',
    ok: 200,
    prepare: async () => ({ path: `/console/webzine/stories/${await newStory()}/media/photo` }),
  },
  {
    method: 'PATCH',
    route: '/console/webzine/stories/:id',
    min: 'accompagnant',
    ok: 200,
    prepare: async () => ({ path: `/console/webzine/stories/${await newStory()}`, body: { title: 'Le marché du samedi' } }),
  },
  { method: 'POST', route: '/console/webzine/stories/:id/publish', min: 'accompagnant', ok: 200, prepare: async () => ({ path: `/console/webzine/stories/${await newStory(true)}/publish` }) },
  {
    method: 'POST',
    route: '/console/webzine/stories/:id/decline',
    min: 'accompagnant',
    ok: 200,
    prepare: async () => ({ path: `/console/webzine/stories/${await newStory()}/decline`, body: { reason: 'hard_to_hear' } }),
  },
  { method: 'POST', route: '/console/webzine/stories/:id/withdraw', min: 'accompagnant', ok: 200, prepare: async () => ({ path: `/console/webzine/stories/${await newStory()}/withdraw` }) },
  { method: 'GET', route: '/console/webzine/issues', min: 'accompagnant', ok: 200, prepare: async () => ({ path: '/console/webzine/issues' }) },
  { method: 'POST', route: '/console/webzine/issues', min: 'accompagnant', ok: 201, prepare: async () => ({ path: '/console/webzine/issues', body: { title: 'Été' } }) },
  { method: 'POST', route: '/console/webzine/read-back', min: 'accompagnant', ok: 200, prepare: async () => ({ path: '/console/webzine/read-back', body: { text: 'Bonjour', language: 'fr' } }) },
];

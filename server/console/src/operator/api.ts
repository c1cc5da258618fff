/**
 * The operator's calls (issue 16): their own routes under /api/v1/operator, their own session cookie
 * and their own anti-forgery token, apart from an association's console session.
 */
import type { AssociationCreate, AssociationCreated, AssociationSummary, OperatorMe } from '../../../../app/protocol/operator.ts';
import { callOperator } from '../api.ts';

let csrfToken = '';
const call = <T>(method: string, path: string, body?: unknown): Promise<T> => callOperator<T>(csrfToken, method, path, body);

const signedIn = (me: OperatorMe): OperatorMe => {
  csrfToken = me.csrfToken;
  return me;
};

export const operatorApi = {
  me: () => call<OperatorMe>('GET', '/me').then(signedIn),
  login: (email: string, password: string) => call<OperatorMe>('POST', '/login', { email, password }).then(signedIn),
  logout: () => call<void>('POST', '/logout').finally(() => (csrfToken = '')),
  associations: () => call<AssociationSummary[]>('GET', '/associations'),
  createAssociation: (body: AssociationCreate) => call<AssociationCreated>('POST', '/associations', body),
};

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n.ts';
import './styles.css';
import { App } from './App.tsx';
import { OperatorApp } from './operator/OperatorApp.tsx';
import { useHashPath } from './router.ts';

/** The console of an association, or the operator's screen (#/operator, issue 16): two sessions apart. */
function Root() {
  const path = useHashPath();
  return path === 'operator' || path.startsWith('operator/') ? <OperatorApp /> : <App />;
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);

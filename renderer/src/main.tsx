import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n.ts';
import './styles.css';
import { App } from './App.tsx';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { DesktopWindow, desktopView } from './desktop/DesktopWindows.tsx';
import { takeCalls } from './call/useCall.ts';

// The shell, or one of the small windows of a home loan (Help button, pointer overlay).
const view = desktopView(location.search);
if (!view) takeCalls();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary>{view ? <DesktopWindow view={view} /> : <App />}</ErrorBoundary>
  </StrictMode>,
);

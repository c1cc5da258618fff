import { StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { setLanguage } from './i18n.ts';
import { firstLanguage } from './first-frame.ts';
import './styles.css';
import { App } from './App.tsx';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { desktopView } from './desktop/view.ts';
import { watchPointer } from './desktop/pointer-marks.ts';
import { takeCalls } from './call/phase.ts';
import { DesktopWindow } from './screens.ts';

// The shell, or one of the small windows of a home loan (Help button, pointer overlay).
const view = desktopView(location.search);
if (!view) takeCalls();
else if (view === 'pointer-overlay') watchPointer();

const render = () =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <ErrorBoundary>
        {view ? (
          <Suspense fallback={null}>
            <DesktopWindow view={view} />
          </Suspense>
        ) : (
          <App />
        )}
      </ErrorBoundary>
    </StrictMode>,
  );
// The first frame speaks the page's language (written by the host): its French strings are in this script; another
// language's strings are one local file away, fetched before the first frame rather than repainting it.
const language = firstLanguage(location.search);
if (language === 'fr') render();
else void setLanguage(language).then(render, render);

import { Component, type ReactNode } from 'react';
import i18next from 'i18next';
import { pictograms } from '../pictograms.ts';
import { speak } from '../speech.ts';

/** A beneficiary never sees a stack trace: a picture, a sentence spoken, and the way home or to help. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override componentDidCatch() {
    void speak(i18next.t('error.say'));
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <main className="screen screen--center" data-testid="error-screen">
        <img className="hero-picture" src={pictograms.sos} alt="" aria-hidden="true" />
        <h1 className="say">{i18next.t('error.title')}</h1>
        <button type="button" className="picture-button picture-button--large" onClick={() => location.reload()}>
          <img src={pictograms.home} alt="" aria-hidden="true" />
          <span>{i18next.t('nav.home')}</span>
        </button>
      </main>
    );
  }
}

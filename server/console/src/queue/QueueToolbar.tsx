/** The queue's views as tabs with their counts, the search, and the language and machine-mode filters. */
import { useId } from 'react';
import { Language } from '../../../../app/protocol/common.ts';
import { MachineMode } from '../../../../app/protocol/hub.ts';
import { useConsoleT } from '../t.ts';
import { OPEN_VIEWS, type OpenView, type QueueFilters, type QueueView } from './filter.ts';
import { Options } from '../ui.tsx';

type Props = {
  view: QueueView;
  counts: Record<OpenView, number>;
  filters: QueueFilters;
  onView(view: QueueView): void;
  onFilters(filters: QueueFilters): void;
};

export function QueueToolbar({ view, counts, filters, onView, onFilters }: Props) {
  const { t } = useConsoleT();
  const id = useId();
  return (
    <div className="queue-toolbar">
      <div className="views" role="group" aria-label={t('queue.views')}>
        {OPEN_VIEWS.map((v) => (
          <button key={v} type="button" className="view-tab" aria-pressed={view === v} onClick={() => onView(v)} data-testid={`view-${v}`}>
            {t(`queue.view_${v}`)} <span className="view-count">{counts[v]}</span>
          </button>
        ))}
        <button type="button" className="view-tab" aria-pressed={view === 'resolved'} onClick={() => onView('resolved')} data-testid="view-resolved">
          {t('queue.view_resolved')}
        </button>
      </div>
      <div className="filters">
        <label htmlFor={`${id}-search`} className="visually-hidden">
          {t('queue.search')}
        </label>
        <input
          id={`${id}-search`}
          type="search"
          placeholder={t('queue.searchPlaceholder')}
          value={filters.search}
          onChange={(e) => onFilters({ ...filters, search: e.target.value })}
          data-testid="queue-search"
        />
        <label htmlFor={`${id}-language`}>{t('queue.language')}</label>
        <select id={`${id}-language`} value={filters.language} onChange={(e) => onFilters({ ...filters, language: e.target.value as QueueFilters['language'] })} data-testid="filter-language">
          <option value="any">{t('queue.any')}</option>
          <Options values={Language.options} label={(l) => t(`languageName.${l}`)} />
        </select>
        <label htmlFor={`${id}-mode`}>{t('queue.mode')}</label>
        <select id={`${id}-mode`} value={filters.mode} onChange={(e) => onFilters({ ...filters, mode: e.target.value as QueueFilters['mode'] })} data-testid="filter-mode">
          <option value="any">{t('queue.anyMode')}</option>
          <Options values={MachineMode.options} label={(m) => t(`mode.${m}`)} />
        </select>
      </div>
    </div>
  );
}

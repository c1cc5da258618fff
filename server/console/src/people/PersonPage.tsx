/**
 * One person's page (issue 12): who they are and their computer's language, their consent, the path
 * chosen with them, their goals, their progress, the suivi log, notes and help requests; for a kiosk
 * visitor, their card. The page reloads when the hub says the person changed (a lesson finished on
 * their machine shows at once).
 */
import { useCallback, useEffect, useState } from 'react';
import { hasRole } from '../../../../app/protocol/hub.ts';
import { errorKey } from '../errors.ts';
import type { PageProps } from '../routes.ts';
import { useConsoleT } from '../t.ts';
import { Status } from '../ui.tsx';
import { peopleApi, type CatalogueLesson, type PersonDetail, type Suggestion } from './api.ts';
import { ConsentPanel } from './ConsentPanel.tsx';
import { Followups } from './Followups.tsx';
import { Goals } from './Goals.tsx';
import { HelpList, Notes } from './Notes.tsx';
import { PathEditor } from './PathEditor.tsx';
import { PersonHeader } from './PersonHeader.tsx';
import { onPersonChanged } from './personEvents.ts';
import { Progress } from './Progress.tsx';
import { usePeopleT } from './t.ts';
import { VisitorCard } from './VisitorCard.tsx';
import './people.css';

export default function PersonPage({ me, params }: PageProps) {
  const { t } = usePeopleT();
  const { t: ct } = useConsoleT();
  const personId = params.id ?? '';
  const [detail, setDetail] = useState<PersonDetail | null>(null);
  const [catalogue, setCatalogue] = useState<CatalogueLesson[]>([]);
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [gone, setGone] = useState(false);

  const reload = useCallback(async () => {
    try {
      const [d, s] = await Promise.all([peopleApi.detail(personId), peopleApi.suggestions(personId)]);
      setDetail(d);
      setSuggestions(s);
      setError(null);
    } catch (err) {
      if ((err as { status?: number }).status === 404) setGone(true);
      else setError(ct(errorKey(err)));
    }
  }, [personId, ct]);

  useEffect(() => {
    setDetail(null);
    setGone(false);
    void reload();
    void peopleApi.lessons().then(setCatalogue, () => setCatalogue([]));
    return onPersonChanged(personId, () => void reload());
  }, [personId, reload]);

  if (gone) {
    return (
      <main id="main" className="page people">
        <p>
          <a href="#/people">{t('person.back')}</a>
        </p>
        <p className="empty" data-testid="person-gone">
          {t('person.notFound')}
        </p>
      </main>
    );
  }
  if (!detail) {
    return (
      <main id="main" className="page people loading" aria-busy="true">
        {t('common.loading')}
        <Status error={error} />
      </main>
    );
  }
  const { person } = detail;
  const reloadNow = () => void reload();

  return (
    <main id="main" className="page people person" data-testid="person-page" data-person={person.id}>
      <p className="back">
        <a href="#/people">{t('person.back')}</a>
      </p>
      <PersonHeader detail={detail} canSetBeneficiaryLanguage={hasRole(me.role, 'staff')} onChanged={reloadNow} />
      <Status error={error} />
      <div className="person-columns">
        <div className="person-column">
          <PathEditor
            personId={person.id}
            path={detail.path}
            catalogue={catalogue}
            suggestions={suggestions}
            onSaved={(path) => {
              setDetail({ ...detail, path });
              void peopleApi.suggestions(person.id).then(setSuggestions, () => undefined);
            }}
          />
          <Goals personId={person.id} goals={detail.goals} onChanged={reloadNow} />
          <Progress attempts={detail.attempts} catalogue={catalogue} consented={detail.consent.state === 'granted'} />
        </div>
        <div className="person-column">
          <ConsentPanel personId={person.id} consent={detail.consent} onChanged={reloadNow} />
          {person.kind === 'visitor' && <VisitorCard person={person} onChanged={reloadNow} />}
          <Followups personId={person.id} followups={detail.followups} onSaved={reloadNow} />
          <Notes personId={person.id} notes={detail.notes} onSaved={reloadNow} />
          {person.kind === 'beneficiary' && <HelpList personId={person.id} requests={detail.help} />}
        </div>
      </div>
    </main>
  );
}

import { useEffect, useState } from 'react';
import type { MyFile } from '../../../app/tiles/my-files.ts';
import { bridge } from '../bridge.ts';

/** A photo's or document's content as a data: URL, read through the bridge when it is shown (issue 13). */
export function useFileData(file: MyFile | null): { dataUrl: string | null; failed: boolean } {
  const [state, setState] = useState<{ id: string; dataUrl: string | null; failed: boolean } | null>(null);
  const id = file?.id ?? null;
  useEffect(() => {
    if (!id) return;
    let live = true;
    void bridge.readMyFile({ id }).then(
      (answer) => live && setState({ id, dataUrl: answer.ok ? answer.dataUrl : null, failed: !answer.ok }),
      () => live && setState({ id, dataUrl: null, failed: true }),
    );
    return () => {
      live = false;
    };
  }, [id]);
  return state && state.id === id ? state : { dataUrl: null, failed: false };
}


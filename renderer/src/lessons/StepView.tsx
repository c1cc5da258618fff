/**
 * One step of a lesson on screen: the component for its kind. A new step kind is one line here
 * (and its component in steps/); the player around it does not change.
 */
import type { DisplayStep } from '../../../app/lessons/model.ts';
import { ChooseStep } from './steps/ChooseStep.tsx';
import { DragStep } from './steps/DragStep.tsx';
import { FindStep } from './steps/FindStep.tsx';
import { KeyStep, TypeStep } from './steps/KeyboardSteps.tsx';
import { ShowStep, WatchStep } from './steps/ListenSteps.tsx';
import { ClickStep, DoubleClickStep, PointStep } from './steps/PointerSteps.tsx';
import { ScrollStep } from './steps/ScrollStep.tsx';
import type { StepProps } from './types.ts';

export function StepView(props: StepProps<DisplayStep['kind']>) {
  const { step } = props;
  // Each branch narrows `step`; the other props are the same for every kind.
  switch (step.kind) {
    case 'show':
      return <ShowStep {...props} step={step} />;
    case 'watch':
      return <WatchStep {...props} step={step} />;
    case 'point':
      return <PointStep {...props} step={step} />;
    case 'click':
      return <ClickStep {...props} step={step} />;
    case 'double-click':
      return <DoubleClickStep {...props} step={step} />;
    case 'drag':
      return <DragStep {...props} step={step} />;
    case 'scroll':
      return <ScrollStep {...props} step={step} />;
    case 'type':
      return <TypeStep {...props} step={step} />;
    case 'key':
      return <KeyStep {...props} step={step} />;
    case 'choose':
      return <ChooseStep {...props} step={step} />;
    case 'find':
      return <FindStep {...props} step={step} />;
  }
}

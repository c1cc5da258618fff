import { EvaluationRoute } from './pages.tsx';

export default EvaluationRoute;

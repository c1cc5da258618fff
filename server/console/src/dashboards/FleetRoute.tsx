import { FleetRoute } from './pages.tsx';

export default FleetRoute;

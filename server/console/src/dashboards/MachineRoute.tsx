import { MachineRoute } from './pages.tsx';

export default MachineRoute;

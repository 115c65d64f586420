// Every trade-offs scenario at tiny scale: runs, claims evaluate, metrics equal the snapshot (see test/helpers/scenario-suite.ts).
import { describeTopic } from '../../helpers/scenario-suite.js';

await describeTopic('trade-offs');

// Every common-questions scenario at tiny scale: runs, claims evaluate, metrics equal the snapshot (see test/helpers/scenario-suite.ts).
import { describeTopic } from '../../helpers/scenario-suite.js';

await describeTopic('common-questions');

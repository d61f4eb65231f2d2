import type { Profile } from '../profiles';
import type { Scenario, ScenarioName } from '../results';
import { clusterScenario } from './cluster';
import { fanoutScenario } from './fanout';
import { historyScenario } from './history';
import { privacyScenario } from './privacy';
import { replayScenario } from './replay';
import { restartScenario } from './restart';
import { scaleScenario } from './scale';
import { searchScenario } from './search';
import { sendScenario } from './send';

export function scenarioFor(name: ScenarioName, profile: Profile): Scenario<unknown> {
  switch (name) {
    case 'send':
      return sendScenario(profile.send) as Scenario<unknown>;
    case 'fanout':
      return fanoutScenario(profile.fanout) as Scenario<unknown>;
    case 'history':
      return historyScenario(profile.history) as Scenario<unknown>;
    case 'replay':
      return replayScenario(profile.replay) as Scenario<unknown>;
    case 'scale':
      return scaleScenario(profile.scale) as Scenario<unknown>;
    case 'restart':
      return restartScenario(profile.restart) as Scenario<unknown>;
    case 'cluster':
      return clusterScenario(profile.cluster) as Scenario<unknown>;
    case 'search':
      return searchScenario(profile.search) as Scenario<unknown>;
    case 'privacy':
      return privacyScenario(profile.privacy) as Scenario<unknown>;
    default: {
      const _never: never = name;
      return _never;
    }
  }
}

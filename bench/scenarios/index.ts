import type { Profile } from '../profiles';
import type { Scenario, ScenarioName } from '../results';
import { fanoutScenario } from './fanout';
import { historyScenario } from './history';
import { replayScenario } from './replay';
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
    case 'search':
      return searchScenario(profile.search) as Scenario<unknown>;
    default: {
      const _never: never = name;
      return _never;
    }
  }
}

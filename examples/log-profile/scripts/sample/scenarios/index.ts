import type { Scenario } from '../context';
import type { FailureCategory } from '../types';
import { configurationErrorScenarios } from './configuration-error';
import { dataQualityScenarios } from './data-quality';
import { dependencyFailureScenarios } from './dependency-failure';
import { permissionErrorScenarios } from './permission-error';
import { resourceErrorScenarios } from './resource-error';
import { timeoutErrorScenarios } from './timeout-error';
import { unknownScenarios } from './unknown';

/** The failure scenarios of each category; a record's label is the category it was drawn from. */
export const SCENARIOS: Record<FailureCategory, readonly Scenario[]> = {
  resource_error: resourceErrorScenarios,
  data_quality: dataQualityScenarios,
  dependency_failure: dependencyFailureScenarios,
  configuration_error: configurationErrorScenarios,
  permission_error: permissionErrorScenarios,
  timeout_error: timeoutErrorScenarios,
  unknown: unknownScenarios,
};

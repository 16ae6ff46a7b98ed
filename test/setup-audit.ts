/**
 * Runs before every test file: responses of the ticket services a test registers are held to their
 * OpenAPI document (test/support/openapi-audit.ts); a test whose responses did not match fails.
 */
import { afterEach } from 'vitest';
import { installAudit, takeViolations } from './support/openapi-audit.ts';

installAudit();

afterEach(() => {
  const violations = takeViolations();
  if (violations.length > 0) throw new Error(`responses outside the service's OpenAPI document:\n${violations.join('\n')}`);
});

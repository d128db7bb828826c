import { ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldIssue } from '@neurograph/core';
import { ApiError } from './problem.js';

/** Every constraint a DTO broke, as dotted field paths (`signals.3.vector`). */
export function fieldIssues(errors: ValidationError[], parent = ''): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const [rule, message] of Object.entries(error.constraints ?? {})) {
      issues.push({ field, rule: rule === 'whitelistValidation' ? 'unknown' : rule, message: message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message.replace(/^property \S+ /, '') });
    }
    if (error.children?.length) issues.push(...fieldIssues(error.children, field));
  }
  return issues;
}

/** The one validation pipe: DTOs are transformed, unknown properties refused, and errors name each field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const issues = fieldIssues(errors);
      return new ApiError(400, 'VALIDATION_FAILED', `Invalid input: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, issues);
    },
  });
}

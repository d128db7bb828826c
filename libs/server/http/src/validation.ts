import { ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldIssue } from '@neurograph/core';
import { getMetadataStorage } from 'class-validator';
import { ApiError } from './problem.js';

type Rules = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>;

/**
 * class-validator rebuilds a class's list of rules, and their grouping by property, on every
 * validation, scanning every decorated class for inherited rules: about a third of what a small
 * request allocates. Rules change only when a decorator registers one, so each class's list and
 * grouping are kept until that happens.
 */
function cacheValidationRules(): void {
  const storage = getMetadataStorage();
  const compute = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  let lists = new Map<Parameters<typeof compute>[0], Map<string, Rules>>();
  let groupings = new WeakMap<Rules, ReturnType<typeof group>>();
  storage.addValidationMetadata = (metadata) => {
    lists = new Map();
    groupings = new WeakMap();
    add(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    if (groups && groups.length > 0) return compute(target, schema, always, strictGroups, groups);
    const key = `${schema}|${always}|${strictGroups}`;
    let byOptions = lists.get(target);
    if (!byOptions) lists.set(target, (byOptions = new Map()));
    let rules = byOptions.get(key);
    if (!rules) byOptions.set(key, (rules = compute(target, schema, always, strictGroups, groups)));
    return rules;
  };
  storage.groupByPropertyName = (rules) => {
    let grouped = groupings.get(rules);
    if (!grouped) groupings.set(rules, (grouped = group(rules)));
    return grouped;
  };
}
cacheValidationRules();

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

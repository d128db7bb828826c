export type ModuleErrorCode =
  | 'MODULE_NOT_FOUND'
  | 'MODULE_EXISTS'
  | 'MODULE_CANNOT_BE_DISABLED'
  | 'MODULE_DEPENDENCY'
  | 'MODULE_NOT_CONFIGURABLE'
  | 'MODULE_HOOK_FAILED'
  | 'CONFIG_INVALID'
  | 'DESCRIPTOR_INVALID'
  | 'PLUGIN_INCOMPATIBLE';

export interface ModuleIssue {
  field: string;
  rule: string;
  message: string;
}

/** Every refusal of the registry: a stable code for the API's problem documents, and the issues. */
export class ModuleError extends Error {
  override readonly name = 'ModuleError';
  constructor(
    readonly code: ModuleErrorCode,
    message: string,
    readonly issues: readonly ModuleIssue[] = [],
  ) {
    super(message);
  }
}

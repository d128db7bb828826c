import { existsSync, readFileSync } from 'node:fs';
import { DIMENSIONS } from '@neurograph/core';
import { createInterface } from 'node:readline';
import { UsageError } from './errors.js';


/** `0.1,0.2,…` → eight finite numbers. */
export function parseVector(text: string, option = '--vector'): number[] {
  const parts = text.split(',').map((part) => part.trim());
  const values = parts.map(Number);
  if (values.length !== DIMENSIONS || parts.some((part) => part === '') || values.some((value) => !Number.isFinite(value))) {
    throw new UsageError(`${option} needs ${DIMENSIONS} comma-separated numbers, got "${text}"`);
  }
  return values;
}

export function parseInteger(text: string, option: string, min = 0): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new UsageError(`${option} must be an integer ≥ ${min}, got "${text}"`);
  return value;
}

/** An argument that is either inline JSON or the path of a JSON file. */
export function jsonArgument(value: string, what: string): unknown {
  const inline = /^\s*[[{]/.test(value);
  if (!inline && !existsSync(value)) throw new UsageError(`${what}: "${value}" is neither JSON nor an existing file`);
  const text = inline ? value : readFileSync(value, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what}: ${inline ? 'invalid JSON' : `${value} is not valid JSON`} (${(error as Error).message})`);
  }
}

export function jsonObject(value: string, what: string): Record<string, unknown> {
  const parsed = jsonArgument(value, what);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UsageError(`${what} must be a JSON object`);
  return parsed as Record<string, unknown>;
}

/** One JSON object per non-empty line; every bad line is reported before anything is sent. */
export function readJsonl(path: string): { line: number; value: Record<string, unknown> }[] {
  const rows: { line: number; value: Record<string, unknown> }[] = [];
  const problems: string[] = [];
  readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .forEach((text, index) => {
      if (text.trim() === '') return;
      try {
        const value = JSON.parse(text) as unknown;
        if (typeof value !== 'object' || value === null || Array.isArray(value)) problems.push(`line ${index + 1}: not a JSON object`);
        else rows.push({ line: index + 1, value: value as Record<string, unknown> });
      } catch {
        problems.push(`line ${index + 1}: invalid JSON`);
      }
    });
  if (problems.length > 0) throw new UsageError(`${path}: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}`);
  return rows;
}

/** The password from a hidden prompt on a terminal, or the first line of piped stdin. */
export async function readSecret(prompt: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    const lines = createInterface({ input });
    for await (const line of lines) {
      lines.close();
      return line;
    }
    throw new UsageError('no password given (use --password, NEUROGRAPH_PASSWORD or pipe it on stdin)');
  }
  process.stderr.write(prompt);
  input.setRawMode(true);
  input.resume();
  let secret = '';
  try {
    for await (const chunk of input) {
      for (const char of String(chunk)) {
        if (char === '\r' || char === '\n') return secret;
        if (char === '\u0003') throw new UsageError('cancelled');
        if (char === '\u007f') secret = secret.slice(0, -1);
        else secret += char;
      }
    }
    return secret;
  } finally {
    input.setRawMode(false);
    input.pause();
    process.stderr.write('\n');
  }
}

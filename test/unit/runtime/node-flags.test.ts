import { describe, expect, it } from 'vitest';
import { GENERATOR_NODE_FLAGS, loadSettings, parseNodeFlags, runSpec, workerSpec } from '@loadfleet/config';
import { childExecArgv, flagName, missingNodeFlags } from '@loadfleet/runtime';

describe('generator V8 flags', () => {
  it('the worker and the local run default to the flags bench:worker measures with', () => {
    expect(GENERATOR_NODE_FLAGS).toEqual(['--max-semi-space-size=2']);
    expect(loadSettings(workerSpec, [], {}).settings.nodeFlags).toEqual(['--max-semi-space-size=2']);
    expect(loadSettings(runSpec, [], {}).settings.nodeFlags).toEqual(['--max-semi-space-size=2']);
  });

  it('are overridden by --node-flags or LOADFLEET_NODE_FLAGS; empty means Node defaults', () => {
    const flag = loadSettings(workerSpec, ['--node-flags=--max-semi-space-size=8 --stack-size=2000'], {});
    expect(flag.settings.nodeFlags).toEqual(['--max-semi-space-size=8', '--stack-size=2000']);
    expect(loadSettings(workerSpec, [], { LOADFLEET_NODE_FLAGS: '' }).settings.nodeFlags).toEqual([]);
    expect(loadSettings(runSpec, ['--node-flags='], {}).settings.nodeFlags).toEqual([]);
    expect(() => parseNodeFlags('max-semi-space-size=2')).toThrow(/not a --flag/);
    expect(() => parseNodeFlags('--a; rm -rf /')).toThrow(/not a --flag/);
  });

  it('a flag counts as set when the process has its option, from the command line or NODE_OPTIONS, at any value', () => {
    expect(flagName('--max_semi_space_size=4')).toBe('max-semi-space-size');
    const wanted = ['--max-semi-space-size=2', '--stack-size=900'];
    expect(missingNodeFlags(wanted, [], '')).toEqual(wanted);
    expect(missingNodeFlags(wanted, ['--max-semi-space-size=16'], '')).toEqual(['--stack-size=900']);
    expect(missingNodeFlags(wanted, ['--expose-gc'], '--stack-size=1000 --max_semi_space_size=1')).toEqual([]);
  });

  it("a child's execArgv is this process's own plus the flags it lacks", () => {
    expect(childExecArgv(['--max-semi-space-size=2'], ['--expose-gc'], '')).toEqual([
      '--expose-gc',
      '--max-semi-space-size=2',
    ]);
    expect(childExecArgv(['--max-semi-space-size=2'], ['--max-semi-space-size=4'], '')).toEqual([
      '--max-semi-space-size=4',
    ]);
  });
});

/*
 * Copyright 2026 The AI Golden Path Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

/**
 * Load generators for the API benches: autocannon and wrk as their own processes, runs taken
 * in turns across targets, medians of three, and the CPU the server spent per answer.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import type autocannon from 'autocannon';
import { row } from './model-catalog-common';

/** Where a load generator sends its requests. */
export interface LoadTarget {
  url: string;
  headers: Record<string, string>;
}

export interface LoadFigures {
  p50: number;
  p99: number;
  rps: number;
  errors: number;
  /**
   * CPU time of the server per answer: unlike latency, it barely depends on what else the
   * machine runs, so it compares a route with its baselines.
   */
  cpuUs: number;
}

/** The run with the median p99 of one target, its three p99s, and the median CPU per answer. */
export type MedianOfThree = LoadFigures & { p99Runs: number[] };

/** CPU time the server under load has used so far, in µs. */
export type CpuClock = () => number;

/** This process's main thread: the server's event loop when it runs in the bench itself. */
export const ownThreadCpu: CpuClock = () => {
  const usage = process.threadCpuUsage();
  return usage.user + usage.system;
};

const clockTicksPerSecond = Number(
  spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim() || 100,
);

/** All threads of another process (utime + stime from /proc/<pid>/stat). */
export function processCpu(pid: number): CpuClock {
  return () => {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name in brackets may hold spaces; the fields after it are plain.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks / clockTicksPerSecond) * 1e6;
  };
}

let generatorCpu: string[] = [];

/**
 * On a machine with two or more CPUs and `taskset`, the server runs on CPU 0 and the load
 * generators on CPU 1, so that they do not take turns on one core. `allThreads` pins every
 * thread of the server process (one started for the bench); without it only the main thread
 * (the event loop of the bench's own process, whose other threads may use both CPUs).
 * Call it after starting the other helper processes: children inherit CPU 0.
 */
export function pinServer(pid: number, allThreads: boolean): boolean {
  const pinned =
    os.cpus().length >= 2 &&
    spawnSync('taskset', [allThreads ? '-apc' : '-pc', '0', String(pid)])
      .status === 0;
  generatorCpu = pinned ? ['taskset', '-c', '1'] : [];
  return pinned;
}

/** For the bench's header line. */
export function placement(pinned: boolean): string {
  return pinned
    ? 'server on CPU 0, load generators in their own processes on CPU 1'
    : 'server and load generators share the CPUs (no taskset)';
}

/** Runs a command on the load generators' CPU; its standard output. */
function runGenerator(args: string[]): Promise<string> {
  const [command, ...rest] = [...generatorCpu, ...args];
  return new Promise<string>((resolve, reject) => {
    const child = spawn(command, rest, { stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    child.stdout.on('data', chunk => (text += chunk));
    child.on('error', reject);
    child.on('close', () => resolve(text));
  });
}

const autocannonCli = require.resolve('autocannon/autocannon.js');

/** autocannon's CLI in its own process, 100 connections by default. */
export async function autocannonLoad(
  target: LoadTarget,
  seconds: number,
  serverCpu: CpuClock,
  connections = 100,
): Promise<LoadFigures> {
  const args = [
    process.execPath,
    autocannonCli,
    '-j',
    '-c',
    String(connections),
    '-d',
    String(seconds),
  ];
  for (const [name, value] of Object.entries(target.headers))
    args.push('-H', `${name}=${value}`);
  args.push(target.url);
  const cpuBefore = serverCpu();
  const result = JSON.parse(await runGenerator(args)) as autocannon.Result;
  const cpu = serverCpu() - cpuBefore;
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.average,
    errors: result.errors + result.non2xx,
    cpuUs: cpu / Math.max(1, result.requests.total),
  };
}

/** wrk's latency figures ("99%   12.34ms") in milliseconds. */
function wrkMs(text: string, percentile: string): number {
  const match = new RegExp(
    `^\\s*${percentile}%\\s+([\\d.]+)(us|ms|s)\\b`,
    'm',
  ).exec(text);
  if (!match) return NaN;
  const factor = { us: 0.001, ms: 1, s: 1000 }[match[2] as 'us' | 'ms' | 's'];
  return Number(match[1]) * factor;
}

export const hasWrk = spawnSync('wrk', ['--version']).error === undefined;

/**
 * The same load from wrk, a separate C process, when it is installed: autocannon decodes every
 * body in JavaScript and shares the two CPUs with the server, so on a small machine it can be
 * the bottleneck itself (route and bare baseline then show the same requests/s). wrk costs
 * far less per request, which shows what the server can do.
 */
export async function wrkLoad(
  target: LoadTarget,
  seconds: number,
  serverCpu: CpuClock,
  connections = 100,
): Promise<LoadFigures> {
  const args = ['wrk', '-t1', `-c${connections}`, `-d${seconds}s`, '--latency'];
  for (const [name, value] of Object.entries(target.headers))
    args.push('-H', `${name}: ${value}`);
  args.push(target.url);
  const cpuBefore = serverCpu();
  const output = await runGenerator(args);
  const cpu = serverCpu() - cpuBefore;
  const total = /(\d+) requests in/.exec(output);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(output);
  return {
    p50: wrkMs(output, '50'),
    p99: wrkMs(output, '99'),
    rps: rps ? Number(rps[1]) : NaN,
    errors: non2xx ? Number(non2xx[1]) : 0,
    cpuUs: cpu / Math.max(1, total ? Number(total[1]) : 0),
  };
}

/**
 * Three runs per target, in turns (route, baseline, floor, route, ...), and for each target the
 * run with the median p99: on this kind of VM one 10-second run's p99 can double from one run to
 * the next, for the bare baseline too, and a slow minute of the machine then falls on every
 * target instead of on one of them. CPU per answer is the median of the three runs on its own;
 * errors are those of all three.
 */
export async function interleavedMedians(
  targets: LoadTarget[],
  measure: (target: LoadTarget) => Promise<LoadFigures>,
): Promise<MedianOfThree[]> {
  const runs: LoadFigures[][] = targets.map(() => []);
  for (let i = 0; i < 3; i++) {
    for (const [index, target] of targets.entries()) {
      runs[index].push(await measure(target));
    }
  }
  return runs.map(three => {
    const byP99 = [...three].sort((a, b) => a.p99 - b.p99);
    const cpuUs = three.map(run => run.cpuUs).sort((a, b) => a - b)[1];
    const errors = three.reduce((sum, run) => sum + run.errors, 0);
    return { ...byP99[1], cpuUs, errors, p99Runs: byP99.map(run => run.p99) };
  });
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;

/** A median-of-three load: its p99 with each run's, its req/s and its CPU per answer. */
export function printMedianOfThree(
  label: string,
  result: MedianOfThree,
  goal = '',
) {
  console.log(row(`${label}: p99 (median of 3)`, ms(result.p99), goal));
  console.log(
    row('      p99 of the three runs', result.p99Runs.map(ms).join(', ')),
  );
  console.log(
    row(
      '      requests/s, server CPU per answer',
      `${result.rps.toFixed(0)}, ${result.cpuUs.toFixed(0)} µs`,
    ),
  );
}

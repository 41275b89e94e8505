// tests/e2e/lib.mjs - what the Node.js tests share: running the leerwerk
// binary, and starting and stopping `leerwerk serve` on a free port.
import { execFileSync, spawn } from 'node:child_process';

// Runs `leerwerk ARGS`; throws with its stderr unless it exits 0.
export function run(bin, args, env) {
  try {
    execFileSync(bin, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    throw new Error(`leerwerk ${args.join(' ')} failed (${e.status}): ${e.stderr}`);
  }
}

// Starts `leerwerk serve` on 127.0.0.1 port 0 and resolves, once it says
// where it listens, to { child, host, port, base, log } (log: its stderr lines).
export function startServer(bin, env, threads) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['serve', '--listen', '127.0.0.1:0', '--threads', String(threads)], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const log = [];
    let buf = '';
    let started = false;
    const timer = setTimeout(() => {
      if (!started) {
        child.kill('SIGKILL');
        reject(new Error(`the server did not say where it listens in 60 s:\n${log.join('\n')}`));
      }
    }, 60_000);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      buf += chunk;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        log.push(line);
        if (log.length > 400) log.splice(0, log.length - 200);
        const m = /luistert op (http:\/\/([0-9.]+):(\d+))/.exec(line);
        if (m && !started) {
          started = true;
          clearTimeout(timer);
          resolve({ child, host: m[2], port: Number(m[3]), base: m[1], log });
        }
      }
    });
    child.on('exit', (code, signal) => {
      if (!started) {
        clearTimeout(timer);
        reject(new Error(`the server stopped before it listened (${code ?? signal}):\n${log.join('\n')}`));
      }
    });
  });
}

// Sends SIGTERM and resolves to { code, signal } when it exits (SIGKILL after 20 s).
export function stopServer(server) {
  return new Promise((resolve) => {
    const { child } = server;
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve({ code: child.exitCode, signal: child.signalCode });
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
    child.kill('SIGTERM');
  });
}

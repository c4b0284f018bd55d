// Preloaded into measured benchmark children: writes the process's peak RSS in KiB to fd 3.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  try {
    writeSync(3, `${process.resourceUsage().maxRSS}\n`);
  } catch {
    // fd 3 not open: not under the benchmark harness
  }
});

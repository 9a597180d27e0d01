import { type Browser, chromium } from 'playwright-core';
import { CHROMIUM } from './requirements.js';

/**
 * Debian's Chromium, headless, as this machine runs it: as root (no sandbox), and without the
 * background connections that a closed network refuses at every start.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

import { describe, expect, it } from 'vitest';
import { imageNodeOptions } from '../../bench/memory.js';

describe('memory bench runs its child as the Docker image runs the worker', () => {
  it("reads the image's NODE_OPTIONS, with the heap cap the README's memory figure depends on", () => {
    expect(imageNodeOptions()).toMatch(/--max-old-space-size=\d+/);
  });

  it('says what is missing when the Dockerfile has no NODE_OPTIONS line', () => {
    expect(() => imageNodeOptions('FROM node:26\nENTRYPOINT ["node", "dist/main.js"]\n')).toThrow(/Dockerfile: no ENV NODE_OPTIONS/);
  });
});

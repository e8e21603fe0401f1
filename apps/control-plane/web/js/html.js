// One place binding htm to Preact, so every view writes html`...` templates without a build step.
import { h } from 'preact';
import htm from 'htm';

export const html = htm.bind(h);

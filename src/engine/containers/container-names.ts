import { randomInt } from 'node:crypto';
import { conflict, invalidParameter } from '../../errors/index.js';

const validName = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** Docker's rule for a user-chosen container name; returns it with its leading slash. */
export function validateContainerName(name: string): string {
  const bare = name.startsWith('/') ? name.slice(1) : name;
  if (!validName.test(bare)) {
    throw invalidParameter(`Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
  }
  return `/${bare}`;
}

/** moby nameConflictError. */
export function nameConflict(name: string, holderId: string): Error {
  return conflict(
    `Conflict. The container name "${name}" is already in use by container "${holderId}". You have to remove (or rename) that container to be able to reuse that name.`,
  );
}

// Docker names unnamed containers `<adjective>_<scientist>`; these are Strata's own word lists.
const adjectives = [
  'admiring',
  'agile',
  'amazing',
  'bold',
  'brave',
  'calm',
  'clever',
  'cool',
  'curious',
  'daring',
  'eager',
  'elegant',
  'epic',
  'fervent',
  'focused',
  'gallant',
  'gentle',
  'happy',
  'hopeful',
  'jolly',
  'keen',
  'kind',
  'lucid',
  'modest',
  'nifty',
  'nimble',
  'optimistic',
  'patient',
  'quirky',
  'relaxed',
  'serene',
  'sharp',
  'steady',
  'sweet',
  'tender',
  'tidy',
  'upbeat',
  'vibrant',
  'wise',
  'zealous',
];
const scientists = [
  'agnesi',
  'archimedes',
  'babbage',
  'bohr',
  'cannon',
  'curie',
  'darwin',
  'dijkstra',
  'einstein',
  'euler',
  'faraday',
  'fermat',
  'feynman',
  'franklin',
  'galileo',
  'gauss',
  'goodall',
  'hamilton',
  'hopper',
  'hypatia',
  'johnson',
  'kepler',
  'knuth',
  'lamarr',
  'lovelace',
  'maxwell',
  'meitner',
  'mendel',
  'newton',
  'noether',
  'pasteur',
  'ramanujan',
  'ritchie',
  'shannon',
  'somerville',
  'tesla',
  'thompson',
  'turing',
  'volta',
  'wozniak',
];

/** A generated name; after the first try a digit is appended, as Docker does on retries. */
export function generateContainerName(attempt: number): string {
  const name = `${adjectives[randomInt(adjectives.length)]}_${scientists[randomInt(scientists.length)]}`;
  return attempt > 0 ? `${name}${randomInt(10)}` : name;
}

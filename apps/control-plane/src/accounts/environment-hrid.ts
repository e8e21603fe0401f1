/**
 * An environment's human-readable id (Gravitee's `hrid`, what a gateway's `environments:` setting names):
 * the slug of its name when it is created, kept when it is renamed, unique within its account.
 */
export function hridOf(name: string, taken: Iterable<string> = []): string {
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 64) || 'default';
  const used = new Set(taken);
  if (!used.has(slug)) return slug;
  for (let n = 2; ; n++) if (!used.has(`${slug}-${n}`)) return `${slug}-${n}`;
}

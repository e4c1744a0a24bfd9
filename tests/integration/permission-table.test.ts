import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOORS, doorName, type Door } from '@/lib/auth/permissions';
import type { TestDatabase } from '../helpers/database';
import { testDriver } from '../helpers/database';
import { freshDatabaseWithProgram } from '../helpers/program-database';
import { DOOR_CALLS } from './permission-table-calls';
import { PERSONAS, tableAllows } from '../helpers/permission-personas';
import { buildWorld, outcomeOf, seedCast, type Cast } from './permission-table-world';

/**
 * Walks the permission table (lib/auth/permissions.ts): each row bound to a service verb is
 * called as each of eight personas, each time on a fresh organization made by the factories, and
 * the verb must let through exactly the personas the row names. The HTTP side (pages, route
 * handlers, signed-in sessions) is walked by e2e/permission-table.spec.ts.
 */

const rowKey = (door: Door) => (door.kind === 'action' ? `${door.file}#${door.exportName}${door.intent ? `:${door.intent}` : ''}` : door.kind === 'route' ? `${door.method} ${door.file}` : `page ${door.file}`);
// The integrator API's doors take keys, not personas: tests/integration/api-key-matrix.test.ts walks them.
const bound = DOORS.filter((door) => door.verb !== null && !('apiKey' in door.who));

let database: TestDatabase;
let cast: Cast;
let programId: string;

beforeAll(async () => {
  const start = await freshDatabaseWithProgram();
  database = start.database;
  programId = start.programId;
  cast = await seedCast(database.db);
});

afterAll(async () => {
  await database?.close();
});

describe(`the permission table, door by door (${testDriver})`, () => {
  it('knows how to call every door bound to a verb', () => {
    expect(bound.map(rowKey).filter((key) => !DOOR_CALLS[key])).toEqual([]);
  });

  it.each(bound.map((door) => [doorName(door), door] as const))('%s', async (_name, door) => {
    const call = DOOR_CALLS[rowKey(door)];
    if (!call) return; // reported by the test above
    const disagreements: string[] = [];
    for (const persona of PERSONAS) {
      const world = await buildWorld(database.db, cast, programId, persona);
      const { outcome, detail } = await outcomeOf(call(world));
      const expected = tableAllows(door.who, persona) ? 'allowed' : 'refused';
      if (outcome !== expected) disagreements.push(`${persona}: the table says ${expected}, the verb ${outcome === 'allowed' ? 'let them through' : 'refused'} (${detail})`);
    }
    expect(disagreements, `${doorName(door)} — ${door.verb}`).toEqual([]);
  });
});

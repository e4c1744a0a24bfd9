import { freshDatabase } from './database';
import { seedUser } from './factories';
import { seedDefaultProgram } from './portal-factories';

/**
 * The start of most suites: a fresh database of their own, the default program, and a reviewer (who
 * issues the suite's seals; in the case suites, also the one who runs the cases).
 */
export async function freshDatabaseWithProgram({ reviewerName }: { reviewerName?: string } = {}) {
  const database = await freshDatabase();
  const programId = (await seedDefaultProgram(database.db)).id;
  const reviewer = await seedUser(database.db, { role: 'reviewer', name: reviewerName });
  return { database, programId, reviewer };
}
